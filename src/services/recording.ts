// Recording casework, CMOOE summaries, supervisions and nominations (PS 11.2, 6.15, 6.13, 4.2).
// Every submission is validated here (zod at the edge, then the rules that need the store); a bad
// one returns each problem by field name and nothing is written. A good one is one store append.
//
// Each at most once: a form card carries a submit id (bot/render.ts). The first submission with an id
// is started in the store (with the entry it writes and its answer), written with that id (a second
// write with it stores nothing) and finished; a repeat (a double click, a request Teams sent again)
// gets the first answer and writes nothing. A repeat whose first attempt died before finishing writes
// the first attempt's entry (which the store then holds once) and finishes it. Nominations identical to
// one already made (same case, meeting, nominator and concern) are one.
import { z } from 'zod';
import { meetingForNomination, meetingOnOrAfter, NOMINATION_CUTOFF_DAYS, scheduleOf, seriesIdForCase, summaryDeadline, isCmooeOn } from '../domain/cmooe.js';
import { Calendar } from '../domain/calendar/index.js';
import { addMonths, fromDay, fromInstant, isIsoDate, londonOffsetMs, londonToday, toDay } from '../domain/dates.js';
import { CIC_CMOOE_SERIES_ID, CMOOE_SERIES_ID, type Case, type MeetingSeries, type Person } from '../domain/model.js';
import type { CaseStore, WriteOptions } from '../store/port.js';
import { dateProblem } from '../domain/entries.js';
import { canSeeCase, CaseNotFound } from './access.js';
import { normaliseCaseId } from './myWork.js';

export interface RecordingDeps {
  readonly store: CaseStore;
  readonly clock: () => number;
}

/** Field name -> problem, in plain words. `form` holds a problem that belongs to no one field. */
export type FieldErrors = Record<string, string>;
export type Recorded<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const MAX_TEXT = 4000;
const requiredText = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { error: `${what} is required` })
    .max(MAX_TEXT, { error: `${what} is too long (at most ${MAX_TEXT} characters)` });
const requiredDate = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { error: `${what} is required` })
    .refine(isIsoDate, { error: `${what} is not a date (YYYY-MM-DD)` });
const optionalDate = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isIsoDate(v), { error: `${what} is not a date (YYYY-MM-DD)` });
const caseRef = z.string({ error: 'the case reference is missing' }).trim().min(1, { error: 'the case reference is missing' });

function zodErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'form';
    if (!(field in out)) out[field] = issue.message;
  }
  return out;
}

function fail<T>(errors: FieldErrors): Recorded<T> {
  return { ok: false, errors };
}

/** A repeat waits this long for the first submission to finish before answering. */
const REPEAT_WAIT_MS = 5_000;
/** A first submission not finished after this long died: a repeat finishes it. */
const SUBMISSION_STALE_MS = 30_000;

/** The submit id a form card carried (null: none, e.g. a typed command or an old card). */
export function submitIdOf(input: unknown): string | null {
  const v = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).submitId : undefined;
  return typeof v === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(v) ? v : null;
}

/** Write `record` for a submission once (see the top of this file); `value` is the answer. Also used by
 * the meeting record (services/meetings.ts). */
export async function once<T, R>(
  deps: RecordingDeps,
  person: Person,
  form: string,
  input: unknown,
  record: R,
  value: T,
  write: (record: R, options: WriteOptions) => Promise<void>,
): Promise<Recorded<T>> {
  const id = submitIdOf(input);
  if (id === null) {
    await write(record, {});
    return { ok: true, value };
  }
  const start = () => deps.store.startSubmission({ id, personId: person.id, form, at: fromInstant(deps.clock()), record, result: value });
  const writeFirst = async (entry: R): Promise<void> => {
    try {
      await write(entry, { submitId: id });
    } catch (e) {
      await deps.store.finishSubmission(id, 'failed').catch(() => undefined);
      throw e;
    }
    await deps.store.finishSubmission(id, 'done');
  };
  let first = await start();
  for (let waited = 0; first !== null && !first.done && waited < REPEAT_WAIT_MS && deps.clock() - Date.parse(first.at) < SUBMISSION_STALE_MS; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    first = await start();
  }
  if (first === null) {
    await writeFirst(record);
    return { ok: true, value };
  }
  if (first.personId !== person.id || first.form !== form) return fail({ form: 'This form was already used. Ask for a new one.' });
  if (first.done) return { ok: true, value: first.result as T };
  if (deps.clock() - Date.parse(first.at) >= SUBMISSION_STALE_MS) {
    // The first attempt died before it finished: its entry is written now (once), and its answer given.
    await writeFirst(first.record as R);
    return { ok: true, value: first.result as T };
  }
  return fail({ form: 'This form was sent twice and the first one is still being recorded. Look again in a moment (say "what\'s due").' });
}

