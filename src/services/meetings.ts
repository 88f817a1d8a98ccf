// The meeting record (docs/rules.md section 5; PS 4.1, 4.2): what a CMOOE meeting decided about each case
// it discussed and the actions it agreed, saved one case at a time; attendance; the actions, closed by
// their owner or the chair, handed on by the chair; and the weekly team-manager meeting's actions.
// One set of service calls for the tab (the chair's "Record the meeting", the weekly page, My work) and
// the bot (the agenda card's "Record outcome", the digest's Done): each checks who is asking, the window
// and every field, names each problem by its field, and writes nothing when there is one.
import { z } from 'zod';
import { cmooeAgenda } from '../domain/agenda/cmooe.js';
import { WEEKLY_SERIES_ID, weeklyAgenda } from '../domain/agenda/weekly.js';
import type { WeeklyAgenda } from '../domain/agenda/types.js';
import { isMeetingDay, scheduleOf, seriesIdForCase } from '../domain/cmooe.js';
import { fromDay, fromInstant, isIsoDate, londonToday, toDay, weekday } from '../domain/dates.js';
import { recordWindow, whereIn, type DayWindow } from '../domain/meetings.js';
import { calendarFor } from '../domain/obligations.js';
import type { Action, MeetingSeries, Person } from '../domain/model.js';
import { MAX_ACTION_TEXT, MAX_ACTIONS_PER_ITEM, MAX_OUTCOME } from '../store/meeting-records.js';
import { MAX_CLOSED_NOTE } from '../store/action-note.js';
import { NotFoundError, type CaseStore, type MeetingItemEntry } from '../store/port.js';
import { canSeeCase, chairsSeries, initials } from './access.js';
import { recordState, type WindowState } from './chair.js';
import { AccessDeniedError, BadRequestError, type Snapshot } from './dashboard.js';
import type { Logger } from './log.js';
import { once, type FieldErrors, type Recorded } from './recording.js';

export interface MeetingDeps {
  readonly store: CaseStore;
  readonly clock: () => number;
  readonly logger?: Logger;
}

/** One action as the tab and the cards show it; the case only to someone who may see it. */
export interface ActionView {
  readonly id: string;
  readonly seriesId: string;
  readonly meetingOn: string;
  readonly caseId: string | null;
  readonly initials: string | null;
  readonly text: string;
  readonly ownerId: string;
  readonly owner: string;
  readonly dueOn: string;
  readonly closedOn: string | null;
  readonly closedNote: string | null;
  /** Open and past its due date. */
  readonly overdue: boolean;
  /** The viewer may close it (its owner, the chair of its series, the service manager for the weekly meeting). */
  readonly canClose: boolean;
  /** The viewer may hand it on or move its date (the chair; the service manager for the weekly meeting). */
  readonly canReassign: boolean;
}

export interface MeetingItemView {
  readonly caseId: string;
  readonly initials: string;
  /** The child's name, for a viewer who may see the case (docs/rules.md section 7), else null. */
  readonly childName: string | null;
  /** On this meeting's agenda (nominated or selected), or recorded though it was not. */
  readonly onAgenda: boolean;
  readonly reasons: string[];
  readonly outcome: string | null;
  readonly actions: ActionView[];
}

export interface MeetingRecordView {
  readonly today: string;
  readonly series: { id: string; title: string };
  readonly meetingOn: string;
  readonly record: WindowState;
  readonly recordedBy: string | null;
  readonly recordedAt: string | null;
  readonly attendees: { id: string; name: string }[];
  /** One row per case on the agenda, then any other case recorded. */
  readonly items: MeetingItemView[];
  /** Actions agreed at this meeting for no case. */
  readonly otherActions: ActionView[];
  /** The series' actions still open from earlier meetings (the chair closes or hands them on). */
  readonly openActions: ActionView[];
  /** Who an action may be given to: the service's people. */
  readonly people: { id: string; name: string; roles: string[]; team: string | null }[];
}

