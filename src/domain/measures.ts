// The SEND data dashboard (docs/rules.md section 6; PS 4.1, 4.3; ST section 9; QA section 3): each
// figure for a period, by team and locality, with the case (or person) ids behind it so that every
// number can be drilled down to the records that make it. Pure: `today` is a parameter.
//
// Readings chosen here (docs/rules.md section 6 leaves them open):
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
// - Meeting actions (docs/rules.md sections 5 and 6): meeting-action obligations due in the period and
//   settled: closed on time / due; and those open and overdue today. Counted for the owner's team and
//   locality (an action is its owner's, whichever case it concerns); the ids behind are the owners'.
import { calendarFor, computeObligations } from './obligations.js';
import type { Calendar } from './calendar/index.js';
import { cmooePeriodOn } from './cmooe.js';
import { addMonths, civilFromDay, dayFromCivil, daysInMonth, fromDay, londonDayOfInstant, toDay, type Day } from './dates.js';
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
  /** PS 4.1, 4.2: actions agreed at meetings, by their owners (ids are person ids; overdueNow.count
   * counts actions, its ids their owners). */
  readonly meetingActions: { readonly onTime: Ratio; readonly overdueNow: IdSet };
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
  'meetingActionsOnTime',
] as const;
export const COUNT_FIGURES = ['ehcpExcepted', 'reviewsOverdueNow', 'cmooeCurrent', 'exclusionsWithoutProvision', 'meetingActionsOverdueNow'] as const;
export type FigureName = (typeof RATIO_FIGURES)[number] | (typeof COUNT_FIGURES)[number];
export const FIGURE_NAMES: readonly FigureName[] = [...RATIO_FIGURES, ...COUNT_FIGURES];

/** Figures whose ids are person ids, not case ids. */
export const PERSON_FIGURES: readonly FigureName[] = ['supervisedInLastMonth', 'notesWithin10WorkingDays', 'meetingActionsOnTime', 'meetingActionsOverdueNow'];

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
    case 'meetingActionsOnTime':
      return pick(m.meetingActions.onTime);
    case 'meetingActionsOverdueNow':
      return m.meetingActions.overdueNow.ids;
  }
}

/** Counts behind one ratio while they are being gathered: additive, so that the counts of separate
 * groups of cases (a team, a locality) add up to the counts of all of them. Ids may repeat. */
interface TallyData {
  met: number;
  total: number;
  ids: string[];
  missed: string[];
}

const tally = (): TallyData => ({ met: 0, total: 0, ids: [], missed: [] });

function add(t: TallyData, id: string, met: boolean): void {
  t.total += 1;
  t.ids.push(id);
  if (met) t.met += 1;
  else t.missed.push(id);
}

function addAll(into: TallyData, from: TallyData): void {
  into.met += from.met;
  into.total += from.total;
  for (const id of from.ids) into.ids.push(id);
  for (const id of from.missed) into.missed.push(id);
}

function fullRatioOf(t: TallyData): Ratio {
  return { met: t.met, total: t.total, percent: percentOf(t.met, t.total), ids: sorted(new Set(t.ids)), missedIds: sorted(new Set(t.missed)) };
}

function countsOnlyRatioOf(t: TallyData): Ratio {
  return { met: t.met, total: t.total, percent: percentOf(t.met, t.total), ids: [], missedIds: [] };
}

/** Whole percent, rounded half up; null when nothing was counted. */
function percentOf(met: number, total: number): number | null {
  return total === 0 ? null : Math.round((100 * met) / total);
}

