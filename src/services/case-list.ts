// The case list (issue 15): every case the viewer may see (rules section 7), searched by reference,
// initials or name, filtered by team, a kind of obligation overdue, CMOOE and phase transfer this
// school year, sorted by what needs doing (most overdue first, then the oldest overdue, then the
// nearest due). Computed from the tab's snapshot.
import { cmooePeriodOn } from '../domain/cmooe.js';
import { civilFromDay, dayFromCivil, fromDay, toDay } from '../domain/dates.js';
import type { Case } from '../domain/model.js';
import { KIND_LABELS, obligationLabel } from '../domain/kinds.js';
import { isOpen, OBLIGATION_KINDS, type Obligation, type ObligationKind } from '../domain/obligation.js';
import type { Person } from '../domain/model.js';
import { accessReason, initials, type AccessReason } from './access.js';
import { BadRequestError, type Snapshot } from './dashboard.js';

export interface CaseListFilter {
  /** Reference ("C-1001", "c1001", "1001"), initials ("J.E.", "JE") or part of the child's name. */
  readonly q?: string | null;
  readonly team?: string | null;
  /** Only cases with an obligation of this kind overdue now; "any": with anything overdue. */
  readonly overdue?: string | null;
  /** Only cases missing out on education today. */
  readonly cmooe?: boolean;
  /** Only cases with a phase transfer this school year (moving between 1 September of this school
   * year and 30 September of the next calendar year: this year's transfer round, PS 7.10). */
  readonly phaseTransfer?: boolean;
}

export interface CaseListItem {
  readonly id: string;
  readonly childName: string;
  readonly initials: string;
  readonly team: string | null;
  readonly locality: string | null;
  readonly leadProfessional: string | null;
  readonly access: AccessReason;
  readonly overdue: number;
  /** The kinds overdue now, in the rule book's order, as words. */
  readonly overdueKinds: string[];
  readonly oldestOverdue: string | null;
  readonly dueSoon: number;
  /** The next open obligation not yet overdue. */
  readonly next: { readonly label: string; readonly due: string } | null;
  readonly cmooe: boolean;
  readonly phaseTransferMoveOn: string | null;
}

export interface CaseListView {
  readonly today: string;
  readonly total: number;
  readonly items: CaseListItem[];
  /** Teams the viewer may filter by; the kinds they may ask about. */
  readonly teams: string[];
  readonly kinds: ReadonlyArray<{ readonly kind: ObligationKind; readonly label: string }>;
  /** The transfer round "phase transfer this year" means: moves from..to. */
  readonly transferRound: { readonly from: string; readonly to: string };
}

/** "C-1001", "c1001", "1001" all name case C-1001; a query is a reference when it is digits with an
 * optional C and dash. */
function referenceOf(q: string): string | null {
  const m = /^c?-?(\d+)$/i.exec(q.replace(/\s+/g, ''));
  return m ? m[1]! : null;
}

function initialsKey(text: string): string {
  return text.replace(/[^\p{L}]/gu, '').toUpperCase();
}

/** The transfer round of the school year containing `today`: moves from 1 September of that school
 * year to 30 September of the following calendar year. */
export function transferRound(today: string): { from: string; to: string } {
  const { year, month } = civilFromDay(toDay(today));
  const start = month >= 9 ? year : year - 1;
  return { from: fromDay(dayFromCivil(start, 9, 1)), to: fromDay(dayFromCivil(start + 1, 9, 30)) };
}

