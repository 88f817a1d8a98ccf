// The monthly learning summary (docs/rules.md section 8 "the learning loop"; QA §4): for the audits
// completed in a month, the grades by type and locality, the criteria most often not met, the themes of
// the auditors' comments, the exceptions for the monthly management meeting (audits graded Inadequate)
// and the audit actions still open. It goes to a channel and a Word document that a whole team reads,
// so it names cases by reference and initials only and quotes no free text (a comment or an action
// may name a child): themes are counted from the comments, never copied. Pure.
import { toDay } from '../dates.js';
import { AUDIT_SERIES_ID, type Action, type Audit, type AuditGrade, type AuditType, type Case, type Person } from '../model.js';
import { auditFigures, type AuditFigures, type CriterionNotMet } from './measures.js';
import type { Programme } from './programme.js';
import { AUDIT_TYPE_LABELS, isGoodOrBetter } from './types.js';

export interface SummaryRow {
  readonly type: AuditType;
  readonly label: string;
  readonly locality: string;
  readonly good: number;
  readonly total: number;
  readonly percent: number | null;
}

export interface LearningSummary {
  /** YYYY-MM */
  readonly month: string;
  readonly from: string;
  readonly to: string;
  readonly target: number;
  readonly figures: AuditFigures;
  /** Grades by type and locality (the cells with audits). */
  readonly rows: readonly SummaryRow[];
  readonly criteriaNotMet: readonly CriterionNotMet[];
  /** Each theme of the programme found in the comments of this many audits (most first; none left out). */
  readonly themes: ReadonlyArray<{ readonly id: string; readonly title: string; readonly audits: number; readonly auditIds: string[] }>;
  /** Audits graded Inadequate: exceptions for the monthly management meeting (QA §4). */
  readonly exceptions: ReadonlyArray<{
    readonly auditId: string;
    readonly type: AuditType;
    readonly caseId: string;
    readonly initials: string;
    readonly locality: string | null;
    readonly grade: AuditGrade;
  }>;
  /** The audits completed, by reference and initials. */
  readonly completed: ReadonlyArray<{
    readonly auditId: string;
    readonly type: AuditType;
    readonly caseId: string;
    readonly initials: string;
    readonly locality: string | null;
    readonly grade: AuditGrade;
    readonly completedOn: string;
  }>;
  /** Actions raised by audits (any month) still open at the month's end: reference, criterion, owner, due. */
  readonly openActions: ReadonlyArray<{
    readonly id: string;
    readonly caseId: string | null;
    readonly initials: string | null;
    readonly criterion: string | null;
    readonly owner: string;
    readonly dueOn: string;
    readonly overdue: boolean;
  }>;
}

export interface SummaryInput {
  readonly audits: readonly Audit[];
  readonly cases: ReadonlyMap<string, Pick<Case, 'team' | 'locality' | 'childName'>>;
  readonly people: readonly Person[];
  readonly actions: readonly Action[];
}

/** Whole words of `words` in `text` (case-insensitive). */
function mentions(text: string, words: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return words.some((w) => new RegExp(`(^|[^a-z])${w.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z]|$)`).test(lower));
}

export function learningSummary(input: SummaryInput, programme: Programme, month: string, initialsOf: (childName: string) => string): LearningSummary {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`a month is YYYY-MM, got ${JSON.stringify(month)}`);
  const from = `${month}-01`;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  toDay(to);
  const figures = auditFigures(input.audits, input.cases, programme, { from, to });
  const done = input.audits.filter((a) => a.completedOn !== null && a.grade !== null && a.completedOn >= from && a.completedOn <= to);
  const localityOf = (a: Audit) => input.cases.get(a.caseId)?.locality ?? null;
  const initials = (caseId: string) => {
    const c = input.cases.get(caseId);
    return c === undefined ? '?' : initialsOf(c.childName);
  };
  const cells = new Map<string, Audit[]>();
  for (const a of done) {
    const key = `${a.type}\u0000${localityOf(a) ?? '(no locality)'}`;
    const list = cells.get(key);
    if (list) list.push(a);
    else cells.set(key, [a]);
  }
  const rows: SummaryRow[] = [...cells.entries()]
    .map(([key, list]) => {
      const [type, locality] = key.split('\u0000') as [AuditType, string];
      const good = list.filter((a) => isGoodOrBetter(a.grade)).length;
      return { type, label: AUDIT_TYPE_LABELS[type], locality, good, total: list.length, percent: Math.round((100 * good) / list.length) };
    })
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : a.locality < b.locality ? -1 : a.locality > b.locality ? 1 : 0));
  const themes = programme.themes
    .map((t) => {
      const ids = done
        .filter((a) => [a.summary ?? '', ...a.criteria.map((c) => c.comment ?? '')].some((text) => text !== '' && mentions(text, t.words)))
        .map((a) => a.id)
        .sort();
      return { id: t.id, title: t.title, audits: ids.length, auditIds: ids };
    })
    .filter((t) => t.audits > 0)
    .sort((a, b) => b.audits - a.audits || (a.title < b.title ? -1 : 1));
  const sorted = [...done].sort((a, b) => (a.completedOn! < b.completedOn! ? -1 : a.completedOn! > b.completedOn! ? 1 : a.id < b.id ? -1 : 1));
  const completed = sorted.map((a) => ({ auditId: a.id, type: a.type, caseId: a.caseId, initials: initials(a.caseId), locality: localityOf(a), grade: a.grade!, completedOn: a.completedOn! }));
  const exceptions = completed.filter((a) => a.grade === 'inadequate').map(({ auditId, type, caseId, initials: i, locality, grade }) => ({ auditId, type, caseId, initials: i, locality, grade }));
  const names = new Map(input.people.map((p) => [p.id, p.name]));
  const criterionOf = new Map<string, string | null>();
  const typeOfAction = new Map<string, AuditType>();
  for (const a of input.audits)
    for (const x of a.actions) {
      criterionOf.set(x.id, x.criterionId);
      typeOfAction.set(x.id, a.type);
    }
  const criterionText = (actionId: string): string | null => {
    const id = criterionOf.get(actionId) ?? null;
    const type = typeOfAction.get(actionId);
    if (id === null || type === undefined) return null;
    return programme.types[type].criteria.find((c) => c.id === id)?.text ?? id;
  };
  const openActions = input.actions
    .filter((x) => x.seriesId === AUDIT_SERIES_ID && x.meetingOn <= to && (x.closedOn === null || x.closedOn > to))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : 1))
    .map((x) => ({
      id: x.id,
      caseId: x.caseId,
      initials: x.caseId === null ? null : initials(x.caseId),
      criterion: criterionText(x.id),
      owner: names.get(x.ownerId) ?? x.ownerId,
      dueOn: x.dueOn,
      overdue: x.dueOn < to,
    }));
  return { month, from, to, target: programme.targetPercent, figures, rows, criteriaNotMet: figures.criteriaNotMet, themes, exceptions, completed, openActions };
}