function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function fullIdSet(ids: Iterable<string>): IdSet {
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

/** The section 6 figures of some cases and people, before they are finished into `Measures`. Partials
 * of disjoint groups (e.g. each team and locality) for the same period and day combine into the
 * partial of their union (`combineMeasurePartials`), so a dashboard can recompute only the group
 * whose cases changed. */
export interface MeasurePartial {
  readonly from: string;
  readonly to: string;
  readonly today: string;
  readonly ehcp: TallyData;
  readonly excepted: string[];
  readonly decisions: TallyData;
  readonly reviews: TallyData;
  readonly reviewsOverdue: string[];
  readonly outcomes: TallyData;
  readonly advice: TallyData;
  readonly byAgency: Map<string, TallyData>;
  readonly notes: TallyData;
  readonly casework: TallyData;
  readonly supervised: TallyData;
  readonly exclusionsOverdue: string[];
  readonly current: string[];
  readonly missing: Record<string, number>;
  /** CMOOE summaries by series and deadline (day number): the latest deadline on or before today of
   * each series is chosen when the partial is finished, over all the groups combined. */
  readonly summaries: Map<string, Map<Day, TallyData>>;
  /** Meeting actions due in the period and settled, by owner; owners of actions overdue today. */
  readonly actions: TallyData;
  readonly actionsOverdue: string[];
}

/** The section 6 figures for a period. */
export function measures(input: MeasureInput, options: MeasureOptions): Measures {
  return finishMeasures(measurePartial(input, options), { team: options.team ?? null, locality: options.locality ?? null });
}

/** The gathered counts of `measures` for the cases and people of `input` (filtered by team and locality). */
export function measurePartial(input: MeasureInput, options: MeasureOptions): MeasurePartial {
  const from = checkDate('from', options.from);
  const to = checkDate('to', options.to);
  const today = checkDate('today', options.today);
  if (to < from) throw new RangeError(`the period ends (${options.to}) before it starts (${options.from})`);
  const team = options.team ?? null;
  const locality = options.locality ?? null;
  const calendar = options.calendar ?? calendarFor({ schoolHolidays: input.schoolHolidays ?? [] });
  const obligations = input.obligations ?? measuresObligations(input, options.today, calendar, options.policy);

  const cases = new Map<string, Case>();
  for (const c of input.cases) if (matches(c, team, locality)) cases.set(c.id, c);
  const people = new Map<string, Person>();
  for (const p of input.people) if (matches(p, team, locality)) people.set(p.id, p);

  const part: MeasurePartial = {
    from: options.from,
    to: options.to,
    today: options.today,
    ehcp: tally(),
    excepted: [],
    decisions: tally(),
    reviews: tally(),
    reviewsOverdue: [],
    outcomes: tally(),
    advice: tally(),
    byAgency: new Map(),
    notes: tally(),
    casework: tally(),
    supervised: tally(),
    exclusionsOverdue: [],
    current: [],
    missing: {},
    summaries: new Map(),
    actions: tally(),
    actionsOverdue: [],
  };

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
    if (kind === 'meeting-action') {
      // An action is its owner's: counted for the owner's team and locality (docs/rules.md section 6).
      if (o.ownerId !== null && people.has(o.ownerId)) {
        if (dueSettledInPeriod(o)) add(part.actions, o.ownerId, o.status === 'met');
        if (o.status === 'overdue') part.actionsOverdue.push(o.ownerId);
      }
      continue;
    }
    if (o.caseId !== null) {
      if (!RELEVANT_CASE_KINDS.has(kind) || !cases.has(o.caseId)) continue;
      const id = o.caseId;
      switch (kind) {
        case 'final-plan':
          if (o.completedOn !== null && inPeriod(o.completedOn)) {
            if (o.status === 'excepted') part.excepted.push(id);
            else add(part.ehcp, id, o.status === 'met');
          }
          break;
        case 'assessment-decision':
          if (dueSettledInPeriod(o)) add(part.decisions, id, o.status === 'met');
          break;
        case 'annual-review':
          if (dueSettledInPeriod(o)) add(part.reviews, id, o.status === 'met');
          if (o.status === 'overdue') part.reviewsOverdue.push(id);
          break;
        case 'post-review-plan':
          if (dueSettledInPeriod(o)) add(part.outcomes, id, o.status === 'met');
          break;
        case 'agency-advice':
          if (dueSettledInPeriod(o)) {
            add(part.advice, id, o.status === 'met');
            const agency = o.subject ?? 'unknown';
            let t = part.byAgency.get(agency);
            if (t === undefined) part.byAgency.set(agency, (t = tally()));
            add(t, id, o.status === 'met');
          }
          break;
        case 'casework-recording': {
          const recorded = o.completedOn;
          if (recorded === null) break;
          const prefix = recorded.slice(0, 10);
          if (prefix < nearFrom || prefix > nearTo) break;
          const day = londonDayOfInstant(Date.parse(recorded));
          if (day >= from && day <= to) add(part.casework, id, o.status === 'met');
          break;
        }
        case 'cmooe-summary': {
          const due = toDay(o.due);
          if (due > today) break;
          const series = o.seriesId ?? '';
          let byDeadline = part.summaries.get(series);
          if (byDeadline === undefined) part.summaries.set(series, (byDeadline = new Map<number, TallyData>()));
          let t = byDeadline.get(due);
          if (t === undefined) byDeadline.set(due, (t = tally()));
          add(t, id, o.status === 'met');
          break;
        }
        case 'exclusion-provision':
          if (o.status === 'overdue') part.exclusionsOverdue.push(id);
          break;
        default:
          break;
      }
    } else if (o.personId !== null && kind === 'supervision-notes') {
      if (people.has(o.personId) && dueSettledInPeriod(o)) add(part.notes, o.personId, o.status === 'met');
    }
  }

  // Supervision in the last month, on R = min(to, today).
  const reference = Math.min(to, today);
  const monthBefore = addMonths(reference, -1);
  const lastHeld = new Map<string, Day>();
  for (const s of input.supervisions) {
    if (!people.has(s.superviseeId)) continue;
    const held = toDay(s.heldOn);
    if (held > reference) continue;
    const prev = lastHeld.get(s.superviseeId);
    if (prev === undefined || held > prev) lastHeld.set(s.superviseeId, held);
  }
  for (const p of people.values()) {
    if (p.managerId === null) continue;
    const held = lastHeld.get(p.id);
    add(part.supervised, p.id, held !== undefined && held >= monthBefore);
  }

  // CMOOE now.
  for (const c of cases.values()) {
    const period = cmooePeriodOn(c, today);
    if (period === null) continue;
    part.current.push(c.id);
    part.missing[c.id] = calendar.schoolDaysFromUntil(toDay(period.from), today);
  }
  return part;
}

