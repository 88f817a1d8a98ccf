// Reviewing the plan (docs/rules.md section 3; PS 7.2, 7.4, 7.7, 7.9, 7.10, 7.11), and the review kinds a
// profile may switch on (section 9; DT "Reviewing EHC plans", "Years 6 and 7").
// Every function pushes its obligations onto `out` (created if not given) and returns it.
import { dayText, daysWords } from '../basis.js';
import { ncYear } from '../calendar/index.js';
import { addMonths, addWeeks, civilFromDay, dayFromCivil, daysInMonth, type Day } from '../dates.js';
import type { Case } from '../model.js';
import type { Obligation } from '../obligation.js';
import { dateOf, dayOf, maybeDayOf, dupOf, obligation, type Explain } from './build.js';
import { citationOf } from './cite.js';
import type { RuleContext } from './context.js';
import { deadlineStatus, meetingPaperStatus } from './status.js';

/** The annual review's basis for each lead (days before the anniversary): [plan, review] x [12, 6 months]. */
const reviewBases = new Map<number, readonly Explain[]>();

function annualReviewBasis(lead: number, fromReview: boolean, underFive: boolean): Explain {
  let bases = reviewBases.get(lead);
  if (bases === undefined) {
    const make =
      (review: boolean, months: number): Explain =>
      (o) => {
        const what = review ? `the review meeting on ${dayText(o.subject!)}` : `the plan's issue on ${dayText(o.subject!)}`;
        const young = months === 6 ? ' (the child was under 5 then: reviewed every 6 months)' : '';
        return lead === 0 ? `${months} months after ${what}${young}` : `${daysWords(lead)} before ${months === 12 ? 'the anniversary' : 'the 6-month point'} (${months} months after ${what})${young}`;
      };
    bases = [make(false, 12), make(false, 6), make(true, 12), make(true, 6)];
    reviewBases.set(lead, bases);
  }
  return bases[(fromReview ? 2 : 0) + (underFive ? 1 : 0)]!;
}

const adviceCirculationBasis: Explain = (o) => `2 weeks before the review meeting on ${dayText(o.subject!)}`;
const postReviewBasis: Explain = (o) => `4 weeks after the review meeting on ${dayText(o.subject!)}`;
/** review-specialist-notice's basis for each notice period (the profile's specialistNoticeDays). */
const specialistNoticeBases = new Map<number, Explain>();
function specialistNoticeBasis(days: number): Explain {
  let basis = specialistNoticeBases.get(days);
  if (basis === undefined) {
    basis = (o) => `${daysWords(days)} before the review meeting on ${dayText(o.subject!)}`;
    specialistNoticeBases.set(days, basis);
  }
  return basis;
}
const phaseBases: Record<'school' | 'post16' | 'between-post16', Explain> = {
  school: (o) => `15 February of the year of the move to the next school phase on ${dayText(o.subject!)}`,
  post16: (o) => `31 March of the year of the move into post-16 education on ${dayText(o.subject!)}`,
  'between-post16': (o) => `31 December before the move between post-16 institutions on ${dayText(o.subject!)}`,
};
const year6Basis: Explain = (o) => `31 December of the child's Year 6 (the school year from 1 Sep ${o.due.slice(0, 4)})`;
const year7Bases = {
  // The subject is the first day of the holiday.
  holiday: ((o) => `the last school day before the Christmas school holiday from ${dayText(o.subject!)}, in the child's Year 7 (the school year from 1 Sep ${o.due.slice(0, 4)})`) as Explain,
  noHolidays: ((o) => `23 December, in the child's Year 7 (the school year from 1 Sep ${o.due.slice(0, 4)}; no school holidays are configured)`) as Explain,
  noChristmas: ((o) => `23 December, in the child's Year 7 (the school year from 1 Sep ${o.due.slice(0, 4)}; no configured school holiday contains 25 December)`) as Explain,
};

