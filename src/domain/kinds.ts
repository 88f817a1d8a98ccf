// The table of obligation kinds: one typed record per kind with everything the product decides per
// kind. The rules (rules/index.ts), the reminders (digest section, card line action), the Done and
// Snooze buttons (how a Done completes it), the dashboard (which figure counts it) and the bot (which
// command records it) all read this table; none of them has a `default` for a kind it forgot.
//
// Adding a kind: its name in OBLIGATION_KINDS (obligation.ts), its entry here, its rule (a module under
// rules/), and its table test (tests/domain/kinds.test.ts). The compiler holds them together: a kind
// without an entry, an entry without a rule, an entry for a kind that is not listed, or a rule that
// makes an obligation of an unlisted kind, each fails the type check (tests/domain/kinds.types.ts).
import type { FigureName } from './measures.js';
import type { Action, Case, Person, Supervision } from './model.js';
import { OBLIGATION_KINDS, type Obligation, type ObligationKind, type ProfileKind } from './obligation.js';
import type { Policy } from './policy.js';
import { meetingAction } from './rules/actions.js';
import { audit } from './rules/audits.js';
import { agencyAdvice, assessmentDecision, draftRepresentations, finalPlan, notIssuingNotice } from './rules/assessment.js';
import { amendmentIssue, ceaseAppealWindow, laTransfer, mediationSession } from './rules/changes.js';
import { cmooeSummary, exclusionProvision } from './rules/cmooe.js';
import type { RuleContext } from './rules/context.js';
import { caseworkRecording } from './rules/recording.js';
import { annualReview, phaseTransferReview, postReviewPlan, reviewAdviceCirculation, reviewSpecialistNotice, year6Review, year7Review } from './rules/reviews.js';
import { supervision, supervisionNotes } from './rules/supervision.js';

// ---- what an entry holds --------------------------------------------------------------------------

/** A rule appends the obligations of one case, one person (with their supervisions) or one action. */
export type CaseRule = (c: Case, ctx: RuleContext, out: Obligation[]) => Obligation[];
export type PersonRule = (p: Person, supervisions: readonly Supervision[], ctx: RuleContext, out: Obligation[]) => Obligation[];
export type ActionRule = (a: Action, ctx: RuleContext, out: Obligation[]) => Obligation[];

export type KindRule = { readonly scope: 'case'; readonly run: CaseRule } | { readonly scope: 'person'; readonly run: PersonRule } | { readonly scope: 'action'; readonly run: ActionRule };

/** The section of a digest card a kind's lines go in. */
export type DigestSection = 'cmooe' | 'reviews' | 'supervision' | 'actions' | 'casework' | 'audits';

export type FormVerb = 'form.summary' | 'form.note' | 'form.supervision' | 'form.nominate';

/** The case fields a Done from a card may set (the store's CasePatch accepts every one of them). */
export type CaseCompletionPatch = Partial<Pick<Case, 'adviceRequests' | 'assessment' | 'plan' | 'phaseTransfer' | 'amendments' | 'laTransfer' | 'mediations' | 'exclusions'>>;

/** What a line's buttons do:
 * - done: one date set to today on the case; `patches` are the candidate patches, each tried until the
 *   obligation reads as done (e.g. one per open advice request);
 * - form: the bot's form that records it;
 * - tab: not recorded from a card nor with the tab's Done; `why` says where it is recorded (both answers);
 * - close: a meeting's action, closed with a line on what was done;
 * - notes-shared: the notes of a supervision already recorded, shared today. */
export type CardAction =
  | { readonly type: 'done'; readonly patches: (c: Case, o: Obligation, today: string) => CaseCompletionPatch[] }
  | { readonly type: 'form'; readonly verb: FormVerb }
  | { readonly type: 'tab'; readonly why: string }
  /** A meeting's action: Done asks for one line on what was done, and closes the action (services/meetings.ts). */
  | { readonly type: 'close'; readonly prompt: string }
  /** Supervision notes: Done records the notes shared today on the supervision already recorded
   * (services/supervision.ts). */
  | { readonly type: 'notes-shared' };

