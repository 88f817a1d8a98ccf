// Sorting a whole service's obligations into the order of docs/case-file.md (due, then caseId, then kind,
// then key: compareObligations) without calling a comparator millions of times. Each obligation gets
// its due date as a day number (a date before the instants of its day, as the text 2026-11-22 sorts
// before 2026-11-22T…), the rank of its case id (an obligation of no case sorts first, as '' does), and
// one more key: the rank of its kind, and for an obligation of no case, the rank of the id its key
// starts with (person or owner), so that these, which would all tie on ('', kind), come out in key
// order. Three stable counting sorts, least significant first (that key, case, day), put them in
// order; the instants of one day (casework) are then put in time order, stably. Obligations still equal
// on due, case, kind and person (two of a kind due at once for one case: twins) are finally ordered by
// their keys.
// computeObligations hands the obligations out already in that order but for the due date: then one
// counting sort by day is enough, and it checks, as it places each obligation, that it comes after the
// one placed before it on that day. Any other list takes the three sorts.
// The result is the same as `list.sort(compareObligations)`, a total order because keys are distinct;
// a due that is neither YYYY-MM-DD nor a UTC instant as the rules write it (YYYY-MM-DDTHH:MM:SS.sssZ)
// falls back to that sort.
import { compareObligations, type Obligation } from '../obligation.js';
import { compareKeysOfTwins, dueDayOf, dueTimeOf, KIND_RANK, kindRankOf, leadingDay } from './build.js';

const KINDS = KIND_RANK.size;

/** Sorts `list` in place into docs/case-file.md order and returns it. */
export function sortObligations(list: Obligation[]): Obligation[] {
  const n = list.length;
  if (n < 2) return list;
  let cases: string[] = [];
  // Ids (person or owner, with the '/' that follows them in the key) of the obligations of no case.
  const idSeen = new Map<string, number>();
  const ids: string[] = [];
  const dayOfItem = new Int32Array(n);
  // 0 for a date; 1 + milliseconds into the day for an instant (only to tell runs apart).
  const timeOfItem = new Int32Array(n);
  // 1 + the case's first-seen index (0: no case); made a rank below.
  const caseOf = new Int32Array(n);
  // The kind's rank, times (ids + 1), plus 1 + the id's first-seen index for an obligation of no case.
  const kindOf = new Int32Array(n);
  let lastCaseId: string | null = null;
  let lastCase = 0;
  let lastPerson: string | null | undefined = undefined;
  let lastPersonIndex = 0;
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < n; i += 1) {
    const o = list[i]!;
    // The due date as a day number: read from an obligation made by the rules, else from its text.
    let day = dueDayOf(o);
    let time: number;
    if (day !== null) time = dueTimeOf(o);
    else {
      const due = o.due;
      time = dueTime(due);
      day = dueDay(due);
      if (time < 0 || day === null) return list.sort(compareObligations);
    }
    dayOfItem[i] = day;
    timeOfItem[i] = time;
    if (day < minDay) minDay = day;
    if (day > maxDay) maxDay = day;
    const k = kindRankOf(o);
    if (k < 0) throw new RangeError(`unknown obligation kind "${o.kind}"`);
    const caseId = o.caseId;
    if (caseId === null) {
      // The key starts with the person's id (or the owner's, for an action of no case), then '/'.
      // A person's obligations of one kind come together: look the id up only when it changes.
      const person = o.personId ?? o.ownerId;
      if (person !== lastPerson) {
        const id = `${person}/`;
        let x = idSeen.get(id);
        if (x === undefined) {
          // An id with a '/' of its own is no longer a prefix that orders the keys: sort by comparing.
          if (id.indexOf('/') !== id.length - 1) return list.sort(compareObligations);
          x = ids.length;
          ids.push(id);
          idSeen.set(id, x);
        }
        lastPerson = person;
        lastPersonIndex = x;
      }
      caseOf[i] = 0;
      kindOf[i] = lastPersonIndex + 1; // the kind is added below, once the number of ids is known
      continue;
    }
    // The rules hand out a case's obligations together (computeObligations: case by case in id
    // order): number the cases as they change; numbered again below if a case came back.
    if (caseId !== lastCaseId) {
      cases.push(caseId);
      lastCaseId = caseId;
      lastCase = cases.length;
    }
    caseOf[i] = lastCase;
    kindOf[i] = -1 - k; // marked: a case's kind, no id
  }
  if (!strictlyIncreasing(cases)) cases = numberCases(list, caseOf);
  const days = maxDay - minDay + 1;
  if (days > 4 * n + 1_000_000 || cases.some((c) => c === '' || c.charCodeAt(0) === 0)) return list.sort(compareObligations);
  const idRank = ranks(ids);
  const stride = ids.length + 1;
  // Each day is 25 keys (dates, then the instants of each hour: a day's date sorts before its instants,
  // and an hour's instants are few to put in time order), or 2 (dates, instants) over a span of days
  // too long for that.
  const perDay = days * 25 <= 2 * n + 1_000_000 ? 25 : 2;
  let instants = false;
  for (let i = 0; i < n; i += 1) {
    const v = kindOf[i]!;
    kindOf[i] = v < 0 ? (-1 - v) * stride : kindRankOf(list[i]!) * stride + 1 + idRank[v - 1]!;
    const time = timeOfItem[i]!;
    let slot = 0;
    if (time > 0) {
      instants = true;
      slot = perDay === 25 ? 1 + Math.floor((time - 1) / 3_600_000) : 1;
    }
    dayOfItem[i] = (dayOfItem[i]! - minDay) * perDay + slot;
  }
  const caseRank = ranks(cases);
  for (let i = 0; i < n; i += 1) {
    const c = caseOf[i]!;
    if (c > 0) caseOf[i] = 1 + caseRank[c - 1]!;
  }

  const fast = byDayInOrder(list, dayOfItem, timeOfItem, caseOf, kindOf, days * perDay);
  if (fast !== null) {
    if (instants) timeOrder(fast.order, fast.ends, timeOfItem, perDay);
    place(list, fast.order);
    if (fast.twins) orderTwins(list, fast.order, dayOfItem, timeOfItem, caseOf, kindOf);
    return list;
  }

  // Two buffers, sorted from one into the other and back. Typed arrays live outside the JavaScript
  // heap, and V8 starts a full collection when that memory grows fast: keep them few and small.
  let order = new Int32Array(n);
  let spare = new Int32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  const pass = (keys: Int32Array, size: number): void => {
    countingSort(order, spare, keys, size);
    const done = spare;
    spare = order;
    order = done;
  };
  pass(kindOf, KINDS * stride);
  pass(caseOf, cases.length + 1);
  pass(dayOfItem, days * perDay);
  if (instants) timeOrder(order, bucketEnds(dayOfItem, days * perDay), timeOfItem, perDay);

  place(list, order);
  orderTwins(list, order, dayOfItem, timeOfItem, caseOf, kindOf);
  return list;
}

