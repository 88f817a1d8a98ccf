// What is coming (issue 15): the obligations that fall due in each of the next weeks, by kind and by
// the person they fall on, for any set of cases and people (a person's, a team's, a locality's, the
// service's). Pure: `today` and the rule context are parameters.
//
// What is counted (readings, also in the report of issue 15):
// - Every open obligation (not done, not excepted) due from today to the end of the last week, as the
//   rules give it today. Casework deadlines (instants) count on their Europe/London date.
// - Obligations computed forward, marked `projected` with the reason (`basis`):
//   - CMOOE summaries (PS 4.2, 6.15): the rules list a case's summaries up to the next deadline only;
//     the deadlines of the series' later meetings in the window are added for a case that is CMOOE
//     today and whose period has no end (or ends after the deadline): "if it is still CMOOE".
//   - Supervision (PS 6.13): after the next supervision due on D, the one after it is due D + 1 month
//     if D's is held on time (an overdue one: held today, the next today + 1 month); and the notes of
//     each supervision so expected are due 10 working days after it (PS 11.4). The month, the 10
//     working days and the summaries' week are the profile's parameters (docs/rules.md section 9).
//   - The updated plan after a scheduled review meeting M (PS 7.9): due M + 4 weeks.
// - Weeks run Monday to Sunday; the first runs from today to Sunday (earlier days of this week are
//   overdue, counted apart as "overdue now").
import type { Calendar } from './calendar/index.js';
import { cmooePeriodOn, meetingOnOrAfter, seriesIdForCase, summaryDeadline } from './cmooe.js';
import { addMonths, addWeeks, fromDay, londonDayOfInstant, toDay, weekday, type Day } from './dates.js';
import type { Case, Person } from './model.js';
import { KIND_LABELS } from './kinds.js';
import { isOpen, OBLIGATION_KINDS, type Obligation, type ObligationKind } from './obligation.js';
import type { RuleContext } from './rules/context.js';

export const FORECAST_WEEKS = 8;

export interface ForecastWeek {
  readonly from: string;
  readonly to: string;
}

/** The weeks of a forecast from `today`: this week from today to Sunday, then whole weeks Monday to Sunday. */
export function forecastWeeks(today: string, weeks = FORECAST_WEEKS): ForecastWeek[] {
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52) throw new RangeError(`weeks must be a whole number from 1 to 52, got ${weeks}`);
  const start = toDay(today);
  const monday = start - weekday(start);
  return Array.from({ length: weeks }, (_, w) => ({ from: fromDay(w === 0 ? start : monday + 7 * w), to: fromDay(monday + 7 * w + 6) }));
}

/** One thing that falls due: an obligation of today's rules, or one computed forward (`projected`). */
export interface ForecastItem {
  /** The obligation's key; a projected item's key is built the same way, prefixed "projected:". */
  readonly key: string;
  readonly kind: ObligationKind;
  readonly caseId: string | null;
  readonly personId: string | null;
  readonly ownerId: string | null;
  /** YYYY-MM-DD (an instant deadline: its Europe/London date). */
  readonly due: string;
  /** Index into the weeks; -1 for an item overdue now. */
  readonly week: number;
  readonly projected: boolean;
  /** Where the due date comes from, in plain words: the obligation's basis (docs/rules.md section 3),
   * or for a projected item why it is expected. */
  readonly basis: string;
  readonly citation: string;
}

export interface ForecastInput {
  readonly today: string;
  readonly weeks?: number;
  /** The cases whose obligations count. */
  readonly cases: Iterable<Case>;
  /** The people whose own obligations (supervision, notes) count. */
  readonly people: Iterable<Person>;
  readonly obligationsOfCase: (caseId: string) => readonly Obligation[];
  readonly obligationsOfPerson: (personId: string) => readonly Obligation[];
  /** The rules' context for today (series, calendar, people). */
  readonly ctx: RuleContext;
}

/** Everything that falls due in the weeks (and what is overdue now), projections included. One pass
 * over the open obligations; nothing is made for the (many) obligations done or far off. */
