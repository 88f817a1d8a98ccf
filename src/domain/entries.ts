// Recorded entries (case notes, CMOOE summaries, supervisions): the dates a new or corrected entry may
// carry, and who may correct one and until when (docs/rules.md section 5, "Corrections"). Pure: today
// is a parameter.
import { addMonths, fromDay, toDay, type Day } from './dates.js';
import type { Correction, Person } from './model.js';

/** An entry entered in error can be corrected for this many days after it was recorded. */
export const CORRECTION_DAYS = 7;
/** A date further back than this many months is refused as a slip (a year typed wrong, "1900-01-01"). */
export const OLDEST_ENTRY_MONTHS = 12;

/** What a date of an entry is checked against. */
export interface DateLimits {
  /** The child's date of birth (a case note or summary). */
  readonly bornOn?: string | null;
  /** A person's start date, and who they are ("Alex Reed started on 8 Jan 2024"). */
  readonly started?: { readonly on: string | null; readonly who: string } | null;
}

/** Why `on` cannot be a date of the entry, in words naming `what` ("The date it was held"), or null. */
export function dateProblem(what: string, on: string, today: string, limits: DateLimits = {}): string | null {
  const day: Day = toDay(on);
  const now = toDay(today);
  if (day > now) return `${what} cannot be in the future (today is ${today})`;
  const oldest = addMonths(now, -OLDEST_ENTRY_MONTHS);
  if (day < oldest) return `${what} is more than a year ago (${on}, before ${fromDay(oldest)}): check the year; older records are kept in the case management system`;
  if (limits.bornOn && on < limits.bornOn) return `${what} (${on}) is before the child was born (${limits.bornOn})`;
  if (limits.started?.on && on < limits.started.on) return `${what} (${on}) is before ${limits.started.who} started (${limits.started.on})`;
  return null;
}

/** The last day an entry recorded on `recordedOn` may be corrected. */
export function correctableUntil(recordedOn: string): string {
  return fromDay(toDay(recordedOn) + CORRECTION_DAYS);
}

/** May `viewer` correct an entry written by `authorId` on `today`, recorded on `recordedOn`? Its author
 * or the author's line manager, within CORRECTION_DAYS. Returns why not, or null. */
export function correctionRefusal(viewer: Person, authorId: string, author: Person | undefined, recordedOn: string, today: string): string | null {
  if (viewer.id !== authorId && author?.managerId !== viewer.id) {
    return 'Only the person who recorded it, or their line manager, can correct it.';
  }
  const until = correctableUntil(recordedOn);
  if (today > until) return `It was recorded on ${recordedOn} and could be corrected until ${until} (${CORRECTION_DAYS} days). Record a new entry that says what was wrong instead.`;
  return null;
}

/** The entry with `changes` applied and its earlier version (the fields changed, as they were) kept at
 * the end of its corrections. Null when nothing would change. */
export function corrected<E extends { corrections?: Correction<P>[] | undefined }, P extends object>(
  entry: E,
  changes: Partial<P>,
  by: { readonly byId: string; readonly at: string; readonly reason: string | null },
): E | null {
  const previous: Record<string, unknown> = {};
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) continue;
    const before = (entry as Record<string, unknown>)[k];
    if (JSON.stringify(before) === JSON.stringify(v)) continue;
    previous[k] = before;
    changed[k] = v;
  }
  if (Object.keys(changed).length === 0) return null;
  const correction = { at: by.at, byId: by.byId, reason: by.reason, previous: previous as P };
  return { ...entry, ...changed, corrections: [...(entry.corrections ?? []), correction] };
}
