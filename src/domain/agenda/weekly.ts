// The weekly team manager / service manager meeting for the week of D (docs/rules.md sections 5 and 6;
// PS 4.1): for the whole service, each team and each locality, the dashboard figures of the 7 days
// before the meeting against the 7 days before those, the exceptions (overdue obligations by kind,
// with their case references) and the actions carried over from earlier weekly meetings.
// Pure: the same records and the same D give the same agenda.
import type { Calendar } from '../calendar/index.js';
import { auditFigures } from '../audits/measures.js';
import { DORSET_PROGRAMME, type Programme } from '../audits/programme.js';
import { civilFromDay, dayFromCivil, fromDay, toDay, weekday, type Day } from '../dates.js';
import { measures, type Measures, type Ratio as MeasureRatio } from '../measures.js';
import { KIND_LABELS, obligationLabel } from '../kinds.js';
import type { CaseFile } from '../model.js';
import { OBLIGATION_KINDS, type Obligation } from '../obligation.js';
import { computeObligations, ruleContext } from '../obligations.js';
import { forecastItems, type ForecastItem } from '../forecast.js';
import type { Policy } from '../policy.js';
import { meetingActionBasis, meetingTitleOf } from '../rules/actions.js';
import { actionOpenAt, actionsClosedBetween } from './cmooe.js';
import type { CarriedAction, FigureValue, WeeklyAgenda, WeeklyComing, WeeklyException, WeeklyFigure, WeeklyGroup } from './types.js';

/** The weeks the agenda looks ahead ("coming in the next 4 weeks"). */
export const WEEKLY_LOOKAHEAD_WEEKS = 4;

/** The series id under which actions of the weekly meeting are recorded. */
export const WEEKLY_SERIES_ID = 'weekly';

export interface WeeklyAgendaOptions {
  /** The meeting date D (YYYY-MM-DD); the week of D starts on its Monday. */
  readonly meetingOn: string;
  readonly calendar: Calendar;
  /** The profile in force (the file's `policy`); default Dorset. */
  readonly policy?: Policy;
  /** The audit programme in force (docs/rules.md section 8), for the month's audit figure; default Dorset's. */
  readonly programme?: Programme;
}

export type WeeklyAgendaInput = Pick<CaseFile, 'cases' | 'people' | 'supervisions' | 'meetingSeries' | 'actions'> & Partial<Pick<CaseFile, 'schoolHolidays' | 'policy' | 'audits'>>;

interface FigureSpec {
  id: string;
  label: string;
  unit: WeeklyFigure['unit'];
  read: (m: Measures) => FigureValue;
}

const ratio = (r: MeasureRatio): FigureValue => ({ value: r.percent, met: r.met, total: r.total });
const count = (n: number | null): FigureValue => ({ value: n, met: null, total: null });

/** The section 6 figures on the agenda, in the dashboard's order (audits are not recorded in the case file). */
export const WEEKLY_FIGURES: readonly FigureSpec[] = [
  { id: 'ehcpWithin20Weeks', label: 'EHCPs issued within 20 weeks', unit: 'percent', read: (m) => ratio(m.ehcpWithin20Weeks) },
  { id: 'ehcpExcepted', label: 'EHCPs issued with a recorded exception (shown apart)', unit: 'count', read: (m) => count(m.ehcpWithin20Weeks.excepted.count) },
  { id: 'decisionsWithin6Weeks', label: 'Decisions within 6 weeks', unit: 'percent', read: (m) => ratio(m.decisionsWithin6Weeks) },
  { id: 'reviewsOnTime', label: 'Annual reviews on time', unit: 'percent', read: (m) => ratio(m.reviewsOnTime) },
  { id: 'reviewsOverdueNow', label: 'Annual reviews overdue now', unit: 'count', read: (m) => count(m.reviewsOnTime.overdueNow.count) },
  { id: 'reviewOutcomeWithin4Weeks', label: 'Review outcome within 4 weeks', unit: 'percent', read: (m) => ratio(m.reviewOutcomeWithin4Weeks) },
  { id: 'adviceWithin6Weeks', label: 'Advice within 6 weeks', unit: 'percent', read: (m) => ratio(m.adviceWithin6Weeks) },
  { id: 'supervisedInLastMonth', label: 'Supervised in the last month', unit: 'percent', read: (m) => ratio(m.supervision.supervisedInLastMonth) },
  { id: 'notesWithin10WorkingDays', label: 'Supervision notes within 10 working days', unit: 'percent', read: (m) => ratio(m.supervision.notesWithin10WorkingDays) },
  { id: 'caseworkWithin48Hours', label: 'Casework recorded within 48 hours', unit: 'percent', read: (m) => ratio(m.caseworkWithin48Hours) },
  { id: 'cmooeCurrent', label: 'Children missing out on education now', unit: 'count', read: (m) => count(m.cmooe.current.count) },
  { id: 'cmooeDaysMissingMedian', label: 'School days missing out (median)', unit: 'days', read: (m) => count(m.cmooe.schoolDaysMissing.median) },
  { id: 'cmooeDaysMissingMax', label: 'School days missing out (longest)', unit: 'days', read: (m) => count(m.cmooe.schoolDaysMissing.max) },
  { id: 'summariesOnTime', label: 'CMOOE summaries on time this fortnight', unit: 'percent', read: (m) => ratio(m.cmooe.summariesOnTime) },
  { id: 'exclusionsWithoutProvision', label: 'Permanent exclusions without provision by day 6 (day 1 in care)', unit: 'count', read: (m) => count(m.cmooe.exclusionsWithoutProvision.count) },
];

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The Monday of the week containing `day`. */
export function mondayOf(day: Day): Day {
  return day - weekday(day);
}

