// EHC needs assessment and the first plan (docs/rules.md section 3; PS 5.3, 5.16-5.19).
// Every function pushes its obligations onto `out` (created if not given) and returns it.
import { addWeeks } from '../dates.js';
import type { Case } from '../model.js';
import type { Obligation } from '../obligation.js';
import { dateOf, dayOf, maybeDayOf, dupOf, obligation } from './build.js';
import type { RuleContext } from './context.js';
import { deadlineStatus, earliestStatus } from './status.js';

/** assessment-decision: an assessment request was received; decide within 6 weeks of the request;
 * done when the decision date is recorded. Owner: the lead professional (provision-lead). */
export function assessmentDecision(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const a = c.assessment;
  if (a === null) return out;
  // PS 5.3: decide whether an assessment is necessary within 6 weeks of the request.
  const citation = 'PS 5.3';
  const due = addWeeks(dayOf(a.requestedOn), 6);
  const dueOn = dateOf(due);
  out.push(
    obligation(c.id, null, 'assessment-decision', null, 1, a.requestedOn, dueOn,
      deadlineStatus(due, maybeDayOf(a.decisionOn), ctx.today, ctx.lookaheadDays), a.decisionOn, 'provision-lead', c.leadProfessionalId, citation),
  );
  return out;
}

/** not-issuing-notice: decided, after assessing, not to issue a plan (outcome "not-issue"); tell the
 * family within 16 weeks of the original request; done on the outcome notice date. */
export function notIssuingNotice(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const a = c.assessment;
  if (a === null || a.outcome !== 'not-issue') return out;
  // PS 5.18: advise the family of a decision not to issue within 16 weeks of the original request.
  const citation = 'PS 5.18';
  const due = addWeeks(dayOf(a.requestedOn), 16);
  const dueOn = dateOf(due);
  out.push(
    obligation(c.id, null, 'not-issuing-notice', null, 1, a.requestedOn, dueOn,
      deadlineStatus(due, maybeDayOf(a.outcomeNoticeOn), ctx.today, ctx.lookaheadDays), a.outcomeNoticeOn, 'provision-lead', c.leadProfessionalId, citation),
  );
  return out;
}

/** final-plan: decided to assess and not decided against issuing; the final plan within 20 weeks of
 * the request; done on the plan's issue date. An exception reason recorded on the assessment keeps
 * the obligation but marks it `excepted` whatever the dates (its completion date is still reported). */
export function finalPlan(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const a = c.assessment;
  if (a === null || a.decision !== 'assess' || a.outcome === 'not-issue') return out;
  // PS 5.16: complete EHCPs within 20 weeks of the original request, save in exceptional circumstances.
  const citation = 'PS 5.16';
  const due = addWeeks(dayOf(a.requestedOn), 20);
  const dueOn = dateOf(due);
  const issuedOn = c.plan?.issuedOn ?? null;
  const status = a.exceptionReason !== null ? 'excepted' : deadlineStatus(due, maybeDayOf(issuedOn), ctx.today, ctx.lookaheadDays);
  out.push(
    obligation(c.id, null, 'final-plan', null, 1, a.requestedOn, dueOn, status, issuedOn,
      'provision-lead', c.leadProfessionalId, citation),
  );
  return out;
}

/** agency-advice: one per advice request sent to another agency; the agency answers within 6 weeks of
 * the request; done on the received date. Chased by the lead professional (provision-lead). */
export function agencyAdvice(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const requests = c.adviceRequests;
  const from = out.length;
  for (let i = 0; i < requests.length; i += 1) {
    const r = requests[i]!;
    // PS 5.17: an agency asked for information provides it within 6 weeks.
    const citation = 'PS 5.17';
    const due = addWeeks(dayOf(r.requestedOn), 6);
    const dueOn = dateOf(due);
    out.push(
      obligation(c.id, null, 'agency-advice', r.agency, dupOf(out, from, 'agency-advice', dueOn, r.agency), r.agency, dueOn,
        deadlineStatus(due, maybeDayOf(r.receivedOn), ctx.today, ctx.lookaheadDays), r.receivedOn, 'provision-lead', c.leadProfessionalId, citation),
    );
  }
  return out;
}

/** draft-representations (an "earliest" rule): once a draft plan is sent, the final plan may not be
 * issued before draft sent + 15 days. `breached` only if issued before that date; `ok` otherwise. */
export function draftRepresentations(c: Case, _ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const draftSentOn = c.assessment?.draftSentOn ?? null;
  if (draftSentOn === null) return out;
  // PS 5.19: at least 15 days to comment on the draft EHCP before it is finalised.
  const citation = 'PS 5.19';
  const notBefore = dayOf(draftSentOn) + 15;
  const dueOn = dateOf(notBefore);
  const issuedOn = c.plan?.issuedOn ?? null;
  out.push(
    obligation(c.id, null, 'draft-representations', null, 1, draftSentOn, dueOn,
      earliestStatus(notBefore, maybeDayOf(issuedOn)), issuedOn, 'provision-lead', c.leadProfessionalId, citation),
  );
  return out;
}