export function forecastItems(input: ForecastInput): { weeks: ForecastWeek[]; items: ForecastItem[]; overdue: ForecastItem[] } {
  const weeks = forecastWeeks(input.today, input.weeks ?? FORECAST_WEEKS);
  const today = toDay(input.today);
  const endOn = weeks[weeks.length - 1]!.to;
  const end = toDay(endOn);
  const starts = weeks.map((w) => toDay(w.from));
  const weekOf = (day: Day): number => {
    for (let w = starts.length - 1; w >= 0; w -= 1) if (day >= starts[w]!) return w;
    return -1;
  };
  // The same for a date as text (dates compare as text): no parsing for the many obligations.
  const froms = weeks.map((w) => w.from);
  const weekOfText = (on: string): number => {
    for (let w = froms.length - 1; w >= 0; w -= 1) if (on >= froms[w]!) return w;
    return -1;
  };
  const items: ForecastItem[] = [];
  const overdue: ForecastItem[] = [];
  const take = (o: Obligation) => {
    if (o.status !== 'overdue' && o.status !== 'due-soon' && o.status !== 'upcoming') return;
    // An instant (casework) is placed by its Europe/London date.
    const on = o.due.length === 10 ? o.due : fromDay(londonDayOfInstant(Date.parse(o.due)));
    if (o.status !== 'overdue' && on > endOn) return;
    const item: ForecastItem = {
      key: o.key,
      kind: o.kind,
      caseId: o.caseId,
      personId: o.personId,
      ownerId: o.ownerId,
      due: on,
      week: o.status === 'overdue' ? -1 : weekOfText(on),
      projected: false,
      basis: o.basis,
      citation: o.citation,
    };
    (o.status === 'overdue' ? overdue : items).push(item);
  };
  const project = (p: Omit<ForecastItem, 'week' | 'projected' | 'due'> & { due: Day }) => {
    if (p.due < today || p.due > end) return;
    items.push({ ...p, due: fromDay(p.due), week: weekOf(p.due), projected: true });
  };
  const calendar: Calendar = input.ctx.calendar;

  for (const c of input.cases) {
    for (const o of input.obligationsOfCase(c.id)) take(o);
    // CMOOE summaries of later meetings, while the case stays CMOOE (PS 4.2, 6.15: each fortnight, a
    // week before the meeting). The rules list them up to the first deadline on or after today that
    // falls in a CMOOE period; the ones after it are computed forward.
    const series = c.cmooe.length > 0 && cmooePeriodOn(c, today) !== null ? input.ctx.series.get(seriesIdForCase(c)) : undefined;
    if (series !== undefined) {
      const inPeriod = (d: Day) => c.cmooe.some((p) => toDay(p.from) <= d && (p.to === null || d <= toDay(p.to)));
      const lead = input.ctx.params.cmooeSummaryLeadDays;
      let meeting = meetingOnOrAfter(series, today + lead);
      while (!inPeriod(summaryDeadline(meeting, lead)) && summaryDeadline(meeting, lead) <= end) meeting += series.every;
      for (meeting += series.every; summaryDeadline(meeting, lead) <= end; meeting += series.every) {
        const deadline = summaryDeadline(meeting, lead);
        // Only while a CMOOE period covers the deadline (a period with an end date stops them).
        if (!inPeriod(deadline)) break;
        const due = fromDay(deadline);
        project({
          key: `projected:${c.id}/cmooe-summary/${due}/${series.id}`,
          kind: 'cmooe-summary',
          caseId: c.id,
          personId: null,
          ownerId: c.inclusionLeadId,
          due: deadline,
          basis: `the summary for the meeting on ${fromDay(meeting)}, if ${c.id} is still missing out on education`,
          citation: 'PS 4.2, 6.15, 11.3',
        });
      }
    }
    // The updated plan after a scheduled review meeting (PS 7.9: meeting + 4 weeks).
    for (const r of c.reviews) {
      // Dates compare as text: most meetings are past (held), and need no arithmetic.
      if (r.meetingOn <= input.today || r.meetingOn > endOn) continue;
      const meeting = toDay(r.meetingOn);
      if (addWeeks(meeting, 4) > end) continue;
      project({
        key: `projected:${c.id}/post-review-plan/${fromDay(addWeeks(meeting, 4))}`,
        kind: 'post-review-plan',
        caseId: c.id,
        personId: null,
        ownerId: c.leadProfessionalId,
        due: addWeeks(meeting, 4),
        basis: `after the review meeting scheduled for ${r.meetingOn}`,
        citation: 'PS 7.9',
      });
    }
  }

  for (const p of input.people) {
    const own = input.obligationsOfPerson(p.id);
    for (const o of own) take(o);
    // The supervisions after the next one, and their notes, if each is held on its due date.
    const next = own.find((o) => o.kind === 'supervision' && isOpen(o));
    if (next === undefined) continue;
    const nextDue = toDay(next.due);
    let held = Math.max(nextDue, today);
    let basis = nextDue >= today ? `if the supervision due ${next.due} is held that day` : `if the overdue supervision is held today`;
    const { supervisionIntervalMonths: months, supervisionNotesWorkingDays: notesDays } = input.ctx.params;
    for (let guard = 0; guard < 60 && held <= end; guard += 1) {
      const notes = calendar.addWorkingDays(held, notesDays);
      project({ key: `projected:${p.id}/supervision-notes/${fromDay(notes)}`, kind: 'supervision-notes', caseId: null, personId: p.id, ownerId: next.ownerId, due: notes, basis, citation: 'PS 11.4' });
      const following = addMonths(held, months);
      project({ key: `projected:${p.id}/supervision/${fromDay(following)}`, kind: 'supervision', caseId: null, personId: p.id, ownerId: next.ownerId, due: following, basis, citation: 'PS 6.13' });
      basis = `if each supervision is held on its due date`;
      held = following;
    }
  }
  const order = (a: ForecastItem, b: ForecastItem) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  items.sort(order);
  overdue.sort(order);
  return { weeks, items, overdue };
}

