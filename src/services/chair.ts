// The chair's view (docs/rules.md sections 4 and 5; PS 4.2): for the next meeting of a CMOOE series,
// the summaries submitted this fortnight, the nominations, the chair's selection and a preview of the
// agenda. For CMOOE chairs and Business Support; every case listed is one the viewer may see (section 7).
import { cmooeAgenda } from '../domain/agenda/cmooe.js';
import type { CmooeAgenda } from '../domain/agenda/types.js';
import { cmooePeriodOn, isMeetingDay, meetingForNomination, meetingOnOrAfter, scheduleOf, seriesIdForCase, summaryDeadline } from '../domain/cmooe.js';
import { fromDay, toDay } from '../domain/dates.js';
import type { Case, Person } from '../domain/model.js';
import type { CaseStore } from '../store/port.js';
import { NotFoundError } from '../store/port.js';
import { canSeeCase, CaseNotFound, initials } from './access.js';
import { AccessDeniedError, BadRequestError, mayUseChairView, type Snapshot, type SnapshotSource } from './dashboard.js';

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

export interface ChairView {
  readonly today: string;
  readonly series: { id: string; title: string };
  readonly meetingOn: string;
  readonly summaryDeadline: string;
  /** The window of "this fortnight's" summaries: after `opensAfter`, on or before the meeting. */
  readonly summariesOpenAfter: string;
  /** Every CMOOE case of the series the viewer may see: with a summary this fortnight first. */
  readonly candidates: ChairCandidate[];
  readonly nominations: { caseId: string; initials: string; by: string; concern: string; madeOn: string }[];
  readonly selections: { caseId: string; initials: string; by: string }[];
  readonly agenda: CmooeAgenda;
}

function requireChair(viewer: Person): void {
  if (!mayUseChairView(viewer)) throw new AccessDeniedError("The chair's view is for CMOOE chairs and Business Support.");
}

function seriesOf(snapshot: Snapshot, seriesId: string) {
  const series = snapshot.file.meetingSeries.find((s) => s.id === seriesId);
  if (series === undefined) {
    throw new NotFoundError('meeting series', seriesId);
  }
  return series;
}

export function chairView(snapshot: Snapshot, viewer: Person, seriesId: string): ChairView {
  requireChair(viewer);
  const series = seriesOf(snapshot, seriesId);
  const schedule = scheduleOf(series);
  const today = toDay(snapshot.today);
  const meeting = meetingOnOrAfter(schedule, today);
  // The profile's summary lead and nomination cut-off (docs/rules.md section 9).
  const params = snapshot.policy.policy.parameters;
  const deadline = summaryDeadline(meeting, params.cmooeSummaryLeadDays);
  const opensAfter = deadline - schedule.every;
  const meetingOn = fromDay(meeting);
  const name = (id: string) => snapshot.people.get(id)?.name ?? id;
  const visible = (c: Case | undefined): c is Case => c !== undefined && canSeeCase(viewer, c, snapshot.today);

  const nominations = snapshot.file.nominations.filter((n) => n.seriesId === seriesId && meetingForNomination(schedule, toDay(n.madeOn), params.nominationCutoffDays) === meeting);
  const selections = snapshot.file.selections.filter((s) => s.seriesId === seriesId && s.meetingOn === meetingOn);
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
          : { submittedOn: latest.submittedOn, onTime: toDay(latest.submittedOn) <= deadline, author: name(latest.authorId), actionsToDate: latest.actionsToDate, currentSteps: latest.currentSteps, keyDates: latest.keyDates },
      nominated: nominated.has(c.id),
      selected: selected.has(c.id),
    });
  }
  candidates.sort((a, b) => Number(b.summary !== null) - Number(a.summary !== null) || b.schoolDaysMissing - a.schoolDaysMissing || (a.caseId < b.caseId ? -1 : 1));

  const agenda = cmooeAgenda(snapshot.file, { seriesId, meetingOn, calendar: snapshot.calendar, initials, policy: snapshot.policy.policy });
  const visibleAgenda: CmooeAgenda = {
    ...agenda,
    items: agenda.items.filter((i) => visible(snapshot.cases.get(i.caseId))),
    rolledOver: agenda.rolledOver.filter((r) => visible(snapshot.cases.get(r.caseId))),
    openActions: agenda.openActions.filter((a) => a.caseId === null || visible(snapshot.cases.get(a.caseId))),
  };

  return {
    today: snapshot.today,
    series: { id: series.id, title: series.title },
    meetingOn,
    summaryDeadline: fromDay(deadline),
    summariesOpenAfter: fromDay(opensAfter),
    candidates,
    nominations: nominations
      .filter((n) => visible(snapshot.cases.get(n.caseId)))
      .map((n) => ({ caseId: n.caseId, initials: initials(snapshot.cases.get(n.caseId)!.childName), by: name(n.byId), concern: n.concern, madeOn: n.madeOn })),
    selections: selections
      .filter((s) => visible(snapshot.cases.get(s.caseId)))
      .map((s) => ({ caseId: s.caseId, initials: initials(snapshot.cases.get(s.caseId)!.childName), by: name(s.byId) })),
    agenda: visibleAgenda,
  };
}

export interface SelectionRequest {
  readonly caseId: string;
  readonly seriesId: string;
  readonly meetingOn: string;
}

function checkSelection(snapshot: Snapshot, viewer: Person, request: SelectionRequest): void {
  requireChair(viewer);
  const series = seriesOf(snapshot, request.seriesId);
  const c = snapshot.cases.get(request.caseId);
  if (c === undefined || !canSeeCase(viewer, c, snapshot.today)) throw new CaseNotFound(request.caseId);
  let meeting: number;
  try {
    meeting = toDay(request.meetingOn);
  } catch {
    throw new BadRequestError(`meetingOn must be a date YYYY-MM-DD, got ${JSON.stringify(request.meetingOn)}`);
  }
  const schedule = scheduleOf(series);
  if (!isMeetingDay(schedule, meeting)) throw new BadRequestError(`${request.meetingOn} is not a meeting of ${series.title}`);
  if (meeting < toDay(snapshot.today)) throw new BadRequestError(`the meeting of ${request.meetingOn} has already taken place`);
  if (seriesIdForCase(c) !== series.id || cmooePeriodOn(c, toDay(snapshot.today)) === null) {
    throw new BadRequestError(`case ${c.id} is not a CMOOE case of ${series.title} today`);
  }
}

/** The chair selects a case for a meeting's agenda (PS 4.2). Selecting it twice changes nothing. */
export async function selectCase(store: CaseStore, source: SnapshotSource, viewer: Person, request: SelectionRequest): Promise<void> {
  const snapshot = await source.get();
  checkSelection(snapshot, viewer, request);
  const already = snapshot.file.selections.some((s) => s.caseId === request.caseId && s.seriesId === request.seriesId && s.meetingOn === request.meetingOn);
  if (!already) await store.addSelection({ ...request, byId: viewer.id });
}

/** The chair takes a case off the agenda before it goes out. */
export async function unselectCase(store: CaseStore, source: SnapshotSource, viewer: Person, request: SelectionRequest): Promise<void> {
  const snapshot = await source.get();
  requireChair(viewer);
  seriesOf(snapshot, request.seriesId);
  const c = snapshot.cases.get(request.caseId);
  if (c === undefined || !canSeeCase(viewer, c, snapshot.today)) throw new CaseNotFound(request.caseId);
  await store.removeSelection(request);
}
