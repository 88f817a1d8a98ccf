// An obligation: one thing the service owes, by when, and whether it was done (docs/rules.md section 3;
// output format in docs/case-file.md).
import type { Role } from './model.js';

/** Every kind of obligation. Each has one entry in the table of kinds (kinds.ts: its label, rule,
 * digest section, card action, dashboard figure and bot command); the compiler holds the two together. */
export const OBLIGATION_KINDS = [
  'assessment-decision',
  'not-issuing-notice',
  'final-plan',
  'agency-advice',
  'draft-representations',
  'annual-review',
  'review-advice-circulation',
  'post-review-plan',
  'phase-transfer-review',
  'amendment-issue',
  'la-transfer',
  'mediation-session',
  'casework-recording',
  'cmooe-summary',
  'exclusion-provision',
  'supervision',
  'supervision-notes',
  'meeting-action',
  'cease-appeal-window',
  'review-specialist-notice',
  'year6-review',
  'year7-review',
  'audit',
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

/** The kinds a profile switches on (docs/rules.md section 9); every other kind applies under every profile. */
export const PROFILE_KINDS = ['review-specialist-notice', 'year6-review', 'year7-review'] as const satisfies readonly ObligationKind[];
export type ProfileKind = (typeof PROFILE_KINDS)[number];

/** `missed`: a meeting's paper that was not done and whose meeting has been held (docs/rules.md section 3). */
export const STATUSES = ['met', 'met-late', 'overdue', 'due-soon', 'upcoming', 'excepted', 'missed', 'ok', 'breached'] as const;
export type ObligationStatus = (typeof STATUSES)[number];

export interface Obligation {
  readonly caseId: string | null;
  readonly personId: string | null;
  readonly kind: ObligationKind;
  /** A date YYYY-MM-DD, or an instant for `casework-recording`. */
  readonly due: string;
  readonly status: ObligationStatus;
  /** The date (or instant, for casework) it was done; null if not yet. */
  readonly completedOn: string | null;
  readonly ownerRole: Role;
  readonly ownerId: string | null;
  readonly citation: string;
  readonly seriesId: string | null;
  readonly meetingOn: string | null;
  /** Preparing for adulthood (annual reviews in NC year 9 and above); null for other kinds. */
  readonly pfa: boolean | null;
  /** Stable identity of this obligation (ledger keys, snoozes, links). Not in the JSON output. */
  readonly key: string;
  /** What it concerns, in a few words: the date its due date was counted from (a request, a meeting,
   * a notice, the last supervision), an agency, or an action's text. Not in the JSON output. */
  readonly subject: string | null;
  /** Where the due date comes from, in words, with the dates it came from ("12 months after the review
   * meeting on 3 Nov 2025"). Built when first read. */
  readonly basis: string;
  /** The action's id, for `meeting-action`; null for other kinds. */
  readonly actionId: string | null;
  /** The audit's id, for `audit` (the audit itself, or its moderation); null for other kinds. */
  readonly auditId: string | null;
}

/** The JSON object of docs/case-file.md, with its fields in the documented order. */
export interface ObligationJson {
  caseId: string | null;
  personId: string | null;
  kind: ObligationKind;
  due: string;
  status: ObligationStatus;
  completedOn: string | null;
  ownerRole: Role;
  ownerId: string | null;
  citation: string;
  seriesId: string | null;
  meetingOn: string | null;
  pfa: boolean | null;
  /** Only on `meeting-action` obligations. */
  actionId?: string;
  /** Only on `audit` obligations. */
  auditId?: string;
  basis: string;
}

export function toObligationJson(o: Obligation): ObligationJson {
  return {
    caseId: o.caseId,
    personId: o.personId,
    kind: o.kind,
    due: o.due,
    status: o.status,
    completedOn: o.completedOn,
    ownerRole: o.ownerRole,
    ownerId: o.ownerId,
    citation: o.citation,
    seriesId: o.seriesId,
    meetingOn: o.meetingOn,
    pfa: o.pfa,
    ...(o.actionId !== null ? { actionId: o.actionId } : {}),
    ...(o.auditId !== null ? { auditId: o.auditId } : {}),
    basis: o.basis,
  };
}

/** docs/case-file.md order: by due, then caseId, then kind (then the key, so the order is total). */
export function compareObligations(a: Obligation, b: Obligation): number {
  return cmp(a.due, b.due) || cmp(a.caseId ?? '', b.caseId ?? '') || cmp(a.kind, b.kind) || cmp(a.key, b.key);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Still to do: on a to-do list (overdue, due soon or upcoming). `missed` is not: its meeting is over. */
export const isOpen = (o: Pick<Obligation, 'status'>) => o.status === 'overdue' || o.status === 'due-soon' || o.status === 'upcoming';
