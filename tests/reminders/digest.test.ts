// The pure part of reminders (keys, who hears about what, the plan of a card) and the digest cards:
// valid Adaptive Cards 1.5 under Teams' 28 KB, with a bounded number of lines.
import { describe, expect, it } from '@jest/globals';
import type { Obligation } from '../../src/domain/obligation.js';
import { backOn, digestKey, isReminderDay, parseStageKey, planRecipient, reminderCandidates, snoozeUntil, stageKey } from '../../src/domain/reminders.js';
import { cardBytes } from '../../src/services/cards.js';
import { digestCard, reminderNoteCard, type DigestLine } from '../../src/services/reminders/cards.js';
import { cardProblems } from '../support/cards.js';
import { cardActions, cardTexts } from './support.js';

function ob(p: Partial<Obligation> & Pick<Obligation, 'kind' | 'due' | 'status' | 'key'>): Obligation {
  return {
    caseId: 'C-1001',
    personId: null,
    completedOn: null,
    ownerRole: 'provision-lead',
    ownerId: 'p1',
    citation: 'PS 5.3',
    seriesId: null,
    meetingOn: null,
    pfa: null,
    subject: null,
    basis: '6 weeks after the assessment request was received on 1 Oct 2026',
    actionId: null,
    auditId: null,
    ...p,
  };
}

describe('reminder days and keys', () => {
  it.each([
    ['2026-11-23', true], // Monday
    ['2026-11-27', true], // Friday
    ['2026-11-28', false], // Saturday
    ['2026-11-29', false], // Sunday
  ])('%s is a reminder day: %s', (day, expected) => {
    expect(isReminderDay(day)).toBe(expected);
  });

  it('parses the stage keys it makes, keys with slashes and snooze suffixes included', () => {
    const k = stageKey('p1', 'C-1012/agency-advice/2026-11-28/Health visiting', 'overdue', '2026-11-30');
    expect(k).toBe('stage/p1/C-1012/agency-advice/2026-11-28/Health visiting/overdue/after-2026-11-30');
    expect(parseStageKey(k)).toEqual({ recipientId: 'p1', obligationKey: 'C-1012/agency-advice/2026-11-28/Health visiting', stage: 'overdue', snoozeEndedOn: '2026-11-30' });
    expect(parseStageKey('stage/p1/C-1/final-plan/2027-01-01/due-soon')).toEqual({ recipientId: 'p1', obligationKey: 'C-1/final-plan/2027-01-01', stage: 'due-soon', snoozeEndedOn: null });
    expect(parseStageKey('digest/2026-11-23/p1')).toBeNull();
    expect(digestKey('manager-digest', '2026-11-23', 'p9')).toBe('manager-digest/2026-11-23/p9');
  });

  it.each([
    // snoozed on, days, last day left out, back on
    ['2026-11-23', 3, '2026-11-25', '2026-11-26'],
    ['2026-11-27', 3, '2026-11-29', '2026-11-30'], // Friday for 3 days: back on Monday
    ['2026-11-23', 7, '2026-11-29', '2026-11-30'],
    ['2026-11-23', 1, '2026-11-23', '2026-11-24'],
  ])('snoozed on %s for %i days: left out until %s, back on %s', (today, days, until, back) => {
    expect(snoozeUntil(today, days)).toBe(until);
    expect(backOn(until)).toBe(back);
  });
});

