// The reminder sweep: everyone's obligations on a day, and at most one digest card per person per day
// (plus a manager digest for work overdue beyond the grace), each posted exactly once, across
// processes and crashes, through the card ledger (src/store/port.ts, src/services/card-ledger.ts):
//
//   1. the service from the server's snapshot (one delta round of the change feed; read whole when there
//      is none), and the ledger in a few queries, not one per person: the day's card claims (by day
//      prefix), every claim not yet settled, every recipient's register of announced lines, every snooze;
//   2. plan each recipient's card (pure: src/domain/reminders.ts): lines announced for the first time,
//      lines of an earlier card that never went out (carried), and the count still overdue;
//   3. the cards in batches of one ledger sheet (port.ts cardSheetOf: a store that pays per write, such
//      as SharePoint, keeps a sheet's cards in one record), claimed a few batches at a time (one round
//      trip), each card with the ledger keys of its lines; a claim held by another sweep is theirs (in
//      progress) until it is older than REMINDER_RETRY_MINUTES, when it is taken over (one taker wins);
//   4. post each batch (its placeholders, where they went recorded in one write, then each card filled
//      in: card-ledger.ts postClaimedCards) and mark its cards sent in one write, their lines added to the
//      recipients' registers in the same round trip, registers first.
// The ledger's Graph requests are paced to REMINDER_RU_PER_MINUTE (SharePoint resource units, default 300),
// so that the morning never throttles the council's own use of SharePoint.
//
// Stopping (options.signal, on SIGTERM): no new claims; cards being posted are finished; cards claimed
// and not started are released at once (the next run takes them without waiting); marks are flushed.
// A crash leaves claims claimed or posted: the next run after the retry time takes them over, fills a
// posted card in again (an update, never a second card) and posts a claimed one (if the crashed POST did
// reach Teams, its placeholder heading stays, with no card under it). A card of an earlier day that never
// went out is superseded by today's, which carries its lines.
import { randomUUID } from 'node:crypto';
import { fromDay, fromInstant, londonToday, toDay } from '../../domain/dates.js';
import type { CaseFile, Person } from '../../domain/model.js';
import type { Policy } from '../../domain/policy.js';
import type { SnapshotSource } from '../dashboard.js';
import { obligationLabel } from '../../domain/kinds.js';
import { isOpen, type Obligation } from '../../domain/obligation.js';
import { servicePolicy } from '../policy.js';
import { computeObligations } from '../../domain/obligations.js';
import {
  digestKey,
  isReminderDay,
  parseStageKey,
  planRecipient,
  reminderCandidates,
  stagesOf,
  type DigestCard,
  type RecipientPlan,
  type ReminderCandidate,
  type ReminderStage,
} from '../../domain/reminders.js';
import { cardSheetOf, type CardClaim, type CardClaimRequest, type CardUpdate, type CaseStore } from '../../store/port.js';
import { initials } from '../access.js';
import { postClaimedCards, type ClaimedCard } from '../card-ledger.js';
import type { Logger } from '../log.js';
import type { Messenger } from '../messenger.js';
import type { Shutdown } from '../shutdown.js';
import { compareLines, digestCard, digestPlaceholderCard, digestSummaryText, reminderNoteCard, type DigestLine } from './cards.js';
import { readReminderConfig } from './config.js';
import { limiterFor, type SendLimiter } from './limiter.js';

/** What the reminders need (a ServerDeps fits). */
export interface ReminderDeps {
  readonly store: CaseStore;
  readonly messenger?: Messenger | undefined;
  readonly clock: () => number;
  readonly logger: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The process's shutdown (a server): scheduled sweeps run through it. */
  readonly shutdown?: Shutdown;
  /** The server's snapshot of the service, kept current by the change feed (read-model.ts): when given,
   * the sweep reads the cases from it (one delta round) instead of reading the whole store. */
  snapshots?: SnapshotSource;
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
  /** When aborted: no new claims; cards being posted are finished, claimed ones not started released. */
  readonly signal?: AbortSignal;
  /** The store's budget (default REMINDER_RU_PER_MINUTE; null: unpaced), and fake time for tests and benches. */
  readonly budget?: { readonly unitsPerMinute?: number | null; readonly now?: () => number; readonly sleep?: (ms: number) => Promise<void> };
}

export type DeliveryStatus = 'sent' | 'would-send' | 'already-sent' | 'in-progress' | 'unreachable' | 'failed' | 'released';