async function caseFor(deps: RecordingDeps, person: Person, caseIdText: string, today: string): Promise<{ c: Case } | { error: string }> {
  const caseId = normaliseCaseId(caseIdText);
  const stored = await deps.store.getCase(caseId);
  if (!stored || !canSeeCase(person, stored.case, today)) return { error: new CaseNotFound(caseId).message };
  return { c: stored.case };
}

async function seriesById(store: CaseStore, id: string): Promise<MeetingSeries | null> {
  return (await store.listMeetingSeries()).find((s) => s.id === id) ?? null;
}

// ---- case note (PS 11.2: casework recorded within 48 hours) -------------------------------------

export const caseNoteInput = z.object({
  caseId: caseRef,
  eventDate: requiredDate('The date of the event'),
  eventTime: z
    .string({ error: 'The time of the event is required' })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, { error: 'The time of the event is required (HH:MM)' }),
  text: requiredText('What happened'),
});

export interface CaseNoteRecorded {
  readonly caseId: string;
  readonly eventAt: string;
  readonly recordedAt: string;
  /** eventAt + 48 hours (PS 11.2). */
  readonly dueBy: string;
  readonly onTime: boolean;
}

/** A Europe/London wall-clock date and time as an instant (the first one, when clocks go back). */
export function londonLocalToInstant(date: string, time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const wall = toDay(date) * 86_400_000 + h * 3_600_000 + m * 60_000;
  const guess = wall - londonOffsetMs(wall);
  return wall - londonOffsetMs(guess);
}

export async function recordCaseNote(deps: RecordingDeps, author: Person, input: unknown): Promise<Recorded<CaseNoteRecorded>> {
  const parsed = caseNoteInput.safeParse(input);
  if (!parsed.success) return fail(zodErrors(parsed.error));
  const now = deps.clock();
  const today = londonToday(now);
  const found = await caseFor(deps, author, parsed.data.caseId, today);
  if ('error' in found) return fail({ form: found.error });
  const eventMs = londonLocalToInstant(parsed.data.eventDate, parsed.data.eventTime);
  if (eventMs > now) return fail({ eventDate: 'The event cannot be in the future: record casework after it happened' });
  // Dates a slip of the keyboard gives (1900-01-01, last year for this year) are refused, not stored.
  const slip = dateProblem('The date of the event', parsed.data.eventDate, today, { bornOn: found.c.dateOfBirth });
  if (slip !== null) return fail({ eventDate: slip });
  const eventAt = new Date(eventMs).toISOString();
  const recordedAt = new Date(now).toISOString();
  const dueMs = eventMs + 48 * 3_600_000;
  const value = { caseId: found.c.id, eventAt, recordedAt, dueBy: new Date(dueMs).toISOString(), onTime: now <= dueMs };
  const note = { eventAt, recordedAt, authorId: author.id, text: parsed.data.text };
  return once(deps, author, 'note', input, note, value, (n, options) => deps.store.addCaseNote(found.c.id, n, options));
}

// ---- CMOOE summary (PS 6.15, 4.2, 11.3) -------------------------------------------------------------

export const cmooeSummaryInput = z.object({
  caseId: caseRef,
  actionsToDate: requiredText('Actions taken to date'),
  currentSteps: requiredText('Current steps'),
  keyDates: requiredText('Dates of meetings and key actions'),
});

export interface SummaryTarget {
  readonly seriesId: string;
  readonly seriesTitle: string;
  /** The meeting this summary counts for: the first whose deadline (meeting - 7 days) is today or later. */
  readonly meetingOn: string;
  readonly deadline: string;
}

/** Which meeting a summary written today counts for, and its deadline (meeting - 7 days). */
export async function summaryTarget(store: CaseStore, c: Case, today: string): Promise<SummaryTarget | { error: string }> {
  if (!isCmooeOn(c, toDay(today))) return { error: `${c.id} is not CMOOE today, so no fortnightly CMOOE summary is due for it.` };
  const seriesId = seriesIdForCase(c);
  const series = await seriesById(store, seriesId);
  if (!series) return { error: `The ${seriesId} meeting series is not set up, so the summary has no meeting to count for.` };
  const meeting = meetingOnOrAfter(scheduleOf(series), toDay(today) + 7);
  return { seriesId, seriesTitle: series.title, meetingOn: fromDay(meeting), deadline: fromDay(summaryDeadline(meeting)) };
}

/** May this person write the case's CMOOE summary? The inclusion lead holds CMOOE children (PS 6.14). */
export function maySummarise(person: Person, c: Case): boolean {
  return c.inclusionLeadId === person.id || person.roles.includes('inclusion-lead');
}

