// Through the bot: a digest card's buttons arrive as Action.Execute invokes and come back as the
// refreshed card (the bot routes reminder.* verbs to handleReminderAction; form.* opens its forms).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { handleReminderAction } from '../../src/services/reminders/actions.js';
import { runSweep } from '../../src/services/reminders/sweep.js';
import { cardProblems } from '../support/cards.js';
import { AAD, activity, cardText, NOON_23_NOV, turn, world, type World } from '../bot/support.js';
import { cardActions, fakeMessenger, fakeTimeLimiter } from './support.js';

let w: World;
const messenger = fakeMessenger();

beforeEach(async () => {
  w = await world({ reminderAction: handleReminderAction });
  messenger.sent.length = 0;
  w.setNow(NOON_23_NOV);
  await runSweep({ ...w.deps, messenger }, { limiter: fakeTimeLimiter() });
});
afterEach(async () => {
  await w.close();
});

const invoke = (aad: string, verb: string, data: Record<string, unknown>) =>
  activity(aad, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } });

function invokeCard(replies: Awaited<ReturnType<typeof turn>>): Record<string, unknown> {
  return (replies.find((r) => r.type === 'invokeResponse')!.value as { body: { value: Record<string, unknown> } }).body.value;
}

describe('digest buttons through the bot', () => {
  it("snooze on Alex Wilber's digest: the refreshed card shows the line snoozed", async () => {
    const digest = messenger.sent.find((s) => s.personId === 'p1')!.card;
    const snooze = cardActions(digest).find((a) => a.verb === 'reminder.snooze' && a.data.caseId === 'C-1002')!;
    const card = invokeCard(await turn(w.bot, invoke(AAD.alex, snooze.verb, snooze.data)));
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('Snoozed: back on 2026-11-26');
    expect(cardText(card)).toContain('C-1001');
    expect(await w.store.listSnoozes('p1', '2026-11-24')).toEqual(new Map([[snooze.data.key as string, '2026-11-25']]));
  });

  it('the form button on a CMOOE summary line opens the summary form for the inclusion lead', async () => {
    const digest = messenger.sent.find((s) => s.personId === 'p2')!.card;
    const form = cardActions(digest).find((a) => a.verb === 'form.summary')!;
    const card = invokeCard(await turn(w.bot, invoke(AAD.megan, form.verb, form.data)));
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toMatch(/summary/i);
  });

  it("someone from another team pressing Alex's button is refused in a message, the card stays as it was, nothing changes", async () => {
    const digest = messenger.sent.find((s) => s.personId === 'p1')!.card;
    const snooze = cardActions(digest).find((a) => a.verb === 'reminder.snooze')!;
    const replies = await turn(w.bot, invoke(AAD.south, snooze.verb, snooze.data));
    // The invoke answers with a message (Teams leaves the card as it was), and the refusal comes as a card in the chat.
    const response = replies.find((r) => r.type === 'invokeResponse')!.value as { body: { type: string; value: unknown } };
    expect(response.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(response.body.value).toMatch(/You cannot act on C-/);
    const message = replies.find((r) => r.type === 'message')!;
    const card = message.attachments![0]!.content as Record<string, unknown>;
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('You cannot act on');
    expect(cardText(card)).not.toContain('standards');
    expect(await w.store.listSnoozes('p5', '2026-11-23')).toEqual(new Map());
  });

  it('a form button the person may not use is refused in a message and the digest stays', async () => {
    // Alex is no inclusion lead: the summary form for C-1001 (Megan's) is refused.
    const replies = await turn(w.bot, invoke(AAD.alex, 'form.summary', { caseId: 'C-1001' }));
    const response = replies.find((r) => r.type === 'invokeResponse')!.value as { body: { type: string } };
    expect(response.body.type).toBe('application/vnd.microsoft.activity.message');
    const message = replies.find((r) => r.type === 'message')!;
    expect(cardText(message.attachments![0]!.content)).toContain('You cannot write the summary for C-1001');
  });
});
