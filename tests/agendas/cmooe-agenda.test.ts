// CMOOE and CiC CMOOE agendas (docs/rules.md sections 4 and 5; PS 4.2, 6.15, 6.17, 6.18).
// Meetings: cmooe every 14 days from Thu 2026-11-26 (so 2026-12-10, 2026-12-24, 2027-01-07);
// cic-cmooe every 14 days from Fri 2026-11-27 (2026-12-11, ...). Expected values computed by hand.
import { describe, expect, it } from '@jest/globals';
import { Calendar } from '../../src/domain/calendar/index.js';
import { cmooeAgenda } from '../../src/domain/agenda/index.js';
import { initials } from '../../src/services/access.js';
import { child, service } from './fixture.js';

const calendar = new Calendar();
const build = (file: ReturnType<typeof service>, seriesId: string, meetingOn: string, cal = calendar) => cmooeAgenda(file, { seriesId, meetingOn, calendar: cal, initials });

describe('nomination cut-off for the meeting on M = 2026-12-10 (M-21 = 11-19, M-7 = 12-03)', () => {
  const cases: Array<[string, 'on agenda' | 'not on agenda' | 'rolled over']> = [
    ['2026-11-19', 'not on agenda'], // on M-21: that nomination was for 11-26
    ['2026-11-20', 'on agenda'], // after M-21
    ['2026-12-02', 'on agenda'],
    ['2026-12-03', 'on agenda'], // on M-7: in (a deadline is inclusive)
    ['2026-12-04', 'rolled over'], // M-6: to M+14
    ['2026-12-09', 'rolled over'],
    ['2026-12-10', 'rolled over'], // on the meeting day itself
    ['2026-12-11', 'not on agenda'], // after M: simply for a later meeting
  ];
  it.each(cases)('a nomination made on %s is %s', (madeOn, expected) => {
    const file = service({
      cases: [child('C-1', { cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }] })],
      nominations: [{ caseId: 'C-1', seriesId: 'cmooe', byId: 'p9', concern: 'No school place', madeOn }],
    });
    const agenda = build(file, 'cmooe', '2026-12-10');
    const onAgenda = agenda.items.map((i) => i.caseId);
    if (expected === 'on agenda') {
      expect(onAgenda).toEqual(['C-1']);
      expect(agenda.items[0]!.reasons).toEqual(['nominated']);
      expect(agenda.items[0]!.nominations).toEqual([{ byId: 'p9', concern: 'No school place', madeOn }]);
      expect(agenda.rolledOver).toEqual([]);
    } else if (expected === 'rolled over') {
      expect(onAgenda).toEqual([]);
      expect(agenda.rolledOver).toEqual([{ caseId: 'C-1', madeOn, toMeetingOn: '2026-12-24' }]);
    } else {
      expect(onAgenda).toEqual([]);
      expect(agenda.rolledOver).toEqual([]);
    }
  });

  it('the rolled-over nomination is on the next meeting (2026-12-24) as nominated', () => {
    const file = service({
      cases: [child('C-1')],
      nominations: [{ caseId: 'C-1', seriesId: 'cmooe', byId: 'p9', concern: 'x', madeOn: '2026-12-04' }],
    });
    expect(build(file, 'cmooe', '2026-12-24').items.map((i) => [i.caseId, i.reasons])).toEqual([['C-1', ['nominated']]]);
  });
});

