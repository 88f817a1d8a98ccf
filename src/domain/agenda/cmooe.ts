// The agenda of a CMOOE or Children in Care CMOOE meeting on M (docs/rules.md sections 4 and 5;
// PS 4.2, 6.14-6.18). Pure: the same records and the same M give the same agenda; `today` plays no
// part (an agenda built a week early or re-built a month later for the same meeting is the same).
import type { Calendar } from '../calendar/index.js';
import { cmooePeriodOn, isMeetingDay, meetingForNomination, nominationRolledOver, scheduleOf, seriesIdForCase, summaryDeadline, type SeriesSchedule } from '../cmooe.js';
import { fromDay, toDay, type Day } from '../dates.js';
import type { Action, Case, CaseFile } from '../model.js';
import { DORSET, type Policy, type PolicyParameters } from '../policy.js';
import { meetingActionBasis, meetingTitleOf } from '../rules/actions.js';
import { exclusionProvisionBasis, exclusionProvisionDay } from '../rules/cmooe.js';
import type { AgendaAction, AgendaReason, CarriedAction, ClosedAction, CmooeAgenda, CmooeAgendaItem, ExclusionClock, RolledOverNomination } from './types.js';

export interface CmooeAgendaOptions {
  readonly seriesId: string;
  /** The meeting date M (YYYY-MM-DD); must be a meeting of the series. */
  readonly meetingOn: string;
  readonly calendar: Calendar;
  /** The child's initials for the channel ("Jamie Example" -> "J.E."); services/access.ts `initials`. */
  readonly initials: (childName: string) => string;
  /** The profile in force: its summary lead, nomination cut-off and exclusion days. Default Dorset. */
  readonly policy?: Policy;
}

export type CmooeAgendaInput = Pick<CaseFile, 'meetingSeries' | 'cases' | 'nominations' | 'selections' | 'actions'>;

/** The series' schedule, or an error naming the series and the ones configured. */
export function seriesSchedule(file: Pick<CaseFile, 'meetingSeries'>, seriesId: string): SeriesSchedule {
  const series = file.meetingSeries.find((s) => s.id === seriesId);
  if (!series) {
    const known = file.meetingSeries.map((s) => s.id).join(', ') || 'none';
    throw new RangeError(`no meeting series "${seriesId}" is configured (configured: ${known})`);
  }
  return scheduleOf(series);
}

/** Is an action open at a meeting on M: agreed at an earlier meeting and not closed before M?
 * (An action closed on the day of M was still open when M's agenda went out.) */
export function actionOpenAt(a: Pick<Action, 'meetingOn' | 'closedOn'>, meeting: Day): boolean {
  return toDay(a.meetingOn) < meeting && (a.closedOn === null || toDay(a.closedOn) >= meeting);
}

/** The actions of a series closed on a day from `from` up to, not including, `before` (the actions
 * closed since the previous meeting, shown closed on the next agenda and in the minutes). */
