// Doing an audit (docs/rules.md sections 7 and 8): the Audits page, the audit form with the case's facts
// beside the criteria, saving a draft, completing, the blind moderation, and an audit chosen by hand.
//
// Who sees what:
// - an auditor sees their own audits, open and completed, with the case's facts while the audit is
//   open (a team manager or provision lead may not otherwise see the case);
// - a moderator sees the case and the criteria of the audit they moderate, never the first grade,
//   judgements or findings until their own grade is given (blind);
// - a QA officer sees every audit and every case, but another person's draft only as "in progress"
//   (nobody sees another person's draft); the same for a service manager (completed audits), and a team
//   manager for the completed audits of their team's cases (the dashboard's drill-down).
import { z } from 'zod';
import { actionOwners, completeAudit, draftAudit, moderateAudit, type AuditFieldErrors } from '../../domain/audits/complete.js';
import { auditByHand, runOf } from '../../domain/audits/plan.js';
import type { FactGroup, Programme } from '../../domain/audits/programme.js';
import { AUDIT_TYPE_LABELS, auditTypeInSentence, GRADE_LABELS, isOpenAudit } from '../../domain/audits/types.js';
import { ncYear } from '../../domain/calendar/index.js';
import { londonToday, toDay } from '../../domain/dates.js';
import { obligationLabel } from '../../domain/kinds.js';
import { AUDIT_TYPES, type Audit, type AuditType, type Case, type Person, type Role } from '../../domain/model.js';
import { compareObligations } from '../../domain/obligation.js';
import { auditDue } from '../../domain/rules/audits.js';
import { ConflictError, NotFoundError, type CaseStore } from '../../store/port.js';
import { canSeeTeam, initials, seesAllCases } from '../access.js';
import { AccessDeniedError, BadRequestError, type Snapshot } from '../dashboard.js';
import type { Logger } from '../log.js';

export interface AuditWorkDeps {
  readonly store: CaseStore;
  readonly programme: Programme;
  readonly clock: () => number;
  readonly logger?: Logger;
}

/** An audit that does not exist, or that the asker may not see: one answer for both (section 7). */
export class AuditNotFound extends Error {
  constructor(readonly auditId: string) {
    super(`There is no audit ${auditId} that you can see.`);
    this.name = 'AuditNotFound';
  }
}

/** Answers that did not validate: each problem by its field; nothing was stored. */
export class AuditProblems extends Error {
  constructor(readonly errors: AuditFieldErrors) {
    super(errors.form ?? 'Some answers need changing: see each one.');
    this.name = 'AuditProblems';
  }
}

export type AuditRole = 'auditor' | 'moderator' | 'reader';

/** How `viewer` stands to an audit: doing it, moderating it, reading it (completed, or open without its
 * draft), or nothing (null). */
export function auditRoleOf(viewer: Person, a: Audit, c: Pick<Case, 'team'> | undefined): AuditRole | null {
  if (a.auditorId === viewer.id) return 'auditor';
  if (a.moderation !== null && a.moderation.moderatorId === viewer.id) return 'moderator';
  if (viewer.roles.includes('qa-officer') || viewer.roles.includes('service-manager')) return 'reader';
  if (viewer.roles.includes('team-manager') && c !== undefined && c.team !== null && canSeeTeam(viewer, c.team) && !isOpenAudit(a)) return 'reader';
  return null;
}

/** Whether the viewer sees the audit's answers: its auditor always; others once it is completed; a
 * moderator only after their own grade is given (blind, QA §5, §6). */
function seesAnswers(role: AuditRole, a: Audit): boolean {
  if (role === 'auditor') return true;
  if (role === 'moderator') return a.moderation !== null && a.moderation.on !== null;
  return !isOpenAudit(a);
}