export function weeklyAgenda(file: WeeklyAgendaInput, options: WeeklyAgendaOptions): WeeklyAgenda {
  const meeting = toDay(options.meetingOn);
  const calendar = options.calendar;
  const thisWeek = { from: meeting - 7, to: meeting - 1 };
  const lastWeek = { from: meeting - 14, to: meeting - 8 };
  const base = {
    ...(file.policy !== undefined ? { policy: file.policy } : {}),
    meetingSeries: file.meetingSeries,
    schoolHolidays: file.schoolHolidays ?? [],
    people: file.people,
    supervisions: file.supervisions,
    cases: file.cases,
    nominations: [],
    selections: [],
    actions: [],
    audits: [],
    meetingRecords: [],
  };
  const policy = options.policy !== undefined ? { policy: options.policy } : {};
  // This week's figures as they stand on the meeting day; last week's as last week's meeting saw them.
  // (Actions come on the agenda as actions carried over, not as exceptions.)
  const nowObligations = computeObligations({ policy: 'dorset', ...base }, { today: options.meetingOn, calendar, ...policy });
  const thenObligations = computeObligations({ policy: 'dorset', ...base }, { today: fromDay(meeting - 7), calendar, ...policy });
  const input = { cases: file.cases, people: file.people, supervisions: file.supervisions, meetingSeries: file.meetingSeries, schoolHolidays: file.schoolHolidays ?? [] };

  const teams = new Set<string>();
  const localities = new Set<string>();
  for (const c of file.cases) {
    if (c.team !== null) teams.add(c.team);
    if (c.locality !== null) localities.add(c.locality);
  }
  for (const p of file.people) {
    if (p.team !== null) teams.add(p.team);
    if (p.locality !== null) localities.add(p.locality);
  }
  const groupKeys: Array<{ groupBy: WeeklyGroup['groupBy']; name: string; team: string | null; locality: string | null }> = [
    { groupBy: 'service', name: 'Whole service', team: null, locality: null },
    ...[...teams].sort(cmp).map((t) => ({ groupBy: 'team' as const, name: t, team: t, locality: null })),
    ...[...localities].sort(cmp).map((l) => ({ groupBy: 'locality' as const, name: l, team: null, locality: l })),
  ];

  const programme = options.programme ?? DORSET_PROGRAMME;
  const casesById = new Map(file.cases.map((c) => [c.id, c]));
  const exceptions = exceptionsByGroup(file, nowObligations);
  const coming = comingByGroup(file, nowObligations, options);
  // Each group's measures see only that group's obligations (the same figures, without every group
  // scanning the whole service's obligations).
  const nowByGroup = partition(file, nowObligations);
  const thenByGroup = partition(file, thenObligations);
  const groups: WeeklyGroup[] = groupKeys.map((g) => {
    const key = g.groupBy === 'service' ? '' : `${g.groupBy}\u0000${g.name}`;
    const now = measures(
      { ...input, obligations: nowByGroup.get(key) ?? [] },
      { from: fromDay(thisWeek.from), to: fromDay(thisWeek.to), today: options.meetingOn, team: g.team, locality: g.locality, calendar },
    );
    const then = measures(
      { ...input, obligations: thenByGroup.get(key) ?? [] },
      { from: fromDay(lastWeek.from), to: fromDay(lastWeek.to), today: fromDay(meeting - 7), team: g.team, locality: g.locality, calendar },
    );
    const figures = WEEKLY_FIGURES.map((f): WeeklyFigure => {
      const current = f.read(now);
      const previous = f.read(then);
      return {
        id: f.id,
        label: f.label,
        unit: f.unit,
        current,
        previous,
        change: current.value === null || previous.value === null ? null : current.value - previous.value,
      };
    });
    // The month's audit figure (docs/rules.md section 8): audits completed from the first of the meeting's
    // month to the day before it, graded Good or better; last week's as it stood then.
    if (file.audits !== undefined && file.audits.length > 0) {
      const share = (to: Day) => {
        const from = fromDay(dayFromCivil(civilFromDay(to).year, civilFromDay(to).month, 1));
        const f = auditFigures(file.audits ?? [], casesById, programme, { from, to: fromDay(to), team: g.team, locality: g.locality });
        return { value: f.overall.percent, met: f.overall.good, total: f.overall.total };
      };
      const current = share(thisWeek.to);
      const previous = share(lastWeek.to);
      figures.push({
        id: 'auditsGoodOrBetter',
        label: `Audits graded Good or better this month (target ${programme.targetPercent}%)`,
        unit: 'percent',
        current,
        previous,
        change: current.value === null || previous.value === null ? null : current.value - previous.value,
      });
    }
    return { groupBy: g.groupBy, name: g.name, figures, exceptions: exceptions.get(key) ?? [], coming: coming(key) };
  });

  const carriedActions: CarriedAction[] = file.actions
    .filter((a) => a.seriesId === WEEKLY_SERIES_ID && actionOpenAt(a, meeting))
    .map((a) => ({
      id: a.id,
      caseId: a.caseId,
      agreedOn: a.meetingOn,
      text: a.text,
      ownerId: a.ownerId,
      dueOn: a.dueOn,
      basis: meetingActionBasis(meetingTitleOf(file.meetingSeries, a.seriesId), a.meetingOn),
    }))
    .sort((a, b) => cmp(a.dueOn, b.dueOn) || cmp(a.id, b.id));

  return {
    meeting: 'weekly',
    weekOf: fromDay(mondayOf(meeting)),
    meetingOn: options.meetingOn,
    period: { from: fromDay(thisWeek.from), to: fromDay(thisWeek.to) },
    previousPeriod: { from: fromDay(lastWeek.from), to: fromDay(lastWeek.to) },
    groups,
    carriedActions,
    closedActions: actionsClosedBetween(file.actions, WEEKLY_SERIES_ID, meeting - 7, meeting),
  };
}

