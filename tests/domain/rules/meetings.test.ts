// Papers for a meeting and actions from meetings (docs/rules.md sections 3, 5 and 6):
// - `missed`: a CMOOE summary or the circulation of review advice "not completed and the meeting it
//   serves has been held (today > the meeting date). The meeting went ahead without it; it counts as
//   not on time in the measures but is no longer on anyone's to-do list, digest or overdue count";
// - `meeting-action`: "each action agreed at a meeting, until closed": due on the action's due date,
//   done on its closed date, owned by the action's owner;
// - `cease-appeal-window` ("earliest"): "the plan may not be ceased before notice + the policy's appeal
//   window (default 2 months)" (PS 9.6).
import { describe, expect, it } from '@jest/globals';
import { measures } from '../../../src/domain/measures.js';
import { caseFileSchema, type CaseFile } from '../../../src/domain/model.js';
import { isOpen, toObligationJson } from '../../../src/domain/obligation.js';
import { computeObligations } from '../../../src/domain/obligations.js';
import { DORSET } from '../../../src/domain/policy.js';
import { reminderCandidates } from '../../../src/domain/reminders.js';
import { ceaseAppealWindow, cmooeSummary, reviewAdviceCirculation } from '../../../src/domain/rules/index.js';
import { brief, ctxOn, makeCase } from './fixtures.js';

