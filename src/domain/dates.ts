// Calendar dates as whole day numbers (days since 1970-01-01), independent of the machine's time zone.
// Every date in the domain is a Europe/London calendar date (docs/rules.md section 2); the arithmetic
// below never goes through local time, so TZ=Pacific/Auckland gives the same answers as TZ=UTC.

/** Days since 1970-01-01 (a proleptic Gregorian calendar date, no time of day). */
export type Day = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days from civil date (Howard Hinnant's algorithm); month 1..12. */
export function dayFromCivil(year: number, month: number, dayOfMonth: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date from days; month 1..12. */
export function civilFromDay(day: Day): { year: number; month: number; day: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** True for a real calendar date written YYYY-MM-DD ("2026-02-30" is false). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const d = Number(m[3]);
  return month >= 1 && month <= 12 && d >= 1 && d <= daysInMonth(year, month);
}

/** Parse a YYYY-MM-DD date; throws a RangeError naming the text if it is not a real date. */
export function toDay(iso: string): Day {
  if (!isIsoDate(iso)) throw new RangeError(`not a date "${iso}"`);
  return dayFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

export function fromDay(day: Day): string {
  const { year, month, day: d } = civilFromDay(day);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(d)}`;
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: Day): number {
  // 1970-01-01 was a Thursday (3).
  return (((day + 3) % 7) + 7) % 7;
}

export function isWeekend(day: Day): boolean {
  return weekday(day) >= 5;
}

/** "within N months": the same day of the month N months on, clamped to that month's last day. */
export function addMonths(day: Day, months: number): Day {
  const { year, month, day: d } = civilFromDay(day);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return dayFromCivil(y, m, Math.min(d, daysInMonth(y, m)));
}

/** "within N weeks": X + 7·N days. */
export function addWeeks(day: Day, weeks: number): Day {
  return day + 7 * weeks;
}

/** Whole years of age on a date. A child born on 29 February turns a year older on 1 March in a
 * common year (the anniversary is reached when 28 February has passed). */
export function ageOn(dateOfBirth: Day, on: Day): number {
  const b = civilFromDay(dateOfBirth);
  const o = civilFromDay(on);
  let age = o.year - b.year;
  if (o.month < b.month || (o.month === b.month && o.day < b.day)) age -= 1;
  return age;
}

// ---- instants ---------------------------------------------------------------------------------

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** True for an ISO 8601 instant with a real date and an explicit offset or Z. */
export function isIsoInstant(text: string): boolean {
  const m = ISO_INSTANT.exec(text);
  if (!m || !isIsoDate(m[1]!)) return false;
  const h = Number(m[2]);
  const min = Number(m[3]);
  const s = m[4] === undefined ? 0 : Number(m[4]);
  return h <= 23 && min <= 59 && s <= 59 && !Number.isNaN(Date.parse(text));
}

/** Milliseconds since the epoch of an ISO instant; throws naming the text if invalid. */
export function toInstant(text: string): number {
  if (!isIsoInstant(text)) throw new RangeError(`not an instant "${text}"`);
  return Date.parse(text);
}

export function fromInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** The Europe/London calendar day of an instant (GMT in winter, BST from the last Sunday of March
 * 01:00 UTC to the last Sunday of October 01:00 UTC), computed without the machine's time zone. */
export function londonDayOfInstant(ms: number): Day {
  return Math.floor((ms + londonOffsetMs(ms)) / 86_400_000);
}

/** Offset of Europe/London from UTC at an instant (0 or one hour), by the EU summer-time rule. */
export function londonOffsetMs(ms: number): number {
  const utcDay = Math.floor(ms / 86_400_000);
  const { year } = civilFromDay(utcDay);
  const start = lastSunday(year, 3) * 86_400_000 + 3_600_000;
  const end = lastSunday(year, 10) * 86_400_000 + 3_600_000;
  return ms >= start && ms < end ? 3_600_000 : 0;
}

function lastSunday(year: number, month: number): Day {
  const last = dayFromCivil(year, month, daysInMonth(year, month));
  return last - ((weekday(last) + 1) % 7);
}

/** An instant as Europe/London wall-clock time, "YYYY-MM-DD HH:MM BST" (or GMT in winter). */
export function londonDateTime(ms: number): string {
  const offset = londonOffsetMs(ms);
  return `${new Date(ms + offset).toISOString().slice(0, 16).replace('T', ' ')} ${offset === 0 ? 'GMT' : 'BST'}`;
}

/** Today's date in Europe/London for an instant (the edges pass the clock in; the domain never reads it). */
export function londonToday(ms: number): string {
  return fromDay(londonDayOfInstant(ms));
}
