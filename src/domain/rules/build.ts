// Small helpers shared by the rule modules: fast date parsing and formatting for already-validated
// case data, and the one place an Obligation object is put together (every field, same shape).
import { dayFromCivil, daysInMonth, fromDay, fromInstant, toDay, toInstant, type Day } from '../dates.js';
import type { Role } from '../model.js';
import type { Obligation, ObligationKind, ObligationStatus } from '../obligation.js';

const ZERO = 48;

function digit(text: string, at: number): number {
  const d = text.charCodeAt(at) - ZERO;
  return d >= 0 && d <= 9 ? d : -1000;
}

/** The day number of a YYYY-MM-DD date. Case data is validated by the schema already, so this reads
 * the digits directly; anything that is not a real date goes to `toDay`, which throws naming it. */
export function dayOf(iso: string): Day {
  const day = iso.length === 10 ? dayAt(iso, 0) : null;
  return day === null ? toDay(iso) : day;
}

/** The day number of the YYYY-MM-DD written at `at` in `text`, or null if there is none. */
function dayAt(text: string, at: number): Day | null {
  if (text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45) return null;
  const year = digit(text, at) * 1000 + digit(text, at + 1) * 100 + digit(text, at + 2) * 10 + digit(text, at + 3);
  const month = digit(text, at + 5) * 10 + digit(text, at + 6);
  const d = digit(text, at + 8) * 10 + digit(text, at + 9);
  return year >= 0 && month >= 1 && month <= 12 && d >= 1 && d <= daysInMonth(year, month) ? dayFromCivil(year, month, d) : null;
}

/** A nullable date field as a day number. */
export function maybeDayOf(iso: string | null): Day | null {
  return iso === null ? null : dayOf(iso);
}

// YYYY-MM-DD of every day from 1970 to 2099, built once when the module loads and never changed:
// formatting becomes a lookup, and equal dates are the same string (cheap to compare and sort).
const TABLE_FIRST: Day = 0; // 1970-01-01
const DATE_TEXT: readonly string[] = buildDateTable(1970, 2099);

function buildDateTable(fromYear: number, toYear: number): string[] {
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  const out: string[] = [];
  for (let y = fromYear; y <= toYear; y += 1) {
    for (let m = 1; m <= 12; m += 1) {
      const prefix = `${y}-${two(m)}-`;
      const days = daysInMonth(y, m);
      for (let d = 1; d <= days; d += 1) out.push(`${prefix}${two(d)}`);
    }
  }
  return out;
}

/** YYYY-MM-DD of a day number. */
export function dateOf(day: Day): string {
  const i = day - TABLE_FIRST;
  return i >= 0 && i < DATE_TEXT.length ? DATE_TEXT[i]! : fromDay(day);
}

const DAY_MS = 86_400_000;
const TWO: readonly string[] = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE: readonly string[] = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/** Milliseconds since the epoch of an ISO instant already validated by the schema. The common
 * UTC forms (YYYY-MM-DDTHH:MM:SSZ and YYYY-MM-DDTHH:MM:SS.sssZ) are read directly; others go to
 * Date.parse, and anything unreadable throws naming the text. */
export function instantOf(text: string): number {
  const len = text.length;
  if ((len === 20 || (len === 24 && text.charCodeAt(19) === 46)) && text.charCodeAt(len - 1) === 90 && text.charCodeAt(10) === 84) {
    const h = digit(text, 11) * 10 + digit(text, 12);
    const min = digit(text, 14) * 10 + digit(text, 15);
    const sec = digit(text, 17) * 10 + digit(text, 18);
    const ms = len === 24 ? digit(text, 20) * 100 + digit(text, 21) * 10 + digit(text, 22) : 0;
    const day = dayAt(text, 0);
    if (day !== null && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58 && h >= 0 && h <= 23 && min >= 0 && min <= 59 && sec >= 0 && sec <= 59 && ms >= 0) {
      return day * DAY_MS + h * 3_600_000 + min * 60_000 + sec * 1000 + ms;
    }
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? toInstant(text) : parsed;
}

/** The ISO text of an instant, as Date.prototype.toISOString writes it (YYYY-MM-DDTHH:MM:SS.sssZ). */
export function instantText(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  const i = day - TABLE_FIRST;
  if (i < 0 || i >= DATE_TEXT.length) return fromInstant(ms);
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const min = Math.floor(rest / 60_000);
  rest -= min * 60_000;
  const sec = Math.floor(rest / 1000);
  const milli = rest - sec * 1000;
  const text = `${DATE_TEXT[i]}T${TWO[h]}:${TWO[min]}:${TWO[sec]}.${THREE[milli]}Z`;
  text.charCodeAt(0); // flatten now, so that one string is kept rather than its pieces (see obligation)
  return text;
}

/** One obligation with every field filled in (always the same object shape). */
export function obligation(
  caseId: string | null,
  personId: string | null,
  kind: ObligationKind,
  key: string,
  subject: string | null,
  due: string,
  status: ObligationStatus,
  completedOn: string | null,
  ownerRole: Role,
  ownerId: string | null,
  citation: string,
  seriesId: string | null = null,
  meetingOn: string | null = null,
  pfa: boolean | null = null,
): Obligation {
  // Flatten the key now (charCodeAt does): the garbage collector then keeps one flat string per key
  // instead of the chain of pieces a template literal builds (a whole service has ~1.6M obligations).
  key.charCodeAt(0);
  return { caseId, personId, kind, due, status, completedOn, ownerRole, ownerId, citation, seriesId, meetingOn, pfa, key, subject };
}

/** `base`, or `base#2`, `base#3`… if an obligation pushed to `out` since `from` with the same due
 * date already has that key (two records of a kind on the same date must not share a key). */
export function uniqueKey(out: readonly Obligation[], from: number, due: string, base: string): string {
  if (from === out.length) return base;
  let key = base;
  for (let n = 2; ; n += 1) {
    let taken = false;
    for (let i = from; i < out.length; i += 1) {
      const o = out[i]!;
      if (o.due === due && o.key === key) {
        taken = true;
        break;
      }
    }
    if (!taken) return key;
    key = `${base}#${n}`;
  }
}