describe('who hears about what', () => {
  const people: Record<string, string | null> = { p1: 'p9', p9: null, p5: 'p9' };
  const opts = { today: '2026-11-23', graceDays: 5, managerOf: (id: string) => people[id] ?? null, known: (id: string) => id in people };

  it('owners get their overdue and due-soon work; the manager gets what is overdue by more than the grace', () => {
    const groups = reminderCandidates(
      [
        ob({ kind: 'assessment-decision', due: '2026-11-12', status: 'overdue', key: 'a' }), // 11 days over
        ob({ kind: 'agency-advice', due: '2026-11-18', status: 'overdue', key: 'b' }), // 5 days: not beyond the grace
        ob({ kind: 'final-plan', due: '2026-12-01', status: 'due-soon', key: 'c' }),
        ob({ kind: 'final-plan', due: '2027-03-01', status: 'upcoming', key: 'd' }),
        ob({ kind: 'final-plan', due: '2026-11-01', status: 'met', completedOn: '2026-10-30', key: 'e' }),
      ],
      opts,
    );
    expect(groups.get('digest|p1')!.map((c) => [c.obligation.key, c.stage])).toEqual([
      ['a', 'overdue'],
      ['b', 'overdue'],
      ['c', 'due-soon'],
    ]);
    expect(groups.get('manager-digest|p9')!.map((c) => [c.obligation.key, c.stage])).toEqual([['a', 'escalated']]);
    expect(groups.size).toBe(2);
  });

  it('supervision notes not yet shared: the supervising manager, and the supervisee for information', () => {
    const groups = reminderCandidates(
      [ob({ kind: 'supervision-notes', caseId: null, personId: 'p5', ownerId: 'p9', ownerRole: 'team-manager', due: '2026-11-16', status: 'overdue', key: 'p5/supervision-notes/2026-11-16' })],
      opts,
    );
    expect(groups.get('digest|p9')!.map((c) => c.forInformation)).toEqual([false]);
    expect(groups.get('digest|p5')!.map((c) => c.forInformation)).toEqual([true]);
    expect(groups.has('manager-digest|p9')).toBe(false); // p9 has no manager
  });

  it('plans a card: new stages, carried-over claims, a count of what is still overdue, snoozes left out', () => {
    const cands = reminderCandidates(
      [
        ob({ kind: 'assessment-decision', due: '2026-11-12', status: 'overdue', key: 'a' }),
        ob({ kind: 'agency-advice', due: '2026-11-18', status: 'overdue', key: 'b' }),
        ob({ kind: 'final-plan', due: '2026-12-01', status: 'due-soon', key: 'c' }),
        ob({ kind: 'mediation-session', due: '2026-12-02', status: 'due-soon', key: 'd' }),
        ob({ kind: 'amendment-issue', due: '2026-11-20', status: 'overdue', key: 'e' }),
      ],
      opts,
    ).get('digest|p1')!;
    const plan = planRecipient(cands, {
      claimed: new Set([stageKey('p1', 'a', 'overdue'), stageKey('p1', 'b', 'overdue'), stageKey('p1', 'c', 'due-soon')]),
      unsent: new Set([stageKey('p1', 'b', 'overdue')]),
      snoozed: new Set(['d']),
      snoozeEnded: () => null,
    })!;
    expect(plan.fresh.map((f) => f.stageKey)).toEqual([stageKey('p1', 'e', 'overdue')]);
    expect(plan.carried.map((f) => f.stageKey)).toEqual([stageKey('p1', 'b', 'overdue')]);
    expect(plan.stillOverdue).toBe(1); // a; c was announced and is only due soon; d is snoozed
  });

  it('announces once more after a snooze has ended, and nothing when all is announced and nothing overdue', () => {
    const cands = reminderCandidates([ob({ kind: 'final-plan', due: '2026-12-01', status: 'due-soon', key: 'c' })], opts).get('digest|p1')!;
    const announced = { claimed: new Set([stageKey('p1', 'c', 'due-soon')]), unsent: new Set<string>(), snoozed: new Set<string>() };
    expect(planRecipient(cands, { ...announced, snoozeEnded: () => null })).toBeNull();
    const again = planRecipient(cands, { ...announced, snoozeEnded: () => '2026-11-22' })!;
    expect(again.fresh.map((f) => f.stageKey)).toEqual([stageKey('p1', 'c', 'due-soon', '2026-11-22')]);
  });
});