/** Put list[order[i]] at i: read in sorted order into a copy, then write back in one sweep. */
function place(list: Obligation[], order: Int32Array): void {
  const sorted = list.slice();
  for (let i = 0; i < list.length; i += 1) list[i] = sorted[order[i]!]!;
}

/** Runs equal on day, time, case and kind (and id): order them by compareObligations (due, then key). */
function orderTwins(list: Obligation[], order: Int32Array, dayKey: Int32Array, time: Int32Array, caseOf: Int32Array, kindOf: Int32Array): void {
  const n = list.length;
  for (let start = 0; start < n;) {
    const a = order[start]!;
    let end = start + 1;
    for (; end < n; end += 1) {
      const b = order[end]!;
      if (dayKey[b] !== dayKey[a] || time[b] !== time[a] || caseOf[b] !== caseOf[a] || kindOf[b] !== kindOf[a]) break;
    }
    if (end - start > 1) {
      const run = list.slice(start, end).sort(compareObligations);
      for (let j = 0; j < run.length; j += 1) list[start + j] = run[j]!;
    }
    start = end;
  }
}

/** One stable counting sort by day key, for a list handed out in (case, kind and id) order within each
 * day: it checks each obligation against the one placed before it on the same day. Null as soon as one
 * is out of that order (the caller sorts in full); `twins` when two equal on all keys and time are not in
 * key order. */
function byDayInOrder(
  list: readonly Obligation[],
  dayKey: Int32Array,
  time: Int32Array,
  caseOf: Int32Array,
  kindOf: Int32Array,
  size: number,
): { order: Int32Array; ends: Int32Array; twins: boolean } | null {
  const n = list.length;
  const counts = new Int32Array(size + 1);
  for (let i = 0; i < n; i += 1) {
    const bucket = dayKey[i]! + 1;
    counts[bucket] = counts[bucket]! + 1;
  }
  for (let k = 1; k <= size; k += 1) counts[k] = counts[k]! + counts[k - 1]!;
  const last = new Int32Array(size).fill(-1);
  const order = new Int32Array(n);
  let twins = false;
  for (let i = 0; i < n; i += 1) {
    const day = dayKey[i]!;
    const before = last[day]!;
    if (before >= 0) {
      const c = caseOf[i]!;
      const cb = caseOf[before]!;
      if (c < cb) return null;
      if (c === cb) {
        const k = kindOf[i]!;
        const kb = kindOf[before]!;
        if (k < kb) return null;
        // Twins: in key order unless their keys say otherwise (instants of other times: timeOrder).
        if (k === kb && time[i] === time[before] && !twins && compareKeysOfTwins(list[before]!, list[i]!) > 0) twins = true;
      }
    }
    last[day] = i;
    order[counts[day]!++] = i;
  }
  // counts[k] is now where day key k's block ends.
  return { order, ends: counts.subarray(0, size), twins };
}

