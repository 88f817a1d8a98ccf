// The dashboard's audit figure and its drill-down (docs/rules.md sections 6 and 8): audits completed in
// the period graded Good or better / all, against the target, by type and locality, with the monthly
// trend, the criteria most often not met and the moderation measure. The figures follow the dashboard's
// filter and access (a team manager sees their team's cases' audits); the drill-down lists the audits
// behind a number, each only to someone who may read it (work.ts auditRoleOf).
import { auditFigures, auditsOf, type AuditFigures } from '../../domain/audits/measures.js';
import type { Programme } from '../../domain/audits/programme.js';
import { AUDIT_TYPE_LABELS, GRADE_LABELS, isGoodOrBetter } from '../../domain/audits/types.js';
import { AUDIT_TYPES, type AuditType, type Person } from '../../domain/model.js';
import { canSeeTeam, initials, seesAllCases } from '../access.js';
import { BadRequestError, checkPeriod, scopedFilter, type DashboardFilter, type Snapshot } from '../dashboard.js';
import { auditRoleOf } from './work.js';

/** The figures without their id lists (the dashboard shows numbers; the drill-down lists audits). */
export type AuditFiguresView = Omit<AuditFigures, 'overall' | 'byType' | 'byLocality' | 'criteriaNotMet' | 'moderation' | 'open'> & {
  readonly filter: DashboardFilter;
  readonly overall: { good: number; total: number; percent: number | null; meetsTarget: boolean | null };
  readonly byType: Array<{ type: AuditType; label: string; good: number; total: number; percent: number | null; meetsTarget: boolean | null }>;
  readonly byLocality: Array<{ locality: string; good: number; total: number; percent: number | null; meetsTarget: boolean | null }>;
  readonly criteriaNotMet: Array<{ type: AuditType; typeLabel: string; criterionId: string; text: string; notMet: number; partly: number; judged: number }>;
  readonly moderation: {
    agreed: number;
    moderated: number;
    percent: number | null;
    byType: Array<{ type: AuditType; label: string; agreed: number; moderated: number; percent: number | null; target: number | null }>;
  };
  readonly open: number;
};

function figuresOf(snapshot: Snapshot, programme: Programme, filter: DashboardFilter): AuditFigures {
  return snapshot.remember(`audits|${filter.from}|${filter.to}|${filter.team ?? ''}|${filter.locality ?? ''}`, () => auditFigures(snapshot.file.audits, snapshot.cases, programme, filter));
}

export function auditDashboard(snapshot: Snapshot, viewer: Person, programme: Programme, requested: DashboardFilter): AuditFiguresView {
  checkPeriod(requested.from, requested.to);
  const filter = scopedFilter(viewer, requested);
  const f = figuresOf(snapshot, programme, filter);
  const strip = <T extends { auditIds: string[] }>(x: T): Omit<T, 'auditIds'> => {
    const { auditIds: _ids, ...rest } = x;
    return rest;
  };
  return {
    filter,
    from: f.from,
    to: f.to,
    target: f.target,
    byGrade: f.byGrade,
    trend: f.trend,
    overall: strip(f.overall),
    byType: f.byType.map(strip),
    byLocality: f.byLocality.map(strip),
    criteriaNotMet: f.criteriaNotMet.map((c) => ({ ...strip(c), typeLabel: AUDIT_TYPE_LABELS[c.type] })),
    moderation: { agreed: f.moderation.agreed, moderated: f.moderation.moderated, percent: f.moderation.percent, byType: f.moderation.byType.map(strip) },
    open: f.open.count,
  };
}

export interface AuditDrillRequest extends DashboardFilter {
  /** Which audits: all completed in the period, those below Good, those of a criterion not (fully) met,
   * the moderated ones, or those open now. */
  readonly which: 'completed' | 'below-good' | 'criterion' | 'moderated' | 'open';
  readonly type: AuditType | null;
  /** "type|criterionId", for which = criterion. */
  readonly criterion: string | null;
}