/** The year in which the academic year containing `day` began (academic years start 1 September). */
function academicYearStart(day: Day): number {
  const { year, month } = civilFromDay(day);
  return month >= 9 ? year : year - 1;
}

/** Preparing for adulthood: is the child in NC year 9 or above on `due`? (PS 7.11; DT "Reviewing EHC
 * plans in Years 9 and 11"). With an override (a child taught out of year group), the override is the
 * NC year now and moves on by one each academic year: override + (year(due) - year(today)). */
export function preparingForAdulthood(c: Case, due: Day, today: Day): boolean {
  const year = c.ncYearOverride !== null ? c.ncYearOverride + academicYearStart(due) - academicYearStart(today) : ncYear(dayOf(c.dateOfBirth), due);
  // PS 7.11: reviews from Year 9 at the latest include a focus on preparing for adulthood.
  return year >= 9;
}

/** The first day from which a due date is in NC year 9 or above (preparingForAdulthood, worked out once
 * per case): 1 September of the school year in which the child starts Year 9. */
function adulthoodFrom(c: Case, today: Day): Day {
  return dayFromCivil(schoolYearOfNcYear(c, 9, today), 9, 1);
}

/** The child's fifth birthday: under 5 on a day before it (a child born on 29 February turns a year
 * older on 1 March in a common year, as ageOn counts). */
function fifthBirthday(dateOfBirth: Day): Day {
  const b = civilFromDay(dateOfBirth);
  const year = b.year + 5;
  return b.month === 2 && b.day === 29 && daysInMonth(year, 2) === 28 ? dayFromCivil(year, 3, 1) : dayFromCivil(year, b.month, b.day);
}

/** The review meeting dates of a case as day numbers, in the order of `c.reviews`. */
export function meetingDays(c: Case): Day[] {
  const reviews = c.reviews;
  const days: Day[] = new Array<Day>(reviews.length);
  for (let i = 0; i < reviews.length; i += 1) days[i] = dayOf(reviews[i]!.meetingOn);
  return days;
}

const NO_MEETINGS: readonly Day[] = Object.freeze([]);

/** meetingDays of the case, parsed once and shared by the review rules as they run on one case. */
function meetingsOf(c: Case, ctx: RuleContext): readonly Day[] {
  if (c.reviews.length === 0) return NO_MEETINGS;
  const memo = ctx.memo;
  // (The length too: a list appended to in place between two calls is parsed again.)
  if (memo.reviewsOf !== c || memo.meetings.length !== c.reviews.length) {
    memo.meetings = meetingDays(c);
    memo.reviewsOf = c;
  }
  return memo.meetings;
}

/** annual-review: the case has a final plan. A chain of occurrences: the first anchor is the plan's
 * issue date; each is due anchor + 12 months (PS 7.4), or anchor + 6 months if the child is under 5 on
 * the anchor date (PS 7.2); it is completed by the first review meeting held after the anchor and on
 * or before today (a meeting after today is only scheduled), which is the next anchor. Every past
 * occurrence is listed, then the next one due, unless the plan has ceased or been transferred out
 * (then only the past ones). `pfa` marks a due date in NC year 9 or above. */