export interface KindEntry<K extends ObligationKind = ObligationKind> {
  /** Plain words for the kind (tables, agendas, weekly exceptions). */
  readonly label: string;
  /** The words for one obligation of the kind on a line (cards, My work, the CLI); the label if absent. */
  readonly lineLabel?: (o: Obligation) => string;
  /** The rule book's citation for the kind (a rule may cite a narrower one per case, and a profile its own). */
  readonly citation: string;
  readonly rule: KindRule;
  /** Every profile, or only a profile that switches it on (docs/rules.md section 9). */
  readonly appliesUnder: K extends ProfileKind ? 'profiles that switch it on' : 'every profile';
  /** `earliest` rules ("not before") are ok / breached, never due or overdue. */
  readonly deadline: 'by' | 'earliest';
  readonly section: DigestSection;
  readonly card: CardAction;
  /** The dashboard figures (measures.ts) that count it. */
  readonly figures: readonly FigureName[];
  /** What to type to the bot to record it. */
  readonly botCommand: (o: Pick<Obligation, 'caseId' | 'personId'>) => string;
}

export type KindTable = { readonly [K in ObligationKind]: KindEntry<K> };

// ---- shared parts ----------------------------------------------------------------------------------

const caseOrDue = (o: Pick<Obligation, 'caseId'>): string => (o.caseId !== null ? `case ${o.caseId}` : "what's due");
const REVIEW_RECORD = 'Review dates are part of the review record, kept in your case management system; SEND Oversight reads them from there.';
const MORE_THAN_A_DATE = 'This needs more than a date (for example the decision itself): record it in your case management system.';
const NOT_BEFORE = 'This is a date before which something may not happen; there is nothing to record for it.';

/** One patch per open item of a list: the item set done, the others unchanged. */
function each<T>(list: readonly T[], open: (x: T) => boolean, done: (x: T) => T): T[][] {
  return list.flatMap((x, i) => (open(x) ? [list.map((y, j) => (j === i ? done(y) : y))] : []));
}

// ---- the table -------------------------------------------------------------------------------------

