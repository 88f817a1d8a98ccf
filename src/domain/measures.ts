// The SEND data dashboard (standards.md section 6; PS 4.1, 4.3; ST section 9; QA section 3): each
// figure for a period, by team and locality, with the case (or person) ids behind it so that every
// number can be drilled down to the records that make it. Pure: `today` is a parameter.
//
// Readings chosen here (standards.md section 6 leaves them open):
// - "X due in the period: met / due" counts the obligations of kind X whose due date is in
//   [from, to] and that are *settled*: done (met, met-late), past due (overdue) or missed (its meeting
//   went ahead without it: not on time). One due later than today and not yet done is not counted
//   (it cannot have been missed yet).
// - "EHCPs issued within 20 weeks": final-plan obligations completed (plan issued) in [from, to];
//   on time = met; excepted cases (an exception reason recorded, PS 5.16) are counted apart and are
//   in neither side of the ratio.
// - "overdue now", "currently CMOOE", "summaries this fortnight" and "exclusions without provision"
//   are read on `today`, whatever the period.
// - Supervision: people with a manager (managerId) in the team/locality; "supervised in the last
//   month" = a supervision held on or after (R - 1 month) and on or before R, R = min(to, today).
//   Notes shared within 10 working days: supervision-notes obligations due in the period, settled.
// - Casework: case notes *recorded* in the period (recorded instant's Europe/London date in
//   [from, to]): on time = recorded within 48 hours of the event.
// - Days missing out on education now: the school days d of the current CMOOE period with
//   period start <= d < today (section 4's definition with M = today).
// - Summaries on time this fortnight: per CMOOE series, the cmooe-summary obligations of the latest
//   summary deadline on or before today; on time = met.
// - Exclusions without provision: exclusion-provision obligations overdue today (no provision from
//   day 6, day 1 for a child in care, PS 6.17, 6.18).
// - Audits (QA section 3) are not recorded in the case file, so there is no audit figure.
import { calendarFor, computeObligations } from './obligations.js';
import type { Calendar } from './calendar/index.js';
import { cmooePeriodOn } from './cmooe.js';
import { addMonths, fromDay, londonDayOfInstant, toDay, type Day } from './dates.js';
import type { Case, CaseFile, Person } from './model.js';
import type { Obligation, ObligationKind } from './obligation.js';
import { DORSET, type Policy } from './policy.js';

export type MeasureInput = Pick<CaseFile, 'cases' | 'people' | 'supervisions' | 'meetingSeries'> &
  Partial<Pick<CaseFile, 'schoolHolidays'>> & {
    /** The obligations of these cases and people computed for the same `today` (computed here if absent). */
    readonly obligations?: readonly Obligation[];
  };

export interface MeasureOptions {
  /** First day of the period, YYYY-MM-DD (inclusive). */
  readonly from: string;
  /** Last day of the period, YYYY-MM-DD (inclusive). */
  readonly to: string;
  /** Today in Europe/London. */
  readonly today: string;
  /** Only cases (and people) of this team. */
  readonly team?: string | null;
  /** Only cases (and people) of this locality. */
  readonly locality?: string | null;
  readonly calendar?: Calendar;
  /** The profile to compute the obligations under when they are not given (default Dorset). */
  readonly policy?: Policy;
}

/** A count with the ids behind it (sorted, unique). */
export interface IdSet {
  readonly count: number;
  readonly ids: string[];
}

/** met / total, with the ids behind the total and behind the misses (sorted, unique). `met` and
 * `total` count obligations (or people); a case with two advice requests counts twice. */
export interface Ratio {
  readonly met: number;
  readonly total: number;
  /** Whole percent, rounded half up; null when total is 0. */
  readonly percent: number | null;
  readonly ids: string[];
  readonly missedIds: string[];
}

