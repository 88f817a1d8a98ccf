// The forecast (issue 15): what falls due in each of the next 8 weeks, by kind and by person, for a
// person, a team, a locality or the whole service, as the viewer may see it (rules section 7), with
// the items behind every count; and the "team" figures the bot gives a manager (overdue now and due
// this week, by person). Computed from the tab's snapshot (no extra store reads but snoozes).
import { FORECAST_WEEKS, forecastItems, forecastWeeks, summariseForecast, type ForecastItem, type ForecastSummary } from '../domain/forecast.js';
import type { Case, Person } from '../domain/model.js';
import { KIND_LABELS } from '../domain/kinds.js';
import { OBLIGATION_KINDS, type ObligationKind } from '../domain/obligation.js';
import { ruleContext } from '../domain/obligations.js';
import type { CaseStore } from '../store/port.js';
import { canSeeCase, canSeeTeam, initials, seesAllCases } from './access.js';
import { AccessDeniedError, BadRequestError, mayUseDashboard, type Snapshot } from './dashboard.js';

export type ForecastScope =
  { readonly kind: 'person'; readonly id: string } | { readonly kind: 'team'; readonly id: string } | { readonly kind: 'locality'; readonly id: string } | { readonly kind: 'service' };

export const FORECAST_SCOPES = ['person', 'team', 'locality', 'service'] as const;

/** The scope a viewer gets when they ask for none: their team (a team manager), the service (an
 * all-cases role), else their own. */
export function defaultScope(viewer: Person): ForecastScope {
  if (seesAllCases(viewer)) return { kind: 'service' };
  if (viewer.roles.includes('team-manager') && viewer.team !== null) return { kind: 'team', id: viewer.team };
  return { kind: 'person', id: viewer.id };
}

/** May the viewer see this scope's forecast? Their own; a team's and its people's for its manager;
 * any for the all-cases roles (rules section 7). Throws AccessDeniedError saying what they can see. */
export function checkScope(snapshot: Snapshot, viewer: Person, scope: ForecastScope): void {
  const own = viewer.roles.includes('team-manager') && viewer.team !== null ? `your team's (${viewer.team}) or your own` : 'your own';
  switch (scope.kind) {
    case 'service':
    case 'locality':
      if (!seesAllCases(viewer))
        throw new AccessDeniedError(
          `The ${scope.kind === 'service' ? "whole service's" : "localities'"} forecast is for service managers, QA officers and Business Support. You can see ${own} forecast.`,
        );
      return;
    case 'team':
      if (!canSeeTeam(viewer, scope.id)) throw new AccessDeniedError(`You can see ${own} forecast, not team ${scope.id}'s.`);
      return;
    case 'person': {
      if (scope.id === viewer.id || seesAllCases(viewer)) return;
      const p = snapshot.people.get(scope.id);
      if (p !== undefined && p.team !== null && canSeeTeam(viewer, p.team)) return;
      throw new AccessDeniedError(`You can see ${own} forecast${viewer.roles.includes('team-manager') ? ' and those of the people in your team' : ''}.`);
    }
  }
}

export function scopeTitle(snapshot: Snapshot, scope: ForecastScope): string {
  switch (scope.kind) {
    case 'service':
      return 'the whole service';
    case 'team':
      return `team ${scope.id}`;
    case 'locality':
      return `locality ${scope.id}`;
    case 'person':
      return snapshot.people.get(scope.id)?.name ?? scope.id;
  }
}

function scopeKey(scope: ForecastScope): string {
  return scope.kind === 'service' ? 'service' : `${scope.kind}:${scope.id}`;
}

/** Every item of a scope (today's obligations and the ones computed forward), not yet filtered for a
 * viewer. A team's, a locality's and the service's are the items of their groups (team and locality),
 * each computed once and kept while the group does not change (a write recomputes its group only). */