export type KindCounts = Partial<Record<ObligationKind, number>>;

export interface ForecastSummary {
  readonly today: string;
  readonly weeks: ReadonlyArray<ForecastWeek & { readonly total: number; readonly projected: number; readonly byKind: KindCounts }>;
  readonly overdueNow: { readonly total: number; readonly byKind: KindCounts };
  /** The kinds that occur, in the rule book's order (the chart's stacking order). */
  readonly kinds: ReadonlyArray<{ readonly kind: ObligationKind; readonly label: string }>;
  /** By the person each item falls on (its owner; null: no owner recorded). */
  readonly byOwner: ReadonlyArray<{ readonly ownerId: string | null; readonly overdue: number; readonly perWeek: number[]; readonly total: number }>;
  readonly total: number;
}

/** Counts of items by week and kind, and by owner. */
export function summariseForecast(today: string, weeks: readonly ForecastWeek[], items: readonly ForecastItem[], overdue: readonly ForecastItem[]): ForecastSummary {
  const perWeek = weeks.map((w): { total: number; projected: number; byKind: KindCounts } & ForecastWeek => ({ ...w, total: 0, projected: 0, byKind: {} }));
  const overdueByKind: KindCounts = {};
  const seen = new Set<ObligationKind>();
  const owners = new Map<string, { ownerId: string | null; overdue: number; perWeek: number[]; total: number }>();
  const ownerRow = (id: string | null) => {
    const k = id ?? '';
    let row = owners.get(k);
    if (row === undefined) owners.set(k, (row = { ownerId: id, overdue: 0, perWeek: weeks.map(() => 0), total: 0 }));
    return row;
  };
  for (const i of items) {
    const w = perWeek[i.week]!;
    w.total += 1;
    if (i.projected) w.projected += 1;
    w.byKind[i.kind] = (w.byKind[i.kind] ?? 0) + 1;
    seen.add(i.kind);
    const row = ownerRow(i.ownerId);
    row.perWeek[i.week]! += 1;
    row.total += 1;
  }
  for (const i of overdue) {
    overdueByKind[i.kind] = (overdueByKind[i.kind] ?? 0) + 1;
    seen.add(i.kind);
    ownerRow(i.ownerId).overdue += 1;
  }
  return {
    today,
    weeks: perWeek,
    overdueNow: { total: overdue.length, byKind: overdueByKind },
    kinds: OBLIGATION_KINDS.filter((k) => seen.has(k)).map((kind) => ({ kind, label: KIND_LABELS[kind] })),
    byOwner: [...owners.values()].sort((a, b) => b.overdue + b.total - (a.overdue + a.total) || ((a.ownerId ?? '') < (b.ownerId ?? '') ? -1 : 1)),
    total: items.length,
  };
}