export interface AuditDrillRow {
  readonly id: string;
  readonly type: AuditType;
  readonly typeLabel: string;
  readonly caseId: string;
  readonly initials: string;
  readonly team: string | null;
  readonly locality: string | null;
  readonly auditor: string;
  readonly completedOn: string | null;
  readonly grade: string | null;
  readonly gradeLabel: string | null;
  readonly goodOrBetter: boolean | null;
  readonly notMet: string[];
  readonly moderation: { readonly grade: string | null; readonly agreed: boolean | null } | null;
}

export function auditDrill(
  snapshot: Snapshot,
  viewer: Person,
  programme: Programme,
  request: AuditDrillRequest,
): { filter: DashboardFilter; which: AuditDrillRequest['which']; title: string; total: number; rows: AuditDrillRow[] } {
  checkPeriod(request.from, request.to);
  const filter = scopedFilter(viewer, request);
  if (request.type !== null && !(AUDIT_TYPES as readonly string[]).includes(request.type)) throw new BadRequestError(`unknown audit type ${JSON.stringify(request.type)}`);
  const f = figuresOf(snapshot, programme, filter);
  let ids: string[];
  let title: string;
  switch (request.which) {
    case 'completed':
      ids = f.overall.auditIds;
      title = 'Audits completed';
      break;
    case 'below-good':
      ids = f.overall.auditIds.filter((id) => !isGoodOrBetter(snapshot.file.audits.find((a) => a.id === id)?.grade ?? null));
      title = 'Audits graded below Good';
      break;
    case 'moderated':
      ids = f.moderation.auditIds;
      title = 'Audits moderated';
      break;
    case 'open':
      ids = f.open.auditIds;
      title = 'Audits open now';
      break;
    case 'criterion': {
      const [type, id] = (request.criterion ?? '').split('|');
      const c = f.criteriaNotMet.find((x) => x.type === type && x.criterionId === id);
      if (c === undefined) throw new BadRequestError(`no criterion ${JSON.stringify(request.criterion)} among those not met in the period`);
      ids = c.auditIds;
      title = `Audits where “${c.text}” was not (fully) met`;
      break;
    }
  }
  const byId = new Map(auditsOf(snapshot.file.audits, snapshot.cases, filter).map((a) => [a.id, a]));
  const name = (id: string) => snapshot.people.get(id)?.name ?? id;
  const rows: AuditDrillRow[] = [];
  for (const id of ids) {
    const a = byId.get(id);
    if (a === undefined || (request.type !== null && a.type !== request.type)) continue;
    const c = snapshot.cases.get(a.caseId);
    const role = auditRoleOf(viewer, a, c);
    if (role === null && !(seesAllCases(viewer) || (c?.team != null && canSeeTeam(viewer, c.team)))) continue;
    const completed = a.completedOn !== null;
    // An open audit's draft is its auditor's own (nobody sees another person's draft).
    const shows = completed || a.auditorId === viewer.id;
    rows.push({
      id: a.id,
      type: a.type,
      typeLabel: AUDIT_TYPE_LABELS[a.type],
      caseId: a.caseId,
      initials: c === undefined ? '?' : initials(c.childName),
      team: c?.team ?? null,
      locality: c?.locality ?? null,
      auditor: name(a.auditorId),
      completedOn: a.completedOn,
      grade: shows ? a.grade : null,
      gradeLabel: shows && a.grade !== null ? GRADE_LABELS[a.grade] : null,
      goodOrBetter: completed ? isGoodOrBetter(a.grade) : null,
      notMet: shows ? a.criteria.filter((x) => x.judgement === 'not-met').map((x) => x.id) : [],
      moderation: a.moderation === null ? null : { grade: a.moderation.on === null ? null : a.moderation.grade, agreed: a.moderation.on === null ? null : a.moderation.grade === a.grade },
    });
  }
  return { filter, which: request.which, title, total: rows.length, rows: rows.slice(0, 1000) };
}