/** The partial of the union of disjoint groups (same period and day). */
export function combineMeasurePartials(parts: readonly MeasurePartial[]): MeasurePartial {
  const first = parts[0];
  if (first === undefined) throw new RangeError('combineMeasurePartials needs at least one partial');
  for (const p of parts) {
    if (p.from !== first.from || p.to !== first.to || p.today !== first.today) {
      throw new RangeError(`partials of different periods cannot be combined (${p.from}..${p.to} on ${p.today}, ${first.from}..${first.to} on ${first.today})`);
    }
  }
  const out: MeasurePartial = {
    from: first.from,
    to: first.to,
    today: first.today,
    ehcp: tally(),
    excepted: [],
    decisions: tally(),
    reviews: tally(),
    reviewsOverdue: [],
    outcomes: tally(),
    advice: tally(),
    byAgency: new Map(),
    notes: tally(),
    casework: tally(),
    supervised: tally(),
    exclusionsOverdue: [],
    current: [],
    missing: {},
    summaries: new Map(),
    actions: tally(),
    actionsOverdue: [],
  };
  for (const p of parts) {
    addAll(out.ehcp, p.ehcp);
    out.excepted.push(...p.excepted);
    addAll(out.decisions, p.decisions);
    addAll(out.reviews, p.reviews);
    out.reviewsOverdue.push(...p.reviewsOverdue);
    addAll(out.outcomes, p.outcomes);
    addAll(out.advice, p.advice);
    for (const [agency, t] of p.byAgency) {
      let into = out.byAgency.get(agency);
      if (into === undefined) out.byAgency.set(agency, (into = tally()));
      addAll(into, t);
    }
    addAll(out.notes, p.notes);
    addAll(out.casework, p.casework);
    addAll(out.supervised, p.supervised);
    out.exclusionsOverdue.push(...p.exclusionsOverdue);
    out.current.push(...p.current);
    Object.assign(out.missing, p.missing);
    addAll(out.actions, p.actions);
    out.actionsOverdue.push(...p.actionsOverdue);
    for (const [series, byDeadline] of p.summaries) {
      let into = out.summaries.get(series);
      if (into === undefined) out.summaries.set(series, (into = new Map<number, TallyData>()));
      for (const [deadline, t] of byDeadline) {
        let cell = into.get(deadline);
        if (cell === undefined) into.set(deadline, (cell = tally()));
        addAll(cell, t);
      }
    }
  }
  return out;
}

