// The reminder sweep: everyone's obligations on a day, and at most one digest card per person per day
// (plus a manager digest for work overdue beyond the grace), each sent exactly once:
//
//   1. claim the day's digest key for the recipient (claimReminder is true for exactly one caller in
//      all processes); a claim that fails means another sweep has it;
//   2. claim a stage key for each obligation announced for the first time (stage = due-soon, overdue,
//      escalated), so a stage is never announced twice on later days;
//   3. send (through the process-wide limiter, backing off on 429/412/502/504), then mark the digest
//      key and every stage key sent, all with the same instant (that is how a card is rebuilt later).
//
// A crash between claim and send leaves claims never marked sent. The next sweep the same day sees the
// digest claim older than REMINDER_RETRY_MINUTES and takes it over with a `#retryN` claim (again only
// one sweep wins); on a later day the unsent stage claims are carried into that day's digest. Nothing
// is dropped, and nothing is sent twice unless a sweep stalls longer than the retry time between its
// claim and its send.
import { londonToday, fromInstant } from '../../domain/dates.js';
import type { CaseFile, Person } from '../../domain/model.js';
import { obligationLabel } from '../../domain/kinds.js';
import { servicePolicy } from '../policy.js';
import { computeObligations } from '../../domain/obligations.js';
import {
  digestKey,
  isReminderDay,
  parseSnoozeMarkKey,
  parseStageKey,
  planRecipient,
  reminderCandidates,
  SNOOZE_PREFIX,
  STAGE_PREFIX,
  stagesOf,
  type DigestCard,
  type RecipientPlan,
  type ReminderCandidate,
  type ReminderStage,
} from '../../domain/reminders.js';
import type { CaseStore, ReminderClaim } from '../../store/port.js';
import { initials } from '../access.js';
import type { Logger } from '../log.js';
import { NotReachableError, type Messenger } from '../messenger.js';
import { compareLines, digestCard, digestSummaryText, type DigestLine } from './cards.js';
import { readReminderConfig } from './config.js';
import { limiterFor, type SendLimiter } from './limiter.js';

