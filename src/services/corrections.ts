// Correcting an entry made in error (docs/rules.md section 5, "Corrections"): a case note, a CMOOE summary
// or a supervision, by the person who recorded it or their line manager, within 7 days of recording it.
// The earlier version (who corrected it, when, why and what it said) is kept in the entry's
// `corrections`; dates are checked as for a new entry (not in the future, not more than a year ago, not
// before the child was born or the person started). Each problem is named by its field; nothing is
// written when there is one.
import { fromInstant, isIsoDate, londonToday } from '../domain/dates.js';
import { correctionRefusal, corrected, dateProblem } from '../domain/entries.js';
import type { CaseNote, CmooeSummary, Person, Supervision } from '../domain/model.js';
import { ConflictError, NotFoundError, type CaseStore } from '../store/port.js';
import { canSeeCase, CaseNotFound } from './access.js';
import type { Logger } from './log.js';
import { normaliseCaseId } from './myWork.js';
import { londonLocalToInstant, type FieldErrors, type Recorded } from './recording.js';

export interface CorrectionDeps {
  readonly store: CaseStore;
  readonly clock: () => number;
  readonly logger?: Logger;
}

const MAX_TEXT = 4000;
const MAX_REASON = 500;

function textField(errors: FieldErrors, name: string, what: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    errors[name] = `${what} cannot be empty`;
    return undefined;
  }
  if (value.trim().length > MAX_TEXT) errors[name] = `${what} is too long (at most ${MAX_TEXT} characters)`;
  return value.trim();
}

function reasonOf(errors: FieldErrors, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') {
    errors.reason = 'The reason must be text';
    return null;
  }
  if (value.trim().length > MAX_REASON) errors.reason = `The reason is too long (at most ${MAX_REASON} characters)`;
  return value.trim() || null;
}

function nothingChanged(): Recorded<never> {
  return { ok: false, errors: { form: 'Nothing was changed: the corrected entry is the same as the one recorded.' } };
}

/** Correct a case note (the event's date and time, and the text). The note is the one at `index` of the
 * case's notes, recorded at `recordedAt` (so a stale page never corrects another note). */
