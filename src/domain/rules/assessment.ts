// EHC needs assessment and the first plan (docs/rules.md section 3; PS 5.3, 5.16-5.19).
// Every function pushes its obligations onto `out` (created if not given) and returns it.
import { dayText } from '../basis.js';
import { addWeeks } from '../dates.js';
import type { AdviceRequest, Case } from '../model.js';
import type { Obligation } from '../obligation.js';
import { dateOf, dayOf, maybeDayOf, dupOf, obligation, type Explain } from './build.js';
import { citationOf } from './cite.js';
import type { RuleContext } from './context.js';
import { deadlineStatus, earliestStatus } from './status.js';

// The bases: the subject is the date the due date was counted from (for advice, the agency: the
// request was 6 weeks before the due date).
const decisionBasis: Explain = (o) => `6 weeks after the assessment request was received on ${dayText(o.subject!)}`;
const notIssuingBasis: Explain = (o) => `16 weeks after the assessment request was received on ${dayText(o.subject!)}`;
const finalPlanBasis: Explain = (o) => `20 weeks after the assessment request was received on ${dayText(o.subject!)}`;
const adviceBasis: Explain = (o) => `6 weeks after advice was requested from ${o.subject ?? 'the agency'} on ${dayText(dateOf(dayOf(o.due) - 42))}`;
const draftBasis: Explain = (o) => `not before 15 days after the draft plan was sent on ${dayText(o.subject!)}`;

/** assessment-decision: an assessment request was received; decide within 6 weeks of the request;
 * done when the decision date is recorded. Owner: the lead professional (provision-lead). */
export function assessmentDecision(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const a = c.assessment;
  if (a === null) return out;
  // PS 5.3: decide whether an assessment is necessary within 6 weeks of the request.
  const citation = citationOf(ctx, 'assessment-decision', 'PS 5.3');
  const due = addWeeks(dayOf(a.requestedOn), 6);
  out.push(
    obligation(
      c.id,
      null,
      'assessment-decision',
      null,
      1,
      a.requestedOn,
      due,
      deadlineStatus(due, maybeDayOf(a.decisionOn), ctx.today, ctx.lookaheadDays),
      a.decisionOn,
      'provision-lead',
      c.leadProfessionalId,
      citation,
      decisionBasis,
    ),
  );
  return out;
}

/** not-issuing-notice: decided, after assessing, not to issue a plan (outcome "not-issue"); tell the
 * family within 16 weeks of the original request; done on the outcome notice date. */
export function notIssuingNotice(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const a = c.assessment;
  if (a === null || a.outcome !== 'not-issue') return out;
  // PS 5.18: advise the family of a decision not to issue within 16 weeks of the original request.
  const citation = citationOf(ctx, 'not-issuing-notice', 'PS 5.18');
  const due = addWeeks(dayOf(a.requestedOn), 16);
  out.push(
    obligation(
      c.id,
      null,
      'not-issuing-notice',
      null,
      1,
      a.requestedOn,
      due,
      deadlineStatus(due, maybeDayOf(a.outcomeNoticeOn), ctx.today, ctx.lookaheadDays),
      a.outcomeNoticeOn,
      'provision-lead',
      c.leadProfessionalId,
      citation,
      notIssuingBasis,
    ),
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
  const citation = citationOf(ctx, 'final-plan', 'PS 5.16');
  const due = addWeeks(dayOf(a.requestedOn), 20);
  const issuedOn = c.plan?.issuedOn ?? null;
  const status = a.exceptionReason !== null ? 'excepted' : deadlineStatus(due, maybeDayOf(issuedOn), ctx.today, ctx.lookaheadDays);
  out.push(obligation(c.id, null, 'final-plan', null, 1, a.requestedOn, due, status, issuedOn, 'provision-lead', c.leadProfessionalId, citation, finalPlanBasis));
  return out;
}

/** agency-advice: one per advice request sent to another agency; the agency answers within 6 weeks of
 * the request; done on the received date. Chased by the lead professional (provision-lead). */
export function agencyAdvice(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  // In the order they are listed (by due date, then agency), which sorting then need not change.
  const requests = byDueThenAgency(c.adviceRequests);
  const from = out.length;
  // PS 5.17: an agency asked for information provides it within 6 weeks.
  const citation = citationOf(ctx, 'agency-advice', 'PS 5.17');
  for (let i = 0; i < requests.length; i += 1) {
    const r = requests[i]!;
    const due = addWeeks(dayOf(r.requestedOn), 6);
    out.push(
      obligation(
        c.id,
        null,
        'agency-advice',
        r.agency,
        dupOf(out, from, 'agency-advice', due, r.agency),
        r.agency,
        due,
        deadlineStatus(due, maybeDayOf(r.receivedOn), ctx.today, ctx.lookaheadDays),
        r.receivedOn,
        'provision-lead',
        c.leadProfessionalId,
        citation,
        adviceBasis,
      ),
    );
  }
  return out;
}

/** draft-representations (an "earliest" rule): once a draft plan is sent, the final plan may not be
 * issued before draft sent + 15 days. `breached` only if issued before that date; `ok` otherwise. */
export function draftRepresentations(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const draftSentOn = c.assessment?.draftSentOn ?? null;
  if (draftSentOn === null) return out;
  // PS 5.19: at least 15 days to comment on the draft EHCP before it is finalised.
  const citation = citationOf(ctx, 'draft-representations', 'PS 5.19');
  const notBefore = dayOf(draftSentOn) + 15;
  const issuedOn = c.plan?.issuedOn ?? null;
  out.push(
    obligation(
      c.id,
      null,
      'draft-representations',
      null,
      1,
      draftSentOn,
      notBefore,
      earliestStatus(notBefore, maybeDayOf(issuedOn)),
      issuedOn,
      'provision-lead',
      c.leadProfessionalId,
      citation,
      draftBasis,
    ),
  );
  return out;
}

/** The requests by request date, then agency (stably: two to one agency on one day keep their order).
 * A case has a few: an insertion sort, and only when they are not in that order already. */
function byDueThenAgency(requests: readonly AdviceRequest[]): readonly AdviceRequest[] {
  const before = (x: AdviceRequest, y: AdviceRequest) => x.requestedOn < y.requestedOn || (x.requestedOn === y.requestedOn && x.agency < y.agency);
  let i = 1;
  while (i < requests.length && !before(requests[i]!, requests[i - 1]!)) i += 1;
  if (i >= requests.length) return requests;
  const out = requests.slice();
  for (; i < out.length; i += 1) {
    const r = out[i]!;
    let j = i - 1;
    while (j >= 0 && before(r, out[j]!)) {
      out[j + 1] = out[j]!;
      j -= 1;
    }
    out[j + 1] = r;
  }
  return out;
}