const WEEKLY_TITLE = 'Weekly team manager meeting';

function isServiceManager(p: Person): boolean {
  return p.roles.includes('service-manager');
}

/** May the viewer record this series' meetings? Its chair, or Business Support (docs/rules.md section 5). */
export function mayRecordMeeting(viewer: Person, seriesId: string): boolean {
  if (seriesId === WEEKLY_SERIES_ID) return isServiceManager(viewer);
  return chairsSeries(viewer, seriesId) || viewer.roles.includes('business-support');
}

/** May the viewer close this action? Its owner; the chair of its series; the service manager for the weekly meeting's. */
export function mayCloseAction(viewer: Person, a: Pick<Action, 'seriesId' | 'ownerId'>): boolean {
  return a.ownerId === viewer.id || mayReassignAction(viewer, a);
}

/** May the viewer hand the action on or move its date? The chair of its series (the service manager for the weekly meeting). */
export function mayReassignAction(viewer: Person, a: Pick<Action, 'seriesId'>): boolean {
  return a.seriesId === WEEKLY_SERIES_ID ? isServiceManager(viewer) : chairsSeries(viewer, a.seriesId);
}

export function actionView(snapshot: Pick<Snapshot, 'people' | 'cases' | 'today'>, viewer: Person, a: Action): ActionView {
  const c = a.caseId === null ? undefined : snapshot.cases.get(a.caseId);
  // An action on a case the viewer may not see is shown without the case (docs/rules.md section 11).
  const shown = c !== undefined && canSeeCase(viewer, c, snapshot.today);
  return {
    id: a.id,
    seriesId: a.seriesId,
    meetingOn: a.meetingOn,
    caseId: shown ? a.caseId : null,
    initials: shown ? initials(c.childName) : null,
    text: a.text,
    ownerId: a.ownerId,
    owner: snapshot.people.get(a.ownerId)?.name ?? a.ownerId,
    dueOn: a.dueOn,
    closedOn: a.closedOn,
    closedNote: a.closedNote,
    overdue: a.closedOn === null && a.dueOn < snapshot.today,
    canClose: a.closedOn === null && mayCloseAction(viewer, a),
    canReassign: a.closedOn === null && mayReassignAction(viewer, a),
  };
}

function seriesOf(snapshot: Snapshot, seriesId: string): MeetingSeries {
  const series = snapshot.file.meetingSeries.find((s) => s.id === seriesId);
  if (series === undefined) throw new NotFoundError('meeting series', seriesId);
  return series;
}

function meetingDayOf(series: MeetingSeries, meetingOn: string): number {
  if (!isIsoDate(meetingOn)) throw new BadRequestError(`meetingOn must be a date YYYY-MM-DD, got ${JSON.stringify(meetingOn)}`);
  const day = toDay(meetingOn);
  if (!isMeetingDay(scheduleOf(series), day)) throw new BadRequestError(`${meetingOn} is not a meeting of ${series.title}`);
  return day;
}

