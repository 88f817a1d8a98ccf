// The case file (docs/case-file.md): zod schemas and the types inferred from them.
// Field names are fixed. Unknown fields are errors (a typo must not silently drop a date);
// `null` or a missing field means "not yet", and parsing fills it in as null (arrays as []), so a
// parsed file is in one canonical form that exports and round-trips losslessly.
import { z } from 'zod';
import { isIsoDate, isIsoInstant } from './dates.js';

export const ROLES = [
  'provision-lead',
  'inclusion-lead',
  'social-worker',
  'team-manager',
  'service-manager',
  'cmooe-chair',
  'business-support',
  'virtual-school',
  'qa-officer',
  /** The council's information governance officer (docs/rules.md sections 1 and 7): the access record,
   * subject access requests and retention. Sees no case through the ordinary views. */
  'information-governance',
] as const;
export type Role = (typeof ROLES)[number];

export const PRIMARY_NEEDS = ['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'DS', 'OTH'] as const;
export type PrimaryNeed = (typeof PRIMARY_NEEDS)[number];

export const CMOOE_REASONS = ['suspended-no-provision', 'excluded-no-provision', 'permanent-exclusion', 'missing-attendance'] as const;
export type CmooeReason = (typeof CMOOE_REASONS)[number];

export const PHASE_TRANSFER_KINDS = ['school', 'post16', 'between-post16'] as const;

/** The two CMOOE meeting series (docs/rules.md section 4). */
export const CMOOE_SERIES_ID = 'cmooe';
export const CIC_CMOOE_SERIES_ID = 'cic-cmooe';
/** The series of the actions raised by audit findings (docs/rules.md section 8): not a meeting series of
 * the file; such an action's meetingOn is the day its audit was completed. */
export const AUDIT_SERIES_ID = 'audit';

// ---- primitives --------------------------------------------------------------------------------

/** A calendar date YYYY-MM-DD that exists ("2026-02-30" is rejected with the text quoted). */
export const isoDate = z.string().refine(isIsoDate, { error: (iss) => `not a date ${JSON.stringify(iss.input)}` });
/** An ISO 8601 instant with an offset or Z. */
export const isoInstant = z.string().refine(isIsoInstant, { error: (iss) => `not an instant with an offset or Z ${JSON.stringify(iss.input)}` });

/** A date that may be missing or null ("not yet"); parsed to null when missing. */
const maybeDate = isoDate
  .nullable()
  .optional()
  .transform((v) => v ?? null);
const maybeText = z
  .string()
  .nullable()
  .optional()
  .transform((v) => v ?? null);
const id = z.string().trim().min(1, { error: 'must not be empty' });
const text = z.string();
function list<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .optional()
    .transform((v) => v ?? []);
}
function maybe<T extends z.ZodType>(schema: T) {
  return schema
    .nullable()
    .optional()
    .transform((v) => v ?? null);
}

// ---- entities ----------------------------------------------------------------------------------

export const meetingSeriesSchema = z.strictObject({
  id,
  title: text,
  firstMeetingOn: isoDate,
  everyDays: z.number().int().min(1).max(366),
});

export const personSchema = z.strictObject({
  id,
  name: text,
  email: maybe(z.email({ error: (iss) => `not an email address ${JSON.stringify(iss.input)}` })),
  /** Entra ID (AAD) object id: how the bot and the tab recognise this person (optional). */
  aadObjectId: maybeText,
  roles: z.array(z.enum(ROLES)).min(1, { error: 'a person needs at least one role' }),
  team: maybeText,
  locality: maybeText,
  managerId: maybeText,
  startedOn: maybeDate,
  /** The meeting series a CMOOE chair chairs (docs/rules.md sections 4 and 7): their view, their
   * selections and the cases they see as chair follow it. Absent: none. */
  chairs: z.array(id).optional(),
});

/** An earlier version of a record kept when it was corrected (docs/rules.md section 5): who corrected
 * it, when, why, and what it said before (the corrected fields only). */
