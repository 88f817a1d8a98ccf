// The note given when an action is closed, checked the same way by every adapter: trimmed, at most
// 2,000 characters; an empty note is no note (null). `undefined` means "not given: keep the stored one".
import { StoreValidationError } from './port.js';

export const MAX_CLOSED_NOTE = 2000;

export function closingNote(note: string | null | undefined): string | null | undefined {
  if (note === undefined || note === null) return note;
  if (typeof note !== 'string') throw new StoreValidationError('the action was not closed', ['closedNote: must be text']);
  const text = note.trim();
  if (text.length > MAX_CLOSED_NOTE) throw new StoreValidationError('the action was not closed', [`closedNote: at most ${MAX_CLOSED_NOTE} characters (got ${text.length})`]);
  return text === '' ? null : text;
}