export function annualReview(c: Case, ctx: RuleContext, out: Obligation[] = [], meetings: readonly Day[] = meetingsOf(c, ctx)): Obligation[] {
  const plan = c.plan;
  if (plan === null || plan.issuedOn === null) return out;
  const today = ctx.today;
  // Under 5 before the fifth birthday; preparing for adulthood from Year 9: each worked out once.
  const five = fifthBirthday(dayOf(c.dateOfBirth));
  const adulthood = adulthoodFrom(c, today);
  const reviews = c.reviews;
  let anchor = dayOf(plan.issuedOn);
  let subject: string = plan.issuedOn;
  let fromReview = false;
  const from = out.length;
  // A profile may have the meeting held before the anniversary (DT "Reviewing EHC plans": four weeks
  // before), with its own citation.
  const lead = ctx.params.annualReviewLeadDays;
  const profileCitation = ctx.policy.citations['annual-review'];
  for (;;) {
    const underFive = anchor < five;
    // PS 7.2: a child aged 0 to 5 is reviewed at least every six months.
    // PS 7.4: first review within 12 months of the plan being finalised, then within 12 months of the last.
    const citation = profileCitation ?? (underFive ? 'PS 7.2' : 'PS 7.4');
    const due = addMonths(anchor, underFive ? 6 : 12) - lead;
    let held: Day | null = null;
    let heldIndex = -1;
    for (let i = 0; i < meetings.length; i += 1) {
      const m = meetings[i]!;
      if (m > anchor && m <= today && (held === null || m < held)) {
        held = m;
        heldIndex = i;
      }
    }
    if (held === null && (plan.ceasedOn !== null || plan.transferredOutOn !== null)) break;
    const completedOn = held === null ? null : reviews[heldIndex]!.meetingOn;
    out.push(
      obligation(
        c.id,
        null,
        'annual-review',
        null,
        dupOf(out, from, 'annual-review', due, null),
        subject,
        due,
        deadlineStatus(due, held, today, ctx.lookaheadDays),
        completedOn,
        'provision-lead',
        c.leadProfessionalId,
        citation,
        annualReviewBasis(lead, fromReview, underFive),
        null,
        null,
        due >= adulthood,
      ),
    );
    if (held === null) break;
    anchor = held;
    subject = completedOn!;
    fromReview = true;
  }
  return out;
}

/** review-advice-circulation: each review meeting (scheduled or held); advice circulated at least
 * two weeks before, so due meeting - 14 days; done on the circulated date. Not circulated by the time
 * the meeting was held: `missed` (docs/rules.md section 3). */
export function reviewAdviceCirculation(c: Case, ctx: RuleContext, out: Obligation[] = [], meetings: readonly Day[] = meetingsOf(c, ctx)): Obligation[] {
  const reviews = c.reviews;
  const from = out.length;
  // PS 7.7: send the advice gathered to all invited at least two weeks before the meeting.
  const citation = citationOf(ctx, 'review-advice-circulation', 'PS 7.7');
  for (let i = 0; i < reviews.length; i += 1) {
    const r = reviews[i]!;
    const meeting = meetings[i]!;
    const due = meeting - 14;
    out.push(
      obligation(
        c.id,
        null,
        'review-advice-circulation',
        null,
        dupOf(out, from, 'review-advice-circulation', due, null),
        r.meetingOn,
        due,
        meetingPaperStatus(due, maybeDayOf(r.adviceCirculatedOn), meeting, ctx.today, ctx.lookaheadDays),
        r.adviceCirculatedOn,
        'provision-lead',
        c.leadProfessionalId,
        citation,
        adviceCirculationBasis,
      ),
    );
  }
  return out;
}

/** post-review-plan: each review meeting that took place (meeting on or before today); the updated
 * plan (or decision) within 4 weeks, due meeting + 28 days; done on the outcome sent date. */
export function postReviewPlan(c: Case, ctx: RuleContext, out: Obligation[] = [], meetings: readonly Day[] = meetingsOf(c, ctx)): Obligation[] {
  const reviews = c.reviews;
  const from = out.length;
  // PS 7.9: within four weeks of the review, the updated EHCP to the family.
  const citation = citationOf(ctx, 'post-review-plan', 'PS 7.9');
  for (let i = 0; i < reviews.length; i += 1) {
    const r = reviews[i]!;
    const meeting = meetings[i]!;
    if (meeting > ctx.today) continue;
    const due = addWeeks(meeting, 4);
    out.push(
      obligation(
        c.id,
        null,
        'post-review-plan',
        null,
        dupOf(out, from, 'post-review-plan', due, null),
        r.meetingOn,
        due,
        deadlineStatus(due, maybeDayOf(r.outcomeSentOn), ctx.today, ctx.lookaheadDays),
        r.outcomeSentOn,
        'provision-lead',
        c.leadProfessionalId,
        citation,
        postReviewBasis,
      ),
    );
  }
  return out;
}

