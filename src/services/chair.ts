// The chair's view (docs/rules.md sections 4 and 5; PS 4.2): for a meeting of a CMOOE series (the next
// one unless another is asked for), the summaries submitted that fortnight, the nominations, the chair's
// selection and a preview of the agenda; and whether its selections and its record are open.
// For the chairs of the series (people[].chairs) and Business Support, who sees every series but does
// not select (selecting is the chair's, PS 4.2). Every case listed is one the viewer may see (section 7).
import { cmooeAgenda } from '../domain/agenda/cmooe.js';
import type { CmooeAgenda } from '../domain/agenda/types.js';
import { cmooePeriodOn, isMeetingDay, meetingForNomination, meetingOnOrAfter, meetingOnOrBefore, scheduleOf, seriesIdForCase, summaryDeadline } from '../domain/cmooe.js';
import { fromDay, isIsoDate, toDay } from '../domain/dates.js';
import { recordWindow, selectionWindow, whereIn, type DayWindow } from '../domain/meetings.js';
import type { Case, MeetingSeries, Person } from '../domain/model.js';
import type { CaseStore } from '../store/port.js';
import { NotFoundError } from '../store/port.js';
import { canSeeCase, CaseNotFound, chairedSeries, chairsSeries, initials } from './access.js';
import { AccessDeniedError, BadRequestError, type Snapshot, type SnapshotSource } from './dashboard.js';

export interface ChairCandidate {
  readonly caseId: string;
  readonly childName: string;
  readonly initials: string;
  readonly team: string | null;
  readonly cmooeSince: string;
  readonly cmooeReason: string;
  /** School days d of the current CMOOE period with start <= d < the meeting (section 4). */
  readonly schoolDaysMissing: number;
  readonly summary: { submittedOn: string; onTime: boolean; author: string; actionsToDate: string; currentSteps: string; keyDates: string } | null;
  readonly nominated: boolean;
  readonly selected: boolean;
}

/** Whether something of the meeting can be done today, and if not, why (in words for the person). */
export interface WindowState {
  readonly window: DayWindow;
  readonly state: 'before' | 'open' | 'after';
  /** The viewer may do it today. */
  readonly allowed: boolean;
  /** Why not, when not allowed. */
  readonly why: string | null;
}

export interface ChairView {
  readonly today: string;
  readonly series: { id: string; title: string };
  /** The series this viewer may open the chair's view for (a chair: the ones they chair). */
  readonly seriesChoices: { id: string; title: string }[];
  readonly meetingOn: string;
  readonly previousMeetingOn: string | null;
  readonly nextMeetingOn: string;
  readonly summaryDeadline: string;
  /** The window of "this fortnight's" summaries: after `opensAfter`, on or before the meeting. */
  readonly summariesOpenAfter: string;
  /** Selections for this meeting: from M − 7 to M, by a chair of the series (docs/rules.md section 4). */
  readonly selection: WindowState;
  /** The record of this meeting: on M and up to 5 working days after (docs/rules.md section 5). */
  readonly record: WindowState;
  /** The latest held meeting whose record is still open (for "Record the meeting"), or null. */
  readonly recordOpenFor: string | null;
  /** Every CMOOE case of the series the viewer may see: with a summary this fortnight first. */
  readonly candidates: ChairCandidate[];
  readonly nominations: { caseId: string; initials: string; by: string; concern: string; madeOn: string }[];
  readonly selections: { caseId: string; initials: string; by: string }[];
  readonly agenda: CmooeAgenda;
}

const SELECTING_IS_THE_CHAIRS = "Business Support sees the chair's view, but selecting cases is the chair's (PS 4.2).";

/** The CMOOE series this viewer may use the chair's view for: every series for Business Support, the
 * ones they chair for a chair (people[].chairs). */
