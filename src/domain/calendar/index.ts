// The service calendar: working days and school days (docs/rules.md section 2).
// A Calendar is a value: build one per service configuration and pass it to the rules.
import { civilFromDay, isWeekend, toDay, type Day } from '../dates.js';
import { BankHolidaySet } from './bankHolidays.js';
import { bankHolidayChanges, type BankHolidayChange } from './bank-holiday-changes.js';

export { bankHolidaysOf, easterSunday, ruleBankHolidays, type BankHoliday } from './bankHolidays.js';
export { bankHolidayChanges, type BankHolidayChange } from './bank-holiday-changes.js';

/** A school holiday: every date from `from` to `to`, both inclusive. */
export interface SchoolHoliday {
  readonly from: string;
  readonly to: string;
  readonly name?: string;
}

export interface CalendarOptions {
  readonly schoolHolidays?: readonly SchoolHoliday[];
  readonly bankHolidayChanges?: readonly BankHolidayChange[];
}

export class Calendar {
  private readonly bankHolidays: BankHolidaySet;
  private readonly holidayRanges: ReadonlyArray<readonly [Day, Day]>;

  constructor(options: CalendarOptions = {}) {
    this.bankHolidays = new BankHolidaySet(options.bankHolidayChanges ?? bankHolidayChanges);
    this.holidayRanges = (options.schoolHolidays ?? []).map((h) => [toDay(h.from), toDay(h.to)] as const).sort((a, b) => a[0] - b[0]);
  }

  isBankHoliday(day: Day): boolean {
    return this.bankHolidays.has(day, civilFromDay(day).year);
  }

  /** Monday to Friday and not an England and Wales bank holiday. */
  isWorkingDay(day: Day): boolean {
    return !isWeekend(day) && !this.isBankHoliday(day);
  }

  isSchoolHoliday(day: Day): boolean {
    for (const [from, to] of this.holidayRanges) {
      if (day < from) return false;
      if (day <= to) return true;
    }
    return false;
  }

  /** Are any school holidays configured? (Without them, school days are working days.) */
  get hasSchoolHolidays(): boolean {
    return this.holidayRanges.length > 0;
  }

  /** The configured school holiday that contains `day` ([from, to], both inclusive), or null. */
  schoolHolidayContaining(day: Day): readonly [Day, Day] | null {
    for (const range of this.holidayRanges) {
      if (day < range[0]) return null;
      if (day <= range[1]) return range;
    }
    return null;
  }

  /** The last school day before `day` (not counting `day` itself). */
  lastSchoolDayBefore(day: Day): Day {
    let d = day - 1;
    while (!this.isSchoolDay(d)) d -= 1;
    return d;
  }

  /** A working day not in a configured school holiday. */
  isSchoolDay(day: Day): boolean {
    return this.isWorkingDay(day) && !this.isSchoolHoliday(day);
  }

  /** "within N working days of X": the Nth working day after X (X itself is not counted).
   * With n = 0, X itself. Negative n counts backwards. */
  addWorkingDays(day: Day, n: number): Day {
    return step(day, n, (d) => this.isWorkingDay(d));
  }

  /** The Nth school day after X (X not counted). */
  addSchoolDays(day: Day, n: number): Day {
    return step(day, n, (d) => this.isSchoolDay(d));
  }

  /** Working days d with from < d <= to (0 when to <= from). */
  workingDaysBetween(from: Day, to: Day): number {
    return count(from + 1, to + 1, (d) => this.isWorkingDay(d));
  }

  /** School days d with from <= d < to: "school days missing out on education" (docs/rules.md section 4). */
  schoolDaysFromUntil(from: Day, until: Day): number {
    return count(from, until, (d) => this.isSchoolDay(d));
  }

  /** "day N following a permanent exclusion" (PS 6.17, 6.18): the first school day on or after
   * `start` is day 1; day N is the Nth school day counting from it. */
  schoolDayNumber(start: Day, n: number): Day {
    if (n < 1) throw new RangeError(`school day number must be 1 or more, got ${n}`);
    let d = start;
    while (!this.isSchoolDay(d)) d += 1;
    return n === 1 ? d : this.addSchoolDays(d, n - 1);
  }
}

function step(day: Day, n: number, accept: (d: Day) => boolean): Day {
  const dir = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = day;
  while (left > 0) {
    d += dir;
    if (accept(d)) left -= 1;
  }
  return d;
}

function count(from: Day, until: Day, accept: (d: Day) => boolean): number {
  let n = 0;
  for (let d = from; d < until; d += 1) if (accept(d)) n += 1;
  return n;
}

/** National Curriculum year on date D (docs/rules.md section 2): A = the year the academic year
 * containing D began (1 September); B = birth year if born September-December, else birth year - 1;
 * NC year = A - B - 5 (0 = Reception, negative before Reception). */
export function ncYear(dateOfBirth: Day, on: Day): number {
  const d = civilFromDay(on);
  const b = civilFromDay(dateOfBirth);
  const academicYearStart = d.month >= 9 ? d.year : d.year - 1;
  const cohort = b.month >= 9 ? b.year : b.year - 1;
  return academicYearStart - cohort - 5;
}

/** A calendar with no school holidays configured (school days = working days). */
export const defaultCalendar = new Calendar();
