// The access record (docs/rules.md section 7; issue 16): who was shown which child's details, when,
// through what, and why they were allowed.
//
// Writing it must not slow the request that shows the case: `record` puts the entries in a queue and
// returns; a writer appends them to the store in batches, in the background, a moment later
// (ACCESS_LOG_FLUSH_MS). The queue is bounded (ACCESS_LOG_QUEUE): when the store cannot keep up, a
// request waits for room, and after ACCESS_LOG_WAIT_MS it is refused (503) rather than showing a
// child's details that would not be recorded. A failed write keeps its entries and is tried again; an
// entry retried after a lost answer is stored once (its id). On SIGTERM (a deploy, a restart) the
// server's Shutdown closes the log after the last request: every queued entry is written before the
// store closes. A kill -9 loses the entries still in the queue (at most one flush interval's worth),
// never an entry already written, and never writes half an entry.
import { randomUUID } from 'node:crypto';
import { accessScope, type AccessEntry, type AccessVia } from '../domain/access-log.js';
import type { Case, Person } from '../domain/model.js';
import type { CaseStore } from '../store/port.js';
import { accessReason } from './access.js';
import type { Logger } from './log.js';
import type { Shutdown } from './shutdown.js';

export const DEFAULT_FLUSH_MS = 250;
export const DEFAULT_QUEUE = 50_000;
export const DEFAULT_WAIT_MS = 10_000;
/** Entries per store write (one SQLite transaction; SharePoint $batches of 20 within it). */
export const BATCH_SIZE = 500;

export class AccessLogConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessLogConfigError';
  }
}

/** The queue stayed full: the store is not taking entries. The read is refused (nothing shown). */
export class AccessLogUnavailableError extends Error {
  constructor(readonly waitedMs: number) {
    super('The record of who opened which case cannot be written just now, so the case is not shown (docs/rules.md section 7). Try again in a minute; if it keeps happening, tell your administrator.');
    this.name = 'AccessLogUnavailableError';
  }
}

export interface AccessLogOptions {
  readonly flushMs: number;
  readonly maxQueue: number;
  readonly waitMs: number;
  /** Off only in the benchmark that measures what the log costs; never from the environment. */
  readonly enabled: boolean;
}

function numberFrom(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new AccessLogConfigError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return n;
}

/** ACCESS_LOG_FLUSH_MS (how long an entry may wait in the queue), ACCESS_LOG_QUEUE (its bound),
 * ACCESS_LOG_WAIT_MS (how long a request waits for room before it is refused). */
export function accessLogOptions(env: Readonly<Record<string, string | undefined>>): AccessLogOptions {
  return {
    flushMs: numberFrom(env, 'ACCESS_LOG_FLUSH_MS', DEFAULT_FLUSH_MS, 1, 60_000),
    maxQueue: numberFrom(env, 'ACCESS_LOG_QUEUE', DEFAULT_QUEUE, 100, 10_000_000),
    waitMs: numberFrom(env, 'ACCESS_LOG_WAIT_MS', DEFAULT_WAIT_MS, 0, 600_000),
    enabled: true,
  };
}

/** Who is shown the case, when it is not a person of the service: the command line, a job of the service. */
export interface Actor {
  readonly id: string;
  readonly reason: string;
}

export interface RecordOptions {
  /** What exactly (a table, a document): no child's details. */
  readonly detail?: string | null;
  /** The reason, where the view has its own (a nomination form, information governance); default: the
   * rule of section 7 that lets the viewer see the case (services/access.ts accessReason). */
  readonly reason?: string;
}

/** Where the entries go: the server's AccessLog (queued), or the store itself (the command line). */
export interface AccessRecorder {
  add(entries: readonly AccessEntry[]): Promise<void>;
}

export class AccessLog implements AccessRecorder {
  private queue: AccessEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private waiters: Array<() => void> = [];
  private closed = false;
  private failures = 0;
  /** Entries written since the start (for the log line and tests). */
  written = 0;
  enabled: boolean;

  constructor(
    private readonly store: Pick<CaseStore, 'appendAccess'>,
    private readonly logger: Logger,
    private readonly options: AccessLogOptions = { flushMs: DEFAULT_FLUSH_MS, maxQueue: DEFAULT_QUEUE, waitMs: DEFAULT_WAIT_MS, enabled: true },
  ) {
    this.enabled = options.enabled;
  }

  /** Entries waiting to be written. */
  get pending(): number {
    return this.queue.length;
  }

  async add(entries: readonly AccessEntry[]): Promise<void> {
    if (!this.enabled || entries.length === 0) return;
    if (this.closed) {
      // After the shutdown's final write (a request that outlived it): straight to the store.
      await this.store.appendAccess(entries);
      this.written += entries.length;
      return;
    }
    if (this.queue.length > 0 && this.queue.length + entries.length > this.options.maxQueue) await this.room(entries.length);
    for (const e of entries) this.queue.push(e);
    this.schedule();
  }

