// The forecast (issue 15): what falls due in each of the next 8 weeks, from a small service built by
// hand on Monday 23 November 2026. Every date below is computed by hand from the rule book (the
// comments show the arithmetic), never from the code's own output.
import { describe, expect, it } from '@jest/globals';
import { forecastItems, forecastWeeks, summariseForecast } from '../../src/domain/forecast.js';
import { computeObligations, ruleContext } from '../../src/domain/obligations.js';
import { readCaseFile } from '../../src/domain/validate.js';

const TODAY = '2026-11-23'; // a Monday
const base = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  childName: `Child ${id}`,
  dateOfBirth: '2014-03-10',
  team: 'North',
  locality: 'North',
  leadProfessionalId: 'p1',
  inclusionLeadId: 'p2',
  ...extra,
});
const file = readCaseFile({
  meetingSeries: [{ id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2026-11-26', everyDays: 14 }],
  people: [
    { id: 'p1', name: 'Alex Wilber', roles: ['provision-lead'], team: 'North', locality: 'North', managerId: 'p3' },
    { id: 'p2', name: 'Megan Bowen', roles: ['inclusion-lead'], team: 'North', locality: 'North', managerId: 'p3' },
    { id: 'p3', name: 'Adele Vance', roles: ['team-manager'], team: 'North', locality: 'North' },
  ],
  supervisions: [{ superviseeId: 'p1', supervisorId: 'p3', heldOn: '2026-10-20', notesSharedOn: '2026-10-29' }],
  cases: [
    base('A', { assessment: { requestedOn: '2026-10-20' } }), // decision due 20 Oct + 6 weeks = Tue 1 Dec (PS 5.3)
    base('B', { assessment: { requestedOn: '2026-09-01' } }), // decision due 13 Oct: overdue
    // CMOOE since 1 Oct; meetings 26 Nov, 10 Dec, 24 Dec, 7 Jan, 21 Jan; deadlines (meeting - 7) 19 Nov
    // (overdue), 3 Dec (the rules' next), then 17 Dec, 31 Dec, 14 Jan computed forward (PS 4.2).
    base('C', { cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }] }),
    // Plan issued 15 Jan 2026: annual review due 15 Jan 2027 (PS 7.4). Review meeting scheduled 10 Dec:
    // advice circulated by 26 Nov (PS 7.7); the updated plan by 10 Dec + 4 weeks = 7 Jan (PS 7.9).
    base('D', { plan: { issuedOn: '2026-01-15' }, reviews: [{ meetingOn: '2026-12-10' }] }),
  ],
});
const obligations = computeObligations(file, { today: TODAY });
const byCase = (id: string) => obligations.filter((o) => o.caseId === id);
const byPerson = (id: string) => obligations.filter((o) => o.caseId === null && o.personId === id);
const result = forecastItems({
  today: TODAY,
  cases: file.cases,
  people: file.people,
  obligationsOfCase: byCase,
  obligationsOfPerson: byPerson,
  ctx: ruleContext(file, { today: TODAY }),
});

describe('the weeks', () => {
  it('run from today to Sunday, then Monday to Sunday, eight in all', () => {
    expect(forecastWeeks(TODAY).map((w) => `${w.from}..${w.to}`)).toEqual([
      '2026-11-23..2026-11-29',
      '2026-11-30..2026-12-06',
      '2026-12-07..2026-12-13',
      '2026-12-14..2026-12-20',
      '2026-12-21..2026-12-27',
      '2026-12-28..2027-01-03',
      '2027-01-04..2027-01-10',
      '2027-01-11..2027-01-17',
    ]);
    // From a Wednesday, the first week is Wednesday to Sunday.
    expect(forecastWeeks('2026-11-25', 2)).toEqual([
      { from: '2026-11-25', to: '2026-11-29' },
      { from: '2026-11-30', to: '2026-12-06' },
    ]);
  });
});

describe('what falls due, week by week', () => {
  const rows = result.items.map((i) => [i.due, i.week, i.caseId ?? i.personId, i.kind, i.ownerId, i.projected]);

  it.each([
    ['2026-11-26', 0, 'D', 'review-advice-circulation', 'p1', false],
    ['2026-12-01', 1, 'A', 'assessment-decision', 'p1', false],
    ['2026-12-03', 1, 'C', 'cmooe-summary', 'p2', false],
    // Supervision of Alex, overdue since 20 Nov (20 Oct + 1 month): if held today, the notes are due
    // 10 working days later, Mon 7 Dec (PS 11.4), and the next supervision 23 Dec (PS 6.13).
    ['2026-12-07', 2, 'p1', 'supervision-notes', 'p3', true],
    ['2026-12-17', 3, 'C', 'cmooe-summary', 'p2', true],
    ['2026-12-23', 4, 'p1', 'supervision', 'p3', true],
    ['2026-12-31', 5, 'C', 'cmooe-summary', 'p2', true],
    ['2027-01-07', 6, 'D', 'post-review-plan', 'p1', true],
    // Notes of the 23 Dec supervision: 10 working days, past Christmas (25 Dec), the substitute Boxing
    // Day (28 Dec) and New Year's Day: 24, 29, 30, 31 Dec, 4, 5, 6, 7, 8, 11 Jan.
    ['2027-01-11', 7, 'p1', 'supervision-notes', 'p3', true],
    ['2027-01-14', 7, 'C', 'cmooe-summary', 'p2', true],
    ['2027-01-15', 7, 'D', 'annual-review', 'p1', false],
  ])('%s (week %i): %s %s, on %s, projected %s', (due, week, who, kind, owner, projected) => {
    expect(rows).toContainEqual([due, week, who, kind, owner, projected]);
  });

  it('lists nothing else, and says why each projected item is expected', () => {
    expect(result.items).toHaveLength(11);
    // Every item says where its date comes from: today's from the obligation's basis (docs/rules.md
    // section 3), a projected one from what has to happen first.
    for (const i of result.items) expect(i.basis).toMatch(/\w/);
    expect(result.items.find((i) => i.due === '2026-12-17')!.basis).toBe('the summary for the meeting on 2026-12-24, if C is still missing out on education');
  });

  it('keeps what is overdue now apart', () => {
    expect(result.overdue.map((i) => [i.due, i.caseId ?? i.personId, i.kind])).toEqual([
      ['2026-10-13', 'B', 'assessment-decision'],
      ['2026-11-19', 'C', 'cmooe-summary'],
      ['2026-11-20', 'p1', 'supervision'],
    ]);
  });
});

