// Dates as people and Excel actually write them in a council's register (UK, day first):
// 12/03/2026, 12/3/26, 12-03-2026, 12.03.2026, 12 Mar 2026, 12 March 2026, 2026-03-12,
// Excel serial numbers (46093 = 12 Mar 2026), and the Date values a spreadsheet reader returns.
import { dayFromCivil, fromDay, isIsoDate } from './dates.js';

export type SheetDateResult = { ok: true; date: string } | { ok: false; reason: string };

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

/** Excel's day 0 is 1899-12-30 once its phantom 29 Feb 1900 is allowed for (serials from 61 on). */
const EXCEL_EPOCH = dayFromCivil(1899, 12, 30);
/** Serial numbers accepted: 1 Jan 1990 to 31 Dec 2099 (a register has no dates outside these). */
const MIN_SERIAL = 32874;
const MAX_SERIAL = 73050;

function civil(year: number, month: number, day: number, text: string): SheetDateResult {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isIsoDate(iso)) return { ok: false, reason: `not a date "${text}"` };
  return { ok: true, date: iso };
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  // Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999 (as Excel reads them).
  return n < 70 ? 2000 + n : 1900 + n;
}

/** Read one cell as a date. Empty cells are "not yet" (null). */
export function parseSheetDate(value: unknown): SheetDateResult | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, reason: 'not a date (an invalid date value)' };
    // Spreadsheet readers give a date cell as midnight UTC of that date.
    return { ok: true, date: fromDay(Math.floor(value.getTime() / 86_400_000)) };
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) && !Number.isFinite(value)) return { ok: false, reason: `not a date ${value}` };
    const serial = Math.floor(value);
    if (serial < MIN_SERIAL || serial > MAX_SERIAL) return { ok: false, reason: `the number ${value} is not a date (Excel date serials for 1990-2099 are ${MIN_SERIAL}-${MAX_SERIAL})` };
    return { ok: true, date: fromDay(EXCEL_EPOCH + serial) };
  }
  if (typeof value !== 'string') return { ok: false, reason: `not a date ${JSON.stringify(value)}` };
  const text = value.trim();
  if (text === '' || text === '-' || /^n\/?a$/i.test(text)) return null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T.*)?$/.exec(text);
  if (m) return civil(Number(m[1]), Number(m[2]), Number(m[3]), text);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text);
  if (m) return civil(fullYear(m[3]!), Number(m[2]), Number(m[1]), text);
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]+)\.?,?[\s-]+(\d{2}|\d{4})$/.exec(text);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (!month) return { ok: false, reason: `not a month "${m[2]}" in "${text}"` };
    return civil(fullYear(m[3]!), month, Number(m[1]), text);
  }
  if (/^\d+(\.\d+)?$/.test(text)) return parseSheetDate(Number(text));
  return { ok: false, reason: `not a date "${text}" (use day/month/year, e.g. 12/03/2026)` };
}