export function actionsClosedBetween(actions: readonly Action[], seriesId: string, from: Day, before: Day): ClosedAction[] {
  const out: ClosedAction[] = [];
  for (const a of actions) {
    if (a.seriesId !== seriesId || a.closedOn === null) continue;
    const closed = toDay(a.closedOn);
    if (closed < from || closed >= before) continue;
    out.push({ id: a.id, caseId: a.caseId, agreedOn: a.meetingOn, text: a.text, ownerId: a.ownerId, dueOn: a.dueOn, closedOn: a.closedOn, closedNote: a.closedNote, onTime: a.closedOn <= a.dueOn });
  }
  return out.sort((a, b) => (a.closedOn < b.closedOn ? -1 : a.closedOn > b.closedOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const byDueThenId = (a: { dueOn: string; id: string }, b: { dueOn: string; id: string }) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The exclusion-provision clock at M for the latest permanent exclusion still without provision on M. */
export function exclusionClock(c: Case, meeting: Day, calendar: Calendar, params: PolicyParameters = DORSET.parameters): ExclusionClock | null {
  let open: Case['exclusions'][number] | null = null;
  for (const e of c.exclusions) {
    const from = toDay(e.permanentFrom);
    if (from > meeting) continue;
    if (e.provisionFrom !== null && toDay(e.provisionFrom) <= meeting) continue;
    if (open === null || e.permanentFrom >= open.permanentFrom) open = e;
  }
  if (open === null) return null;
  const from = toDay(open.permanentFrom);
  // PS 6.18: day 1 for a child in care; PS 6.17: day 6 otherwise (the first school day is day 1).
  const n = exclusionProvisionDay(params, c.childInCare);
  const due = calendar.schoolDayNumber(from, n);
  return {
    permanentFrom: open.permanentFrom,
    provisionDueOn: fromDay(due),
    schoolDaysExcluded: calendar.schoolDaysFromUntil(from, meeting),
    overdue: meeting > due,
    citation: c.childInCare ? 'PS 6.18' : 'PS 6.17',
    basis: exclusionProvisionBasis(n, c.childInCare, open.permanentFrom),
  };
}

/** The CMOOE agenda of the series' meeting on `meetingOn`:
 * - items: the cases nominated for M (made after M-21 and on or before M-7) and the cases the chair
 *   selected for M. A case goes to its own series (`cic-cmooe` for a child in care, else `cmooe`),
 *   whichever series a nomination was recorded against, so a child in care is never discussed at the
 *   CMOOE meeting and always at the Children in Care one (PS 4.2);
 * - rolledOver: nominations made after M-7 (and up to M) that go to M+14 instead;
 * - openActions: open actions of the series that belong to no item (no case, or a case not on it).
 * Items are ordered by school days missing (most first), then case reference. */
export function cmooeAgenda(file: CmooeAgendaInput, options: CmooeAgendaOptions): CmooeAgenda {
  const { seriesId, calendar } = options;
  const params = (options.policy ?? DORSET).parameters;
  const schedule = seriesSchedule(file, seriesId);
  const meeting = toDay(options.meetingOn);
  if (!isMeetingDay(schedule, meeting)) {
    throw new RangeError(`${options.meetingOn} is not a meeting of series "${seriesId}" (it meets every ${schedule.every} days from ${fromDay(schedule.first)})`);
  }
  const casesById = new Map<string, Case>();
  for (const c of file.cases) casesById.set(c.id, c);
  const caseOf = (caseId: string, what: string): Case => {
    const c = casesById.get(caseId);
    if (!c) throw new RangeError(`${what} names case "${caseId}", which is not in the case file`);
    return c;
  };

  const reasons = new Map<string, Set<AgendaReason>>();
  const nominationsOf = new Map<string, Array<{ byId: string; concern: string; madeOn: string }>>();
  const rolledOver: RolledOverNomination[] = [];
  const note = (caseId: string, reason: AgendaReason) => {
    let set = reasons.get(caseId);
    if (!set) reasons.set(caseId, (set = new Set()));
    set.add(reason);
  };

  // Schedules of every series a nomination may have been recorded against; a case's own series decides.
  for (const n of file.nominations) {
    const c = caseOf(n.caseId, `a nomination made on ${n.madeOn}`);
    if (seriesIdForCase(c) !== seriesId) continue;
    const madeOn = toDay(n.madeOn);
    // PS 4.2: nominations reach Business Support at least a week before the meeting.
    if (meetingForNomination(schedule, madeOn, params.nominationCutoffDays) === meeting) {
      note(c.id, 'nominated');
      let list = nominationsOf.get(c.id);
      if (!list) nominationsOf.set(c.id, (list = []));
      // Identical nominations (same nominator, same concern) for one meeting are one: the earliest.
      const same = list.find((x) => x.byId === n.byId && x.concern.trim() === n.concern.trim());
      if (!same) list.push({ byId: n.byId, concern: n.concern, madeOn: n.madeOn });
      else if (n.madeOn < same.madeOn) same.madeOn = n.madeOn;
    } else {
      const roll = nominationRolledOver(schedule, madeOn, params.nominationCutoffDays);
      if (roll.rolledFrom !== meeting) continue;
      // A case is listed once among the rolled-over ones, with its earliest late nomination.
      const listed = rolledOver.find((r) => r.caseId === c.id);
      if (!listed) rolledOver.push({ caseId: c.id, madeOn: n.madeOn, toMeetingOn: fromDay(roll.meeting) });
      else if (n.madeOn < listed.madeOn) rolledOver[rolledOver.indexOf(listed)] = { ...listed, madeOn: n.madeOn };
    }
  }
  // PS 4.2: the chair identifies cases from the fortnight's summaries.
  for (const s of file.selections) {
    if (s.meetingOn !== options.meetingOn) continue;
    const c = caseOf(s.caseId, `a selection for ${s.meetingOn}`);
    if (seriesIdForCase(c) !== seriesId) continue;
    note(c.id, 'selected');
  }

  // Open actions of this series from earlier meetings (PS 4.2: hold locality staff to account).
  const actionsOf = new Map<string, AgendaAction[]>();
  const carried: CarriedAction[] = [];
  for (const a of file.actions) {
    if (a.seriesId !== seriesId || !actionOpenAt(a, meeting)) continue;
    const basis = meetingActionBasis(meetingTitleOf(file.meetingSeries, a.seriesId), a.meetingOn);
    if (a.caseId !== null && reasons.has(a.caseId)) {
      let list = actionsOf.get(a.caseId);
      if (!list) actionsOf.set(a.caseId, (list = []));
      list.push({ id: a.id, text: a.text, ownerId: a.ownerId, dueOn: a.dueOn, basis });
    } else {
      carried.push({ id: a.id, caseId: a.caseId, agreedOn: a.meetingOn, text: a.text, ownerId: a.ownerId, dueOn: a.dueOn, basis });
    }
  }

  const deadline = summaryDeadline(meeting, params.cmooeSummaryLeadDays);
  const items: CmooeAgendaItem[] = [];
  for (const [caseId, why] of reasons) {
    const c = casesById.get(caseId)!;
    const period = cmooePeriodOn(c, meeting);
    // docs/rules.md section 4: school days d of the current CMOOE period with period start <= d < M.
    const schoolDaysMissing = period === null ? 0 : calendar.schoolDaysFromUntil(toDay(period.from), meeting);
    let latest: Case['cmooeSummaries'][number] | null = null;
    let onTime = false;
    for (const s of c.cmooeSummaries) {
      const d = toDay(s.submittedOn);
      if (d > meeting) continue;
      if (latest === null || s.submittedOn >= latest.submittedOn) latest = s;
      // This fortnight's summary: after the previous meeting's deadline and on or before this one (PS 4.2, 6.15).
      if (d > deadline - schedule.every && d <= deadline) onTime = true;
    }
    const nominations = (nominationsOf.get(caseId) ?? []).sort((a, b) =>
      a.madeOn < b.madeOn ? -1 : a.madeOn > b.madeOn ? 1 : a.byId < b.byId ? -1 : a.byId > b.byId ? 1 : a.concern < b.concern ? -1 : a.concern > b.concern ? 1 : 0,
    );
    items.push({
      caseId,
      initials: options.initials(c.childName),
      reasons: (['nominated', 'selected'] as const).filter((r) => why.has(r)),
      nominations,
      cmooeReason: period?.reason ?? null,
      cmooeSince: period?.from ?? null,
      schoolDaysMissing,
      latestSummary: latest === null ? null : { submittedOn: latest.submittedOn, actionsToDate: latest.actionsToDate, currentSteps: latest.currentSteps, keyDates: latest.keyDates },
      summaryOnTime: onTime,
      exclusionProvision: exclusionClock(c, meeting, calendar, params),
      openActions: (actionsOf.get(caseId) ?? []).sort(byDueThenId),
    });
  }
  items.sort((a, b) => b.schoolDaysMissing - a.schoolDaysMissing || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  rolledOver.sort((a, b) => (a.madeOn < b.madeOn ? -1 : a.madeOn > b.madeOn ? 1 : a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  carried.sort(byDueThenId);
  return {
    seriesId,
    meetingOn: options.meetingOn,
    summaryDeadline: fromDay(deadline),
    items,
    rolledOver,
    openActions: carried,
    // Closed since the previous meeting (on or after it): the agenda shows them closed (PS 4.2).
    closedActions: actionsClosedBetween(file.actions, seriesId, meeting - schedule.every, meeting),
  };
}
