// Small helpers shared by the rule modules: fast date parsing and formatting for already-validated
// case data, and the one place an Obligation object is put together (every field, same shape).
import { dayFromCivil, daysInMonth, fromDay, fromInstant, toDay, toInstant, type Day } from '../dates.js';
import type { Role } from '../model.js';
import { OBLIGATION_KINDS, type Obligation, type ObligationKind, type ObligationStatus } from '../obligation.js';

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

// The day number of the first of each month, and its length, from 1900 to 2199: reading a date is then
// a lookup (a service reads millions of dates in one computation).
const MONTHS_FROM = 1900;
const MONTHS = (2200 - MONTHS_FROM) * 12;
const MONTH_START = new Int32Array(MONTHS);
const MONTH_LENGTH = new Uint8Array(MONTHS);
for (let i = 0; i < MONTHS; i += 1) {
  const year = MONTHS_FROM + Math.floor(i / 12);
  const month = (i % 12) + 1;
  MONTH_START[i] = dayFromCivil(year, month, 1);
  MONTH_LENGTH[i] = daysInMonth(year, month);
}

/** The day number of the YYYY-MM-DD written at `at` in `text`, or null if there is none. */
function dayAt(text: string, at: number): Day | null {
  if (text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45) return null;
  const year = digit(text, at) * 1000 + digit(text, at + 1) * 100 + digit(text, at + 2) * 10 + digit(text, at + 3);
  const month = digit(text, at + 5) * 10 + digit(text, at + 6);
  const d = digit(text, at + 8) * 10 + digit(text, at + 9);
  if (month < 1 || month > 12 || d < 1) return null;
  const i = (year - MONTHS_FROM) * 12 + month - 1;
  if (i >= 0 && i < MONTHS) return d <= MONTH_LENGTH[i]! ? MONTH_START[i]! + d - 1 : null;
  return year >= 0 && d <= daysInMonth(year, month) ? dayFromCivil(year, month, d) : null;
}

