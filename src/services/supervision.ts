// Supervision notes shared (PS 11.4; docs/rules.md section 3 `supervision-notes`): the supervisions whose
// notes are not yet shared, and "notes shared" on one of them, which completes the obligation. The same
// calls serve the bot (the digest's Done, the `supervision` card) and the tab (My work, the dialog).
import { fromDay, fromInstant, isIsoDate, londonToday, toDay } from '../domain/dates.js';
import { dateProblem } from '../domain/entries.js';
import type { Person, Supervision } from '../domain/model.js';
import { calendarFor } from '../domain/obligations.js';
import { NotFoundError, type CaseStore } from '../store/port.js';
import type { Logger } from './log.js';
import { servicePolicy } from './policy.js';
import type { FieldErrors, Recorded } from './recording.js';

export interface SupervisionDeps {
  readonly store: CaseStore;
  readonly clock: () => number;
  readonly logger?: Logger;
}

/** A supervision whose notes are not yet shared. */
export interface NotesAwaited {
  readonly superviseeId: string;
  readonly supervisee: string;
  readonly supervisorId: string;
  readonly heldOn: string;
  /** Held + 10 working days (the profile's notes working days, PS 11.4). */
  readonly notesDueOn: string;
  readonly overdue: boolean;
}

/** May `viewer` record that the notes of this supervision were shared? Its supervisor, or the
 * supervisor's line manager. */
export function mayShareNotes(viewer: Person, supervision: Pick<Supervision, 'supervisorId'>, people: readonly Person[]): boolean {
  if (supervision.supervisorId === viewer.id) return true;
  return people.find((p) => p.id === supervision.supervisorId)?.managerId === viewer.id;
}

/** The supervisions held by `supervisor` whose notes are not yet shared, oldest first (a year back at most). */
export async function notesAwaited(deps: SupervisionDeps, supervisor: Person): Promise<NotesAwaited[]> {
  const today = londonToday(deps.clock());
  const [supervisions, people, holidays, policy] = await Promise.all([
    deps.store.listSupervisions({ supervisorId: supervisor.id }),
    deps.store.listPeople(),
    deps.store.listSchoolHolidays(),
    servicePolicy(deps.store),
  ]);
  const calendar = calendarFor({ schoolHolidays: holidays });
  const names = new Map(people.map((p) => [p.id, p.name]));
  const since = fromDay(toDay(today) - 366);
  return supervisions
    .filter((s) => s.notesSharedOn === null && s.heldOn >= since && s.heldOn <= today)
    .map((s) => {
      const due = fromDay(calendar.addWorkingDays(toDay(s.heldOn), policy.parameters.supervisionNotesWorkingDays));
      return { superviseeId: s.superviseeId, supervisee: names.get(s.superviseeId) ?? s.superviseeId, supervisorId: s.supervisorId, heldOn: s.heldOn, notesDueOn: due, overdue: due < today };
    })
    .sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : a.supervisee.localeCompare(b.supervisee)));
}

export interface NotesShared {
  readonly superviseeId: string;
  readonly supervisee: string;
  readonly heldOn: string;
  readonly sharedOn: string;
  /** Shared on or before the 10th working day (PS 11.4). */
  readonly onTime: boolean;
  readonly notesDueOn: string;
  /** They were already recorded as shared (on `sharedOn`): nothing changed. */
  readonly already: boolean;
}

/** Record that the notes of an existing supervision were shared (on `sharedOn`, default today): the
 * supervision is identified by supervisee, supervisor (default: the viewer) and the day it was held. */
export async function markNotesShared(
  deps: SupervisionDeps,
  viewer: Person,
  input: { superviseeId?: unknown; supervisorId?: unknown; heldOn?: unknown; sharedOn?: unknown },
): Promise<Recorded<NotesShared>> {
  const today = londonToday(deps.clock());
  const errors: FieldErrors = {};
  const superviseeId = typeof input.superviseeId === 'string' ? input.superviseeId.trim() : '';
  const supervisorId = typeof input.supervisorId === 'string' && input.supervisorId.trim() !== '' ? input.supervisorId.trim() : viewer.id;
  const heldOn = typeof input.heldOn === 'string' ? input.heldOn.trim() : '';
  const sharedOn = input.sharedOn === undefined || input.sharedOn === null || input.sharedOn === '' ? today : typeof input.sharedOn === 'string' ? input.sharedOn.trim() : '';
  if (superviseeId === '') errors.superviseeId = 'Choose whose supervision it was';
  if (!isIsoDate(heldOn)) errors.heldOn = 'The date the supervision was held is not a date (YYYY-MM-DD)';
  if (!isIsoDate(sharedOn)) errors.sharedOn = 'The date the notes were shared is not a date (YYYY-MM-DD)';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const [people, supervisions] = await Promise.all([deps.store.listPeople(), deps.store.listSupervisions({ superviseeId })]);
  const s = supervisions.find((x) => x.supervisorId === supervisorId && x.heldOn === heldOn);
  if (s === undefined)
    return {
      ok: false,
      errors: {
        form: `No supervision of ${people.find((p) => p.id === superviseeId)?.name ?? superviseeId} held on ${heldOn} is recorded${supervisorId === viewer.id ? ' with you as supervisor' : ''}.`,
      },
    };
  if (!mayShareNotes(viewer, s, people)) return { ok: false, errors: { form: 'Only the supervisor, or their line manager, records that the notes were shared.' } };
  const supervisee = people.find((p) => p.id === superviseeId);
  const calendar = calendarFor({ schoolHolidays: await deps.store.listSchoolHolidays() });
  const policy = await servicePolicy(deps.store);
  const notesDueOn = fromDay(calendar.addWorkingDays(toDay(heldOn), policy.parameters.supervisionNotesWorkingDays));
  const name = supervisee?.name ?? superviseeId;
  if (s.notesSharedOn !== null) return { ok: true, value: { superviseeId, supervisee: name, heldOn, sharedOn: s.notesSharedOn, onTime: s.notesSharedOn <= notesDueOn, notesDueOn, already: true } };
  const problem = dateProblem('The date the notes were shared', sharedOn, today);
  if (problem !== null) return { ok: false, errors: { sharedOn: problem } };
  if (sharedOn < heldOn) return { ok: false, errors: { sharedOn: `Notes cannot have been shared (${sharedOn}) before the supervision was held (${heldOn})` } };
  try {
    await deps.store.updateSupervision(s, { ...s, notesSharedOn: sharedOn });
  } catch (e) {
    if (e instanceof NotFoundError) return { ok: false, errors: { form: 'The supervision was changed or removed meanwhile: reload and try again.' } };
    throw e;
  }
  deps.logger?.info('supervision notes shared', { superviseeId, supervisorId, heldOn, by: viewer.id, at: fromInstant(deps.clock()) });
  return { ok: true, value: { superviseeId, supervisee: name, heldOn, sharedOn, onTime: sharedOn <= notesDueOn, notesDueOn, already: false } };
}