export async function recordCmooeSummary(deps: RecordingDeps, author: Person, input: unknown): Promise<Recorded<SummaryTarget & { caseId: string; submittedOn: string }>> {
  const parsed = cmooeSummaryInput.safeParse(input);
  if (!parsed.success) return fail(zodErrors(parsed.error));
  const today = londonToday(deps.clock());
  const found = await caseFor(deps, author, parsed.data.caseId, today);
  if ('error' in found) return fail({ form: found.error });
  if (!maySummarise(author, found.c)) return fail({ form: `Only an inclusion lead writes the CMOOE summary for ${found.c.id} (PS 6.14, 6.15).` });
  const target = await summaryTarget(deps.store, found.c, today);
  if ('error' in target) return fail({ form: target.error });
  const { actionsToDate, currentSteps, keyDates } = parsed.data;
  const summary = { submittedOn: today, authorId: author.id, actionsToDate, currentSteps, keyDates };
  return once(deps, author, 'summary', input, summary, { ...target, caseId: found.c.id, submittedOn: today }, (x, options) => deps.store.addCmooeSummary(found.c.id, x, options));
}

// ---- supervision (PS 6.13 monthly; PS 11.4 notes within 10 working days) --------------------------

export const supervisionInput = z.object({
  superviseeId: z.string({ error: 'Choose who was supervised' }).trim().min(1, { error: 'Choose who was supervised' }),
  heldOn: requiredDate('The date it was held'),
  notesSharedOn: optionalDate('The date the notes were shared'),
});

/** The people this person supervises (their managerId), by name. */
export async function supervisees(store: CaseStore, supervisor: Person): Promise<Person[]> {
  return (await store.listPeople()).filter((p) => p.managerId === supervisor.id).sort((a, b) => a.name.localeCompare(b.name));
}

export async function recordSupervision(
  deps: RecordingDeps,
  supervisor: Person,
  input: unknown,
): Promise<Recorded<{ superviseeId: string; superviseeName: string; heldOn: string; notesSharedOn: string | null }>> {
  const parsed = supervisionInput.safeParse(input);
  const errors: FieldErrors = parsed.success ? {} : zodErrors(parsed.error);
  const today = londonToday(deps.clock());
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  // Date checks that zod's shape check cannot do alone (future dates, order), named by field.
  const heldOn = typeof raw.heldOn === 'string' && isIsoDate(raw.heldOn.trim()) ? raw.heldOn.trim() : null;
  const sharedOn = typeof raw.notesSharedOn === 'string' && isIsoDate(raw.notesSharedOn.trim()) ? raw.notesSharedOn.trim() : null;
  const reports = await supervisees(deps.store, supervisor);
  const supervisee = parsed.success ? reports.find((p) => p.id === parsed.data.superviseeId) : undefined;
  if (heldOn !== null && heldOn > today) errors.heldOn = `A supervision held cannot be in the future (today is ${today})`;
  else if (heldOn !== null) {
    const slip = dateProblem('The date it was held', heldOn, today, supervisee ? { started: { on: supervisee.startedOn, who: supervisee.name } } : {});
    if (slip !== null) errors.heldOn = slip;
  }
  if (sharedOn !== null && sharedOn > today) errors.notesSharedOn = `Notes cannot have been shared in the future (today is ${today})`;
  else if (sharedOn !== null && heldOn !== null && sharedOn < heldOn) errors.notesSharedOn = 'Notes cannot have been shared before the supervision was held';
  else if (sharedOn !== null) {
    const slip = dateProblem('The date the notes were shared', sharedOn, today);
    if (slip !== null) errors.notesSharedOn = slip;
  }
  if (parsed.success && !supervisee) errors.superviseeId = 'You can record supervisions only for people you manage';
  if (!parsed.success || Object.keys(errors).length > 0 || !supervisee) return fail(errors);
  const value = { superviseeId: supervisee.id, heldOn: parsed.data.heldOn, notesSharedOn: parsed.data.notesSharedOn };
  // When it was entered: a supervision entered in error can be corrected for 7 days (services/corrections.ts).
  const entry = { ...value, supervisorId: supervisor.id, recordedAt: fromInstant(deps.clock()) };
  return once(deps, supervisor, 'supervision', input, entry, { ...value, superviseeName: supervisee.name }, (x, options) => deps.store.addSupervision(x, options));
}

// ---- nomination for CMOOE / CiC CMOOE (PS 4.2) --------------------------------------------------

export const NOMINATOR_ROLES = ['inclusion-lead', 'team-manager', 'virtual-school'] as const;

export const nominationInput = z.object({
  caseId: caseRef,
  seriesId: z.enum([CMOOE_SERIES_ID, CIC_CMOOE_SERIES_ID], { error: 'Choose the CMOOE or the Children in Care CMOOE meeting' }),
  concern: requiredText('The concern'),
});

