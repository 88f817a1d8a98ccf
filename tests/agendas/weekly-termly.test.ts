// The weekly team manager agenda (PS 4.1; docs/rules.md sections 5 and 6) and the termly notice to
// settings (PS 7.6, 7.10, 7.11). Expected values computed by hand from the standards.
import { describe, expect, it } from '@jest/globals';
import { Calendar } from '../../src/domain/calendar/index.js';
import { renderTermlyMarkdown, renderWeeklyMarkdown, termlyNotice, weeklyAgenda } from '../../src/domain/agenda/index.js';
import { initials } from '../../src/services/access.js';
import { child, service } from './fixture.js';

const calendar = new Calendar();

describe('weekly agenda for the meeting on Mon 2026-11-30 (this week 11-23..11-29, last week 11-16..11-22)', () => {
  const north = { team: 'North', locality: 'East' };
  const south = { team: 'South', locality: 'West' };
  const file = service({
    meetingSeries: [...service().meetingSeries, { id: 'weekly', title: 'Weekly team manager meeting', firstMeetingOn: '2026-09-07', everyDays: 7 }],
    cases: [
      // decision due request + 6 weeks
      child('N-1', { ...north, assessment: { requestedOn: '2026-10-12', decisionOn: '2026-11-20', decision: 'assess' } }), // due 11-23, met
      child('N-2', { ...north, assessment: { requestedOn: '2026-10-13' } }), // due 11-24, overdue
      child('N-3', { ...north, assessment: { requestedOn: '2026-10-05', decisionOn: '2026-11-16', decision: 'assess' } }), // due 11-16, met (last week)
      child('S-1', { ...south, assessment: { requestedOn: '2026-10-14' } }), // due 11-25, overdue
      child('N-4', { ...north, assessment: { requestedOn: '2026-10-27' } }), // due 12-08: coming, the week of 7 Dec
    ],
    actions: [
      { id: 'W-1', seriesId: 'weekly', meetingOn: '2026-11-23', caseId: null, text: 'Agree the review backlog plan', ownerId: 'p9', dueOn: '2026-12-07', closedOn: null },
      { id: 'W-2', seriesId: 'weekly', meetingOn: '2026-11-23', caseId: 'N-2', text: 'Decide N-2', ownerId: 'p9', dueOn: '2026-11-27', closedOn: '2026-11-27' },
      { id: 'A-9', seriesId: 'cmooe', meetingOn: '2026-11-26', caseId: null, text: 'not this meeting', ownerId: 'p9', dueOn: '2026-12-01', closedOn: null },
    ],
  });
  const agenda = weeklyAgenda(file, { meetingOn: '2026-11-30', calendar });
  const group = (groupBy: string, name: string) => agenda.groups.find((g) => g.groupBy === groupBy && g.name === name)!;
  const decisions = (groupBy: string, name: string) => group(groupBy, name).figures.find((f) => f.id === 'decisionsWithin6Weeks')!;

  it('dates the periods', () => {
    expect([agenda.weekOf, agenda.period, agenda.previousPeriod]).toEqual(['2026-11-30', { from: '2026-11-23', to: '2026-11-29' }, { from: '2026-11-16', to: '2026-11-22' }]);
    expect(weeklyAgenda(file, { meetingOn: '2026-12-02', calendar }).weekOf).toBe('2026-11-30');
  });
  it('has the whole service, then each team, then each locality (of cases and staff)', () => {
    expect(agenda.groups.map((g) => `${g.groupBy}:${g.name}`)).toEqual(['service:Whole service', 'team:North', 'team:South', 'locality:East', 'locality:North', 'locality:West']);
  });
  const table: Array<[string, string, { value: number | null; met: number | null; total: number | null }, { value: number | null; met: number | null; total: number | null }, number | null]> = [
    ['team', 'North', { value: 50, met: 1, total: 2 }, { value: 100, met: 1, total: 1 }, -50],
    ['locality', 'East', { value: 50, met: 1, total: 2 }, { value: 100, met: 1, total: 1 }, -50],
    ['team', 'South', { value: 0, met: 0, total: 1 }, { value: null, met: 0, total: 0 }, null],
    ['service', 'Whole service', { value: 33, met: 1, total: 3 }, { value: 100, met: 1, total: 1 }, -67],
  ];
  it.each(table)('decisions within 6 weeks, %s %s', (groupBy, name, current, previous, change) => {
    const f = decisions(groupBy, name);
    expect([f.current, f.previous, f.change]).toEqual([current, previous, change]);
  });
  it('lists the exceptions: overdue obligations by kind with their case references', () => {
    expect(group('team', 'North').exceptions).toEqual([
      {
        kind: 'assessment-decision',
        label: 'Decide whether to assess',
        count: 1,
        caseIds: ['N-2'],
        personIds: [],
        // Each overdue obligation with where its due date came from.
        items: [{ caseId: 'N-2', personId: null, label: 'Decide whether to assess', due: '2026-11-24', basis: '6 weeks after the assessment request was received on 13 Oct 2026', citation: 'PS 5.3' }],
      },
    ]);
    expect(group('service', 'Whole service').exceptions.find((e) => e.kind === 'assessment-decision')?.caseIds).toEqual(['N-2', 'S-1']);
  });
  it("says what is coming in the next 4 weeks, per team: N-4's decision in the week of 7 December", () => {
    const north = group('team', 'North').coming;
    expect(north.weeks.map((w) => `${w.from}..${w.to}`)).toEqual(['2026-11-30..2026-12-06', '2026-12-07..2026-12-13', '2026-12-14..2026-12-20', '2026-12-21..2026-12-27']);
    expect(north.byKind.find((k) => k.kind === 'assessment-decision')).toEqual({ kind: 'assessment-decision', label: 'Decide whether to assess', perWeek: [0, 1, 0, 0], total: 1 });
    expect(group('team', 'South').coming.byKind.find((k) => k.kind === 'assessment-decision')).toBeUndefined();
    expect(renderWeeklyMarkdown(agenda)).toContain('| Decide whether to assess | 0 | 1 | 0 | 0 | 1 |');
  });
  it('carries the weekly meeting’s open actions only', () => {
    expect(agenda.carriedActions.map((a) => a.id)).toEqual(['W-1']);
  });
  it('renders the same Markdown from the same records and date', () => {
    const md = renderWeeklyMarkdown(agenda);
    expect(md).toBe(renderWeeklyMarkdown(weeklyAgenda(structuredClone(file), { meetingOn: '2026-11-30', calendar })));
    expect(md).toContain('| Decisions within 6 weeks | 50% (1/2) | 100% (1/1) | −50 pts |');
    expect(md).toContain('- Decide whether to assess: 1 (N-2)');
  });
});

