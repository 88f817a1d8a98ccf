// The Microsoft Graph client for the SharePoint store: @microsoft/microsoft-graph-client v3 with a
// middleware chain of our own:
//   BearerMiddleware    adds `Authorization: Bearer …` from an AuthenticationProvider, for requests to
//                       the configured Graph base URL only (the stock AuthenticationHandler only
//                       recognises https hosts, so it cannot talk to the loopback test server)
//   PacingMiddleware    a request made within `budget.run(pacer, …)` (a paced job: the morning sweep)
//                       waits its turn in the pacer's budget of resource units (units.ts)
//   ThrottleMiddleware  429/503/504: waits as the Retry-After header says (capped), through one
//                       ThrottleGate that every request of the process respects ("throttled until");
//                       network errors (a dropped connection): retried with their own short
//                       back-off, counted apart from the throttled answers
//   HTTPMessageHandler  the stock fetch
// The client is created per credential (a service client, or one per signed-in user for
// on-behalf-of); nothing here is module-level state.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Client, HTTPMessageHandler, GraphError } from '@microsoft/microsoft-graph-client';
import type { AuthenticationProvider, Context, Middleware } from '@microsoft/microsoft-graph-client';
import { pushAll } from '../../domain/lists.js';
import { unitsOfRequest, type UnitPacer } from './units.js';

export const GRAPH_BASE_URL = 'https://graph.microsoft.com/';
export const GRAPH_VERSION = 'v1.0';

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryPolicy {
  /** Attempts after the first (default 8). */
  readonly maxRetries: number;
  /** The longest single wait, whatever Retry-After says (default 60 s). */
  readonly maxWaitMs: number;
  /** Wait when a throttled response has no Retry-After (doubles per throttled answer; default 1 s). */
  readonly defaultWaitMs: number;
  /** Wait after a network failure (a dropped or refused connection; doubles per failure; default 250 ms). */
  readonly networkWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 8, maxWaitMs: 60_000, defaultWaitMs: 1_000, networkWaitMs: 250 };

/** One "throttled until" time shared by every Graph request of a process (pass the same gate to
 * every client you create). After a 429 nobody sends until the Retry-After has passed. */
export class ThrottleGate {
  private until = 0;
  /** Waits requested (ms), for tests and figures. */
  readonly waits: number[] = [];
  constructor(
    readonly sleep: Sleep = realSleep,
    private readonly now: () => number = Date.now,
  ) {}

  holdFor(ms: number): void {
    this.waits.push(ms);
    this.until = Math.max(this.until, this.now() + ms);
  }

  async pass(): Promise<void> {
    const wait = this.until - this.now();
    if (wait > 0) await this.sleep(wait);
  }

  /** A wait for one request alone (after a network failure): recorded, but nobody else is held. */
  async backOff(ms: number): Promise<void> {
    this.waits.push(ms);
    await this.sleep(ms);
  }
}

/** Retry-After: seconds or an HTTP date -> milliseconds (null when absent or unreadable). */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export const RETRYABLE_STATUSES = new Set([429, 503, 504]);

function setHeader(context: Context, name: string, value: string): void {
  context.options = context.options ?? {};
  const headers = context.options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else if (Array.isArray(headers)) headers.push([name, value]);
  else context.options.headers = { ...(headers ?? {}), [name]: value };
}

function urlOf(context: Context): string {
  return typeof context.request === 'string' ? context.request : (context.request as Request).url;
}

class BearerMiddleware implements Middleware {
  private next?: Middleware;
  constructor(
    private readonly provider: AuthenticationProvider,
    private readonly origin: string,
  ) {}
  setNext(next: Middleware): void {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    if (new URL(urlOf(context)).origin === this.origin) {
      setHeader(context, 'Authorization', `Bearer ${await this.provider.getAccessToken()}`);
    }
    await this.next!.execute(context);
  }
}

class PacingMiddleware implements Middleware {
  private next?: Middleware;
  constructor(private readonly budget: AsyncLocalStorage<UnitPacer>) {}
  setNext(next: Middleware): void {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    const pacer = this.budget.getStore();
    if (pacer) await pacer.take(unitsOfRequest(context.options?.method ?? 'GET', urlOf(context), context.options?.body));
    await this.next!.execute(context);
  }
}

