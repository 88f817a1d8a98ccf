// Durham's profile (docs/rules.md section 9), from the toolkit's words (DT, section 2b):
//   "The statutory annual review meeting should be held four weeks before the EHC plan's initial date
//    of issue" (Reviewing EHC plans);
//   "Any specialists who are actively involved ... must have at least six weeks' notice of the review
//    meeting" (Reviewing EHC plans);
//   "in Year 6, statutory annual reviews are completed by 31st December" and the receiving secondary
//   school is to "hold a review before the end of the Autumn term" (Years 6 and 7).
// Every expected date below is worked out by hand from those words and the calendar.
import { describe, expect, it } from '@jest/globals';
import type { Obligation } from '../../../src/domain/obligation.js';
import { caseObligations } from '../../../src/domain/rules/index.js';
import { brief, ctxOn, DURHAM, makeCase, type CaseInput, type CtxOptions } from './fixtures.js';

const reviewsOn = (...dates: string[]) => dates.map((meetingOn) => ({ meetingOn }));
const ofKind = (kind: Obligation['kind'], c: CaseInput, today: string, options: CtxOptions = {}) =>
  caseObligations(makeCase(c), ctxOn(today, { policy: DURHAM, ...options })).filter((o) => o.kind === kind);
const dorsetKinds = (c: CaseInput, today: string) => new Set(caseObligations(makeCase(c), ctxOn(today)).map((o) => o.kind));

describe('Durham annual review: four weeks before the anniversary (DT "Reviewing EHC plans")', () => {
  it('over 5: plan issued 12 Oct 2026, due 12 Oct 2027 - 28 days = 14 Sep 2027', () => {
    // Born 15 Oct 2012: aged 14 at the plan.
    const list = ofKind('annual-review', { plan: { issuedOn: '2026-10-12' } }, '2026-11-23');
    expect(list.map(brief)).toEqual([{ due: '2027-09-14', status: 'upcoming', completedOn: null }]);
    expect(list[0]).toMatchObject({ citation: 'DT "Reviewing EHC plans"', basis: "4 weeks before the anniversary (12 months after the plan's issue on 12 Oct 2026)" });
  });

  it.each([
    ['held 14 Sep 2027, the due date itself', '2027-09-14', 'met'],
    ['held 10 Sep 2027, earlier', '2027-09-10', 'met'],
    ['held 20 Sep 2027, within the 12 months but not four weeks ahead', '2027-09-20', 'met-late'],
  ] as const)('%s: %s', (_name, meetingOn, status) => {
    const list = ofKind('annual-review', { plan: { issuedOn: '2026-10-12' }, reviews: reviewsOn(meetingOn) }, '2027-10-01');
    expect(list[0]).toMatchObject({ due: '2027-09-14', status, completedOn: meetingOn });
    // The next one is counted from the meeting held, four weeks before its anniversary.
    expect(list[1]!.basis).toBe(`4 weeks before the anniversary (12 months after the review meeting on ${Number(meetingOn.slice(8))} Sep 2027)`);
  });

  it('the four-week lead under 5 and over 5 (born 15 Jun 2021; plan 10 Jan 2026, aged 4; review 1 Jul 2026, aged 5)', () => {
    // Under 5 at the plan: 6 months (PS 7.2) to 10 Jul 2026, less 28 days = 12 Jun 2026; held 1 Jul: late.
    // Aged 5 at that review: 12 months to 1 Jul 2027, less 28 days = 3 Jun 2027.
    const c = { dateOfBirth: '2021-06-15', plan: { issuedOn: '2026-01-10' }, reviews: reviewsOn('2026-07-01') };
    const list = ofKind('annual-review', c, '2026-11-23');
    expect(list.map(brief)).toEqual([
      { due: '2026-06-12', status: 'met-late', completedOn: '2026-07-01' },
      { due: '2027-06-03', status: 'upcoming', completedOn: null },
    ]);
    expect(list.map((o) => o.basis)).toEqual([
      "4 weeks before the 6-month point (6 months after the plan's issue on 10 Jan 2026) (the child was under 5 then: reviewed every 6 months)",
      '4 weeks before the anniversary (12 months after the review meeting on 1 Jul 2026)',
    ]);
    // The same child under Dorset: by the 6-month point and the anniversary themselves.
    const dorset = caseObligations(makeCase(c), ctxOn('2026-11-23')).filter((o) => o.kind === 'annual-review');
    expect(dorset.map(brief)).toEqual([
      { due: '2026-07-10', status: 'met', completedOn: '2026-07-01' },
      { due: '2027-07-01', status: 'upcoming', completedOn: null },
    ]);
  });
});

