// The tab's use cases: the SEND data dashboard (docs/rules.md section 6), its drill-down, the case page
// and "my work", each filtered by docs/rules.md section 7 for the person asking.
//
// Work is shared where it does not depend on who asks: a Snapshot (the case file, its obligations
// and memoised figures) is rebuilt only when the store reports a change (changesSince), when the day
// changes, or after `maxAgeMs` (casework deadlines are instants). Figures depend only on the filter
// (team, locality, period), never on the viewer; what a viewer may ask for, and which cases and people
// a response lists, is decided per request here.
import { calendarFor, computeObligations, obligationsOfActions, obligationsOfCase, obligationsOfPerson, ruleContext } from '../domain/obligations.js';
import type { Calendar } from '../domain/calendar/index.js';
import { ncYear } from '../domain/calendar/index.js';
import { cmooePeriodOn, seriesIdForCase } from '../domain/cmooe.js';
import { addMonths, addWeeks, fromDay, londonToday, toDay } from '../domain/dates.js';
import {
  FIGURE_NAMES,
  PERSON_FIGURES,
  combineMeasurePartials,
  combineTrendPartials,
  finishMeasures,
  finishTrend,
  idsOfFigure,
  measurePartial,
  trendBuckets,
  trendPartial,
  type FigureName,
  type MeasureInput,
  type Measures,
  type Trend,
} from '../domain/measures.js';
import type { Case, CaseFile, Person, Role, Supervision } from '../domain/model.js';
import { FIGURE_KINDS, KINDS, obligationLabel } from '../domain/kinds.js';
import { compareObligations, isOpen, type Obligation, type ObligationKind, type ObligationStatus } from '../domain/obligation.js';
import { DORSET } from '../domain/policy.js';
import { lineAction } from '../domain/reminders.js';
import type { CaseStore, ChangeBatch } from '../store/port.js';
import { accessReason, auditCasesOf, canSeeCase, canSeeTeam, CaseNotFound, chairedSeries, chairsSeries, initials, seesAllCases, type AccessReason } from './access.js';
import { servicePolicySource, type PolicySource } from './policy.js';

/** The viewer may not see this (docs/rules.md section 7). The message says what to do. */
export class AccessDeniedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessDeniedError';
  }
}

/** A request the service cannot answer as asked (names the problem). */
export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

// ---- snapshot ----------------------------------------------------------------------------------

/** The group a case or a person belongs to for the figures: its team and locality. Figures are gathered
 * per group and combined, so a change to one case recomputes the figures of its group only. */
export function groupKey(x: { team: string | null; locality: string | null }): string {
  return `${x.team ?? ''}\u0000${x.locality ?? ''}`;
}

function groupMatches(key: string, team: string | null, locality: string | null): boolean {
  const [t = '', l = ''] = key.split('\u0000');
  return (team === null || t === team) && (locality === null || l === locality);
}

/** The cases and people of one team and locality. */
export interface Group {
  readonly cases: Case[];
  readonly people: Person[];
}

/** What a Snapshot is made of; `carried` holds the per-group figures of a previous snapshot that are
 * still right (their group did not change). */
interface SnapshotParts {
  readonly file: CaseFile;
  readonly cases: ReadonlyMap<string, Case>;
  readonly byCase: ReadonlyMap<string, Obligation[]>;
  readonly byPerson: ReadonlyMap<string, Obligation[]>;
  readonly byOwner: ReadonlyMap<string, Obligation[]>;
  readonly openByCase: ReadonlyMap<string, Obligation[]>;
  readonly openByPerson: ReadonlyMap<string, Obligation[]>;
  /** The actions agreed at meetings (meeting-action): each also in its case's list (byCase), if any. */
  readonly actions: readonly Obligation[];
  readonly policy: PolicySource;
  readonly carried: Map<string, Map<string, unknown>>;
}

export class Snapshot {
  readonly file: CaseFile;
  readonly cases: ReadonlyMap<string, Case>;
  readonly people: ReadonlyMap<string, Person>;
  /** The obligations of each case. */
  readonly byCase: ReadonlyMap<string, Obligation[]>;
  /** The obligations about each person (supervision, supervision notes). */
  readonly byPerson: ReadonlyMap<string, Obligation[]>;
  readonly byOwner: ReadonlyMap<string, Obligation[]>;
  /** The open obligations (overdue, due soon, upcoming) of each case and person: a small part of all
   * of them, read by the forecast and the case list. */
  readonly openByCase: ReadonlyMap<string, Obligation[]>;
  readonly openByPerson: ReadonlyMap<string, Obligation[]>;
  /** People by Entra object id and by email, lower case: who may be taken for whom is src/services/people.ts. */
  readonly byAad: ReadonlyMap<string, Person>;
  readonly byEmail: ReadonlyMap<string, Person>;
  readonly calendar: Calendar;
  private readonly memo = new Map<string, unknown>();
  /** Per group (groupKey) and period: the gathered figures (MeasurePartial, TrendPartial). */
  private readonly groupMemo: Map<string, Map<string, unknown>>;
  private groupsIndex: Map<string, Group> | null = null;
  private supervisionsIndex: Map<string, Supervision[]> | null = null;
  /** Meeting actions for no case (the weekly meeting's), by owner. */
  private caselessActionsIndex: Map<string, Obligation[]> | null = null;
  private flat: Obligation[] | null = null;

