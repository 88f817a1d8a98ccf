// Changes to a plan: amendments, a move to another local authority, mediation, ceasing the plan
// (docs/rules.md section 3; PS 8.1, 8.2, 9.6, 9.7, 12.6).
// Every function pushes its obligations onto `out` (created if not given) and returns it.
import { dayText, plural } from '../basis.js';
import { addMonths, addWeeks } from '../dates.js';
import type { Case } from '../model.js';
import type { Obligation } from '../obligation.js';
import { dayOf, maybeDayOf, dupOf, obligation, type Explain } from './build.js';
import { citationOf } from './cite.js';
import type { RuleContext } from './context.js';
import { deadlineStatus, earliestStatus } from './status.js';

// The bases: the subject is the date the due date was counted from.
const amendmentBasis: Explain = (o) => `8 weeks after the notice of proposed amendments on ${dayText(o.subject!)}`;
/** la-transfer's basis names the notice's date too: made per transfer (there is at most one a case). */
function transferBasis(enoughNotice: boolean, noticeOn: string): Explain {
  return enoughNotice
    ? (o) => `the day of the move on ${dayText(o.subject!)}: the notice of the move on ${dayText(noticeOn)} came at least 15 working days ahead`
    : (o) => `15 working days after the move on ${dayText(o.subject!)}: the notice of the move on ${dayText(noticeOn)} came less than 15 working days ahead`;
}
const mediationBasis: Explain = (o) => `30 days after mediation was requested on ${dayText(o.subject!)}`;
/** cease-appeal-window's basis for each window (the profile's ceaseAppealWindowMonths). */
const ceaseBases = new Map<number, Explain>();
function ceaseBasis(months: number): Explain {
  let basis = ceaseBases.get(months);
  if (basis === undefined) {
    basis = (o) => `not before ${plural(months, 'month')} after the decision to cease the plan was notified on ${dayText(o.subject!)} (the appeal window)`;
    ceaseBases.set(months, basis);
  }
  return basis;
}

/** amendment-issue: each notice of proposed amendments; the amended plan (or the decision not to
 * amend) within 8 weeks of the notice; done on the issued date. */
export function amendmentIssue(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const amendments = c.amendments;
  const from = out.length;
  // PS 8.1, 8.2: issue the amended plan, or say why not, within 8 weeks of the original notice.
  const citation = citationOf(ctx, 'amendment-issue', 'PS 8.1, 8.2');
  for (let i = 0; i < amendments.length; i += 1) {
    const a = amendments[i]!;
    const due = addWeeks(dayOf(a.noticeOn), 8);
    out.push(
      obligation(
        c.id,
        null,
        'amendment-issue',
        null,
        dupOf(out, from, 'amendment-issue', due, null),
        a.noticeOn,
        due,
        deadlineStatus(due, maybeDayOf(a.issuedOn), ctx.today, ctx.lookaheadDays),
        a.issuedOn,
        'provision-lead',
        c.leadProfessionalId,
        citation,
        amendmentBasis,
      ),
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
  const citation = citationOf(ctx, 'la-transfer', 'PS 9.7');
  const move = dayOf(t.moveOn);
  const cal = ctx.calendar;
  const enoughNotice = cal.addWorkingDays(dayOf(t.noticeOn), 15) <= move;
  const due = enoughNotice ? move : cal.addWorkingDays(move, 15);
  out.push(
    obligation(
      c.id,
      null,
      'la-transfer',
      null,
      1,
      t.moveOn,
      due,
      deadlineStatus(due, maybeDayOf(t.transferredOn), ctx.today, ctx.lookaheadDays),
      t.transferredOn,
      'provision-lead',
      c.leadProfessionalId,
      citation,
      transferBasis(enoughNotice, t.noticeOn),
    ),
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
  // PS 12.6: a mediation session arranged within 30 days of the notice.
  const citation = citationOf(ctx, 'mediation-session', 'PS 12.6');
  for (let i = 0; i < mediations.length; i += 1) {
    const m = mediations[i]!;
    const due = dayOf(m.requestedOn) + 30;
    out.push(
      obligation(
        c.id,
        null,
        'mediation-session',
        null,
        dupOf(out, from, 'mediation-session', due, null),
        m.requestedOn,
        due,
        deadlineStatus(due, maybeDayOf(m.sessionOn), ctx.today, ctx.lookaheadDays),
        m.sessionOn,
        'team-manager',
        managerId,
        citation,
        mediationBasis,
      ),
    );
  }
  return out;
}

/** cease-appeal-window (an "earliest" rule): once the decision to cease the plan is notified
 * (`plan.ceaseNoticeOn`), the plan may not be ceased before the appeal window has lapsed: notice + the
 * profile's window (2 months by default). `breached` only if ceased (`plan.ceasedOn`) before that date;
 * `ok` otherwise, including not ceased yet. Owner: the lead professional. PS 9.6. */
export function ceaseAppealWindow(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const plan = c.plan;
  // Read as possibly absent: records stored before the field existed have no value (null).
  const noticeOn = plan?.ceaseNoticeOn ?? null;
  if (plan === null || noticeOn === null) return out;
  // PS 9.6: a decision to cease does not take effect until the appeal window has lapsed.
  const citation = citationOf(ctx, 'cease-appeal-window', 'PS 9.6');
  const months = ctx.params.ceaseAppealWindowMonths;
  const notBefore = addMonths(dayOf(noticeOn), months);
  out.push(
    obligation(
      c.id,
      null,
      'cease-appeal-window',
      null,
      1,
      noticeOn,
      notBefore,
      earliestStatus(notBefore, maybeDayOf(plan.ceasedOn)),
      plan.ceasedOn,
      'provision-lead',
      c.leadProfessionalId,
      citation,
      ceaseBasis(months),
    ),
  );
  return out;
}
