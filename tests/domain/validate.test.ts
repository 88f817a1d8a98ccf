// Reading a case file (docs/case-file.md): every error at once, each naming its JSON path.
import { describe, expect, it } from '@jest/globals';
import { formatError, parseCaseFile, parseCaseFileText, readCaseFile, CaseFileInvalidError } from '../../src/domain/validate.js';

/** The example of docs/case-file.md, as a user would write it. */
function exampleFile(): any {
  return {
    policy: 'dorset',
    meetingSeries: [
      { id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2026-11-26', everyDays: 14 },
      { id: 'cic-cmooe', title: 'Children in Care CMOOE', firstMeetingOn: '2026-11-27', everyDays: 14 },
    ],
    people: [
      { id: 'p1', name: 'Alex Reed', email: 'alex.reed@example.org', roles: ['provision-lead'], team: 'North', locality: 'North', managerId: 'p9', startedOn: '2024-01-08' },
      { id: 'p3', name: 'Kim Lane', email: 'kim.lane@example.org', roles: ['inclusion-lead'], team: 'North', locality: 'North', managerId: 'p9', startedOn: '2023-01-08' },
      { id: 'p9', name: 'Sam Okoro', email: 'sam.okoro@example.org', roles: ['team-manager'], team: 'North', locality: 'North', managerId: 'p20', startedOn: '2019-05-01' },
      { id: 'p20', name: 'Pat Moss', email: 'pat.moss@example.org', roles: ['service-manager'], team: null, locality: null, managerId: null, startedOn: '2018-05-01' },
      { id: 'p30', name: 'Lee Chair', email: 'lee.chair@example.org', roles: ['cmooe-chair'], team: null, locality: null, managerId: 'p20', startedOn: '2018-05-01' },
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
        assessment: { requestedOn: '2026-06-01', decisionOn: '2026-07-10', decision: 'assess', outcome: 'issue', outcomeNoticeOn: null, draftSentOn: '2026-09-20', exceptionReason: null },
        adviceRequests: [{ agency: 'health', requestedOn: '2026-07-12', receivedOn: '2026-08-30' }],
        plan: { issuedOn: '2026-10-12', ceasedOn: null, transferredOutOn: null },
        reviews: [{ meetingOn: '2027-09-20', adviceCirculatedOn: null, outcomeSentOn: null }],
        phaseTransfer: { moveOn: '2028-09-01', kind: 'post16', completedOn: null },
        amendments: [{ noticeOn: '2026-11-02', issuedOn: null }],
        laTransfer: null,
        mediations: [{ requestedOn: '2026-11-10', sessionOn: null }],
        cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }],
        cmooeSummaries: [{ submittedOn: '2026-11-12', authorId: 'p3', actionsToDate: 'a', currentSteps: 'b', keyDates: 'c' }],
        exclusions: [{ permanentFrom: '2026-11-02', provisionFrom: null }],
        caseNotes: [{ eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-21T09:00:00Z', authorId: 'p1', text: 'Visited.' }],
      },
    ],
    nominations: [{ caseId: 'C-1001', seriesId: 'cmooe', byId: 'p9', concern: 'No provision', madeOn: '2026-11-18' }],
    selections: [{ caseId: 'C-1001', seriesId: 'cmooe', meetingOn: '2026-11-26', byId: 'p30' }],
    actions: [{ id: 'A-1', seriesId: 'cmooe', meetingOn: '2026-11-12', caseId: 'C-1001', text: 'Find a place', ownerId: 'p3', dueOn: '2026-11-20', closedOn: null }],
  };
}

function errorsOf(file: unknown): string[] {
  const r = parseCaseFile(file);
  return r.ok ? [] : r.errors.map(formatError);
}

