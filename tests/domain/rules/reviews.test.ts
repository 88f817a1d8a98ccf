// Review rules (docs/rules.md section 3; PS 7.2, 7.4, 7.7, 7.9, 7.10, 7.11), from hand-computed tables.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ageOn, fromDay, toDay } from '../../../src/domain/dates.js';
import { annualReview, phaseTransferReview, postReviewPlan, preparingForAdulthood, reviewAdviceCirculation } from '../../../src/domain/rules/index.js';
import { brief, ctxOn, makeCase, type CaseInput } from './fixtures.js';

const reviewsOn = (...dates: string[]) => dates.map((meetingOn) => ({ meetingOn }));
const annual = (c: CaseInput, today: string) => annualReview(makeCase(c), ctxOn(today));
const withPfa = (o: ReturnType<typeof annualReview>[number]) => ({ ...brief(o), pfa: o.pfa });

describe('annual-review (PS 7.4: within 12 months of the plan, then of the last review; PS 7.2: six months under 5)', () => {
  it('first review due 12 months after the plan is issued; a scheduled meeting completes nothing yet', () => {
    // Born 15 Oct 2012; plan 12 Oct 2026; review booked for 20 Sep 2027. Due 12 Oct 2027, NC year 10: pfa.
    const list = annual({ plan: { issuedOn: '2026-10-12' }, reviews: reviewsOn('2027-09-20') }, '2026-11-23');
    expect(list.map(withPfa)).toEqual([{ due: '2027-10-12', status: 'upcoming', completedOn: null, pfa: true }]);
    expect(list[0]).toMatchObject({ key: 'C-1/annual-review/2027-10-12', citation: 'PS 7.4', ownerRole: 'provision-lead', ownerId: 'p1', seriesId: null, meetingOn: null });
  });

  it('once the meeting is held it completes the occurrence and anchors the next', () => {
    const list = annual({ plan: { issuedOn: '2026-10-12' }, reviews: reviewsOn('2027-09-20') }, '2027-10-01');
    expect(list.map(brief)).toEqual([
      { due: '2027-10-12', status: 'met', completedOn: '2027-09-20' },
      { due: '2028-09-20', status: 'upcoming', completedOn: null },
    ]);
  });

  it('lists every past occurrence plus the next; 29 Feb + 12 months is 28 Feb; held on the due date is on time', () => {
    const list = annual({ dateOfBirth: '2015-03-01', plan: { issuedOn: '2024-02-29' }, reviews: reviewsOn('2026-03-10', '2025-02-28') }, '2026-11-23');
    expect(list.map(brief)).toEqual([
      { due: '2025-02-28', status: 'met', completedOn: '2025-02-28' },
      { due: '2026-02-28', status: 'met-late', completedOn: '2026-03-10' },
      { due: '2027-03-10', status: 'upcoming', completedOn: null },
    ]);
  });

  it.each([
    ['overdue: 31 Jan 2025 plan, no review by 1 Feb 2026', '2025-01-31', '2026-02-01', '2026-01-31', 'overdue'],
    ['due-soon: 11 days ahead', '2025-12-01', '2026-11-20', '2026-12-01', 'due-soon'],
    ['due-soon on the due date', '2025-12-01', '2026-12-01', '2026-12-01', 'due-soon'],
    ['upcoming: 15 days ahead', '2025-12-01', '2026-11-16', '2026-12-01', 'upcoming'],
  ] as const)('%s', (_name, issuedOn, today, due, status) => {
    expect(annual({ plan: { issuedOn } }, today).map(brief)).toEqual([{ due, status, completedOn: null }]);
  });

  it('a meeting on the anchor date itself does not complete the review', () => {
    expect(annual({ plan: { issuedOn: '2026-10-12' }, reviews: reviewsOn('2026-10-12') }, '2026-11-23').map(brief)).toEqual([{ due: '2027-10-12', status: 'upcoming', completedOn: null }]);
  });

  describe('an under-five turning five (born 15 June 2021)', () => {
    const child = { dateOfBirth: '2021-06-15', plan: { issuedOn: '2026-01-10' } };
    it('aged 4 at the plan: six months (PS 7.2); aged 5 at the review: twelve months (PS 7.4)', () => {
      const list = annual({ ...child, reviews: reviewsOn('2026-07-01') }, '2026-11-23');
      expect(list.map((o) => ({ ...brief(o), citation: o.citation }))).toEqual([
        { due: '2026-07-10', status: 'met', completedOn: '2026-07-01', citation: 'PS 7.2' },
        { due: '2027-07-01', status: 'upcoming', completedOn: null, citation: 'PS 7.4' },
      ]);
    });
    it('reviewed the day before the fifth birthday: still six months', () => {
      const list = annual({ ...child, reviews: reviewsOn('2026-06-14') }, '2026-12-01');
      expect(list.map(brief)).toEqual([
        { due: '2026-07-10', status: 'met', completedOn: '2026-06-14' },
        { due: '2026-12-14', status: 'due-soon', completedOn: null },
      ]);
      expect(list[1]!.citation).toBe('PS 7.2');
    });
    it('reviewed on the fifth birthday: twelve months', () => {
      const list = annual({ ...child, reviews: reviewsOn('2026-06-15') }, '2026-12-01');
      expect(list.map((o) => o.due)).toEqual(['2026-07-10', '2027-06-15']);
    });
  });

  describe('preparing for adulthood from Year 9 (PS 7.11)', () => {
    // Born 10 June 2013: Year 9 starts 1 September 2026.
    it.each([
      ['due the last day of Year 8', '2025-08-31', '2026-08-31', false],
      ['due the first day of Year 9', '2025-09-01', '2026-09-01', true],
    ])('%s', (_name, issuedOn, due, pfa) => {
      expect(annual({ dateOfBirth: '2013-06-10', plan: { issuedOn } }, '2025-10-01').map((o) => [o.due, o.pfa])).toEqual([[due, pfa]]);
    });

    // Taught out of year group: override 8 this academic year (2026/27); the child's own cohort is Year 3.
    it.each([
      ['due in this academic year: Year 8', '2026-08-01', '2027-08-01', false],
      ['due in the next academic year: Year 9', '2026-10-12', '2027-10-12', true],
    ])('with an NC year override, %s', (_name, issuedOn, due, pfa) => {
      expect(annual({ dateOfBirth: '2018-01-01', ncYearOverride: 8, plan: { issuedOn } }, '2026-11-23').map((o) => [o.due, o.pfa])).toEqual([[due, pfa]]);
    });

    it('without the override the same child is not in Year 9', () => {
      expect(annual({ dateOfBirth: '2018-01-01', plan: { issuedOn: '2026-10-12' } }, '2026-11-23')[0]!.pfa).toBe(false);
    });
  });

  it.each([
    ['ceased', { ceasedOn: '2025-06-01' }],
    ['transferred out', { transferredOutOn: '2025-06-01' }],
  ])('a plan %s keeps its past occurrences and has no next one', (_name, end) => {
    const list = annual({ plan: { issuedOn: '2024-01-10', ...end }, reviews: reviewsOn('2025-01-08') }, '2026-11-23');
    expect(list.map(brief)).toEqual([{ due: '2025-01-10', status: 'met', completedOn: '2025-01-08' }]);
  });

  it('is not owed without a final plan', () => {
    expect(annual({ plan: null, reviews: reviewsOn('2026-01-10') }, '2026-11-23')).toEqual([]);
    expect(annual({ plan: { issuedOn: null } }, '2026-11-23')).toEqual([]);
  });
});