export interface Measures {
  readonly from: string;
  readonly to: string;
  readonly today: string;
  readonly team: string | null;
  readonly locality: string | null;
  /** PS 5.16: final plans issued in the period within 20 weeks of the request; excepted apart. */
  readonly ehcpWithin20Weeks: Ratio & { readonly excepted: IdSet };
  /** PS 5.3: decisions whether to assess within 6 weeks. */
  readonly decisionsWithin6Weeks: Ratio;
  /** PS 7.2, 7.4: annual reviews on time; and those overdue today. */
  readonly reviewsOnTime: Ratio & { readonly overdueNow: IdSet };
  /** PS 7.9: the updated plan (or decision) within 4 weeks of the review meeting. */
  readonly reviewOutcomeWithin4Weeks: Ratio;
  /** PS 5.17: advice from other agencies within 6 weeks, in all and by agency. */
  readonly adviceWithin6Weeks: Ratio & { readonly byAgency: Readonly<Record<string, Ratio>> };
  /** PS 6.13, 11.4: ids are person ids. */
  readonly supervision: { readonly supervisedInLastMonth: Ratio; readonly notesWithin10WorkingDays: Ratio };
  /** PS 11.2: notes recorded in the period within 48 hours of the event. */
  readonly caseworkWithin48Hours: Ratio;
  /** PS 4.2, 6.15, 6.17, 6.18. */
  readonly cmooe: {
    readonly current: IdSet;
    readonly schoolDaysMissing: { readonly median: number | null; readonly max: number | null; readonly byCase: Readonly<Record<string, number>> };
    /** The summary deadlines counted (one per series). */
    readonly summariesOnTime: Ratio & { readonly deadlines: string[] };
    readonly exclusionsWithoutProvision: IdSet;
  };
}

/** The names of the figures that have a ratio, for drill-down addressing ("which figure"). */
export const RATIO_FIGURES = [
  'ehcpWithin20Weeks',
  'decisionsWithin6Weeks',
  'reviewsOnTime',
  'reviewOutcomeWithin4Weeks',
  'adviceWithin6Weeks',
  'supervisedInLastMonth',
  'notesWithin10WorkingDays',
  'caseworkWithin48Hours',
  'summariesOnTime',
] as const;
export const COUNT_FIGURES = ['ehcpExcepted', 'reviewsOverdueNow', 'cmooeCurrent', 'exclusionsWithoutProvision'] as const;
export type FigureName = (typeof RATIO_FIGURES)[number] | (typeof COUNT_FIGURES)[number];
export const FIGURE_NAMES: readonly FigureName[] = [...RATIO_FIGURES, ...COUNT_FIGURES];

/** Figures whose ids are person ids, not case ids. */
export const PERSON_FIGURES: readonly FigureName[] = ['supervisedInLastMonth', 'notesWithin10WorkingDays'];

/** The ids behind one figure: all of them, or only the missed ones (ratios only). */
export function idsOfFigure(m: Measures, figure: FigureName, which: 'all' | 'missed' = 'all'): string[] {
  const pick = (r: Ratio) => (which === 'missed' ? r.missedIds : r.ids);
  switch (figure) {
    case 'ehcpWithin20Weeks':
      return pick(m.ehcpWithin20Weeks);
    case 'decisionsWithin6Weeks':
      return pick(m.decisionsWithin6Weeks);
    case 'reviewsOnTime':
      return pick(m.reviewsOnTime);
    case 'reviewOutcomeWithin4Weeks':
      return pick(m.reviewOutcomeWithin4Weeks);
    case 'adviceWithin6Weeks':
      return pick(m.adviceWithin6Weeks);
    case 'supervisedInLastMonth':
      return pick(m.supervision.supervisedInLastMonth);
    case 'notesWithin10WorkingDays':
      return pick(m.supervision.notesWithin10WorkingDays);
    case 'caseworkWithin48Hours':
      return pick(m.caseworkWithin48Hours);
    case 'summariesOnTime':
      return pick(m.cmooe.summariesOnTime);
    case 'ehcpExcepted':
      return m.ehcpWithin20Weeks.excepted.ids;
    case 'reviewsOverdueNow':
      return m.reviewsOnTime.overdueNow.ids;
    case 'cmooeCurrent':
      return m.cmooe.current.ids;
    case 'exclusionsWithoutProvision':
      return m.cmooe.exclusionsWithoutProvision.ids;
  }
}

class Tally {
  met = 0;
  total = 0;
  readonly ids = new Set<string>();
  readonly missed = new Set<string>();
  add(id: string, met: boolean): void {
    this.total += 1;
    this.ids.add(id);
    if (met) this.met += 1;
    else this.missed.add(id);
  }
  ratio(): Ratio {
    return {
      met: this.met,
      total: this.total,
      percent: this.total === 0 ? null : Math.round((100 * this.met) / this.total),
      ids: sorted(this.ids),
      missedIds: sorted(this.missed),
    };
  }
}