export function scopeItems(snapshot: Snapshot, scope: ForecastScope, weeks = FORECAST_WEEKS): ReturnType<typeof forecastItems> {
  return snapshot.remember(`forecast|${scopeKey(scope)}|${weeks}`, () => {
    const ctx = ruleContext(snapshot.file, { today: snapshot.today, calendar: snapshot.calendar });
    const itemsOf = (cases: readonly Case[], people: readonly Person[]) =>
      forecastItems({
        today: snapshot.today,
        weeks,
        cases,
        people,
        // Only the open ones count (the rest are done): a small part of all of them.
        obligationsOfCase: (id) => snapshot.openByCase.get(id) ?? [],
        obligationsOfPerson: (id) => snapshot.openByPerson.get(id) ?? [],
        ctx,
      });
    if (scope.kind !== 'person') {
      const filter = { team: scope.kind === 'team' ? scope.id : null, locality: scope.kind === 'locality' ? scope.id : null };
      const parts = snapshot.perGroup(filter, `forecast|${snapshot.today}|${weeks}`, (group) => itemsOf(group.cases, group.people));
      const order = (a: ForecastItem, b: ForecastItem) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
      return {
        weeks: parts[0]?.weeks ?? forecastWeeks(snapshot.today, weeks),
        items: parts.flatMap((p) => p.items).sort(order),
        overdue: parts.flatMap((p) => p.overdue).sort(order),
      };
    }
    // A person's: the cases they lead or hold, or own an obligation of; the people they supervise.
    const ids = new Set<string>();
    for (const o of snapshot.byOwner.get(scope.id) ?? []) if (o.caseId !== null) ids.add(o.caseId);
    for (const c of snapshot.file.cases) if (c.leadProfessionalId === scope.id || c.inclusionLeadId === scope.id) ids.add(c.id);
    const cases = [...ids].map((id) => snapshot.cases.get(id)).filter((c): c is Case => c !== undefined);
    const people = snapshot.file.people.filter((p) => p.managerId === scope.id || p.id === scope.id);
    const all = itemsOf(cases, people);
    const mine = (i: ForecastItem) => i.ownerId === scope.id;
    return { weeks: all.weeks, items: all.items.filter(mine), overdue: all.overdue.filter(mine) };
  });
}

/** One item as the tab lists it (the child's name only for someone allowed to see the case). */
export interface ForecastRow {
  readonly key: string;
  readonly kind: ObligationKind;
  readonly label: string;
  readonly due: string;
  /** 0-based week; -1 overdue now. */
  readonly week: number;
  readonly caseId: string | null;
  readonly childName: string | null;
  readonly initials: string | null;
  readonly team: string | null;
  /** The staff member it is about (supervision), by name. */
  readonly person: string | null;
  readonly owner: string | null;
  readonly projected: boolean;
  readonly basis: string | null;
  readonly citation: string;
  /** The day it comes back in its owner's reminders, when snoozed (person and team forecasts). */
  readonly snoozedUntil: string | null;
}

export interface ForecastView {
  readonly today: string;
  readonly scope: ForecastScope & { readonly title: string };
  readonly summary: ForecastSummary & { readonly byOwner: ReadonlyArray<ForecastSummary['byOwner'][number] & { readonly name: string }> };
  /** For the service or a locality: each team's weeks (the managers' view). */
  readonly byTeam: ReadonlyArray<{ readonly team: string; readonly overdue: number; readonly perWeek: number[]; readonly total: number }>;
  /** The items matching the request's week / kind / owner, at most `limit`. */
  readonly rows: ForecastRow[];
  readonly totalRows: number;
  /** The scopes the viewer may choose from. */
  readonly choices: { readonly teams: string[]; readonly localities: string[]; readonly people: ReadonlyArray<{ id: string; name: string }> };
}

export interface ForecastRequest {
  readonly scope?: ForecastScope | null;
  /** Only items of this week (0-based; -1: overdue now). */
  readonly week?: number | null;
  readonly kind?: string | null;
  /** Only items falling on this person (owner id). */
  readonly owner?: string | null;
  readonly limit?: number;
}

export function parseScope(kind: string | undefined, id: string | undefined): ForecastScope | null {
  if (kind === undefined) return null;
  if (!(FORECAST_SCOPES as readonly string[]).includes(kind)) throw new BadRequestError(`scope must be one of ${FORECAST_SCOPES.join(', ')}, got ${JSON.stringify(kind)}`);
  if (kind === 'service') return { kind: 'service' };
  if (!id) throw new BadRequestError(`a ${kind} forecast needs the ${kind} (id)`);
  return { kind: kind as 'person' | 'team' | 'locality', id };
}

