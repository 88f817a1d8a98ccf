// "What's due" and "my cases" for one person, through the access rules (docs/rules.md section 7).
// Obligations are computed from the cases the person may see (the ones they lead or hold, their
// reports' cases for mediation, their team's as a team manager) and the supervisions of the people
// they manage; only obligations they own are "theirs".
import { isCmooeOn } from '../domain/cmooe.js';
import { fromDay, londonDayOfInstant, londonOffsetMs, londonToday, toDay } from '../domain/dates.js';
import type { Case, Person } from '../domain/model.js';
import { obligationLabel } from '../domain/kinds.js';
import { compareObligations, type Obligation } from '../domain/obligation.js';
import { obligationsOfActions, obligationsOfCase, obligationsOfPerson } from '../domain/obligations.js';
import type { CaseStore, StoredCase } from '../store/port.js';
import { canSeeCase, CaseNotFound, initials } from './access.js';
import { storeRuleContext } from './rule-context.js';
import { pushAll } from '../domain/lists.js';
import type { Snapshot } from './dashboard.js';

export interface WorkDeps {
  readonly store: CaseStore;
  readonly clock: () => number;
}

/** One obligation as the bot shows it: case reference and initials, never a child's name. */
export interface DueItem {
  readonly key: string;
  readonly caseId: string | null;
  /** The child's initials, or the staff member's name for supervision obligations. */
  readonly who: string;
  readonly kind: Obligation['kind'];
  /** What it is (an advice line names its agency, an action line its action). */
  readonly what: string;
  /** YYYY-MM-DD (for an instant deadline, its Europe/London date and time). */
  readonly due: string;
  readonly status: 'overdue' | 'due-soon';
  readonly citation: string;
  /** Where the due date comes from. */
  readonly basis: string;
  readonly subject: string | null;
}

export interface MyObligations {
  readonly today: string;
  /** "Due soon" means within this many days (the profile's reminder lookahead). */
  readonly lookaheadDays: number;
  readonly overdue: DueItem[];
  readonly dueSoon: DueItem[];
}

export { CaseNotFound };

/** Case references look like C-1001; users type "c1001" or "c-1001" too. */
export function normaliseCaseId(text: string): string {
  const t = text.trim().toUpperCase();
  const m = /^C-?(\d+)$/.exec(t);
  return m ? `C-${m[1]}` : t;
}

function nowIso(clock: () => number): string {
  return new Date(clock()).toISOString();
}

/** Cases whose obligations may belong to `person`. */
async function candidateCases(store: CaseStore, person: Person, people: readonly Person[]): Promise<StoredCase[]> {
  const reports = people.filter((p) => p.managerId === person.id).map((p) => p.id);
  const queries = [store.queryCases({ leadProfessionalId: person.id }), store.queryCases({ inclusionLeadId: person.id }), ...reports.map((id) => store.queryCases({ leadProfessionalId: id }))];
  const byId = new Map<string, StoredCase>();
  for (const list of await Promise.all(queries)) for (const s of list) byId.set(s.case.id, s);
  return [...byId.values()];
}

function dueText(o: Obligation): string {
  if (o.due.length === 10) return o.due;
  // An instant (casework): show it in Europe/London, to the minute.
  const ms = Date.parse(o.due);
  const local = ms + londonOffsetMs(ms);
  return `${fromDay(londonDayOfInstant(ms))} ${new Date(local).toISOString().slice(11, 16)} (UK time)`;
}

function toItem(o: Obligation, caseById: ReadonlyMap<string, Case>, peopleById: ReadonlyMap<string, Person>): DueItem {
  const c = o.caseId ? caseById.get(o.caseId) : undefined;
  const who = c ? initials(c.childName) : o.personId ? (peopleById.get(o.personId)?.name ?? o.personId) : '';
  return {
    key: o.key,
    // An action on a case the owner may not see is shown without the case (standards section 7).
    caseId: c !== undefined || o.kind !== 'meeting-action' ? o.caseId : null,
    who,
    kind: o.kind,
    what: obligationLabel(o),
    due: dueText(o),
    status: o.status as 'overdue' | 'due-soon',
    citation: o.citation,
    basis: o.basis,
    subject: o.subject,
  };
}

