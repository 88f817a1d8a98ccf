// Reminders, the pure part: who is told about which obligation at which stage, and the ledger keys that
// make every announcement happen exactly once (design.md, "send exactly once, back off globally").
//
// Ledger keys (the card ledger of src/store/port.ts):
//   digest/{YYYY-MM-DD}/{personId}            one digest card per person per day (a card claim)
//   manager-digest/{YYYY-MM-DD}/{managerId}   one manager digest per manager per day
//   stage/{recipientId}/{obligationKey}/{stage}[/after-{until}]
//                                             a line of a card: the obligation announced to the recipient at
//                                             that stage (due-soon | overdue | escalated); `after-{until}` once
//                                             more after a snooze that ended on {until}
//   snooze/{recipientId}/{obligationKey}/{until}  (earlier versions: a snooze was set; the snooze keeps its date now)
// No clock here: `today` is a parameter.
import { fromDay, toDay, weekday } from './dates.js';
import { KINDS, type CardAction, type DigestSection } from './kinds.js';
import type { Obligation, ObligationKind } from './obligation.js';

export type ReminderStage = 'due-soon' | 'overdue' | 'escalated';
export type DigestCard = 'digest' | 'manager-digest';

export const DEFAULT_REMINDER_HOUR = 8;
export const DEFAULT_GRACE_DAYS = 5;
/** Lines shown on one card; the rest are summarised with a link to the tab (Teams' 28 KB limit). */
export const MAX_CARD_LINES = 15;

export const STAGE_PREFIX = 'stage/';
export const SNOOZE_PREFIX = 'snooze/';

/** Reminders go out Monday to Friday. */
export function isReminderDay(today: string): boolean {
  return weekday(toDay(today)) < 5;
}

export function digestKey(card: DigestCard, day: string, personId: string): string {
  return `${card}/${day}/${personId}`;
}

/** The stages each card announces. */
export function stagesOf(card: DigestCard): readonly ReminderStage[] {
  return card === 'digest' ? ['due-soon', 'overdue'] : ['escalated'];
}

export function cardOfStage(stage: ReminderStage): DigestCard {
  return stage === 'escalated' ? 'manager-digest' : 'digest';
}

export function stageKey(recipientId: string, obligationKey: string, stage: ReminderStage, snoozeEndedOn: string | null = null): string {
  return `${STAGE_PREFIX}${recipientId}/${obligationKey}/${stage}${snoozeEndedOn ? `/after-${snoozeEndedOn}` : ''}`;
}

export interface ParsedStageKey {
  readonly recipientId: string;
  readonly obligationKey: string;
  readonly stage: ReminderStage;
  readonly snoozeEndedOn: string | null;
}

const STAGES: readonly string[] = ['due-soon', 'overdue', 'escalated'];

export function parseStageKey(key: string): ParsedStageKey | null {
  if (!key.startsWith(STAGE_PREFIX)) return null;
  const parts = key.slice(STAGE_PREFIX.length).split('/');
  let snoozeEndedOn: string | null = null;
  if (parts.length > 0 && parts[parts.length - 1]!.startsWith('after-')) snoozeEndedOn = parts.pop()!.slice(6);
  const stage = parts.pop();
  if (parts.length < 2 || stage === undefined || !STAGES.includes(stage)) return null;
  const recipientId = parts.shift()!;
  return { recipientId, obligationKey: parts.join('/'), stage: stage as ReminderStage, snoozeEndedOn };
}

export function snoozeMarkKey(recipientId: string, obligationKey: string, until: string): string {
  return `${SNOOZE_PREFIX}${recipientId}/${obligationKey}/${until}`;
}

export function parseSnoozeMarkKey(key: string): { recipientId: string; obligationKey: string; until: string } | null {
  if (!key.startsWith(SNOOZE_PREFIX)) return null;
  const parts = key.slice(SNOOZE_PREFIX.length).split('/');
  if (parts.length < 3) return null;
  const until = parts.pop()!;
  const recipientId = parts.shift()!;
  return { recipientId, obligationKey: parts.join('/'), until };
}

/** A snooze for N days from `today` keeps the obligation out of the digests of today and the next
 * N − 1 days; it is back on day today + N. Returns the last day it is left out (the store's `until`). */
export function snoozeUntil(today: string, days: number): string {
  return fromDay(toDay(today) + days - 1);
}

/** The day after a snooze's last day: when the obligation comes back. */
export function backOn(until: string): string {
  return fromDay(toDay(until) + 1);
}

/** Whole days an obligation is past its due date on `today` (0 when not overdue). */
export function daysOverdue(o: Pick<Obligation, 'due'>, today: string): number {
  return Math.max(0, toDay(today) - toDay(o.due.slice(0, 10)));
}

/** One obligation a recipient may hear about today. */
export interface ReminderCandidate {
  readonly recipientId: string;
  readonly card: DigestCard;
  readonly stage: ReminderStage;
  readonly obligation: Obligation;
  /** True for a supervisee told that their supervision notes are not yet shared (they cannot act). */
  readonly forInformation: boolean;
}