export interface Delivery {
  readonly recipientId: string;
  readonly card: DigestCard;
  readonly status: DeliveryStatus;
  /** The card's ledger key. */
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
  /** How the 1:1 deliveries went: stale conversations Teams said were gone (removed), chats created. */
  readonly delivery: { readonly staleConversationsRemoved: number; readonly conversationsCreated: number };
  readonly durationMs: number;
}

/** Claims and marks of earlier cards go to the store this many at a time (SharePoint's $batch limit). */
export const LEDGER_BATCH = 20;
/** Cards posted together (of one ledger sheet): their placeholders, then one write recording where they
 * went, then each filled in. A crash (not a stop) in between leaves at most this many headings without
 * their card below, one per person (docs/rules.md section 10). */
export const CARDS_PER_BATCH = 40;
/** Snoozes that ended longer ago than this no longer matter (a snooze lasts at most 60 days, and the
 * obligation is announced again on the first reminder day after it ends). */
const SNOOZE_MEMORY_DAYS = 90;

const DIGEST_KEY = /^(digest|manager-digest)\/(\d{4}-\d{2}-\d{2})\/(.+)$/;

/** The card kind, day and recipient of a digest claim key (null for other cards). */
function parseDigestKey(key: string): { card: DigestCard; day: string; recipientId: string } | null {
  const m = DIGEST_KEY.exec(key);
  return m ? { card: m[1] as DigestCard, day: m[2]!, recipientId: m[3]! } : null;
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
    auditId: o.auditId,
    carried,
  };
}

interface Indexes {
  readonly people: ReadonlyMap<string, Person>;
  readonly cases: ReadonlyMap<string, CaseFile['cases'][number]>;
}

