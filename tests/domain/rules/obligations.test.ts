// computeObligations over a whole case file: the example of docs/case-file.md (with its people's managers
// added and a second case for the ordering), checked through the documented JSON shape and order.
import { describe, expect, it } from '@jest/globals';
import { caseFileSchema } from '../../../src/domain/model.js';
import { compareObligations, toObligationJson, type Obligation } from '../../../src/domain/obligation.js';
import { computeObligations, ruleContext } from '../../../src/domain/obligations.js';
import { actionObligations, caseObligations, personObligations } from '../../../src/domain/rules/index.js';

const file = caseFileSchema.parse({
  policy: 'dorset',
  meetingSeries: [
    { id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2026-11-26', everyDays: 14 },
    { id: 'cic-cmooe', title: 'Children in Care CMOOE', firstMeetingOn: '2026-11-27', everyDays: 14 },
  ],
  people: [
    { id: 'p1', name: 'Alex Reed', email: 'alex.reed@example.org', roles: ['provision-lead'], team: 'North', locality: 'North', managerId: 'p9', startedOn: '2024-01-08' },
    { id: 'p3', name: 'Jo Inclusion', roles: ['inclusion-lead'], team: 'North', locality: 'North' },
    { id: 'p9', name: 'Sam Okoro', email: 'sam.okoro@example.org', roles: ['team-manager'], team: 'North', locality: 'North', managerId: 'p20', startedOn: '2019-05-01' },
    { id: 'p20', name: 'Service Manager', roles: ['service-manager'] },
  ],
  supervisions: [{ superviseeId: 'p1', supervisorId: 'p9', heldOn: '2026-10-20', notesSharedOn: '2026-10-29' }],
  cases: [
    {
      id: 'C-1001',
      childName: 'Jamie Example',
      dateOfBirth: '2012-10-15',
      ncYearOverride: null,
      childInCare: false,
      locality: 'North',
      team: 'North',
      setting: 'Hillside Academy',
      settingUrn: '100001',
      primaryNeed: 'ASD',
      leadProfessionalId: 'p1',
      inclusionLeadId: 'p3',
      consentToShare: { givenBy: 'parent', recordedOn: '2026-06-02' },
      assessment: {
        requestedOn: '2026-06-01',
        decisionOn: '2026-07-10',
        decision: 'assess',
        outcome: 'issue',
        outcomeNoticeOn: null,
        draftSentOn: '2026-09-20',
        exceptionReason: null,
      },
      adviceRequests: [{ agency: 'health', requestedOn: '2026-07-12', receivedOn: '2026-08-30' }],
      plan: { issuedOn: '2026-10-12', ceasedOn: null, transferredOutOn: null },
      reviews: [{ meetingOn: '2027-09-20', adviceCirculatedOn: null, outcomeSentOn: null }],
      phaseTransfer: { moveOn: '2028-09-01', kind: 'post16', completedOn: null },
      amendments: [{ noticeOn: '2026-11-02', issuedOn: null }],
      laTransfer: null,
      mediations: [{ requestedOn: '2026-11-10', sessionOn: null }],
      cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }],
      cmooeSummaries: [{ submittedOn: '2026-11-12', authorId: 'p3', actionsToDate: '…', currentSteps: '…', keyDates: '…' }],
      exclusions: [{ permanentFrom: '2026-11-02', provisionFrom: null }],
      caseNotes: [{ eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-21T09:00:00Z', authorId: 'p1', text: '…' }],
    },
    // A second case whose decision falls due the same day as C-1001's: ties sort by case id.
    { id: 'C-0999', childName: 'Robin Example', dateOfBirth: '2016-02-01', leadProfessionalId: 'p1', assessment: { requestedOn: '2026-06-01' } },
  ],
});

describe('computeObligations on the docs/case-file.md example (today 23 Nov 2026)', () => {
  const list = computeObligations(file, { today: '2026-11-23' });
  const json = list.map(toObligationJson);

  it('lists every obligation, sorted by due, then case, then kind', () => {
    // [due, caseId, personId, kind, status, completedOn]
    expect(json.map((o) => [o.due, o.caseId, o.personId, o.kind, o.status, o.completedOn])).toEqual([
      ['2019-06-01', null, 'p9', 'supervision', 'overdue', null], // started 1 May 2019, never supervised
      ['2024-02-08', null, 'p1', 'supervision', 'met-late', '2026-10-20'],
      ['2026-07-13', 'C-0999', null, 'assessment-decision', 'overdue', null],
      ['2026-07-13', 'C-1001', null, 'assessment-decision', 'met', '2026-07-10'],
      ['2026-08-23', 'C-1001', null, 'agency-advice', 'met-late', '2026-08-30'],
      ['2026-10-05', 'C-1001', null, 'draft-representations', 'ok', '2026-10-12'],
      ['2026-10-19', 'C-1001', null, 'final-plan', 'met', '2026-10-12'],
      ['2026-11-03', null, 'p1', 'supervision-notes', 'met', '2026-10-29'],
      ['2026-11-09', 'C-1001', null, 'exclusion-provision', 'overdue', null], // Mon 2 Nov is day 1, Mon 9 Nov day 6
      ['2026-11-19', 'C-1001', null, 'cmooe-summary', 'met', '2026-11-12'],
      ['2026-11-20', null, 'p1', 'supervision', 'overdue', null],
      ['2026-11-22T10:00:00.000Z', 'C-1001', null, 'casework-recording', 'met', '2026-11-21T09:00:00Z'],
      ['2026-12-03', 'C-1001', null, 'cmooe-summary', 'due-soon', null],
      ['2026-12-10', 'C-1001', null, 'mediation-session', 'upcoming', null],
      ['2026-12-28', 'C-1001', null, 'amendment-issue', 'upcoming', null],
      ['2027-09-06', 'C-1001', null, 'review-advice-circulation', 'upcoming', null],
      ['2027-10-12', 'C-1001', null, 'annual-review', 'upcoming', null],
      ['2028-03-31', 'C-1001', null, 'phase-transfer-review', 'upcoming', null],
    ]);
  });

  it('prints the documented JSON object, fields in order, pfa only on the annual review', () => {
    const review = json.find((o) => o.kind === 'annual-review')!;
    expect(JSON.stringify(review)).toBe(
      JSON.stringify({
        caseId: 'C-1001',
        personId: null,
        kind: 'annual-review',
        due: '2027-10-12',
        status: 'upcoming',
        completedOn: null,
        ownerRole: 'provision-lead',
        ownerId: 'p1',
        citation: 'PS 7.4',
        seriesId: null,
        meetingOn: null,
        pfa: true,
        basis: "12 months after the plan's issue on 12 Oct 2026",
      }),
    );
    for (const o of json) if (o.kind !== 'annual-review') expect(o.pfa).toBeNull();
  });

  it('sets seriesId and meetingOn only on CMOOE summaries, personId only on supervision', () => {
    expect(json.filter((o) => o.kind === 'cmooe-summary').map((o) => [o.seriesId, o.meetingOn])).toEqual([
      ['cmooe', '2026-11-26'],
      ['cmooe', '2026-12-10'],
    ]);
    for (const o of json) {
      if (o.kind !== 'cmooe-summary') expect([o.seriesId, o.meetingOn]).toEqual([null, null]);
      expect(o.personId !== null).toBe(o.kind === 'supervision' || o.kind === 'supervision-notes');
      expect(o.caseId === null).toBe(o.kind === 'supervision' || o.kind === 'supervision-notes');
    }
  });

  it('names the owners of the standards', () => {
    const owner = (kind: string) => json.filter((o) => o.kind === kind).map((o) => [o.ownerRole, o.ownerId, o.citation]);
    expect(owner('mediation-session')).toEqual([['team-manager', 'p9', 'PS 12.6']]);
    expect(owner('exclusion-provision')).toEqual([['inclusion-lead', 'p3', 'PS 6.17']]);
    expect(owner('casework-recording')).toEqual([['provision-lead', 'p1', 'PS 11.2']]);
    expect(owner('supervision-notes')).toEqual([['team-manager', 'p9', 'PS 11.4']]);
    expect(owner('supervision')).toEqual([
      ['team-manager', 'p20', 'PS 6.13'],
      ['team-manager', 'p9', 'PS 6.13'],
      ['team-manager', 'p9', 'PS 6.13'],
    ]);
  });

  it('gives every obligation a distinct key that does not change with the day', () => {
    const keys = list.map((o) => o.key);
    expect(new Set(keys).size).toBe(keys.length);
    const later = computeObligations(file, { today: '2026-12-05' });
    // The same obligations (same kind, case or person, due date) keep their keys on another day.
    const identity = (o: (typeof list)[number]) => `${o.kind}|${o.caseId}|${o.personId}|${o.due}`;
    const laterKeys = new Map(later.map((o) => [identity(o), o.key]));
    for (const o of list) if (laterKeys.has(identity(o))) expect(laterKeys.get(identity(o))).toBe(o.key);
    expect(later.find((o) => o.kind === 'cmooe-summary' && o.due === '2026-12-03')!.status).toBe('overdue');
  });

  it('a shorter lookahead turns due-soon into upcoming', () => {
    const week = computeObligations(file, { today: '2026-11-23', lookaheadDays: 7 });
    expect(week.find((o) => o.kind === 'cmooe-summary' && o.due === '2026-12-03')!.status).toBe('upcoming');
  });
});

describe("computeObligations hands out every rule's obligations, in order, whatever the order of the file", () => {
  it("equals every rule's obligations sorted by compareObligations (cases, people and actions out of order; an action for a case not in the file)", () => {
    const shuffled = caseFileSchema.parse({
      ...file,
      cases: [...[...file.cases].reverse(), { id: 'C-10', childName: 'Ten', dateOfBirth: '2015-01-01', leadProfessionalId: 'p1', assessment: { requestedOn: '2026-06-01' } }],
      people: [...file.people].reverse(),
      meetingSeries: [...file.meetingSeries, { id: 'weekly', title: 'Weekly team manager meeting', firstMeetingOn: '2026-11-02', everyDays: 7 }],
      actions: [
        { id: 'A-3', seriesId: 'cmooe', meetingOn: '2026-11-12', caseId: 'C-1001', text: 'b', ownerId: 'p3', dueOn: '2026-11-19', closedOn: null },
        { id: 'A-1', seriesId: 'weekly', meetingOn: '2026-11-16', caseId: null, text: 'c', ownerId: 'p9', dueOn: '2026-11-19', closedOn: null },
        { id: 'A-2', seriesId: 'cmooe', meetingOn: '2026-11-12', caseId: 'C-0999', text: 'a', ownerId: 'p1', dueOn: '2026-11-19', closedOn: null },
        { id: 'A-4', seriesId: 'cmooe', meetingOn: '2026-11-12', caseId: 'C-GONE', text: 'd', ownerId: 'p1', dueOn: '2026-11-19', closedOn: null },
        { id: 'A-5', seriesId: 'weekly', meetingOn: '2026-11-16', caseId: null, text: 'e', ownerId: 'p1', dueOn: '2026-11-19', closedOn: '2026-11-18' },
      ],
    });
    const ctx = ruleContext(shuffled, { today: '2026-11-23' });
    const every: Obligation[] = [];
    for (const c of shuffled.cases) caseObligations(c, ctx, every);
    for (const p of shuffled.people)
      personObligations(
        p,
        shuffled.supervisions.filter((s) => s.superviseeId === p.id),
        ctx,
        every,
      );
    actionObligations(shuffled.actions, ctx, every);
    const expected = every.sort(compareObligations).map((o) => o.key);
    expect(computeObligations(shuffled, { today: '2026-11-23' }).map((o) => o.key)).toEqual(expected);
    expect(expected).toContain('C-GONE/meeting-action/2026-11-19/A-4');
    expect(expected).toContain('p9/meeting-action/2026-11-19/A-1');
  });
});
