// Actions agreed at meetings (docs/rules.md sections 3 and 5; PS 4.1, 4.2): each action is an obligation
// of its owner until it is closed ("hold locality staff to account", PS 4.2).
import { dayText } from '../basis.js';
import type { Action, MeetingSeries, Role } from '../model.js';
import type { Obligation } from '../obligation.js';
import { dayOf, maybeDayOf, obligation, type Explain } from './build.js';
import { citationOf } from './cite.js';
import type { RuleContext } from './context.js';
import { deadlineStatus } from './status.js';

/** The series under which the weekly team-manager meeting's actions are recorded (agenda/weekly.ts). */
const WEEKLY = 'weekly';

/** A meeting action's basis: "the date set at the CMOOE oversight meeting on 12 Nov 2026". */
export function meetingActionBasis(meetingTitle: string, meetingOn: string): string {
  return `the date set at the ${meetingTitle} on ${dayText(meetingOn)}`;
}

/** A meeting action's basis for each meeting title (made once per title, not per action). */
const actionBases = new Map<string, Explain>();
function actionBasis(title: string): Explain {
  let basis = actionBases.get(title);
  if (basis === undefined) {
    basis = (o) => meetingActionBasis(title, o.meetingOn!);
    actionBases.set(title, basis);
  }
  return basis;
}

/** meeting-action: each action agreed at a meeting (a CMOOE series' or the weekly meeting's); due on
 * the action's due date; done on its closed date. Owner: the action's owner, in their first role.
 * caseId is the action's case (null for an action agreed for no case); seriesId and meetingOn are the
 * meeting's; the key's detail is the action's id. */
export function meetingAction(a: Action, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  // PS 4.2: actions from the CMOOE meetings; PS 4.1: the weekly performance meeting.
  const citation = citationOf(ctx, 'meeting-action', a.seriesId === WEEKLY ? 'PS 4.1' : 'PS 4.2');
  const owner = ctx.peopleById.get(a.ownerId);
  const role: Role = owner?.roles[0] ?? 'team-manager';
  out.push(
    obligation(
      a.caseId,
      null,
      'meeting-action',
      a.id,
      1,
      a.text,
      dayOf(a.dueOn),
      deadlineStatus(dayOf(a.dueOn), maybeDayOf(a.closedOn), ctx.today, ctx.lookaheadDays),
      a.closedOn,
      role,
      a.ownerId,
      citation,
      actionBasis(meetingTitle(ctx, a.seriesId)),
      a.seriesId,
      a.meetingOn,
    ),
  );
  return out;
}

function meetingTitle(ctx: RuleContext, seriesId: string): string {
  return meetingTitleOf(ctx.meetingSeries, seriesId);
}

/** "CMOOE oversight meeting": a series' title as a meeting's name. */
export function meetingTitleOf(series: ReadonlyArray<Pick<MeetingSeries, 'id' | 'title'>>, seriesId: string): string {
  for (const s of series) if (s.id === seriesId) return /\bmeeting$/i.test(s.title) ? s.title : `${s.title} meeting`;
  return seriesId === WEEKLY ? "weekly team managers' meeting" : `${seriesId} meeting`;
}
