// The rules of docs/rules.md section 3, one module per family; each module exports one function per
// obligation kind, with its citation next to the computation. Which rules run is read from the table
// of kinds (../kinds.ts) for the profile in force, once per RuleContext. Pure: `today`, the calendar
// and the profile come in through the RuleContext.
import type { Action, Case, Person, Supervision } from '../model.js';
import type { Obligation } from '../obligation.js';
import type { RuleContext } from './context.js';

export { meetingAction } from './actions.js';
export { agencyAdvice, assessmentDecision, draftRepresentations, finalPlan, notIssuingNotice } from './assessment.js';
export { amendmentIssue, ceaseAppealWindow, laTransfer, mediationSession } from './changes.js';
export { cmooeSummary, exclusionProvision } from './cmooe.js';
export { caseworkRecording, instantStatus } from './recording.js';
export {
  annualReview,
  meetingDays,
  phaseTransferReview,
  postReviewPlan,
  preparingForAdulthood,
  reviewAdviceCirculation,
  reviewSpecialistNotice,
  schoolYearOfNcYear,
  year6Review,
  year7Review,
} from './reviews.js';
export { supervision, supervisionNotes } from './supervision.js';

/** Every obligation about one case (unsorted): the case kinds in force (kinds.ts), appended to `out`
 * (a new list by default). Actions agreed at meetings are not the case's: see actionObligations. */
export function caseObligations(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const rules = ctx.rules.caseRules;
  for (let i = 0; i < rules.length; i += 1) rules[i]!(c, ctx, out);
  return out;
}

/** Every obligation about one person (unsorted): supervision and supervision notes. `supervisions`
 * are that person's supervisions (as supervisee). */
export function personObligations(p: Person, supervisions: readonly Supervision[], ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const rules = ctx.rules.personRules;
  for (let i = 0; i < rules.length; i += 1) rules[i]!(p, supervisions, ctx, out);
  return out;
}

/** Every obligation of actions agreed at meetings (meeting-action), each its owner's (unsorted). */
export function actionObligations(actions: readonly Action[], ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const rules = ctx.rules.actionRules;
  for (const a of actions) for (let i = 0; i < rules.length; i += 1) rules[i]!(a, ctx, out);
  return out;
}