/** The figures of a partial (the team and locality it was gathered for, for the record). With
 * `ids: false` the id lists are left empty (the numbers alone, for a page that shows no drill-down
 * list: sorting every id of a whole service is most of the work). */
export function finishMeasures(part: MeasurePartial, filter: { team: string | null; locality: string | null }, options: { ids?: boolean } = {}): Measures {
  const withIds = options.ids ?? true;
  const ratioOf = withIds ? fullRatioOf : countsOnlyRatioOf;
  const idSet = withIds ? fullIdSet : (ids: readonly string[]): IdSet => ({ count: new Set(ids).size, ids: [] });
  const days = Object.values(part.missing).sort((a, b) => a - b);
  const median = days.length === 0 ? null : days.length % 2 === 1 ? days[(days.length - 1) / 2]! : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2;

  // Summaries of the latest deadline on or before today, per series.
  const summaries = tally();
  const deadlines: string[] = [];
  for (const byDeadline of part.summaries.values()) {
    let latest = -Infinity;
    for (const d of byDeadline.keys()) if (d > latest) latest = d;
    const t = byDeadline.get(latest);
    if (t === undefined) continue;
    addAll(summaries, t);
    deadlines.push(fromDay(latest));
  }

  const agencies: Record<string, Ratio> = {};
  for (const agency of sorted(part.byAgency.keys())) agencies[agency] = ratioOf(part.byAgency.get(agency)!);

  return {
    from: part.from,
    to: part.to,
    today: part.today,
    team: filter.team,
    locality: filter.locality,
    ehcpWithin20Weeks: { ...ratioOf(part.ehcp), excepted: idSet(part.excepted) },
    decisionsWithin6Weeks: ratioOf(part.decisions),
    reviewsOnTime: { ...ratioOf(part.reviews), overdueNow: idSet(part.reviewsOverdue) },
    reviewOutcomeWithin4Weeks: ratioOf(part.outcomes),
    adviceWithin6Weeks: { ...ratioOf(part.advice), byAgency: agencies },
    supervision: { supervisedInLastMonth: ratioOf(part.supervised), notesWithin10WorkingDays: ratioOf(part.notes) },
    caseworkWithin48Hours: ratioOf(part.casework),
    cmooe: {
      current: idSet(part.current),
      schoolDaysMissing: { median, max: days.length === 0 ? null : days[days.length - 1]!, byCase: withIds ? { ...part.missing } : {} },
      summariesOnTime: { ...ratioOf(summaries), deadlines: sorted(new Set(deadlines)) },
      exclusionsWithoutProvision: idSet(part.exclusionsOverdue),
    },
    // Overdue now: the number of actions (an owner may have several); the ids are their owners.
    meetingActions: { onTime: ratioOf(part.actions), overdueNow: { count: part.actionsOverdue.length, ids: withIds ? sorted(new Set(part.actionsOverdue)) : [] } },
  };
}

/** The figures a trend follows (the ratios whose items fall in one period: decisions, plans, reviews,
 * outcomes, advice and casework). */
export const TREND_FIGURES = ['ehcpWithin20Weeks', 'decisionsWithin6Weeks', 'reviewsOnTime', 'reviewOutcomeWithin4Weeks', 'adviceWithin6Weeks', 'caseworkWithin48Hours'] as const;
export type TrendFigure = (typeof TREND_FIGURES)[number];

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

/** The periods of a trend, oldest first, each from..to inclusive. */
export interface TrendBuckets {
  readonly unit: 'week' | 'month';
  readonly periods: ReadonlyArray<{ readonly from: string; readonly to: string }>;
}

/** Trends shorter than this many weeks are lengthened back from the period's end (a point per week of a
 * 4-week period says little on its own). */
export const TREND_MIN_WEEKS = 12;
/** Up to this many weeks the trend is weekly; beyond, monthly (calendar months, the first and last
 * clipped to the period). */
export const TREND_WEEKLY_UP_TO_WEEKS = 26;
/** A point built on fewer items than this is not drawn as a percentage (its base is shown). */
export const TREND_MIN_BASE = 5;

/** The buckets of a trend for the period from..to: weekly (7 days ending on `to`, back to cover `from`,
 * at least TREND_MIN_WEEKS weeks) up to TREND_WEEKLY_UP_TO_WEEKS weeks, monthly beyond. */