/** The obligations by group: '' (all), 'team\0X', 'locality\0Y' (by the case's, or the person's, team and locality). */
function partition(file: WeeklyAgendaInput, obligations: readonly Obligation[]): Map<string, Obligation[]> {
  const caseWhere = new Map<string, { team: string | null; locality: string | null }>();
  for (const c of file.cases) caseWhere.set(c.id, c);
  const personWhere = new Map<string, { team: string | null; locality: string | null }>();
  for (const p of file.people) personWhere.set(p.id, p);
  const out = new Map<string, Obligation[]>([['', obligations as Obligation[]]]);
  const push = (key: string, o: Obligation) => {
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(o);
  };
  for (const o of obligations) {
    const where = o.caseId !== null ? caseWhere.get(o.caseId) : o.personId !== null ? personWhere.get(o.personId) : undefined;
    if (where?.team != null) push(`team\u0000${where.team}`, o);
    if (where?.locality != null) push(`locality\u0000${where.locality}`, o);
  }
  return out;
}

/** What falls due in the next 4 weeks from the meeting day, for each group ('' = whole service,
 * 'team\0X', 'locality\0Y'): the forecast of the group's cases and people (domain/forecast.ts). */
function comingByGroup(file: WeeklyAgendaInput, obligations: readonly Obligation[], options: WeeklyAgendaOptions): (group: string) => WeeklyComing {
  const byCase = new Map<string, Obligation[]>();
  const byPerson = new Map<string, Obligation[]>();
  for (const o of obligations) {
    const [map, id] = o.caseId !== null ? [byCase, o.caseId] : [byPerson, o.personId];
    if (id === null) continue;
    let list = map.get(id);
    if (!list) map.set(id, (list = []));
    list.push(o);
  }
  const ctx = ruleContext(
    { meetingSeries: file.meetingSeries, people: file.people, schoolHolidays: file.schoolHolidays ?? [], ...(file.policy !== undefined ? { policy: file.policy } : {}) },
    { today: options.meetingOn, calendar: options.calendar, ...(options.policy !== undefined ? { policy: options.policy } : {}) },
  );
  const { weeks, items } = forecastItems({
    today: options.meetingOn,
    weeks: WEEKLY_LOOKAHEAD_WEEKS,
    cases: file.cases,
    people: file.people,
    obligationsOfCase: (id) => byCase.get(id) ?? [],
    obligationsOfPerson: (id) => byPerson.get(id) ?? [],
    ctx,
  });
  const caseWhere = new Map(file.cases.map((c) => [c.id, c] as const));
  const personWhere = new Map(file.people.map((p) => [p.id, p] as const));
  const groupsOf = (i: ForecastItem): string[] => {
    const where = i.caseId !== null ? caseWhere.get(i.caseId) : i.personId !== null ? personWhere.get(i.personId) : undefined;
    const keys = [''];
    if (where?.team != null) keys.push(`team\u0000${where.team}`);
    if (where?.locality != null) keys.push(`locality\u0000${where.locality}`);
    return keys;
  };
  const byGroup = new Map<string, ForecastItem[]>();
  for (const i of items) {
    for (const k of groupsOf(i)) {
      let list = byGroup.get(k);
      if (!list) byGroup.set(k, (list = []));
      list.push(i);
    }
  }
  return (group) => {
    const mine = byGroup.get(group) ?? [];
    const perWeek = weeks.map((w) => ({ from: w.from, to: w.to, total: 0 }));
    const kinds = new Map<string, number[]>();
    for (const i of mine) {
      perWeek[i.week]!.total += 1;
      let row = kinds.get(i.kind);
      if (!row) kinds.set(i.kind, (row = weeks.map(() => 0)));
      row[i.week]! += 1;
    }
    return {
      weeks: perWeek,
      byKind: OBLIGATION_KINDS.filter((k) => kinds.has(k)).map((k) => {
        const row = kinds.get(k)!;
        return { kind: k, label: KIND_LABELS[k], perWeek: row, total: row.reduce((a, b) => a + b, 0) };
      }),
      total: mine.length,
      projected: mine.filter((i) => i.projected).length,
    };
  };
}