class ThrottleMiddleware implements Middleware {
  private next?: Middleware;
  constructor(
    private readonly gate: ThrottleGate,
    private readonly policy: RetryPolicy,
    private readonly onResponse?: (status: number) => void,
  ) {}
  setNext(next: Middleware): void {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    // Two kinds of retry, counted apart: a throttled answer waits what its Retry-After says (or a
    // back-off doubling per throttled answer when it gives none); a network failure waits its own
    // back-off, doubling per network failure only. A run of 429s must not make the next dropped
    // connection wait 2^n seconds (the whole process's Graph traffic waits behind the gate).
    let throttled = 0;
    let failed = 0;
    for (;;) {
      await this.gate.pass();
      try {
        await this.next!.execute(context);
      } catch (err) {
        // fetch rejects on a network failure (connection reset, refused, dropped): try again.
        // Writes stay correct because every create carries a unique RecordKey (a create that did
        // happen answers 409) and every update an If-Match (checked by the caller on 412).
        this.onResponse?.(0);
        if (failed >= this.policy.maxRetries) throw err;
        // A dropped connection is this request's trouble, not a throttle: it waits alone.
        await this.gate.backOff(Math.min(this.policy.networkWaitMs * 2 ** failed, this.policy.maxWaitMs));
        failed++;
        continue;
      }
      const response = context.response!;
      this.onResponse?.(response.status);
      if (!RETRYABLE_STATUSES.has(response.status) || throttled >= this.policy.maxRetries) return;
      const wait = retryAfterMs(response.headers.get('Retry-After')) ?? this.policy.defaultWaitMs * 2 ** throttled;
      this.gate.holdFor(Math.min(wait, this.policy.maxWaitMs));
      throttled++;
      await response.arrayBuffer().catch(() => undefined); // free the connection
    }
  }
}

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/ (default) or the test server's http://127.0.0.1:PORT/ */
  readonly baseUrl?: string;
  readonly authProvider: AuthenticationProvider;
  readonly gate?: ThrottleGate;
  readonly retry?: Partial<RetryPolicy>;
  /** Called for every HTTP response status (0 = network error), for counting requests. */
  readonly onResponse?: (status: number) => void;
}

/** A Graph client plus what the store needs to follow @odata.nextLink URLs through it. */
export interface GraphConnection {
  readonly client: Client;
  readonly baseUrl: string;
  readonly gate: ThrottleGate;
  readonly retry: RetryPolicy;
  /** The pacer of the job a request is made for, if any (UnitPacer; run the job's calls within it). */
  readonly budget: AsyncLocalStorage<UnitPacer>;
}

export function createGraphClient(options: GraphClientOptions): GraphConnection {
  const baseUrl = (options.baseUrl ?? GRAPH_BASE_URL).replace(/\/?$/, '/');
  const gate = options.gate ?? new ThrottleGate();
  const retry = { ...DEFAULT_RETRY, ...(options.retry ?? {}) };
  const budget = new AsyncLocalStorage<UnitPacer>();
  const client = Client.initWithMiddleware({
    baseUrl,
    defaultVersion: GRAPH_VERSION,
    middleware: [new BearerMiddleware(options.authProvider, new URL(baseUrl).origin), new PacingMiddleware(budget), new ThrottleMiddleware(gate, retry, options.onResponse), new HTTPMessageHandler()],
  });
  return { client, baseUrl, gate, retry, budget };
}

/** An absolute @odata.nextLink / deltaLink -> a path the client accepts (relative to its version). */
export function relativeLink(conn: GraphConnection, link: string): string {
  const prefix = `${conn.baseUrl}${GRAPH_VERSION}`;
  if (link.startsWith(prefix)) return link.slice(prefix.length);
  if (link.startsWith('https://')) return link;
  throw new Error(`a Graph link outside the configured base URL: ${new URL(link).origin}`);
}

export function isGraphError(e: unknown, status?: number): e is GraphError {
  return e instanceof GraphError && (status === undefined || e.statusCode === status);
}

/** Every page of a collection, following @odata.nextLink. */
export async function getAllPages<T>(conn: GraphConnection, path: string, headers: Record<string, string> = {}): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined = path;
  while (next) {
    const page = (await conn.client.api(next).headers(headers).get()) as { value: T[]; '@odata.nextLink'?: string };
    pushAll(out, page.value);
    next = page['@odata.nextLink'] ? relativeLink(conn, page['@odata.nextLink']) : undefined;
  }
  return out;
}