describe('the same nomination made more than once (a double submit, or data stored twice)', () => {
  const n = (byId: string, concern: string, madeOn: string) => ({ caseId: 'C-1', seriesId: 'cmooe', byId, concern, madeOn });
  // Meeting 2026-12-10: made 11-20 to 12-03 it is on the agenda; 12-04 to 12-10 it rolls to 12-24.
  const cases: Array<[string, ReturnType<typeof n>[], Array<{ byId: string; concern: string; madeOn: string }>, string[]]> = [
    [
      'three identical: one, the earliest',
      [n('p9', 'No school place', '2026-12-02'), n('p9', 'No school place', '2026-12-01'), n('p9', 'No school place ', '2026-12-01')],
      [{ byId: 'p9', concern: 'No school place', madeOn: '2026-12-01' }],
      [],
    ],
    [
      'another concern is another nomination',
      [n('p9', 'No school place', '2026-12-01'), n('p9', 'Exclusion risk', '2026-12-01')],
      [
        { byId: 'p9', concern: 'Exclusion risk', madeOn: '2026-12-01' },
        { byId: 'p9', concern: 'No school place', madeOn: '2026-12-01' },
      ],
      [],
    ],
    [
      'another nominator is another nomination',
      [n('p9', 'No school place', '2026-12-01'), n('p31', 'No school place', '2026-12-01')],
      [
        { byId: 'p31', concern: 'No school place', madeOn: '2026-12-01' },
        { byId: 'p9', concern: 'No school place', madeOn: '2026-12-01' },
      ],
      [],
    ],
    ['three identical late ones: the case rolls over once', [n('p9', 'x', '2026-12-05'), n('p9', 'x', '2026-12-04'), n('p9', 'x', '2026-12-04')], [], ['C-1 2026-12-04 2026-12-24']],
    ['late ones by two people: the case is listed once', [n('p9', 'x', '2026-12-06'), n('p31', 'y', '2026-12-05')], [], ['C-1 2026-12-05 2026-12-24']],
  ];
  it.each(cases)('%s', (_what, nominations, expectedNominations, expectedRolled) => {
    const file = service({ cases: [child('C-1', { cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }] })], nominations });
    const agenda = build(file, 'cmooe', '2026-12-10');
    expect(agenda.items.flatMap((i) => i.nominations)).toEqual(expectedNominations);
    expect(agenda.items.map((i) => i.caseId)).toEqual(expectedNominations.length ? ['C-1'] : []);
    expect(agenda.rolledOver.map((r) => `${r.caseId} ${r.madeOn} ${r.toMeetingOn}`)).toEqual(expectedRolled);
  });
});

describe("the chair's selection", () => {
  const file = service({
    cases: [child('C-1'), child('C-2'), child('C-3')],
    nominations: [{ caseId: 'C-1', seriesId: 'cmooe', byId: 'p9', concern: 'Placement broke down', madeOn: '2026-12-01' }],
    selections: [
      { caseId: 'C-1', seriesId: 'cmooe', meetingOn: '2026-12-10', byId: 'p30' },
      { caseId: 'C-2', seriesId: 'cmooe', meetingOn: '2026-12-10', byId: 'p30' },
      { caseId: 'C-3', seriesId: 'cmooe', meetingOn: '2026-12-24', byId: 'p30' },
    ],
  });
  it('puts the selected cases on that meeting only, with both reasons when also nominated', () => {
    const agenda = build(file, 'cmooe', '2026-12-10');
    expect(agenda.items.map((i) => [i.caseId, i.reasons])).toEqual([
      ['C-1', ['nominated', 'selected']],
      ['C-2', ['selected']],
    ]);
    expect(agenda.items[1]!.nominations).toEqual([]);
    expect(build(file, 'cmooe', '2026-12-24').items.map((i) => [i.caseId, i.reasons])).toEqual([['C-3', ['selected']]]);
  });
});