function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function idSet(ids: Iterable<string>): IdSet {
  const list = sorted(new Set(ids));
  return { count: list.length, ids: list };
}

const SETTLED = new Set(['met', 'met-late', 'overdue', 'missed']);
const RELEVANT_CASE_KINDS = new Set<ObligationKind>([
  'final-plan',
  'assessment-decision',
  'annual-review',
  'post-review-plan',
  'agency-advice',
  'casework-recording',
  'cmooe-summary',
  'exclusion-provision',
]);

function matches(x: { team: string | null; locality: string | null }, team: string | null, locality: string | null): boolean {
  return (team === null || x.team === team) && (locality === null || x.locality === locality);
}

function checkDate(name: string, value: string): Day {
  try {
    return toDay(value);
  } catch {
    throw new RangeError(`${name} is not a date YYYY-MM-DD: ${JSON.stringify(value)}`);
  }
}

/** The section 6 figures for a period. */
export function measures(input: MeasureInput, options: MeasureOptions): Measures {
  const from = checkDate('from', options.from);
  const to = checkDate('to', options.to);
  const today = checkDate('today', options.today);
  if (to < from) throw new RangeError(`the period ends (${options.to}) before it starts (${options.from})`);
  const team = options.team ?? null;
  const locality = options.locality ?? null;
  const calendar = options.calendar ?? calendarFor({ schoolHolidays: input.schoolHolidays ?? [] });
  const obligations =
    input.obligations ??
    measuresObligations(input, options.today, calendar, options.policy);

  const cases = new Map<string, Case>();
  for (const c of input.cases) if (matches(c, team, locality)) cases.set(c.id, c);
  const people = new Map<string, Person>();
  for (const p of input.people) if (matches(p, team, locality)) people.set(p.id, p);

  const ehcp = new Tally();
  const excepted: string[] = [];
  const decisions = new Tally();
  const reviews = new Tally();
  const reviewsOverdue: string[] = [];
  const outcomes = new Tally();
  const advice = new Tally();
  const byAgency = new Map<string, Tally>();
  const notes = new Tally();
  const casework = new Tally();
  const exclusionsOverdue: string[] = [];
  const summaryObligations: Obligation[] = [];

  // Dates are YYYY-MM-DD, so they compare as strings (no parsing in the hot loop).
  const fromOn = options.from;
  const toOn = options.to;
  const inPeriod = (on: string) => on >= fromOn && on <= toOn;
  const dueSettledInPeriod = (o: Obligation) => inPeriod(o.due) && SETTLED.has(o.status);
  // An instant's text starts with its date in its own offset, within a day of the London date.
  const nearFrom = fromDay(from - 1);
  const nearTo = fromDay(to + 1);

  for (const o of obligations) {
    const kind: ObligationKind = o.kind;
    if (o.caseId !== null) {
      if (!RELEVANT_CASE_KINDS.has(kind) || !cases.has(o.caseId)) continue;
      const id = o.caseId;
      switch (kind) {
        case 'final-plan':
          if (o.completedOn !== null && inPeriod(o.completedOn)) {
            if (o.status === 'excepted') excepted.push(id);
            else ehcp.add(id, o.status === 'met');
          }
          break;
        case 'assessment-decision':
          if (dueSettledInPeriod(o)) decisions.add(id, o.status === 'met');
          break;
        case 'annual-review':
          if (dueSettledInPeriod(o)) reviews.add(id, o.status === 'met');
          if (o.status === 'overdue') reviewsOverdue.push(id);
          break;
        case 'post-review-plan':
          if (dueSettledInPeriod(o)) outcomes.add(id, o.status === 'met');
          break;
        case 'agency-advice':
          if (dueSettledInPeriod(o)) {
            advice.add(id, o.status === 'met');
            const agency = o.subject ?? 'unknown';
            let t = byAgency.get(agency);
            if (t === undefined) byAgency.set(agency, (t = new Tally()));
            t.add(id, o.status === 'met');
          }
          break;
        case 'casework-recording': {
          const recorded = o.completedOn;
          if (recorded === null) break;
          const prefix = recorded.slice(0, 10);
          if (prefix < nearFrom || prefix > nearTo) break;
          const day = londonDayOfInstant(Date.parse(recorded));
          if (day >= from && day <= to) casework.add(id, o.status === 'met');
          break;
        }
        case 'cmooe-summary':
          summaryObligations.push(o);
          break;
        case 'exclusion-provision':
          if (o.status === 'overdue') exclusionsOverdue.push(id);
          break;
        default:
          break;
      }
    } else if (o.personId !== null && kind === 'supervision-notes') {
      if (people.has(o.personId) && dueSettledInPeriod(o)) notes.add(o.personId, o.status === 'met');
    }
  }

  // Supervision in the last month, on R = min(to, today).
  const reference = Math.min(to, today);
  const monthBefore = addMonths(reference, -1);
  const lastHeld = new Map<string, Day>();
  for (const s of input.supervisions) {
    const held = toDay(s.heldOn);
    if (held > reference) continue;
    const prev = lastHeld.get(s.superviseeId);
    if (prev === undefined || held > prev) lastHeld.set(s.superviseeId, held);
  }
  const supervised = new Tally();
  for (const p of people.values()) {
    if (p.managerId === null) continue;
    const held = lastHeld.get(p.id);
    supervised.add(p.id, held !== undefined && held >= monthBefore);
  }

  // CMOOE now.
  const current: string[] = [];
  const missing: Record<string, number> = {};
  for (const c of cases.values()) {
    const period = cmooePeriodOn(c, today);
    if (period === null) continue;
    current.push(c.id);
    missing[c.id] = calendar.schoolDaysFromUntil(toDay(period.from), today);
  }
  const days = Object.values(missing).sort((a, b) => a - b);
  const median =
    days.length === 0 ? null : days.length % 2 === 1 ? days[(days.length - 1) / 2]! : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2;

  // Summaries of the latest deadline on or before today, per series.
  const latestDeadline = new Map<string, Day>();
  for (const o of summaryObligations) {
    const due = toDay(o.due);
    const series = o.seriesId ?? '';
    if (due <= today && (latestDeadline.get(series) ?? -Infinity) < due) latestDeadline.set(series, due);
  }
  const summaries = new Tally();
  for (const o of summaryObligations) {
    if (latestDeadline.get(o.seriesId ?? '') === toDay(o.due)) summaries.add(o.caseId!, o.status === 'met');
  }

  const agencies: Record<string, Ratio> = {};
  for (const agency of sorted(byAgency.keys())) agencies[agency] = byAgency.get(agency)!.ratio();

  return {
    from: options.from,
    to: options.to,
    today: options.today,
    team,
    locality,
    ehcpWithin20Weeks: { ...ehcp.ratio(), excepted: idSet(excepted) },
    decisionsWithin6Weeks: decisions.ratio(),
    reviewsOnTime: { ...reviews.ratio(), overdueNow: idSet(reviewsOverdue) },
    reviewOutcomeWithin4Weeks: outcomes.ratio(),
    adviceWithin6Weeks: { ...advice.ratio(), byAgency: agencies },
    supervision: { supervisedInLastMonth: supervised.ratio(), notesWithin10WorkingDays: notes.ratio() },
    caseworkWithin48Hours: casework.ratio(),
    cmooe: {
      current: idSet(current),
      schoolDaysMissing: { median, max: days.length === 0 ? null : days[days.length - 1]!, byCase: missing },
      summariesOnTime: { ...summaries.ratio(), deadlines: sorted(new Set([...latestDeadline.values()].map(fromDay))) },
      exclusionsWithoutProvision: idSet(exclusionsOverdue),
    },
  };
}