/** The day number of the date a text starts with (YYYY-MM-DD…), or null if it does not start with one. */
export function leadingDay(text: string): Day | null {
  return text.length >= 10 ? dayAt(text, 0) : null;
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

/** How an obligation explains its due date: a function of the obligation, whose `subject` is the date
 * the due date was counted from (or, for an action, its text). One function per rule variant, made once
 * (module constants, or once per parameter value or series title), never per obligation. */
export type Explain = (o: Obligation) => string;

/** What many obligations share: everything but their case, dates, status and owner. Each obligation
 * holds one (a whole service has ~1.6M obligations and a few hundred specs), which keeps them small. */
interface ObligationSpec {
  readonly kind: ObligationKind;
  /** Its obligations are about a person (supervision), not a case: their one id is the person's. */
  readonly aboutPerson: boolean;
  /** Its obligations are due at an instant (casework): their due is milliseconds, not a day number. */
  readonly instant: boolean;
  readonly kindRank: number;
  readonly ownerRole: Role;
  readonly citation: string;
  readonly explain: Explain;
  readonly seriesId: string | null;
  /** The meeting's date, or SUBJECT when it is the obligation's subject (a CMOOE summary's meeting). */
  readonly meetingOn: string | null;
  readonly pfa: boolean | null;
}

/** The start of the key detail of an audit's moderation (the audit's own obligation has the audit id). */
export const MODERATION_DETAIL = 'moderation:';

/** meetingOn of a spec whose obligations' meeting is their subject. */
const SUBJECT = '\u0000subject';

/** The rank of each kind in name order (the order obligations are listed in). */
export const KIND_RANK: ReadonlyMap<ObligationKind, number> = new Map([...OBLIGATION_KINDS].sort().map((k, i) => [k, i]));

/** An explain function carries the specs made for it (a handful each), found by a short scan: a
 * property of the function is found faster than an entry of a map, and goes when the function goes. */
type ExplainWithSpecs = Explain & { specs?: ObligationSpec[] };

function specOf(
  aboutPerson: boolean,
  instant: boolean,
  kind: ObligationKind,
  ownerRole: Role,
  citation: string,
  explain: Explain,
  seriesId: string | null,
  meetingOn: string | null,
  pfa: boolean | null,
): ObligationSpec {
  const holder = explain as ExplainWithSpecs;
  let specs = holder.specs;
  if (specs === undefined) holder.specs = specs = [];
  for (let i = 0; i < specs.length; i += 1) {
    const s = specs[i]!;
    if (
      s.kind === kind &&
      s.aboutPerson === aboutPerson &&
      s.instant === instant &&
      s.ownerRole === ownerRole &&
      s.citation === citation &&
      s.seriesId === seriesId &&
      s.meetingOn === meetingOn &&
      s.pfa === pfa
    )
      return s;
  }
  const made: ObligationSpec = { kind, aboutPerson, instant, kindRank: KIND_RANK.get(kind) ?? -1, ownerRole, citation, explain, seriesId, meetingOn, pfa };
  specs.push(made);
  return made;
}

/** What follows a key's base: none (null), a detail (a string: an agency, a series, an action's id), or
 * for the second and later of a kind due at once, the detail and the number (#2, #3…). */
type Tail = string | null | { readonly detail: string | null; readonly dup: number };

const detailOfTail = (t: Tail): string | null => (t === null || typeof t === 'string' ? t : t.detail);

function tailText(t: Tail): string {
  if (t === null) return '';
  if (typeof t === 'string') return `/${t}`;
  return `${t.detail === null ? '' : `/${t.detail}`}#${t.dup}`;
}

/** An obligation as the rules make it: eight fields (a whole service has ~1.6M obligations, and the
 * memory they take is most of the computation's time, bench/obligations.ts). What it shares with the
 * others of its rule is in its spec; its one id is its case's, or its person's (supervision); its due
 * date is a day number (or milliseconds, for an instant), written as text when read (a table lookup for
 * a date). Its `key` (owner/kind/due[/detail][#n]) and `basis` are put together when read too. */
class RuleObligation implements Obligation {
  readonly #id: string | null;
  readonly #spec: ObligationSpec;
  readonly #tail: Tail;
  readonly #due: number;

  constructor(
    id: string | null,
    spec: ObligationSpec,
    tail: Tail,
    readonly subject: string | null,
    due: number,
    readonly status: ObligationStatus,
    readonly completedOn: string | null,
    readonly ownerId: string | null,
  ) {
    this.#id = id;
    this.#spec = spec;
    this.#tail = tail;
    this.#due = due;
  }

  get due(): string {
    return this.#spec.instant ? instantText(this.#due) : dateOf(this.#due);
  }

  get caseId(): string | null {
    return this.#spec.aboutPerson ? null : this.#id;
  }

  get personId(): string | null {
    return this.#spec.aboutPerson ? this.#id : null;
  }

  get kind(): ObligationKind {
    return this.#spec.kind;
  }

  get ownerRole(): Role {
    return this.#spec.ownerRole;
  }

  get citation(): string {
    return this.#spec.citation;
  }

  get seriesId(): string | null {
    return this.#spec.seriesId;
  }

  get meetingOn(): string | null {
    const m = this.#spec.meetingOn;
    return m === SUBJECT ? this.subject : m;
  }

  get pfa(): boolean | null {
    return this.#spec.pfa;
  }

  /** Built each time it is read (keys are read for few obligations; keeping them would cost memory). */
  get key(): string {
    // An action agreed for no case (the weekly meeting's) is keyed by its owner.
    return `${this.#id ?? this.ownerId}/${this.#spec.kind}/${this.due}${tailText(this.#tail)}`;
  }

  get basis(): string {
    return this.#spec.explain(this);
  }

  /** The action's id: a meeting action's detail. */
  get actionId(): string | null {
    return this.#spec.kind === 'meeting-action' ? detailOfTail(this.#tail) : null;
  }

  /** The audit's id: an audit's detail (a moderation's detail is "moderation:" and the audit's id). */
  get auditId(): string | null {
    if (this.#spec.kind !== 'audit') return null;
    const detail = detailOfTail(this.#tail);
    return detail !== null && detail.startsWith(MODERATION_DETAIL) ? detail.slice(MODERATION_DETAIL.length) : detail;
  }

  /** Plain data with every field of Obligation (the key and basis included), e.g. for JSON. */
  toJSON(): Obligation {
    const { caseId, personId, kind, due, status, completedOn, ownerRole, ownerId, citation, seriesId, meetingOn, pfa, key, subject, basis, actionId, auditId } = this;
    return { caseId, personId, kind, due, status, completedOn, ownerRole, ownerId, citation, seriesId, meetingOn, pfa, key, subject, basis, actionId, auditId };
  }

  /** The rank of the obligation's kind in name order, or -1 when it was not made here. */
  static kindRankOf(o: Obligation): number {
    return #spec in o ? o.#spec.kindRank : -1;
  }

  /** The day number of the due date (an instant's UTC day), or null when it was not made here. */
  static dueDayOf(o: Obligation): number | null {
    if (!(#due in o)) return null;
    return o.#spec.instant ? Math.floor(o.#due / DAY_MS) : o.#due;
  }

  /** 0 for a date; 1 + milliseconds into the (UTC) day for an instant. Only for obligations made here. */
  static dueTimeOf(o: Obligation): number {
    if (!(#due in o) || !o.#spec.instant) return 0;
    return 1 + o.#due - Math.floor(o.#due / DAY_MS) * DAY_MS;
  }

  /** The order of the keys of two obligations made here that share case (or person), kind and due:
   * the order of what follows that in the key ("/detail", then "#dup"), without building the keys.
   * null when either was not made here. */
  static compareTails(a: Obligation, b: Obligation): number | null {
    if (!(#tail in a) || !(#tail in b)) return null;
    const ta = tailText(a.#tail);
    const tb = tailText(b.#tail);
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  }

  /** Is `o` of `kind`, due on `due`, with this `detail` (the parts that make a key apart from #n)?
   * Only obligations made here are counted (the rules' lists hold no others). */
  static sameKeyBase(o: Obligation, kind: ObligationKind, due: number, detail: string | null): boolean {
    return #due in o && o.#due === due && detailOfTail(o.#tail) === detail && o.#spec.kind === kind;
  }
}

/** One obligation with every field filled in (always the same class and shape), due on the day `due`
 * (a day number). Its key is `<case or person id>/<kind>/<due>`, then `/<detail>` if given, then
 * `#<dup>` if dup > 1; its basis is `explain(obligation)`. */
export function obligation(
  caseId: string | null,
  personId: string | null,
  kind: ObligationKind,
  detail: string | null,
  dup: number,
  subject: string | null,
  due: Day,
  status: ObligationStatus,
  completedOn: string | null,
  ownerRole: Role,
  ownerId: string | null,
  citation: string,
  explain: Explain,
  seriesId: string | null = null,
  meetingOn: string | null = null,
  pfa: boolean | null = null,
): Obligation {
  return make(false, caseId, personId, kind, detail, dup, subject, due, status, completedOn, ownerRole, ownerId, citation, explain, seriesId, meetingOn, pfa);
}

/** The same, due at an instant (`dueMs`, milliseconds since the epoch; casework). */
export function instantObligation(
  caseId: string | null,
  personId: string | null,
  kind: ObligationKind,
  detail: string | null,
  dup: number,
  subject: string | null,
  dueMs: number,
  status: ObligationStatus,
  completedOn: string | null,
  ownerRole: Role,
  ownerId: string | null,
  citation: string,
  explain: Explain,
): Obligation {
  return make(true, caseId, personId, kind, detail, dup, subject, dueMs, status, completedOn, ownerRole, ownerId, citation, explain, null, null, null);
}

function make(
  instant: boolean,
  caseId: string | null,
  personId: string | null,
  kind: ObligationKind,
  detail: string | null,
  dup: number,
  subject: string | null,
  due: number,
  status: ObligationStatus,
  completedOn: string | null,
  ownerRole: Role,
  ownerId: string | null,
  citation: string,
  explain: Explain,
  seriesId: string | null,
  meetingOn: string | null,
  pfa: boolean | null,
): Obligation {
  // An obligation is about a case, or about a person (supervision), never both.
  if (caseId !== null && personId !== null) throw new RangeError(`an obligation is about a case or a person, not both (${caseId}, ${personId})`);
  const spec = specOf(caseId === null && personId !== null, instant, kind, ownerRole, citation, explain, seriesId, meetingOn === null || meetingOn !== subject ? meetingOn : SUBJECT, pfa);
  const tail: Tail = dup > 1 ? { detail, dup } : detail;
  return new RuleObligation(spec.aboutPerson ? personId : caseId, spec, tail, subject, due, status, completedOn, ownerId);
}

/** The day number and time of day (0 for a date, 1 + ms for an instant) of an obligation made here, for
 * sorting without reading its due text; null day for one made elsewhere. */
export function dueDayOf(o: Obligation): number | null {
  return RuleObligation.dueDayOf(o);
}

export function dueTimeOf(o: Obligation): number {
  return RuleObligation.dueTimeOf(o);
}

/** The rank of an obligation's kind in name order (for sorting), without a lookup for those made here. */
export function kindRankOf(o: Obligation): number {
  const rank = RuleObligation.kindRankOf(o);
  return rank >= 0 ? rank : (KIND_RANK.get(o.kind) ?? -1);
}

/** How the keys of two obligations due at the same moment for the same case (or person) and kind
 * compare, without building the keys (those made here); else by their keys. */
export function compareKeysOfTwins(a: Obligation, b: Obligation): number {
  const byTail = RuleObligation.compareTails(a, b);
  if (byTail !== null) return byTail;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** 1, or 2, 3… when obligations pushed to `out` since `from` already have this kind, due date (a day
 * number, or milliseconds for an instant) and detail (two records of a kind due at once must not
 * share a key: the later get #2, #3…). */
export function dupOf(out: readonly Obligation[], from: number, kind: ObligationKind, due: number, detail: string | null): number {
  let dup = 1;
  for (let i = from; i < out.length; i += 1) if (RuleObligation.sameKeyBase(out[i]!, kind, due, detail)) dup += 1;
  return dup;
}
