// Actions agreed at meetings in the reminders (docs/rules.md sections 5 and 10): each open action is on
// its owner's digest, in its own section, naming the action and the meeting; it is escalated like any
// other; its buttons snooze it or say where it is closed. On a real SQLite store with the real sweep.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { caseFileSchema } from '../../src/domain/model.js';
import { handleReminderAction } from '../../src/services/reminders/actions.js';
import { runSweep } from '../../src/services/reminders/sweep.js';
import type { CaseStore } from '../../src/store/port.js';
import { cardProblems } from '../support/cards.js';
import { cardActions, cardTexts, DAY_MS, depsOf, fakeMessenger, fakeTimeLimiter, MONDAY_8AM, smallService, tempStore, type FakeMessenger } from './support.js';

let t: ReturnType<typeof tempStore>;
let store: CaseStore;
let messenger: FakeMessenger;
const clock = { now: MONDAY_8AM };

beforeEach(async () => {
  t = tempStore();
  store = t.store;
  messenger = fakeMessenger();
  clock.now = MONDAY_8AM;
  const file = smallService();
  // Agreed at the CMOOE meeting of 12 Nov for C-1004, owned by Jo (p3), due Fri 20 Nov: overdue by 3
  // days on Monday 23 Nov; one closed; and one of the weekly meeting, for no case, owned by Sam (p9).
  await store.importCaseFile(
    caseFileSchema.parse({
      ...file,
      meetingSeries: [...file.meetingSeries, { id: 'weekly', title: 'Weekly team manager meeting', firstMeetingOn: '2026-11-02', everyDays: 7 }],
      actions: [
        { id: 'A-1', seriesId: 'cmooe', meetingOn: '2026-11-12', caseId: 'C-1004', text: 'Chase the tuition provider', ownerId: 'p3', dueOn: '2026-11-20', closedOn: null },
        { id: 'A-2', seriesId: 'cmooe', meetingOn: '2026-11-12', caseId: 'C-1004', text: 'Call the family', ownerId: 'p3', dueOn: '2026-11-19', closedOn: '2026-11-18', closedNote: 'Called' },
        { id: 'W-1', seriesId: 'weekly', meetingOn: '2026-11-16', caseId: null, text: 'Cover the North caseload', ownerId: 'p9', dueOn: '2026-11-27', closedOn: null },
      ],
    }),
  );
});
afterEach(async () => {
  await t.remove();
});

const cardOf = (m: FakeMessenger, personId: string) => m.sent.find((s) => s.personId === personId && !String(JSON.stringify(s.card)).includes("Your team's overdue work"))!.card;

describe('actions agreed at meetings in the digests', () => {
  it("are on their owner's digest, in their own section, naming the action and the meeting; closed ones are not", async () => {
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    const jo = cardTexts(cardOf(messenger, 'p3'));
    expect(cardProblems(cardOf(messenger, 'p3'))).toEqual([]);
    const at = jo.indexOf('Actions from meetings');
    expect(at).toBeGreaterThan(-1);
    expect(jo[at + 1]).toBe('**C-1004 (M.C.)**: Action A-1: Chase the tuition provider');
    expect(jo[at + 2]).toBe('Due 2026-11-20: the date set at the CMOOE oversight meeting on 12 Nov 2026 · overdue by 3 days · PS 4.2');
    expect(jo.join('\n')).not.toContain('Call the family');
    // The weekly meeting's action for no case: Sam's, due in 4 days.
    const sam = cardTexts(cardOf(messenger, 'p9'));
    expect(sam).toContain('Due 2026-11-27: the date set at the Weekly team manager meeting on 16 Nov 2026 · due in 4 days · PS 4.1');
  });

  it("are escalated to the owner's manager after the grace, like any other", async () => {
    clock.now = MONDAY_8AM + 3 * DAY_MS; // Thursday 26 Nov: 6 days overdue, beyond the 5-day grace
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    const manager = messenger.sent.find((s) => s.personId === 'p9' && JSON.stringify(s.card).includes("Your team's overdue work"))!;
    expect(cardTexts(manager.card)).toContain('**C-1004 (M.C.)**: Action A-1: Chase the tuition provider, for Jo Inclusion');
  });

  it("snooze works on an action's line; Done without a line asks for one and changes nothing, with the line it closes the action (issue 13)", async () => {
    await runSweep(depsOf(store, messenger, clock), { limiter: fakeTimeLimiter() });
    const card = cardOf(messenger, 'p3');
    const line = cardActions(card).filter((a) => typeof a.data.key === 'string' && a.data.key.includes('/meeting-action/'));
    const jo = (await store.getPerson('p3'))!;
    const snooze = line.find((a) => a.verb === 'reminder.snooze')!;
    const refreshed = (await handleReminderAction(depsOf(store, messenger, clock), jo, snooze.verb, snooze.data)).card;
    expect(cardProblems(refreshed)).toEqual([]);
    expect(cardTexts(refreshed)).toContain('Snoozed: Action A-1: Chase the tuition provider for C-1004 is back in your reminders on 2026-11-26.');
    const close = line.find((a) => a.verb === 'reminder.done')!;
    expect(close.data.noteField).toMatch(/^note-\d+$/);
    const noLine = (await handleReminderAction(depsOf(store, messenger, clock), jo, 'reminder.done', { ...close.data })).card;
    expect(cardTexts(noLine)).toEqual(
      expect.arrayContaining(['Action A-1: say what was done', 'Type one line on what was done in the box under Done, then press Close the action. Nothing was changed.']),
    );
    expect((await store.listActions()).find((a) => a.id === 'A-1')!.closedOn).toBeNull();
    const field = String(close.data.noteField);
    const done = (await handleReminderAction(depsOf(store, messenger, clock), jo, 'reminder.done', { ...close.data, [field]: 'Provider chased; starts Monday' })).card;
    expect(cardProblems(done)).toEqual([]);
    expect(cardTexts(done).join('\n')).toContain('Closed: action A-1');
    expect((await store.listActions()).find((a) => a.id === 'A-1')).toMatchObject({ closedNote: 'Provider chased; starts Monday' });
  });
});