describe('review-specialist-notice: six weeks\' notice of each review meeting (DT "Reviewing EHC plans")', () => {
  // Meeting Mon 20 Sep 2027: 42 days before is Mon 9 Aug 2027.
  const meeting = (specialistNoticeOn: string | null) => ({ plan: { issuedOn: '2026-10-12' }, reviews: [{ meetingOn: '2027-09-20', specialistNoticeOn }] });
  it.each([
    ['notice given on 9 Aug, six weeks to the day', '2027-08-09', '2027-08-20', 'met'],
    ['notice given on 10 Aug, a day short', '2027-08-10', '2027-08-20', 'met-late'],
    ['no notice by 20 Aug', null, '2027-08-20', 'overdue'],
    ['no notice yet, 10 days ahead', null, '2027-07-30', 'due-soon'],
    ['no notice yet, a month ahead', null, '2027-07-09', 'upcoming'],
  ] as const)('%s: %s', (_name, noticeOn, today, status) => {
    const list = ofKind('review-specialist-notice', meeting(noticeOn), today);
    expect(list.map(brief)).toEqual([{ due: '2027-08-09', status, completedOn: noticeOn }]);
    expect(list[0]).toMatchObject({ ownerRole: 'provision-lead', ownerId: 'p1', citation: 'DT "Reviewing EHC plans"', basis: '6 weeks before the review meeting on 20 Sep 2027' });
  });

  it('one per meeting, scheduled or held; none under Dorset', () => {
    const c = { plan: { issuedOn: '2025-10-12' }, reviews: reviewsOn('2026-09-14', '2027-09-13') };
    expect(ofKind('review-specialist-notice', c, '2026-11-23').map((o) => o.due)).toEqual(['2026-08-03', '2027-08-02']);
    expect(dorsetKinds(c, '2026-11-23').has('review-specialist-notice')).toBe(false);
  });
});

describe('year6-review: the Year 6 annual review by 31 December (DT "Years 6 and 7")', () => {
  // Born 10 Mar 2016 (January to August: cohort 2015): NC year 6 in the school year from 1 Sep 2026.
  const child = (c: CaseInput = {}): CaseInput => ({ dateOfBirth: '2016-03-10', plan: { issuedOn: '2025-05-01' }, ...c });

  it.each([
    ['held on 31 Dec 2026', '2026-12-31', 'met'],
    ['held on 2 Jan 2027', '2027-01-02', 'met-late'],
    ['held on 1 Sep 2026, the first day of the school year', '2026-09-01', 'met'],
  ] as const)('%s: %s', (_name, meetingOn, status) => {
    const list = ofKind('year6-review', child({ reviews: reviewsOn(meetingOn) }), '2027-01-05');
    expect(list.map(brief)).toEqual([{ due: '2026-12-31', status, completedOn: meetingOn }]);
    expect(list[0]).toMatchObject({ citation: 'DT "Years 6 and 7"', basis: "31 December of the child's Year 6 (the school year from 1 Sep 2026)" });
  });

  it('a review before 1 September (in Year 5) does not count: overdue after 31 December', () => {
    expect(ofKind('year6-review', child({ reviews: reviewsOn('2026-08-20') }), '2027-01-05').map(brief)).toEqual([{ due: '2026-12-31', status: 'overdue', completedOn: null }]);
  });

  it('listed from 1 September of Year 6 (upcoming), due soon from 17 December; not before Year 6 begins', () => {
    expect(ofKind('year6-review', child(), '2026-08-31')).toEqual([]);
    expect(ofKind('year6-review', child(), '2026-09-01').map(brief)).toEqual([{ due: '2026-12-31', status: 'upcoming', completedOn: null }]);
    expect(ofKind('year6-review', child(), '2026-12-17').map(brief)).toEqual([{ due: '2026-12-31', status: 'due-soon', completedOn: null }]);
  });

  it('only for a child who has a plan when Year 6 begins; none under Dorset', () => {
    expect(ofKind('year6-review', child({ plan: { issuedOn: '2026-10-01' } }), '2026-11-23')).toEqual([]);
    expect(ofKind('year6-review', child({ plan: { issuedOn: '2025-05-01', ceasedOn: '2026-07-01' } }), '2026-11-23')).toEqual([]);
    expect(ofKind('year6-review', child({ dateOfBirth: '2015-03-10' }), '2026-11-23').map((o) => o.due)).toEqual(['2025-12-31']); // a year older
    expect(dorsetKinds(child(), '2026-11-23').has('year6-review')).toBe(false);
  });

  it('a child taught out of year group: the override is the NC year now', () => {
    // Born 10 Mar 2015 (NC year 7 in 2026/27) but taught in Year 6 this year.
    expect(ofKind('year6-review', child({ dateOfBirth: '2015-03-10', ncYearOverride: 6 }), '2026-11-23').map((o) => o.due)).toEqual(['2026-12-31']);
  });
});