function correctionSchema<T extends z.ZodRawShape>(previous: T) {
  return z.strictObject({
    at: isoInstant,
    byId: id,
    reason: maybeText,
    previous: z.strictObject(previous).partial(),
  });
}

export const supervisionSchema = z.strictObject({
  superviseeId: id,
  supervisorId: id,
  heldOn: isoDate,
  notesSharedOn: maybeDate,
  /** When it was entered (a supervision entered in error can be corrected for 7 days after). Absent: not known. */
  recordedAt: isoInstant.optional(),
  /** Earlier versions, oldest first (a supervision entered in error and corrected). Absent: none. */
  corrections: z.array(correctionSchema({ heldOn: isoDate, notesSharedOn: maybeDate })).optional(),
});

export const assessmentSchema = z.strictObject({
  requestedOn: isoDate,
  decisionOn: maybeDate,
  decision: maybe(z.enum(['assess', 'not-assess'])),
  outcome: maybe(z.enum(['issue', 'not-issue'])),
  outcomeNoticeOn: maybeDate,
  draftSentOn: maybeDate,
  exceptionReason: maybeText,
});

export const adviceRequestSchema = z.strictObject({
  agency: z.string().min(1),
  requestedOn: isoDate,
  receivedOn: maybeDate,
});

export const planSchema = z.strictObject({
  issuedOn: maybeDate,
  /** The family was notified of a decision to cease the plan (PS 9.6: the appeal window runs from here). */
  ceaseNoticeOn: maybeDate,
  ceasedOn: maybeDate,
  transferredOutOn: maybeDate,
});

export const reviewSchema = z.strictObject({
  meetingOn: isoDate,
  /** The specialists involved were given notice of the meeting (a profile's review-specialist-notice). */
  specialistNoticeOn: maybeDate,
  adviceCirculatedOn: maybeDate,
  outcomeSentOn: maybeDate,
});

export const phaseTransferSchema = z.strictObject({
  moveOn: isoDate,
  kind: z.enum(PHASE_TRANSFER_KINDS),
  completedOn: maybeDate,
});

export const amendmentSchema = z.strictObject({
  noticeOn: isoDate,
  issuedOn: maybeDate,
});

export const laTransferSchema = z.strictObject({
  moveOn: isoDate,
  noticeOn: isoDate,
  transferredOn: maybeDate,
});

export const mediationSchema = z.strictObject({
  requestedOn: isoDate,
  sessionOn: maybeDate,
});

export const cmooePeriodSchema = z.strictObject({
  from: isoDate,
  to: maybeDate,
  reason: z.enum(CMOOE_REASONS),
});

export const cmooeSummarySchema = z.strictObject({
  submittedOn: isoDate,
  authorId: id,
  actionsToDate: text,
  currentSteps: text,
  keyDates: text,
  /** Earlier versions, oldest first. Absent: none. */
  corrections: z.array(correctionSchema({ actionsToDate: text, currentSteps: text, keyDates: text })).optional(),
});

export const exclusionSchema = z.strictObject({
  permanentFrom: isoDate,
  provisionFrom: maybeDate,
});

export const caseNoteSchema = z.strictObject({
  eventAt: isoInstant,
  recordedAt: isoInstant,
  authorId: id,
  text,
  /** Earlier versions, oldest first. Absent: none. */
  corrections: z.array(correctionSchema({ eventAt: isoInstant, text })).optional(),
});

export const consentSchema = z.strictObject({
  givenBy: z.string().min(1),
  recordedOn: isoDate,
});