describe('review-advice-circulation (PS 7.7: advice out two weeks before the meeting)', () => {
  // Meeting 20 September 2027: circulate by 6 September.
  it.each([
    ['circulated on the due date', '2027-09-06', '2027-09-30', 'met'],
    ['circulated a day late', '2027-09-07', '2027-09-30', 'met-late'],
    ['not circulated, the day after', null, '2027-09-07', 'overdue'],
    ['not circulated, 12 days before', null, '2027-08-25', 'due-soon'],
    ['not circulated, months before (a scheduled meeting)', null, '2026-11-23', 'upcoming'],
  ] as const)('%s', (_name, adviceCirculatedOn, today, status) => {
    const c = makeCase({ plan: { issuedOn: '2026-10-12' }, reviews: [{ meetingOn: '2027-09-20', adviceCirculatedOn }] });
    const list = reviewAdviceCirculation(c, ctxOn(today));
    expect(list.map(brief)).toEqual([{ due: '2027-09-06', status, completedOn: adviceCirculatedOn }]);
    expect(list[0]).toMatchObject({ citation: 'PS 7.7', subject: '2027-09-20', ownerRole: 'provision-lead' });
  });

  it('one per review meeting, held or scheduled', () => {
    const c = makeCase({ reviews: [{ meetingOn: '2026-09-21', adviceCirculatedOn: '2026-09-01' }, { meetingOn: '2027-09-20' }] });
    expect(reviewAdviceCirculation(c, ctxOn('2026-11-23')).map(brief)).toEqual([
      { due: '2026-09-07', status: 'met', completedOn: '2026-09-01' },
      { due: '2027-09-06', status: 'upcoming', completedOn: null },
    ]);
  });
});