function strictlyIncreasing(texts: readonly string[]): boolean {
  for (let i = 1; i < texts.length; i += 1) if (!(texts[i - 1]! < texts[i]!)) return false;
  return true;
}

/** Number each case by where it is first met (1, 2, …; 0 for no case) into caseOf; the case ids in
 * that order. */
function numberCases(list: readonly Obligation[], caseOf: Int32Array): string[] {
  const seen = new Map<string, number>();
  const cases: string[] = [];
  for (let i = 0; i < list.length; i += 1) {
    const caseId = list[i]!.caseId;
    if (caseId === null) continue;
    let c = seen.get(caseId);
    if (c === undefined) {
      cases.push(caseId);
      c = cases.length;
      seen.set(caseId, c);
    }
    caseOf[i] = c;
  }
  return cases;
}

/** The rank of each text (by its first-seen index) in code-unit order, as < compares. Texts met already
 * in order (cases handed out in id order) need no sort. */
function ranks(texts: readonly string[]): Int32Array {
  const out = new Int32Array(texts.length);
  let inOrder = true;
  for (let i = 1; i < texts.length && inOrder; i += 1) if (!(texts[i - 1]! < texts[i]!)) inOrder = false;
  if (inOrder) {
    for (let i = 0; i < texts.length; i += 1) out[i] = i;
    return out;
  }
  const byText = texts.map((t, i) => [t, i] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  for (let r = 0; r < byText.length; r += 1) out[byText[r]![1]] = r;
  return out;
}

/** The day number of the date a due starts with (YYYY-MM-DD), or null if it is not one. */
function dueDay(due: string): number | null {
  return leadingDay(due);
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

/** Where each day key's block ends in the sorted order (the count of keys up to and including it). */
function bucketEnds(dayKey: Int32Array, size: number): Int32Array {
  const ends = new Int32Array(size);
  for (let i = 0; i < dayKey.length; i += 1) {
    const key = dayKey[i]!;
    ends[key] = ends[key]! + 1;
  }
  for (let k = 1; k < size; k += 1) ends[k] = ends[k]! + ends[k - 1]!;
  return ends;
}

/** Within each block of instants due in one day (or hour), order by the time of day, stably (the block
 * is already in case, kind and id order). A key is an instants' block unless it is a multiple of
 * `perDay` (the dates of a day); `ends` says where each key's block ends. */
function timeOrder(order: Int32Array, ends: Int32Array, time: Int32Array, perDay: number): void {
  let packed: Float64Array | null = null;
  let items: Int32Array | null = null;
  for (let key = 1; key < ends.length; key += 1) {
    if (key % perDay === 0) continue;
    const start = ends[key - 1]!;
    const end = ends[key]!;
    const size = end - start;
    if (size < 2) continue;
    let sorted = true;
    for (let j = start + 1; j < end && sorted; j += 1) if (time[order[j]!]! < time[order[j - 1]!]!) sorted = false;
    if (sorted) continue;
    if (size <= 32) {
      // An insertion sort, stable: the blocks of an hour are small.
      for (let j = start + 1; j < end; j += 1) {
        const item = order[j]!;
        const t = time[item]!;
        let k = j - 1;
        while (k >= start && time[order[k]!]! > t) {
          order[k + 1] = order[k]!;
          k -= 1;
        }
        order[k + 1] = item;
      }
    } else {
      // time (< 2^27) above the position in the block (< 2^21): one numeric sort, exact in a double.
      if (size >= 1 << 21) throw new RangeError('too many instants due at once');
      if (packed === null || items === null || size > packed.length) {
        packed = new Float64Array(size * 2);
        items = new Int32Array(size * 2);
      }
      for (let j = 0; j < size; j += 1) {
        packed[j] = time[order[start + j]!]! * 2097152 + j;
        items[j] = order[start + j]!;
      }
      const block = packed.subarray(0, size).sort();
      for (let j = 0; j < size; j += 1) order[start + j] = items[block[j]! % 2097152]!;
    }
  }
}

/** A stable counting sort of `from` into `to` by keys[item], in 0..size-1. */
function countingSort(from: Int32Array, to: Int32Array, keys: Int32Array, size: number): void {
  const counts = new Int32Array(size + 1);
  const n = from.length;
  for (let i = 0; i < n; i += 1) {
    const bucket = keys[from[i]!]! + 1;
    counts[bucket] = counts[bucket]! + 1;
  }
  for (let k = 1; k <= size; k += 1) counts[k] = counts[k]! + counts[k - 1]!;
  for (let i = 0; i < n; i += 1) {
    const item = from[i]!;
    to[counts[keys[item]!]!++] = item;
  }
}