export const KINDS: KindTable = {
  'assessment-decision': {
    label: 'Decide whether to assess',
    citation: 'PS 5.3',
    rule: { scope: 'case', run: assessmentDecision },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'casework',
    card: { type: 'tab', why: MORE_THAN_A_DATE },
    figures: ['decisionsWithin6Weeks'],
    botCommand: caseOrDue,
  },
  'not-issuing-notice': {
    label: 'Notice of decision not to issue a plan',
    citation: 'PS 5.18',
    rule: { scope: 'case', run: notIssuingNotice },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'casework',
    card: { type: 'done', patches: (c, _o, today) => (c.assessment ? [{ assessment: { ...c.assessment, outcomeNoticeOn: today } }] : []) },
    figures: [],
    botCommand: caseOrDue,
  },
  'final-plan': {
    label: 'Issue the final EHC plan',
    citation: 'PS 5.16',
    rule: { scope: 'case', run: finalPlan },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'casework',
    card: {
      type: 'done',
      patches: (c, _o, today) => [{ plan: { issuedOn: today, ceaseNoticeOn: c.plan?.ceaseNoticeOn ?? null, ceasedOn: c.plan?.ceasedOn ?? null, transferredOutOn: c.plan?.transferredOutOn ?? null } }],
    },
    figures: ['ehcpWithin20Weeks', 'ehcpExcepted'],
    botCommand: caseOrDue,
  },
  'agency-advice': {
    label: 'Advice from another agency',
    lineLabel: (o) => `Advice from ${o.subject ?? 'another agency'}`,
    citation: 'PS 5.17',
    rule: { scope: 'case', run: agencyAdvice },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'casework',
    card: {
      type: 'done',
      // Only the requests to this obligation's agency.
      patches: (c, o, today) =>
        each(
          c.adviceRequests,
          (r) => r.receivedOn === null && r.agency === o.subject,
          (r) => ({ ...r, receivedOn: today }),
        ).map((adviceRequests) => ({ adviceRequests })),
    },
    figures: ['adviceWithin6Weeks'],
    botCommand: caseOrDue,
  },
  'draft-representations': {
    label: '15 days for representations on the draft plan',
    citation: 'PS 5.19',
    rule: { scope: 'case', run: draftRepresentations },
    appliesUnder: 'every profile',
    deadline: 'earliest',
    section: 'casework',
    card: { type: 'tab', why: NOT_BEFORE },
    figures: [],
    botCommand: caseOrDue,
  },
  'annual-review': {
    label: 'Annual review',
    citation: 'PS 7.2, 7.4',
    rule: { scope: 'case', run: annualReview },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'reviews',
    card: { type: 'tab', why: REVIEW_RECORD },
    figures: ['reviewsOnTime', 'reviewsOverdueNow'],
    botCommand: caseOrDue,
  },
  'review-advice-circulation': {
    label: 'Circulate advice before the review meeting',
    citation: 'PS 7.7',
    rule: { scope: 'case', run: reviewAdviceCirculation },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'reviews',
    card: { type: 'tab', why: REVIEW_RECORD },
    figures: [],
    botCommand: caseOrDue,
  },
  'post-review-plan': {
    label: 'Send the updated plan after the review',
    citation: 'PS 7.9',
    rule: { scope: 'case', run: postReviewPlan },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'reviews',
    card: { type: 'tab', why: REVIEW_RECORD },
    figures: ['reviewOutcomeWithin4Weeks'],
    botCommand: caseOrDue,
  },
  'phase-transfer-review': {
    label: 'Phase transfer review and amendments',
    citation: 'PS 7.10',
    rule: { scope: 'case', run: phaseTransferReview },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'reviews',
    card: { type: 'done', patches: (c, _o, today) => (c.phaseTransfer ? [{ phaseTransfer: { ...c.phaseTransfer, completedOn: today } }] : []) },
    figures: [],
    botCommand: caseOrDue,
  },
  'amendment-issue': {
    label: 'Issue the amended plan (or decision not to amend)',
    citation: 'PS 8.1, 8.2',
    rule: { scope: 'case', run: amendmentIssue },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'casework',
    card: {
      type: 'done',
      patches: (c, _o, today) =>
        each(
          c.amendments,
          (a) => a.issuedOn === null,
          (a) => ({ ...a, issuedOn: today }),
        ).map((amendments) => ({ amendments })),
    },
    figures: [],
    botCommand: caseOrDue,
  },
  'la-transfer': {
    label: 'Transfer the plan to the new local authority',
    citation: 'PS 9.7',
    rule: { scope: 'case', run: laTransfer },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'casework',
    card: { type: 'done', patches: (c, _o, today) => (c.laTransfer ? [{ laTransfer: { ...c.laTransfer, transferredOn: today } }] : []) },
    figures: [],
    botCommand: caseOrDue,
  },
  'mediation-session': {
    label: 'Hold the mediation session',
    citation: 'PS 12.6',
    rule: { scope: 'case', run: mediationSession },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'casework',
    card: {
      type: 'done',
      patches: (c, _o, today) =>
        each(
          c.mediations,
          (m) => m.sessionOn === null,
          (m) => ({ ...m, sessionOn: today }),
        ).map((mediations) => ({ mediations })),
    },
    figures: [],
    botCommand: caseOrDue,
  },
  'casework-recording': {
    label: 'Record casework within 48 hours',
    citation: 'PS 11.2',
    rule: { scope: 'case', run: caseworkRecording },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'casework',
    card: { type: 'form', verb: 'form.note' },
    figures: ['caseworkWithin48Hours'],
    botCommand: (o) => `note ${o.caseId}`,
  },
  'cmooe-summary': {
    label: 'Fortnightly CMOOE case summary',
    citation: 'PS 4.2, 6.15, 11.3',
    rule: { scope: 'case', run: cmooeSummary },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'cmooe',
    card: { type: 'form', verb: 'form.summary' },
    figures: ['summariesOnTime'],
    botCommand: (o) => `summary ${o.caseId}`,
  },
  'exclusion-provision': {
    label: 'Education provision after permanent exclusion',
    citation: 'PS 6.17, 6.18',
    rule: { scope: 'case', run: exclusionProvision },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'cmooe',
    card: {
      type: 'done',
      patches: (c, _o, today) =>
        each(
          c.exclusions,
          (e) => e.provisionFrom === null,
          (e) => ({ ...e, provisionFrom: today }),
        ).map((exclusions) => ({ exclusions })),
    },
    figures: ['exclusionsWithoutProvision'],
    botCommand: caseOrDue,
  },
  supervision: {
    label: 'Monthly supervision',
    citation: 'PS 6.13',
    rule: { scope: 'person', run: supervision },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'supervision',
    card: { type: 'form', verb: 'form.supervision' },
    figures: [],
    // The bot's supervision form asks who was supervised (bot/commands.ts takes no argument).
    botCommand: () => 'supervision',
  },
  'supervision-notes': {
    label: 'Share supervision notes',
    citation: 'PS 11.4',
    rule: { scope: 'person', run: supervisionNotes },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'supervision',
    card: { type: 'notes-shared' },
    figures: ['notesWithin10WorkingDays'],
    botCommand: () => 'supervision',
  },
  'meeting-action': {
    label: 'Action from a meeting',
    lineLabel: (o) => `Action ${o.actionId ?? ''}: ${o.subject ?? ''}`.trim(),
    citation: 'PS 4.1, 4.2',
    rule: { scope: 'action', run: meetingAction },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'actions',
    card: { type: 'close', prompt: 'What was done? (one line)' },
    figures: ['meetingActionsOnTime', 'meetingActionsOverdueNow'],
    botCommand: caseOrDue,
  },
  'cease-appeal-window': {
    label: 'Appeal window before ceasing the plan',
    citation: 'PS 9.6',
    rule: { scope: 'case', run: ceaseAppealWindow },
    appliesUnder: 'every profile',
    deadline: 'earliest',
    section: 'casework',
    card: { type: 'tab', why: NOT_BEFORE },
    figures: [],
    botCommand: caseOrDue,
  },
  'review-specialist-notice': {
    label: 'Give specialists notice of the review meeting',
    citation: 'DT "Reviewing EHC plans"',
    rule: { scope: 'case', run: reviewSpecialistNotice },
    appliesUnder: 'profiles that switch it on',
    deadline: 'by',
    section: 'reviews',
    card: { type: 'tab', why: REVIEW_RECORD },
    figures: [],
    botCommand: caseOrDue,
  },
  'year6-review': {
    label: 'Year 6 annual review by 31 December',
    citation: 'DT "Years 6 and 7"',
    rule: { scope: 'case', run: year6Review },
    appliesUnder: 'profiles that switch it on',
    deadline: 'by',
    section: 'reviews',
    card: { type: 'tab', why: REVIEW_RECORD },
    figures: [],
    botCommand: caseOrDue,
  },
  'year7-review': {
    label: 'Year 7 review before the end of the autumn term',
    citation: 'DT "Years 6 and 7"',
    rule: { scope: 'case', run: year7Review },
    appliesUnder: 'profiles that switch it on',
    deadline: 'by',
    section: 'reviews',
    card: { type: 'tab', why: REVIEW_RECORD },
    figures: [],
    botCommand: caseOrDue,
  },
  audit: {
    label: 'Complete a case-file audit',
    // "Audit Q-2026-11-EHCP-North-1", or "Moderate audit …" for the second, blind grading.
    lineLabel: (o) => `${o.key.includes('/moderation:') ? 'Moderate audit' : 'Audit'} ${o.auditId ?? ''}`.trim(),
    citation: 'QA §6',
    rule: { scope: 'case', run: audit },
    appliesUnder: 'every profile',
    deadline: 'by',
    section: 'audits',
    card: { type: 'tab', why: "An audit is done in the tab's Audits page, with the case's facts beside its criteria." },
    // The audit figure is the grades of completed audits (audits/measures.ts), not this timescale.
    figures: [],
    // The auditor may not otherwise see the case (docs/rules.md section 7): the bot lists it under what's due.
    botCommand: () => "what's due",
  },
};