/** The person's open obligations: overdue first (oldest first), then due soon (soonest first). */
export async function myObligations(deps: WorkDeps, person: Person): Promise<MyObligations> {
  const ms = deps.clock();
  const today = londonToday(ms);
  const { people, ctx } = await storeRuleContext(deps.store, today, nowIso(deps.clock));
  const cases = (await candidateCases(deps.store, person, people)).map((s) => s.case).filter((c) => canSeeCase(person, c, today));
  const all: Obligation[] = [];
  for (const c of cases) pushAll(all, obligationsOfCase(c, ctx));
  const reports = people.filter((p) => p.managerId === person.id);
  if (reports.length > 0) {
    const histories = await Promise.all(reports.map((r) => deps.store.listSupervisions({ superviseeId: r.id })));
    reports.forEach((r, i) => pushAll(all, obligationsOfPerson(r, histories[i]!, ctx)));
  }
  // The actions agreed at meetings that are theirs (docs/rules.md section 5), whichever case they concern.
  all.push(...obligationsOfActions(await deps.store.listActions({ ownerId: person.id, open: true }), ctx));
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const peopleById = new Map(people.map((p) => [p.id, p]));
  const own = all.filter((o) => o.ownerId === person.id).sort(compareObligations);
  return {
    today,
    lookaheadDays: ctx.lookaheadDays,
    overdue: own.filter((o) => o.status === 'overdue').map((o) => toItem(o, caseById, peopleById)),
    dueSoon: own.filter((o) => o.status === 'due-soon').map((o) => toItem(o, caseById, peopleById)),
  };
}

export interface MyCase {
  readonly id: string;
  readonly initials: string;
  readonly role: 'lead professional' | 'inclusion lead';
  readonly cmooe: boolean;
  readonly overdue: number;
  readonly dueSoon: number;
  /** Whose the open items are: the person's own first, then each other owner by name. */
  readonly owners: ReadonlyArray<{ readonly name: string; readonly mine: boolean; readonly overdue: number; readonly dueSoon: number }>;
}

/** One row of "my cases": the case's overdue and due-soon counts, and whose they are (the person's first). */
function myCaseRow(c: Case, role: MyCase['role'], obligations: readonly Obligation[], today: string, personId: string, nameOf: (id: string) => string | undefined): MyCase {
  const owners = new Map<string, { name: string; mine: boolean; overdue: number; dueSoon: number }>();
  for (const o of obligations) {
    if (o.status !== 'overdue' && o.status !== 'due-soon') continue;
    const id = o.ownerId ?? '';
    let row = owners.get(id);
    if (row === undefined) {
      const name = o.ownerId === null ? 'no one recorded' : (nameOf(o.ownerId) ?? o.ownerId);
      owners.set(id, (row = { name, mine: o.ownerId === personId, overdue: 0, dueSoon: 0 }));
    }
    if (o.status === 'overdue') row.overdue += 1;
    else row.dueSoon += 1;
  }
  return {
    id: c.id,
    initials: initials(c.childName),
    role,
    cmooe: isCmooeOn(c, toDay(today)),
    overdue: obligations.filter((o) => o.status === 'overdue').length,
    dueSoon: obligations.filter((o) => o.status === 'due-soon').length,
    owners: [...owners.values()].sort((a, b) => Number(b.mine) - Number(a.mine) || a.name.localeCompare(b.name)),
  };
}

/** The cases the person leads or holds, sorted by reference, with counts of their open obligations
 * and whose they are (a case's CMOOE summary is its inclusion lead's, its reviews its lead's). */
export async function myCases(deps: WorkDeps, person: Person): Promise<{ today: string; cases: MyCase[] }> {
  const today = londonToday(deps.clock());
  const { ctx } = await storeRuleContext(deps.store, today, nowIso(deps.clock));
  const [led, held] = await Promise.all([deps.store.queryCases({ leadProfessionalId: person.id }), deps.store.queryCases({ inclusionLeadId: person.id })]);
  const byId = new Map<string, { c: Case; role: MyCase['role'] }>();
  for (const s of held) byId.set(s.case.id, { c: s.case, role: 'inclusion lead' });
  for (const s of led) byId.set(s.case.id, { c: s.case, role: 'lead professional' });
  const out: MyCase[] = [];
  for (const { c, role } of [...byId.values()].sort((a, b) => (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0))) {
    out.push(myCaseRow(c, role, obligationsOfCase(c, ctx), today, person.id, (id) => ctx.peopleById.get(id)?.name));
  }
  return { today, cases: out };
}

