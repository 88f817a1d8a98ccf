// Changes to a plan: amendments, a move to another local authority, mediation
// (docs/rules.md section 3; PS 8.1, 8.2, 9.7, 12.6).
// Every function pushes its obligations onto `out` (created if not given) and returns it.
import { addWeeks } from '../dates.js';
import type { Case } from '../model.js';
import type { Obligation } from '../obligation.js';
import { dateOf, dayOf, maybeDayOf, dupOf, obligation } from './build.js';
import type { RuleContext } from './context.js';
import { deadlineStatus } from './status.js';

/** amendment-issue: each notice of proposed amendments; the amended plan (or the decision not to
 * amend) within 8 weeks of the notice; done on the issued date. */
export function amendmentIssue(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const amendments = c.amendments;
  const from = out.length;
  for (let i = 0; i < amendments.length; i += 1) {
    const a = amendments[i]!;
    // PS 8.1, 8.2: issue the amended plan, or say why not, within 8 weeks of the original notice.
    const citation = 'PS 8.1, 8.2';
    const due = addWeeks(dayOf(a.noticeOn), 8);
    const dueOn = dateOf(due);
    out.push(
      obligation(c.id, null, 'amendment-issue', null, dupOf(out, from, 'amendment-issue', dueOn, null), a.noticeOn, dueOn,
        deadlineStatus(due, maybeDayOf(a.issuedOn), ctx.today, ctx.lookaheadDays), a.issuedOn, 'provision-lead', c.leadProfessionalId, citation),
    );
  }
  return out;
}

/** la-transfer: the child moves to another local authority. With at least 15 working days' notice
 * (notice + 15 working days <= move date) the plan is transferred on the day of the move; otherwise
 * within 15 working days of the move. Done on the transferred date. */
export function laTransfer(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const t = c.laTransfer;
  if (t === null) return out;
  // PS 9.7: transfer on the day of the move, or within 15 working days without 15 working days' notice.
  const citation = 'PS 9.7';
  const move = dayOf(t.moveOn);
  const cal = ctx.calendar;
  const due = cal.addWorkingDays(dayOf(t.noticeOn), 15) <= move ? move : cal.addWorkingDays(move, 15);
  const dueOn = dateOf(due);
  out.push(
    obligation(c.id, null, 'la-transfer', null, 1, t.moveOn, dueOn,
      deadlineStatus(due, maybeDayOf(t.transferredOn), ctx.today, ctx.lookaheadDays), t.transferredOn, 'provision-lead', c.leadProfessionalId, citation),
  );
  return out;
}

/** mediation-session: each request for mediation; a session within 30 days of the notice; done on
 * the session date. Owner: the lead professional's team manager (their managerId), or null. */
export function mediationSession(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const mediations = c.mediations;
  if (mediations.length === 0) return out;
  const lead = c.leadProfessionalId === null ? undefined : ctx.peopleById.get(c.leadProfessionalId);
  const managerId = lead?.managerId ?? null;
  const from = out.length;
  for (let i = 0; i < mediations.length; i += 1) {
    const m = mediations[i]!;
    // PS 12.6: a mediation session arranged within 30 days of the notice.
    const citation = 'PS 12.6';
    const due = dayOf(m.requestedOn) + 30;
    const dueOn = dateOf(due);
    out.push(
      obligation(c.id, null, 'mediation-session', null, dupOf(out, from, 'mediation-session', dueOn, null), m.requestedOn, dueOn,
        deadlineStatus(due, maybeDayOf(m.sessionOn), ctx.today, ctx.lookaheadDays), m.sessionOn, 'team-manager', managerId, citation),
    );
  }
  return out;
}