function line(i: number, p: Partial<DigestLine> = {}): DigestLine {
  return {
    obligationKey: `C-${2000 + i}/final-plan/2026-10-${String((i % 28) + 1).padStart(2, '0')}`,
    kind: 'final-plan',
    label: 'Issue the final EHC plan',
    caseId: `C-${2000 + i}`,
    who: 'J.E.',
    ownerName: 'Alex Reed',
    due: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`,
    stage: 'overdue',
    citation: 'PS 5.16',
    basis: '20 weeks after the assessment request was received on 1 Jun 2026',
    forInformation: false,
    state: 'open',
    stateOn: null,
    ...p,
  };
}

describe('digest cards', () => {
  const base = { day: '2026-11-23', stillOverdue: 0, graceDays: 5, tabUrl: 'https://teams.example/tab/my-work' };

  it('a person with 60 overdue items: 15 lines, "and 45 more" with the tab, valid and under 28 KB', () => {
    const lines = Array.from({ length: 60 }, (_, i) => line(i, { kind: (['final-plan', 'annual-review', 'cmooe-summary', 'supervision', 'agency-advice', 'supervision-notes'] as const)[i % 6] }));
    for (const card of ['digest', 'manager-digest'] as const) {
      const json = digestCard({ ...base, card, lines, stillOverdue: 12 });
      expect(cardProblems(json)).toEqual([]);
      expect(cardBytes(json)).toBeLessThan(28 * 1024);
      const texts = cardTexts(json);
      expect(texts.filter((t) => /^\*\*C-\d+ \(J\.E\.\)\*\*/.test(t))).toHaveLength(15);
      expect(texts).toContain('…and 45 more. Open the tab to see them all.');
      expect(texts.some((t) => t.includes('12'))).toBe(true);
      expect(JSON.stringify(json)).toContain('https://teams.example/tab/my-work');
    }
  });

  it('each line has the right buttons: mark done, the form, the tab, and snooze', () => {
    const json = digestCard({
      ...base,
      card: 'digest',
      lines: [
        line(1, { kind: 'final-plan' }),
        line(2, { kind: 'cmooe-summary', obligationKey: 'C-2002/cmooe-summary/2026-11-19/cmooe' }),
        line(3, { kind: 'annual-review' }),
        line(4, { kind: 'final-plan', state: 'done', stateOn: '2026-11-23' }),
        line(5, { kind: 'final-plan', state: 'snoozed', stateOn: '2026-11-26' }),
      ],
    });
    expect(cardProblems(json)).toEqual([]);
    const actions = cardActions(json);
    expect(actions.filter((a) => a.verb === 'reminder.done').map((a) => a.data.caseId)).toEqual(['C-2001']);
    expect(actions.filter((a) => a.verb === 'form.summary').map((a) => a.data)).toEqual([{ caseId: 'C-2002' }]);
    expect(
      actions
        .filter((a) => a.verb === 'reminder.snooze')
        .map((a) => a.data.caseId)
        .sort(),
    ).toEqual(['C-2001', 'C-2002', 'C-2003']);
    expect(actions.find((a) => a.verb === 'reminder.snooze')!.data).toMatchObject({ days: 3, card: 'digest', day: '2026-11-23' });
    const texts = cardTexts(json);
    expect(texts.some((t) => t.includes('Done: recorded on 2026-11-23'))).toBe(true);
    expect(texts.some((t) => t.includes('Snoozed: back on 2026-11-26'))).toBe(true);
    expect(JSON.stringify(json)).toContain('Action.OpenUrl'); // annual review: record in the tab
  });

  it('the supervisee is told about unshared notes without buttons to act', () => {
    const json = digestCard({ ...base, card: 'digest', lines: [line(1, { kind: 'supervision-notes', caseId: null, who: 'Alex Reed', forInformation: true })] });
    expect(cardProblems(json)).toEqual([]);
    expect(cardActions(json)).toEqual([]);
    expect(cardTexts(json)).toContain('**Your supervision notes** are not yet shared with you');
  });

  it('the note card for a button that needs a form or the tab is valid', () => {
    expect(cardProblems(reminderNoteCard({ title: 'Use the form', lines: ['x'], form: { verb: 'form.summary', caseId: 'C-1' } }))).toEqual([]);
    expect(cardProblems(reminderNoteCard({ title: 'Use the tab', lines: ['x'], tabUrl: 'https://teams.example/tab' }))).toEqual([]);
  });
});