describe('children in care go only to the Children in Care CMOOE meeting (PS 4.2)', () => {
  const file = service({
    cases: [child('C-1', { childInCare: true }), child('C-2')],
    nominations: [
      // recorded against the wrong series by mistake: the child's care status decides
      { caseId: 'C-1', seriesId: 'cmooe', byId: 'p31', concern: 'No provision', madeOn: '2026-12-01' },
      { caseId: 'C-2', seriesId: 'cmooe', byId: 'p9', concern: 'No provision', madeOn: '2026-12-01' },
    ],
    selections: [{ caseId: 'C-1', seriesId: 'cmooe', meetingOn: '2026-12-10', byId: 'p30' }],
  });
  it('CMOOE on 2026-12-10 lists only the child not in care', () => {
    expect(build(file, 'cmooe', '2026-12-10').items.map((i) => i.caseId)).toEqual(['C-2']);
  });
  it('CiC CMOOE on 2026-12-11 lists only the child in care', () => {
    const agenda = build(file, 'cic-cmooe', '2026-12-11');
    expect(agenda.seriesId).toBe('cic-cmooe');
    expect(agenda.summaryDeadline).toBe('2026-12-04');
    expect(agenda.items.map((i) => [i.caseId, i.reasons])).toEqual([['C-1', ['nominated']]]);
  });
});

describe('school days missing out on education (period start <= d < M)', () => {
  it('from Thu 2026-10-01 to the meeting on Thu 2026-11-26: 40 school days', () => {
    // Oct 1-2 (2) + Oct 5-30 (20) + Nov 2-20 (15) + Nov 23-25 (3) = 40
    const file = service({
      cases: [child('C-1', { cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }] })],
      selections: [{ caseId: 'C-1', seriesId: 'cmooe', meetingOn: '2026-11-26', byId: 'p30' }],
    });
    const item = build(file, 'cmooe', '2026-11-26').items[0]!;
    expect(item.schoolDaysMissing).toBe(40);
    expect(item.cmooeReason).toBe('missing-attendance');
    expect(item.cmooeSince).toBe('2026-10-01');
  });

  const christmas = service({
    cases: [child('C-1', { cmooe: [{ from: '2026-12-14', to: null, reason: 'excluded-no-provision' }] })],
    selections: [{ caseId: 'C-1', seriesId: 'cmooe', meetingOn: '2027-01-07', byId: 'p30' }],
  });
  it('across the Christmas bank holidays (25 Dec, 28 Dec substitute, 1 Jan): 15 school days', () => {
    // Dec 14-18 (5) + Dec 21-24 (4) + Dec 29-31 (3) + Jan 4-6 (3) = 15
    expect(build(christmas, 'cmooe', '2027-01-07').items[0]!.schoolDaysMissing).toBe(15);
  });
  it('with a school holiday 21 Dec to 1 Jan configured: 8 school days', () => {
    const withHoliday = new Calendar({ schoolHolidays: [{ from: '2026-12-21', to: '2027-01-01' }] });
    // Dec 14-18 (5) + Jan 4-6 (3)
    expect(build(christmas, 'cmooe', '2027-01-07', withHoliday).items[0]!.schoolDaysMissing).toBe(8);
  });
  it('a case no longer CMOOE at M has 0 and no reason', () => {
    const file = service({
      cases: [child('C-1', { cmooe: [{ from: '2026-10-01', to: '2026-11-30', reason: 'missing-attendance' }] })],
      selections: [{ caseId: 'C-1', seriesId: 'cmooe', meetingOn: '2026-12-10', byId: 'p30' }],
    });
    const item = build(file, 'cmooe', '2026-12-10').items[0]!;
    expect([item.schoolDaysMissing, item.cmooeReason, item.cmooeSince]).toEqual([0, null, null]);
  });
});

describe('ordering: school days missing (most first), then case reference', () => {
  it('orders the items', () => {
    const file = service({
      cases: [
        child('C-3', { cmooe: [{ from: '2026-11-02', to: null, reason: 'missing-attendance' }] }),
        child('C-2', { cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }] }),
        child('C-1', { cmooe: [{ from: '2026-11-02', to: null, reason: 'missing-attendance' }] }),
      ],
      selections: ['C-1', 'C-2', 'C-3'].map((caseId) => ({ caseId, seriesId: 'cmooe', meetingOn: '2026-11-26', byId: 'p30' })),
    });
    expect(build(file, 'cmooe', '2026-11-26').items.map((i) => [i.caseId, i.schoolDaysMissing])).toEqual([
      ['C-2', 40],
      ['C-1', 18],
      ['C-3', 18],
    ]);
  });
});

