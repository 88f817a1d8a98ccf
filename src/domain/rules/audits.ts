// Case-file audits (docs/rules.md sections 3 and 8; QA §6): each audit assigned to an auditor is an
// obligation of that auditor, due 20 working days after it was assigned ("the month's audits are
// completed within the month"); a moderation assigned to a second person is that person's, due 20
// working days after it was assigned. The audits of a case come from the context (ctx.auditsByCase), so
// they are handed out with the case's other obligations, in case order.
import { dayText } from '../basis.js';
import { AUDIT_TYPES, type Audit, type AuditType, type Role } from '../model.js';
import type { Obligation } from '../obligation.js';
import { auditTypeInSentence } from '../audits/types.js';
import type { Case } from '../model.js';
import { dateOf, dayOf, maybeDayOf, MODERATION_DETAIL, obligation, type Explain } from './build.js';
import { citationOf } from './cite.js';
import type { RuleContext } from './context.js';
import { deadlineStatus } from './status.js';

/** QA §6: an audit (and a moderation) is completed within 20 working days of being assigned. */
export const AUDIT_WORKING_DAYS = 20;

// One basis per audit type, made once: "20 working days after the EHC plan audit was assigned on 2 Nov 2026".
const perType = (words: (label: string) => string) =>
  Object.fromEntries(AUDIT_TYPES.map((t) => [t, (o: Obligation) => `${AUDIT_WORKING_DAYS} working days after ${words(auditTypeInSentence(t))} was assigned on ${dayText(o.subject ?? '')}`])) as Record<
    AuditType,
    Explain
  >;
const AUDIT_BASES = perType((label) => `the ${label}`);
const MODERATION_BASES = perType((label) => `the moderation of the ${label}`);

/** The audit's due date: the 20th working day after `assignedOn` (X itself not counted, section 2). */
export function auditDue(assignedOn: string, ctx: Pick<RuleContext, 'calendar'>): string {
  return dateOf(ctx.calendar.addWorkingDays(dayOf(assignedOn), AUDIT_WORKING_DAYS));
}

function ownerRoleOf(ctx: RuleContext, personId: string, preferred: Role | null): Role {
  const person = ctx.peopleById.get(personId);
  if (preferred !== null && person?.roles.includes(preferred)) return preferred;
  return person?.roles[0] ?? 'qa-officer';
}

/** audit: for each audit of the case, its auditor's obligation (done on completedOn) and, when a
 * moderation is assigned, its moderator's (done on moderation.on). The subject is the date it was
 * assigned (the basis counts from it); the key's detail is the audit's id (a moderation's:
 * "moderation:" and the id). */
export function audit(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const audits = ctx.auditsByCase.get(c.id);
  if (audits === undefined) return out;
  const citation = citationOf(ctx, 'audit', 'QA §6');
  for (const a of audits) pushAudit(a, ctx, citation, out);
  return out;
}

function pushAudit(a: Audit, ctx: RuleContext, citation: string, out: Obligation[]): void {
  const due = auditDue(a.assignedOn, ctx);
  out.push(
    obligation(
      a.caseId,
      null,
      'audit',
      a.id,
      1,
      a.assignedOn,
      dayOf(due),
      deadlineStatus(dayOf(due), maybeDayOf(a.completedOn), ctx.today, ctx.lookaheadDays),
      a.completedOn,
      ownerRoleOf(ctx, a.auditorId, a.auditorRole),
      a.auditorId,
      citation,
      AUDIT_BASES[a.type],
    ),
  );
  const m = a.moderation;
  if (m === null) return;
  // A moderation assigned before the assignment date was recorded counts from the audit's completion.
  const from = m.assignedOn ?? a.completedOn ?? a.assignedOn;
  const mDue = auditDue(from, ctx);
  out.push(
    obligation(
      a.caseId,
      null,
      'audit',
      `${MODERATION_DETAIL}${a.id}`,
      1,
      from,
      dayOf(mDue),
      deadlineStatus(dayOf(mDue), maybeDayOf(m.on), ctx.today, ctx.lookaheadDays),
      m.on,
      ownerRoleOf(ctx, m.moderatorId, null),
      m.moderatorId,
      citation,
      MODERATION_BASES[a.type],
    ),
  );
}