export function chairViewSeries(viewer: Person, all: readonly MeetingSeries[]): MeetingSeries[] {
  if (viewer.roles.includes('business-support')) return [...all];
  const mine = chairedSeries(viewer);
  return all.filter((s) => mine.includes(s.id));
}

/** May the viewer use the chair's view at all? A chair of a series, or Business Support. */
export function mayUseChairViewOf(viewer: Person): boolean {
  return viewer.roles.includes('business-support') || chairedSeries(viewer).length > 0;
}

/** The series, if the viewer may use its chair's view; AccessDeniedError otherwise (naming why). */
function seriesFor(snapshot: Snapshot, viewer: Person, seriesId: string): MeetingSeries {
  if (!mayUseChairViewOf(viewer)) {
    throw new AccessDeniedError(
      viewer.roles.includes('cmooe-chair')
        ? "You are not recorded as the chair of any meeting series, so there is no chair's view for you. Ask your administrator to set the series you chair (people[].chairs, docs/rules.md section 4)."
        : "The chair's view is for the chairs of the CMOOE meetings and Business Support.",
    );
  }
  const series = snapshot.file.meetingSeries.find((s) => s.id === seriesId);
  if (series === undefined) throw new NotFoundError('meeting series', seriesId);
  if (!chairViewSeries(viewer, [series]).length) {
    const own = chairViewSeries(viewer, snapshot.file.meetingSeries).map((s) => s.title);
    throw new AccessDeniedError(`You chair ${own.join(' and ')}: the ${series.title} meeting has its own chair, and its children are not shown to you (docs/rules.md section 7).`);
  }
  return series;
}

function meetingDay(series: MeetingSeries, meetingOn: string): number {
  if (!isIsoDate(meetingOn)) throw new BadRequestError(`meetingOn must be a date YYYY-MM-DD, got ${JSON.stringify(meetingOn)}`);
  const day = toDay(meetingOn);
  const schedule = scheduleOf(series);
  if (!isMeetingDay(schedule, day)) {
    const before = meetingOnOrBefore(schedule, day);
    throw new BadRequestError(`${meetingOn} is not a meeting of ${series.title}: the nearest are ${before !== null ? `${fromDay(before)} and ` : ''}${fromDay(meetingOnOrAfter(schedule, day))}`);
  }
  return day;
}

/** Selections of meeting M: open from M − 7 to M to a chair of the series. */
export function selectionState(snapshot: Snapshot, viewer: Person, series: MeetingSeries, meeting: number): WindowState {
  const window = selectionWindow(meeting, snapshot.policy.policy.parameters.cmooeSummaryLeadDays);
  const state = whereIn(window, snapshot.today);
  const chair = chairsSeries(viewer, series.id);
  const why = !chair
    ? SELECTING_IS_THE_CHAIRS
    : state === 'before'
      ? `Selections for the meeting of ${fromDay(meeting)} open on ${window.opens}, when that fortnight's summaries are in (docs/rules.md section 4).`
      : state === 'after'
        ? `The meeting of ${fromDay(meeting)} has taken place: its selections are part of its record and cannot change (docs/rules.md section 4).`
        : null;
  return { window, state, allowed: why === null, why };
}

/** The record of meeting M: open on M and for 5 working days after, to a chair of the series or
 * Business Support. */
export function recordState(snapshot: Snapshot, viewer: Person, series: MeetingSeries, meeting: number): WindowState {
  const window = recordWindow(meeting, snapshot.calendar);
  const state = whereIn(window, snapshot.today);
  const may = chairsSeries(viewer, series.id) || viewer.roles.includes('business-support');
  const why = !may
    ? 'The meeting is recorded by its chair or Business Support (docs/rules.md section 5).'
    : state === 'before'
      ? `The record of the meeting of ${fromDay(meeting)} opens on the day of the meeting.`
      : state === 'after'
        ? `The record of the meeting of ${fromDay(meeting)} could be made until ${window.closes} (5 working days after the meeting, docs/rules.md section 5). Ask Business Support if something must be corrected.`
        : null;
  return { window, state, allowed: why === null, why };
}