describe('a valid case file', () => {
  it('reads the example of docs/case-file.md with no errors', () => {
    const r = parseCaseFile(exampleFile());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.file.cases[0]!.plan!.issuedOn).toBe('2026-10-12');
      expect(r.file.people).toHaveLength(5);
    }
  });

  it('treats missing fields as "not yet" (null) and missing lists as empty', () => {
    const file = { people: [{ id: 'p1', name: 'A', roles: ['provision-lead'] }], cases: [{ id: 'C-1', childName: 'B C', dateOfBirth: '2015-01-01' }] };
    const parsed = readCaseFile(file);
    expect(parsed.cases[0]!.plan).toBeNull();
    expect(parsed.cases[0]!.reviews).toEqual([]);
    expect(parsed.people[0]!.managerId).toBeNull();
    expect(parsed.nominations).toEqual([]);
  });
});

describe('schema errors name the JSON path', () => {
  it('an impossible date', () => {
    const f = exampleFile();
    f.cases[0].plan.issuedOn = '2026-02-30';
    expect(errorsOf(f)).toContain('cases[0].plan.issuedOn: not a date "2026-02-30"');
  });

  it('an unknown field, so a typo cannot silently drop a date', () => {
    const f = exampleFile();
    f.cases[0].plan.isuedOn = '2026-10-12';
    f.people[1].emial = 'x@example.org';
    const errors = errorsOf(f);
    expect(errors).toContain('cases[0].plan.isuedOn: unknown field');
    expect(errors).toContain('people[1].emial: unknown field');
  });

  it('a wrong type and a value outside its list', () => {
    const f = exampleFile();
    f.cases[0].childInCare = 'yes';
    f.cases[0].primaryNeed = 'AUTISM';
    f.cases[0].cmooe[0].reason = 'truant';
    const errors = errorsOf(f);
    expect(errors).toContain('cases[0].childInCare: expected boolean, got string "yes"');
    expect(errors.some((e) => e.startsWith('cases[0].primaryNeed: string "AUTISM" is not one of "SPLD"'))).toBe(true);
    expect(errors.some((e) => e.startsWith('cases[0].cmooe[0].reason: string "truant" is not one of'))).toBe(true);
  });

  it('a missing required field and an instant without an offset', () => {
    const f = exampleFile();
    delete f.cases[0].dateOfBirth;
    f.cases[0].caseNotes[0].eventAt = '2026-11-20T10:00:00';
    const errors = errorsOf(f);
    expect(errors).toContain('cases[0].dateOfBirth: required (expected string)');
    expect(errors).toContain('cases[0].caseNotes[0].eventAt: not an instant with an offset or Z "2026-11-20T10:00:00"');
  });

  it('reports every error in the file at once, not just the first', () => {
    const f = exampleFile();
    f.cases[0].plan.issuedOn = '2026-02-30';
    f.cases[0].reviews[0].meetingOn = '2027-13-01';
    f.people[0].roles = ['wizard'];
    f.supervisions[0].heldOn = 'yesterday';
    f.nominations[0].caseId = 'C-9999';
    expect(errorsOf(f)).toHaveLength(5);
  });

  it('bad JSON is an error, not a crash', () => {
    const r = parseCaseFileText('{ "cases": [ }');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/^not valid JSON/);
  });

  it('readCaseFile throws one error listing them all', () => {
    const f = exampleFile();
    f.cases[0].plan.issuedOn = '2026-02-30';
    f.people[0].managerId = 'nobody';
    expect(() => readCaseFile(f)).toThrow(CaseFileInvalidError);
    expect(() => readCaseFile(f)).toThrow('the case file has 2 errors:\ncases[0].plan.issuedOn: not a date "2026-02-30"\npeople[0].managerId: no person with id "nobody"');
  });
});