  /** A snapshot of `file` with its obligations (as computeObligations gives them). */
  constructor(file: CaseFile, obligations: readonly Obligation[], today: string, builtAt: number, policy?: PolicySource);
  constructor(parts: SnapshotParts, today: string, builtAt: number);
  constructor(first: CaseFile | SnapshotParts, second: readonly Obligation[] | string, third: string | number, fourth?: number, fifth?: PolicySource) {
    let parts: SnapshotParts;
    if (typeof second === 'string') {
      parts = first as SnapshotParts;
      this.today = second;
      this.builtAt = third as number;
    } else {
      const file = first as CaseFile;
      const byCase = new Map<string, Obligation[]>();
      const byPerson = new Map<string, Obligation[]>();
      const byOwner = new Map<string, Obligation[]>();
      const openByCase = new Map<string, Obligation[]>();
      const openByPerson = new Map<string, Obligation[]>();
      const actions: Obligation[] = [];
      for (const o of second) {
        if (o.kind === 'meeting-action') actions.push(o);
        const open = isOpen(o);
        if (o.caseId !== null) {
          push(byCase, o.caseId, o);
          if (open) push(openByCase, o.caseId, o);
        } else if (o.personId !== null) {
          push(byPerson, o.personId, o);
          if (open) push(openByPerson, o.personId, o);
        }
        if (o.ownerId !== null) push(byOwner, o.ownerId, o);
      }
      // The profile the obligations were computed under; without one, the file must be Dorset's (the
      // default profile), never another profile's file taken for Dorset.
      if (fifth === undefined && file.policy !== DORSET.name) throw new RangeError(`a snapshot of a "${file.policy}" case file needs its policy profile`);
      const policy = fifth ?? { policy: DORSET, from: 'the default profile' };
      parts = { file, cases: new Map(file.cases.map((c) => [c.id, c])), byCase, byPerson, byOwner, openByCase, openByPerson, actions, policy, carried: new Map() };
      this.today = third as string;
      this.builtAt = fourth ?? 0;
      this.flat = [...second];
    }
    this.file = parts.file;
    this.calendar = calendarFor(parts.file);
    this.cases = parts.cases;
    this.byCase = parts.byCase;
    this.byPerson = parts.byPerson;
    this.byOwner = parts.byOwner;
    this.openByCase = parts.openByCase;
    this.openByPerson = parts.openByPerson;
    this.actions = parts.actions;
    this.policy = parts.policy;
    this.groupMemo = parts.carried;
    this.people = new Map(parts.file.people.map((p) => [p.id, p]));
    const byAad = new Map<string, Person>();
    const byEmail = new Map<string, Person>();
    for (const p of parts.file.people) {
      if (p.aadObjectId) byAad.set(p.aadObjectId.toLowerCase(), p);
      if (p.email) byEmail.set(p.email.toLowerCase(), p);
    }
    this.byAad = byAad;
    this.byEmail = byEmail;
  }

  readonly today: string;
  readonly builtAt: number;
  /** The actions agreed at meetings (meeting-action obligations; a case's are also in byCase). */
  readonly actions: readonly Obligation[];
  /** The profile the obligations were computed under (docs/rules.md section 9), and where it came from. */
  readonly policy: PolicySource;

  /** Every obligation of the service (cases, then people, then actions for no case; not sorted). */
  get obligations(): readonly Obligation[] {
    if (this.flat === null) {
      const out: Obligation[] = [];
      for (const list of this.byCase.values()) for (const o of list) out.push(o);
      for (const list of this.byPerson.values()) for (const o of list) out.push(o);
      for (const o of this.actions) if (o.caseId === null) out.push(o);
      this.flat = out;
    }
    return this.flat;
  }

  /** A snapshot with some cases replaced (null: removed) and the obligations of those cases and of
   * some people recomputed, and the meeting actions replaced when they changed (`actions`; a replaced
   * case's list in `caseObligations` already holds its actions). The per-group figures of groups none
   * of them belong to are carried over. */
  withChanges(change: {
    readonly file: CaseFile;
    readonly cases: ReadonlyMap<string, Case | null>;
    readonly caseObligations: ReadonlyMap<string, Obligation[]>;
    readonly personObligations: ReadonlyMap<string, Obligation[]>;
    readonly actions?: readonly Obligation[];
    readonly builtAt: number;
  }): Snapshot {
    const dirty = new Set<string>();
    const cases = new Map(this.cases);
    const byCase = new Map(this.byCase);
    const openByCase = new Map(this.openByCase);
    const openByPerson = new Map(this.openByPerson);
    const setOpen = (map: Map<string, Obligation[]>, id: string, list: readonly Obligation[]) => {
      const open = list.filter(isOpen);
      if (open.length > 0) map.set(id, open);
      else map.delete(id);
    };
    const removed = new Set<Obligation>();
    const added = new Set<Obligation>();
    for (const [id, next] of change.cases) {
      const before = this.cases.get(id);
      if (before !== undefined) dirty.add(groupKey(before));
      for (const o of this.byCase.get(id) ?? []) removed.add(o);
      if (next === null) {
        cases.delete(id);
        byCase.delete(id);
        openByCase.delete(id);
      } else {
        dirty.add(groupKey(next));
        cases.set(id, next);
        const list = change.caseObligations.get(id) ?? [];
        byCase.set(id, list);
        setOpen(openByCase, id, list);
        for (const o of list) added.add(o);
      }
    }
    if (change.actions !== undefined) {
      // The cases whose lists hold an action before or after (and are not replaced above): their
      // lists get the new actions in place of the old. Their groups' forecasts change with them.
      const nextOf = new Map<string, Obligation[]>();
      for (const o of change.actions) if (o.caseId !== null) push(nextOf, o.caseId, o);
      const touched = new Set(nextOf.keys());
      for (const o of this.actions) if (o.caseId !== null) touched.add(o.caseId);
      for (const id of touched) {
        const c = cases.get(id);
        if (change.cases.has(id) || c === undefined) continue;
        dirty.add(groupKey(c));
        const list = (this.byCase.get(id) ?? []).filter((o) => o.kind !== 'meeting-action');
        for (const o of nextOf.get(id) ?? []) list.push(o);
        byCase.set(id, list);
        setOpen(openByCase, id, list);
      }
      for (const o of this.actions) removed.add(o);
      for (const o of change.actions) added.add(o);
      // Actions for no case count for their owners' groups (groupInput): those groups change too.
      for (const o of [...this.actions, ...change.actions]) {
        if (o.caseId !== null || o.ownerId === null) continue;
        const p = this.people.get(o.ownerId);
        if (p !== undefined) dirty.add(groupKey(p));
      }
    }
    const byPerson = new Map(this.byPerson);
    for (const [id, list] of change.personObligations) {
      const p = this.people.get(id);
      if (p !== undefined) dirty.add(groupKey(p));
      for (const o of this.byPerson.get(id) ?? []) removed.add(o);
      byPerson.set(id, list);
      setOpen(openByPerson, id, list);
      for (const o of list) added.add(o);
    }
    const owners = new Set<string>();
    for (const o of removed) if (o.ownerId !== null) owners.add(o.ownerId);
    for (const o of added) if (o.ownerId !== null) owners.add(o.ownerId);
    const byOwner = new Map(this.byOwner);
    for (const owner of owners) {
      const list = (this.byOwner.get(owner) ?? []).filter((o) => !removed.has(o));
      for (const o of added) if (o.ownerId === owner) list.push(o);
      if (list.length > 0) byOwner.set(owner, list);
      else byOwner.delete(owner);
    }
    const carried = new Map<string, Map<string, unknown>>();
    for (const [key, memo] of this.groupMemo) if (!dirty.has(key)) carried.set(key, memo);
    const actions = change.actions ?? this.actions;
    return new Snapshot({ file: change.file, cases, byCase, byPerson, byOwner, openByCase, openByPerson, actions, policy: this.policy, carried }, this.today, change.builtAt);
  }