export const caseSchema = z.strictObject({
  id,
  childName: text,
  dateOfBirth: isoDate,
  ncYearOverride: maybe(z.number().int().min(-3).max(16)),
  childInCare: z
    .boolean()
    .optional()
    .transform((v) => v ?? false),
  locality: maybeText,
  team: maybeText,
  setting: maybeText,
  settingUrn: maybeText,
  primaryNeed: maybe(z.enum(PRIMARY_NEEDS)),
  leadProfessionalId: maybeText,
  inclusionLeadId: maybeText,
  consentToShare: maybe(consentSchema),
  assessment: maybe(assessmentSchema),
  adviceRequests: list(adviceRequestSchema),
  plan: maybe(planSchema),
  reviews: list(reviewSchema),
  phaseTransfer: maybe(phaseTransferSchema),
  amendments: list(amendmentSchema),
  laTransfer: maybe(laTransferSchema),
  mediations: list(mediationSchema),
  cmooe: list(cmooePeriodSchema),
  cmooeSummaries: list(cmooeSummarySchema),
  exclusions: list(exclusionSchema),
  caseNotes: list(caseNoteSchema),
});

export const nominationSchema = z.strictObject({
  caseId: id,
  seriesId: id,
  byId: id,
  concern: text,
  madeOn: isoDate,
});

export const selectionSchema = z.strictObject({
  caseId: id,
  seriesId: id,
  meetingOn: isoDate,
  byId: id,
});

export const actionSchema = z.strictObject({
  id,
  seriesId: id,
  meetingOn: isoDate,
  caseId: maybeText,
  text,
  ownerId: id,
  dueOn: isoDate,
  closedOn: maybeDate,
  /** A line on what was done, given when the action was closed. */
  closedNote: maybeText,
});

/** What one meeting decided about one case it discussed (docs/rules.md section 5). */
export const meetingOutcomeSchema = z.strictObject({
  caseId: id,
  outcome: text,
});

/** The record of a meeting of a CMOOE series (docs/rules.md section 5): who recorded it, who attended,
 * and the outcome of each case discussed. Its actions are in `actions` (by series and meeting date). */
export const meetingRecordSchema = z.strictObject({
  seriesId: id,
  meetingOn: isoDate,
  recordedById: id,
  attendees: list(id),
  cases: list(meetingOutcomeSchema),
  /** When the record was last saved (minutes published after a change say "revised" and this time). */
  recordedAt: maybe(isoInstant),
});

export const schoolHolidaySchema = z.strictObject({
  from: isoDate,
  to: isoDate,
  name: maybeText,
});

// ---- audits (docs/rules.md section 8; QA §3, §5, §6) ---------------------------------------------

/** The audit types of the programme (docs/rules.md section 8), and panel decision standardisation (QA §5). */
export const AUDIT_TYPES = ['ehcna', 'advice-ep', 'advice-health', 'advice-social-care', 'advice-school', 'ehcp', 'annual-review', 'cs-case', 'dip-sample', 'thematic', 'panel-decision'] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

/** QA §3: the four grades, best first. Good or better counts towards the 80 % target. */
export const AUDIT_GRADES = ['outstanding', 'good', 'requires-improvement', 'inadequate'] as const;
export type AuditGrade = (typeof AUDIT_GRADES)[number];

export const JUDGEMENTS = ['met', 'partly', 'not-met'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];

/** One criterion of an audit: its id in the criteria file (qa/audit-programme.json), the auditor's
 * judgement (null while the audit is a draft) and a comment. */
export const auditCriterionSchema = z.strictObject({
  id,
  judgement: maybe(z.enum(JUDGEMENTS)),
  comment: maybeText,
});

/** An action a finding raised: becomes a meeting-action (an `actions` entry of series "audit", same id)
 * when the audit is completed; until then part of the draft. */
export const auditActionSchema = z.strictObject({
  id,
  /** The criterion whose finding raised it (null: the audit as a whole). */
  criterionId: maybeText,
  text: z.string().trim().min(1, { error: 'must say what is to be done' }),
  ownerId: id,
  dueOn: isoDate,
});

/** The second, blind grading of a completed audit (QA §5, §6): assigned to a moderator, who grades the
 * case without seeing the first grade. `grade` and `on` are null until it is done. */