// ---- reading the table -----------------------------------------------------------------------------

export function kindEntry<K extends ObligationKind>(kind: K): KindEntry<K> {
  return KINDS[kind];
}

/** Plain words for each kind. */
export const KIND_LABELS: { readonly [K in ObligationKind]: string } = Object.fromEntries(OBLIGATION_KINDS.map((k) => [k, KINDS[k].label])) as {
  readonly [K in ObligationKind]: string;
};

/** The words for one obligation on a line: an advice line names its agency, an action line its action. */
export function obligationLabel(o: Obligation): string {
  const entry: KindEntry = KINDS[o.kind];
  return entry.lineLabel ? entry.lineLabel(o) : entry.label;
}

/** The dashboard figure's obligation kind (each figure is counted from one kind at most). */
export const FIGURE_KINDS: Readonly<Partial<Record<FigureName, ObligationKind>>> = Object.fromEntries(OBLIGATION_KINDS.flatMap((k) => KINDS[k].figures.map((f) => [f, k] as const)));

/** The rules in force under a profile, by scope. Each scope's rules run in the order of their kinds'
 * names, the order obligations are listed in (docs/case-file.md: by due, case, kind), so that a service's
 * obligations come out of the rules nearly in order (obligations.ts, rules/order.ts). */
export interface CompiledRules {
  /** In the table's order. */
  readonly kinds: readonly ObligationKind[];
  readonly caseRules: readonly CaseRule[];
  /** How many of caseRules come before "meeting-action" in name order (where a case's actions go). */
  readonly caseRulesBeforeActions: number;
  readonly personRules: readonly PersonRule[];
  /** The kinds of personRules, in their order. */
  readonly personKinds: readonly ObligationKind[];
  readonly actionRules: readonly ActionRule[];
}

