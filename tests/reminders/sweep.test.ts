// The sweep on a real SQLite store with an injected clock and a fake Messenger: what each person's
// digest says on a given day, one digest a day at most, exactly once with concurrent sweeps, and
// recovery after a crash between claim and send.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { generateDemo } from '../../src/domain/demo.js';
import { computeObligations } from '../../src/domain/obligations.js';
import { TransientSendError, NotReachableError } from '../../src/services/messenger.js';
import { handleReminderAction } from '../../src/services/reminders/actions.js';
import { runSweep } from '../../src/services/reminders/sweep.js';
import type { CaseStore } from '../../src/store/port.js';
import { cardProblems } from '../support/cards.js';
import { cardActions, cardTexts, DAY_MS, depsOf, fakeMessenger, fakeTimeLimiter, isPlaceholder, MONDAY_8AM, smallService, tempStore, type FakeMessenger } from './support.js';

let t: ReturnType<typeof tempStore>;
let store: CaseStore;
let messenger: FakeMessenger;
const clock = { now: MONDAY_8AM };

beforeEach(async () => {
  t = tempStore();
  store = t.store;
  messenger = fakeMessenger();
  clock.now = MONDAY_8AM;
});
afterEach(async () => {
  await t.remove();
});

const deliveredTo = (m: FakeMessenger) =>
  m.sent.map((s) => `${s.personId} ${String((s.card as { body: Array<{ text?: string }> }).body[0]!.text).startsWith('Your team') ? 'manager-digest' : 'digest'}`).sort();
const linesOf = (m: FakeMessenger, personId: string, manager = false) =>
  m.sent
    .filter((s) => s.personId === personId && String((s.card as { body: Array<{ text?: string }> }).body[0]!.text).startsWith('Your team') === manager)
    .flatMap((s) => cardTexts(s.card).filter((x) => x.startsWith('**')));

