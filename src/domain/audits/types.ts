// Words for the audit types and grades (docs/rules.md section 8; QA §3, §5, §6), and what every part of
// the product asks of an audit record: is it open, is it Good or better, is its moderation open.
// Pure: no I/O, no clock.
import type { Audit, AuditGrade, AuditType, Judgement } from '../model.js';

export const AUDIT_TYPE_LABELS: { readonly [T in AuditType]: string } = {
  ehcna: 'EHC needs assessment audit',
  'advice-ep': 'Educational psychology advice audit',
  'advice-health': 'Health advice audit',
  'advice-social-care': 'Social care advice audit',
  'advice-school': 'School advice audit',
  ehcp: 'EHC plan audit',
  'annual-review': 'EHC plan review audit',
  'cs-case': "Children's services case audit",
  'dip-sample': 'Dip sample audit',
  thematic: 'Thematic audit',
  'panel-decision': 'Panel decision standardisation',
};

/** The type's label inside a sentence: "the EHC plan audit", "a dip sample audit" (an acronym keeps its capitals). */
export function auditTypeInSentence(type: AuditType): string {
  return AUDIT_TYPE_LABELS[type].replace(/^[A-Z][a-z]/, (m) => m.toLowerCase());
}

export const GRADE_LABELS: { readonly [G in AuditGrade]: string } = {
  outstanding: 'Outstanding',
  good: 'Good',
  'requires-improvement': 'Requires improvement',
  inadequate: 'Inadequate',
};

export const JUDGEMENT_LABELS: { readonly [J in Judgement]: string } = {
  met: 'Met',
  partly: 'Partly met',
  'not-met': 'Not met',
};

/** QA §3: "at least 80% of all audits to be judged Good or above". */
export const GOOD_OR_BETTER_TARGET = 80;
/** QA §5: "90% of panel decisions will be agreed through standardisation". */
export const PANEL_AGREEMENT_TARGET = 90;

/** Good or Outstanding (QA §3). */
export function isGoodOrBetter(grade: AuditGrade | null): boolean {
  return grade === 'outstanding' || grade === 'good';
}

/** A grade that needs at least one action (docs/rules.md section 8, the validation). */
export function gradeNeedsAction(grade: AuditGrade | null): boolean {
  return grade === 'requires-improvement' || grade === 'inadequate';
}

/** Assigned and not yet completed (a draft, or not started). */
export function isOpenAudit(a: Pick<Audit, 'completedOn'>): boolean {
  return a.completedOn === null;
}

/** Assigned for moderation and not yet graded by the moderator. */
export function isOpenModeration(a: Pick<Audit, 'moderation'>): boolean {
  return a.moderation !== null && a.moderation.on === null;
}

/** Both grades given and equal (the moderation measure's "agreed"). */
export function moderationAgrees(a: Pick<Audit, 'grade' | 'moderation'>): boolean | null {
  if (a.moderation === null || a.moderation.on === null || a.moderation.grade === null || a.grade === null) return null;
  return a.moderation.grade === a.grade;
}