/** What the reminders need (a ServerDeps fits). */
export interface ReminderDeps {
  readonly store: CaseStore;
  readonly messenger?: Messenger | undefined;
  readonly clock: () => number;
  readonly logger: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface SweepOptions {
  /** Work out who would get what, claim and send nothing. */
  readonly dryRun?: boolean;
  /** The day to sweep (default: today in Europe/London from the clock). */
  readonly today?: string;
  /** Default: the limiter of the messenger (one per process). */
  readonly limiter?: SendLimiter;
  /** Sends in flight at once (default 4); the limiter spaces them. */
  readonly concurrency?: number;
}

export type DeliveryStatus = 'sent' | 'would-send' | 'already-sent' | 'in-progress' | 'unreachable' | 'failed';

export interface Delivery {
  readonly recipientId: string;
  readonly card: DigestCard;
  readonly status: DeliveryStatus;
  /** The ledger key used (…#retryN when this sweep recovered a crashed send). */
  readonly key: string | null;
  readonly recovered: boolean;
  /** Lines on the card: ids, kinds and dates only. */
  readonly lines: ReadonlyArray<{ caseId: string | null; kind: string; due: string; stage: ReminderStage; carried: boolean }>;
  readonly stillOverdue: number;
  readonly error?: string;
}

export interface SweepReport {
  readonly today: string;
  readonly dryRun: boolean;
  /** Why nothing was done ('weekend'), else null. */
  readonly skipped: 'weekend' | null;
  /** Open obligations due soon or overdue on the day. */
  readonly openObligations: number;
  readonly deliveries: Delivery[];
  readonly counts: Record<DeliveryStatus, number>;
  readonly durationMs: number;
}

const RETRY_SUFFIX = /#retry(\d+)$/;

interface DigestState {
  readonly status: 'none' | 'sent' | 'in-progress' | 'stale';
  /** Next retry number when stale. */
  readonly nextRetry: number;
  readonly baseKey: string;
}

/** The state of one recipient's digest claims for the day (the base key and its #retryN keys). */
function digestState(baseKey: string, claims: readonly ReminderClaim[], staleBefore: number): DigestState {
  if (claims.length === 0) return { status: 'none', nextRetry: 1, baseKey };
  if (claims.some((c) => c.sentAt !== null)) return { status: 'sent', nextRetry: 0, baseKey };
  let latest = claims[0]!;
  let retries = 0;
  for (const c of claims) {
    const m = RETRY_SUFFIX.exec(c.key);
    const n = m ? Number(m[1]) : 0;
    retries = Math.max(retries, n);
    if (Date.parse(c.claimedAt) > Date.parse(latest.claimedAt)) latest = c;
  }
  return { status: Date.parse(latest.claimedAt) < staleBefore ? 'stale' : 'in-progress', nextRetry: retries + 1, baseKey };
}

function lineOf(c: ReminderCandidate, file: Indexes, carried: boolean): DigestLine & { carried: boolean } {
  const o = c.obligation;
  const theCase = o.caseId ? file.cases.get(o.caseId) : undefined;
  const who = theCase ? initials(theCase.childName) : o.personId ? (file.people.get(o.personId)?.name ?? o.personId) : '';
  return {
    obligationKey: o.key,
    kind: o.kind,
    label: obligationLabel(o),
    caseId: o.caseId,
    who,
    ownerName: o.ownerId ? (file.people.get(o.ownerId)?.name ?? o.ownerId) : null,
    due: o.due,
    stage: c.stage,
    citation: o.citation,
    basis: o.basis,
    forInformation: c.forInformation,
    state: 'open',
    stateOn: null,
    carried,
  };
}

interface Indexes {
  readonly people: ReadonlyMap<string, Person>;
  readonly cases: ReadonlyMap<string, CaseFile['cases'][number]>;
}

/** Run one sweep. Failures of single sends are reported (and logged), never swallowed; a failure to
 * read the store fails the sweep. */
export async function runSweep(deps: ReminderDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const started = Date.now();
  const nowMs = deps.clock();
  const nowIso = fromInstant(nowMs);
  const today = options.today ?? londonToday(nowMs);
  const dryRun = options.dryRun ?? false;
  const config = readReminderConfig(deps.env);
  const counts: Record<DeliveryStatus, number> = { sent: 0, 'would-send': 0, 'already-sent': 0, 'in-progress': 0, unreachable: 0, failed: 0 };
  if (!isReminderDay(today)) {
    deps.logger.info('reminder sweep: not a weekday, nothing sent', { today });
    return { today, dryRun, skipped: 'weekend', openObligations: 0, deliveries: [], counts, durationMs: Date.now() - started };
  }
  const messenger = deps.messenger;
  if (!dryRun && !messenger) throw new Error('the reminder sweep needs a messenger (the bot) to send cards; use a dry run to see who would get what');
  const limiter = options.limiter ?? (messenger ? limiterFor(messenger) : undefined);

  const [file, policy] = await Promise.all([deps.store.exportCaseFile(), servicePolicy(deps.store)]);
  const obligations = computeObligations(file, {
    today,
    policy,
    ...(config.lookaheadDays !== null ? { lookaheadDays: config.lookaheadDays } : {}),
    ...(options.today === undefined ? { now: nowIso } : {}),
  }).filter((o) => o.status === 'overdue' || o.status === 'due-soon');
  const indexes: Indexes = { people: new Map(file.people.map((p) => [p.id, p])), cases: new Map(file.cases.map((c) => [c.id, c])) };
  const candidates = reminderCandidates(obligations, {
    today,
    graceDays: config.graceDays,
    managerOf: (id) => indexes.people.get(id)?.managerId ?? null,
    known: (id) => indexes.people.has(id),
  });

  // The day's digest claims (two queries), and every claim never marked sent (one query).
  const [dayDigests, dayManagerDigests, unsent] = await Promise.all([
    deps.store.listReminders(`digest/${today}/`),
    deps.store.listReminders(`manager-digest/${today}/`),
    deps.store.listUnsentReminders(fromInstant(nowMs + 1)),
  ]);
  const claimsByBase = new Map<string, ReminderClaim[]>();
  for (const c of [...dayDigests, ...dayManagerDigests]) {
    const base = c.key.replace(RETRY_SUFFIX, '');
    const list = claimsByBase.get(base);
    if (list) list.push(c);
    else claimsByBase.set(base, [c]);
  }
  /** Earlier days' digest claims never sent (folded into today's card once it is sent). */
  const olderUnsentDigests = new Map<string, string[]>();
  for (const c of unsent) {
    const m = /^(digest|manager-digest)\/(\d{4}-\d{2}-\d{2})\/(.+?)(#retry\d+)?$/.exec(c.key);
    if (!m || m[2]! >= today) continue;
    const k = `${m[1]}|${m[3]}`;
    const list = olderUnsentDigests.get(k);
    if (list) list.push(c.key);
    else olderUnsentDigests.set(k, [c.key]);
  }
  const staleBefore = nowMs - config.retryAfterMinutes * 60_000;

  const work = [...candidates.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const deliveries: Array<Delivery | undefined> = new Array<Delivery | undefined>(work.length).fill(undefined);

  const one = async (index: number): Promise<void> => {
    const [groupKey, list] = work[index]!;
    const { recipientId, card } = list[0]!;
    const baseKey = digestKey(card, today, recipientId);
    const state = digestState(baseKey, claimsByBase.get(baseKey) ?? [], staleBefore);
    const skip = (status: DeliveryStatus): Delivery => ({ recipientId, card, status, key: baseKey, recovered: false, lines: [], stillOverdue: 0 });
    if (state.status === 'sent') return void (deliveries[index] = skip('already-sent'));
    if (state.status === 'in-progress') return void (deliveries[index] = skip('in-progress'));

    const { plan, unsentClaims } = await planFor(deps.store, recipientId, card, list, today);
    if (plan === null) {
      // Crashed claims whose items were done or snoozed since: settle them, there is nothing to say.
      if (!dryRun) {
        if (state.status === 'stale') for (const c of claimsByBase.get(baseKey) ?? []) await deps.store.markReminderSent(c.key, nowIso);
        for (const c of unsentClaims) if (Date.parse(c.claimedAt) < staleBefore) await deps.store.markReminderSent(c.key, nowIso);
        for (const k of olderUnsentDigests.get(groupKey) ?? []) await deps.store.markReminderSent(k, nowIso);
      }
      return;
    }
    const recovered = state.status === 'stale';
    const key = recovered ? `${baseKey}#retry${state.nextRetry}` : baseKey;
    const describe = (status: DeliveryStatus, lines: Array<DigestLine & { carried: boolean }>, error?: string): Delivery => ({
      recipientId,
      card,
      status,
      key,
      recovered,
      lines: [...lines].sort(compareLines).map((l) => ({ caseId: l.caseId, kind: l.kind, due: l.due, stage: l.stage, carried: l.carried })),
      stillOverdue: plan.stillOverdue,
      ...(error !== undefined ? { error } : {}),
    });
    if (dryRun) {
      const lines = [...plan.carried.map((c) => lineOf(c, indexes, true)), ...plan.fresh.map((c) => lineOf(c, indexes, false))];
      deliveries[index] = describe('would-send', lines);
      return;
    }
    if (!(await deps.store.claimReminder(key, recipientId, nowIso))) return void (deliveries[index] = skip('in-progress'));
    const announced: Array<{ stageKey: string; line: DigestLine & { carried: boolean } }> = plan.carried.map((c) => ({ stageKey: c.stageKey, line: lineOf(c, indexes, true) }));
    for (const c of plan.fresh) {
      // Only the holder of the recipient's digest claims their stage keys; false would mean a sweep
      // that stalled past the retry time got there first: it announces that one.
      if (await deps.store.claimReminder(c.stageKey, recipientId, nowIso)) announced.push({ stageKey: c.stageKey, line: lineOf(c, indexes, false) });
    }
    const lines = announced.map((a) => a.line);
    const cardJson = digestCard({ card, day: today, lines, stillOverdue: plan.stillOverdue, graceDays: config.graceDays, tabUrl: config.tabUrl });
    try {
      await limiter!.run(`person:${recipientId}`, () => messenger!.sendToPerson(recipientId, cardJson, digestSummaryText({ card, lines, stillOverdue: plan.stillOverdue })));
    } catch (e) {
      if (e instanceof NotReachableError) {
        // Settled for today (retrying every sweep would not help); the stage claims stay unsent, so the
        // lines come in the first digest after the person installs the bot.
        await deps.store.markReminderSent(key, nowIso);
        deps.logger.warn('reminder digest not delivered: the bot is not installed for the person', { recipientId, card, key });
        deliveries[index] = describe('unreachable', lines);
        return;
      }
      deps.logger.error('reminder digest not sent; the next sweep retries it', { recipientId, card, key, error: e instanceof Error ? e.name : 'error' });
      deliveries[index] = describe('failed', lines, e instanceof Error ? e.message : String(e));
      return;
    }
    const sentAt = fromInstant(deps.clock());
    await deps.store.markReminderSent(key, sentAt);
    if (key !== baseKey) await deps.store.markReminderSent(baseKey, sentAt);
    for (const a of announced) await deps.store.markReminderSent(a.stageKey, sentAt);
    // Unsent stage claims of items no longer open (done or snoozed since the crash): settled with this card.
    for (const k of plan.settled) await deps.store.markReminderSent(k, sentAt);
    for (const k of olderUnsentDigests.get(groupKey) ?? []) await deps.store.markReminderSent(k, sentAt);
    deps.logger.info('reminder digest sent', { recipientId, card, key, lines: lines.length, stillOverdue: plan.stillOverdue, recovered });
    deliveries[index] = describe('sent', lines);
  };

  /** One recipient's failure (a store write refused, a card that would not render) is theirs alone:
   * reported and logged; their claims stay unsent, so the next sweep retries them. */
  const guarded = async (index: number): Promise<void> => {
    try {
      await one(index);
    } catch (e) {
      const [, list] = work[index]!;
      const { recipientId, card } = list[0]!;
      deps.logger.error('reminder digest failed', { recipientId, card, error: e instanceof Error ? e.name : 'error' });
      deliveries[index] = { recipientId, card, status: 'failed', key: null, recovered: false, lines: [], stillOverdue: 0, error: e instanceof Error ? e.message : String(e) };
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, work.length) }, async () => {
      while (next < work.length) await guarded(next++);
    }),
  );
  const done = deliveries.filter((d): d is Delivery => d !== undefined);
  for (const d of done) counts[d.status]++;
  const report: SweepReport = { today, dryRun, skipped: null, openObligations: obligations.length, deliveries: done, counts, durationMs: Date.now() - started };
  deps.logger.info('reminder sweep finished', { today, dryRun, ...counts, durationMs: report.durationMs });
  return report;
}

/** One recipient's plan from the ledger (their stage claims, snoozes and snooze marks). */
async function planFor(
  store: CaseStore,
  recipientId: string,
  card: DigestCard,
  candidates: readonly ReminderCandidate[],
  today: string,
): Promise<{ plan: (RecipientPlan & { settled: string[] }) | null; unsentClaims: ReminderClaim[] }> {
  const [stageClaims, snoozes, snoozeMarks] = await Promise.all([
    store.listReminders(`${STAGE_PREFIX}${recipientId}/`),
    store.listSnoozes(recipientId, today),
    store.listReminders(`${SNOOZE_PREFIX}${recipientId}/`),
  ]);
  const stages = stagesOf(card);
  const claimed = new Set<string>();
  const unsent = new Set<string>();
  const unsentClaims: ReminderClaim[] = [];
  for (const c of stageClaims) {
    const parsed = parseStageKey(c.key);
    if (!parsed || parsed.recipientId !== recipientId || !stages.includes(parsed.stage)) continue;
    claimed.add(c.key);
    if (c.sentAt === null) {
      unsent.add(c.key);
      unsentClaims.push(c);
    }
  }
  const ended = new Map<string, string>();
  for (const m of snoozeMarks) {
    const p = parseSnoozeMarkKey(m.key);
    if (!p || p.until >= today) continue;
    const prev = ended.get(p.obligationKey);
    if (prev === undefined || p.until > prev) ended.set(p.obligationKey, p.until);
  }
  const plan = planRecipient(candidates, {
    claimed,
    unsent,
    snoozed: new Set(snoozes.keys()),
    snoozeEnded: (k) => ended.get(k) ?? null,
  });
  if (plan === null) return { plan: null, unsentClaims };
  const carriedKeys = new Set(plan.carried.map((c) => c.stageKey));
  const settled = [...unsent].filter((k) => !carriedKeys.has(k));
  return { plan: { ...plan, settled }, unsentClaims };
}

/** Lines of a sent card rebuilt from the ledger: the stage claims marked sent with the card's instant. */
export async function sentDigestLines(store: CaseStore, recipientId: string, card: DigestCard, day: string): Promise<Array<{ obligationKey: string; stage: ReminderStage }> | null> {
  const claims = await store.listReminders(`${card}/${day}/${recipientId}`);
  const sent = claims.find((c) => c.sentAt !== null && c.key.replace(RETRY_SUFFIX, '') === digestKey(card, day, recipientId));
  if (!sent) return null;
  const stages = stagesOf(card);
  const out: Array<{ obligationKey: string; stage: ReminderStage }> = [];
  for (const c of await store.listReminders(`${STAGE_PREFIX}${recipientId}/`)) {
    if (c.sentAt !== sent.sentAt) continue;
    const p = parseStageKey(c.key);
    if (p && stages.includes(p.stage)) out.push({ obligationKey: p.obligationKey, stage: p.stage });
  }
  return out;
}