export function trendBuckets(fromOn: string, toOn: string): TrendBuckets {
  const from = checkDate('from', fromOn);
  const to = checkDate('to', toOn);
  if (to < from) throw new RangeError(`the period ends (${toOn}) before it starts (${fromOn})`);
  const days = to - from + 1;
  if (days <= TREND_WEEKLY_UP_TO_WEEKS * 7) {
    const weeks = Math.max(TREND_MIN_WEEKS, Math.ceil(days / 7));
    const first = to - 7 * weeks + 1;
    return { unit: 'week', periods: Array.from({ length: weeks }, (_, w) => ({ from: fromDay(first + 7 * w), to: fromDay(first + 7 * w + 6) })) };
  }
  const periods: Array<{ from: string; to: string }> = [];
  let start = from;
  while (start <= to) {
    const { year, month } = civilFromDay(start);
    const monthEnd = dayFromCivil(year, month, daysInMonth(year, month));
    const end = Math.min(monthEnd, to);
    periods.push({ from: fromDay(start), to: fromDay(end) });
    start = end + 1;
  }
  return { unit: 'month', periods };
}

/** Met / total of each trend figure in each bucket, before the percentages: additive over groups. */
export interface TrendPartial {
  readonly today: string;
  readonly buckets: TrendBuckets;
  /** counts[bucket][figure] = [met, total]. */
  readonly counts: ReadonlyArray<Record<TrendFigure, [number, number]>>;
}

/** One point of a trend: each figure's met / total and percent; the percent is null when nothing was
 * due, or fewer than `minBase` items were (`small` says which). */
export interface TrendPoint {
  readonly from: string;
  readonly to: string;
  readonly figures: Record<TrendFigure, { readonly met: number; readonly total: number; readonly percent: number | null; readonly small: boolean }>;
}

export interface Trend {
  readonly unit: 'week' | 'month';
  readonly minBase: number;
  readonly points: TrendPoint[];
}

const emptyCounts = (): Record<TrendFigure, [number, number]> => ({
  ehcpWithin20Weeks: [0, 0],
  decisionsWithin6Weeks: [0, 0],
  reviewsOnTime: [0, 0],
  reviewOutcomeWithin4Weeks: [0, 0],
  adviceWithin6Weeks: [0, 0],
  caseworkWithin48Hours: [0, 0],
});

/** The counts of a trend for the cases of `input` (filtered by team and locality), each bucket counted
 * as `measures` counts that bucket as its period (one pass). */
export function trendPartial(
  input: MeasureInput,
  options: {
    readonly today: string;
    readonly buckets: TrendBuckets;
    readonly team?: string | null;
    readonly locality?: string | null;
    readonly calendar?: Calendar;
    readonly policy?: Policy;
  },
): TrendPartial {
  checkDate('today', options.today);
  const team = options.team ?? null;
  const locality = options.locality ?? null;
  const periods = options.buckets.periods;
  const counts = periods.map(emptyCounts);
  if (periods.length === 0) return { today: options.today, buckets: options.buckets, counts };
  const calendar = options.calendar ?? calendarFor({ schoolHolidays: input.schoolHolidays ?? [] });
  const obligations = input.obligations ?? measuresObligations(input, options.today, calendar, options.policy);
  const cases = new Set<string>();
  for (const c of input.cases) if (matches(c, team, locality)) cases.add(c.id);
  const starts = periods.map((p) => toDay(p.from));
  const firstOn = periods[0]!.from;
  const lastOn = periods[periods.length - 1]!.to;
  const first = starts[0]!;
  const last = toDay(lastOn);
  const nearFirst = fromDay(first - 1);
  /** The bucket of a day within first..last (buckets are contiguous). */
  const bucketOf = (day: Day): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= day) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const count = (day: Day, field: TrendFigure, met: boolean) => {
    const cell = counts[bucketOf(day)]![field];
    cell[1] += 1;
    if (met) cell[0] += 1;
  };
  const settled = (o: Obligation) => o.due >= firstOn && o.due <= lastOn && SETTLED.has(o.status);
  for (const o of obligations) {
    if (o.caseId === null || !RELEVANT_CASE_KINDS.has(o.kind) || !cases.has(o.caseId)) continue;
    const met = o.status === 'met';
    switch (o.kind) {
      case 'final-plan':
        if (o.completedOn !== null && o.completedOn >= firstOn && o.completedOn <= lastOn && o.status !== 'excepted') count(toDay(o.completedOn), 'ehcpWithin20Weeks', met);
        break;
      case 'assessment-decision':
        if (settled(o)) count(toDay(o.due), 'decisionsWithin6Weeks', met);
        break;
      case 'annual-review':
        if (settled(o)) count(toDay(o.due), 'reviewsOnTime', met);
        break;
      case 'post-review-plan':
        if (settled(o)) count(toDay(o.due), 'reviewOutcomeWithin4Weeks', met);
        break;
      case 'agency-advice':
        if (settled(o)) count(toDay(o.due), 'adviceWithin6Weeks', met);
        break;
      case 'casework-recording': {
        const recorded = o.completedOn;
        if (recorded === null || recorded.slice(0, 10) < nearFirst) break;
        const day = londonDayOfInstant(Date.parse(recorded));
        if (day >= first && day <= last) count(day, 'caseworkWithin48Hours', met);
        break;
      }
      default:
        break;
    }
  }
  return { today: options.today, buckets: options.buckets, counts };
}