describe('year7-review: a review before the end of the autumn term of Year 7 (DT "Years 6 and 7")', () => {
  // Born 2 Feb 2015 (cohort 2014): NC year 7 in the school year from 1 Sep 2026.
  const child = (c: CaseInput = {}): CaseInput => ({ dateOfBirth: '2015-02-02', plan: { issuedOn: '2024-06-01' }, ...c });

  it('without school holidays configured: 23 December', () => {
    const list = ofKind('year7-review', child(), '2026-11-23');
    expect(list.map(brief)).toEqual([{ due: '2026-12-23', status: 'upcoming', completedOn: null }]);
    expect(list[0]!.basis).toBe("23 December, in the child's Year 7 (the school year from 1 Sep 2026; no school holidays are configured)");
  });

  it('with the Christmas holiday configured from Fri 18 Dec 2026: the last school day before it, Thu 17 Dec', () => {
    const schoolHolidays = [
      { from: '2026-10-26', to: '2026-10-30' },
      { from: '2026-12-18', to: '2027-01-03' },
    ];
    const list = ofKind('year7-review', child(), '2026-11-23', { schoolHolidays });
    expect(list.map(brief)).toEqual([{ due: '2026-12-17', status: 'upcoming', completedOn: null }]);
    expect(list[0]!.basis).toBe("the last school day before the Christmas school holiday from 18 Dec 2026, in the child's Year 7 (the school year from 1 Sep 2026)");
    expect(ofKind('year7-review', child({ reviews: reviewsOn('2026-12-17') }), '2027-01-05', { schoolHolidays }).map((o) => o.status)).toEqual(['met']);
    expect(ofKind('year7-review', child({ reviews: reviewsOn('2026-12-18') }), '2027-01-05', { schoolHolidays }).map((o) => o.status)).toEqual(['met-late']);
  });

  it('a holiday starting on Monday 21 Dec: the Friday before, 18 Dec', () => {
    const list = ofKind('year7-review', child(), '2026-11-23', { schoolHolidays: [{ from: '2026-12-21', to: '2027-01-01' }] });
    expect(list.map((o) => o.due)).toEqual(['2026-12-18']);
  });

  it('school holidays configured, none containing 25 December: 23 December, and the basis says why', () => {
    const list = ofKind('year7-review', child(), '2026-11-23', { schoolHolidays: [{ from: '2026-10-26', to: '2026-10-30' }] });
    expect(list.map((o) => o.due)).toEqual(['2026-12-23']);
    expect(list[0]!.basis).toContain('no configured school holiday contains 25 December');
  });

  it('completed by the first review held from 1 September of Year 7; none under Dorset', () => {
    expect(ofKind('year7-review', child({ reviews: reviewsOn('2026-06-30', '2026-10-05') }), '2026-11-23').map(brief)).toEqual([{ due: '2026-12-23', status: 'met', completedOn: '2026-10-05' }]);
    expect(dorsetKinds(child(), '2026-11-23').has('year7-review')).toBe(false);
  });
});

describe('everything else as Dorset', () => {
  it('the other kinds of a case are the same under both profiles', () => {
    const c: CaseInput = {
      assessment: { requestedOn: '2026-06-01', decisionOn: '2026-07-10', decision: 'assess', outcome: 'issue', draftSentOn: '2026-09-20' },
      adviceRequests: [{ agency: 'health', requestedOn: '2026-07-12' }],
      plan: { issuedOn: '2026-10-12' },
      reviews: [{ meetingOn: '2027-09-20' }],
      amendments: [{ noticeOn: '2026-11-02' }],
      mediations: [{ requestedOn: '2026-11-10' }],
      exclusions: [{ permanentFrom: '2026-11-02' }],
    };
    const durhamOnly = new Set(['annual-review', 'review-specialist-notice', 'year6-review', 'year7-review']);
    const view = (o: Obligation) => [o.kind, o.due, o.status, o.citation, o.basis];
    const durham = caseObligations(makeCase(c), ctxOn('2026-11-23', { policy: DURHAM })).filter((o) => !durhamOnly.has(o.kind));
    const dorset = caseObligations(makeCase(c), ctxOn('2026-11-23')).filter((o) => !durhamOnly.has(o.kind));
    expect(durham.map(view)).toEqual(dorset.map(view));
    expect(durham.length).toBeGreaterThan(6);
  });
});