/** A line of the Audits page. */
export interface AuditRow {
  readonly id: string;
  readonly type: AuditType;
  readonly typeLabel: string;
  readonly caseId: string;
  /** The child's name for someone who may see the case, else initials. */
  readonly child: string;
  readonly locality: string | null;
  readonly team: string | null;
  readonly auditor: string;
  readonly assignedOn: string;
  readonly due: string;
  readonly completedOn: string | null;
  /** Only where the viewer sees the answers. */
  readonly grade: string | null;
  /** open (not begun), draft (begun), completed; for a moderator: to-moderate / moderated. */
  readonly state: 'not-started' | 'in-progress' | 'completed';
  readonly overdue: boolean;
  readonly role: AuditRole;
  readonly moderation: { readonly moderator: string; readonly state: 'to-do' | 'done'; readonly agreed: boolean | null } | null;
  readonly sampledFrom: string | null;
}

export interface AuditListView {
  readonly today: string;
  /** The viewer's own: audits to do, moderations to do, then those done. */
  readonly mine: AuditRow[];
  /** For a QA officer (and a service manager): every audit of the service, latest first (max 500). */
  readonly all: AuditRow[] | null;
  readonly mayPlan: boolean;
  readonly mayAssign: boolean;
  /** The types a QA officer may assign by hand, and who may audit. */
  readonly assignable: {
    readonly types: ReadonlyArray<{ readonly type: AuditType; readonly label: string; readonly roles: readonly Role[] }>;
    readonly auditors: ReadonlyArray<{ readonly id: string; readonly name: string; readonly roles: readonly Role[] }>;
  } | null;
}

const begun = (a: Audit) => a.criteria.some((c) => c.judgement !== null) || a.summary !== null || a.grade !== null || a.actions.length > 0;

function rowOf(snapshot: Snapshot, viewer: Person, a: Audit, role: AuditRole): AuditRow {
  const c = snapshot.cases.get(a.caseId);
  const name = (id: string) => snapshot.people.get(id)?.name ?? id;
  const due = auditDue(a.assignedOn, snapshot);
  const showsName = c !== undefined && (role === 'auditor' || role === 'moderator' ? true : seesAllCases(viewer) || (c.team !== null && canSeeTeam(viewer, c.team)));
  const answers = seesAnswers(role, a);
  const m = a.moderation;
  return {
    id: a.id,
    type: a.type,
    typeLabel: AUDIT_TYPE_LABELS[a.type],
    caseId: a.caseId,
    child: c === undefined ? '?' : showsName ? c.childName : initials(c.childName),
    locality: c?.locality ?? null,
    team: c?.team ?? null,
    auditor: name(a.auditorId),
    assignedOn: a.assignedOn,
    due,
    completedOn: a.completedOn,
    grade: answers && a.grade !== null && !isOpenAudit(a) ? a.grade : role === 'auditor' ? a.grade : null,
    state: a.completedOn !== null ? 'completed' : begun(a) ? 'in-progress' : 'not-started',
    overdue: a.completedOn === null && due < snapshot.today,
    role,
    moderation:
      m === null ? null : { moderator: name(m.moderatorId), state: m.on === null ? 'to-do' : 'done', agreed: m.on === null || (role === 'moderator' && !answers) ? null : m.grade === a.grade },
    sampledFrom: a.sampledFrom,
  };
}