const compiled = new WeakMap<Policy, CompiledRules>();

/** The kinds in force under `policy` (every-profile kinds, and the profile's own it switches on) and their
 * rules. Worked out once per profile object. */
export function rulesFor(policy: Policy): CompiledRules {
  let rules = compiled.get(policy);
  if (rules === undefined) {
    const on = new Set<ObligationKind>(policy.kinds);
    const kinds = OBLIGATION_KINDS.filter((k) => KINDS[k].appliesUnder === 'every profile' || on.has(k));
    const caseRules: CaseRule[] = [];
    let caseRulesBeforeActions = 0;
    const personRules: PersonRule[] = [];
    const personKinds: ObligationKind[] = [];
    const actionRules: ActionRule[] = [];
    for (const k of [...kinds].sort()) {
      const rule = KINDS[k].rule;
      switch (rule.scope) {
        case 'case':
          caseRules.push(rule.run);
          if (k < 'meeting-action') caseRulesBeforeActions += 1;
          break;
        case 'person':
          personRules.push(rule.run);
          personKinds.push(k);
          break;
        case 'action':
          actionRules.push(rule.run);
          break;
      }
    }
    rules = { kinds, caseRules, caseRulesBeforeActions, personRules, personKinds, actionRules };
    compiled.set(policy, rules);
  }
  return rules;
}