describe('the digest of a small service on Monday 23 November 2026', () => {
  beforeEach(async () => {
    await store.importCaseFile(smallService());
  });

  it('sends each person one card with what is due soon and overdue, and the manager what is beyond the grace', async () => {
    const report = await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(report.today).toBe('2026-11-23');
    expect(deliveredTo(messenger)).toEqual(['p1 digest', 'p3 digest', 'p9 digest', 'p9 manager-digest']);
    for (const s of messenger.sent) expect(cardProblems(s.card)).toEqual([]);
    // By section (CMOOE, reviews, supervision, casework), overdue first (oldest first), then due soon;
    // case references and initials only.
    expect(linesOf(messenger, 'p1')).toEqual([
      '**Your supervision notes** are not yet shared with you',
      '**C-1001 (J.E.)**: Decide whether to assess',
      '**C-1003 (C.T.)**: Advice from Health', // an advice line names its agency
      '**C-1002 (R.S.)**: Decide whether to assess',
    ]);
    expect(linesOf(messenger, 'p3')).toEqual(['**C-1004 (M.C.)**: Fortnightly CMOOE case summary', '**C-1004 (M.C.)**: Fortnightly CMOOE case summary']);
    expect(linesOf(messenger, 'p9')).toEqual(['**Alex Reed**: Share supervision notes', '**Alex Reed**: Monthly supervision']);
    expect(linesOf(messenger, 'p9', true)).toEqual(['**C-1001 (J.E.)**: Decide whether to assess, for Alex Reed']);
    const p1 = cardTexts(messenger.sent.find((s) => s.personId === 'p1')!.card);
    // Every line says where its due date comes from.
    expect(p1).toContain('Due 2026-11-12: 6 weeks after the assessment request was received on 1 Oct 2026 · overdue by 11 days · PS 5.3');
    expect(p1).toContain('Due 2026-12-01: 6 weeks after the assessment request was received on 20 Oct 2026 · due in 8 days · PS 5.3');
    expect(p1).toContain('Due 2026-11-21: 6 weeks after advice was requested from Health on 10 Oct 2026 · overdue by 2 days · PS 5.17');
    // No child's name or date of birth anywhere in a card, or in the log.
    const everything = JSON.stringify(messenger.sent) + JSON.stringify(report);
    for (const secret of ['Jamie', 'Example', 'Robin', 'Casey', 'Morgan', '2014-03-02']) expect(everything).not.toContain(secret);
  });

  it('sends no second digest the same day, and on a later day only what is new plus the still-overdue count', async () => {
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(messenger.sent).toHaveLength(4);
    clock.now = MONDAY_8AM + 2 * 3600_000;
    const again = await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(messenger.sent).toHaveLength(4);
    expect(again.counts['already-sent']).toBe(4);

    // Tuesday: nothing newly due; p1 still has 3 overdue (announced Monday): a card with the count only.
    messenger.sent.length = 0;
    clock.now = MONDAY_8AM + DAY_MS;
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(linesOf(messenger, 'p1')).toEqual([]);
    expect(cardTexts(messenger.sent.find((s) => s.personId === 'p1')!.card)).toContain('Still overdue from earlier days: 3.');
    // Friday 27 Nov: C-1003's Health advice (due 21 Nov, 6 days) is now overdue by more than the 5-day
    // grace: to the owner's manager. C-1004's summary (due 19 Nov) was for the meeting of 26 Nov, which
    // has been held without it: missed, so no longer anyone's to do nor escalated (rules section 3).
    messenger.sent.length = 0;
    clock.now = MONDAY_8AM + 4 * DAY_MS;
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(linesOf(messenger, 'p9', true)).toEqual(['**C-1003 (C.T.)**: Advice from Health, for Alex Reed']);
  });

  it("keeps each person's register of announced lines to what still matters: a line done is dropped with the next card", async () => {
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    const p1 = async () => (await store.listAnnounced()).find((r) => r.register === 'digest' && r.recipientId === 'p1')!.lines;
    expect((await p1()).filter((k) => k.includes('C-1003'))).toHaveLength(1);
    // Health's advice for C-1003 arrives on Monday afternoon (recorded on the case).
    const c = (await store.getCase('C-1003'))!;
    await store.updateCase('C-1003', c.version, { adviceRequests: [{ ...c.case.adviceRequests[0]!, receivedOn: '2026-11-23' }] });
    clock.now = MONDAY_8AM + DAY_MS;
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect((await p1()).filter((k) => k.includes('C-1003'))).toEqual([]);
    expect((await p1()).filter((k) => k.includes('C-1001'))).toHaveLength(1);
  });

  it('sends nothing at the weekend', async () => {
    clock.now = MONDAY_8AM - 2 * DAY_MS; // Saturday
    const report = await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(report.skipped).toBe('weekend');
    expect(messenger.sent).toEqual([]);
  });

  it('a dry run claims and sends nothing and says who would get what', async () => {
    const report = await runSweep(depsOf(store, undefined, clock), { dryRun: true });
    expect(report.deliveries.map((d) => `${d.recipientId} ${d.card} ${d.status} ${d.lines.length}`).sort()).toEqual([
      'p1 digest would-send 4',
      'p3 digest would-send 2',
      'p9 digest would-send 2',
      'p9 manager-digest would-send 1',
    ]);
    expect(await store.listCards('')).toEqual([]);
  });

  it('a crash after the claim is recovered by the next sweep once the claim is stale: sent once, nothing dropped', async () => {
    messenger.failWith = (personId) => (personId === 'p1' ? new Error('process killed') : null);
    const first = await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(first.counts.failed).toBe(1);
    expect(deliveredTo(messenger)).toEqual(['p3 digest', 'p9 digest', 'p9 manager-digest']);
    messenger.failWith = null;
    // A minute later the claim may still be in progress elsewhere: left alone.
    clock.now = MONDAY_8AM + 60_000;
    const soon = await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(soon.counts['in-progress']).toBe(1);
    expect(messenger.sent).toHaveLength(3);
    // Twenty minutes later (the schedule's next run) it is taken over and sent, with the same lines.
    clock.now = MONDAY_8AM + 20 * 60_000;
    const later = await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(later.deliveries.filter((d) => d.status === 'sent').map((d) => [d.recipientId, d.key, d.recovered])).toEqual([['p1', 'digest/2026-11-23/p1', true]]);
    expect(linesOf(messenger, 'p1')).toHaveLength(4);
    expect(messenger.sent.filter((s) => s.personId === 'p1')).toHaveLength(1);
    expect(await store.listUnsettledCards()).toEqual([]);
    // And never again that day.
    clock.now = MONDAY_8AM + 40 * 60_000;
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(messenger.sent.filter((s) => s.personId === 'p1')).toHaveLength(1);
  });

  it("a crash on one day is carried into the next day's digest", async () => {
    messenger.failWith = (personId) => (personId === 'p3' ? new Error('process killed') : null);
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    messenger.failWith = null;
    messenger.sent.length = 0;
    clock.now = MONDAY_8AM + DAY_MS;
    const tuesday = await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(linesOf(messenger, 'p3')).toHaveLength(2);
    expect(tuesday.deliveries.find((d) => d.recipientId === 'p3')!.lines.every((l) => l.carried)).toBe(true);
    expect(await store.listUnsettledCards()).toEqual([]);
    expect((await store.listCards('digest/2026-11-23/p3'))[0]!.state).toBe('superseded');
  });

  it('a store write failing for one person fails only their card, and the next sweep sends it once', async () => {
    let broken = true;
    const flaky = new Proxy(store, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (prop === 'updateCards') {
          return async (updates: Parameters<CaseStore['updateCards']>[0]) => {
            if (broken && updates.some((u) => u.key.endsWith('/p3') && u.state === 'posted')) throw new Error('database is locked');
            return target.updateCards(updates);
          };
        }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const first = await runSweep(depsOf(flaky, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(first.deliveries.filter((d) => d.status === 'failed').map((d) => [d.recipientId, d.error])).toEqual([['p3', 'database is locked']]);
    expect(deliveredTo({ ...messenger, sent: messenger.sent.filter((x) => !isPlaceholder(x)) })).toEqual(['p1 digest', 'p9 digest', 'p9 manager-digest']);
    broken = false;
    clock.now = MONDAY_8AM + 20 * 60_000;
    await runSweep(depsOf(flaky, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(linesOf(messenger, 'p3')).toHaveLength(2);
    // Four cards. The placeholder posted before the failed write is left behind, a heading with no card
    // under it (the place it was posted to was never recorded, so it cannot be filled in): never a second card.
    expect(messenger.sent.filter((x) => !isPlaceholder(x))).toHaveLength(4);
    expect(messenger.sent.filter(isPlaceholder).map((x) => x.personId)).toEqual(['p3']);
  });

  it('backs off on 429 with Retry-After and on 502, then sends each card once', async () => {
    messenger.failWith = (_p, attempt) => (attempt === 1 ? new TransientSendError('429', 2000) : attempt === 3 ? new TransientSendError('502') : null);
    const limiter = fakeTimeLimiter();
    const report = await runSweep(depsOf(store, messenger, clock), { limiter, concurrency: 1 });
    expect(report.counts.sent).toBe(4);
    expect(messenger.sent).toHaveLength(4);
    expect(limiter.stats.retries).toBe(2);
    expect(limiter.sleeps).toContain(2000); // waited the Retry-After
    expect(limiter.stats.throttledMs).toBeGreaterThanOrEqual(2000 + 1000);
  });

  it('a person the bot cannot reach is counted, tried again on the next run, and then gets the card once', async () => {
    messenger.failWith = (personId) => (personId === 'p3' ? new NotReachableError('p3') : null);
    const report = await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(report.counts.unreachable).toBe(1);
    clock.now = MONDAY_8AM + 20 * 60_000;
    const still = await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(still.counts.unreachable).toBe(1);
    messenger.failWith = null;
    clock.now = MONDAY_8AM + 40 * 60_000;
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(linesOf(messenger, 'p3')).toHaveLength(2);
    clock.now = MONDAY_8AM + DAY_MS;
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(messenger.sent.filter((s) => s.personId === 'p3').flatMap((s) => cardTexts(s.card).filter((x) => x.startsWith('**')))).toHaveLength(2);
  });
});

describe('a demo service', () => {
  it('on Monday 23 November 2026 everyone with open work gets one digest listing exactly it (at most 15 lines, then a count)', async () => {
    const today = '2026-11-23';
    await store.importCaseFile(generateDemo({ cases: 300, seed: 1, today }));
    const report = await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    const file = await store.exportCaseFile();
    const open = computeObligations(file, { today, now: new Date(clock.now).toISOString() }).filter((o) => o.status === 'overdue' || o.status === 'due-soon');
    const alex = file.people.find((p) => p.email === 'alexw@example.com')!;
    const alexOpen = open.filter((o) => o.ownerId === alex.id);
    expect(alexOpen.length).toBeGreaterThan(0);
    const alexCards = messenger.sent.filter((s) => s.personId === alex.id);
    expect(alexCards).toHaveLength(1);
    const delivery = report.deliveries.find((d) => d.recipientId === alex.id && d.card === 'digest')!;
    expect(delivery.lines.map((l) => `${l.caseId} ${l.kind} ${l.due}`).sort()).toEqual(alexOpen.map((o) => `${o.caseId} ${o.kind} ${o.due}`).sort());
    const shown = cardTexts(alexCards[0]!.card).filter((x) => /^\*\*C-\d+/.test(x));
    expect(shown).toHaveLength(Math.min(15, alexOpen.length));
    if (alexOpen.length > 15) expect(cardTexts(alexCards[0]!.card)).toContain(`…and ${alexOpen.length - 15} more. Open the tab to see them all.`);
    // One digest per person with open work; every card valid.
    const owners = new Set(open.map((o) => o.ownerId).filter((x): x is string => x !== null));
    const digests = messenger.sent.filter((s) => !String((s.card as { body: Array<{ text?: string }> }).body[0]!.text).startsWith('Your team'));
    for (const o of owners) expect(digests.filter((s) => s.personId === o)).toHaveLength(1);
    for (const s of messenger.sent) expect(cardProblems(s.card)).toEqual([]);
  });
});

describe('concurrent sweeps', () => {
  it('two sweeps at once, on two connections to the same database, send each reminder once', async () => {
    const today = '2026-11-23';
    await store.importCaseFile(generateDemo({ cases: 150, seed: 3, today }));
    const other = t.open();
    messenger.delayMs = 2;
    const [a, b] = await Promise.all([runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() }), runSweep(depsOf(other, messenger, clock), { limiter: fakeTimeLimiter() })]);
    const recipients = messenger.sent.map((s) => `${s.personId}|${String((s.card as { title?: string; body: Array<{ text?: string }> }).body[0]!.text).slice(0, 9)}`);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(a.counts.sent + b.counts.sent).toBe(messenger.sent.length);
    expect(messenger.sent.length).toBeGreaterThan(5);
    // Every card claimed once and sent; nothing left unsettled.
    expect(await store.listUnsettledCards()).toEqual([]);
    // Each person's card lists exactly their open obligations (overdue and due soon) of the day.
    const file = await store.exportCaseFile();
    const open = computeObligations(file, { today, now: new Date(clock.now).toISOString() }).filter((o) => o.status === 'overdue' || o.status === 'due-soon');
    const announced = (await store.listAnnounced()).filter((r) => r.register === 'digest').flatMap((r) => r.lines);
    const expected = open.length + open.filter((o) => o.kind === 'supervision-notes' && o.personId !== o.ownerId).length;
    expect(announced).toHaveLength(expected);
  });
});

describe('the card buttons', () => {
  beforeEach(async () => {
    await store.importCaseFile(smallService());
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
  });

  it('mark done records the completion on the case and refreshes the card with the line done', async () => {
    const card = messenger.sent.find((s) => s.personId === 'p1')!.card;
    const done = cardActions(card).find((a) => a.verb === 'reminder.done' && a.data.caseId === 'C-1003')!;
    clock.now = MONDAY_8AM + 3600_000;
    const alex = (await store.getPerson('p1'))!;
    const answer = await handleReminderAction(depsOf(store, messenger, clock), alex, done.verb, done.data);
    expect(answer.kind).toBe('card');
    const refreshed = answer.card;
    expect(cardProblems(refreshed)).toEqual([]);
    expect((await store.getCase('C-1003'))!.case.adviceRequests[0]!.receivedOn).toBe('2026-11-23');
    const texts = cardTexts(refreshed);
    expect(texts.some((x) => x.startsWith('Recorded: Advice from Health for C-1003'))).toBe(true);
    expect(texts).toContain('Due 2026-11-21: 6 weeks after advice was requested from Health on 10 Oct 2026 · Done: recorded on 2026-11-23 · PS 5.17');
    expect(texts.filter((x) => x.startsWith('**'))).toHaveLength(4); // the same lines, refreshed in place
    expect(cardActions(refreshed).filter((a) => a.data.caseId === 'C-1003')).toEqual([]);
  });

  it('snooze leaves the item out until the snooze is over, then it comes back once', async () => {
    const card = messenger.sent.find((s) => s.personId === 'p1')!.card;
    const snooze = cardActions(card).find((a) => a.verb === 'reminder.snooze' && a.data.caseId === 'C-1002')!;
    const alex = (await store.getPerson('p1'))!;
    const refreshed = (await handleReminderAction(depsOf(store, messenger, clock), alex, snooze.verb, snooze.data)).card;
    expect(cardProblems(refreshed)).toEqual([]);
    expect(cardTexts(refreshed)).toContain('Due 2026-12-01: 6 weeks after the assessment request was received on 20 Oct 2026 · Snoozed: back on 2026-11-26 · PS 5.3');
    // Thursday 26 Nov: back, announced again once.
    messenger.sent.length = 0;
    clock.now = MONDAY_8AM + 3 * DAY_MS;
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(linesOf(messenger, 'p1')).toEqual(['**C-1002 (R.S.)**: Decide whether to assess']);
    messenger.sent.length = 0;
    clock.now = MONDAY_8AM + 4 * DAY_MS;
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    expect(linesOf(messenger, 'p1')).toEqual([]);
  });

  it('a person who may not see the case cannot act on it; kinds that need a form answer with the form', async () => {
    const card = messenger.sent.find((s) => s.personId === 'p1')!.card;
    const done = cardActions(card).find((a) => a.verb === 'reminder.done' && a.data.caseId === 'C-1003')!;
    const pat = (await store.getPerson('p20'))!;
    // Refusals are said in a message; the card that was pressed stays as it was.
    const refused = await handleReminderAction(depsOf(store, messenger, clock), pat, done.verb, done.data);
    expect(refused.kind).toBe('message');
    expect(cardTexts(refused.card)[0]).toBe('You cannot act on C-1003');
    expect((await store.getCase('C-1003'))!.case.adviceRequests[0]!.receivedOn).toBeNull();

    const jo = (await store.getPerson('p3'))!;
    const p3card = messenger.sent.find((s) => s.personId === 'p3')!.card;
    expect(
      cardActions(p3card)
        .filter((a) => a.verb === 'form.summary')
        .map((a) => a.data),
    ).toEqual([{ caseId: 'C-1004' }, { caseId: 'C-1004' }]);
    const summaryKey = cardActions(p3card).find((a) => a.verb === 'reminder.snooze')!.data.key as string;
    const answer = await handleReminderAction(depsOf(store, messenger, clock), jo, 'reminder.done', { key: summaryKey, caseId: 'C-1004', card: 'digest', day: '2026-11-23' });
    expect(answer.kind).toBe('message');
    expect(cardProblems(answer.card)).toEqual([]);
    expect(cardActions(answer.card)).toEqual([{ verb: 'form.summary', title: 'Write the summary', data: { caseId: 'C-1004' } }]);

    const bad = await handleReminderAction(depsOf(store, messenger, clock), jo, 'reminder.snooze', { key: summaryKey, days: 'three' });
    expect(bad.kind).toBe('message');
    expect(cardTexts(bad.card).join(' ')).toMatch(/days/);
  });
});