export function auditList(snapshot: Snapshot, viewer: Person, programme: Programme): AuditListView {
  const audits = snapshot.file.audits;
  const mine: AuditRow[] = [];
  for (const a of audits) {
    if (a.auditorId === viewer.id) mine.push(rowOf(snapshot, viewer, a, 'auditor'));
    else if (a.moderation !== null && a.moderation.moderatorId === viewer.id) mine.push(rowOf(snapshot, viewer, a, 'moderator'));
  }
  const rank = (r: AuditRow) => (r.role === 'auditor' ? (r.state === 'completed' ? 2 : 0) : r.moderation?.state === 'done' ? 2 : 1);
  mine.sort((x, y) => rank(x) - rank(y) || (rank(x) < 2 ? (x.due < y.due ? -1 : x.due > y.due ? 1 : 0) : (x.completedOn ?? '') > (y.completedOn ?? '') ? -1 : 1) || (x.id < y.id ? -1 : 1));
  const qa = viewer.roles.includes('qa-officer');
  const all =
    qa || viewer.roles.includes('service-manager')
      ? [...audits]
          .sort((x, y) => (x.assignedOn > y.assignedOn ? -1 : x.assignedOn < y.assignedOn ? 1 : x.id < y.id ? -1 : 1))
          .slice(0, 500)
          .map((a) => rowOf(snapshot, viewer, a, auditRoleOf(viewer, a, snapshot.cases.get(a.caseId)) ?? 'reader'))
      : null;
  return {
    today: snapshot.today,
    mine: mine.slice(0, 300),
    all,
    mayPlan: qa,
    mayAssign: qa,
    assignable: qa
      ? {
          types: AUDIT_TYPES.map((type) => ({ type, label: AUDIT_TYPE_LABELS[type], roles: programme.types[type].auditorRoles })),
          auditors: snapshot.file.people
            .filter((p) => p.roles.some((r) => r === 'qa-officer' || r === 'team-manager' || r === 'provision-lead'))
            .map((p) => ({ id: p.id, name: p.name, roles: p.roles })),
        }
      : null,
  };
}

// ---- the form ------------------------------------------------------------------------------------

export interface CaseFacts {
  readonly id: string;
  readonly childName: string;
  readonly dateOfBirth: string;
  readonly ncYear: number;
  readonly childInCare: boolean;
  readonly team: string | null;
  readonly locality: string | null;
  readonly setting: string | null;
  readonly primaryNeed: string | null;
  readonly leadProfessional: string | null;
  readonly groups: readonly FactGroup[];
  readonly assessment: Case['assessment'];
  readonly adviceRequests: Case['adviceRequests'];
  readonly plan: Case['plan'];
  readonly reviews: Case['reviews'];
  readonly cmooeNow: { readonly from: string; readonly reason: string } | null;
  /** The case's timescales from the rule book (docs/rules.md section 3): each with its due date, status
   * and where the due date comes from. */
  readonly timeliness: ReadonlyArray<{ readonly label: string; readonly due: string; readonly status: string; readonly completedOn: string | null; readonly basis: string; readonly citation: string }>;
  /** The latest CMOOE summary, and the latest case notes (five). */
  readonly latestSummary: { readonly submittedOn: string; readonly actionsToDate: string; readonly currentSteps: string; readonly keyDates: string } | null;
  readonly notes: ReadonlyArray<{ readonly eventAt: string; readonly author: string; readonly text: string }>;
}

export interface AuditForm {
  readonly today: string;
  readonly role: AuditRole;
  /** Answers may be changed (the auditor of an open audit; the moderator of an open moderation). */
  readonly editable: boolean;
  readonly version: string;
  readonly audit: {
    readonly id: string;
    readonly type: AuditType;
    readonly typeLabel: string;
    readonly caseId: string;
    readonly auditor: string;
    readonly assignedOn: string;
    readonly due: string;
    readonly completedOn: string | null;
    readonly sampledFrom: string | null;
    /** null where the viewer may not see the answers (another person's draft; a moderator before grading). */
    readonly answers: { readonly grade: string | null; readonly summary: string | null; readonly criteria: Audit['criteria']; readonly actions: Audit['actions'] } | null;
    readonly moderation: { readonly moderator: string; readonly assignedOn: string | null; readonly grade: string | null; readonly on: string | null; readonly comment: string | null } | null;
  };
  readonly criteria: ReadonlyArray<{ readonly id: string; readonly text: string; readonly source: string }>;
  readonly grades: ReadonlyArray<{ readonly grade: string; readonly label: string; readonly descriptor: string }>;
  /** Who may own an action (the case's lead professional or their manager). */
  readonly owners: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  /** The case's facts, for those who may see the case now. */
  readonly facts: CaseFacts | null;
}