export interface CaseDetails {
  readonly today: string;
  readonly case: Case;
  /** Open obligations of the case (overdue, due soon, upcoming), by due date. */
  readonly open: Array<{ what: string; due: string; status: string; citation: string; basis: string; owner: string | null }>;
  readonly cmooe: boolean;
  readonly leadName: string | null;
  readonly inclusionLeadName: string | null;
  /** The latest CMOOE summary (by date submitted), its author by name; null when none (issue 13). */
  readonly latestSummary: { submittedOn: string; author: string; actionsToDate: string; currentSteps: string; keyDates: string; corrected: boolean } | null;
  /** The last three case notes (by the event's time, newest first), authors by name. */
  readonly recentNotes: Array<{ eventAt: string; recordedAt: string; author: string; text: string; corrected: boolean }>;
  /** How many case notes the case has in all (the tab's case page shows them all). */
  readonly noteCount: number;
}

/** Case notes shown in the bot's case card (the tab's case page shows them all). */
export const RECENT_NOTES = 3;

/** A case's details for someone allowed to see it (CaseNotFound otherwise, whether or not it exists). */
export async function caseDetails(deps: WorkDeps, person: Person, caseIdText: string): Promise<CaseDetails> {
  const caseId = normaliseCaseId(caseIdText);
  const today = londonToday(deps.clock());
  const stored = await deps.store.getCase(caseId);
  if (!stored || !canSeeCase(person, stored.case, today)) throw new CaseNotFound(caseId);
  const { people, ctx } = await storeRuleContext(deps.store, today, nowIso(deps.clock));
  const peopleById = new Map(people.map((p) => [p.id, p]));
  const actions = await deps.store.listActions({ caseId, open: true });
  const open = [...obligationsOfCase(stored.case, ctx), ...obligationsOfActions(actions, ctx)]
    .filter((o) => o.status === 'overdue' || o.status === 'due-soon' || o.status === 'upcoming')
    .sort(compareObligations)
    .map((o) => ({
      what: obligationLabel(o),
      due: dueText(o),
      status: o.status,
      citation: o.citation,
      basis: o.basis,
      owner: o.ownerId ? (peopleById.get(o.ownerId)?.name ?? o.ownerId) : null,
    }));
  const c = stored.case;
  return {
    today,
    case: c,
    open,
    ...readBack(c, (id) => peopleById.get(id)?.name ?? id),
    cmooe: isCmooeOn(c, toDay(today)),
    leadName: c.leadProfessionalId ? (peopleById.get(c.leadProfessionalId)?.name ?? c.leadProfessionalId) : null,
    inclusionLeadName: c.inclusionLeadId ? (peopleById.get(c.inclusionLeadId)?.name ?? c.inclusionLeadId) : null,
  };
}

/** A case the person may see (for the forms), or CaseNotFound (whether or not it exists). */
export async function visibleCase(deps: WorkDeps, person: Person, caseIdText: string): Promise<StoredCase> {
  const caseId = normaliseCaseId(caseIdText);
  const stored = await deps.store.getCase(caseId);
  if (!stored || !canSeeCase(person, stored.case, londonToday(deps.clock()))) throw new CaseNotFound(caseId);
  return stored;
}

// ---- the same answers from the server's snapshot (issue 18) --------------------------------------
// The bot's read-only replies read the snapshot that the change feed keeps current (one delta round a
// message), not the store: on SharePoint each store query is a Graph request. "What's due" is the
// person's own open work as the tab's "My work" has it (dashboard.ts myWork: every obligation they own,
// on the cases they may see; an action agreed at a meeting on a case they may not see, without the case).

