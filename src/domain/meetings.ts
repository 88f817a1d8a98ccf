// When a meeting's selections and its record may be made (docs/rules.md sections 4 and 5). Pure.
import type { Calendar } from './calendar/index.js';
import { fromDay, type Day } from './dates.js';

/** Working days after meeting M in which its record may still be made (M itself, then up to 5 more). */
export const RECORD_WORKING_DAYS_AFTER = 5;

export interface DayWindow {
  /** The first day, inclusive. */
  readonly opens: string;
  /** The last day, inclusive. */
  readonly closes: string;
}

/** The chair's selections for meeting M are made or withdrawn from the summary deadline M − 7 days (the
 * profile's summary lead) up to and including M (docs/rules.md section 4; PS 4.2). */
export function selectionWindow(meeting: Day, summaryLeadDays: number): DayWindow {
  return { opens: fromDay(meeting - summaryLeadDays), closes: fromDay(meeting) };
}

/** The record of meeting M is made on M or up to 5 working days after it (docs/rules.md section 5). */
export function recordWindow(meeting: Day, calendar: Calendar): DayWindow {
  return { opens: fromDay(meeting), closes: fromDay(calendar.addWorkingDays(meeting, RECORD_WORKING_DAYS_AFTER)) };
}

/** Where `today` is against a window: before it opens, inside it, or after it closed. */
export function whereIn(window: DayWindow, today: string): 'before' | 'open' | 'after' {
  return today < window.opens ? 'before' : today > window.closes ? 'after' : 'open';
}
