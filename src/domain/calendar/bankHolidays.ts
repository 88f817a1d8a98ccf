// England and Wales bank holidays (docs/rules.md section 2), computed by rule plus the one-off changes.
import { dayFromCivil, daysInMonth, fromDay, toDay, weekday, type Day } from '../dates.js';
import { bankHolidayChanges, type BankHolidayChange } from './bank-holiday-changes.js';

export interface BankHoliday {
  readonly date: string;
  readonly name: string;
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromCivil(year, month, dayOfMonth);
}

function firstMonday(year: number, month: number): Day {
  const first = dayFromCivil(year, month, 1);
  return first + ((7 - weekday(first)) % 7);
}

function lastMonday(year: number, month: number): Day {
  const last = dayFromCivil(year, month, daysInMonth(year, month));
  return last - weekday(last);
}

/** The bank holidays of a year by the standing rules, with statutory substitute days. */
export function ruleBankHolidays(year: number): BankHoliday[] {
  const days: Array<[Day, string]> = [];
  // New Year's Day, or the next Monday when it falls at a weekend.
  const newYear = dayFromCivil(year, 1, 1);
  const nyWeekday = weekday(newYear);
  days.push([nyWeekday === 5 ? newYear + 2 : nyWeekday === 6 ? newYear + 1 : newYear, "New Year's Day"]);
  const easter = easterSunday(year);
  days.push([easter - 2, 'Good Friday']);
  days.push([easter + 1, 'Easter Monday']);
  days.push([firstMonday(year, 5), 'Early May bank holiday']);
  days.push([lastMonday(year, 5), 'Spring bank holiday']);
  days.push([lastMonday(year, 8), 'Summer bank holiday']);
  // Christmas Day and Boxing Day; a day that falls at a weekend is replaced by the next weekday
  // that is not already a holiday (Sat 25 -> Mon 27 and Tue 28; Sun 25 -> Mon 26 and Tue 27;
  // Sat 26 -> Mon 28).
  const christmas = dayFromCivil(year, 12, 25);
  const boxing = christmas + 1;
  const cw = weekday(christmas);
  if (cw === 5) {
    days.push([christmas + 2, 'Christmas Day (substitute day)']);
    days.push([christmas + 3, 'Boxing Day (substitute day)']);
  } else if (cw === 6) {
    days.push([boxing, 'Boxing Day']);
    days.push([christmas + 2, 'Christmas Day (substitute day)']);
  } else if (cw === 4) {
    days.push([christmas, 'Christmas Day']);
    days.push([boxing + 2, 'Boxing Day (substitute day)']);
  } else {
    days.push([christmas, 'Christmas Day']);
    days.push([boxing, 'Boxing Day']);
  }
  return days.map(([d, name]) => ({ date: fromDay(d), name }));
}

/** The bank holidays of a year: the rules, then the one-off changes applied. Sorted by date. */
export function bankHolidaysOf(year: number, changes: readonly BankHolidayChange[] = bankHolidayChanges): BankHoliday[] {
  const prefix = `${year}-`;
  const yearChanges = changes.filter((c) => c.date.startsWith(prefix) || c.replaces?.startsWith(prefix));
  const removed = new Set(yearChanges.flatMap((c) => (c.replaces ? [c.replaces] : [])));
  const list = ruleBankHolidays(year).filter((h) => !removed.has(h.date));
  for (const c of yearChanges) if (c.date.startsWith(prefix)) list.push({ date: c.date, name: c.name });
  return list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** A set of bank holiday day numbers, filled a year at a time on first use. Instance-scoped. */
export class BankHolidaySet {
  private readonly byYear = new Map<number, Set<Day>>();
  constructor(private readonly changes: readonly BankHolidayChange[] = bankHolidayChanges) {}

  has(day: Day, year: number): boolean {
    let set = this.byYear.get(year);
    if (!set) {
      set = new Set(bankHolidaysOf(year, this.changes).map((h) => toDay(h.date)));
      this.byYear.set(year, set);
    }
    return set.has(day);
  }
}