interface Work {
  readonly recipientId: string;
  readonly card: DigestCard;
  readonly key: string;
  readonly plan: RecipientPlan;
  /** Today's claim as read (stale, released or unreachable: to take over), or null. */
  readonly existing: CardClaim | null;
  /** Unsettled cards of earlier days for this recipient and card: superseded once this one is sent. */
  readonly earlier: readonly CardClaim[];
  /** The register's lines that no longer matter (their obligations are closed): dropped with the mark. */
  readonly prune: readonly string[];
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
  const counts: Record<DeliveryStatus, number> = { sent: 0, 'would-send': 0, 'already-sent': 0, 'in-progress': 0, unreachable: 0, failed: 0, released: 0 };
  const delivery = { staleConversationsRemoved: 0, conversationsCreated: 0 };
  if (!isReminderDay(today)) {
    deps.logger.info('reminder sweep: not a weekday, nothing sent', { today });
    return { today, dryRun, skipped: 'weekend', openObligations: 0, deliveries: [], counts, delivery, durationMs: Date.now() - started };
  }
  const messenger = deps.messenger;
  if (!dryRun && !messenger) throw new Error('the reminder sweep needs a messenger (the bot) to send cards; use a dry run to see who would get what');
  const limiter = options.limiter ?? (messenger ? limiterFor(messenger) : undefined);
  // The ledger's reads and writes, paced to the store's budget (SharePoint: resource units a minute).
  const unitsPerMinute = options.budget?.unitsPerMinute !== undefined ? options.budget.unitsPerMinute : config.storeUnitsPerMinute;
  const store =
    (unitsPerMinute
      ? deps.store.paced({
          unitsPerMinute,
          ...(options.budget?.now ? { now: options.budget.now } : {}),
          ...(options.budget?.sleep ? { sleep: options.budget.sleep } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        })
      : null) ?? deps.store;

  // The service as the change feed keeps it in memory (a server's snapshot: one delta round), else read whole.
  const compute = (file: CaseFile, policy: Policy) =>
    computeObligations(file, {
      today,
      policy,
      ...(config.lookaheadDays !== null ? { lookaheadDays: config.lookaheadDays } : {}),
      ...(options.today === undefined ? { now: nowIso } : {}),
    });
  let file: CaseFile;
  let all: readonly Obligation[];
  if (deps.snapshots) {
    const snapshot = await deps.snapshots.get();
    file = snapshot.file;
    all = snapshot.today === today && options.today === undefined && config.lookaheadDays === null ? snapshot.obligations : compute(file, snapshot.policy.policy);
  } else {
    const [read, policy] = await Promise.all([deps.store.exportCaseFile(), servicePolicy(deps.store)]);
    file = read;
    all = compute(file, policy);
  }
  const obligations = all.filter((o) => o.status === 'overdue' || o.status === 'due-soon');
  const indexes: Indexes = { people: new Map(file.people.map((p) => [p.id, p])), cases: new Map(file.cases.map((c) => [c.id, c])) };
  const candidates = reminderCandidates(obligations, {
    today,
    graceDays: config.graceDays,
    managerOf: (id) => indexes.people.get(id)?.managerId ?? null,
    known: (id) => indexes.people.has(id),
  });

  // The ledger in five queries whatever the number of people: the day's cards (by day prefix), every
  // unsettled card, every register of announced lines, every snooze that still matters.
  const [dayDigests, dayManagerDigests, unsettled, announced, snoozes] = await Promise.all([
    store.listCards(`digest/${today}/`),
    store.listCards(`manager-digest/${today}/`),
    store.listUnsettledCards(),
    store.listAnnounced(),
    store.listSnoozeRecords(fromDay(toDay(today) - SNOOZE_MEMORY_DAYS)),
  ]);
  const todays = new Map([...dayDigests, ...dayManagerDigests].map((c) => [c.key, c]));
  const pendingOf = new Map<string, CardClaim[]>();
  for (const c of unsettled) {
    const d = parseDigestKey(c.key);
    if (!d || d.day > today) continue;
    const group = `${d.card}|${d.recipientId}`;
    const list = pendingOf.get(group);
    if (list) list.push(c);
    else pendingOf.set(group, [c]);
  }
  const registers = new Map(announced.map((r) => [`${r.register}|${r.recipientId}`, new Set(r.lines)]));
  const snoozesOf = new Map<string, Map<string, string>>();
  for (const s of snoozes) {
    let m = snoozesOf.get(s.recipientId);
    if (!m) snoozesOf.set(s.recipientId, (m = new Map<string, string>()));
    m.set(s.obligationKey, s.until);
  }
  const staleBefore = nowMs - config.retryAfterMinutes * 60_000;
  const takeable = (c: CardClaim) => c.state === 'released' || c.state === 'unreachable' || Date.parse(c.claimedAt) < staleBefore;

  const deliveries: Delivery[] = [];
  const work: Work[] = [];
  /** Unsettled cards with nothing left to say (their items done or snoozed since): superseded. */
  const settleOnly: CardClaim[] = [];
  const groups = [...new Set([...candidates.keys(), ...pendingOf.keys()])].sort();
  for (const group of groups) {
    const list = candidates.get(group) ?? [];
    const [card, recipientId] = group.split('|') as [DigestCard, string];
    const key = digestKey(card, today, recipientId);
    const existing = todays.get(key) ?? null;
    const skip = (status: DeliveryStatus) => deliveries.push({ recipientId, card, status, key, recovered: false, lines: [], stillOverdue: 0 });
    if (existing && (existing.state === 'sent' || existing.state === 'superseded')) {
      if (list.length > 0) skip('already-sent');
      continue;
    }
    if (existing && !takeable(existing)) {
      if (list.length > 0) skip('in-progress');
      continue;
    }
    const register = registers.get(group) ?? new Set<string>();
    const pending = (pendingOf.get(group) ?? []).filter((c) => c.key === key || takeable(c));
    const inPending = new Set(pending.flatMap((c) => c.lines));
    const mySnoozes = snoozesOf.get(recipientId) ?? new Map<string, string>();
    const plan = planRecipient(list, {
      claimed: new Set([...register, ...inPending]),
      unsent: new Set([...inPending].filter((k) => !register.has(k))),
      snoozed: new Set([...mySnoozes].filter(([, until]) => until >= today).map(([k]) => k)),
      snoozeEnded: (k) => {
        const until = mySnoozes.get(k);
        return until !== undefined && until < today ? until : null;
      },
    });
    if (plan === null) {
      settleOnly.push(...pending);
      continue;
    }
    work.push({ recipientId, card, key, plan, existing, earlier: pending.filter((c) => c.key !== key), prune: [] });
  }
  // Which announced lines of the people written to today still matter: those whose obligation is
  // open; the others are dropped from their registers with the mark. Keys are built only for the
  // obligations of the cases and people those registers name (building every key of a service is costly).
  if (!dryRun && work.length > 0) {
    const owners = new Set<string>();
    for (const w of work) for (const k of registers.get(`${w.card}|${w.recipientId}`) ?? []) owners.add((parseStageKey(k)?.obligationKey ?? '').split('/')[0]!);
    const openKeys = new Set(all.filter((o) => owners.has(o.caseId ?? o.personId ?? '') && isOpen(o)).map((o) => o.key));
    for (let i = 0; i < work.length; i++) {
      const w = work[i]!;
      const prune = [...(registers.get(`${w.card}|${w.recipientId}`) ?? [])].filter((k) => {
        const p = parseStageKey(k);
        return p === null || !openKeys.has(p.obligationKey);
      });
      if (prune.length > 0) work[i] = { ...w, prune };
    }
  }

  const describe = (w: Work, status: DeliveryStatus, recovered: boolean, error?: string): Delivery => {
    const lines = [...w.plan.carried.map((c) => lineOf(c, indexes, true)), ...w.plan.fresh.map((c) => lineOf(c, indexes, false))];
    return {
      recipientId: w.recipientId,
      card: w.card,
      status,
      key: w.key,
      recovered,
      lines: lines.sort(compareLines).map((l) => ({ caseId: l.caseId, kind: l.kind, due: l.due, stage: l.stage, carried: l.carried })),
      stillOverdue: w.plan.stillOverdue,
      ...(error !== undefined ? { error } : {}),
    };
  };

  if (dryRun || !messenger || !limiter) {
    for (const w of work) deliveries.push(describe(w, 'would-send', false));
    return finish();
  }

  const holder = randomUUID();
  // The same for everyone on the day: built once.
  const placeholders: Record<DigestCard, ReturnType<typeof digestPlaceholderCard>> = {
    digest: digestPlaceholderCard('digest', today),
    'manager-digest': digestPlaceholderCard('manager-digest', today),
  };
  const signal = options.signal;
  const stopped = () => signal?.aborted === true;
  const toRelease: CardClaim[] = [];
  const toSupersede: CardClaim[] = [...settleOnly];

  /** Marks (sent, unreachable) of one batch of cards: one write per ledger sheet, with the registers. */
  const writeMarks = async (marks: CardUpdate[]): Promise<void> => {
    if (marks.length === 0) return;
    try {
      const results = await store.updateCards(marks);
      results.forEach((r, i) => {
        if (r === null) deps.logger.warn('reminder card sent, but its claim was taken over before it was marked', { key: marks[i]!.key });
      });
    } catch (e) {
      // The cards are in Teams; their claims stay posted, and the next run fills them in again and marks them.
      deps.logger.error('reminder cards sent but not marked; the next run marks them', { cards: marks.length, error: e instanceof Error ? e.message : String(e) });
    }
  };

  // The cards of one ledger sheet go together (claimed, recorded and marked in one write each; port.ts
  // cardSheetOf), at most CARDS_PER_BATCH at a time; batches are claimed a few at a time as the senders
  // need them, so a stop leaves few to release.
  const sheetOf = (w: Work) => cardSheetOf(w.key) ?? w.key;
  const batches: Work[][] = [];
  for (const w of [...work].sort((a, b) => (sheetOf(a) < sheetOf(b) ? -1 : sheetOf(a) > sheetOf(b) ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const last = batches[batches.length - 1];
    if (last && last.length < CARDS_PER_BATCH && sheetOf(last[0]!) === sheetOf(w)) last.push(w);
    else batches.push([w]);
  }
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let cursor = 0;
  const claimed: Array<Array<{ w: Work; claim: CardClaim }>> = [];
  let claiming: Promise<void> | null = null;
  const claimMore = async (): Promise<void> => {
    const taken = batches.slice(cursor, cursor + concurrency);
    cursor += taken.length;
    const chunk = taken.flat();
    const at = fromInstant(deps.clock());
    const requests: CardClaimRequest[] = chunk.map((w) => ({
      key: w.key,
      recipientId: w.recipientId,
      holder,
      at,
      lines: [...w.plan.carried, ...w.plan.fresh].map((c) => c.stageKey),
      ...(w.existing ? { replaces: { holder: w.existing.holder, version: w.existing.version } } : {}),
    }));
    let results: Array<CardClaim | null>;
    try {
      results = await store.claimCards(requests);
    } catch (e) {
      deps.logger.error('reminder cards could not be claimed; the next run tries again', { cards: chunk.length, error: e instanceof Error ? e.name : 'error' });
      for (const w of chunk) deliveries.push(describe(w, 'failed', false, e instanceof Error ? e.message : String(e)));
      return;
    }
    const byKey = new Map(chunk.map((w, i) => [w.key, results[i] ?? null]));
    for (const batch of taken) {
      const mine: Array<{ w: Work; claim: CardClaim }> = [];
      for (const w of batch) {
        const claim = byKey.get(w.key) ?? null;
        if (claim === null) deliveries.push({ recipientId: w.recipientId, card: w.card, status: 'in-progress', key: w.key, recovered: false, lines: [], stillOverdue: 0 });
        else mine.push({ w, claim });
      }
      if (mine.length > 0) claimed.push(mine);
    }
  };
  const nextClaimed = async (): Promise<Array<{ w: Work; claim: CardClaim }> | null> => {
    for (;;) {
      const next = claimed.shift();
      if (next) return next;
      if (stopped() || cursor >= batches.length) return null;
      claiming ??= claimMore().finally(() => {
        claiming = null;
      });
      await claiming;
    }
  };

  const deliver = async (batch: ReadonlyArray<{ w: Work; claim: CardClaim }>): Promise<void> => {
    const items: ClaimedCard[] = [];
    const built: Array<{ w: Work; claim: CardClaim; lines: ReturnType<typeof lineOf>[] }> = [];
    for (const { w, claim } of batch) {
      const lines = [...w.plan.carried.map((c) => lineOf(c, indexes, true)), ...w.plan.fresh.map((c) => lineOf(c, indexes, false))];
      try {
        const card = digestCard({
          card: w.card,
          day: today,
          lines,
          stillOverdue: w.plan.stillOverdue,
          graceDays: config.graceDays,
          tabUrl: config.tabUrl,
          links: config.links,
          recipient: indexes.people.get(w.recipientId),
        });
        const placeholder = { card: placeholders[w.card], summary: digestSummaryText({ card: w.card, lines, stillOverdue: w.plan.stillOverdue }) };
        items.push({ claim, target: { kind: 'person', personId: w.recipientId }, placeholder, card });
        built.push({ w, claim, lines });
      } catch (e) {
        // A card that would not render is this recipient's failure alone; the claim stays for the next run.
        deps.logger.error('reminder digest failed', { recipientId: w.recipientId, card: w.card, error: e instanceof Error ? e.name : 'error' });
        deliveries.push(describe(w, 'failed', false, e instanceof Error ? e.message : String(e)));
      }
    }
    const outcomes = await postClaimedCards({ store, messenger, limiter }, items, { stopped });
    const marks: CardUpdate[] = [];
    outcomes.forEach((outcome, i) => {
      const { w, claim, lines } = built[i]!;
      const recovered = w.existing !== null && (w.existing.state === 'claimed' || w.existing.state === 'posted');
      switch (outcome.kind) {
        case 'lost':
          deliveries.push({ ...describe(w, 'in-progress', recovered), lines: [] });
          return;
        case 'released':
          deliveries.push(describe(w, 'released', false));
          return;
        case 'failed': {
          const error = outcome.error;
          deps.logger.error('reminder digest failed', { recipientId: w.recipientId, card: w.card, error: error instanceof Error ? error.name : 'error' });
          deliveries.push(describe(w, 'failed', false, error instanceof Error ? error.message : String(error)));
          return;
        }
        case 'unreachable':
          // Not settled: the claim is retried on the next run (the bot may be installed by then); the lines
          // stay unannounced, so they come in the first card that reaches the person.
          if (outcome.mark) marks.push(outcome.mark);
          deps.logger.warn('reminder digest not delivered: no conversation with the person works and none could be created', { recipientId: w.recipientId, card: w.card, key: w.key });
          deliveries.push(describe(w, 'unreachable', recovered));
          return;
        case 'posted':
          if (outcome.delivery) {
            delivery.staleConversationsRemoved += outcome.delivery.staleRemoved;
            if (outcome.delivery.created) delivery.conversationsCreated++;
          }
          marks.push({
            key: w.key,
            holder,
            version: outcome.claim.version,
            state: 'sent',
            sentAt: fromInstant(deps.clock()),
            announce: { register: w.card, add: claim.lines, remove: w.prune },
          });
          toSupersede.push(...w.earlier);
          deps.logger.info('reminder digest sent', { recipientId: w.recipientId, card: w.card, key: w.key, lines: lines.length, stillOverdue: w.plan.stillOverdue, recovered });
          deliveries.push(describe(w, 'sent', recovered));
          return;
      }
    });
    await writeMarks(marks);
  };

  /** One recipient's failure (a store write refused, a card that would not render, Teams refusing after
   * every retry) is theirs alone: reported and logged; their claim stays, and the next run takes it over. */
  const worker = async (): Promise<void> => {
    for (;;) {
      const next = await nextClaimed();
      if (next === null) return;
      if (stopped()) {
        toRelease.push(...next.map((c) => c.claim));
        continue;
      }
      try {
        await deliver(next);
      } catch (e) {
        deps.logger.error('reminder digests failed', { cards: next.length, error: e instanceof Error ? e.name : 'error' });
        for (const { w } of next) deliveries.push(describe(w, 'failed', false, e instanceof Error ? e.message : String(e)));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, batches.length)) }, worker));
  // Stopped: what was claimed and not started goes back at once, so the next run need not wait for it.
  toRelease.push(...claimed.splice(0).flatMap((b) => b.map((c) => c.claim)));
  if (toRelease.length > 0) {
    const released = await store.updateCards(toRelease.map((c) => ({ key: c.key, holder: c.holder, version: c.version, state: 'released' as const })));
    for (const c of toRelease) {
      const w = work.find((x) => x.key === c.key);
      if (w) deliveries.push(describe(w, 'released', false));
    }
    deps.logger.info('reminder sweep stopped: claimed cards released', { released: released.filter((r) => r !== null).length });
  }
  for (const w of batches.slice(cursor).flat()) if (stopped()) deliveries.push({ ...describe(w, 'released', false), lines: [] });
  if (!stopped()) await supersede(toSupersede);
  return finish();

  /** Earlier cards that never went out, their lines now in today's card (or nothing left to say):
   * taken over and settled; a placeholder of theirs in Teams is replaced by a short note. */
  async function supersede(cards: readonly CardClaim[]): Promise<void> {
    for (let i = 0; i < cards.length; i += LEDGER_BATCH) {
      const chunk = cards.slice(i, i + LEDGER_BATCH);
      try {
        const at = fromInstant(deps.clock());
        const taken = await store.claimCards(chunk.map((c) => ({ key: c.key, recipientId: c.recipientId, holder, at, lines: [...c.lines], replaces: { holder: c.holder, version: c.version } })));
        const mine = taken.filter((c): c is CardClaim => c !== null);
        for (const c of mine) {
          if (!c.message || !messenger || !limiter) continue;
          const where = c.message;
          const day = parseDigestKey(c.key)?.day ?? today;
          const note = reminderNoteCard({ title: `Reminders of ${day}`, lines: [day === today ? 'Nothing is left to remind you of here.' : `These reminders are in your card of ${today}.`] });
          await limiter.run(`person:${c.recipientId}`, () => messenger.updateCard(where, note)).catch(() => undefined);
        }
        await store.updateCards(mine.map((c) => ({ key: c.key, holder: c.holder, version: c.version, state: 'superseded' as const })));
      } catch (e) {
        deps.logger.error('earlier reminder cards not settled; the next run tries again', { cards: chunk.length, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  function finish(): SweepReport {
    const order = new Map(work.map((w, i) => [w.key, i]));
    deliveries.sort((a, b) => (order.get(a.key ?? '') ?? -1) - (order.get(b.key ?? '') ?? -1) || (a.key ?? '').localeCompare(b.key ?? ''));
    for (const d of deliveries) counts[d.status]++;
    const report: SweepReport = { today, dryRun, skipped: null, openObligations: obligations.length, deliveries, counts, delivery, durationMs: Date.now() - started };
    deps.logger.info('reminder sweep finished', { today, dryRun, ...counts, ...delivery, durationMs: report.durationMs });
    return report;
  }
}

/** Lines of a sent card, from its claim: the obligation and stage of each (null when no card was sent). */
export async function sentDigestLines(store: CaseStore, recipientId: string, card: DigestCard, day: string): Promise<Array<{ obligationKey: string; stage: ReminderStage }> | null> {
  const key = digestKey(card, day, recipientId);
  const claim = (await store.listCards(key)).find((c) => c.key === key && c.state === 'sent');
  if (!claim) return null;
  const stages = stagesOf(card);
  const out: Array<{ obligationKey: string; stage: ReminderStage }> = [];
  for (const k of claim.lines) {
    const p = parseStageKey(k);
    if (p && p.recipientId === recipientId && stages.includes(p.stage)) out.push({ obligationKey: p.obligationKey, stage: p.stage });
  }
  return out;
}
