// EHC needs assessment rules (docs/rules.md section 3; PS 5.3, 5.16, 5.17, 5.18, 5.19), from tables
// whose expected dates were worked out by hand from the standards.
import { describe, expect, it } from '@jest/globals';
import { agencyAdvice, assessmentDecision, draftRepresentations, finalPlan, notIssuingNotice } from '../../../src/domain/rules/index.js';
import { brief, ctxOn, makeCase, OBLIGATION_FIELDS } from './fixtures.js';

// A request received Monday 1 June 2026: 6 weeks -> 13 July, 16 weeks -> 21 September, 20 weeks -> 19 October.
const requested = (more: Record<string, unknown> = {}) => ({ requestedOn: '2026-06-01', ...more });

describe('assessment-decision (PS 5.3: decide within 6 weeks of the request)', () => {
  it.each([
    ['decided on the due date is on time', { decisionOn: '2026-07-13' }, '2026-08-01', 'met', '2026-07-13'],
    ['decided the day after is late', { decisionOn: '2026-07-14' }, '2026-08-01', 'met-late', '2026-07-14'],
    ['undecided the day after the due date', {}, '2026-07-14', 'overdue', null],
    ['undecided on the due date itself', {}, '2026-07-13', 'due-soon', null],
    ['undecided 14 days before (the lookahead)', {}, '2026-06-29', 'due-soon', null],
    ['undecided 15 days before', {}, '2026-06-28', 'upcoming', null],
  ] as const)('%s', (_name, fields, today, status, completedOn) => {
    const c = makeCase({ assessment: requested(fields) });
    expect(assessmentDecision(c, ctxOn(today)).map(brief)).toEqual([{ due: '2026-07-13', status, completedOn }]);
  });

  it('is owed by the lead professional as provision-lead, cites PS 5.3, and has every field', () => {
    const [o] = assessmentDecision(makeCase({ id: 'C-7', assessment: requested() }), ctxOn('2026-06-02'));
    expect(o).toMatchObject({
      caseId: 'C-7',
      personId: null,
      kind: 'assessment-decision',
      ownerRole: 'provision-lead',
      ownerId: 'p1',
      citation: 'PS 5.3',
      seriesId: null,
      meetingOn: null,
      pfa: null,
      key: 'C-7/assessment-decision/2026-07-13',
    });
    for (const field of OBLIGATION_FIELDS) expect(o).toHaveProperty(field);
  });

  it('is not owed without an assessment request', () => {
    expect(assessmentDecision(makeCase(), ctxOn('2026-06-02'))).toEqual([]);
  });
});

describe('not-issuing-notice (PS 5.18: tell the family within 16 weeks of the request)', () => {
  const notIssue = (more: Record<string, unknown> = {}) => requested({ decisionOn: '2026-07-10', decision: 'assess', outcome: 'not-issue', ...more });
  it.each([
    ['notice on the due date', { outcomeNoticeOn: '2026-09-21' }, '2026-10-01', 'met', '2026-09-21'],
    ['notice a day late', { outcomeNoticeOn: '2026-09-22' }, '2026-10-01', 'met-late', '2026-09-22'],
    ['no notice, the day after', {}, '2026-09-22', 'overdue', null],
    ['no notice, 11 days before', {}, '2026-09-10', 'due-soon', null],
    ['no notice, 7 weeks before', {}, '2026-08-03', 'upcoming', null],
  ] as const)('%s', (_name, fields, today, status, completedOn) => {
    const c = makeCase({ assessment: notIssue(fields) });
    expect(notIssuingNotice(c, ctxOn(today)).map(brief)).toEqual([{ due: '2026-09-21', status, completedOn }]);
    expect(notIssuingNotice(c, ctxOn(today))[0]!.citation).toBe('PS 5.18');
  });

  it.each([
    ['the outcome is to issue', { outcome: 'issue' }],
    ['no outcome yet', { outcome: null }],
  ])('is not owed when %s', (_name, fields) => {
    expect(notIssuingNotice(makeCase({ assessment: notIssue(fields) }), ctxOn('2026-08-01'))).toEqual([]);
  });
});