/** The trend of the union of disjoint groups (same buckets and day). */
export function combineTrendPartials(parts: readonly TrendPartial[]): TrendPartial {
  const first = parts[0];
  if (first === undefined) throw new RangeError('combineTrendPartials needs at least one partial');
  const counts = first.buckets.periods.map(emptyCounts);
  for (const p of parts) {
    if (p.today !== first.today || p.counts.length !== counts.length) throw new RangeError('trend partials of different buckets cannot be combined');
    p.counts.forEach((row, b) => {
      for (const f of TREND_FIGURES) {
        counts[b]![f][0] += row[f][0];
        counts[b]![f][1] += row[f][1];
      }
    });
  }
  return { today: first.today, buckets: first.buckets, counts };
}

/** The points of a trend: percentages where at least `minBase` items were counted. */
export function finishTrend(part: TrendPartial, minBase = TREND_MIN_BASE): Trend {
  const points = part.buckets.periods.map((p, b) => {
    const row = part.counts[b]!;
    const figures = {} as Record<TrendFigure, { met: number; total: number; percent: number | null; small: boolean }>;
    for (const f of TREND_FIGURES) {
      const [met, total] = row[f];
      const small = total > 0 && total < minBase;
      figures[f] = { met, total, percent: small ? null : percentOf(met, total), small };
    }
    return { from: p.from, to: p.to, figures };
  });
  return { unit: part.buckets.unit, minBase, points };
}

/** The last `weeks` weeks ending on `today` (each 7 days, the last one ending today), oldest first.
 * Each week's figures are those `measures` gives for that week as the period (one pass; every point
 * shown, whatever its base). */
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
  const first = today - 7 * options.weeks + 1;
  const buckets: TrendBuckets = { unit: 'week', periods: Array.from({ length: options.weeks }, (_, w) => ({ from: fromDay(first + 7 * w), to: fromDay(first + 7 * w + 6) })) };
  const trend = finishTrend(trendPartial(input, { ...options, buckets }), 1);
  return trend.points.map((p) => ({
    from: p.from,
    to: p.to,
    ehcpWithin20Weeks: p.figures.ehcpWithin20Weeks.percent,
    decisionsWithin6Weeks: p.figures.decisionsWithin6Weeks.percent,
    reviewsOnTime: p.figures.reviewsOnTime.percent,
    reviewOutcomeWithin4Weeks: p.figures.reviewOutcomeWithin4Weeks.percent,
    adviceWithin6Weeks: p.figures.adviceWithin6Weeks.percent,
    caseworkWithin48Hours: p.figures.caseworkWithin48Hours.percent,
  }));
}

function measuresObligations(input: MeasureInput, today: string, calendar: Calendar, policy: Policy = DORSET): Obligation[] {
  return computeObligations(
    {
      policy: policy.name,
      meetingSeries: input.meetingSeries,
      schoolHolidays: input.schoolHolidays ?? [],
      people: input.people,
      supervisions: input.supervisions,
      cases: input.cases,
      nominations: [],
      selections: [],
      actions: [],
      audits: [],
      meetingRecords: [],
    },
    { today, calendar, policy },
  );
}