describe('cross-checks a user would want caught', () => {
  it.each([
    [
      'a lead professional who does not exist',
      (f: any) => {
        f.cases[0].leadProfessionalId = 'p404';
      },
      'cases[0].leadProfessionalId: no person with id "p404"',
    ],
    [
      'a nomination of an unknown case',
      (f: any) => {
        f.nominations[0].caseId = 'C-9999';
      },
      'nominations[0].caseId: no case with id "C-9999"',
    ],
    [
      'a nomination for an unknown series',
      (f: any) => {
        f.nominations[0].seriesId = 'weekly';
      },
      'nominations[0].seriesId: no meeting series with id "weekly"',
    ],
    [
      'an action owned by nobody known',
      (f: any) => {
        f.actions[0].ownerId = 'p77';
      },
      'actions[0].ownerId: no person with id "p77"',
    ],
    [
      'a summary by an unknown author',
      (f: any) => {
        f.cases[0].cmooeSummaries[0].authorId = 'zz';
      },
      'cases[0].cmooeSummaries[0].authorId: no person with id "zz"',
    ],
    [
      'a supervisor who does not exist',
      (f: any) => {
        f.supervisions[0].supervisorId = 'p99';
      },
      'supervisions[0].supervisorId: no person with id "p99"',
    ],
    [
      'a final plan issued before its request',
      (f: any) => {
        f.cases[0].plan.issuedOn = '2026-05-01';
        f.cases[0].assessment.draftSentOn = null;
      },
      'cases[0].plan.issuedOn: final plan issued before its assessment request',
    ],
    [
      'a review meeting before the plan was issued',
      (f: any) => {
        f.cases[0].reviews[0].meetingOn = '2026-10-01';
      },
      'cases[0].reviews[0].meetingOn: review meeting before the plan was issued',
    ],
    [
      'a decision before the request',
      (f: any) => {
        f.cases[0].assessment.decisionOn = '2026-05-20';
      },
      'cases[0].assessment.decisionOn: decision made before the request was received',
    ],
    [
      'notes shared before the supervision',
      (f: any) => {
        f.supervisions[0].notesSharedOn = '2026-10-19';
      },
      'supervisions[0].notesSharedOn: notes shared before the supervision was held',
    ],
    [
      'a CMOOE period that ends before it starts',
      (f: any) => {
        f.cases[0].cmooe[0].to = '2026-09-01';
      },
      'cases[0].cmooe[0].to: CMOOE period ends before it starts',
    ],
    [
      'a note recorded before the event',
      (f: any) => {
        f.cases[0].caseNotes[0].recordedAt = '2026-11-19T09:00:00Z';
      },
      'cases[0].caseNotes[0].recordedAt: recorded before the event it records',
    ],
    [
      'two cases with one id',
      (f: any) => {
        f.cases.push({ ...f.cases[0] });
      },
      'cases[1].id: duplicate id "C-1001" (also cases[0])',
    ],
    [
      'a selection for a day the series does not meet',
      (f: any) => {
        f.selections[0].meetingOn = '2026-11-27';
      },
      'selections[0].meetingOn: "2026-11-27" is not a meeting date of series "cmooe"',
    ],
    [
      'a person managing themselves',
      (f: any) => {
        f.people[2].managerId = 'p9';
      },
      'people[2].managerId: a person cannot be their own manager',
    ],
  ])('%s', (_what, breakIt, expected) => {
    const f = exampleFile();
    breakIt(f);
    expect(errorsOf(f)).toContain(expected);
  });

  it('a review with no plan at all is caught; an invalid issue date is reported once, as a date error', () => {
    const f = exampleFile();
    f.cases[0].plan = null;
    expect(errorsOf(f)).toContain('cases[0].reviews[0].meetingOn: a review meeting is recorded but no final plan has been issued');
  });

  it('allows a plan issued on the day of the request and a review on the day of issue (deadlines are inclusive)', () => {
    const f = exampleFile();
    f.cases[0].assessment.draftSentOn = null;
    f.cases[0].plan.issuedOn = '2026-06-01';
    f.cases[0].reviews[0].meetingOn = '2026-06-01';
    expect(errorsOf(f)).toEqual([]);
  });
});