export function caseListView(snapshot: Snapshot, viewer: Person, filter: CaseListFilter, page: { limit: number; offset: number }): CaseListView {
  const q = filter.q?.trim() ?? '';
  if (q.length > 100) throw new BadRequestError('the search may be at most 100 characters');
  if (filter.overdue != null && filter.overdue !== 'any' && !(OBLIGATION_KINDS as readonly string[]).includes(filter.overdue)) {
    throw new BadRequestError(`overdue must be "any" or one of ${OBLIGATION_KINDS.join(', ')}, got ${JSON.stringify(filter.overdue)}`);
  }
  const today = snapshot.today;
  const todayDay = toDay(today);
  const round = transferRound(today);
  const reference = q ? referenceOf(q) : null;
  const lower = q.toLowerCase();
  const initialsQuery = q && /^[\p{L}.\s]{2,8}$/u.test(q) ? initialsKey(q) : null;
  const matchesQuery = (c: Case) => {
    if (!q) return true;
    if (reference !== null) return c.id.replace(/\D/g, '') === reference || c.id.toLowerCase().includes(lower);
    if (c.id.toLowerCase().includes(lower) || c.childName.toLowerCase().includes(lower)) return true;
    return initialsQuery !== null && initialsKey(initials(c.childName)) === initialsQuery;
  };
  const name = (id: string | null) => (id === null ? null : (snapshot.people.get(id)?.name ?? id));

  const rows: Array<{ item: CaseListItem; sortOverdue: string; sortNext: string }> = [];
  // The teams of the cases the viewer may see (a team they cannot see is not offered; asked for, it
  // simply lists nothing).
  const visibleTeams = new Set<string>();
  for (const c of snapshot.file.cases) {
    const access = accessReason(viewer, c, today);
    if (access === null) continue;
    if (c.team !== null) visibleTeams.add(c.team);
    if (filter.team != null && c.team !== filter.team) continue;
    if (!matchesQuery(c)) continue;
    const cmooe = cmooePeriodOn(c, todayDay) !== null;
    if (filter.cmooe === true && !cmooe) continue;
    const move = c.phaseTransfer?.moveOn ?? null;
    const inRound = move !== null && move >= round.from && move <= round.to;
    if (filter.phaseTransfer === true && !inRound) continue;
    const obligations: readonly Obligation[] = snapshot.byCase.get(c.id) ?? [];
    const overdue = obligations.filter((o) => o.status === 'overdue');
    if (filter.overdue === 'any' && overdue.length === 0) continue;
    if (filter.overdue != null && filter.overdue !== 'any' && !overdue.some((o) => o.kind === filter.overdue)) continue;
    const open = obligations.filter((o) => isOpen(o) && o.status !== 'overdue').sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
    const oldest = overdue.reduce<string | null>((m, o) => (m === null || o.due < m ? o.due : m), null);
    const kinds = new Set(overdue.map((o) => o.kind));
    const next = open[0];
    rows.push({
      sortOverdue: oldest ?? '9999',
      sortNext: next?.due ?? '9999',
      item: {
        id: c.id,
        childName: c.childName,
        initials: initials(c.childName),
        team: c.team,
        locality: c.locality,
        leadProfessional: name(c.leadProfessionalId),
        access,
        overdue: overdue.length,
        overdueKinds: OBLIGATION_KINDS.filter((k) => kinds.has(k)).map((k) => KIND_LABELS[k]),
        oldestOverdue: oldest === null ? null : oldest.slice(0, 10),
        dueSoon: obligations.filter((o) => o.status === 'due-soon').length,
        next: next ? { label: obligationLabel(next), due: next.due.slice(0, 10) } : null,
        cmooe,
        phaseTransferMoveOn: move,
      },
    });
  }
  // What needs doing first: the most overdue, then the longest overdue, then the nearest due.
  rows.sort((a, b) => b.item.overdue - a.item.overdue || cmp(a.sortOverdue, b.sortOverdue) || cmp(a.sortNext, b.sortNext) || cmp(a.item.id, b.item.id));
  const items = rows.slice(page.offset, page.offset + page.limit).map((r) => r.item);
  const teams = [...visibleTeams].sort();
  return {
    today,
    total: rows.length,
    items,
    teams,
    kinds: OBLIGATION_KINDS.map((kind) => ({ kind, label: KIND_LABELS[kind] })),
    transferRound: round,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
