// The dashboard's audit figures (docs/rules.md section 6 "audits", section 8; QA §3): audits completed
// in the period graded Good or Outstanding / all completed, against the target (80 %), overall, by audit
// type and by locality (the case's), with the monthly trend, the criteria most often not met, and the
// moderation measure (moderated audits whose two grades agree / moderated, by type, with panel decision
// standardisation's 90 %). Every number carries the audit ids behind it, for the drill-down. Pure.
import { addMonths, civilFromDay, dayFromCivil, daysInMonth, fromDay, toDay } from '../dates.js';
import { AUDIT_TYPES, type Audit, type AuditGrade, type AuditType, type Case } from '../model.js';
import type { Programme } from './programme.js';
import { AUDIT_TYPE_LABELS, isGoodOrBetter, moderationAgrees } from './types.js';

export interface AuditFilter {
  readonly from: string;
  readonly to: string;
  /** Only the audits of cases of this team / locality. */
  readonly team?: string | null;
  readonly locality?: string | null;
}

export interface GoodShare {
  readonly good: number;
  readonly total: number;
  /** Whole percent, rounded half up; null when nothing was completed. */
  readonly percent: number | null;
  /** At or above the target (null when nothing was completed). */
  readonly meetsTarget: boolean | null;
  readonly auditIds: string[];
}

export interface CriterionNotMet {
  readonly type: AuditType;
  readonly criterionId: string;
  readonly text: string;
  readonly notMet: number;
  readonly partly: number;
  readonly judged: number;
  readonly auditIds: string[];
}

export interface AgreementShare {
  readonly agreed: number;
  readonly moderated: number;
  readonly percent: number | null;
  readonly target: number | null;
  readonly auditIds: string[];
}

export interface AuditFigures {
  readonly from: string;
  readonly to: string;
  readonly target: number;
  readonly overall: GoodShare;
  readonly byGrade: Readonly<Record<AuditGrade, number>>;
  readonly byType: ReadonlyArray<GoodShare & { readonly type: AuditType; readonly label: string }>;
  readonly byLocality: ReadonlyArray<GoodShare & { readonly locality: string }>;
  /** The 12 calendar months ending with the period's last, oldest first. */
  readonly trend: ReadonlyArray<{ readonly month: string; readonly good: number; readonly total: number; readonly percent: number | null }>;
  /** The criteria judged "not met" most often in the period (then "partly"), at most 10. */
  readonly criteriaNotMet: readonly CriterionNotMet[];
  /** Moderations done in the period: overall and by type. */
  readonly moderation: AgreementShare & { readonly byType: ReadonlyArray<AgreementShare & { readonly type: AuditType; readonly label: string }> };
  /** Open now: assigned and not completed; of them overdue (past 20 working days) is the obligations' business. */
  readonly open: { readonly count: number; readonly auditIds: string[] };
}

function percentOf(a: number, b: number): number | null {
  return b === 0 ? null : Math.round((100 * a) / b);
}

function share(list: readonly Audit[], target: number): GoodShare {
  const good = list.filter((a) => isGoodOrBetter(a.grade)).length;
  const percent = percentOf(good, list.length);
  return { good, total: list.length, percent, meetsTarget: percent === null ? null : percent >= target, auditIds: list.map((a) => a.id).sort() };
}

/** The audits a filter covers: those of cases of its team and locality (an audit whose case is not known
 * is counted only without a filter). */
export function auditsOf(audits: readonly Audit[], cases: ReadonlyMap<string, Pick<Case, 'team' | 'locality'>>, filter: Pick<AuditFilter, 'team' | 'locality'>): Audit[] {
  const team = filter.team ?? null;
  const locality = filter.locality ?? null;
  if (team === null && locality === null) return [...audits];
  return audits.filter((a) => {
    const c = cases.get(a.caseId);
    return c !== undefined && (team === null || c.team === team) && (locality === null || c.locality === locality);
  });
}