/** The forecast the viewer asked for (their default scope if none), with snoozes for a person's or a team's. */
export async function forecastView(snapshot: Snapshot, store: Pick<CaseStore, 'listSnoozes'>, viewer: Person, request: ForecastRequest = {}): Promise<ForecastView> {
  const scope = request.scope ?? defaultScope(viewer);
  checkScope(snapshot, viewer, scope);
  if (request.kind != null && !(OBLIGATION_KINDS as readonly string[]).includes(request.kind)) {
    throw new BadRequestError(`kind must be one of ${OBLIGATION_KINDS.join(', ')}, got ${JSON.stringify(request.kind)}`);
  }
  const { weeks, items, overdue } = scopeItems(snapshot, scope);
  if (request.week != null && (request.week < -1 || request.week >= weeks.length)) throw new BadRequestError(`week must be from -1 (overdue now) to ${weeks.length - 1}`);
  // A viewer sees the items of cases they may see (rules section 7); a scope they may see is mostly
  // all of it, but a team manager's view of a person may include cases of other teams.
  const visible = (i: ForecastItem) => {
    if (i.caseId === null) return true;
    const c = snapshot.cases.get(i.caseId);
    return c !== undefined && canSeeCase(viewer, c, snapshot.today);
  };
  const all = seesAllCases(viewer);
  const shownItems = all ? items : items.filter(visible);
  const shownOverdue = all ? overdue : overdue.filter(visible);
  const summary = summariseForecast(snapshot.today, weeks, shownItems, shownOverdue);
  const name = (id: string | null) => (id === null ? 'No one recorded' : (snapshot.people.get(id)?.name ?? id));

  const byTeam: Array<{ team: string; overdue: number; perWeek: number[]; total: number }> = [];
  if (scope.kind === 'service' || scope.kind === 'locality') {
    const rows = new Map<string, { team: string; overdue: number; perWeek: number[]; total: number }>();
    const teamOf = (i: ForecastItem) => (i.caseId !== null ? snapshot.cases.get(i.caseId)?.team : i.personId !== null ? snapshot.people.get(i.personId)?.team : null) ?? 'No team recorded';
    const row = (team: string) => {
      let r = rows.get(team);
      if (r === undefined) rows.set(team, (r = { team, overdue: 0, perWeek: weeks.map(() => 0), total: 0 }));
      return r;
    };
    for (const i of shownItems) {
      const r = row(teamOf(i));
      r.perWeek[i.week]! += 1;
      r.total += 1;
    }
    for (const i of shownOverdue) row(teamOf(i)).overdue += 1;
    byTeam.push(...[...rows.values()].sort((a, b) => (a.team < b.team ? -1 : 1)));
  }

  const wanted = (i: ForecastItem) => (request.kind == null || i.kind === request.kind) && (request.owner == null || i.ownerId === request.owner);
  const pool = request.week === -1 ? shownOverdue : request.week != null ? shownItems.filter((i) => i.week === request.week) : [...shownOverdue, ...shownItems];
  const matching = pool.filter(wanted);
  const limit = request.limit ?? 500;
  const snoozes = scope.kind === 'person' || scope.kind === 'team' ? await snoozesOf(store, snapshot.today, matching.slice(0, limit)) : new Map<string, string>();
  const rows = matching.slice(0, limit).map((i) => rowOf(snapshot, i, snoozes));
  return {
    today: snapshot.today,
    scope: { ...scope, title: scopeTitle(snapshot, scope) },
    summary: { ...summary, byOwner: summary.byOwner.map((o) => ({ ...o, name: name(o.ownerId) })) },
    byTeam,
    rows,
    totalRows: matching.length,
    choices: choicesFor(snapshot, viewer),
  };
}

/** The snoozes in force of the owners of these items, by owner and obligation key ("owner|key"). */
async function snoozesOf(store: Pick<CaseStore, 'listSnoozes'>, today: string, items: readonly ForecastItem[]): Promise<Map<string, string>> {
  const owners = [...new Set(items.map((i) => i.ownerId).filter((id): id is string => id !== null))];
  const out = new Map<string, string>();
  const lists = await Promise.all(owners.map((id) => store.listSnoozes(id, today)));
  owners.forEach((id, n) => {
    for (const [key, until] of lists[n]!) out.set(`${id}|${key}`, until);
  });
  return out;
}

function rowOf(snapshot: Snapshot, i: ForecastItem, snoozes: ReadonlyMap<string, string>): ForecastRow {
  const c = i.caseId !== null ? snapshot.cases.get(i.caseId) : undefined;
  return {
    key: i.key,
    kind: i.kind,
    label: KIND_LABELS[i.kind],
    due: i.due,
    week: i.week,
    caseId: i.caseId,
    childName: c?.childName ?? null,
    initials: c ? initials(c.childName) : null,
    team: c?.team ?? (i.personId !== null ? (snapshot.people.get(i.personId)?.team ?? null) : null),
    person: i.personId !== null ? (snapshot.people.get(i.personId)?.name ?? i.personId) : null,
    owner: i.ownerId !== null ? (snapshot.people.get(i.ownerId)?.name ?? i.ownerId) : null,
    projected: i.projected,
    basis: i.basis,
    citation: i.citation,
    snoozedUntil: i.ownerId !== null ? (snoozes.get(`${i.ownerId}|${i.key}`) ?? null) : null,
  };
}