const byDue = (a: ActionView, b: ActionView) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The meeting's record as the chair's "Record the meeting" shows it: one row per case on the agenda. */
export function meetingRecordView(snapshot: Snapshot, viewer: Person, seriesId: string, meetingOn: string): MeetingRecordView {
  const series = seriesOf(snapshot, seriesId);
  if (!mayRecordMeeting(viewer, seriesId)) {
    throw new AccessDeniedError(`The record of the ${series.title} meeting is kept by its chair and Business Support (docs/rules.md section 5).`);
  }
  const meeting = meetingDayOf(series, meetingOn);
  const record = snapshot.file.meetingRecords.find((r) => r.seriesId === seriesId && r.meetingOn === meetingOn) ?? null;
  const agenda = cmooeAgenda(snapshot.file, { seriesId, meetingOn, calendar: snapshot.calendar, initials, policy: snapshot.policy.policy });
  const agreed = snapshot.file.actions.filter((a) => a.seriesId === seriesId && a.meetingOn === meetingOn);
  const outcomes = new Map((record?.cases ?? []).map((c) => [c.caseId, c.outcome]));
  const name = (id: string) => snapshot.people.get(id)?.name ?? id;
  const itemOf = (caseId: string, reasons: string[], onAgenda: boolean): MeetingItemView => {
    const c = snapshot.cases.get(caseId);
    return {
      caseId,
      initials: initials(c?.childName ?? ''),
      childName: c !== undefined && canSeeCase(viewer, c, snapshot.today) ? c.childName : null,
      onAgenda,
      reasons,
      outcome: outcomes.get(caseId) ?? null,
      actions: agreed
        .filter((a) => a.caseId === caseId)
        .map((a) => actionView(snapshot, viewer, a))
        .sort(byDue),
    };
  };
  const items = agenda.items.map((i) => itemOf(i.caseId, i.reasons, true));
  for (const c of record?.cases ?? []) if (!items.some((i) => i.caseId === c.caseId)) items.push(itemOf(c.caseId, [], false));
  const listed = new Set(items.map((i) => i.caseId));
  return {
    today: snapshot.today,
    series: { id: series.id, title: series.title },
    meetingOn,
    record: recordState(snapshot, viewer, series, meeting),
    recordedBy: record ? name(record.recordedById) : null,
    recordedAt: record?.recordedAt ?? null,
    attendees: (record?.attendees ?? []).map((id) => ({ id, name: name(id) })),
    items,
    otherActions: agreed
      .filter((a) => a.caseId === null || !listed.has(a.caseId))
      .map((a) => actionView(snapshot, viewer, a))
      .sort(byDue),
    openActions: snapshot.file.actions
      .filter((a) => a.seriesId === seriesId && a.closedOn === null && a.meetingOn < meetingOn)
      .map((a) => actionView(snapshot, viewer, a))
      .sort(byDue),
    people: snapshot.file.people.map((p) => ({ id: p.id, name: p.name, roles: p.roles, team: p.team })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

// ---- saving one case of the record ---------------------------------------------------------------

const text = (what: string, max: number) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { error: `${what} is required` })
    .max(max, { error: `${what} is too long (at most ${max} characters)` });

export const meetingItemInput = z.object({
  seriesId: z.string({ error: 'which meeting series?' }).trim().min(1, { error: 'which meeting series?' }),
  meetingOn: z.string({ error: 'which meeting? (its date)' }).trim().refine(isIsoDate, { error: 'the meeting date is not a date (YYYY-MM-DD)' }),
  caseId: z
    .string()
    .trim()
    .min(1)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  outcome: z
    .string()
    .trim()
    .max(MAX_OUTCOME, { error: `The outcome is too long (at most ${MAX_OUTCOME} characters)` })
    .nullable()
    .optional()
    .transform((v) => (v ? v : null)),
  actions: z
    .array(
      z.object({
        text: text('What is to be done', MAX_ACTION_TEXT),
        ownerId: z.string({ error: 'Choose who owns the action' }).trim().min(1, { error: 'Choose who owns the action' }),
        dueOn: z.string({ error: 'The due date is required' }).trim().refine(isIsoDate, { error: 'The due date is not a date (YYYY-MM-DD)' }),
      }),
    )
    .max(MAX_ACTIONS_PER_ITEM, { error: `At most ${MAX_ACTIONS_PER_ITEM} actions at once` })
    .optional()
    .transform((v) => v ?? []),
});

/** Problems of a zod parse by field path ("actions[1].dueOn"). */
function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path =
      issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
        .join('.')
        .replace(/\.\[/g, '[') || 'form';
    if (!(path in out)) out[path] = issue.message;
  }
  return out;
}

export interface MeetingItemSaved {
  readonly seriesId: string;
  readonly meetingOn: string;
  readonly caseId: string | null;
  readonly initials: string | null;
  readonly outcomeSaved: boolean;
  readonly actions: number;
  /** "Megan Bowen by 4 Dec 2026", one per action agreed. */
  readonly owners: string[];
}

/** Save one case of a meeting's record (its outcome and the actions agreed), or actions agreed for no
 * case; with the form's submitId, saved once whatever the repeats (services/recording.ts `once`).
 * Checks: who is asking (the series' chair or Business Support; the service manager for the weekly
 * meeting), the window (M to M + 5 working days), the case (on the agenda or of the series), owners
 * (people of the service; team managers for the weekly meeting), due dates (on or after the meeting). */
export async function saveMeetingItem(deps: MeetingDeps, viewer: Person, input: unknown): Promise<Recorded<MeetingItemSaved>> {
  const parsed = meetingItemInput.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const v = parsed.data;
  const now = deps.clock();
  const today = londonToday(now);
  const weekly = v.seriesId === WEEKLY_SERIES_ID;
  const [allSeries, people, holidays] = await Promise.all([deps.store.listMeetingSeries(), deps.store.listPeople(), deps.store.listSchoolHolidays()]);
  const series = allSeries.find((s) => s.id === v.seriesId);
  if (!weekly && series === undefined) return { ok: false, errors: { seriesId: `There is no meeting series "${v.seriesId}"` } };
  const title = weekly ? WEEKLY_TITLE : series!.title;
  if (!mayRecordMeeting(viewer, v.seriesId)) {
    throw new AccessDeniedError(
      weekly
        ? "The weekly meeting's actions are recorded by the service manager who chairs it (PS 4.1)."
        : `The record of the ${title} meeting is kept by its chair and Business Support (docs/rules.md section 5).`,
    );
  }
  const errors: FieldErrors = {};
  const meeting = toDay(v.meetingOn);
  if (weekly) {
    if (weekday(meeting) !== 0) errors.meetingOn = `The weekly meeting is dated by its Monday; ${v.meetingOn} is not a Monday`;
  } else if (!isMeetingDay(scheduleOf(series!), meeting)) errors.meetingOn = `${v.meetingOn} is not a meeting of ${title}`;
  const window: DayWindow = recordWindow(meeting, calendarFor({ schoolHolidays: holidays }));
  const where = whereIn(window, today);
  if (errors.meetingOn === undefined && where !== 'open') {
    errors.form =
      where === 'before'
        ? `The record of the ${title} meeting of ${v.meetingOn} opens on the day of the meeting.`
        : `The record of the ${title} meeting of ${v.meetingOn} could be made until ${window.closes} (the meeting day and 5 working days after, docs/rules.md section 5).`;
  }
  let caseInitials: string | null = null;
  if (weekly && v.caseId !== null) errors.caseId = 'The weekly meeting records actions for team managers, not for a case';
  if (v.caseId !== null && !weekly) {
    const stored = await deps.store.getCase(v.caseId);
    if (stored === null) errors.caseId = `There is no case ${v.caseId}`;
    else {
      caseInitials = initials(stored.case.childName);
      if (seriesIdForCase(stored.case) !== v.seriesId) errors.caseId = `${v.caseId} is not a case of the ${title} meeting`;
    }
    if (v.outcome === null) errors.outcome = 'Say what was decided for this case';
  }
  if (v.caseId === null && v.outcome !== null) errors.outcome = 'An outcome belongs to a case discussed';
  if (v.caseId === null && v.actions.length === 0) errors.actions = 'Add at least one action';
  const byId = new Map(people.map((p) => [p.id, p]));
  v.actions.forEach((a, i) => {
    const owner = byId.get(a.ownerId);
    if (owner === undefined) errors[`actions[${i}].ownerId`] = `There is no person "${a.ownerId}" in the service`;
    else if (weekly && !owner.roles.includes('team-manager')) errors[`actions[${i}].ownerId`] = `The weekly meeting's actions are for team managers; ${owner.name} is not one`;
    if (a.dueOn < v.meetingOn) errors[`actions[${i}].dueOn`] = `The due date (${a.dueOn}) is before the meeting (${v.meetingOn})`;
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const entry: MeetingItemEntry = {
    seriesId: v.seriesId,
    meetingOn: v.meetingOn,
    recordedById: viewer.id,
    at: fromInstant(now),
    caseId: weekly ? null : v.caseId,
    outcome: weekly ? null : v.outcome,
    actions: v.actions,
  };
  const value: MeetingItemSaved = {
    seriesId: v.seriesId,
    meetingOn: v.meetingOn,
    caseId: entry.caseId,
    initials: caseInitials,
    outcomeSaved: entry.outcome !== null,
    actions: v.actions.length,
    owners: v.actions.map((a) => `${byId.get(a.ownerId)?.name ?? a.ownerId} by ${a.dueOn}`),
  };
  const result = await once(deps, viewer, 'meeting-item', input, entry, value, async (e, options) => {
    await deps.store.recordMeetingItem(e, options);
  });
  if (result.ok) deps.logger?.info('meeting item recorded', { seriesId: v.seriesId, meetingOn: v.meetingOn, caseId: entry.caseId, actions: v.actions.length, by: viewer.id });
  return result;
}

/** Who attended (people of the service), set by the chair or Business Support in the record window. */
export async function setAttendance(deps: MeetingDeps, viewer: Person, input: unknown): Promise<Recorded<{ attendees: number }>> {
  const parsed = z
    .object({
      seriesId: z.string().trim().min(1, { error: 'which meeting series?' }),
      meetingOn: z.string().trim().refine(isIsoDate, { error: 'the meeting date is not a date (YYYY-MM-DD)' }),
      attendees: z.array(z.string().trim().min(1)).max(100, { error: 'at most 100 people' }),
    })
    .safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const v = parsed.data;
  const series = (await deps.store.listMeetingSeries()).find((s) => s.id === v.seriesId);
  if (series === undefined) return { ok: false, errors: { seriesId: `There is no meeting series "${v.seriesId}"` } };
  if (!mayRecordMeeting(viewer, v.seriesId)) throw new AccessDeniedError(`The record of the ${series.title} meeting is kept by its chair and Business Support (docs/rules.md section 5).`);
  const meeting = toDay(v.meetingOn);
  if (!isMeetingDay(scheduleOf(series), meeting)) return { ok: false, errors: { meetingOn: `${v.meetingOn} is not a meeting of ${series.title}` } };
  const window = recordWindow(meeting, calendarFor({ schoolHolidays: await deps.store.listSchoolHolidays() }));
  if (whereIn(window, londonToday(deps.clock())) !== 'open')
    return { ok: false, errors: { form: `The record of the meeting of ${v.meetingOn} is open from ${window.opens} to ${window.closes} (docs/rules.md section 5).` } };
  const known = new Set((await deps.store.listPeople()).map((p) => p.id));
  const unknown = v.attendees.filter((a) => !known.has(a));
  if (unknown.length > 0) return { ok: false, errors: { attendees: `No person ${unknown.map((u) => `"${u}"`).join(', ')} in the service` } };
  await deps.store.setMeetingAttendees(v.seriesId, v.meetingOn, v.attendees, { recordedById: viewer.id, at: fromInstant(deps.clock()) });
  return { ok: true, value: { attendees: new Set(v.attendees).size } };
}

// ---- closing and handing on actions -----------------------------------------------------------------

export type ActionResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly status: 400 | 403 | 404; readonly errors: FieldErrors };

async function actionFor(store: CaseStore, actionId: string): Promise<Action | null> {
  const id = actionId.trim().toUpperCase();
  return (await store.listActions()).find((a) => a.id.toUpperCase() === id) ?? null;
}

/** Close an action with a line on what was done (docs/rules.md section 5): its owner, or the chair of its
 * series (the service manager for the weekly meeting). `closedOn` defaults to today; it may not be in the
 * future or before the meeting that agreed it. */
export async function closeMeetingAction(
  deps: MeetingDeps,
  viewer: Person,
  input: { actionId: string; note: unknown; closedOn?: unknown },
): Promise<ActionResult<{ action: Action; already: boolean }>> {
  const today = londonToday(deps.clock());
  const a = await actionFor(deps.store, input.actionId);
  if (a === null) return { ok: false, status: 404, errors: { form: `There is no action ${input.actionId}.` } };
  if (!mayCloseAction(viewer, a)) {
    return {
      ok: false,
      status: 403,
      errors: { form: `Action ${a.id} is ${a.ownerId === viewer.id ? 'yours' : "someone else's"}: it is closed by its owner or the meeting's chair (docs/rules.md section 5).` },
    };
  }
  if (a.closedOn !== null) return { ok: true, value: { action: a, already: true } };
  const errors: FieldErrors = {};
  const note = typeof input.note === 'string' ? input.note.trim() : '';
  if (note === '') errors.note = 'Say in one line what was done';
  else if (note.length > MAX_CLOSED_NOTE) errors.note = `At most ${MAX_CLOSED_NOTE} characters (this is ${note.length})`;
  const closedOn = input.closedOn === undefined || input.closedOn === null || input.closedOn === '' ? today : typeof input.closedOn === 'string' ? input.closedOn.trim() : '';
  if (!isIsoDate(closedOn)) errors.closedOn = 'The date it was done is not a date (YYYY-MM-DD)';
  else if (closedOn > today) errors.closedOn = `The date it was done cannot be in the future (today is ${today})`;
  else if (closedOn < a.meetingOn) errors.closedOn = `The date it was done (${closedOn}) is before the meeting that agreed it (${a.meetingOn})`;
  if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors };
  await deps.store.closeAction(a.id, closedOn, note);
  deps.logger?.info('meeting action closed', { actionId: a.id, seriesId: a.seriesId, by: viewer.id, owner: a.ownerId === viewer.id });
  return { ok: true, value: { action: { ...a, closedOn, closedNote: note }, already: false } };
}

/** Hand an action to someone else and/or move its due date: the chair of its series (the service manager
 * for the weekly meeting, whose actions go to team managers). */
export async function reassignMeetingAction(deps: MeetingDeps, viewer: Person, input: { actionId: string; ownerId?: unknown; dueOn?: unknown }): Promise<ActionResult<{ action: Action }>> {
  const a = await actionFor(deps.store, input.actionId);
  if (a === null) return { ok: false, status: 404, errors: { form: `There is no action ${input.actionId}.` } };
  if (!mayReassignAction(viewer, a)) {
    return {
      ok: false,
      status: 403,
      errors: {
        form:
          a.seriesId === WEEKLY_SERIES_ID
            ? "The weekly meeting's actions are handed on by the service manager who chairs it."
            : `Action ${a.id} is handed on by the chair of its meeting (docs/rules.md section 5).`,
      },
    };
  }
  const errors: FieldErrors = {};
  if (a.closedOn !== null) errors.form = `Action ${a.id} was closed on ${a.closedOn}: it cannot be handed on.`;
  const ownerId = typeof input.ownerId === 'string' && input.ownerId.trim() !== '' ? input.ownerId.trim() : undefined;
  const dueOn = typeof input.dueOn === 'string' && input.dueOn.trim() !== '' ? input.dueOn.trim() : undefined;
  if (ownerId === undefined && dueOn === undefined) errors.form ??= 'Choose a new owner or a new due date.';
  if (ownerId !== undefined) {
    const owner = await deps.store.getPerson(ownerId);
    if (owner === null) errors.ownerId = `There is no person "${ownerId}" in the service`;
    else if (a.seriesId === WEEKLY_SERIES_ID && !owner.roles.includes('team-manager')) errors.ownerId = `The weekly meeting's actions are for team managers; ${owner.name} is not one`;
  }
  if (dueOn !== undefined && !isIsoDate(dueOn)) errors.dueOn = 'The due date is not a date (YYYY-MM-DD)';
  else if (dueOn !== undefined && dueOn < a.meetingOn) errors.dueOn = `The due date (${dueOn}) is before the meeting that agreed it (${a.meetingOn})`;
  if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors };
  const action = await deps.store.updateAction(a.id, { ...(ownerId !== undefined ? { ownerId } : {}), ...(dueOn !== undefined ? { dueOn } : {}) });
  deps.logger?.info('meeting action handed on', { actionId: a.id, seriesId: a.seriesId, by: viewer.id, newOwner: ownerId ?? null, dueOn: dueOn ?? null });
  return { ok: true, value: { action } };
}