describe('termly notice for the term 2027-01-04 to 2027-03-26 (PS 7.6)', () => {
  const file = service({
    cases: [
      child('T-1', { setting: 'Hillside Academy', dateOfBirth: '2014-03-03', plan: { issuedOn: '2026-02-10' } }), // due 2027-02-10, NC 8
      child('T-2', { setting: 'Hillside Academy', dateOfBirth: '2012-10-15', plan: { issuedOn: '2026-01-04' } }), // due 2027-01-04, NC 9: PfA
      child('T-3', { setting: 'Oak Primary', plan: { issuedOn: '2026-03-27' } }), // due 2027-03-27: after the term
      child('T-4', { setting: 'Oak Primary', plan: { issuedOn: '2026-03-26' }, phaseTransfer: { moveOn: '2027-09-01', kind: 'school', completedOn: null } }), // due 03-26, transition
      child('T-5', { setting: 'Little Acorns Nursery', dateOfBirth: '2023-01-10', plan: { issuedOn: '2026-07-15' } }), // under 5: +6 months = 2027-01-15
      child('T-6', { setting: 'Oak Primary', plan: { issuedOn: '2026-02-01', ceasedOn: '2026-06-01' } }), // ceased
      child('T-7', { setting: 'Oak Primary', plan: { issuedOn: '2025-01-20' }, reviews: [{ meetingOn: '2026-01-19' }] }), // reviewed: next due 2027-01-19
      child('T-8', { setting: null, plan: { issuedOn: '2026-02-01' } }), // no setting recorded: listed last
    ],
  });
  const notice = termlyNotice(file, { termStart: '2027-01-04', termEnd: '2027-03-26', calendar, initials });
  it('is due two weeks before the term starts', () => {
    expect(notice.noticeDueOn).toBe('2026-12-21');
  });
  it('lists each setting’s reviews due in the term, marking transition and preparing for adulthood', () => {
    expect(notice.settings.map((s) => [s.setting, s.reviews.map((r) => [r.caseId, r.dueOn, r.phaseTransfer, r.preparingForAdulthood])])).toEqual([
      [
        'Hillside Academy',
        [
          ['T-2', '2027-01-04', false, true],
          ['T-1', '2027-02-10', false, false],
        ],
      ],
      ['Little Acorns Nursery', [['T-5', '2027-01-15', false, false]]],
      [
        'Oak Primary',
        [
          ['T-7', '2027-01-19', false, false],
          ['T-4', '2027-03-26', true, false],
        ],
      ],
      ['(no setting recorded)', [['T-8', '2027-02-01', false, false]]],
    ]);
  });
  it('renders Markdown with initials, not names', () => {
    const md = renderTermlyMarkdown(notice);
    expect(md).toContain('| T-4 | C.T.E. |'.replace('C.T.E.', initials('Child T4 Example')));
    expect(md).not.toContain('Child T');
  });
  it('refuses a term that ends before it starts', () => {
    expect(() => termlyNotice(file, { termStart: '2027-01-04', termEnd: '2027-01-03', calendar, initials })).toThrow('the term ends (2027-01-03) before it starts (2027-01-04)');
  });
});