describe('final-plan (PS 5.16: the final plan within 20 weeks of the request)', () => {
  const assess = (more: Record<string, unknown> = {}) => requested({ decisionOn: '2026-07-10', decision: 'assess', ...more });
  it.each([
    ['issued on the due date', { outcome: 'issue' }, '2026-10-19', '2026-11-01', 'met'],
    ['issued a week early', { outcome: 'issue' }, '2026-10-12', '2026-11-01', 'met'],
    ['issued a day late', { outcome: 'issue' }, '2026-10-20', '2026-11-01', 'met-late'],
    ['not issued, the day after', {}, null, '2026-10-20', 'overdue'],
    ['not issued, 14 days before', {}, null, '2026-10-05', 'due-soon'],
    ['not issued, 7 weeks before', {}, null, '2026-09-01', 'upcoming'],
    ['exception recorded, issued late', { exceptionReason: 'parent asked for a delay' }, '2026-12-01', '2026-12-02', 'excepted'],
    ['exception recorded, not issued and past due', { exceptionReason: 'school closed in the summer' }, null, '2027-01-05', 'excepted'],
  ] as const)('%s', (_name, fields, issuedOn, today, status) => {
    const c = makeCase({ assessment: assess(fields), plan: issuedOn === null ? null : { issuedOn } });
    const list = finalPlan(c, ctxOn(today));
    expect(list.map(brief)).toEqual([{ due: '2026-10-19', status, completedOn: issuedOn }]);
    expect(list[0]!.citation).toBe('PS 5.16');
  });

  it.each([
    ['the decision was not to assess', { decision: 'not-assess' }],
    ['no decision yet', { decision: null, decisionOn: null }],
    ['decided, after assessing, not to issue', { outcome: 'not-issue' }],
  ])('is not owed when %s', (_name, fields) => {
    expect(finalPlan(makeCase({ assessment: assess(fields) }), ctxOn('2026-08-01'))).toEqual([]);
  });
});

describe('agency-advice (PS 5.17: advice within 6 weeks of the request)', () => {
  it('gives one obligation per request, with the agency as subject', () => {
    const c = makeCase({
      assessment: requested(),
      adviceRequests: [
        { agency: 'health', requestedOn: '2026-07-12', receivedOn: '2026-08-30' },
        { agency: 'education', requestedOn: '2026-07-12', receivedOn: '2026-08-23' },
        { agency: 'social care', requestedOn: '2026-10-01' },
        { agency: 'educational psychology', requestedOn: '2026-11-01' },
        { agency: 'speech and language', requestedOn: '2026-11-20' },
      ],
    });
    const list = agencyAdvice(c, ctxOn('2026-11-30'));
    // Listed by due date, then agency (the order they are listed in everywhere).
    expect(list.map((o) => ({ subject: o.subject, ...brief(o) }))).toEqual([
      { subject: 'education', due: '2026-08-23', status: 'met', completedOn: '2026-08-23' },
      { subject: 'health', due: '2026-08-23', status: 'met-late', completedOn: '2026-08-30' },
      { subject: 'social care', due: '2026-11-12', status: 'overdue', completedOn: null },
      { subject: 'educational psychology', due: '2026-12-13', status: 'due-soon', completedOn: null },
      { subject: 'speech and language', due: '2027-01-01', status: 'upcoming', completedOn: null },
    ]);
    for (const o of list) expect(o).toMatchObject({ ownerRole: 'provision-lead', ownerId: 'p1', citation: 'PS 5.17' });
    expect(new Set(list.map((o) => o.key)).size).toBe(5);
    expect(list[1]!.key).toBe('C-1/agency-advice/2026-08-23/health');
  });

  it('keeps keys distinct for two requests to the same agency on the same day', () => {
    const c = makeCase({
      adviceRequests: [
        { agency: 'health', requestedOn: '2026-07-12' },
        { agency: 'health', requestedOn: '2026-07-12' },
      ],
    });
    expect(agencyAdvice(c, ctxOn('2026-07-13')).map((o) => o.key)).toEqual(['C-1/agency-advice/2026-08-23/health', 'C-1/agency-advice/2026-08-23/health#2']);
  });
});

describe('draft-representations (PS 5.19: the final plan not before the draft was sent + 15 days)', () => {
  // Draft sent 20 September 2026: the final plan may be issued from 5 October.
  it.each([
    ['issued a week after the 15 days', '2026-10-12', 'ok'],
    ['issued on the first allowed day', '2026-10-05', 'ok'],
    ['issued a day too early', '2026-10-04', 'breached'],
    ['not issued yet', null, 'ok'],
  ] as const)('%s', (_name, issuedOn, status) => {
    const c = makeCase({ assessment: requested({ decision: 'assess', draftSentOn: '2026-09-20' }), plan: issuedOn === null ? null : { issuedOn } });
    const list = draftRepresentations(c, ctxOn('2026-10-20'));
    expect(list.map(brief)).toEqual([{ due: '2026-10-05', status, completedOn: issuedOn }]);
    expect(list[0]).toMatchObject({ citation: 'PS 5.19', ownerRole: 'provision-lead', ownerId: 'p1' });
  });

  it('is not owed before a draft is sent', () => {
    expect(draftRepresentations(makeCase({ assessment: requested() }), ctxOn('2026-10-20'))).toEqual([]);
  });
});