/** phase-transfer-review: a move between key phases is planned. Due (PS 7.10): moving between key
 * phases under 16 ("school"): 15 February of the calendar year of the move; into post-16 ("post16"):
 * 31 March of that year; between post-16 institutions: 31 December of the year before the move
 * (the autumn term preceding it). Done on the review-and-amendments completed date. */
export function phaseTransferReview(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const t = c.phaseTransfer;
  if (t === null) return out;
  // PS 7.10: review and amendments by 15 Feb (school) / 31 Mar (post-16) of the year of the move,
  // or in the autumn term before a move between post-16 institutions.
  const citation = citationOf(ctx, 'phase-transfer-review', 'PS 7.10');
  const moveYear = civilFromDay(dayOf(t.moveOn)).year;
  const due = t.kind === 'school' ? dayFromCivil(moveYear, 2, 15) : t.kind === 'post16' ? dayFromCivil(moveYear, 3, 31) : dayFromCivil(moveYear - 1, 12, 31);
  out.push(
    obligation(
      c.id,
      null,
      'phase-transfer-review',
      null,
      1,
      t.moveOn,
      due,
      deadlineStatus(due, maybeDayOf(t.completedOn), ctx.today, ctx.lookaheadDays),
      t.completedOn,
      'provision-lead',
      c.leadProfessionalId,
      citation,
      phaseBases[t.kind],
    ),
  );
  return out;
}

// ---- kinds a profile switches on (docs/rules.md section 9) ------------------------------------------

/** review-specialist-notice (Durham): for each review meeting (scheduled or held), the specialists
 * involved get at least six weeks' notice (the profile's specialistNoticeDays): due = meeting - 42 days;
 * done on `reviews[].specialistNoticeOn`. DT "Reviewing EHC plans": "must have at least six weeks'
 * notice of the review meeting so they can attend and/or give a written update on progress". */
export function reviewSpecialistNotice(c: Case, ctx: RuleContext, out: Obligation[] = [], meetings: readonly Day[] = meetingsOf(c, ctx)): Obligation[] {
  const reviews = c.reviews;
  const from = out.length;
  const citation = citationOf(ctx, 'review-specialist-notice', 'DT "Reviewing EHC plans"');
  const days = ctx.params.specialistNoticeDays;
  const basis = specialistNoticeBasis(days);
  for (let i = 0; i < reviews.length; i += 1) {
    const r = reviews[i]!;
    const due = meetings[i]! - days;
    // Read as possibly absent: records stored before the field existed have no value (null).
    const noticeOn = r.specialistNoticeOn ?? null;
    out.push(
      obligation(
        c.id,
        null,
        'review-specialist-notice',
        null,
        dupOf(out, from, 'review-specialist-notice', due, null),
        r.meetingOn,
        due,
        deadlineStatus(due, maybeDayOf(noticeOn), ctx.today, ctx.lookaheadDays),
        noticeOn,
        'provision-lead',
        c.leadProfessionalId,
        citation,
        basis,
      ),
    );
  }
  return out;
}

/** The year in which the school year of the child's NC year `n` begins (1 September): from the date
 * of birth (docs/rules.md section 2), or from the override, which is the NC year now and moves on by
 * one each academic year. */
export function schoolYearOfNcYear(c: Case, n: number, today: Day): number {
  if (c.ncYearOverride !== null) return academicYearStart(today) + (n - c.ncYearOverride);
  const born = civilFromDay(dayOf(c.dateOfBirth));
  const cohort = born.month >= 9 ? born.year : born.year - 1;
  return n + cohort + 5;
}

