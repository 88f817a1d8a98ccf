// Words for an obligation's `basis` (where its due date comes from): dates as a reader writes them
// ("3 Nov 2025"), instants in UK time, and periods in the rule book's units. Pure.
import { fromDay, londonDayOfInstant, londonOffsetMs } from './dates.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "3 Nov 2025" for 2025-11-03 (the text is a date already checked by the schema). */
export function dayText(iso: string): string {
  const month = Number(iso.slice(5, 7));
  return `${Number(iso.slice(8, 10))} ${MONTHS[month - 1] ?? iso.slice(5, 7)} ${iso.slice(0, 4)}`;
}

/** "10:00 on 20 Nov 2026" for an instant, in UK time (Europe/London). */
export function instantWords(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms + londonOffsetMs(ms)).toISOString();
  return `${local.slice(11, 16)} on ${dayText(fromDay(londonDayOfInstant(ms)))}`;
}

/** "6 weeks" for 42 days, "15 days" otherwise; "1 day". */
export function daysWords(days: number): string {
  if (days > 0 && days % 7 === 0) return plural(days / 7, 'week');
  return plural(days, 'day');
}

export function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "day 6", "day 1". */
export function ordinalDay(n: number): string {
  return `day ${n}`;
}