export interface NominationRecorded {
  readonly caseId: string;
  readonly seriesId: string;
  readonly seriesTitle: string;
  readonly madeOn: string;
  /** The meeting it goes to. */
  readonly meetingOn: string;
  /** The meeting it missed (made after its one-week cut-off), or null. */
  readonly rolledFrom: string | null;
  /** The cut-off of the meeting it missed (rolledFrom - 7 days), or null. */
  readonly missedCutoff: string | null;
  /** The same nomination (case, meeting, nominator, concern) was already made, on madeOn: nothing new stored. */
  readonly already: boolean;
}

/** May this person nominate the case? Inclusion managers/leads and team managers who can see the
 * case; the virtual school for a child in care (PS 4.2). */
export function mayNominate(person: Person, c: Case, today: string): boolean {
  if (!person.roles.some((r) => (NOMINATOR_ROLES as readonly string[]).includes(r))) return false;
  if (canSeeCase(person, c, today)) return true;
  return person.roles.includes('virtual-school') && c.childInCare;
}

export async function recordNomination(deps: RecordingDeps, nominator: Person, input: unknown): Promise<Recorded<NominationRecorded>> {
  const parsed = nominationInput.safeParse(input);
  if (!parsed.success) return fail(zodErrors(parsed.error));
  const today = londonToday(deps.clock());
  const caseId = normaliseCaseId(parsed.data.caseId);
  const stored = await deps.store.getCase(caseId);
  // A case the nominator may neither see nor nominate is answered as one that does not exist.
  if (!stored || !(canSeeCase(nominator, stored.case, today) || mayNominate(nominator, stored.case, today))) return fail({ form: new CaseNotFound(caseId).message });
  const c = stored.case;
  if (!mayNominate(nominator, c, today)) {
    return fail({ form: `You cannot nominate ${caseId}: nominations come from an inclusion lead, a team manager or the virtual school, for a case they can see (PS 4.2).` });
  }
  const expected = seriesIdForCase(c);
  if (parsed.data.seriesId !== expected) {
    return fail({
      seriesId: c.childInCare ? `${caseId} is a child in care: nominate for the Children in Care CMOOE meeting` : `${caseId} is not recorded as a child in care: nominate for the CMOOE meeting`,
    });
  }
  const series = await seriesById(deps.store, parsed.data.seriesId);
  if (!series) return fail({ seriesId: `The ${parsed.data.seriesId} meeting series is not set up` });
  const schedule = scheduleOf(series);
  const meeting = meetingForNomination(schedule, toDay(today));
  const recorded = (madeOn: string, already: boolean): NominationRecorded => {
    const next = meetingOnOrAfter(schedule, toDay(madeOn));
    const rolledFrom = next < meeting ? next : null;
    return {
      caseId,
      seriesId: series.id,
      seriesTitle: series.title,
      madeOn,
      meetingOn: fromDay(meeting),
      rolledFrom: rolledFrom === null ? null : fromDay(rolledFrom),
      missedCutoff: rolledFrom === null ? null : fromDay(rolledFrom - NOMINATION_CUTOFF_DAYS),
      already,
    };
  };
  // The same nomination for the same meeting is one: the agenda lists the case once, with its concern once.
  const concern = parsed.data.concern;
  const same = (await deps.store.listNominations({ caseId, seriesId: series.id })).find(
    (n) => n.byId === nominator.id && n.concern.trim() === concern && meetingForNomination(schedule, toDay(n.madeOn)) === meeting,
  );
  if (same) return { ok: true, value: recorded(same.madeOn, true) };
  return once(deps, nominator, 'nomination', input, { caseId, seriesId: series.id, byId: nominator.id, concern, madeOn: today }, recorded(today, false), (x, options) =>
    deps.store.addNomination(x, options),
  );
}

/** Where a nomination of this case made today would go (the case's series), for the form's header. */
export async function nominationPreview(store: CaseStore, c: Case, today: string): Promise<{ seriesId: string; meetingOn: string | null }> {
  const seriesId = seriesIdForCase(c);
  const series = await seriesById(store, seriesId);
  return { seriesId, meetingOn: series ? fromDay(meetingForNomination(scheduleOf(series), toDay(today))) : null };
}

/** Supervision follow-ups for the confirmation: next supervision (held + 1 month, PS 6.13) and the
 * notes deadline (held + 10 working days, PS 11.4). */
export function supervisionFollowUps(heldOn: string): { nextSupervisionBy: string; notesBy: string } {
  const held = toDay(heldOn);
  return { nextSupervisionBy: fromDay(addMonths(held, 1)), notesBy: fromDay(new Calendar().addWorkingDays(held, 10)) };
}