  /** The cases `personId` sees because they audit (or moderate) them while the audit is open
   * (docs/rules.md section 7). */
  auditingOf(personId: string): ReadonlySet<string> {
    return this.remember(`auditing|${personId}`, () => auditCasesOf(this.file.audits, personId));
  }

  /** A value computed once per snapshot and key (the figures for a filter). */
  remember<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    if (this.memo.size > 500) this.memo.clear();
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  /** The cases and people of each group (team and locality). */
  private groups(): Map<string, Group> {
    if (this.groupsIndex === null) {
      const groups = new Map<string, Group>();
      const groupOf = (key: string) => {
        let g = groups.get(key);
        if (g === undefined) groups.set(key, (g = { cases: [], people: [] }));
        return g;
      };
      for (const c of this.file.cases) groupOf(groupKey(c)).cases.push(c);
      for (const p of this.file.people) groupOf(groupKey(p)).people.push(p);
      this.groupsIndex = groups;
    }
    return this.groupsIndex;
  }

  private caselessActionsOf(personId: string): readonly Obligation[] {
    if (this.caselessActionsIndex === null) {
      const index = new Map<string, Obligation[]>();
      for (const o of this.actions) if (o.caseId === null && o.ownerId !== null) push(index, o.ownerId, o);
      this.caselessActionsIndex = index;
    }
    return this.caselessActionsIndex.get(personId) ?? [];
  }

  /** The figures' input for one group: its cases, people, their supervisions and obligations. */
  private groupInput(group: Group): MeasureInput {
    if (this.supervisionsIndex === null) {
      const index = new Map<string, Supervision[]>();
      for (const s of this.file.supervisions) push(index, s.superviseeId, s);
      this.supervisionsIndex = index;
    }
    const supervisions: Supervision[] = [];
    const obligations: Obligation[] = [];
    for (const c of group.cases) for (const o of this.byCase.get(c.id) ?? []) obligations.push(o);
    for (const p of group.people) {
      for (const s of this.supervisionsIndex.get(p.id) ?? []) supervisions.push(s);
      for (const o of this.byPerson.get(p.id) ?? []) obligations.push(o);
      // An action for no case (the weekly meeting's) counts for its owner's team and locality; a case's
      // actions are in its list (docs/rules.md section 6).
      for (const o of this.caselessActionsOf(p.id)) obligations.push(o);
    }
    return { cases: group.cases, people: group.people, supervisions, meetingSeries: this.file.meetingSeries, schoolHolidays: this.file.schoolHolidays, obligations };
  }

  /** Each group matching the filter's gathered value for `key` (computed once per group and carried
   * over to later snapshots while the group does not change). Anything that is a sum over the cases
   * and people of the groups (the figures, the trend, the forecast) is gathered this way. */
  perGroup<T>(filter: { team: string | null; locality: string | null }, key: string, gather: (group: Group, input: () => MeasureInput) => T): T[] {
    const out: T[] = [];
    for (const [name, group] of this.groups()) {
      if (!groupMatches(name, filter.team, filter.locality)) continue;
      let memo = this.groupMemo.get(name);
      if (memo === undefined) this.groupMemo.set(name, (memo = new Map<string, unknown>()));
      if (!memo.has(key)) {
        if (memo.size > 200) memo.clear();
        // The figures' input (every obligation of the group) is made only for what needs it.
        memo.set(
          key,
          gather(group, () => this.groupInput(group)),
        );
      }
      out.push(memo.get(key) as T);
    }
    if (out.length === 0) {
      const empty = { cases: [], people: [] };
      out.push(gather(empty, () => ({ ...empty, supervisions: [], meetingSeries: this.file.meetingSeries, obligations: [] })));
    }
    return out;
  }

  /** The figures of a filter with the ids behind them (for the drill-down). */
  measuresFor(filter: { from: string; to: string; team: string | null; locality: string | null }): Measures {
    return this.finished(filter, true);
  }

  /** The figures of a filter without the ids behind them (for the dashboard: the numbers only). */
  figuresFor(filter: { from: string; to: string; team: string | null; locality: string | null }): Measures {
    return this.finished(filter, false);
  }

  private finished(filter: { from: string; to: string; team: string | null; locality: string | null }, ids: boolean): Measures {
    return this.remember(`${ids ? 'm' : 'n'}|${filter.from}|${filter.to}|${filter.team ?? ''}|${filter.locality ?? ''}`, () => {
      const options = { from: filter.from, to: filter.to, today: this.today, calendar: this.calendar };
      const key = `m|${filter.from}|${filter.to}`;
      const parts = this.perGroup(filter, key, (_group, input) => measurePartial(input(), options));
      // A filter that is one group (a team in one locality): its finished figures are kept with the
      // group too, so a team's row is not finished again after a write to another team.
      const names = [...this.groups().keys()].filter((name) => groupMatches(name, filter.team, filter.locality));
      const only = names.length === 1 ? this.groupMemo.get(names[0]!) : undefined;
      const finishedKey = `f|${ids ? 'ids' : 'n'}|${key}|${filter.team ?? ''}|${filter.locality ?? ''}`;
      if (only?.has(finishedKey)) return only.get(finishedKey) as Measures;
      const finished = finishMeasures(combineMeasurePartials(parts), filter, { ids });
      only?.set(finishedKey, finished);
      return finished;
    });
  }

