// An obligation: one thing the service owes, by when, and whether it was done (docs/rules.md section 3;
// output format in docs/case-file.md).
import type { Role } from './model.js';

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
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

export const STATUSES = ['met', 'met-late', 'overdue', 'due-soon', 'upcoming', 'excepted', 'ok', 'breached'] as const;
export type ObligationStatus = (typeof STATUSES)[number];

/** Plain words for each kind, for cards, tables and agendas. */
export const KIND_LABELS: Record<ObligationKind, string> = {
  'assessment-decision': 'Decide whether to assess',
  'not-issuing-notice': 'Notice of decision not to issue a plan',
  'final-plan': 'Issue the final EHC plan',
  'agency-advice': 'Advice from another agency',
  'draft-representations': '15 days for representations on the draft plan',
  'annual-review': 'Annual review',
  'review-advice-circulation': 'Circulate advice before the review meeting',
  'post-review-plan': 'Send the updated plan after the review',
  'phase-transfer-review': 'Phase transfer review and amendments',
  'amendment-issue': 'Issue the amended plan (or decision not to amend)',
  'la-transfer': 'Transfer the plan to the new local authority',
  'mediation-session': 'Hold the mediation session',
  'casework-recording': 'Record casework within 48 hours',
  'cmooe-summary': 'Fortnightly CMOOE case summary',
  'exclusion-provision': 'Education provision after permanent exclusion',
  supervision: 'Monthly supervision',
  'supervision-notes': 'Share supervision notes',
};

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
  /** What it concerns, in a few words (an agency, a supervisee's id, a meeting date). Not in the JSON output. */
  readonly subject: string | null;
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
  };
}

/** docs/case-file.md order: by due, then caseId, then kind (then the key, so the order is total). */
export function compareObligations(a: Obligation, b: Obligation): number {
  return cmp(a.due, b.due) || cmp(a.caseId ?? '', b.caseId ?? '') || cmp(a.kind, b.kind) || cmp(a.key, b.key);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const isOpen = (o: Pick<Obligation, 'status'>) => o.status === 'overdue' || o.status === 'due-soon' || o.status === 'upcoming';