export function chairView(snapshot: Snapshot, viewer: Person, seriesId: string, meetingOn?: string | null): ChairView {
  const series = seriesFor(snapshot, viewer, seriesId);
  const schedule = scheduleOf(series);
  const today = toDay(snapshot.today);
  const meeting = meetingOn ? meetingDay(series, meetingOn) : meetingOnOrAfter(schedule, today);
  // The profile's summary lead and nomination cut-off (docs/rules.md section 9).
  const params = snapshot.policy.policy.parameters;
  const deadline = summaryDeadline(meeting, params.cmooeSummaryLeadDays);
  const opensAfter = deadline - schedule.every;
  const meetingOnText = fromDay(meeting);
  const name = (id: string) => snapshot.people.get(id)?.name ?? id;
  const visible = (c: Case | undefined): c is Case => c !== undefined && canSeeCase(viewer, c, snapshot.today);

  const nominations = snapshot.file.nominations.filter((n) => n.seriesId === seriesId && meetingForNomination(schedule, toDay(n.madeOn), params.nominationCutoffDays) === meeting);
  const selections = snapshot.file.selections.filter((s) => s.seriesId === seriesId && s.meetingOn === meetingOnText);
  const nominated = new Set(nominations.map((n) => n.caseId));
  const selected = new Set(selections.map((s) => s.caseId));

  const candidates: ChairCandidate[] = [];
  for (const c of snapshot.file.cases) {
    if (seriesIdForCase(c) !== seriesId) continue;
    const period = cmooePeriodOn(c, today);
    if (period === null || !visible(c)) continue;
    let latest: Case['cmooeSummaries'][number] | null = null;
    for (const s of c.cmooeSummaries) {
      const d = toDay(s.submittedOn);
      if (d > opensAfter && d <= Math.min(meeting, today) && (latest === null || s.submittedOn > latest.submittedOn)) latest = s;
    }
    candidates.push({
      caseId: c.id,
      childName: c.childName,
      initials: initials(c.childName),
      team: c.team,
      cmooeSince: period.from,
      cmooeReason: period.reason,
      schoolDaysMissing: snapshot.calendar.schoolDaysFromUntil(toDay(period.from), meeting),
      summary:
        latest === null
          ? null
          : {
              submittedOn: latest.submittedOn,
              onTime: toDay(latest.submittedOn) <= deadline,
              author: name(latest.authorId),
              actionsToDate: latest.actionsToDate,
              currentSteps: latest.currentSteps,
              keyDates: latest.keyDates,
            },
      nominated: nominated.has(c.id),
      selected: selected.has(c.id),
    });
  }
  candidates.sort((a, b) => Number(b.summary !== null) - Number(a.summary !== null) || b.schoolDaysMissing - a.schoolDaysMissing || (a.caseId < b.caseId ? -1 : 1));

  const agenda = cmooeAgenda(snapshot.file, { seriesId, meetingOn: meetingOnText, calendar: snapshot.calendar, initials, policy: snapshot.policy.policy });
  const visibleAgenda: CmooeAgenda = {
    ...agenda,
    items: agenda.items.filter((i) => visible(snapshot.cases.get(i.caseId)) || chairsSeries(viewer, seriesId) || viewer.roles.includes('business-support')),
    rolledOver: agenda.rolledOver.filter((r) => visible(snapshot.cases.get(r.caseId))),
    openActions: agenda.openActions.filter((a) => a.caseId === null || visible(snapshot.cases.get(a.caseId))),
    closedActions: agenda.closedActions.filter((a) => a.caseId === null || visible(snapshot.cases.get(a.caseId))),
  };
  // The latest held meeting whose record is still open: the chair's "Record the meeting".
  const held = meetingOnOrBefore(schedule, today);
  const recordOpenFor = held !== null && recordState(snapshot, viewer, series, held).state === 'open' ? fromDay(held) : null;
  const previous = meeting - schedule.every >= schedule.first ? fromDay(meeting - schedule.every) : null;

  return {
    today: snapshot.today,
    series: { id: series.id, title: series.title },
    seriesChoices: chairViewSeries(viewer, snapshot.file.meetingSeries).map((s) => ({ id: s.id, title: s.title })),
    meetingOn: meetingOnText,
    previousMeetingOn: previous,
    nextMeetingOn: fromDay(meeting + schedule.every),
    summaryDeadline: fromDay(deadline),
    summariesOpenAfter: fromDay(opensAfter),
    selection: selectionState(snapshot, viewer, series, meeting),
    record: recordState(snapshot, viewer, series, meeting),
    recordOpenFor,
    candidates,
    nominations: nominations
      .filter((n) => visible(snapshot.cases.get(n.caseId)))
      .map((n) => ({ caseId: n.caseId, initials: initials(snapshot.cases.get(n.caseId)?.childName ?? ''), by: name(n.byId), concern: n.concern, madeOn: n.madeOn })),
    selections: selections.filter((s) => visible(snapshot.cases.get(s.caseId))).map((s) => ({ caseId: s.caseId, initials: initials(snapshot.cases.get(s.caseId)?.childName ?? ''), by: name(s.byId) })),
    agenda: visibleAgenda,
  };
}