/** Every (recipient, obligation, stage) of the day, grouped by `${card}|${recipientId}`:
 * - the owner of an overdue or due-soon obligation (digest);
 * - for supervision notes, the supervisee too (notes not yet shared with them);
 * - the owner's manager for an obligation overdue by more than `graceDays` days (manager digest). */
export function reminderCandidates(
  obligations: readonly Obligation[],
  options: { today: string; graceDays: number; managerOf: (personId: string) => string | null; known: (personId: string) => boolean },
): Map<string, ReminderCandidate[]> {
  const out = new Map<string, ReminderCandidate[]>();
  const add = (c: ReminderCandidate) => {
    const k = `${c.card}|${c.recipientId}`;
    const list = out.get(k);
    if (list) list.push(c);
    else out.set(k, [c]);
  };
  for (const o of obligations) {
    if (o.status !== 'overdue' && o.status !== 'due-soon') continue;
    const stage: ReminderStage = o.status;
    if (o.ownerId !== null && options.known(o.ownerId)) add({ recipientId: o.ownerId, card: 'digest', stage, obligation: o, forInformation: false });
    if (o.kind === 'supervision-notes' && o.personId !== null && o.personId !== o.ownerId && options.known(o.personId)) {
      add({ recipientId: o.personId, card: 'digest', stage, obligation: o, forInformation: true });
    }
    if (stage === 'overdue' && o.ownerId !== null && daysOverdue(o, options.today) > options.graceDays) {
      const manager = options.managerOf(o.ownerId);
      if (manager !== null && manager !== o.ownerId && options.known(manager)) add({ recipientId: manager, card: 'manager-digest', stage: 'escalated', obligation: o, forInformation: false });
    }
  }
  return out;
}

/** What one recipient's card says today. */
export interface RecipientPlan {
  readonly recipientId: string;
  readonly card: DigestCard;
  /** Announced for the first time today: each needs its stage key claimed. */
  readonly fresh: ReadonlyArray<ReminderCandidate & { readonly stageKey: string }>;
  /** Claimed by an earlier sweep that never sent them (a crash): announced now, already claimed. */
  readonly carried: ReadonlyArray<ReminderCandidate & { readonly stageKey: string }>;
  /** Already announced earlier and still overdue (digest) or still escalated (manager digest). */
  readonly stillOverdue: number;
}

/** Plan one recipient's card from their candidates and the ledger (pure).
 * - snoozed (in force today): left out entirely;
 * - a stage key never claimed: fresh; claimed but never sent (`unsentStageKeys`): carried;
 * - claimed and sent: counted as still overdue when its stage is overdue/escalated. */
export function planRecipient(
  candidates: readonly ReminderCandidate[],
  ledger: {
    readonly claimed: ReadonlySet<string>;
    readonly unsent: ReadonlySet<string>;
    /** Obligation keys snoozed by this recipient, in force today. */
    readonly snoozed: ReadonlySet<string>;
    /** The last day of this recipient's latest snooze of an obligation that has ended (before today), if any. */
    readonly snoozeEnded: (obligationKey: string) => string | null;
  },
): RecipientPlan | null {
  if (candidates.length === 0) return null;
  const first = candidates[0]!;
  const fresh: Array<ReminderCandidate & { stageKey: string }> = [];
  const carried: Array<ReminderCandidate & { stageKey: string }> = [];
  let stillOverdue = 0;
  for (const c of candidates) {
    if (ledger.snoozed.has(c.obligation.key)) continue;
    const key = stageKey(c.recipientId, c.obligation.key, c.stage, ledger.snoozeEnded(c.obligation.key));
    if (!ledger.claimed.has(key)) fresh.push({ ...c, stageKey: key });
    else if (ledger.unsent.has(key)) carried.push({ ...c, stageKey: key });
    else if (c.stage !== 'due-soon') stillOverdue++;
  }
  if (fresh.length === 0 && carried.length === 0 && stillOverdue === 0) return null;
  return { recipientId: first.recipientId, card: first.card, fresh, carried, stillOverdue };
}

/** How a line's obligation is acted on from the card: the table of kinds says (kinds.ts `card`). */
export type LineAction = CardAction;

export function lineAction(kind: ObligationKind): LineAction {
  return KINDS[kind].card;
}

export type { DigestSection };

/** Section of the digest a kind belongs to (kinds.ts `section`). */
export function sectionOf(kind: ObligationKind): DigestSection {
  return KINDS[kind].section;
}

export const SECTION_TITLES: Record<DigestSection, string> = {
  cmooe: 'CMOOE: summaries and provision',
  reviews: 'Reviews',
  supervision: 'Supervision',
  actions: 'Actions from meetings',
  casework: 'Casework timescales',
  audits: 'Case-file audits',
};

export const SECTION_ORDER: readonly DigestSection[] = ['cmooe', 'reviews', 'supervision', 'actions', 'casework', 'audits'];