// ---- the weekly team-manager meeting (PS 4.1) ----------------------------------------------------------

export interface WeeklyMeetingView {
  readonly today: string;
  readonly meetingOn: string;
  readonly previousMeetingOn: string;
  readonly nextMeetingOn: string;
  readonly record: { readonly window: DayWindow; readonly state: 'before' | 'open' | 'after'; readonly allowed: boolean; readonly why: string | null };
  readonly agenda: WeeklyAgenda;
  /** The agenda's people by name (carried and closed actions name their owners by id). */
  readonly names: Record<string, string>;
  /** Actions agreed at this week's meeting. */
  readonly agreed: ActionView[];
  /** Actions of earlier weekly meetings still open. */
  readonly carried: ActionView[];
  /** The team managers an action may be given to. */
  readonly teamManagers: { id: string; name: string; team: string | null }[];
}

/** The service manager's weekly page: the agenda of the week of `meetingOn` (its Monday; this week's by
 * default), the actions agreed at it and those carried over. */
export function weeklyMeetingView(snapshot: Snapshot, viewer: Person, meetingOn?: string | null): WeeklyMeetingView {
  if (!isServiceManager(viewer)) throw new AccessDeniedError("The weekly page is the service manager's, who chairs the weekly meeting with the team managers (PS 4.1).");
  let day = toDay(snapshot.today);
  if (meetingOn) {
    if (!isIsoDate(meetingOn)) throw new BadRequestError(`meeting must be a date YYYY-MM-DD, got ${JSON.stringify(meetingOn)}`);
    day = toDay(meetingOn);
  }
  const monday = day - weekday(day);
  const mondayOn = fromDay(monday);
  const agenda = snapshot.remember(`weekly|${mondayOn}`, () => weeklyAgenda(snapshot.file, { meetingOn: mondayOn, calendar: snapshot.calendar, policy: snapshot.policy.policy }));
  const window = recordWindow(monday, snapshot.calendar);
  const state = whereIn(window, snapshot.today);
  const why =
    state === 'before'
      ? `Actions of the meeting of ${mondayOn} are recorded from that day.`
      : state === 'after'
        ? `Actions of the meeting of ${mondayOn} could be recorded until ${window.closes} (5 working days after it).`
        : null;
  const names: Record<string, string> = {};
  for (const p of snapshot.file.people) names[p.id] = p.name;
  const weeklyActions = snapshot.file.actions.filter((a) => a.seriesId === WEEKLY_SERIES_ID);
  return {
    today: snapshot.today,
    meetingOn: mondayOn,
    previousMeetingOn: fromDay(monday - 7),
    nextMeetingOn: fromDay(monday + 7),
    record: { window, state, allowed: why === null, why },
    agenda,
    names,
    agreed: weeklyActions
      .filter((a) => a.meetingOn === mondayOn)
      .map((a) => actionView(snapshot, viewer, a))
      .sort(byDue),
    carried: weeklyActions
      .filter((a) => a.meetingOn < mondayOn && a.closedOn === null)
      .map((a) => actionView(snapshot, viewer, a))
      .sort(byDue),
    teamManagers: snapshot.file.people
      .filter((p) => p.roles.includes('team-manager'))
      .map((p) => ({ id: p.id, name: p.name, team: p.team }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
