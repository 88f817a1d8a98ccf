// One send limiter per Teams connection (the Messenger): Teams allows about 7 messages a second per
// conversation and 50 a second per app per tenant. Every send waits for a slot; a refusal worth
// retrying (TransientSendError: 429 with Retry-After, 412, 502, 504) pushes ONE shared "throttled
// until" time that every sender of the process respects (design.md, "back off globally"), then the
// send is retried with exponential backoff up to `maxAttempts`.
import { TransientSendError, type Messenger } from '../messenger.js';

export interface LimiterOptions {
  /** Messages a second for the whole app (default 50). */
  readonly perSecond?: number;
  /** Messages a second per conversation (default 7). */
  readonly perConversationPerSecond?: number;
  /** Attempts per message, the first included (default 5). */
  readonly maxAttempts?: number;
  /** First backoff when Teams gives no Retry-After (default 1000 ms; doubles each attempt, at most 60 s). */
  readonly baseBackoffMs?: number;
  /** Time source and sleep (tests pass fakes). */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface LimiterStats {
  sent: number;
  retries: number;
  throttledMs: number;
}

export class SendLimiter {
  private readonly interval: number;
  private readonly conversationInterval: number;
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** The next instant a send may start (app-wide spacing). */
  private nextSlot = 0;
  /** Nobody sends before this instant (after a 429/412/502/504). */
  private throttledUntil = 0;
  private readonly lastByConversation = new Map<string, number>();
  readonly stats: LimiterStats = { sent: 0, retries: 0, throttledMs: 0 };

  constructor(options: LimiterOptions = {}) {
    this.interval = 1000 / (options.perSecond ?? 50);
    this.conversationInterval = 1000 / (options.perConversationPerSecond ?? 7);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseBackoffMs = options.baseBackoffMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Wait for a slot for `conversation`; the slot is reserved before waiting, so concurrent callers queue. */
  private async slot(conversation: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const last = this.lastByConversation.get(conversation);
      const at = Math.max(now, this.nextSlot, this.throttledUntil, last === undefined ? 0 : last + this.conversationInterval);
      if (at <= now) {
        this.nextSlot = now + this.interval;
        this.lastByConversation.set(conversation, now);
        return;
      }
      if (this.throttledUntil > now) this.stats.throttledMs += Math.min(at, this.throttledUntil) - now;
      await this.sleep(at - now);
    }
  }

  /** Run `send` for `conversation` within the limits, retrying transient refusals. */
  async run<T>(conversation: string, send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.slot(conversation);
      try {
        const result = await send();
        this.stats.sent++;
        if (this.lastByConversation.size > 10_000) this.lastByConversation.clear();
        return result;
      } catch (e) {
        if (!(e instanceof TransientSendError)) throw e;
        // Everyone backs off, whether or not this message is retried.
        const wait = e.retryAfterMs ?? Math.min(60_000, this.baseBackoffMs * 2 ** (attempt - 1));
        this.throttledUntil = Math.max(this.throttledUntil, this.now() + wait);
        if (attempt >= this.maxAttempts) throw e;
        this.stats.retries++;
      }
    }
  }
}

// The limiter belongs to the Teams connection, not to a request: every sweep, scheduled or asked for
// over HTTP, that sends through the same Messenger shares its limits. Keyed weakly by the messenger
// object, so nothing outlives the connection and no conversation's data is kept.
const limiters = new WeakMap<Messenger, SendLimiter>();

export function limiterFor(messenger: Messenger): SendLimiter {
  let l = limiters.get(messenger);
  if (!l) {
    l = new SendLimiter();
    limiters.set(messenger, l);
  }
  return l;
}
