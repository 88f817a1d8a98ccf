// The service's health, for /healthz and /readyz (and the App Service health check). Each probe reads
// every table (list) of the store, which finds a table that cannot be read at all; the store's own
// consistency check (SQLite: PRAGMA quick_check, about 0.1 s on 20,000 cases, run in a worker thread)
// runs at start-up and then every few minutes, and its last finding holds until the next one.
import type { CaseStore, StoreHealth } from '../store/port.js';
import type { Logger } from './log.js';

/** How often the thorough check runs by default (SEND_DB_CHECK_SECONDS): the check costs about 0.1 s
 * of one core on a worker thread for 20,000 cases (npm run bench:health: 0.12 s of checking, 0.36 s with the
 * worker's start), so every 10 minutes is under 0.1 % of a core, and no request waits for it. */
export const DEFAULT_CHECK_SECONDS = 600;

export interface HealthReport {
  readonly ok: boolean;
  /** What is wrong, or null. */
  readonly reason: string | null;
  readonly store: {
    readonly kind: StoreHealth['kind'];
    /** The last thorough check's finding ('ok', what it found, or null before the first). */
    readonly quickCheck: string | null;
    readonly checkedAt: string | null;
  };
}

export class HealthMonitor {
  private last: { at: number; health: StoreHealth } | null = null;
  private running: Promise<StoreHealth> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private readonly store: CaseStore,
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {}

  /** The thorough check now (start-up), then every `periodSeconds`. */
  async start(periodSeconds: number): Promise<StoreHealth> {
    const first = await this.thorough();
    this.timer = setInterval(() => {
      void this.thorough().catch(() => undefined);
    }, periodSeconds * 1000);
    this.timer.unref();
    return first;
  }

  /** Run the thorough check (one at a time) and keep its finding. */
  thorough(): Promise<StoreHealth> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const health = await this.store.checkHealth('thorough');
        const before = this.last?.health.problem ?? null;
        this.last = { at: this.clock(), health };
        if (health.problem !== null && health.problem !== before) this.logger.error('store health check failed', { kind: health.kind, problem: health.problem });
        else if (health.problem === null && before !== null) this.logger.info('store health check passes again', { kind: health.kind });
        return health;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Now: a quick check, with the last thorough check's finding. */
  async report(): Promise<HealthReport> {
    const quick = await this.store.checkHealth('quick');
    const reason = quick.problem ?? this.last?.health.problem ?? null;
    return {
      ok: reason === null,
      reason,
      store: {
        kind: quick.kind,
        quickCheck: this.last?.health.consistency ?? (this.last ? (this.last.health.problem ?? 'ok') : null),
        checkedAt: this.last ? new Date(this.last.at).toISOString() : null,
      },
    };
  }

  /** The server is shutting down: not ready for new work. */
  markStopping(): void {
    this.stopping = true;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