function factsOf(snapshot: Snapshot, c: Case, groups: readonly FactGroup[]): CaseFacts {
  const name = (id: string | null) => (id === null ? null : (snapshot.people.get(id)?.name ?? id));
  const today = toDay(snapshot.today);
  const period = c.cmooe.find((p) => toDay(p.from) <= today && (p.to === null || toDay(p.to) >= today)) ?? null;
  const timeliness = [...(snapshot.byCase.get(c.id) ?? [])]
    .filter((o) => o.kind !== 'audit' && o.kind !== 'casework-recording')
    .sort(compareObligations)
    .slice(-25)
    .map((o) => ({ label: obligationLabel(o), due: o.due, status: o.status, completedOn: o.completedOn, basis: o.basis, citation: o.citation }));
  const latest = [...c.cmooeSummaries].sort((a, b) => (a.submittedOn < b.submittedOn ? 1 : -1))[0] ?? null;
  return {
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
    groups,
    assessment: c.assessment,
    adviceRequests: c.adviceRequests,
    plan: c.plan,
    reviews: c.reviews,
    cmooeNow: period === null ? null : { from: period.from, reason: period.reason },
    timeliness,
    latestSummary: latest === null ? null : { submittedOn: latest.submittedOn, actionsToDate: latest.actionsToDate, currentSteps: latest.currentSteps, keyDates: latest.keyDates },
    notes: [...c.caseNotes]
      .sort((a, b) => (a.eventAt < b.eventAt ? 1 : -1))
      .slice(0, 5)
      .map((n) => ({ eventAt: n.eventAt, author: name(n.authorId) ?? n.authorId, text: n.text })),
  };
}

/** The audit, found in the snapshot, with the viewer's standing (AuditNotFound when none). */
function located(snapshot: Snapshot, viewer: Person, auditId: string): { audit: Audit; role: AuditRole; c: Case | undefined } {
  const audit = snapshot.file.audits.find((a) => a.id === auditId);
  const c = audit === undefined ? undefined : snapshot.cases.get(audit.caseId);
  const role = audit === undefined ? null : auditRoleOf(viewer, audit, c);
  if (audit === undefined || role === null) throw new AuditNotFound(auditId);
  return { audit, role, c };
}

export async function auditForm(deps: AuditWorkDeps, snapshot: Snapshot, viewer: Person, auditId: string): Promise<AuditForm> {
  const { role, c } = located(snapshot, viewer, auditId);
  // The version (and the record) as stored now: the snapshot may be a moment old.
  const stored = await deps.store.getAudit(auditId);
  if (stored === null) throw new AuditNotFound(auditId);
  const a = stored.audit;
  const spec = deps.programme.types[a.type];
  const name = (id: string) => snapshot.people.get(id)?.name ?? id;
  const answers = seesAnswers(role, a);
  const open = role === 'auditor' ? isOpenAudit(a) : role === 'moderator' ? a.moderation !== null && a.moderation.on === null : false;
  // The case's facts: for the auditor and the moderator while their part is open, and for those who see
  // the case anyway (a QA officer, a service manager, the team's manager).
  const seesCase = c !== undefined && (open || seesAllCases(viewer) || (c.team !== null && canSeeTeam(viewer, c.team)));
  const m = a.moderation;
  return {
    today: snapshot.today,
    role,
    editable: open,
    version: stored.version,
    audit: {
      id: a.id,
      type: a.type,
      typeLabel: AUDIT_TYPE_LABELS[a.type],
      caseId: a.caseId,
      auditor: name(a.auditorId),
      assignedOn: a.assignedOn,
      due: auditDue(a.assignedOn, snapshot),
      completedOn: a.completedOn,
      sampledFrom: a.sampledFrom,
      answers: answers ? { grade: a.grade, summary: a.summary, criteria: a.criteria, actions: a.actions } : null,
      // The moderator's own grade is theirs to see; the auditor sees it once given; readers once given.
      moderation:
        m === null
          ? null
          : {
              moderator: name(m.moderatorId),
              assignedOn: m.assignedOn,
              grade: m.on !== null || role === 'moderator' ? m.grade : null,
              on: m.on,
              comment: m.on !== null || role === 'moderator' ? m.comment : null,
            },
    },
    criteria: spec.criteria.map((x) => ({ id: x.id, text: x.text, source: x.source })),
    grades: (['outstanding', 'good', 'requires-improvement', 'inadequate'] as const).map((g) => ({ grade: g, label: GRADE_LABELS[g], descriptor: deps.programme.grades[g] })),
    owners: c === undefined ? [] : actionOwners(c, snapshot.file.people).map((p) => ({ id: p.id, name: p.name })),
    facts: seesCase && c !== undefined ? factsOf(snapshot, c, spec.facts) : null,
  };
}

