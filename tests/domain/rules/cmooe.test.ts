// CMOOE rules (docs/rules.md sections 3 and 4; PS 4.2, 6.15, 6.17, 6.18, 11.3), from hand-computed tables.
import { describe, expect, it } from '@jest/globals';
import { cmooeSummary, exclusionProvision } from '../../../src/domain/rules/index.js';
import { brief, ctxOn, makeCase, type CaseInput } from './fixtures.js';

// Test series: cmooe meets Thursdays from 1 Oct 2026 (1, 15, 29 Oct, 12, 26 Nov, 10 Dec): summary
// deadlines 24 Sep, 8, 22 Oct, 5, 19 Nov, 3 Dec. cic-cmooe meets Fridays from 2 Oct 2026.
const SERIES = [
  { id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2026-10-01', everyDays: 14 },
  { id: 'cic-cmooe', title: 'Children in Care CMOOE', firstMeetingOn: '2026-10-02', everyDays: 14 },
];
const summary = (submittedOn: string) => ({ submittedOn, authorId: 'p3', actionsToDate: 'a', currentSteps: 'b', keyDates: 'c' });
const flagged = (from: string, to: string | null = null) => ({ from, to, reason: 'missing-attendance' as const });
const summaries = (c: CaseInput, today: string, series = SERIES) => cmooeSummary(makeCase(c), ctxOn(today, { series }));
const row = (o: ReturnType<typeof cmooeSummary>[number]) => ({ meetingOn: o.meetingOn, ...brief(o) });

describe('cmooe-summary (PS 4.2, 6.15, 11.3: a summary a week before each fortnightly meeting)', () => {
  it('lists every past meeting of the CMOOE period and the next; on the deadline counts, a day after counts for the next meeting', () => {
    const list = summaries({ cmooe: [flagged('2026-10-01')], cmooeSummaries: [summary('2026-10-08'), summary('2026-10-23')] }, '2026-11-23');
    expect(list.map(row)).toEqual([
      { meetingOn: '2026-10-15', due: '2026-10-08', status: 'met', completedOn: '2026-10-08' },
      // Its meeting has been held without it: missed (standards section 3), no longer overdue.
      { meetingOn: '2026-10-29', due: '2026-10-22', status: 'missed', completedOn: null },
      { meetingOn: '2026-11-12', due: '2026-11-05', status: 'met', completedOn: '2026-10-23' },
      // Past the deadline, the meeting still to come: overdue.
      { meetingOn: '2026-11-26', due: '2026-11-19', status: 'overdue', completedOn: null },
      { meetingOn: '2026-12-10', due: '2026-12-03', status: 'due-soon', completedOn: null },
    ]);
    for (const o of list) {
      expect(o).toMatchObject({ kind: 'cmooe-summary', seriesId: 'cmooe', ownerRole: 'inclusion-lead', ownerId: 'p3', citation: 'PS 4.2, 6.15, 11.3', pfa: null, personId: null });
    }
    expect(list[0]!.key).toBe('C-1/cmooe-summary/2026-10-08/cmooe');
  });

  it('the latest summary in the window is the one reported', () => {
    const list = summaries({ cmooe: [flagged('2026-10-01')], cmooeSummaries: [summary('2026-10-20'), summary('2026-10-10')] }, '2026-10-21');
    expect(list.map(row)).toEqual([
      { meetingOn: '2026-10-15', due: '2026-10-08', status: 'missed', completedOn: null },
      { meetingOn: '2026-10-29', due: '2026-10-22', status: 'met', completedOn: '2026-10-20' },
    ]);
  });

  it('there are no meetings before the first of the series', () => {
    const list = summaries({ cmooe: [flagged('2026-09-01')] }, '2026-09-20');
    expect(list.map(row)).toEqual([{ meetingOn: '2026-10-01', due: '2026-09-24', status: 'due-soon', completedOn: null }]);
  });

  it('upcoming when the next deadline is more than the lookahead away (case-file series starting 26 Nov)', () => {
    const list = cmooeSummary(makeCase({ cmooe: [flagged('2026-10-01')] }), ctxOn('2026-11-01'));
    expect(list.map(row)).toEqual([{ meetingOn: '2026-11-26', due: '2026-11-19', status: 'upcoming', completedOn: null }]);
  });

  it('an ended CMOOE period keeps its meetings, including a deadline on its last day, and has no next one', () => {
    expect(summaries({ cmooe: [flagged('2026-10-01', '2026-10-22')] }, '2026-11-23').map((o) => [o.due, o.status])).toEqual([
      ['2026-10-08', 'missed'],
      ['2026-10-22', 'missed'],
    ]);
  });

  it('two CMOOE periods: only deadlines inside them', () => {
    const list = summaries({ cmooe: [flagged('2026-11-15'), flagged('2026-10-01', '2026-10-10')] }, '2026-11-23');
    expect(list.map((o) => o.due)).toEqual(['2026-10-08', '2026-11-19', '2026-12-03']);
  });

  it('a child in care is only in the cic-cmooe series', () => {
    const list = summaries({ childInCare: true, cmooe: [flagged('2026-10-01')], cmooeSummaries: [summary('2026-11-20')] }, '2026-11-23');
    expect(list.map(row)).toEqual([
      { meetingOn: '2026-10-16', due: '2026-10-09', status: 'missed', completedOn: null },
      { meetingOn: '2026-10-30', due: '2026-10-23', status: 'missed', completedOn: null },
      { meetingOn: '2026-11-13', due: '2026-11-06', status: 'missed', completedOn: null },
      { meetingOn: '2026-11-27', due: '2026-11-20', status: 'met', completedOn: '2026-11-20' },
      { meetingOn: '2026-12-11', due: '2026-12-04', status: 'due-soon', completedOn: null },
    ]);
    expect(list.every((o) => o.seriesId === 'cic-cmooe')).toBe(true);
  });

  it('no obligation when the case is not CMOOE, or its series is not configured', () => {
    expect(summaries({}, '2026-11-23')).toEqual([]);
    expect(summaries({ childInCare: true, cmooe: [flagged('2026-10-01')] }, '2026-11-23', [SERIES[0]!])).toEqual([]);
  });

  it("uses the series' interval for the window: every 21 days, a summary 15 days before the deadline counts", () => {
    // Meetings 1, 22 Oct, 12 Nov, 3 Dec; deadlines 15 Oct, 5 Nov, 26 Nov.
    const every21 = [{ id: 'cmooe', title: 'CMOOE', firstMeetingOn: '2026-10-01', everyDays: 21 }];
    const list = summaries({ cmooe: [flagged('2026-10-01')], cmooeSummaries: [summary('2026-10-21')] }, '2026-11-23', every21);
    expect(list.map(row)).toEqual([
      { meetingOn: '2026-10-22', due: '2026-10-15', status: 'missed', completedOn: null },
      { meetingOn: '2026-11-12', due: '2026-11-05', status: 'met', completedOn: '2026-10-21' },
      { meetingOn: '2026-12-03', due: '2026-11-26', status: 'due-soon', completedOn: null },
    ]);
  });
});

describe('exclusion-provision (PS 6.17: provision from school day 6; PS 6.18: day 1 for a child in care)', () => {
  it.each([
    // Excluded Friday 6 Nov 2026: day 1 Fri 6, day 2 Mon 9 … day 6 Fri 13 Nov.
    ['excluded on a Friday, not in care: day 6 across the weekend', false, '2026-11-06', '2026-11-13', 'PS 6.17'],
    ['excluded on a Friday, in care: day 1 is that Friday', true, '2026-11-06', '2026-11-06', 'PS 6.18'],
    // Excluded from Saturday 7 Nov: the first school day (day 1) is Monday 9 Nov.
    ['excluded from a Saturday, in care: day 1 is the Monday', true, '2026-11-07', '2026-11-09', 'PS 6.18'],
    ['excluded from a Saturday, not in care: day 6 is the next Monday', false, '2026-11-07', '2026-11-16', 'PS 6.17'],
    // Mon 21 Dec: 21, 22, 23, 24 (4), 25 and 28 Dec bank holidays, 29 (5), 30 (6).
    ['excluded before Christmas 2026 (no school holidays configured)', false, '2026-12-21', '2026-12-30', 'PS 6.17'],
  ])('%s', (_name, childInCare, permanentFrom, due, citation) => {
    const list = exclusionProvision(makeCase({ childInCare, exclusions: [{ permanentFrom }] }), ctxOn('2026-11-01'));
    expect(list.map((o) => [o.due, o.citation])).toEqual([[due, citation]]);
    expect(list[0]).toMatchObject({ ownerRole: 'inclusion-lead', ownerId: 'p3' });
  });

  it('counts school days, skipping a configured school holiday', () => {
    // Holiday 19 Dec 2026 - 3 Jan 2027: day 1 Mon 4 Jan, day 6 Mon 11 Jan.
    const ctx = ctxOn('2026-11-01', { schoolHolidays: [{ from: '2026-12-19', to: '2027-01-03' }] });
    expect(exclusionProvision(makeCase({ exclusions: [{ permanentFrom: '2026-12-21' }] }), ctx).map((o) => o.due)).toEqual(['2027-01-11']);
  });

  it.each([
    ['provision from day 6', '2026-11-13', '2026-11-20', 'met'],
    ['provision from day 7', '2026-11-16', '2026-11-20', 'met-late'],
    ['no provision after day 6', null, '2026-11-14', 'overdue'],
    ['no provision yet, before day 6', null, '2026-11-10', 'due-soon'],
    ['recorded well ahead', null, '2026-10-01', 'upcoming'],
  ] as const)('not in care, excluded Fri 6 Nov: %s', (_name, provisionFrom, today, status) => {
    const c = makeCase({ exclusions: [{ permanentFrom: '2026-11-06', provisionFrom }] });
    expect(exclusionProvision(c, ctxOn(today)).map(brief)).toEqual([{ due: '2026-11-13', status, completedOn: provisionFrom }]);
  });
});