/** The person's open obligations, from the snapshot. */
export function myObligationsIn(snapshot: Snapshot, person: Person): MyObligations {
  const peopleById = snapshot.people;
  const visible = new Map<string, Case>();
  const own: Obligation[] = [];
  for (const o of snapshot.byOwner.get(person.id) ?? []) {
    if (o.status !== 'overdue' && o.status !== 'due-soon') continue;
    if (o.caseId !== null) {
      const c = snapshot.cases.get(o.caseId);
      if (c !== undefined && canSeeCase(person, c, snapshot.today)) visible.set(c.id, c);
      else if (o.kind !== 'meeting-action') continue;
    }
    own.push(o);
  }
  own.sort(compareObligations);
  return {
    today: snapshot.today,
    lookaheadDays: snapshot.policy.policy.parameters.reminderLookaheadDays,
    overdue: own.filter((o) => o.status === 'overdue').map((o) => toItem(o, visible, peopleById)),
    dueSoon: own.filter((o) => o.status === 'due-soon').map((o) => toItem(o, visible, peopleById)),
  };
}

/** The cases the person leads or holds, from the snapshot (as myCases). */
export function myCasesIn(snapshot: Snapshot, person: Person): { today: string; cases: MyCase[] } {
  const today = snapshot.today;
  const out: MyCase[] = [];
  const mine = snapshot.file.cases.filter((c) => c.leadProfessionalId === person.id || c.inclusionLeadId === person.id).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const c of mine) {
    const role: MyCase['role'] = c.leadProfessionalId === person.id ? 'lead professional' : 'inclusion lead';
    // The case's own obligations, as myCases counts them (its list also holds its meeting actions).
    const obligations = (snapshot.byCase.get(c.id) ?? []).filter((o) => o.kind !== 'meeting-action');
    out.push(myCaseRow(c, role, obligations, today, person.id, (id) => snapshot.people.get(id)?.name));
  }
  return { today, cases: out };
}

/** A case's details from the snapshot, for someone allowed to see it (CaseNotFound otherwise). */
/** What was recorded, read back (issue 13): the latest CMOOE summary and the last notes, newest first. */
function readBack(c: Case, nameOf: (id: string) => string): Pick<CaseDetails, 'latestSummary' | 'recentNotes' | 'noteCount'> {
  const summary = [...c.cmooeSummaries].sort((a, b) => (a.submittedOn < b.submittedOn ? 1 : a.submittedOn > b.submittedOn ? -1 : 0))[0];
  const notes = [...c.caseNotes].sort((a, b) => (a.eventAt < b.eventAt ? 1 : a.eventAt > b.eventAt ? -1 : 0)).slice(0, RECENT_NOTES);
  return {
    latestSummary: summary
      ? {
          submittedOn: summary.submittedOn,
          author: nameOf(summary.authorId),
          actionsToDate: summary.actionsToDate,
          currentSteps: summary.currentSteps,
          keyDates: summary.keyDates,
          corrected: (summary.corrections?.length ?? 0) > 0,
        }
      : null,
    recentNotes: notes.map((n) => ({ eventAt: n.eventAt, recordedAt: n.recordedAt, author: nameOf(n.authorId), text: n.text, corrected: (n.corrections?.length ?? 0) > 0 })),
    noteCount: c.caseNotes.length,
  };
}

export function caseDetailsIn(snapshot: Snapshot, person: Person, caseIdText: string): CaseDetails {
  const caseId = normaliseCaseId(caseIdText);
  const today = snapshot.today;
  const c = snapshot.cases.get(caseId);
  if (!c || !canSeeCase(person, c, today)) throw new CaseNotFound(caseId);
  const people = snapshot.people;
  // A case's list holds its meeting actions too (dashboard.ts Snapshot).
  const open = [...(snapshot.byCase.get(caseId) ?? [])]
    .filter((o) => o.status === 'overdue' || o.status === 'due-soon' || o.status === 'upcoming')
    .sort(compareObligations)
    .map((o) => ({
      what: obligationLabel(o),
      due: dueText(o),
      status: o.status,
      citation: o.citation,
      basis: o.basis,
      owner: o.ownerId ? (people.get(o.ownerId)?.name ?? o.ownerId) : null,
    }));
  return {
    today,
    case: c,
    open,
    ...readBack(c, (id) => people.get(id)?.name ?? id),
    cmooe: isCmooeOn(c, toDay(today)),
    leadName: c.leadProfessionalId ? (people.get(c.leadProfessionalId)?.name ?? c.leadProfessionalId) : null,
    inclusionLeadName: c.inclusionLeadId ? (people.get(c.inclusionLeadId)?.name ?? c.inclusionLeadId) : null,
  };
}