// ---- saving, completing, moderating ---------------------------------------------------------------

const text = z.string().max(4000, { error: 'at most 4000 characters' });
export const answersInput = z.strictObject({
  version: z.string().min(1, { error: 'the version of the audit read is missing: reload the page' }),
  criteria: z.array(z.strictObject({ id: z.string().min(1), judgement: z.string().nullable(), comment: text.nullable() })).max(60),
  grade: z.string().nullable(),
  summary: text.nullable(),
  actions: z.array(z.strictObject({ criterionId: z.string().nullable(), text: z.string().max(1000, { error: 'at most 1000 characters' }), ownerId: z.string(), dueOn: z.string() })).max(20),
});
export const moderationInput = z.strictObject({
  version: z.string().min(1, { error: 'the version of the audit read is missing: reload the page' }),
  grade: z.string().nullable(),
  comment: text.nullable(),
});

function problemsOf(error: z.ZodError): AuditFieldErrors {
  const out: AuditFieldErrors = {};
  for (const issue of error.issues) {
    const field =
      issue.path.length > 0
        ? issue.path
            .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
            .join('.')
            .replace(/\.\[/g, '[')
        : 'form';
    out[field] ??= issue.message;
  }
  return out;
}

async function writable(deps: AuditWorkDeps, snapshot: Snapshot, viewer: Person, auditId: string, want: AuditRole): Promise<{ audit: Audit; c: Case }> {
  const { role, c } = located(snapshot, viewer, auditId);
  if (role !== want || c === undefined) {
    throw new AccessDeniedError(want === 'auditor' ? `Only the auditor of ${auditId} records its findings.` : `Only the moderator of ${auditId} gives its second grade.`);
  }
  const stored = await deps.store.getAudit(auditId);
  if (stored === null) throw new AuditNotFound(auditId);
  return { audit: stored.audit, c };
}

/** Save the auditor's answers so far (a draft). */
export async function saveAuditDraft(deps: AuditWorkDeps, snapshot: Snapshot, viewer: Person, auditId: string, input: unknown): Promise<{ version: string; audit: Audit }> {
  const parsed = answersInput.safeParse(input);
  if (!parsed.success) throw new AuditProblems(problemsOf(parsed.error));
  const { audit, c } = await writable(deps, snapshot, viewer, auditId, 'auditor');
  const result = draftAudit(audit, parsed.data, c, snapshot.file.people, deps.programme);
  if (!result.ok) throw new AuditProblems(result.errors);
  const saved = await deps.store.updateAudit(auditId, parsed.data.version, result.audit);
  deps.logger?.info('audit draft saved', { auditId, by: viewer.id });
  return saved;
}

/** Complete the audit today: validated in full; its actions become meeting-actions of their owners. */
export async function completeAuditAnswers(deps: AuditWorkDeps, snapshot: Snapshot, viewer: Person, auditId: string, input: unknown): Promise<{ version: string; audit: Audit; actions: string[] }> {
  const parsed = answersInput.safeParse(input);
  if (!parsed.success) throw new AuditProblems(problemsOf(parsed.error));
  const { audit, c } = await writable(deps, snapshot, viewer, auditId, 'auditor');
  const today = londonToday(deps.clock());
  const result = completeAudit(audit, parsed.data, c, snapshot.file.people, deps.programme, today);
  if (!result.ok) throw new AuditProblems(result.errors);
  const saved = await deps.store.updateAudit(auditId, parsed.data.version, result.audit, { actions: result.actions });
  deps.logger?.info('audit completed', { auditId, type: audit.type, grade: result.audit.grade, actions: result.actions.length, by: viewer.id });
  return { ...saved, actions: result.actions.map((a) => a.id) };
}

/** The moderator's blind grade, today. */
export async function moderateAuditAnswer(deps: AuditWorkDeps, snapshot: Snapshot, viewer: Person, auditId: string, input: unknown): Promise<{ version: string; audit: Audit; agreed: boolean }> {
  const parsed = moderationInput.safeParse(input);
  if (!parsed.success) throw new AuditProblems(problemsOf(parsed.error));
  const { audit } = await writable(deps, snapshot, viewer, auditId, 'moderator');
  const result = moderateAudit(audit, { grade: parsed.data.grade, comment: parsed.data.comment }, londonToday(deps.clock()));
  if (!result.ok) throw new AuditProblems(result.errors);
  const saved = await deps.store.updateAudit(auditId, parsed.data.version, result.audit);
  deps.logger?.info('audit moderated', { auditId, by: viewer.id });
  return { ...saved, agreed: result.audit.moderation?.grade === result.audit.grade };
}

export const assignInput = z.strictObject({
  type: z.enum(AUDIT_TYPES, { error: `choose an audit type: ${AUDIT_TYPES.join(', ')}` }),
  caseId: z.string().trim().min(1, { error: 'choose a case' }),
  auditorId: z.string().trim().min(1, { error: 'choose an auditor' }),
  reason: z.string().trim().max(300).optional(),
});

/** A QA officer assigns an audit by hand (a dip sample, a thematic audit, or any type). */
export async function assignAudit(deps: AuditWorkDeps, snapshot: Snapshot, viewer: Person, input: unknown): Promise<Audit> {
  if (!viewer.roles.includes('qa-officer')) throw new AccessDeniedError('Audits are assigned by a QA officer (docs/rules.md section 8).');
  const parsed = assignInput.safeParse(input);
  if (!parsed.success) throw new AuditProblems(problemsOf(parsed.error));
  const { type, caseId, auditorId, reason } = parsed.data;
  const c = snapshot.cases.get(caseId.toUpperCase()) ?? snapshot.cases.get(caseId);
  if (c === undefined) throw new AuditProblems({ caseId: `there is no case ${caseId}` });
  const auditor = snapshot.people.get(auditorId);
  const roles = deps.programme.types[type].auditorRoles;
  if (auditor === undefined) throw new AuditProblems({ auditorId: `there is no person ${auditorId}` });
  const role = roles.find((r) => auditor.roles.includes(r)) ?? null;
  if (role === null) throw new AuditProblems({ auditorId: `a ${auditTypeInSentence(type)} is done by a ${roles.join(' or ')}` });
  const leads = [c.leadProfessionalId, c.inclusionLeadId];
  const manages = leads.some((id) => id !== null && snapshot.people.get(id)?.managerId === auditor.id) || (auditor.roles.includes('team-manager') && auditor.team !== null && auditor.team === c.team);
  if (leads.includes(auditor.id) || manages) throw new AuditProblems({ auditorId: `${auditor.name} leads or manages case ${c.id}: an auditor never audits their own case (docs/rules.md section 8)` });
  const today = londonToday(deps.clock());
  const prefix = `Q-${runOf(today)}-${type}-`;
  let n = 1;
  const taken = new Set((await deps.store.listAudits({ type })).map((a) => a.id));
  while (taken.has(`${prefix}h${n}`)) n += 1;
  const audit = auditByHand({
    id: `${prefix}h${n}`,
    type,
    caseId: c.id,
    auditorId: auditor.id,
    auditorRole: role,
    on: today,
    reason: reason ? `chosen by hand: ${reason}` : 'chosen by hand',
    programme: deps.programme,
  });
  const r = await deps.store.addAudits([audit]);
  if (r.added.length === 0) throw new ConflictError(audit.id, 'another audit took the same id at the same moment; try again');
  deps.logger?.info('audit assigned by hand', { auditId: audit.id, type, by: viewer.id });
  return audit;
}

export { NotFoundError, BadRequestError };