describe("summaries: the latest one and whether this fortnight's was on time (M = 2026-12-10, deadline 12-03)", () => {
  const table: Array<[string[], string | null, boolean]> = [
    [[], null, false],
    [['2026-11-19'], '2026-11-19', false], // on the previous deadline: last fortnight's
    [['2026-11-20'], '2026-11-20', true],
    [['2026-12-03'], '2026-12-03', true],
    [['2026-12-04'], '2026-12-04', false], // late for this meeting, but it is the latest
    [['2026-11-12', '2026-12-01'], '2026-12-01', true],
    [['2026-12-11'], null, false], // after the meeting: not on this agenda
  ];
  it.each(table)('submitted %j: latest %s, on time %s', (dates, latest, onTime) => {
    const file = service({
      cases: [child('C-1', { cmooeSummaries: dates.map((submittedOn) => ({ submittedOn, authorId: 'p3', actionsToDate: `a ${submittedOn}`, currentSteps: 's', keyDates: 'k' })) })],
      selections: [{ caseId: 'C-1', seriesId: 'cmooe', meetingOn: '2026-12-10', byId: 'p30' }],
    });
    const item = build(file, 'cmooe', '2026-12-10').items[0]!;
    expect(item.latestSummary?.submittedOn ?? null).toBe(latest);
    if (latest) expect(item.latestSummary).toEqual({ submittedOn: latest, actionsToDate: `a ${latest}`, currentSteps: 's', keyDates: 'k' });
    expect(item.summaryOnTime).toBe(onTime);
  });
});

describe('exclusion-provision clock (PS 6.17 day 6; PS 6.18 day 1 in care)', () => {
  const table: Array<[string, boolean, string, string, string, boolean]> = [
    // permanentFrom, in care, meeting, provision due, citation, overdue at the meeting
    ['2026-11-02', false, '2026-11-26', '2026-11-09', 'PS 6.17', true],
    ['2026-11-23', false, '2026-11-26', '2026-11-30', 'PS 6.17', false],
    ['2026-11-07', false, '2026-11-26', '2026-11-16', 'PS 6.17', true], // Saturday: day 1 is Mon 9 Nov
    ['2026-12-22', false, '2027-01-07', '2026-12-31', 'PS 6.17', true], // 22,23,24,29,30,31 Dec
    ['2026-11-23', true, '2026-11-27', '2026-11-23', 'PS 6.18', true],
    ['2026-11-27', true, '2026-11-27', '2026-11-27', 'PS 6.18', false], // due on the meeting day: not yet overdue
  ];
  it.each(table)('excluded %s (in care %s), meeting %s: due %s', (permanentFrom, inCare, meetingOn, due, citation, overdue) => {
    const series = inCare ? 'cic-cmooe' : 'cmooe';
    const file = service({
      cases: [child('C-1', { childInCare: inCare, exclusions: [{ permanentFrom, provisionFrom: null }] })],
      selections: [{ caseId: 'C-1', seriesId: series, meetingOn, byId: 'p30' }],
    });
    const clock = build(file, series, meetingOn).items[0]!.exclusionProvision;
    expect(clock).toMatchObject({ permanentFrom, provisionDueOn: due, citation, overdue });
  });
  it('no clock once provision is in place by the meeting', () => {
    const file = service({
      cases: [child('C-1', { exclusions: [{ permanentFrom: '2026-11-02', provisionFrom: '2026-11-09' }] })],
      selections: [{ caseId: 'C-1', seriesId: 'cmooe', meetingOn: '2026-11-26', byId: 'p30' }],
    });
    expect(build(file, 'cmooe', '2026-11-26').items[0]!.exclusionProvision).toBeNull();
  });
});