describe('the summary', () => {
  const s = summariseForecast(TODAY, result.weeks, result.items, result.overdue);
  it('counts by week and kind', () => {
    expect(s.weeks.map((w) => w.total)).toEqual([1, 2, 1, 1, 1, 1, 1, 3]);
    expect(s.weeks[7]!.byKind).toEqual({ 'cmooe-summary': 1, 'annual-review': 1, 'supervision-notes': 1 });
    expect(s.weeks.map((w) => w.projected)).toEqual([0, 0, 1, 1, 1, 1, 1, 2]);
    expect(s.overdueNow).toEqual({ total: 3, byKind: { 'assessment-decision': 1, 'cmooe-summary': 1, supervision: 1 } });
  });
  it('counts by the person each item falls on, the busiest first', () => {
    expect(s.byOwner.map((o) => [o.ownerId, o.overdue, o.total])).toEqual([
      ['p1', 1, 4],
      ['p2', 1, 4],
      ['p3', 1, 3],
    ]);
    expect(s.byOwner[0]!.perWeek).toEqual([1, 1, 0, 0, 0, 0, 1, 1]);
  });
  it('lists the kinds in the rule book order', () => {
    expect(s.kinds.map((k) => k.kind)).toEqual(['assessment-decision', 'annual-review', 'review-advice-circulation', 'post-review-plan', 'cmooe-summary', 'supervision', 'supervision-notes']);
  });
});

describe('only the open obligations are needed', () => {
  // E is CMOOE since 1 Oct and its summary for the meeting of 10 Dec (deadline 3 Dec) was written early,
  // on 22 Nov (after the 19 Nov deadline: it counts for 3 Dec, PS 4.2). The summaries for 24 Dec, 7 Jan
  // and 21 Jan (deadlines 17 Dec, 31 Dec, 14 Jan) are still to come.
  const early = readCaseFile({
    meetingSeries: [{ id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2026-11-26', everyDays: 14 }],
    people: [
      { id: 'p1', name: 'Alex Wilber', roles: ['provision-lead'], team: 'North', locality: 'North' },
      { id: 'p2', name: 'Megan Bowen', roles: ['inclusion-lead'], team: 'North', locality: 'North' },
    ],
    cases: [
      base('E', {
        cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }],
        cmooeSummaries: [{ submittedOn: '2026-11-22', authorId: 'p2', actionsToDate: 'a', currentSteps: 'b', keyDates: 'c' }],
      }),
    ],
  });
  const all = computeObligations(early, { today: TODAY });
  const run = (onlyOpen: boolean) =>
    forecastItems({
      today: TODAY,
      cases: early.cases,
      people: early.people,
      obligationsOfCase: (id) => all.filter((o) => o.caseId === id && (!onlyOpen || ['overdue', 'due-soon', 'upcoming'].includes(o.status))),
      obligationsOfPerson: () => [],
      ctx: ruleContext(early, { today: TODAY }),
    });
  it('projects the later summaries of a case whose next one was written early', () => {
    expect(
      run(true)
        .items.filter((i) => i.kind === 'cmooe-summary')
        .map((i) => [i.due, i.projected]),
    ).toEqual([
      ['2026-12-17', true],
      ['2026-12-31', true],
      ['2027-01-14', true],
    ]);
  });
  it('gives the same forecast from the open obligations as from all of them', () => {
    expect(run(true)).toEqual(run(false));
    expect(
      forecastItems({
        today: TODAY,
        cases: file.cases,
        people: file.people,
        obligationsOfCase: (id) => byCase(id).filter((o) => ['overdue', 'due-soon', 'upcoming'].includes(o.status)),
        obligationsOfPerson: (id) => byPerson(id).filter((o) => ['overdue', 'due-soon', 'upcoming'].includes(o.status)),
        ctx: ruleContext(file, { today: TODAY }),
      }),
    ).toEqual(result);
  });
});