/** One week of the trend: the period's percentages (null where nothing was due). */
export interface TrendWeek {
  readonly from: string;
  readonly to: string;
  readonly ehcpWithin20Weeks: number | null;
  readonly decisionsWithin6Weeks: number | null;
  readonly reviewsOnTime: number | null;
  readonly reviewOutcomeWithin4Weeks: number | null;
  readonly adviceWithin6Weeks: number | null;
  readonly caseworkWithin48Hours: number | null;
}

/** The last `weeks` weeks ending on `today` (each 7 days, the last one ending today), oldest first.
 * Each week's figures are those `measures` gives for that week as the period (one pass). */
export function weeklyTrend(
  input: MeasureInput,
  options: {
    readonly today: string;
    readonly weeks: number;
    readonly team?: string | null;
    readonly locality?: string | null;
    readonly calendar?: Calendar;
    readonly policy?: Policy;
  },
): TrendWeek[] {
  if (!Number.isInteger(options.weeks) || options.weeks < 1 || options.weeks > 104) throw new RangeError(`weeks must be a whole number from 1 to 104, got ${options.weeks}`);
  const today = checkDate('today', options.today);
  const team = options.team ?? null;
  const locality = options.locality ?? null;
  const calendar = options.calendar ?? calendarFor({ schoolHolidays: input.schoolHolidays ?? [] });
  const obligations = input.obligations ?? measuresObligations(input, options.today, calendar, options.policy);
  const cases = new Set<string>();
  for (const c of input.cases) if (matches(c, team, locality)) cases.add(c.id);
  const first = today - 7 * options.weeks + 1;
  const firstOn = fromDay(first);
  const todayOn = options.today;
  const nearFirst = fromDay(first - 1);
  type Row = Record<'ehcp' | 'decisions' | 'reviews' | 'outcomes' | 'advice' | 'casework', [number, number]>;
  const rows: Row[] = [];
  for (let w = 0; w < options.weeks; w += 1) rows.push({ ehcp: [0, 0], decisions: [0, 0], reviews: [0, 0], outcomes: [0, 0], advice: [0, 0], casework: [0, 0] });
  const count = (day: Day, field: keyof Row, met: boolean) => {
    const cell = rows[Math.floor((day - first) / 7)]![field];
    cell[1] += 1;
    if (met) cell[0] += 1;
  };
  const settled = (o: Obligation) => o.due >= firstOn && o.due <= todayOn && SETTLED.has(o.status);
  for (const o of obligations) {
    if (o.caseId === null || !RELEVANT_CASE_KINDS.has(o.kind) || !cases.has(o.caseId)) continue;
    const met = o.status === 'met';
    switch (o.kind) {
      case 'final-plan':
        if (o.completedOn !== null && o.completedOn >= firstOn && o.completedOn <= todayOn && o.status !== 'excepted') count(toDay(o.completedOn), 'ehcp', met);
        break;
      case 'assessment-decision':
        if (settled(o)) count(toDay(o.due), 'decisions', met);
        break;
      case 'annual-review':
        if (settled(o)) count(toDay(o.due), 'reviews', met);
        break;
      case 'post-review-plan':
        if (settled(o)) count(toDay(o.due), 'outcomes', met);
        break;
      case 'agency-advice':
        if (settled(o)) count(toDay(o.due), 'advice', met);
        break;
      case 'casework-recording': {
        const recorded = o.completedOn;
        if (recorded === null || recorded.slice(0, 10) < nearFirst) break;
        const day = londonDayOfInstant(Date.parse(recorded));
        if (day >= first && day <= today) count(day, 'casework', met);
        break;
      }
      default:
        break;
    }
  }
  const pct = ([met, total]: [number, number]) => (total === 0 ? null : Math.round((100 * met) / total));
  return rows.map((r, w) => ({
    from: fromDay(first + 7 * w),
    to: fromDay(first + 7 * w + 6),
    ehcpWithin20Weeks: pct(r.ehcp),
    decisionsWithin6Weeks: pct(r.decisions),
    reviewsOnTime: pct(r.reviews),
    reviewOutcomeWithin4Weeks: pct(r.outcomes),
    adviceWithin6Weeks: pct(r.advice),
    caseworkWithin48Hours: pct(r.casework),
  }));
}

function measuresObligations(input: MeasureInput, today: string, calendar: Calendar, policy: Policy = DORSET): Obligation[] {
  return computeObligations(
    { policy: policy.name, meetingSeries: input.meetingSeries, schoolHolidays: input.schoolHolidays ?? [], people: input.people, supervisions: input.supervisions, cases: input.cases, nominations: [], selections: [], actions: [] },
    { today, calendar, policy },
  );
}