  /** Wait until the queue has room (the writer has caught up), at most waitMs. */
  private async room(wanted: number): Promise<void> {
    const started = Date.now();
    this.kick();
    while (this.queue.length > 0 && this.queue.length + wanted > this.options.maxQueue) {
      const left = this.options.waitMs - (Date.now() - started);
      if (left <= 0) {
        this.logger.error('access log: the queue stayed full, a read was refused', { queued: this.queue.length, waitedMs: Date.now() - started });
        throw new AccessLogUnavailableError(Date.now() - started);
      }
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        timer = setTimeout(resolve, Math.min(left, 250));
      });
      clearTimeout(timer);
    }
  }

  private schedule(): void {
    if (this.queue.length >= BATCH_SIZE) {
      this.kick();
      return;
    }
    if (this.timer !== null || this.writing !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, this.options.flushMs);
    this.timer.unref();
  }

  /** Start the writer now if it is not running. */
  private kick(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.writing !== null || this.queue.length === 0) return;
    this.writing = this.writeAll().finally(() => {
      this.writing = null;
      // Entries queued while writing, or a failure to retry: go again.
      if (this.queue.length > 0 && !this.closed) {
        if (this.failures === 0) this.kick();
        else {
          const backoff = Math.min(30_000, 250 * 2 ** Math.min(this.failures, 7));
          this.timer = setTimeout(() => {
            this.timer = null;
            this.kick();
          }, backoff);
          this.timer.unref();
        }
      }
    });
  }

  /** Write the queue in batches until it is empty or a write fails (the batch stays queued). */
  private async writeAll(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, BATCH_SIZE);
      try {
        await this.store.appendAccess(batch);
      } catch (e) {
        this.failures += 1;
        this.logger.error('access log: entries could not be written; they stay queued and are tried again', {
          entries: batch.length,
          queued: this.queue.length,
          attempt: this.failures,
          error: e instanceof Error ? e.name : 'unknown',
        });
        return;
      }
      this.failures = 0;
      this.queue.splice(0, batch.length);
      this.written += batch.length;
      this.logger.debug('access log written', { entries: batch.length, written: this.written, queued: this.queue.length });
      for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Write everything queued now; resolves when the queue is empty (throws if a write fails). */
  async flush(): Promise<void> {
    for (let attempt = 0; this.queue.length > 0 || this.writing !== null; attempt++) {
      if (this.writing === null) this.kick();
      const writing: Promise<void> | null = this.writing;
      if (writing !== null) await writing;
      if (this.failures > 0 && this.queue.length > 0) {
        if (attempt >= 3) throw new Error(`the access log could not write ${this.queue.length} entries`);
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  /** The shutdown's last step before the store closes: write every queued entry, then write straight
   * through (a request still finishing). Entries that cannot be written are counted in the log. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
      this.logger.info('access log closed: every entry written', { written: this.written });
    } catch (e) {
      this.logger.error('access log closed with entries unwritten', { unwritten: this.queue.length, error: e instanceof Error ? e.message : 'unknown' });
    } finally {
      this.closed = true;
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
    }
  }
}

/** Writes straight to the store (the command line: one process, one action, nothing to lose). */
export function directRecorder(store: Pick<CaseStore, 'appendAccess'>): AccessRecorder {
  return { add: (entries) => store.appendAccess(entries) };
}

// ---- entries -------------------------------------------------------------------------------------

/** The entries for `viewer` being shown these cases through `via`, now. */
export function entriesFor(viewer: Person, cases: Iterable<Case>, via: AccessVia, today: string, at: string, options: RecordOptions = {}): AccessEntry[] {
  const out: AccessEntry[] = [];
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    out.push({
      id: randomUUID(),
      at,
      personId: viewer.id,
      caseId: c.id,
      via,
      reason: options.reason ?? accessReason(viewer, c, today) ?? 'no-rule',
      scope: accessScope(viewer, c),
      detail: options.detail ?? null,
    });
  }
  return out;
}

/** The entries for the command line or one of the service's own jobs (scope "other": nobody's own). */
export function actorEntries(actor: Actor, caseIds: Iterable<string>, via: AccessVia, at: string, detail: string | null = null): AccessEntry[] {
  return [...new Set(caseIds)].map((caseId) => ({ id: randomUUID(), at, personId: actor.id, caseId, via, reason: actor.reason, scope: 'other' as const, detail }));
}

/** Record that `viewer` was shown these cases (before the answer is sent). */
export async function recordShown(log: AccessRecorder, clock: () => number, viewer: Person, cases: Iterable<Case>, via: AccessVia, today: string, options: RecordOptions = {}): Promise<void> {
  await log.add(entriesFor(viewer, cases, via, today, new Date(clock()).toISOString(), options));
}

export interface AccessLogDeps {
  readonly store: CaseStore;
  readonly logger: Logger;
  readonly clock: () => number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly shutdown?: Shutdown;
  accessLog?: AccessLog;
}

/** The server's access log (created on first use and kept on the dependencies; closed by the shutdown). */
export function sharedAccessLog(deps: AccessLogDeps): AccessLog {
  if (deps.accessLog === undefined) {
    const log = new AccessLog(deps.store, deps.logger, accessLogOptions(deps.env));
    deps.accessLog = log;
    deps.shutdown?.onClose('access log', () => log.close());
  }
  return deps.accessLog;
}

/** As recordShown, for the cases of a snapshot named by id (rows of a view); ids not in it (an action
 * on no case) are skipped. */
export async function recordShownIds(
  log: AccessRecorder,
  clock: () => number,
  viewer: Person,
  cases: ReadonlyMap<string, Case>,
  ids: Iterable<string | null>,
  via: AccessVia,
  today: string,
  options: RecordOptions = {},
): Promise<void> {
  const shown: Case[] = [];
  for (const id of ids) {
    const c = id === null ? undefined : cases.get(id);
    if (c !== undefined) shown.push(c);
  }
  await recordShown(log, clock, viewer, shown, via, today, options);
}
