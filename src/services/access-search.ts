// Searching the access record (docs/rules.md section 7; issue 16): by case, by person, by date, for
// information governance and service managers; and the report of people who opened many cases outside
// their own and their team's. The record holds identifiers only; this adds the staff's names and the
// words for each way in and each reason.
import { ACCESS_REASON_LABELS, ACCESS_VIA, isAccessVia, outsideOwnReport, type AccessEntry, type AccessVia } from '../domain/access-log.js';
import { isIsoDate, londonToday } from '../domain/dates.js';
import type { Person, Role } from '../domain/model.js';
import type { CaseStore } from '../store/port.js';
import { londonMidnight } from './access-log-retention.js';
import { AccessDeniedError, BadRequestError } from './dashboard.js';

/** Information governance and service managers search the access record (docs/rules.md section 7). */
export const ACCESS_RECORD_ROLES: readonly Role[] = ['information-governance', 'service-manager'];

export function mayReadAccessRecord(viewer: Pick<Person, 'roles'>): boolean {
  return viewer.roles.some((r) => ACCESS_RECORD_ROLES.includes(r));
}

export function requireAccessRecordReader(viewer: Pick<Person, 'roles'>): void {
  if (!mayReadAccessRecord(viewer)) {
    throw new AccessDeniedError('The record of who opened which case is for information governance and service managers (docs/rules.md section 7).');
  }
}

export interface AccessSearch {
  readonly caseId?: string | null;
  readonly personId?: string | null;
  readonly via?: string | null;
  /** London dates, inclusive. */
  readonly from?: string | null;
  readonly to?: string | null;
  readonly limit?: number;
}

export interface AccessRow {
  readonly at: string;
  readonly personId: string;
  readonly person: string;
  readonly roles: string;
  readonly caseId: string;
  readonly via: AccessVia;
  readonly viaLabel: string;
  readonly reason: string;
  readonly reasonLabel: string;
  readonly scope: AccessEntry['scope'];
  readonly detail: string | null;
}

export interface AccessSearchView {
  readonly rows: AccessRow[];
  /** More entries matched than were returned (narrow the search). */
  readonly truncated: boolean;
  readonly limit: number;
  readonly people: Array<{ id: string; name: string }>;
  readonly vias: Array<{ id: string; label: string }>;
}

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A search's bounds as instants; every problem named. */
export function searchBounds(q: Pick<AccessSearch, 'from' | 'to'>): { since?: string; before?: string } {
  const problems: string[] = [];
  if (q.from && !isIsoDate(q.from)) problems.push(`from: not a date (YYYY-MM-DD) ${JSON.stringify(q.from)}`);
  if (q.to && !isIsoDate(q.to)) problems.push(`to: not a date (YYYY-MM-DD) ${JSON.stringify(q.to)}`);
  if (!problems.length && q.from && q.to && q.from > q.to) problems.push(`from: ${q.from} is after to: ${q.to}`);
  if (problems.length) throw new BadRequestError(problems.join('; '));
  return { ...(q.from ? { since: londonMidnight(q.from) } : {}), ...(q.to ? { before: londonMidnight(dayAfter(q.to)) } : {}) };
}

function nameOf(people: ReadonlyMap<string, Person>, id: string): string {
  if (id.startsWith('cli:')) return `command line (${id.slice(4)})`;
  if (id.startsWith('system:')) return `the service (${id.slice(7)})`;
  return people.get(id)?.name ?? id;
}

export function accessRow(e: AccessEntry, people: ReadonlyMap<string, Person>): AccessRow {
  return {
    at: e.at,
    personId: e.personId,
    person: nameOf(people, e.personId),
    roles: people.get(e.personId)?.roles.join(', ') ?? '',
    caseId: e.caseId,
    via: e.via,
    viaLabel: isAccessVia(e.via) ? ACCESS_VIA[e.via].label : e.via,
    reason: e.reason,
    reasonLabel: ACCESS_REASON_LABELS[e.reason] ?? e.reason,
    scope: e.scope,
    detail: e.detail,
  };
}

export async function searchAccessRecord(store: CaseStore, viewer: Person, q: AccessSearch): Promise<AccessSearchView> {
  requireAccessRecordReader(viewer);
  const limit = q.limit ?? 500;
  if (!Number.isInteger(limit) || limit < 1 || limit > 50_000) throw new BadRequestError('limit: a whole number from 1 to 50,000');
  if (q.via && !isAccessVia(q.via)) throw new BadRequestError(`via: one of ${Object.keys(ACCESS_VIA).join(', ')}`);
  const caseId = q.caseId?.trim().toUpperCase() || undefined;
  const [entries, people] = await Promise.all([
    store.listAccess({
      ...(caseId ? { caseId } : {}),
      ...(q.personId ? { personId: q.personId } : {}),
      ...(q.via ? { via: q.via as AccessVia } : {}),
      ...searchBounds(q),
      limit: limit + 1,
    }),
    store.listPeople(),
  ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  return {
    rows: entries.slice(0, limit).map((e) => accessRow(e, byId)),
    truncated: entries.length > limit,
    limit,
    people: people.map((p) => ({ id: p.id, name: p.name })).sort((a, b) => a.name.localeCompare(b.name)),
    vias: Object.entries(ACCESS_VIA).map(([id, v]) => ({ id, label: v.label })),
  };
}

export interface OutsideReportView {
  readonly from: string;
  readonly to: string;
  readonly threshold: number;
  readonly rows: Array<{ personId: string; person: string; roles: string; team: string | null; opened: number; listed: number; openings: number; reasons: string; firstAt: string; lastAt: string }>;
}

/** People who opened at least `threshold` distinct cases outside their own and their team's, in a period. */
export async function outsideReport(store: CaseStore, viewer: Person, q: { from?: string | null; to?: string | null; threshold?: number; now: number }): Promise<OutsideReportView> {
  requireAccessRecordReader(viewer);
  const today = londonToday(q.now);
  const to = q.to || today;
  const from = q.from || new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  const threshold = q.threshold ?? 20;
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 100_000) throw new BadRequestError('threshold: a whole number of cases, 1 or more');
  const [entries, people] = await Promise.all([store.listAccess({ scope: 'other', ...searchBounds({ from, to }), limit: 100_000 }), store.listPeople()]);
  const byId = new Map(people.map((p) => [p.id, p]));
  return {
    from,
    to,
    threshold,
    rows: outsideOwnReport(entries, threshold).map((r) => ({
      personId: r.personId,
      person: nameOf(byId, r.personId),
      roles: byId.get(r.personId)?.roles.join(', ') ?? '',
      team: byId.get(r.personId)?.team ?? null,
      opened: r.opened,
      listed: r.listed,
      openings: r.openings,
      reasons: Object.entries(r.reasons)
        .map(([k, n]) => `${ACCESS_REASON_LABELS[k] ?? k}: ${n}`)
        .join('; '),
      firstAt: r.firstAt,
      lastAt: r.lastAt,
    })),
  };
}