/** The first review meeting held on or after `from` and on or before today (a later one is only
 * scheduled), as its index in c.reviews, or -1. */
function firstReviewHeld(c: Case, from: Day, today: Day): number {
  let best = -1;
  let bestDay = Infinity;
  for (let i = 0; i < c.reviews.length; i += 1) {
    const m = dayOf(c.reviews[i]!.meetingOn);
    if (m >= from && m <= today && m < bestDay) {
      best = i;
      bestDay = m;
    }
  }
  return best;
}

/** Does a year-group review apply: the child had a plan when the school year began (issued before
 * 1 September, not ceased or transferred out before it), and that school year has begun? A plan that
 * ended later with no review held owes none (as annual-review). */
function yearReviewApplies(c: Case, start: Day, today: Day, held: number): boolean {
  const plan = c.plan;
  if (plan === null || plan.issuedOn === null || dayOf(plan.issuedOn) >= start || today < start) return false;
  for (const ended of [plan.ceasedOn, plan.transferredOutOn]) {
    if (ended !== null && (held < 0 || dayOf(ended) < start)) return false;
  }
  return true;
}

/** year6-review (Durham): a child with a plan in NC year 6 has the annual review held by 31 December
 * of that school year; done by the first review meeting held on or after 1 September of it.
 * DT "Reviewing EHC plans when transferring between Years 6 and 7": "in Year 6, statutory annual
 * reviews are completed by 31st December". Listed once the Year 6 school year has begun. */
export function year6Review(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  return yearGroupReview(c, ctx, out, 6);
}

/** year7-review (Durham): in NC year 7 the receiving secondary school holds a review before the end of
 * the autumn term: due the last school day before the configured school holiday that contains
 * 25 December, or 23 December when none is configured (or none contains it); done by the first review
 * meeting held on or after 1 September of that school year. DT "Years 6 and 7": "hold a review before
 * the end of the Autumn term". */
export function year7Review(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  return yearGroupReview(c, ctx, out, 7);
}

function yearGroupReview(c: Case, ctx: RuleContext, out: Obligation[], n: 6 | 7): Obligation[] {
  if (c.plan === null || c.plan.issuedOn === null) return out;
  const year = schoolYearOfNcYear(c, n, ctx.today);
  const start = dayFromCivil(year, 9, 1);
  const held = firstReviewHeld(c, start, ctx.today);
  if (!yearReviewApplies(c, start, ctx.today, held)) return out;
  const kind = n === 6 ? 'year6-review' : 'year7-review';
  const citation = citationOf(ctx, kind, 'DT "Years 6 and 7"');
  let due: Day;
  let explain: Explain;
  // What it concerns: the school year's first day, or for a Year 7 review due before a configured
  // Christmas holiday, the holiday's first day (its basis names it).
  let subject = dateOf(start);
  if (n === 6) {
    due = dayFromCivil(year, 12, 31);
    explain = year6Basis;
  } else {
    const christmas = dayFromCivil(year, 12, 25);
    const holiday = ctx.calendar.schoolHolidayContaining(christmas);
    if (holiday !== null) {
      due = ctx.calendar.lastSchoolDayBefore(holiday[0]);
      explain = year7Bases.holiday;
      subject = dateOf(holiday[0]);
    } else {
      due = dayFromCivil(year, 12, 23);
      explain = ctx.calendar.hasSchoolHolidays ? year7Bases.noChristmas : year7Bases.noHolidays;
    }
  }
  const completedOn = held < 0 ? null : c.reviews[held]!.meetingOn;
  out.push(
    obligation(
      c.id,
      null,
      kind,
      null,
      1,
      subject,
      due,
      deadlineStatus(due, held < 0 ? null : dayOf(completedOn!), ctx.today, ctx.lookaheadDays),
      completedOn,
      'provision-lead',
      c.leadProfessionalId,
      citation,
      explain,
    ),
  );
  return out;
}