export const moderationSchema = z.strictObject({
  moderatorId: id,
  assignedOn: maybeDate,
  grade: maybe(z.enum(AUDIT_GRADES)),
  on: maybeDate,
  comment: maybeText,
});

export const auditSchema = z.strictObject({
  id,
  type: z.enum(AUDIT_TYPES),
  caseId: id,
  auditorId: id,
  /** The role the audit was drawn for (an EHC plan audit by a team manager, or a provision lead's learning audit). */
  auditorRole: maybe(z.enum(ROLES)),
  assignedOn: isoDate,
  completedOn: maybeDate,
  /** null until completed (a draft may hold the grade the auditor has in mind). */
  grade: maybe(z.enum(AUDIT_GRADES)),
  criteria: list(auditCriterionSchema),
  /** Overall findings: what works well, what needs to be better (the learning summary's themes). */
  summary: maybeText,
  actions: list(auditActionSchema),
  /** The programme run that drew it ("2026-11"); null for an audit chosen by hand (dip sample, thematic). */
  run: maybeText,
  /** Why this case was drawn, in words ("final plan issued on 14 Sep 2026"). */
  sampledFrom: maybeText,
  moderation: maybe(moderationSchema),
});

export const caseFileSchema = z.strictObject({
  policy: z
    .string()
    .optional()
    .transform((v) => v ?? 'dorset'),
  meetingSeries: list(meetingSeriesSchema),
  /** Optional: the school holidays that make school days differ from working days (docs/rules.md section 2). */
  schoolHolidays: list(schoolHolidaySchema),
  people: list(personSchema),
  supervisions: list(supervisionSchema),
  cases: list(caseSchema),
  nominations: list(nominationSchema),
  selections: list(selectionSchema),
  actions: list(actionSchema),
  /** Case-file audits (docs/rules.md section 8). */
  audits: list(auditSchema),
  /** The records of meetings held (docs/rules.md section 5). */
  meetingRecords: list(meetingRecordSchema),
});

export type MeetingSeries = z.output<typeof meetingSeriesSchema>;
export type Person = z.output<typeof personSchema>;
export type Supervision = z.output<typeof supervisionSchema>;
export type Assessment = z.output<typeof assessmentSchema>;
export type AdviceRequest = z.output<typeof adviceRequestSchema>;
export type Plan = z.output<typeof planSchema>;
export type Review = z.output<typeof reviewSchema>;
export type PhaseTransfer = z.output<typeof phaseTransferSchema>;
export type Amendment = z.output<typeof amendmentSchema>;
export type LaTransfer = z.output<typeof laTransferSchema>;
export type Mediation = z.output<typeof mediationSchema>;
export type CmooePeriod = z.output<typeof cmooePeriodSchema>;
export type CmooeSummary = z.output<typeof cmooeSummarySchema>;
export type Exclusion = z.output<typeof exclusionSchema>;
export type CaseNote = z.output<typeof caseNoteSchema>;
export type Case = z.output<typeof caseSchema>;
export type Nomination = z.output<typeof nominationSchema>;
export type Selection = z.output<typeof selectionSchema>;
export type Action = z.output<typeof actionSchema>;
export type MeetingOutcome = z.output<typeof meetingOutcomeSchema>;
export type MeetingRecord = z.output<typeof meetingRecordSchema>;
export type Correction<T> = { readonly at: string; readonly byId: string; readonly reason: string | null; readonly previous: Partial<T> };
export type SchoolHolidayRecord = z.output<typeof schoolHolidaySchema>;
export type AuditCriterion = z.output<typeof auditCriterionSchema>;
export type AuditAction = z.output<typeof auditActionSchema>;
export type Moderation = z.output<typeof moderationSchema>;
export type Audit = z.output<typeof auditSchema>;
export type CaseFile = z.output<typeof caseFileSchema>;
/** What a writer may hand in (missing optional fields allowed). */
export type CaseFileInput = z.input<typeof caseFileSchema>;
