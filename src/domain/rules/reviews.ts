// Reviewing the plan (docs/rules.md section 3; PS 7.2, 7.4, 7.7, 7.9, 7.10, 7.11).
// Every function pushes its obligations onto `out` (created if not given) and returns it.
import { ncYear } from '../calendar/index.js';
import { addMonths, addWeeks, ageOn, civilFromDay, dayFromCivil, type Day } from '../dates.js';
import type { Case } from '../model.js';
import type { Obligation } from '../obligation.js';
import { dateOf, dayOf, maybeDayOf, dupOf, obligation } from './build.js';
import type { RuleContext } from './context.js';
import { deadlineStatus } from './status.js';

/** The year in which the academic year containing `day` began (academic years start 1 September). */
function academicYearStart(day: Day): number {
  const { year, month } = civilFromDay(day);
  return month >= 9 ? year : year - 1;
}

/** Preparing for adulthood: is the child in NC year 9 or above on `due`? (PS 7.11; DT "Reviewing EHC
 * plans in Years 9 and 11"). With an override (a child taught out of year group), the override is the
 * NC year now and moves on by one each academic year: override + (year(due) - year(today)). */
export function preparingForAdulthood(c: Case, due: Day, today: Day): boolean {
  const year =
    c.ncYearOverride !== null ? c.ncYearOverride + academicYearStart(due) - academicYearStart(today) : ncYear(dayOf(c.dateOfBirth), due);
  // PS 7.11: reviews from Year 9 at the latest include a focus on preparing for adulthood.
  return year >= 9;
}

/** The review meeting dates of a case as day numbers, in the order of `c.reviews` (parsed once and
 * shared by the three review rules when caseObligations runs them). */
export function meetingDays(c: Case): Day[] {
  const reviews = c.reviews;
  const days: Day[] = new Array<Day>(reviews.length);
  for (let i = 0; i < reviews.length; i += 1) days[i] = dayOf(reviews[i]!.meetingOn);
  return days;
}

/** annual-review: the case has a final plan. A chain of occurrences: the first anchor is the plan's
 * issue date; each is due anchor + 12 months (PS 7.4), or anchor + 6 months if the child is under 5 on
 * the anchor date (PS 7.2); it is completed by the first review meeting held after the anchor and on
 * or before today (a meeting after today is only scheduled), which is the next anchor. Every past
 * occurrence is listed, then the next one due, unless the plan has ceased or been transferred out
 * (then only the past ones). `pfa` marks a due date in NC year 9 or above. */
export function annualReview(c: Case, ctx: RuleContext, out: Obligation[] = [], meetings: readonly Day[] = meetingDays(c)): Obligation[] {
  const plan = c.plan;
  if (plan === null || plan.issuedOn === null) return out;
  const today = ctx.today;
  const dob = dayOf(c.dateOfBirth);
  const reviews = c.reviews;
  let anchor = dayOf(plan.issuedOn);
  let subject: string = plan.issuedOn;
  const from = out.length;
  for (;;) {
    const underFive = ageOn(dob, anchor) < 5;
    // PS 7.2: a child aged 0 to 5 is reviewed at least every six months.
    // PS 7.4: first review within 12 months of the plan being finalised, then within 12 months of the last.
    const citation = underFive ? 'PS 7.2' : 'PS 7.4';
    const due = addMonths(anchor, underFive ? 6 : 12);
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
    const dueOn = dateOf(due);
    const completedOn = held === null ? null : reviews[heldIndex]!.meetingOn;
    out.push(
      obligation(c.id, null, 'annual-review', null, dupOf(out, from, 'annual-review', dueOn, null), subject, dueOn,
        deadlineStatus(due, held, today, ctx.lookaheadDays), completedOn, 'provision-lead', c.leadProfessionalId, citation,
        null, null, preparingForAdulthood(c, due, today)),
    );
    if (held === null) break;
    anchor = held;
    subject = completedOn!;
  }
  return out;
}

/** review-advice-circulation: each review meeting (scheduled or held); advice circulated at least
 * two weeks before, so due meeting - 14 days; done on the circulated date. */
export function reviewAdviceCirculation(c: Case, ctx: RuleContext, out: Obligation[] = [], meetings: readonly Day[] = meetingDays(c)): Obligation[] {
  const reviews = c.reviews;
  const from = out.length;
  for (let i = 0; i < reviews.length; i += 1) {
    const r = reviews[i]!;
    // PS 7.7: send the advice gathered to all invited at least two weeks before the meeting.
    const citation = 'PS 7.7';
    const due = meetings[i]! - 14;
    const dueOn = dateOf(due);
    out.push(
      obligation(c.id, null, 'review-advice-circulation', null, dupOf(out, from, 'review-advice-circulation', dueOn, null), r.meetingOn,
        dueOn, deadlineStatus(due, maybeDayOf(r.adviceCirculatedOn), ctx.today, ctx.lookaheadDays), r.adviceCirculatedOn,
        'provision-lead', c.leadProfessionalId, citation),
    );
  }
  return out;
}

/** post-review-plan: each review meeting that took place (meeting on or before today); the updated
 * plan (or decision) within 4 weeks, due meeting + 28 days; done on the outcome sent date. */
export function postReviewPlan(c: Case, ctx: RuleContext, out: Obligation[] = [], meetings: readonly Day[] = meetingDays(c)): Obligation[] {
  const reviews = c.reviews;
  const from = out.length;
  for (let i = 0; i < reviews.length; i += 1) {
    const r = reviews[i]!;
    const meeting = meetings[i]!;
    if (meeting > ctx.today) continue;
    // PS 7.9: within four weeks of the review, the updated EHCP to the family.
    const citation = 'PS 7.9';
    const due = addWeeks(meeting, 4);
    const dueOn = dateOf(due);
    out.push(
      obligation(c.id, null, 'post-review-plan', null, dupOf(out, from, 'post-review-plan', dueOn, null), r.meetingOn, dueOn,
        deadlineStatus(due, maybeDayOf(r.outcomeSentOn), ctx.today, ctx.lookaheadDays), r.outcomeSentOn,
        'provision-lead', c.leadProfessionalId, citation),
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
  const citation = 'PS 7.10';
  const moveYear = civilFromDay(dayOf(t.moveOn)).year;
  const due =
    t.kind === 'school' ? dayFromCivil(moveYear, 2, 15) : t.kind === 'post16' ? dayFromCivil(moveYear, 3, 31) : dayFromCivil(moveYear - 1, 12, 31);
  const dueOn = dateOf(due);
  out.push(
    obligation(c.id, null, 'phase-transfer-review', null, 1, t.moveOn, dueOn,
      deadlineStatus(due, maybeDayOf(t.completedOn), ctx.today, ctx.lookaheadDays), t.completedOn, 'provision-lead', c.leadProfessionalId, citation),
  );
  return out;
}