/** Overdue obligations on the meeting day, by group ('' = whole service, 'team\0X', 'locality\0Y') and kind. */
function exceptionsByGroup(file: WeeklyAgendaInput, obligations: readonly Obligation[]): Map<string, WeeklyException[]> {
  const caseWhere = new Map<string, { team: string | null; locality: string | null }>();
  for (const c of file.cases) caseWhere.set(c.id, c);
  const personWhere = new Map<string, { team: string | null; locality: string | null }>();
  for (const p of file.people) personWhere.set(p.id, p);
  type Bucket = { count: number; cases: Set<string>; people: Set<string>; items: Obligation[] };
  const buckets = new Map<string, Map<string, Bucket>>();
  const add = (group: string, o: Obligation) => {
    let byKind = buckets.get(group);
    if (!byKind) buckets.set(group, (byKind = new Map<string, Bucket>()));
    let b = byKind.get(o.kind);
    if (!b) byKind.set(o.kind, (b = { count: 0, cases: new Set(), people: new Set(), items: [] }));
    b.count += 1;
    b.items.push(o);
    if (o.caseId !== null) b.cases.add(o.caseId);
    if (o.personId !== null) b.people.add(o.personId);
  };
  for (const o of obligations) {
    if (o.status !== 'overdue') continue;
    const where = o.caseId !== null ? caseWhere.get(o.caseId) : o.personId !== null ? personWhere.get(o.personId) : undefined;
    add('', o);
    if (where?.team != null) add(`team\u0000${where.team}`, o);
    if (where?.locality != null) add(`locality\u0000${where.locality}`, o);
  }
  const out = new Map<string, WeeklyException[]>();
  for (const [group, byKind] of buckets) {
    const list: WeeklyException[] = [];
    for (const kind of OBLIGATION_KINDS) {
      const b = byKind.get(kind);
      if (!b) continue;
      // The longest overdue first, each with where its due date came from.
      const items = [...b.items]
        .sort((x, y) => cmp(x.due, y.due) || cmp(x.caseId ?? x.personId ?? '', y.caseId ?? y.personId ?? ''))
        .map((o) => ({ caseId: o.caseId, personId: o.personId, label: obligationLabel(o), due: o.due, basis: o.basis, citation: o.citation }));
      list.push({ kind, label: KIND_LABELS[kind], count: b.count, caseIds: [...b.cases].sort(cmp), personIds: [...b.people].sort(cmp), items });
    }
    out.set(group, list);
  }
  return out;
}
