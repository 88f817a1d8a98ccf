// Section 6 measures (docs/rules.md section 6), from a small service built by hand. Every expected
// figure below was computed by hand from the rules of docs/rules.md sections 2-4 (the comments show the
// arithmetic), never from the code's own output.
import { describe, expect, it } from '@jest/globals';
import { idsOfFigure, measures, weeklyTrend } from '../../src/domain/measures.js';
import { readCaseFile } from '../../src/domain/validate.js';

const DOB = '2015-01-01'; // over 5 on every anchor: annual reviews are 12-monthly (PS 7.4)
const base = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  childName: `Child ${id}`,
  dateOfBirth: DOB,
  team: 'North',
  locality: 'North',
  leadProfessionalId: 'pl1',
  inclusionLeadId: 'il',
  ...extra,
});
const south = { team: 'South', locality: 'South' };

const file = readCaseFile({
  meetingSeries: [{ id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2026-07-09', everyDays: 14 }],
  people: [
    { id: 'tm', name: 'T M', roles: ['team-manager'], team: 'North', locality: 'North' },
    { id: 'il', name: 'I L', roles: ['inclusion-lead'], team: 'North', locality: 'North' },
    { id: 'pl1', name: 'P One', roles: ['provision-lead'], team: 'North', locality: 'North', managerId: 'tm', startedOn: '2025-01-01' },
    { id: 'pl2', name: 'P Two', roles: ['provision-lead'], team: 'North', locality: 'North', managerId: 'tm', startedOn: '2025-01-01' },
    { id: 'pl3', name: 'P Three', roles: ['provision-lead'], team: 'South', locality: 'South', managerId: 'tm2', startedOn: '2025-01-01' },
    { id: 'tm2', name: 'T M2', roles: ['team-manager'], team: 'South', locality: 'South' },
  ],
  supervisions: [
    // 10 working days after Wed 1 Jul 2026 = Wed 15 Jul; shared 14 Jul: on time.
    { superviseeId: 'pl2', supervisorId: 'tm', heldOn: '2026-07-01', notesSharedOn: '2026-07-14' },
    // 10 working days after Mon 6 Jul = Mon 20 Jul; not shared: overdue.
    { superviseeId: 'pl1', supervisorId: 'tm', heldOn: '2026-07-06', notesSharedOn: null },
    // 15 Jun is before 30 Jun (= 31 Jul - 1 month): not supervised in the last month.
    { superviseeId: 'pl3', supervisorId: 'tm2', heldOn: '2026-06-15', notesSharedOn: '2026-06-20' },
  ],
  cases: [
    // Decisions (PS 5.3: request + 6 weeks).
    base('A', { assessment: { requestedOn: '2026-06-01', decisionOn: '2026-07-10', decision: 'not-assess' } }), // due 13 Jul: met
    base('B', { assessment: { requestedOn: '2026-06-08', decisionOn: '2026-07-25', decision: 'assess' } }), // due 20 Jul: late
    base('C', { ...south, assessment: { requestedOn: '2026-06-02' } }), // due 14 Jul: overdue
    base('E', { assessment: { requestedOn: '2026-06-22' } }), // due 3 Aug: outside July
    // Final plans (PS 5.16: request + 20 weeks = 140 days).
    base('F', { assessment: { requestedOn: '2026-02-16', decisionOn: '2026-03-20', decision: 'assess', outcome: 'issue' }, plan: { issuedOn: '2026-07-03' } }), // due 6 Jul: on time
    base('G', { assessment: { requestedOn: '2026-02-02', decisionOn: '2026-03-01', decision: 'assess', outcome: 'issue' }, plan: { issuedOn: '2026-07-01' } }), // due 22 Jun: late
    base('H', {
      assessment: { requestedOn: '2026-01-05', decisionOn: '2026-02-01', decision: 'assess', outcome: 'issue', exceptionReason: 'family asked for a delay' },
      plan: { issuedOn: '2026-07-15' },
    }), // excepted
    // Annual reviews (PS 7.4: anchor + 12 months) and their outcomes (PS 7.9: meeting + 4 weeks).
    base('R1', { plan: { issuedOn: '2025-07-10' }, reviews: [{ meetingOn: '2026-06-20', outcomeSentOn: '2026-07-25' }] }), // review due 10 Jul met on 20 Jun; outcome due 18 Jul, sent 25 Jul: late
    base('R2', { plan: { issuedOn: '2025-07-20' } }), // review due 20 Jul 2026, none held: overdue
    base('R3', { plan: { issuedOn: '2025-05-01' } }), // review due 1 May 2026: overdue now, not due in July
    // Advice (PS 5.17: request + 6 weeks).
    base('V', {
      adviceRequests: [
        { agency: 'health', requestedOn: '2026-06-01', receivedOn: '2026-07-10' },
        { agency: 'education', requestedOn: '2026-06-05' },
      ],
    }), // due 13 Jul met; due 17 Jul overdue
    // Casework (PS 11.2: recorded within 48 hours), counted by the London date of recording.
    base('N', {
      caseNotes: [
        { eventAt: '2026-07-06T09:00:00Z', recordedAt: '2026-07-07T10:00:00Z', authorId: 'pl1', text: 'visit' }, // on time, July
        { eventAt: '2026-06-29T23:00:00Z', recordedAt: '2026-06-30T23:30:00Z', authorId: 'pl1', text: 'call' }, // 00:30 on 1 Jul in London: July, on time
        { eventAt: '2026-06-20T09:00:00Z', recordedAt: '2026-06-21T09:00:00Z', authorId: 'pl1', text: 'call' }, // June: not counted
      ],
    }),
    base('N2', { caseNotes: [{ eventAt: '2026-07-13T09:00:00Z', recordedAt: '2026-07-16T09:00:00Z', authorId: 'pl1', text: 'visit' }] }), // 72 h: late
    // CMOOE on Mon 10 Aug 2026. Meetings 9 Jul, 23 Jul, 6 Aug, 20 Aug; summary deadlines 2 Jul, 16 Jul, 30 Jul, 13 Aug.
    base('K1', {
      cmooe: [{ from: '2026-07-20', reason: 'missing-attendance' }],
      cmooeSummaries: [{ submittedOn: '2026-07-28', authorId: 'il', actionsToDate: 'a', currentSteps: 'b', keyDates: 'c' }],
    }), // 15 school days (20 Jul - 7 Aug)
    base('K2', { cmooe: [{ from: '2026-07-27', reason: 'suspended-no-provision' }] }), // 10 school days; no summary for 30 Jul
    base('K3', { cmooe: [{ from: '2026-08-03', reason: 'permanent-exclusion' }], exclusions: [{ permanentFrom: '2026-07-27' }] }), // 5 school days; day 6 = 3 Aug, no provision: overdue
    base('K4', { childInCare: true, cmooe: [{ from: '2026-07-01', to: '2026-07-15', reason: 'missing-attendance' }] }), // ended: not current
    base('K5', { childInCare: true, exclusions: [{ permanentFrom: '2026-08-07' }] }), // in care: day 1 = Fri 7 Aug, none by 10 Aug: overdue
  ],
});

const july = { from: '2026-07-01', to: '2026-07-31', today: '2026-08-10' };

describe('section 6 measures for July 2026, read on 10 August 2026', () => {
  const m = measures(file, july);

  it.each([
    ['decisionsWithin6Weeks', m.decisionsWithin6Weeks, 1, 3, ['A', 'B', 'C'], ['B', 'C']],
    ['ehcpWithin20Weeks', m.ehcpWithin20Weeks, 1, 2, ['F', 'G'], ['G']],
    ['reviewsOnTime', m.reviewsOnTime, 1, 2, ['R1', 'R2'], ['R2']],
    ['reviewOutcomeWithin4Weeks', m.reviewOutcomeWithin4Weeks, 0, 1, ['R1'], ['R1']],
    ['adviceWithin6Weeks', m.adviceWithin6Weeks, 1, 2, ['V'], ['V']],
    ['caseworkWithin48Hours', m.caseworkWithin48Hours, 2, 3, ['N', 'N2'], ['N2']],
    ['supervisedInLastMonth', m.supervision.supervisedInLastMonth, 2, 3, ['pl1', 'pl2', 'pl3'], ['pl3']],
    ['notesWithin10WorkingDays', m.supervision.notesWithin10WorkingDays, 1, 2, ['pl1', 'pl2'], ['pl1']],
    ['summariesOnTime', m.cmooe.summariesOnTime, 1, 2, ['K1', 'K2'], ['K2']],
  ])('%s: met / total and the ids behind it', (_name, ratio, met, total, ids, missed) => {
    expect(ratio.met).toBe(met);
    expect(ratio.total).toBe(total);
    expect(ratio.percent).toBe(Math.round((100 * met) / total));
    expect(ratio.ids).toEqual(ids);
    expect(ratio.missedIds).toEqual(missed);
  });

  it('keeps excepted plans apart from the 20-week ratio (PS 5.16)', () => {
    expect(m.ehcpWithin20Weeks.excepted).toEqual({ count: 1, ids: ['H'] });
  });

  it('counts reviews overdue today whatever the period', () => {
    expect(m.reviewsOnTime.overdueNow.ids).toEqual(['R2', 'R3']);
  });

  it('splits advice by agency', () => {
    expect(m.adviceWithin6Weeks.byAgency['health']).toMatchObject({ met: 1, total: 1 });
    expect(m.adviceWithin6Weeks.byAgency['education']).toMatchObject({ met: 0, total: 1, missedIds: ['V'] });
  });

  it('gives the CMOOE figures of today: children, school days missing, exclusions without provision', () => {
    expect(m.cmooe.current.ids).toEqual(['K1', 'K2', 'K3']);
    expect(m.cmooe.schoolDaysMissing.byCase).toEqual({ K1: 15, K2: 10, K3: 5 });
    expect(m.cmooe.schoolDaysMissing.median).toBe(10);
    expect(m.cmooe.schoolDaysMissing.max).toBe(15);
    expect(m.cmooe.summariesOnTime.deadlines).toEqual(['2026-07-30']);
    expect(m.cmooe.exclusionsWithoutProvision.ids).toEqual(['K3', 'K5']);
  });

  it('addresses every figure by name for drill-down', () => {
    expect(idsOfFigure(m, 'reviewsOverdueNow')).toEqual(['R2', 'R3']);
    expect(idsOfFigure(m, 'decisionsWithin6Weeks', 'missed')).toEqual(['B', 'C']);
    expect(idsOfFigure(m, 'ehcpExcepted')).toEqual(['H']);
  });
});

describe('filters by team and locality', () => {
  it('North leaves out the South case and the South caseworker', () => {
    const m = measures(file, { ...july, team: 'North' });
    expect(m.decisionsWithin6Weeks).toMatchObject({ met: 1, total: 2, missedIds: ['B'] });
    expect(m.supervision.supervisedInLastMonth).toMatchObject({ met: 2, total: 2, missedIds: [] });
  });
  it('locality South has only case C', () => {
    const m = measures(file, { ...july, locality: 'South' });
    expect(m.decisionsWithin6Weeks).toMatchObject({ met: 0, total: 1, ids: ['C'] });
    expect(m.reviewsOnTime.total).toBe(0);
    expect(m.reviewsOnTime.percent).toBeNull();
  });
});

describe('a period whose obligations are not settled yet', () => {
  it('does not count a decision due after today that is not made (E, due 3 Aug, read on 1 Aug)', () => {
    const m = measures(file, { from: '2026-08-01', to: '2026-08-31', today: '2026-08-01' });
    expect(m.decisionsWithin6Weeks.total).toBe(0);
  });
});

describe('weekly trend', () => {
  it('gives six weeks ending today, oldest first, with the decisions of each week', () => {
    const t = weeklyTrend(file, { today: '2026-08-10', weeks: 6 });
    expect(t.map((w) => [w.from, w.to])).toEqual([
      ['2026-06-30', '2026-07-06'],
      ['2026-07-07', '2026-07-13'],
      ['2026-07-14', '2026-07-20'],
      ['2026-07-21', '2026-07-27'],
      ['2026-07-28', '2026-08-03'],
      ['2026-08-04', '2026-08-10'],
    ]);
    // A due 13 Jul met; B due 20 Jul late and C due 14 Jul overdue; E due 3 Aug is overdue on 10 Aug.
    expect(t.map((w) => w.decisionsWithin6Weeks)).toEqual([null, 100, 0, null, 0, null]);
  });
});

describe('bad input', () => {
  it('names a period that ends before it starts', () => {
    expect(() => measures(file, { from: '2026-07-31', to: '2026-07-01', today: '2026-08-10' })).toThrow(/ends \(2026-07-01\) before it starts/);
  });
  it('names a date that is not a date', () => {
    expect(() => measures(file, { from: '2026-02-30', to: '2026-07-01', today: '2026-08-10' })).toThrow(/from is not a date/);
  });
});

describe('the weekly trend agrees with the measures of each week', () => {
  it('gives, for every week, the percentages measures() gives for that week as the period', () => {
    const t = weeklyTrend(file, { today: '2026-08-10', weeks: 8, team: 'North' });
    for (const w of t) {
      const m = measures(file, { from: w.from, to: w.to, today: '2026-08-10', team: 'North' });
      expect(w).toEqual({
        from: w.from,
        to: w.to,
        ehcpWithin20Weeks: m.ehcpWithin20Weeks.percent,
        decisionsWithin6Weeks: m.decisionsWithin6Weeks.percent,
        reviewsOnTime: m.reviewsOnTime.percent,
        reviewOutcomeWithin4Weeks: m.reviewOutcomeWithin4Weeks.percent,
        adviceWithin6Weeks: m.adviceWithin6Weeks.percent,
        caseworkWithin48Hours: m.caseworkWithin48Hours.percent,
      });
    }
    expect(t.some((w) => w.caseworkWithin48Hours !== null)).toBe(true);
  });
});