export async function correctCaseNote(
  deps: CorrectionDeps,
  viewer: Person,
  input: { caseId: string; index: number; recordedAt: string; eventDate?: unknown; eventTime?: unknown; text?: unknown; reason?: unknown },
): Promise<Recorded<{ caseId: string; index: number }>> {
  const now = deps.clock();
  const today = londonToday(now);
  const caseId = normaliseCaseId(input.caseId);
  const stored = await deps.store.getCase(caseId);
  if (stored === null || !canSeeCase(viewer, stored.case, today)) throw new CaseNotFound(caseId);
  const note = stored.case.caseNotes[input.index];
  if (note === undefined || note.recordedAt !== input.recordedAt) return { ok: false, errors: { form: 'That note was changed or is not there any more: reload the case.' } };
  const people = await deps.store.listPeople();
  const refusal = correctionRefusal(
    viewer,
    note.authorId,
    people.find((p) => p.id === note.authorId),
    londonToday(Date.parse(note.recordedAt)),
    today,
  );
  if (refusal !== null) return { ok: false, errors: { form: refusal } };
  const errors: FieldErrors = {};
  const text = textField(errors, 'text', 'What happened', input.text);
  const reason = reasonOf(errors, input.reason);
  let eventAt: string | undefined;
  if (input.eventDate !== undefined || input.eventTime !== undefined) {
    const date = typeof input.eventDate === 'string' ? input.eventDate.trim() : '';
    const time = typeof input.eventTime === 'string' ? input.eventTime.trim() : '';
    if (!isIsoDate(date)) errors.eventDate = 'The date of the event is not a date (YYYY-MM-DD)';
    else if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors.eventTime = 'The time of the event is required (HH:MM)';
    else {
      const ms = londonLocalToInstant(date, time);
      const problem = dateProblem('The date of the event', date, today, { bornOn: stored.case.dateOfBirth });
      if (problem !== null) errors.eventDate = problem;
      else if (ms > Date.parse(note.recordedAt)) errors.eventDate = `The event cannot be after the note was recorded (${note.recordedAt})`;
      else eventAt = new Date(ms).toISOString();
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const next = corrected<CaseNote, { eventAt: string; text: string }>(note, { eventAt, text }, { byId: viewer.id, at: fromInstant(now), reason });
  if (next === null) return nothingChanged();
  try {
    await deps.store.correctCaseEntry(caseId, 'caseNotes', input.index, note, next);
  } catch (e) {
    if (e instanceof ConflictError) return { ok: false, errors: { form: `${e.message}.` } };
    throw e;
  }
  deps.logger?.info('case note corrected', { caseId, index: input.index, by: viewer.id });
  return { ok: true, value: { caseId, index: input.index } };
}

/** Correct a CMOOE summary's text (its date is the day it was submitted, which decides the meeting it
 * counts for, and is not changed). */
export async function correctCmooeSummary(
  deps: CorrectionDeps,
  viewer: Person,
  input: { caseId: string; index: number; submittedOn: string; actionsToDate?: unknown; currentSteps?: unknown; keyDates?: unknown; reason?: unknown },
): Promise<Recorded<{ caseId: string; index: number }>> {
  const now = deps.clock();
  const today = londonToday(now);
  const caseId = normaliseCaseId(input.caseId);
  const stored = await deps.store.getCase(caseId);
  if (stored === null || !canSeeCase(viewer, stored.case, today)) throw new CaseNotFound(caseId);
  const summary = stored.case.cmooeSummaries[input.index];
  if (summary === undefined || summary.submittedOn !== input.submittedOn) return { ok: false, errors: { form: 'That summary was changed or is not there any more: reload the case.' } };
  const people = await deps.store.listPeople();
  const refusal = correctionRefusal(
    viewer,
    summary.authorId,
    people.find((p) => p.id === summary.authorId),
    summary.submittedOn,
    today,
  );
  if (refusal !== null) return { ok: false, errors: { form: refusal } };
  const errors: FieldErrors = {};
  const changes = {
    actionsToDate: textField(errors, 'actionsToDate', 'Actions taken to date', input.actionsToDate),
    currentSteps: textField(errors, 'currentSteps', 'Current steps', input.currentSteps),
    keyDates: textField(errors, 'keyDates', 'Dates of meetings and key actions', input.keyDates),
  };
  const reason = reasonOf(errors, input.reason);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const next = corrected<CmooeSummary, { actionsToDate: string; currentSteps: string; keyDates: string }>(summary, changes, { byId: viewer.id, at: fromInstant(now), reason });
  if (next === null) return nothingChanged();
  try {
    await deps.store.correctCaseEntry(caseId, 'cmooeSummaries', input.index, summary, next);
  } catch (e) {
    if (e instanceof ConflictError) return { ok: false, errors: { form: `${e.message}.` } };
    throw e;
  }
  deps.logger?.info('CMOOE summary corrected', { caseId, index: input.index, by: viewer.id });
  return { ok: true, value: { caseId, index: input.index } };
}

/** Correct a supervision (the day it was held, the day its notes were shared): by its supervisor or their
 * manager, within 7 days of its entry (`recordedAt`; for one entered before that was kept, of its latest
 * date). */
export async function correctSupervision(
  deps: CorrectionDeps,
  viewer: Person,
  input: { superviseeId: string; supervisorId: string; heldOn: string; newHeldOn?: unknown; notesSharedOn?: unknown; reason?: unknown },
): Promise<Recorded<{ superviseeId: string; heldOn: string }>> {
  const now = deps.clock();
  const today = londonToday(now);
  const [people, supervisions] = await Promise.all([deps.store.listPeople(), deps.store.listSupervisions({ superviseeId: input.superviseeId })]);
  const s = supervisions.find((x) => x.supervisorId === input.supervisorId && x.heldOn === input.heldOn);
  if (s === undefined) return { ok: false, errors: { form: 'That supervision was changed or is not there any more: reload.' } };
  const enteredOn = s.recordedAt ? londonToday(Date.parse(s.recordedAt)) : [s.heldOn, s.notesSharedOn ?? ''].sort().pop()!;
  const refusal = correctionRefusal(
    viewer,
    s.supervisorId,
    people.find((p) => p.id === s.supervisorId),
    enteredOn,
    today,
  );
  if (refusal !== null) return { ok: false, errors: { form: refusal } };
  const errors: FieldErrors = {};
  const supervisee = people.find((p) => p.id === s.superviseeId);
  const started = { on: supervisee?.startedOn ?? null, who: supervisee?.name ?? s.superviseeId };
  let heldOn: string | undefined;
  if (input.newHeldOn !== undefined && input.newHeldOn !== null && input.newHeldOn !== '') {
    const v = typeof input.newHeldOn === 'string' ? input.newHeldOn.trim() : '';
    if (!isIsoDate(v)) errors.heldOn = 'The date it was held is not a date (YYYY-MM-DD)';
    else {
      const problem = dateProblem('The date it was held', v, today, { started });
      if (problem !== null) errors.heldOn = problem;
      else if (v !== s.heldOn && supervisions.some((x) => x !== s && x.heldOn === v && x.supervisorId === s.supervisorId)) errors.heldOn = `A supervision on ${v} is already recorded`;
      else heldOn = v;
    }
  }
  let notesSharedOn: string | null | undefined;
  if (input.notesSharedOn === null || input.notesSharedOn === '') notesSharedOn = null;
  else if (input.notesSharedOn !== undefined) {
    const v = typeof input.notesSharedOn === 'string' ? input.notesSharedOn.trim() : '';
    if (!isIsoDate(v)) errors.notesSharedOn = 'The date the notes were shared is not a date (YYYY-MM-DD)';
    else {
      const problem = dateProblem('The date the notes were shared', v, today);
      if (problem !== null) errors.notesSharedOn = problem;
      else notesSharedOn = v;
    }
  }
  const reason = reasonOf(errors, input.reason);
  const held = heldOn ?? s.heldOn;
  const shared = notesSharedOn === undefined ? s.notesSharedOn : notesSharedOn;
  if (!errors.notesSharedOn && !errors.heldOn && shared !== null && shared < held) errors.notesSharedOn = `Notes cannot have been shared (${shared}) before the supervision was held (${held})`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const next = corrected<Supervision, { heldOn: string; notesSharedOn: string | null }>(s, { heldOn, notesSharedOn }, { byId: viewer.id, at: fromInstant(now), reason });
  if (next === null) return nothingChanged();
  try {
    await deps.store.updateSupervision(s, next);
  } catch (e) {
    if (e instanceof NotFoundError) return { ok: false, errors: { form: 'That supervision was changed or is not there any more: reload.' } };
    throw e;
  }
  deps.logger?.info('supervision corrected', { superviseeId: s.superviseeId, supervisorId: s.supervisorId, by: viewer.id });
  return { ok: true, value: { superviseeId: s.superviseeId, heldOn: next.heldOn } };
}
