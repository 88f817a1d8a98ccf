// Saving and completing an audit (docs/rules.md section 8): what an auditor's answers must be, each
// problem named by its field. A draft keeps whatever has been judged so far; a completion needs every
// criterion of the type judged (a comment where it is partly or not met), a grade, and for Requires
// improvement or Inadequate at least one action; each action is owned by the case's lead professional or
// their manager and becomes a meeting-action (series "audit") when the audit is completed. A moderation
// is a grade (and a comment) by the moderator. Pure.
import { AUDIT_GRADES, AUDIT_SERIES_ID, JUDGEMENTS, type Action, type Audit, type AuditGrade, type Case, type Judgement, type Person } from '../model.js';
import { isIsoDate } from '../dates.js';
import type { Programme } from './programme.js';
import { gradeNeedsAction, GRADE_LABELS } from './types.js';

/** What the audit form sends: judgements so far, the grade, the overall findings, the actions. */
export interface AuditAnswers {
  readonly criteria: ReadonlyArray<{ readonly id: string; readonly judgement: string | null; readonly comment: string | null }>;
  readonly grade: string | null;
  readonly summary: string | null;
  readonly actions: ReadonlyArray<{ readonly criterionId: string | null; readonly text: string; readonly ownerId: string; readonly dueOn: string }>;
}

/** Problems by field: `grade`, `criteria.<id>`, `actions[<n>].ownerId`, `form` (the whole). */
export type AuditFieldErrors = Record<string, string>;

export type AnswerResult = { ok: true; audit: Audit; actions: Action[] } | { ok: false; errors: AuditFieldErrors };

const MAX_TEXT = 4000;

/** Who may own an audit's action: the case's lead professional or their line manager (without a lead,
 * the team managers of the case's team). */
export function actionOwners(c: Case, people: readonly Person[]): Person[] {
  const byId = new Map(people.map((p) => [p.id, p]));
  const lead = c.leadProfessionalId !== null ? byId.get(c.leadProfessionalId) : undefined;
  if (lead !== undefined) {
    const manager = lead.managerId !== null ? byId.get(lead.managerId) : undefined;
    return manager !== undefined ? [lead, manager] : [lead];
  }
  return people.filter((p) => p.roles.includes('team-manager') && p.team !== null && p.team === c.team);
}

/** The audit with the answers put in (checking each answer's form, not completeness): a draft, or the
 * start of a completion. */
function withAnswers(audit: Audit, answers: AuditAnswers, c: Case, people: readonly Person[], programme: Programme, errors: AuditFieldErrors): Audit {
  const spec = programme.types[audit.type];
  const known = new Map(spec.criteria.map((x) => [x.id, x]));
  const given = new Map<string, { judgement: Judgement | null; comment: string | null }>();
  for (const a of answers.criteria) {
    if (!known.has(a.id)) {
      errors[`criteria.${a.id}`] = `"${a.id}" is not a criterion of the ${spec.title.toLowerCase()} audit`;
      continue;
    }
    const judgement = a.judgement === null || a.judgement === '' ? null : a.judgement;
    if (judgement !== null && !(JUDGEMENTS as readonly string[]).includes(judgement)) {
      errors[`criteria.${a.id}`] = `choose met, partly met or not met (got ${JSON.stringify(a.judgement)})`;
      continue;
    }
    const comment = a.comment === null || a.comment.trim() === '' ? null : a.comment.trim();
    if (comment !== null && comment.length > MAX_TEXT) errors[`criteria.${a.id}`] = `the comment is longer than ${MAX_TEXT} characters`;
    given.set(a.id, { judgement: judgement as Judgement | null, comment });
  }
  let grade: AuditGrade | null = null;
  if (answers.grade !== null && answers.grade !== '') {
    if ((AUDIT_GRADES as readonly string[]).includes(answers.grade)) grade = answers.grade as AuditGrade;
    else errors.grade = `choose Outstanding, Good, Requires improvement or Inadequate (got ${JSON.stringify(answers.grade)})`;
  }
  const summary = answers.summary === null || answers.summary.trim() === '' ? null : answers.summary.trim();
  if (summary !== null && summary.length > MAX_TEXT) errors.summary = `the findings are longer than ${MAX_TEXT} characters`;
  const owners = new Set(actionOwners(c, people).map((p) => p.id));
  const actions = answers.actions.map((x, i) => {
    const text = x.text.trim();
    if (text === '') errors[`actions[${i}].text`] = 'say what is to be done';
    else if (text.length > 1000) errors[`actions[${i}].text`] = 'at most 1000 characters';
    if (!owners.has(x.ownerId)) errors[`actions[${i}].ownerId`] = "an audit's action is owned by the case's lead professional or their manager";
    if (!isIsoDate(x.dueOn)) errors[`actions[${i}].dueOn`] = `not a date YYYY-MM-DD: ${JSON.stringify(x.dueOn)}`;
    if (x.criterionId !== null && x.criterionId !== '' && !known.has(x.criterionId)) errors[`actions[${i}].criterionId`] = `"${x.criterionId}" is not a criterion of this audit`;
    return { id: `${audit.id}-A${i + 1}`, criterionId: x.criterionId === '' ? null : x.criterionId, text, ownerId: x.ownerId, dueOn: x.dueOn };
  });
  return {
    ...audit,
    grade,
    summary,
    // The type's criteria in the programme's order, each with its answer so far.
    criteria: spec.criteria.map((x) => ({ id: x.id, judgement: given.get(x.id)?.judgement ?? null, comment: given.get(x.id)?.comment ?? null })),
    actions,
  };
}