function choicesFor(snapshot: Snapshot, viewer: Person): ForecastView['choices'] {
  const distinct = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => v !== null))].sort();
  if (seesAllCases(viewer)) {
    return snapshot.remember('forecast-choices', () => ({
      teams: distinct(snapshot.file.cases.map((c) => c.team)),
      localities: distinct(snapshot.file.cases.map((c) => c.locality)),
      people: snapshot.file.people.map((p) => ({ id: p.id, name: p.name })).sort((a, b) => a.name.localeCompare(b.name)),
    }));
  }
  if (mayUseDashboard(viewer) && viewer.team !== null) {
    const team = viewer.team;
    return {
      teams: [team],
      localities: [],
      people: snapshot.file.people
        .filter((p) => p.team === team)
        .map((p) => ({ id: p.id, name: p.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
  return { teams: [], localities: [], people: [{ id: viewer.id, name: viewer.name }] };
}

// ---- the bot's "team": overdue now and due this week, by person --------------------------------

/** "Fortnightly CMOOE case summary" -> "fortnightly CMOOE case summary" (in a sentence). */
export function lowerFirst(text: string): string {
  return text.length > 1 && text[1] === text[1]!.toLowerCase() ? text[0]!.toLowerCase() + text.slice(1) : text;
}

export interface TeamFigures {
  readonly today: string;
  readonly title: string;
  /** The end of this week (Sunday). */
  readonly weekEnds: string;
  readonly overdue: number;
  readonly dueThisWeek: number;
  readonly byPerson: ReadonlyArray<{ readonly name: string; readonly overdue: number; readonly dueThisWeek: number; readonly topKinds: string }>;
  readonly byTeam: ReadonlyArray<{ readonly team: string; readonly overdue: number; readonly dueThisWeek: number }>;
}

/** May this person use the managers' commands (team, forecast)? Team managers with a team and the
 * all-cases roles (service managers, QA officers, Business Support). */
export function isManager(person: Person): boolean {
  return mayUseDashboard(person);
}

/** The manager's team (a team manager) or the service (an all-cases role): overdue now and due this
 * week, by person (and by team for the service). AccessDeniedError for anyone else. */
export function teamFigures(snapshot: Snapshot, viewer: Person): TeamFigures {
  if (!isManager(viewer)) throw new AccessDeniedError('The team figures are for team managers and service managers. Ask "what\'s due" for your own work.');
  const scope = defaultScope(viewer);
  const { weeks, items, overdue } = scopeItems(snapshot, scope);
  const thisWeek = items.filter((i) => i.week === 0 && !i.projected);
  const people = new Map<string, { name: string; overdue: number; dueThisWeek: number; kinds: Map<ObligationKind, number> }>();
  const row = (id: string | null) => {
    const k = id ?? '';
    let r = people.get(k);
    if (r === undefined) people.set(k, (r = { name: id === null ? 'No one recorded' : (snapshot.people.get(id)?.name ?? id), overdue: 0, dueThisWeek: 0, kinds: new Map() }));
    return r;
  };
  for (const i of overdue) {
    const r = row(i.ownerId);
    r.overdue += 1;
    r.kinds.set(i.kind, (r.kinds.get(i.kind) ?? 0) + 1);
  }
  for (const i of thisWeek) row(i.ownerId).dueThisWeek += 1;
  const byPerson = [...people.values()]
    .sort((a, b) => b.overdue - a.overdue || b.dueThisWeek - a.dueThisWeek || a.name.localeCompare(b.name))
    .map((r) => ({
      name: r.name,
      overdue: r.overdue,
      dueThisWeek: r.dueThisWeek,
      topKinds: [...r.kinds.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 2)
        .map(([k, n]) => `${n} ${lowerFirst(KIND_LABELS[k])}`)
        .join(', '),
    }));
  const byTeam: Array<{ team: string; overdue: number; dueThisWeek: number }> = [];
  if (scope.kind === 'service') {
    const teams = new Map<string, { team: string; overdue: number; dueThisWeek: number }>();
    const teamOf = (i: ForecastItem) => (i.caseId !== null ? snapshot.cases.get(i.caseId)?.team : i.personId !== null ? snapshot.people.get(i.personId)?.team : null) ?? 'No team recorded';
    const t = (name: string) => {
      let r = teams.get(name);
      if (r === undefined) teams.set(name, (r = { team: name, overdue: 0, dueThisWeek: 0 }));
      return r;
    };
    for (const i of overdue) t(teamOf(i)).overdue += 1;
    for (const i of thisWeek) t(teamOf(i)).dueThisWeek += 1;
    byTeam.push(...[...teams.values()].sort((a, b) => b.overdue - a.overdue || (a.team < b.team ? -1 : 1)));
  }
  return {
    today: snapshot.today,
    title: scope.kind === 'team' ? `Team ${scope.id}` : 'The whole service',
    weekEnds: weeks[0]!.to,
    overdue: overdue.length,
    dueThisWeek: thisWeek.length,
    byPerson,
    byTeam,
  };
}