describe('actions are carried on every later agenda of the series until closed', () => {
  const file = service({
    cases: [child('C-1'), child('C-2')],
    selections: ['2026-12-10', '2026-12-24', '2027-01-07'].map((meetingOn) => ({ caseId: 'C-1', seriesId: 'cmooe', meetingOn, byId: 'p30' })),
    actions: [
      { id: 'A-1', seriesId: 'cmooe', meetingOn: '2026-11-26', caseId: 'C-1', text: 'Find a tuition place', ownerId: 'p3', dueOn: '2026-12-04', closedOn: '2026-12-30' },
      { id: 'A-2', seriesId: 'cmooe', meetingOn: '2026-11-26', caseId: 'C-1', text: 'Call the family', ownerId: 'p1', dueOn: '2026-12-01', closedOn: null },
      { id: 'A-3', seriesId: 'cmooe', meetingOn: '2026-11-26', caseId: 'C-2', text: 'Chase the panel', ownerId: 'p9', dueOn: '2026-12-02', closedOn: null },
      { id: 'A-4', seriesId: 'cmooe', meetingOn: '2026-12-10', caseId: null, text: 'Review the tuition list', ownerId: 'p30', dueOn: '2026-12-20', closedOn: null },
      { id: 'A-5', seriesId: 'cic-cmooe', meetingOn: '2026-11-27', caseId: 'C-1', text: 'other series', ownerId: 'p31', dueOn: '2026-12-01', closedOn: null },
    ],
  });
  const table: Array<[string, string[], string[]]> = [
    // meeting, the item's open actions (by due date), the other open actions of the series
    ['2026-11-26', [], []], // agreed at this meeting: not yet carried
    ['2026-12-10', ['A-2', 'A-1'], ['A-3']],
    ['2026-12-24', ['A-2', 'A-1'], ['A-3', 'A-4']],
    ['2027-01-07', ['A-2'], ['A-3', 'A-4']], // A-1 closed on 30 Dec
  ];
  it.each(table)('meeting %s', (meetingOn, itemActions, others) => {
    const agenda = build(file, 'cmooe', meetingOn);
    const item = agenda.items.find((i) => i.caseId === 'C-1');
    expect(item?.openActions.map((a) => a.id) ?? []).toEqual(itemActions);
    expect(agenda.openActions.map((a) => a.id)).toEqual(others);
  });
  it('an action carries its owner and due date', () => {
    expect(build(file, 'cmooe', '2026-12-10').items[0]!.openActions[0]).toEqual({
      id: 'A-2',
      text: 'Call the family',
      ownerId: 'p1',
      dueOn: '2026-12-01',
      basis: 'the date set at the CMOOE oversight meeting on 26 Nov 2026',
    });
  });
});

describe('reproducible and validated', () => {
  const file = service({
    cases: [child('C-1', { childName: 'Jamie Example', cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }] })],
    nominations: [{ caseId: 'C-1', seriesId: 'cmooe', byId: 'p9', concern: 'c', madeOn: '2026-11-18' }],
  });
  it('the same records and date give byte-identical JSON', () => {
    expect(JSON.stringify(build(file, 'cmooe', '2026-11-26'))).toBe(JSON.stringify(build(structuredClone(file), 'cmooe', '2026-11-26')));
  });
  it('carries the initials, never the name', () => {
    const text = JSON.stringify(build(file, 'cmooe', '2026-11-26'));
    expect(text).toContain('"initials":"J.E."');
    expect(text).not.toContain('Jamie');
  });
  it('a date that is not a meeting of the series is refused, naming the schedule', () => {
    expect(() => build(file, 'cmooe', '2026-11-27')).toThrow('2026-11-27 is not a meeting of series "cmooe" (it meets every 14 days from 2026-11-26)');
  });
  it('an unknown series is refused', () => {
    expect(() => build(file, 'weekly-x', '2026-11-26')).toThrow('no meeting series "weekly-x" is configured (configured: cmooe, cic-cmooe)');
  });
});