/** A draft: the answers so far, checked for form only. */
export function draftAudit(audit: Audit, answers: AuditAnswers, c: Case, people: readonly Person[], programme: Programme): AnswerResult {
  if (audit.completedOn !== null) return { ok: false, errors: { form: `audit ${audit.id} was completed on ${audit.completedOn}: it cannot be changed` } };
  const errors: AuditFieldErrors = {};
  const next = withAnswers(audit, answers, c, people, programme, errors);
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, audit: next, actions: [] };
}

/** A completion on `on`: every criterion judged (a comment where partly or not met), a grade, an action
 * for Requires improvement or Inadequate, each action due on or after `on`. */
export function completeAudit(audit: Audit, answers: AuditAnswers, c: Case, people: readonly Person[], programme: Programme, on: string): AnswerResult {
  if (audit.completedOn !== null) return { ok: false, errors: { form: `audit ${audit.id} was completed on ${audit.completedOn}: it cannot be completed again` } };
  if (on < audit.assignedOn) return { ok: false, errors: { form: `an audit cannot be completed (${on}) before it was assigned (${audit.assignedOn})` } };
  const errors: AuditFieldErrors = {};
  const next = withAnswers(audit, answers, c, people, programme, errors);
  for (const x of next.criteria) {
    if (errors[`criteria.${x.id}`] !== undefined) continue;
    if (x.judgement === null) errors[`criteria.${x.id}`] = 'judge this criterion: met, partly met or not met';
    else if (x.judgement !== 'met' && x.comment === null) errors[`criteria.${x.id}`] = `say in a comment why it is ${x.judgement === 'partly' ? 'only partly met' : 'not met'}`;
  }
  if (next.grade === null && errors.grade === undefined) errors.grade = 'choose a grade';
  if (gradeNeedsAction(next.grade) && next.actions.length === 0) errors.actions = `an audit graded ${GRADE_LABELS[next.grade!]} needs at least one action: what must change, who owns it and by when`;
  next.actions.forEach((x, i) => {
    if (errors[`actions[${i}].dueOn`] === undefined && x.dueOn < on) errors[`actions[${i}].dueOn`] = `due before the audit is completed (${on})`;
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  const completed: Audit = { ...next, completedOn: on };
  const actions: Action[] = completed.actions.map((x) => ({
    id: x.id,
    seriesId: AUDIT_SERIES_ID,
    meetingOn: on,
    caseId: completed.caseId,
    text: x.text,
    ownerId: x.ownerId,
    dueOn: x.dueOn,
    closedOn: null,
    closedNote: null,
  }));
  return { ok: true, audit: completed, actions };
}

/** The moderator's blind grade on `on`. */
export function moderateAudit(audit: Audit, answer: { grade: string | null; comment: string | null }, on: string): AnswerResult {
  const m = audit.moderation;
  if (m === null) return { ok: false, errors: { form: `audit ${audit.id} is not assigned for moderation` } };
  if (m.on !== null) return { ok: false, errors: { form: `audit ${audit.id} was moderated on ${m.on}` } };
  const errors: AuditFieldErrors = {};
  if (answer.grade === null || answer.grade === '') errors.grade = 'choose a grade';
  else if (!(AUDIT_GRADES as readonly string[]).includes(answer.grade)) errors.grade = `choose Outstanding, Good, Requires improvement or Inadequate (got ${JSON.stringify(answer.grade)})`;
  const comment = answer.comment === null || answer.comment.trim() === '' ? null : answer.comment.trim();
  if (comment !== null && comment.length > MAX_TEXT) errors.comment = `the comment is longer than ${MAX_TEXT} characters`;
  if (audit.completedOn !== null && on < audit.completedOn) errors.form = 'a moderation cannot be dated before the audit was completed';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, audit: { ...audit, moderation: { ...m, grade: answer.grade as AuditGrade, on, comment } }, actions: [] };
}
