// The rules of docs/rules.md section 3, one module per family; each module exports one function per
// obligation kind, with its citation next to the computation. Pure: `today` and the calendar come in
// through the RuleContext.
import type { Case, Person, Supervision } from '../model.js';
import type { Obligation } from '../obligation.js';
import { agencyAdvice, assessmentDecision, draftRepresentations, finalPlan, notIssuingNotice } from './assessment.js';
import { amendmentIssue, laTransfer, mediationSession } from './changes.js';
import { cmooeSummary, exclusionProvision } from './cmooe.js';
import type { RuleContext } from './context.js';
import { caseworkRecording } from './recording.js';
import { annualReview, meetingDays, phaseTransferReview, postReviewPlan, reviewAdviceCirculation } from './reviews.js';
import { supervision, supervisionNotes } from './supervision.js';

export { agencyAdvice, assessmentDecision, draftRepresentations, finalPlan, notIssuingNotice } from './assessment.js';
export { amendmentIssue, laTransfer, mediationSession } from './changes.js';
export { cmooeSummary, exclusionProvision } from './cmooe.js';
export { caseworkRecording, instantStatus } from './recording.js';
export { annualReview, meetingDays, phaseTransferReview, postReviewPlan, preparingForAdulthood, reviewAdviceCirculation } from './reviews.js';
export { supervision, supervisionNotes } from './supervision.js';

const NO_MEETINGS: readonly number[] = Object.freeze([]);

/** Every obligation about one case (unsorted): the fifteen case kinds of docs/rules.md section 3,
 * appended to `out` (a new list by default). */
export function caseObligations(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  assessmentDecision(c, ctx, out);
  notIssuingNotice(c, ctx, out);
  finalPlan(c, ctx, out);
  agencyAdvice(c, ctx, out);
  draftRepresentations(c, ctx, out);
  if (c.reviews.length === 0) {
    annualReview(c, ctx, out, NO_MEETINGS);
  } else {
    const meetings = meetingDays(c);
    annualReview(c, ctx, out, meetings);
    reviewAdviceCirculation(c, ctx, out, meetings);
    postReviewPlan(c, ctx, out, meetings);
  }
  phaseTransferReview(c, ctx, out);
  amendmentIssue(c, ctx, out);
  laTransfer(c, ctx, out);
  mediationSession(c, ctx, out);
  caseworkRecording(c, ctx, out);
  cmooeSummary(c, ctx, out);
  exclusionProvision(c, ctx, out);
  return out;
}

/** Every obligation about one person (unsorted): supervision and supervision notes. `supervisions`
 * are that person's supervisions (as supervisee). */
export function personObligations(p: Person, supervisions: readonly Supervision[], ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  supervision(p, supervisions, ctx, out);
  supervisionNotes(p, supervisions, ctx, out);
  return out;
}
