// The meeting record's writes (docs/rules.md section 5), checked and applied the same way by every
// adapter: the shape of an entry, how an outcome or the attendance changes a record, and the next
// action id. What the entry refers to (series, people, cases) is cross-checked by each store against
// what it holds, as for any other record.
import { isIsoDate, isIsoInstant } from '../domain/dates.js';
import type { Action, MeetingRecord } from '../domain/model.js';
import { StoreValidationError, type MeetingItemEntry } from './port.js';

/** The series id of the weekly team-manager meeting's actions (docs/case-file.md): no record, no case. */
export const WEEKLY_SERIES = 'weekly';
export const MAX_OUTCOME = 4000;
export const MAX_ACTION_TEXT = 2000;
export const MAX_ACTIONS_PER_ITEM = 20;

/** The change-feed id of a meeting record. */
export const meetingRecordKey = (r: Pick<MeetingRecord, 'seriesId' | 'meetingOn'>): string => `${r.seriesId}|${r.meetingOn}`;

const isText = (v: unknown): v is string => typeof v === 'string';

/** The entry trimmed, or StoreValidationError naming every problem (nothing is written). */
export function checkMeetingItem(entry: MeetingItemEntry): MeetingItemEntry {
  const problems: string[] = [];
  const e = (entry ?? {}) as Partial<MeetingItemEntry>;
  if (!isText(e.seriesId) || e.seriesId.trim() === '') problems.push('seriesId: must not be empty');
  if (!isText(e.meetingOn) || !isIsoDate(e.meetingOn)) problems.push(`meetingOn: not a date ${JSON.stringify(e.meetingOn)}`);
  if (!isText(e.recordedById) || e.recordedById.trim() === '') problems.push('recordedById: must not be empty');
  if (!isText(e.at) || !isIsoInstant(e.at)) problems.push(`at: not an instant with an offset or Z ${JSON.stringify(e.at)}`);
  const caseId = e.caseId ?? null;
  const outcome = isText(e.outcome) ? e.outcome.trim() : null;
  if (caseId !== null && (!isText(caseId) || caseId.trim() === '')) problems.push('caseId: must be a case reference or null');
  if (caseId !== null && (outcome === null || outcome === '')) problems.push('outcome: say what was decided for the case');
  if (caseId === null && outcome !== null && outcome !== '') problems.push('outcome: an outcome belongs to a case (caseId)');
  if (outcome !== null && outcome.length > MAX_OUTCOME) problems.push(`outcome: at most ${MAX_OUTCOME} characters (got ${outcome.length})`);
  if (e.seriesId === WEEKLY_SERIES && caseId !== null) problems.push('caseId: the weekly meeting records actions only, for no case');
  type RawAction = { text?: unknown; ownerId?: unknown; dueOn?: unknown } | null | undefined;
  const actions: RawAction[] | null = Array.isArray(e.actions) ? (e.actions as RawAction[]) : null;
  if (actions === null) problems.push('actions: must be a list (empty for none)');
  else {
    if (actions.length > MAX_ACTIONS_PER_ITEM) problems.push(`actions: at most ${MAX_ACTIONS_PER_ITEM} at once`);
    actions.forEach((a, i) => {
      const text = isText(a?.text) ? a.text.trim() : '';
      if (text === '') problems.push(`actions[${i}].text: say what is to be done`);
      if (text.length > MAX_ACTION_TEXT) problems.push(`actions[${i}].text: at most ${MAX_ACTION_TEXT} characters (got ${text.length})`);
      if (!isText(a?.ownerId) || a.ownerId.trim() === '') problems.push(`actions[${i}].ownerId: choose who owns the action`);
      if (!isText(a?.dueOn) || !isIsoDate(a.dueOn)) problems.push(`actions[${i}].dueOn: not a date ${JSON.stringify(a?.dueOn)}`);
      else if (isText(e.meetingOn) && isIsoDate(e.meetingOn) && a.dueOn < e.meetingOn) problems.push(`actions[${i}].dueOn: ${a.dueOn} is before the meeting (${e.meetingOn})`);
    });
    if (caseId === null && actions.length === 0) problems.push('actions: nothing to record (no case and no action)');
  }
  if (problems.length > 0) throw new StoreValidationError('the meeting record was not stored', problems);
  return {
    seriesId: e.seriesId!,
    meetingOn: e.meetingOn!,
    recordedById: e.recordedById!,
    at: e.at!,
    caseId,
    outcome: caseId === null ? null : outcome,
    // Checked above: each action's fields are text.
    actions: (actions ?? []).map((a) => ({ text: String(a?.text).trim(), ownerId: String(a?.ownerId), dueOn: String(a?.dueOn) })),
  };
}