// cmooe meets Thursdays from 1 Oct 2026: 15 Oct (summary due 8 Oct), 29 Oct (due 22 Oct), ...
const SERIES = [
  { id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2026-10-01', everyDays: 14 },
  { id: 'cic-cmooe', title: 'Children in Care CMOOE', firstMeetingOn: '2026-10-02', everyDays: 14 },
];
const flagged = { cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' as const }] };
const summaryFor15Oct = (today: string, submittedOn?: string) =>
  cmooeSummary(
    makeCase({ ...flagged, cmooeSummaries: submittedOn ? [{ submittedOn, authorId: 'p3', actionsToDate: 'a', currentSteps: 'b', keyDates: 'c' }] : [] }),
    ctxOn(today, { series: SERIES }),
  ).find((o) => o.meetingOn === '2026-10-15')!;

describe('missed: a CMOOE summary whose meeting went ahead without it', () => {
  it.each([
    ['on the summary deadline, not yet written', '2026-10-08', undefined, 'due-soon'],
    ['after the deadline, before the meeting', '2026-10-12', undefined, 'overdue'],
    ['on the day of the meeting (not yet held)', '2026-10-15', undefined, 'overdue'],
    ['the day after the meeting', '2026-10-16', undefined, 'missed'],
    ['months after the meeting', '2027-03-01', undefined, 'missed'],
    ['written on the deadline: met, also after the meeting', '2026-10-16', '2026-10-08', 'met'],
  ] as const)('%s: %s', (_name, today, submittedOn, status) => {
    const o = summaryFor15Oct(today, submittedOn);
    expect(o).toMatchObject({ due: '2026-10-08', status });
    expect(o.basis).toBe('7 days before the CMOOE oversight meeting on 15 Oct 2026');
  });
});

describe('missed: review advice not circulated before the meeting was held (PS 7.7)', () => {
  // Meeting Thu 10 Dec 2026: advice due two weeks before, 26 Nov.
  const circulation = (today: string, adviceCirculatedOn: string | null = null) =>
    reviewAdviceCirculation(makeCase({ plan: { issuedOn: '2025-12-20' }, reviews: [{ meetingOn: '2026-12-10', adviceCirculatedOn }] }), ctxOn(today))[0]!;
  it.each([
    ['not circulated, the day after it was due', '2026-11-27', null, 'overdue'],
    ['not circulated, on the day of the meeting', '2026-12-10', null, 'overdue'],
    ['not circulated, the day after the meeting', '2026-12-11', null, 'missed'],
    ['circulated late, before the meeting', '2026-12-11', '2026-12-01', 'met-late'],
    ['circulated on time', '2026-12-11', '2026-11-26', 'met'],
  ] as const)('%s: %s', (_name, today, on, status) => {
    expect(brief(circulation(today, on))).toEqual({ due: '2026-11-26', status, completedOn: on });
    expect(circulation(today, on).basis).toBe('2 weeks before the review meeting on 10 Dec 2026');
  });
});

describe('missed work is on no to-do list, digest or overdue count, and counts as not on time', () => {
  const file: CaseFile = caseFileSchema.parse({
    meetingSeries: SERIES,
    people: [
      { id: 'p3', name: 'Inclusion Lead', roles: ['inclusion-lead'], team: 'North', locality: 'North', managerId: 'p9' },
      { id: 'p9', name: 'Team Manager', roles: ['team-manager'], team: 'North', locality: 'North' },
    ],
    // Three children CMOOE from 1 Oct; on Mon 19 Oct the latest deadline (8 Oct, meeting 15 Oct) is past:
    // one summary on time, two not written (missed: the meeting was held on 15 Oct).
    cases: ['C-1', 'C-2', 'C-3'].map((id, i) => ({
      id,
      childName: `Child ${id}`,
      dateOfBirth: '2012-10-15',
      team: 'North',
      locality: 'North',
      inclusionLeadId: 'p3',
      ...flagged,
      cmooeSummaries: i === 0 ? [{ submittedOn: '2026-10-07', authorId: 'p3', actionsToDate: 'a', currentSteps: 'b', keyDates: 'c' }] : [],
    })),
  });
  const list = computeObligations(file, { today: '2026-10-19' });
  const missed = list.filter((o) => o.status === 'missed');

  it('the two summaries for 15 Oct are missed, not overdue, and not open', () => {
    expect(missed.map((o) => [o.caseId, o.due])).toEqual([
      ['C-2', '2026-10-08'],
      ['C-3', '2026-10-08'],
    ]);
    expect(missed.some(isOpen)).toBe(false);
  });

  it('no reminder and no escalation for them, however long ago', () => {
    const later = computeObligations(file, { today: '2026-12-21' }).filter((o) => o.meetingOn === '2026-10-15');
    const groups = reminderCandidates(later, { today: '2026-12-21', graceDays: 5, managerOf: () => 'p9', known: () => true });
    expect([...groups.values()].flat()).toEqual([]);
  });

  it('the summaries-on-time figure counts them as not on time: 1 of 3', () => {
    const m = measures({ ...file, obligations: list }, { from: '2026-10-01', to: '2026-10-19', today: '2026-10-19' });
    expect(m.cmooe.summariesOnTime).toMatchObject({ met: 1, total: 3, percent: 33, missedIds: ['C-2', 'C-3'] });
  });
});

describe('meeting-action: each action agreed at a meeting is an obligation of its owner', () => {
  const file: CaseFile = caseFileSchema.parse({
    meetingSeries: [...SERIES, { id: 'weekly', title: 'Weekly team manager meeting', firstMeetingOn: '2026-10-05', everyDays: 7 }],
    people: [
      { id: 'p1', name: 'Provision Lead', roles: ['provision-lead'], managerId: 'p9' },
      { id: 'p3', name: 'Inclusion Lead', roles: ['inclusion-lead', 'virtual-school'], managerId: 'p9' },
      { id: 'p9', name: 'Team Manager', roles: ['team-manager'] },
    ],
    cases: [{ id: 'C-1', childName: 'Child One', dateOfBirth: '2012-10-15', leadProfessionalId: 'p1', inclusionLeadId: 'p3' }],
    actions: [
      { id: 'A-1', seriesId: 'cmooe', meetingOn: '2026-11-12', caseId: 'C-1', text: 'Find a tutor', ownerId: 'p3', dueOn: '2026-11-26', closedOn: null },
      { id: 'A-2', seriesId: 'cmooe', meetingOn: '2026-10-29', caseId: 'C-1', text: 'Call the school', ownerId: 'p1', dueOn: '2026-11-05', closedOn: '2026-11-05', closedNote: 'Called' },
      { id: 'A-3', seriesId: 'cmooe', meetingOn: '2026-10-29', caseId: 'C-1', text: 'Write to the family', ownerId: 'p1', dueOn: '2026-11-05', closedOn: '2026-11-09' },
      { id: 'W-1', seriesId: 'weekly', meetingOn: '2026-11-16', caseId: null, text: 'Cover the North caseload', ownerId: 'p9', dueOn: '2026-11-20', closedOn: null },
    ],
  });
  const actions = computeObligations(file, { today: '2026-11-23' }).filter((o) => o.kind === 'meeting-action');
  const byId = (id: string) => actions.find((o) => o.actionId === id)!;

  it('due on its due date, done when closed (on time or late), overdue or due soon while open', () => {
    expect([byId('A-1'), byId('A-2'), byId('A-3'), byId('W-1')].map(brief)).toEqual([
      { due: '2026-11-26', status: 'due-soon', completedOn: null },
      { due: '2026-11-05', status: 'met', completedOn: '2026-11-05' },
      { due: '2026-11-05', status: 'met-late', completedOn: '2026-11-09' },
      { due: '2026-11-20', status: 'overdue', completedOn: null },
    ]);
  });

  it("owned by the action's owner in their first role; the meeting, the case and the action named", () => {
    expect(byId('A-1')).toMatchObject({
      caseId: 'C-1',
      personId: null,
      ownerId: 'p3',
      ownerRole: 'inclusion-lead',
      seriesId: 'cmooe',
      meetingOn: '2026-11-12',
      citation: 'PS 4.2',
      subject: 'Find a tutor',
      key: 'C-1/meeting-action/2026-11-26/A-1',
      basis: 'the date set at the CMOOE oversight meeting on 12 Nov 2026',
    });
    // The weekly meeting's action for no case: the owner's, keyed by the owner, cited to PS 4.1.
    expect(byId('W-1')).toMatchObject({
      caseId: null,
      ownerId: 'p9',
      ownerRole: 'team-manager',
      seriesId: 'weekly',
      citation: 'PS 4.1',
      key: 'p9/meeting-action/2026-11-20/W-1',
      basis: 'the date set at the Weekly team manager meeting on 16 Nov 2026',
    });
  });

  it("is in the JSON output with the action's id (case-file.md: actionId), before the basis", () => {
    const json = toObligationJson(byId('A-1'));
    expect(Object.keys(json)).toEqual(['caseId', 'personId', 'kind', 'due', 'status', 'completedOn', 'ownerRole', 'ownerId', 'citation', 'seriesId', 'meetingOn', 'pfa', 'actionId', 'basis']);
    expect(json.actionId).toBe('A-1');
    // Other kinds carry no actionId at all.
    expect(Object.keys(toObligationJson(summaryFor15Oct('2026-10-16')))).not.toContain('actionId');
  });
});

describe('cease-appeal-window (PS 9.6: not ceased before the appeal window has lapsed)', () => {
  const cease = (ceaseNoticeOn: string, ceasedOn: string | null, months?: number) =>
    ceaseAppealWindow(
      makeCase({ plan: { issuedOn: '2024-03-01', ceaseNoticeOn, ceasedOn } }),
      ctxOn('2027-03-01', months === undefined ? {} : { policy: { ...DORSET, parameters: { ...DORSET.parameters, ceaseAppealWindowMonths: months } } }),
    );
  it.each([
    // Notice 15 Sep 2026 + 2 months = 15 Nov 2026.
    ['not ceased yet', '2026-09-15', null, '2026-11-15', 'ok'],
    ['ceased on the day the window lapses', '2026-09-15', '2026-11-15', '2026-11-15', 'ok'],
    ['ceased a day early', '2026-09-15', '2026-11-14', '2026-11-15', 'breached'],
    // 31 Dec + 2 months is the last day of February.
    ['notice on 31 Dec 2026', '2026-12-31', '2027-02-27', '2027-02-28', 'breached'],
  ] as const)('%s', (_name, noticeOn, ceasedOn, notBefore, status) => {
    const [o] = cease(noticeOn, ceasedOn);
    expect(o).toMatchObject({ kind: 'cease-appeal-window', due: notBefore, status, completedOn: ceasedOn, ownerRole: 'provision-lead', ownerId: 'p1', citation: 'PS 9.6' });
  });

  it("explains itself, and follows the profile's window", () => {
    expect(cease('2026-09-15', null)[0]!.basis).toBe('not before 2 months after the decision to cease the plan was notified on 15 Sep 2026 (the appeal window)');
    const [three] = cease('2026-09-15', '2026-11-20', 3);
    expect(three).toMatchObject({ due: '2026-12-15', status: 'breached' });
    expect(three!.basis).toContain('not before 3 months after');
  });

  it('no notice, no obligation', () => {
    expect(ceaseAppealWindow(makeCase({ plan: { issuedOn: '2024-03-01', ceasedOn: '2026-11-14' } }), ctxOn('2027-03-01'))).toEqual([]);
  });
});
