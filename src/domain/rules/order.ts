// Sorting a whole service's obligations into the order of docs/case-file.md (due, then caseId, then kind,
// then key: compareObligations) without calling a comparator millions of times. Each obligation gets
// the rank of its kind and of its case id, its due date as a day number and a time of day (0 for a
// date, 1 + milliseconds for an instant); stable counting sorts, least significant first (kind, case,
// time of day in two digits, day), put them in order. A date sorts before the instants of its day, as
// the text 2026-11-22 sorts before 2026-11-22T…. Obligations equal on due, case and kind (two of a
// kind on one day for one case) are finally ordered by compareObligations. The result is the same as
// `list.sort(compareObligations)`, a total order because keys are distinct; a due that is neither
// YYYY-MM-DD nor a UTC instant as the rules write it (YYYY-MM-DDTHH:MM:SS.sssZ) falls back to that sort.
import { compareObligations, OBLIGATION_KINDS, type Obligation, type ObligationKind } from '../obligation.js';
import { dayFromCivil, daysInMonth } from '../dates.js';

const KIND_RANK: ReadonlyMap<ObligationKind, number> = new Map([...OBLIGATION_KINDS].sort().map((k, i) => [k, i]));

/** Sorts `list` in place into docs/case-file.md order and returns it. */
export function sortObligations(list: Obligation[]): Obligation[] {
  const n = list.length;
  if (n < 2) return list;
  const caseSeen = new Map<string, number>();
  const cases: string[] = [];
  const dayOfItem = new Int32Array(n);
  // 0 for a date; 1 + milliseconds into the day for an instant.
  const timeOfItem = new Int32Array(n);
  const caseOf = new Int32Array(n);
  const kindOf = new Uint8Array(n);
  let lastCaseId: string | null = null;
  let lastCase = 0;
  let minDay = Infinity;
  let maxDay = -Infinity;
  let instants = false;
  for (let i = 0; i < n; i += 1) {
    const o = list[i]!;
    const due = o.due;
    const time = dueTime(due);
    const day = dueDay(due);
    if (time < 0 || day === null) return list.sort(compareObligations);
    dayOfItem[i] = day;
    timeOfItem[i] = time;
    if (time > 0) instants = true;
    if (day < minDay) minDay = day;
    if (day > maxDay) maxDay = day;
    // The rules hand out a case's obligations together: look the case up only when it changes.
    const caseId = o.caseId ?? '';
    if (caseId !== lastCaseId) {
      let c = caseSeen.get(caseId);
      if (c === undefined) {
        c = cases.length;
        cases.push(caseId);
        caseSeen.set(caseId, c);
      }
      lastCaseId = caseId;
      lastCase = c;
    }
    caseOf[i] = lastCase;
    const k = KIND_RANK.get(o.kind);
    if (k === undefined) throw new RangeError(`unknown obligation kind "${o.kind}"`);
    kindOf[i] = k;
  }
  const days = maxDay - minDay + 1;
  if (days > 4 * n + 1_000_000) return list.sort(compareObligations);
  for (let i = 0; i < n; i += 1) dayOfItem[i] = dayOfItem[i]! - minDay;
  rankInPlace(caseOf, cases, caseSeen);

  // Two buffers, sorted from one into the other and back. Typed arrays live outside the JavaScript
  // heap, and V8 starts a full collection when that memory grows fast: keep it to ~36 MB for 1.6M.
  let order = new Int32Array(n);
  let spare = new Int32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  const pass = (keys: Int32Array | Uint8Array, size: number, shift: number, mask: number): void => {
    countingSort(order, spare, keys, size, shift, mask);
    const done = spare;
    spare = order;
    order = done;
  };
  pass(kindOf, KIND_RANK.size, 0, 0xff);
  pass(caseOf, cases.length, 0, -1);
  if (instants) {
    // The time within the day (below 2^27) in two 14-bit digits, low digit first.
    pass(timeOfItem, 0x4000, 0, 0x3fff);
    pass(timeOfItem, 0x4000, 14, 0x3fff);
  }
  pass(dayOfItem, days, 0, -1);

  // Put list[order[i]] at i: read in sorted order into a copy, then write back in one sweep.
  const sorted = list.slice();
  for (let i = 0; i < n; i += 1) list[i] = sorted[order[i]!]!;
  // Runs equal on due, case and kind: order them by key.
  for (let start = 0; start < n; ) {
    const a = order[start]!;
    let end = start + 1;
    for (; end < n; end += 1) {
      const b = order[end]!;
      if (dayOfItem[b] !== dayOfItem[a] || timeOfItem[b] !== timeOfItem[a] || caseOf[b] !== caseOf[a] || kindOf[b] !== kindOf[a]) break;
    }
    if (end - start > 1) {
      const run = list.slice(start, end).sort(compareObligations);
      for (let j = 0; j < run.length; j += 1) list[start + j] = run[j]!;
    }
    start = end;
  }
  return list;
}

/** The day number of the date a due starts with (YYYY-MM-DD), or null if it is not one. */
function dueDay(due: string): number | null {
  const year = num(due, 0, 4);
  const month = num(due, 5, 2);
  const d = num(due, 8, 2);
  if (due.charCodeAt(4) !== 45 || due.charCodeAt(7) !== 45 || year < 0 || month < 1 || month > 12 || d < 1 || d > daysInMonth(year, month)) return null;
  return dayFromCivil(year, month, d);
}

/** 0 for YYYY-MM-DD; 1 + milliseconds into the day for YYYY-MM-DDTHH:MM:SS.sssZ; -1 otherwise. */
function dueTime(due: string): number {
  if (due.length === 10) return 0;
  if (due.length !== 24 || due.charCodeAt(10) !== 84 || due.charCodeAt(23) !== 90) return -1;
  const h = num(due, 11, 2);
  const m = num(due, 14, 2);
  const s = num(due, 17, 2);
  const ms = num(due, 20, 3);
  if (h < 0 || m < 0 || s < 0 || ms < 0 || h > 23 || m > 59 || s > 59) return -1;
  return 1 + h * 3_600_000 + m * 60_000 + s * 1000 + ms;
}

function num(text: string, at: number, digits: number): number {
  let v = 0;
  for (let i = at; i < at + digits; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Replace first-seen indices in `ids` by the rank of their text in code-unit order (as < compares). */
function rankInPlace(ids: Int32Array, texts: string[], seen: Map<string, number>): void {
  const rankOfSeen = new Int32Array(texts.length);
  const sortedTexts = texts.slice().sort();
  for (let r = 0; r < sortedTexts.length; r += 1) rankOfSeen[seen.get(sortedTexts[r]!)!] = r;
  for (let i = 0; i < ids.length; i += 1) ids[i] = rankOfSeen[ids[i]!]!;
}

/** A stable counting sort of `from` into `to` by the key (keys[item] >>> shift) & mask, in 0..size-1. */
function countingSort(from: Int32Array, to: Int32Array, keys: Int32Array | Uint8Array, size: number, shift: number, mask: number): void {
  const counts = new Int32Array(size + 1);
  const n = from.length;
  for (let i = 0; i < n; i += 1) {
    const bucket = ((keys[from[i]!]! >>> shift) & mask) + 1;
    counts[bucket] = counts[bucket]! + 1;
  }
  for (let k = 1; k <= size; k += 1) counts[k] = counts[k]! + counts[k - 1]!;
  for (let i = 0; i < n; i += 1) {
    const item = from[i]!;
    to[counts[(keys[item]! >>> shift) & mask]!++] = item;
  }
}