/** The record after `entry`'s outcome: the case's outcome set (or replaced, in place), and who recorded
 * it and when. A record is made on the first write. */
export function withOutcome(current: MeetingRecord | null, entry: MeetingItemEntry): MeetingRecord {
  const base: MeetingRecord = current ?? { seriesId: entry.seriesId, meetingOn: entry.meetingOn, recordedById: entry.recordedById, attendees: [], cases: [], recordedAt: null };
  if (entry.caseId === null || entry.outcome === null) return base;
  const caseId = entry.caseId;
  const outcome = entry.outcome;
  const known = base.cases.some((c) => c.caseId === caseId);
  return {
    ...base,
    recordedById: entry.recordedById,
    recordedAt: entry.at,
    cases: known ? base.cases.map((c) => (c.caseId === caseId ? { caseId, outcome } : c)) : [...base.cases, { caseId, outcome }],
  };
}

/** The record with its attendance set (people in the order given, each once). */
export function withAttendees(current: MeetingRecord | null, seriesId: string, meetingOn: string, attendees: readonly string[], by: { recordedById: string; at: string }): MeetingRecord {
  const problems: string[] = [];
  if (!isIsoInstant(by.at)) problems.push(`at: not an instant with an offset or Z ${JSON.stringify(by.at)}`);
  if (!Array.isArray(attendees) || attendees.some((a) => !isText(a) || a.trim() === '')) problems.push('attendees: must be a list of person ids');
  if (problems.length > 0) throw new StoreValidationError('the attendance was not stored', problems);
  const base: MeetingRecord = current ?? { seriesId, meetingOn, recordedById: by.recordedById, attendees: [], cases: [], recordedAt: null };
  return { ...base, attendees: [...new Set(attendees)], recordedById: by.recordedById, recordedAt: by.at };
}

/** The number of the next action id (A-1, A-2, ...): one more than the largest in use. */
export function nextActionNumber(ids: Iterable<string>): number {
  let max = 0;
  for (const id of ids) {
    const m = /^A-(\d+)$/.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/** The actions of an entry as stored, numbered from `first`. */
export function entryActions(entry: MeetingItemEntry, first: number): Action[] {
  return entry.actions.map((a, i) => ({
    id: `A-${first + i}`,
    seriesId: entry.seriesId,
    meetingOn: entry.meetingOn,
    caseId: entry.caseId,
    text: a.text,
    ownerId: a.ownerId,
    dueOn: a.dueOn,
    closedOn: null,
    closedNote: null,
  }));
}

/** An action changed by an ActionPatch, or why it cannot be. */
export function patchedAction(before: Action, patch: { ownerId?: string; dueOn?: string }): Action {
  const problems: string[] = [];
  if (before.closedOn !== null) problems.push(`action ${before.id} was closed on ${before.closedOn}: it cannot be handed on or moved`);
  if (patch.ownerId !== undefined && (!isText(patch.ownerId) || patch.ownerId.trim() === '')) problems.push('ownerId: choose who owns the action');
  if (patch.dueOn !== undefined && (!isText(patch.dueOn) || !isIsoDate(patch.dueOn))) problems.push(`dueOn: not a date ${JSON.stringify(patch.dueOn)}`);
  else if (patch.dueOn !== undefined && patch.dueOn < before.meetingOn) problems.push(`dueOn: ${patch.dueOn} is before the meeting that agreed it (${before.meetingOn})`);
  if (patch.ownerId === undefined && patch.dueOn === undefined) problems.push('nothing to change: give ownerId or dueOn');
  if (problems.length > 0) throw new StoreValidationError(`action ${before.id} was not changed`, problems);
  return { ...before, ...(patch.ownerId !== undefined ? { ownerId: patch.ownerId } : {}), ...(patch.dueOn !== undefined ? { dueOn: patch.dueOn } : {}) };
}

/** Is `asOf` a date, and the meeting not yet passed (docs/rules.md section 4: a passed meeting's
 * selections are part of its record)? StoreValidationError otherwise. */
export function checkSelectionOpen(meetingOn: string, asOf: string, what: 'added' | 'removed'): void {
  if (typeof asOf !== 'string' || !isIsoDate(asOf)) throw new StoreValidationError(`the selection was not ${what}`, [`asOf: not a date ${JSON.stringify(asOf)}`]);
  if (typeof meetingOn === 'string' && isIsoDate(meetingOn) && meetingOn < asOf) {
    throw new StoreValidationError(`the selection was not ${what}`, [
      `meetingOn: the meeting of ${meetingOn} has taken place; its selections are part of its record and cannot change (docs/rules.md section 4)`,
    ]);
  }
}