export function auditFigures(audits: readonly Audit[], cases: ReadonlyMap<string, Pick<Case, 'team' | 'locality'>>, programme: Programme, filter: AuditFilter): AuditFigures {
  const target = programme.targetPercent;
  const mine = auditsOf(audits, cases, filter);
  const completedIn = (a: Audit, from: string, to: string) => a.completedOn !== null && a.grade !== null && a.completedOn >= from && a.completedOn <= to;
  const done = mine.filter((a) => completedIn(a, filter.from, filter.to));
  const byGrade: Record<AuditGrade, number> = { outstanding: 0, good: 0, 'requires-improvement': 0, inadequate: 0 };
  for (const a of done) if (a.grade !== null) byGrade[a.grade] += 1;
  const byType = AUDIT_TYPES.filter((t) => done.some((a) => a.type === t)).map((type) => ({
    type,
    label: AUDIT_TYPE_LABELS[type],
    ...share(
      done.filter((a) => a.type === type),
      target,
    ),
  }));
  const localities = [...new Set(done.map((a) => cases.get(a.caseId)?.locality ?? null).filter((l): l is string => l !== null))].sort();
  const byLocality = localities.map((locality) => ({
    locality,
    ...share(
      done.filter((a) => cases.get(a.caseId)?.locality === locality),
      target,
    ),
  }));

  // The trend: the 12 calendar months to the period's end.
  const end = civilFromDay(toDay(filter.to));
  const trend = [];
  for (let k = 11; k >= 0; k -= 1) {
    const first = addMonths(dayFromCivil(end.year, end.month, 1), -k);
    const { year, month } = civilFromDay(first);
    const from = fromDay(first);
    const to = fromDay(dayFromCivil(year, month, daysInMonth(year, month)));
    const list = mine.filter((a) => completedIn(a, from, to));
    const good = list.filter((a) => isGoodOrBetter(a.grade)).length;
    trend.push({ month: from.slice(0, 7), good, total: list.length, percent: percentOf(good, list.length) });
  }

  // Criteria most often not met (then partly met).
  const texts = new Map<string, string>();
  for (const t of AUDIT_TYPES) for (const c of programme.types[t].criteria) texts.set(`${t}|${c.id}`, c.text);
  const tally = new Map<string, { type: AuditType; criterionId: string; notMet: number; partly: number; judged: number; ids: string[] }>();
  for (const a of done) {
    for (const c of a.criteria) {
      if (c.judgement === null) continue;
      const key = `${a.type}|${c.id}`;
      let t = tally.get(key);
      if (t === undefined) tally.set(key, (t = { type: a.type, criterionId: c.id, notMet: 0, partly: 0, judged: 0, ids: [] }));
      t.judged += 1;
      if (c.judgement === 'not-met') t.notMet += 1;
      if (c.judgement === 'partly') t.partly += 1;
      if (c.judgement !== 'met') t.ids.push(a.id);
    }
  }
  const criteriaNotMet = [...tally.values()]
    .filter((t) => t.notMet + t.partly > 0)
    .sort((a, b) => b.notMet - a.notMet || b.partly - a.partly || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || (a.criterionId < b.criterionId ? -1 : 1))
    .slice(0, 10)
    .map((t) => ({
      type: t.type,
      criterionId: t.criterionId,
      text: texts.get(`${t.type}|${t.criterionId}`) ?? t.criterionId,
      notMet: t.notMet,
      partly: t.partly,
      judged: t.judged,
      auditIds: t.ids.sort(),
    }));

  // Moderation: second grades given in the period.
  const moderated = mine.filter((a) => a.moderation !== null && a.moderation.on !== null && a.moderation.on >= filter.from && a.moderation.on <= filter.to && moderationAgrees(a) !== null);
  const agreement = (list: readonly Audit[], t: number | null): AgreementShare => {
    const agreed = list.filter((a) => moderationAgrees(a) === true).length;
    return { agreed, moderated: list.length, percent: percentOf(agreed, list.length), target: t, auditIds: list.map((a) => a.id).sort() };
  };
  const modTypes = AUDIT_TYPES.filter((t) => moderated.some((a) => a.type === t));
  const open = mine.filter((a) => a.completedOn === null);
  return {
    from: filter.from,
    to: filter.to,
    target,
    overall: share(done, target),
    byGrade,
    byType,
    byLocality,
    trend,
    criteriaNotMet,
    moderation: {
      ...agreement(moderated, null),
      byType: modTypes.map((type) => ({
        type,
        label: AUDIT_TYPE_LABELS[type],
        ...agreement(
          moderated.filter((a) => a.type === type),
          programme.moderation.agreementTargets[type] ?? null,
        ),
      })),
    },
    open: { count: open.length, auditIds: open.map((a) => a.id).sort() },
  };
}

/** The calendar month of a day: from the 1st to its last day. */
export function monthOf(on: string): { from: string; to: string } {
  const { year, month } = civilFromDay(toDay(on));
  return { from: fromDay(dayFromCivil(year, month, 1)), to: fromDay(dayFromCivil(year, month, daysInMonth(year, month))) };
}