  /** The trend of the period from..to (trendBuckets: weekly up to 26 weeks, monthly beyond). */
  trendFor(filter: { from: string; to: string; team: string | null; locality: string | null }): Trend {
    return this.remember(`t|${filter.from}|${filter.to}|${filter.team ?? ''}|${filter.locality ?? ''}`, () => {
      const buckets = trendBuckets(filter.from, filter.to);
      const key = `t|${buckets.periods[0]?.from ?? ''}|${filter.to}`;
      const parts = this.perGroup(filter, key, (_group, input) => trendPartial(input(), { today: this.today, buckets, calendar: this.calendar }));
      return finishTrend(combineTrendPartials(parts));
    });
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Keeps one Snapshot of the store, rebuilt when the store changes, the day changes, or it is older
 * than `maxAgeMs`. Concurrent requests share one rebuild. One per server (never module-level). */
export class SnapshotSource {
  private snapshot: Snapshot | null = null;
  private token: string | null = null;
  private building: Promise<Snapshot> | null = null;

  constructor(
    private readonly store: CaseStore,
    private readonly clock: () => number,
    private readonly maxAgeMs = 5 * 60_000,
  ) {}

  /** Forget the snapshot (after a write through this server). */
  invalidate(): void {
    this.snapshot = null;
  }

  async get(): Promise<Snapshot> {
    if (this.building) return this.building;
    const now = this.clock();
    const today = londonToday(now);
    const current = this.snapshot;
    if (current === null || this.token === null) return this.start(() => this.rebuild(now, today));
    // One delta round, always: what changed is re-read, never the whole store (issue 18). A new day, or
    // a snapshot older than maxAgeMs (casework deadlines are instants), recomputes every obligation
    // from the file in memory.
    const batch = await this.store.changesSince(this.token);
    const recompute = current.today !== today || now - current.builtAt >= this.maxAgeMs;
    if (batch.changes.length === 0 && !batch.resync && !recompute) {
      this.token = batch.token;
      return current;
    }
    if (this.building) return this.building;
    return this.start(() => (recompute ? this.recompute(current, batch, now, today) : this.update(current, batch, now, today)));
  }

  /** A snapshot that includes every write completed before this call (after a write of our own:
   * a build already in flight may have started before it). */
  async fresh(): Promise<Snapshot> {
    const inFlight = this.building;
    // Its outcome does not matter here (a failure reaches the request that started it); get() below
    // reads the change feed again either way.
    if (inFlight)
      await inFlight.then(
        () => undefined,
        () => undefined,
      );
    return this.get();
  }

  private start(work: () => Promise<Snapshot>): Promise<Snapshot> {
    this.building = work().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async rebuild(now: number, today: string): Promise<Snapshot> {
    // Take the token first: a change made while exporting shows up on the next request.
    const batch = await this.store.changesSince(this.token);
    const [file, policy] = await Promise.all([this.store.exportCaseFile(), servicePolicySource(this.store)]);
    const obligations = computeObligations(file, { today, now: new Date(now).toISOString(), policy: policy.policy });
    const snapshot = new Snapshot(file, obligations, today, now, policy);
    this.token = batch.token;
    this.snapshot = snapshot;
    return snapshot;
  }

  /** A batch that cannot be applied record by record: everything is read again. */
  private needsRebuild(batch: ChangeBatch): boolean {
    const entities = new Set(batch.changes.map((c) => c.entity));
    return batch.resync || batch.changes.length > 2000 || entities.has('person') || entities.has('meetingSeries');
  }

  /** The file with a batch of changes applied: only the changed cases (and meeting records) re-read. */
  private async changedFile(current: Snapshot, batch: ChangeBatch): Promise<{ file: CaseFile; caseChanges: Map<string, Case | null>; entities: Set<string> }> {
    const entities = new Set(batch.changes.map((c) => c.entity));
    const file: CaseFile = { ...current.file };
    const changedCases = new Set(batch.changes.filter((c) => c.entity === 'case').map((c) => c.id));
    const caseChanges = new Map<string, Case | null>();
    if (changedCases.size > 0) {
      const fresh = new Map<string, Case>();
      for (const stored of await this.store.queryCases({ ids: [...changedCases] })) fresh.set(stored.case.id, stored.case);
      for (const id of changedCases) caseChanges.set(id, fresh.get(id) ?? null);
      const cases = current.file.cases.filter((c) => !changedCases.has(c.id) || fresh.has(c.id)).map((c) => fresh.get(c.id) ?? c);
      for (const c of fresh.values()) if (!current.cases.has(c.id)) cases.push(c);
      file.cases = cases;
    }
    if (entities.has('supervision')) file.supervisions = await this.store.listSupervisions();
    if (entities.has('nomination')) file.nominations = await this.store.listNominations();
    if (entities.has('selection')) file.selections = await this.store.listSelections();
    // Meeting actions are obligations of their owners (meeting-action): recomputed when they change.
    if (entities.has('action')) file.actions = await this.store.listActions();
    if (entities.has('audit')) file.audits = await this.store.listAudits();
    if (entities.has('meetingRecord')) file.meetingRecords = await this.store.listMeetingRecords();
    return { file, caseChanges, entities };
  }

  /** A new day (or an old snapshot): the batch applied, the policy read again (it is a setting, outside
   * the change feed), and every obligation recomputed from the file in memory. */
  private async recompute(current: Snapshot, batch: ChangeBatch, now: number, today: string): Promise<Snapshot> {
    if (this.needsRebuild(batch)) return this.rebuild(now, today);
    const keepToken = this.snapshot !== null && this.snapshot !== current;
    if (keepToken && this.snapshot !== null) current = this.snapshot;
    const [{ file }, policy] = await Promise.all([this.changedFile(current, batch), servicePolicySource(this.store)]);
    const snapshot = new Snapshot(file, computeObligations(file, { today, now: new Date(now).toISOString(), policy: policy.policy }), today, now, policy);
    if (!keepToken) this.token = batch.token;
    this.snapshot = snapshot;
    return snapshot;
  }

  /** Apply a batch of changes: re-read only the changed cases (and meeting records), recompute only
   * their obligations (and those of people whose supervisions changed), and carry over the figures of
   * every group (team and locality) none of them belongs to. Changes to people or series, a resync or
   * a large batch: full rebuild. */
  private async update(current: Snapshot, batch: ChangeBatch, now: number, today: string): Promise<Snapshot> {
    if (this.needsRebuild(batch)) return this.rebuild(now, today);
    // Another request applied a batch meanwhile: apply this one to its snapshot (re-reading the same
    // records is harmless) and keep its token, which may be the newer one.
    const keepToken = this.snapshot !== null && this.snapshot !== current;
    if (keepToken && this.snapshot !== null) current = this.snapshot;
    const { file, caseChanges, entities } = await this.changedFile(current, batch);
    // A case's meeting actions are kept in its list (withChanges).
    const actionsChanged = entities.has('action');
    // Audits: an audit's obligations are its case's (rules/audits.ts reads them beside the case), so the
    // cases of the audits that changed are recomputed (docs/rules.md section 8); changedFile read them.
    if (entities.has('audit')) {
      const changedAudits = new Set(batch.changes.filter((c) => c.entity === 'audit').map((c) => c.id));
      const affected = new Set<string>();
      for (const a of current.file.audits) if (changedAudits.has(a.id)) affected.add(a.caseId);
      for (const a of file.audits) if (changedAudits.has(a.id)) affected.add(a.caseId);
      for (const id of affected) {
        const c = current.cases.get(id);
        if (!caseChanges.has(id) && c !== undefined) caseChanges.set(id, c);
      }
    }
    const ctx = ruleContext(file, { today, now: new Date(now).toISOString(), policy: current.policy.policy });
    const actions = actionsChanged ? obligationsOfActions(file.actions, ctx) : current.actions;
    const actionsOf = new Map<string, Obligation[]>();
    for (const o of actions) if (o.caseId !== null) push(actionsOf, o.caseId, o);
    const caseObligations = new Map<string, Obligation[]>();
    for (const [id, c] of caseChanges) {
      if (c === null) continue;
      const list = obligationsOfCase(c, ctx);
      for (const o of actionsOf.get(id) ?? []) list.push(o);
      caseObligations.set(id, list);
    }
    const personObligations = new Map<string, Obligation[]>();
    if (entities.has('supervision')) {
      // Only the people whose supervision history changed.
      const history = (list: readonly Supervision[]) => {
        const out = new Map<string, string[]>();
        for (const s of list) push(out, s.superviseeId, `${s.supervisorId}|${s.heldOn}|${s.notesSharedOn ?? ''}`);
        for (const v of out.values()) v.sort();
        return out;
      };
      const before = history(current.file.supervisions);
      const after = history(file.supervisions);
      const bySupervisee = new Map<string, Supervision[]>();
      for (const s of file.supervisions) push(bySupervisee, s.superviseeId, s);
      for (const p of file.people) {
        if ((before.get(p.id) ?? []).join('\n') === (after.get(p.id) ?? []).join('\n')) continue;
        personObligations.set(p.id, obligationsOfPerson(p, bySupervisee.get(p.id) ?? [], ctx));
      }
    }
    const snapshot = current.withChanges({ file, cases: caseChanges, caseObligations, personObligations, builtAt: current.builtAt, ...(actionsChanged ? { actions } : {}) });
    if (!keepToken) this.token = batch.token;
    this.snapshot = snapshot;
    return snapshot;
  }
}

// ---- who may use which view ----------------------------------------------------------------------

/** Roles for which the dashboard is meant (PS 4.1, 4.3): managers, and the all-cases roles. */
export function mayUseDashboard(viewer: Person): boolean {
  return seesAllCases(viewer) || (viewer.roles.includes('team-manager') && viewer.team !== null);
}

/** The chair's view: the chairs of a series (people[].chairs) and Business Support (docs/rules.md section 4). */
export function mayUseChairView(viewer: Person): boolean {
  return viewer.roles.includes('business-support') || chairedSeries(viewer).length > 0;
}

export interface DashboardFilter {
  readonly from: string;
  readonly to: string;
  readonly team: string | null;
  readonly locality: string | null;
}

/** The filter a viewer gets: a team manager (without an all-cases role) is held to their own team;
 * asking for another team is refused. */
export function scopedFilter(viewer: Person, requested: DashboardFilter): DashboardFilter {
  if (!mayUseDashboard(viewer)) {
    // Information governance has no cases of its own (docs/rules.md section 7): its pages are the records'.
    const instead = viewer.roles.every((r) => r === 'information-governance') ? 'Use "Access record" for the record of who opened which case.' : 'Use "My work" for your own obligations.';
    throw new AccessDeniedError(`The dashboard is for team managers, service managers, QA officers and Business Support. ${instead}`);
  }
  if (seesAllCases(viewer)) return requested;
  const team = viewer.team!;
  if (requested.team !== null && requested.team !== team) {
    throw new AccessDeniedError(`You can see the figures of your own team (${team}) only.`);
  }
  return { ...requested, team };
}

export function checkPeriod(from: string, to: string): void {
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    try {
      toDay(value);
    } catch {
      throw new BadRequestError(`${name} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    }
  }
  if (toDay(to) < toDay(from)) throw new BadRequestError(`the period ends (${to}) before it starts (${from})`);
  if (toDay(to) - toDay(from) > 366 * 2) throw new BadRequestError('the period may be at most two years long');
}

/** The default period: the four weeks ending today. */
export function defaultPeriod(today: string): { from: string; to: string } {
  return { from: fromDay(addWeeks(toDay(today), -4) + 1), to: today };
}

// ---- dashboard ------------------------------------------------------------------------------------

export interface TeamRow {
  readonly team: string;
  readonly figures: Record<string, { met: number; total: number; percent: number | null } | { count: number }>;
}

export interface DashboardView {
  readonly today: string;
  readonly filter: DashboardFilter;
  /** Teams and localities the viewer may filter by. */
  readonly teams: string[];
  readonly localities: string[];
  readonly measures: Measures;
  readonly byTeam: TeamRow[];
  /** The period's trend: weekly up to 26 weeks (at least 12), monthly beyond; points on fewer than
   * 5 items have no percent (their base is given). */
  readonly trend: Trend;
  /** When no final plan was issued in the period: the 20-week figure of the latest 12 months (to
   * today), so that the key national measure is never blank; null otherwise. */
  readonly ehcpLatest12Months: { readonly from: string; readonly to: string; readonly met: number; readonly total: number; readonly percent: number | null; readonly excepted: number } | null;
}

function compactFigures(m: Measures): TeamRow['figures'] {
  const r = (x: { met: number; total: number; percent: number | null }) => ({ met: x.met, total: x.total, percent: x.percent });
  return {
    ehcpWithin20Weeks: r(m.ehcpWithin20Weeks),
    ehcpExcepted: { count: m.ehcpWithin20Weeks.excepted.count },
    decisionsWithin6Weeks: r(m.decisionsWithin6Weeks),
    reviewsOnTime: r(m.reviewsOnTime),
    reviewsOverdueNow: { count: m.reviewsOnTime.overdueNow.count },
    reviewOutcomeWithin4Weeks: r(m.reviewOutcomeWithin4Weeks),
    adviceWithin6Weeks: r(m.adviceWithin6Weeks),
    supervisedInLastMonth: r(m.supervision.supervisedInLastMonth),
    notesWithin10WorkingDays: r(m.supervision.notesWithin10WorkingDays),
    caseworkWithin48Hours: r(m.caseworkWithin48Hours),
    cmooeCurrent: { count: m.cmooe.current.count },
    summariesOnTime: r(m.cmooe.summariesOnTime),
    exclusionsWithoutProvision: { count: m.cmooe.exclusionsWithoutProvision.count },
    ...meetingActionFigures(m),
  };
}

/** The meeting actions' figures of a team row (docs/rules.md section 6). */
function meetingActionFigures(m: Measures): TeamRow['figures'] {
  const r = m.meetingActions.onTime;
  return { meetingActionsOnTime: { met: r.met, total: r.total, percent: r.percent }, meetingActionsOverdueNow: { count: m.meetingActions.overdueNow.count } };
}

/** Drop the ids from the figures (the dashboard shows numbers; the ids come from drill-down). */
function withoutIds(m: Measures): Measures {
  // A copy that never walks into the id lists (tens of thousands of strings for a whole service).
  const copy = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(copy);
    if (x === null || typeof x !== 'object') return x;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== 'ids' && k !== 'missedIds' && k !== 'byCase') out[k] = copy(v);
    return out;
  };
  return copy(m) as Measures;
}

export function dashboard(snapshot: Snapshot, viewer: Person, requested: DashboardFilter): DashboardView {
  checkPeriod(requested.from, requested.to);
  const filter = scopedFilter(viewer, requested);
  const allTeams = snapshot.remember('teams', () => distinct(snapshot.file.cases.map((c) => c.team)));
  const allLocalities = snapshot.remember('localities', () => distinct(snapshot.file.cases.map((c) => c.locality)));
  const teams = allTeams.filter((t) => canSeeTeam(viewer, t));
  const localities = seesAllCases(viewer) ? allLocalities : snapshot.remember(`loc|${filter.team}`, () => distinct(snapshot.file.cases.filter((c) => c.team === filter.team).map((c) => c.locality)));
  const rowsTeams = filter.team !== null ? [filter.team] : teams;
  const view = snapshot.remember(`d|${filter.from}|${filter.to}|${filter.team ?? ''}|${filter.locality ?? ''}`, () => {
    const m = snapshot.figuresFor(filter);
    let ehcpLatest12Months: DashboardView['ehcpLatest12Months'] = null;
    if (m.ehcpWithin20Weeks.total === 0) {
      const year = { from: fromDay(addMonths(toDay(snapshot.today), -12) + 1), to: snapshot.today };
      const r = snapshot.figuresFor({ ...filter, ...year }).ehcpWithin20Weeks;
      ehcpLatest12Months = { ...year, met: r.met, total: r.total, percent: r.percent, excepted: r.excepted.count };
    }
    return {
      measures: withoutIds(m),
      byTeam: rowsTeams.map((team) => ({ team, figures: compactFigures(snapshot.figuresFor({ ...filter, team })) })),
      trend: snapshot.trendFor(filter),
      ehcpLatest12Months,
    };
  });
  return { today: snapshot.today, filter, teams, localities, ...view };
}

function distinct(values: ReadonlyArray<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))].sort();
}

// ---- drill-down -----------------------------------------------------------------------------------

export interface CaseRow {
  readonly id: string;
  readonly childName: string;
  readonly initials: string;
  readonly team: string | null;
  readonly locality: string | null;
  readonly leadProfessional: string | null;
  /** The obligations of this case that make the figure (kind, due, status). */
  readonly obligations: {
    kind: ObligationKind;
    label: string;
    due: string;
    status: ObligationStatus;
    completedOn: string | null;
    citation: string;
    /** Where the due date comes from. */
    basis: string;
    subject: string | null;
    key: string;
    /** How the tab records it while it is open, else null. */
    record: WorkItem['record'];
  }[];
  readonly overdue: number;
}

export interface PersonRow {
  readonly id: string;
  readonly name: string;
  readonly team: string | null;
  readonly manager: string | null;
  readonly lastSupervision: string | null;
}

export interface DrillDown {
  readonly figure: FigureName;
  readonly which: 'all' | 'missed';
  readonly filter: DashboardFilter;
  readonly entity: 'case' | 'person';
  readonly total: number;
  readonly rows: (CaseRow | PersonRow)[];
}

export function isFigureName(x: string): x is FigureName {
  return (FIGURE_NAMES as readonly string[]).includes(x);
}

export function drillDown(snapshot: Snapshot, viewer: Person, request: DashboardFilter & { figure: string; which: 'all' | 'missed'; limit: number }): DrillDown {
  checkPeriod(request.from, request.to);
  if (!isFigureName(request.figure)) throw new BadRequestError(`unknown figure ${JSON.stringify(request.figure)}; one of ${FIGURE_NAMES.join(', ')}`);
  const figure = request.figure;
  const filter = scopedFilter(viewer, request);
  // Remembered per viewer (never shared between people) until the store changes.
  return snapshot.remember(`drill|${viewer.id}|${figure}|${request.which}|${request.limit}|${filter.from}|${filter.to}|${filter.team ?? ''}|${filter.locality ?? ''}`, () =>
    drillDownRows(snapshot, viewer, filter, figure, request.which, request.limit),
  );
}

function drillDownRows(snapshot: Snapshot, viewer: Person, filter: DashboardFilter, figure: FigureName, which: 'all' | 'missed', limit: number): DrillDown {
  const request = { which, limit };
  const m = snapshot.measuresFor(filter);
  const ids = idsOfFigure(m, figure, request.which);
  const today = snapshot.today;
  if (PERSON_FIGURES.includes(figure)) {
    const people = ids.map((id) => snapshot.people.get(id)).filter((p): p is Person => p !== undefined && (p.team === null ? seesAllCases(viewer) : canSeeTeam(viewer, p.team)));
    const last = new Map<string, string>();
    for (const s of snapshot.file.supervisions) if (s.heldOn <= today && (last.get(s.superviseeId) ?? '') < s.heldOn) last.set(s.superviseeId, s.heldOn);
    const rows: PersonRow[] = people.slice(0, request.limit).map((p) => ({
      id: p.id,
      name: p.name,
      team: p.team,
      manager: p.managerId ? (snapshot.people.get(p.managerId)?.name ?? p.managerId) : null,
      lastSupervision: last.get(p.id) ?? null,
    }));
    return { figure, which: request.which, filter, entity: 'person', total: people.length, rows };
  }
  const kind = FIGURE_KINDS[figure];
  const cases = ids.map((id) => snapshot.cases.get(id)).filter((c): c is Case => c !== undefined && canSeeCase(viewer, c, today));
  const behind = behindFigure(figure, which, filter, m);
  const rows = cases.slice(0, request.limit).map((c) => caseRow(snapshot, c, kind, behind));
  return { figure, which: request.which, filter, entity: 'case', total: cases.length, rows };
}

const SETTLED_STATUSES = new Set<ObligationStatus>(['met', 'met-late', 'overdue', 'missed']);

/** Which obligations of a case make it count in a figure (the same tests as domain/measures). */
function behindFigure(figure: FigureName, which: 'all' | 'missed', filter: DashboardFilter, m: Measures): (o: Obligation) => boolean {
  const inPeriod = (on: string) => on >= filter.from && on <= filter.to;
  const missedOnly = (o: Obligation) => which === 'all' || o.status !== 'met';
  switch (figure) {
    case 'ehcpWithin20Weeks':
      return (o) => o.completedOn !== null && inPeriod(o.completedOn) && o.status !== 'excepted' && missedOnly(o);
    case 'ehcpExcepted':
      return (o) => o.completedOn !== null && inPeriod(o.completedOn) && o.status === 'excepted';
    case 'caseworkWithin48Hours':
      // The recorded instant's date, give or take the hour of British Summer Time at midnight.
      return (o) => o.completedOn !== null && inPeriod(o.completedOn.slice(0, 10)) && missedOnly(o);
    case 'summariesOnTime':
      return (o) => m.cmooe.summariesOnTime.deadlines.includes(o.due) && missedOnly(o);
    case 'reviewsOverdueNow':
    case 'exclusionsWithoutProvision':
      return (o) => o.status === 'overdue';
    default:
      return (o) => inPeriod(o.due) && SETTLED_STATUSES.has(o.status) && missedOnly(o);
  }
}

function caseRow(snapshot: Snapshot, c: Case, kind: ObligationKind | undefined, counts: (o: Obligation) => boolean): CaseRow {
  const all = snapshot.byCase.get(c.id) ?? [];
  // The obligations of the figure's kind that make it count (at most the latest five).
  const behind =
    kind === undefined
      ? []
      : all
          .filter((o) => o.kind === kind && counts(o))
          .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))
          .slice(-5);
  return {
    id: c.id,
    childName: c.childName,
    initials: initials(c.childName),
    team: c.team,
    locality: c.locality,
    leadProfessional: c.leadProfessionalId ? (snapshot.people.get(c.leadProfessionalId)?.name ?? c.leadProfessionalId) : null,
    obligations: behind.map((o) => ({
      kind: o.kind,
      label: obligationLabel(o),
      due: o.due,
      status: o.status,
      completedOn: o.completedOn,
      citation: o.citation,
      basis: o.basis,
      subject: o.subject,
      key: o.key,
      record: isOpen(o) ? recordingOf(o.kind) : null,
    })),
    overdue: all.filter((o) => o.status === 'overdue').length,
  };
}

// ---- case list and case page ------------------------------------------------------------------------

export interface TimelineEntry {
  readonly key: string;
  readonly kind: ObligationKind;
  readonly label: string;
  readonly due: string;
  readonly status: ObligationStatus;
  /** met, late, overdue, upcoming (due-soon and upcoming), excepted, missed (its meeting went ahead
   * without it), or for "not before" rules ok / breached. */
  readonly phase: 'met' | 'late' | 'overdue' | 'upcoming' | 'excepted' | 'missed' | 'ok' | 'breached';
  readonly completedOn: string | null;
  readonly citation: string;
  /** Where the due date comes from. */
  readonly basis: string;
  readonly subject: string | null;
  readonly owner: string | null;
  readonly meetingOn: string | null;
  readonly pfa: boolean | null;
  /** How the tab records it while it is open (Done with a date or a form), else null. */
  readonly record: WorkItem['record'];
  /** The person it is about (supervision), by id. */
  readonly personId: string | null;
}

export interface CaseDetail {
  readonly today: string;
  readonly access: AccessReason;
  readonly case: {
    id: string;
    childName: string;
    dateOfBirth: string;
    ncYear: number;
    childInCare: boolean;
    team: string | null;
    locality: string | null;
    setting: string | null;
    primaryNeed: string | null;
    leadProfessional: string | null;
    inclusionLead: string | null;
    consentToShare: Case['consentToShare'];
    planIssuedOn: string | null;
    cmooeNow: { from: string; reason: string; series: string } | null;
  };
  readonly timeline: TimelineEntry[];
  readonly summaries: (Case['cmooeSummaries'][number] & { author: string })[];
  readonly notes: { eventAt: string; recordedAt: string; author: string; text: string; onTime: boolean }[];
  readonly nominations: { seriesId: string; by: string; concern: string; madeOn: string }[];
  readonly actions: { id: string; text: string; owner: string; dueOn: string; closedOn: string | null; meetingOn: string }[];
}

export function phaseOf(status: ObligationStatus): TimelineEntry['phase'] {
  switch (status) {
    case 'met':
      return 'met';
    case 'met-late':
      return 'late';
    case 'overdue':
      return 'overdue';
    case 'due-soon':
    case 'upcoming':
      return 'upcoming';
    default:
      return status;
  }
}

/** The case page. CaseNotFound for a case the viewer may not see (section 7) and for an unknown one alike. */
export function caseDetail(snapshot: Snapshot, viewer: Person, caseId: string): CaseDetail {
  const c = snapshot.cases.get(caseId);
  const access = c === undefined ? null : accessReason(viewer, c, snapshot.today, snapshot.auditingOf(viewer.id));
  if (c === undefined || access === null) throw new CaseNotFound(caseId);
  const name = (id: string | null) => (id === null ? null : (snapshot.people.get(id)?.name ?? id));
  const today = toDay(snapshot.today);
  const period = cmooePeriodOn(c, today);
  // An audit is the auditor's work, shown on the Audits page, not on the case's timeline.
  const timeline = [...(snapshot.byCase.get(c.id) ?? [])]
    .filter((o) => o.kind !== 'audit')
    .sort(compareObligations)
    .map((o) => ({
      key: o.key,
      kind: o.kind,
      label: obligationLabel(o),
      due: o.due,
      status: o.status,
      phase: phaseOf(o.status),
      completedOn: o.completedOn,
      citation: o.citation,
      basis: o.basis,
      subject: o.subject,
      owner: name(o.ownerId),
      meetingOn: o.meetingOn,
      pfa: o.pfa,
      record: isOpen(o) ? recordingOf(o.kind) : null,
      personId: o.personId,
    }));
  const notes = [...c.caseNotes]
    .sort((a, b) => Date.parse(a.eventAt) - Date.parse(b.eventAt))
    .map((n) => ({ eventAt: n.eventAt, recordedAt: n.recordedAt, author: name(n.authorId)!, text: n.text, onTime: Date.parse(n.recordedAt) - Date.parse(n.eventAt) <= 48 * 3_600_000 }));
  return {
    today: snapshot.today,
    access,
    case: {
      id: c.id,
      childName: c.childName,
      dateOfBirth: c.dateOfBirth,
      ncYear: c.ncYearOverride ?? ncYear(toDay(c.dateOfBirth), today),
      childInCare: c.childInCare,
      team: c.team,
      locality: c.locality,
      setting: c.setting,
      primaryNeed: c.primaryNeed,
      leadProfessional: name(c.leadProfessionalId),
      inclusionLead: name(c.inclusionLeadId),
      consentToShare: c.consentToShare,
      planIssuedOn: c.plan?.issuedOn ?? null,
      cmooeNow: period === null ? null : { from: period.from, reason: period.reason, series: seriesIdForCase(c) },
    },
    timeline,
    summaries: [...c.cmooeSummaries].sort((a, b) => (a.submittedOn < b.submittedOn ? 1 : -1)).map((s) => ({ ...s, author: name(s.authorId)! })),
    notes,
    nominations: snapshot.file.nominations.filter((n) => n.caseId === c.id).map((n) => ({ seriesId: n.seriesId, by: name(n.byId)!, concern: n.concern, madeOn: n.madeOn })),
    actions: snapshot.file.actions.filter((a) => a.caseId === c.id).map((a) => ({ id: a.id, text: a.text, owner: name(a.ownerId)!, dueOn: a.dueOn, closedOn: a.closedOn, meetingOn: a.meetingOn })),
  };
}

// ---- my work ----------------------------------------------------------------------------------------

export interface WorkItem {
  readonly key: string;
  readonly kind: ObligationKind;
  readonly label: string;
  readonly caseId: string | null;
  readonly childName: string | null;
  readonly person: string | null;
  readonly due: string;
  readonly status: ObligationStatus;
  readonly citation: string;
  /** Where the due date comes from. */
  readonly basis: string;
  /** What to type to the bot to record it. */
  readonly command: string;
  /** A Teams deep link that opens the chat with the bot with the command typed in (null without a bot id). */
  readonly link: string | null;
  /** How the tab records it: Done with a date, one of the forms, or not from the tab (null). */
  readonly record: 'done' | 'close' | 'summary' | 'note' | 'supervision' | null;
  /** The person it is about (supervision), by id: the supervision form's choice. */
  readonly personId: string | null;
}

/** How the tab records an obligation of this kind (the same actions as the digest's buttons). */
export function recordingOf(kind: ObligationKind): WorkItem['record'] {
  const action = lineAction(kind);
  switch (action.type) {
    case 'done':
    case 'notes-shared':
      return 'done';
    case 'close':
      return 'close';
    case 'form':
      return action.verb === 'form.nominate' ? null : (action.verb.slice(5) as 'summary' | 'note' | 'supervision');
    case 'tab':
      return null;
  }
}

/** The bot command that records each kind (the table of kinds, kinds.ts `botCommand`). */
export function botCommandFor(o: Pick<Obligation, 'kind' | 'caseId' | 'personId'>): string {
  return KINDS[o.kind].botCommand(o);
}

export function botDeepLink(botId: string | null, command: string): string | null {
  if (!botId) return null;
  return `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(botId)}&message=${encodeURIComponent(command)}`;
}

const STATUS_ORDER: Record<string, number> = { overdue: 0, 'due-soon': 1, upcoming: 2 };

/** The viewer's open obligations, overdue first, then by due date; only cases they may see. */
export function myWork(snapshot: Snapshot, viewer: Person, botId: string | null): { today: string; items: WorkItem[] } {
  const mine = (snapshot.byOwner.get(viewer.id) ?? []).filter(isOpen);
  const items: WorkItem[] = [];
  for (const o of mine) {
    let childName: string | null = null;
    let caseId = o.caseId;
    if (caseId !== null) {
      const c = snapshot.cases.get(caseId);
      if (c === undefined || !canSeeCase(viewer, c, snapshot.today, snapshot.auditingOf(viewer.id))) {
        // An action agreed at a meeting is its owner's even on a case they may not see: shown without
        // the case (section 7); anything else on such a case is not theirs to see.
        if (o.kind !== 'meeting-action') continue;
        caseId = null;
      } else childName = c.childName;
    }
    const command = botCommandFor({ kind: o.kind, caseId, personId: o.personId });
    items.push({
      key: o.key,
      kind: o.kind,
      label: obligationLabel(o),
      caseId,
      childName,
      person: o.personId === null ? null : (snapshot.people.get(o.personId)?.name ?? o.personId),
      due: o.due,
      status: o.status,
      citation: o.citation,
      basis: o.basis,
      command,
      link: botDeepLink(botId, command),
      record: recordingOf(o.kind),
      personId: o.personId,
    });
  }
  items.sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  return { today: snapshot.today, items };
}

/** What the tab shows about the signed-in person. */
export function me(
  viewer: Person,
  snapshot: Snapshot,
): { id: string; name: string; roles: Role[]; team: string | null; views: string[]; series: { id: string; title: string }[]; policy: { name: string; title: string } } {
  // Everyone has My work, the cases they may see and their forecast; managers the dashboard first.
  let views = ['my-work', 'cases', 'forecast'];
  if (mayUseDashboard(viewer)) views.unshift('dashboard');
  if (mayUseChairView(viewer)) views.push('chair');
  // The service manager chairs the weekly meeting with the team managers (PS 4.1).
  if (viewer.roles.includes('service-manager')) views.push('weekly');
  // The records themselves (issue 16; docs/rules.md section 7): the access record for information
  // governance and service managers; subject access and retention for information governance, who
  // has no cases of their own (their first page is the access record).
  const governance = viewer.roles.includes('information-governance');
  if (governance && viewer.roles.every((r) => r === 'information-governance')) views = [];
  if (governance || viewer.roles.includes('service-manager')) views.push('access-record');
  if (governance) views.push('subject-access', 'retention');
  // Audits (docs/rules.md section 8): the QA officer's programme, the audit figure for those who use the
  // dashboard, and anyone with an audit or a moderation of their own.
  if (viewer.roles.includes('qa-officer') || mayUseDashboard(viewer) || snapshot.file.audits.some((a) => a.auditorId === viewer.id || a.moderation?.moderatorId === viewer.id)) views.push('audits');
  return {
    id: viewer.id,
    name: viewer.name,
    roles: viewer.roles,
    team: viewer.team,
    views,
    // The series of the chair's view: a chair's own, every one for Business Support.
    series: snapshot.file.meetingSeries.filter((s) => viewer.roles.includes('business-support') || chairsSeries(viewer, s.id)).map((s) => ({ id: s.id, title: s.title })),
    // The profile in force, for the tab's header (docs/rules.md section 9).
    policy: { name: snapshot.policy.policy.name, title: snapshot.policy.policy.title },
  };
}