export interface SelectionRequest {
  readonly caseId: string;
  readonly seriesId: string;
  readonly meetingOn: string;
}

/** May the viewer select (or withdraw) for this meeting today? AccessDeniedError (not a chair of the
 * series) or BadRequestError (outside the window), naming the rule. */
function checkSelectionWindow(snapshot: Snapshot, viewer: Person, request: SelectionRequest): void {
  const series = seriesFor(snapshot, viewer, request.seriesId);
  if (!chairsSeries(viewer, series.id)) throw new AccessDeniedError(SELECTING_IS_THE_CHAIRS);
  const state = selectionState(snapshot, viewer, series, meetingDay(series, request.meetingOn));
  if (!state.allowed) throw new BadRequestError(state.why ?? 'Selections for this meeting are closed.');
}

/** The chair selects a case for a meeting's agenda (PS 4.2). Selecting it twice changes nothing. */
export async function selectCase(store: CaseStore, source: SnapshotSource, viewer: Person, request: SelectionRequest): Promise<void> {
  const snapshot = await source.get();
  const c = snapshot.cases.get(request.caseId);
  // A case the viewer may not see is answered as one that does not exist (section 7).
  if (c === undefined || !canSeeCase(viewer, c, snapshot.today)) throw new CaseNotFound(request.caseId);
  checkSelectionWindow(snapshot, viewer, request);
  const series = snapshot.file.meetingSeries.find((s) => s.id === request.seriesId)!;
  if (seriesIdForCase(c) !== series.id || cmooePeriodOn(c, toDay(snapshot.today)) === null) {
    throw new BadRequestError(`case ${c.id} is not a CMOOE case of ${series.title} today`);
  }
  const already = snapshot.file.selections.some((s) => s.caseId === request.caseId && s.seriesId === request.seriesId && s.meetingOn === request.meetingOn);
  if (!already) await store.addSelection({ ...request, byId: viewer.id }, snapshot.today);
}

/** The chair takes a case off the agenda, up to the meeting day. */
export async function unselectCase(store: CaseStore, source: SnapshotSource, viewer: Person, request: SelectionRequest): Promise<void> {
  const snapshot = await source.get();
  const c = snapshot.cases.get(request.caseId);
  if (c === undefined || !canSeeCase(viewer, c, snapshot.today)) throw new CaseNotFound(request.caseId);
  checkSelectionWindow(snapshot, viewer, request);
  await store.removeSelection(request, snapshot.today);
}