describe('post-review-plan (PS 7.9: the updated plan within 4 weeks of the review)', () => {
  // Meeting 20 September 2027: due 18 October.
  it.each([
    ['sent on the due date', '2027-10-18', '2027-11-01', 'met'],
    ['sent a day late', '2027-10-19', '2027-11-01', 'met-late'],
    ['not sent, the day after', null, '2027-10-19', 'overdue'],
    ['not sent, 13 days before', null, '2027-10-05', 'due-soon'],
    ['not sent, on the meeting day', null, '2027-09-20', 'upcoming'],
  ] as const)('%s', (_name, outcomeSentOn, today, status) => {
    const c = makeCase({ reviews: [{ meetingOn: '2027-09-20', outcomeSentOn }] });
    const list = postReviewPlan(c, ctxOn(today));
    expect(list.map(brief)).toEqual([{ due: '2027-10-18', status, completedOn: outcomeSentOn }]);
    expect(list[0]!.citation).toBe('PS 7.9');
  });

  it('is not owed for a meeting that has not taken place yet', () => {
    expect(postReviewPlan(makeCase({ reviews: reviewsOn('2027-09-20') }), ctxOn('2027-09-19'))).toEqual([]);
  });
});

describe('phase-transfer-review (PS 7.10)', () => {
  it.each([
    ['between key phases under 16: 15 Feb of the year of the move', 'school', '2028-02-15'],
    ['into post-16: 31 Mar of the year of the move', 'post16', '2028-03-31'],
    ['between post-16 institutions: 31 Dec of the year before', 'between-post16', '2027-12-31'],
  ] as const)('%s', (_name, kind, due) => {
    const list = phaseTransferReview(makeCase({ phaseTransfer: { moveOn: '2028-09-01', kind } }), ctxOn('2026-11-23'));
    expect(list.map(brief)).toEqual([{ due, status: 'upcoming', completedOn: null }]);
    expect(list[0]).toMatchObject({ citation: 'PS 7.10', ownerRole: 'provision-lead', ownerId: 'p1' });
  });

  it.each([
    ['completed on 15 Feb', '2028-02-15', '2028-03-01', 'met'],
    ['completed on 16 Feb', '2028-02-16', '2028-03-01', 'met-late'],
    ['not completed on 16 Feb', null, '2028-02-16', 'overdue'],
    ['not completed on 5 Feb', null, '2028-02-05', 'due-soon'],
  ] as const)('a school move in September 2028, %s', (_name, completedOn, today, status) => {
    const c = makeCase({ phaseTransfer: { moveOn: '2028-09-01', kind: 'school', completedOn } });
    expect(phaseTransferReview(c, ctxOn(today)).map(brief)).toEqual([{ due: '2028-02-15', status, completedOn }]);
  });

  it('is not owed without a planned move', () => {
    expect(phaseTransferReview(makeCase(), ctxOn('2026-11-23'))).toEqual([]);
  });
});

describe('annual-review: under 5 and preparing for adulthood, for any child (fast-check)', () => {
  it('cites PS 7.2 exactly when the child is under 5 on the anchor, and marks pfa exactly when NC year 9+ on the due date', () => {
    const day = (from: string, to: string) => fc.integer({ min: toDay(from), max: toDay(to) }).map(fromDay);
    fc.assert(
      fc.property(
        day('2008-01-01', '2024-12-31'),
        day('2020-01-01', '2027-12-31'),
        fc.option(fc.integer({ min: -2, max: 14 }), { nil: null }),
        fc.array(day('2020-01-02', '2028-12-31'), { maxLength: 4 }),
        day('2024-01-01', '2028-12-31'),
        (dateOfBirth, issuedOn, ncYearOverride, meetings, today) => {
          const c = makeCase({ dateOfBirth, ncYearOverride, plan: { issuedOn }, reviews: meetings.map((meetingOn) => ({ meetingOn })) });
          const list = annualReview(c, ctxOn(today));
          let anchor = issuedOn;
          for (const o of list) {
            expect(o.citation).toBe(ageOn(toDay(dateOfBirth), toDay(anchor)) < 5 ? 'PS 7.2' : 'PS 7.4');
            expect(o.pfa).toBe(preparingForAdulthood(c, toDay(o.due), toDay(today)));
            if (o.completedOn !== null) anchor = o.completedOn;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
