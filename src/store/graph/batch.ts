// JSON batching ($batch): at most 20 requests per batch, every inner response checked. An outer 200
// can hold inner 429/503/504s, which the Graph client's RetryHandler never sees: those requests are
// sent again, in a later batch, after the longest Retry-After among them (capped by the policy),
// through the process's ThrottleGate.
import { retryAfterMs, RETRYABLE_STATUSES, type GraphConnection } from './client.js';

export const MAX_BATCH_REQUESTS = 20;

export interface BatchStep {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the version, e.g. `/sites/{site}/lists/{list}/items`. */
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export interface BatchResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export class BatchRetryExhaustedError extends Error {
  constructor(
    readonly pending: number,
    readonly lastStatus: number,
  ) {
    super(`${pending} Graph requests were still throttled (last status ${lastStatus}) after every retry`);
    this.name = 'BatchRetryExhaustedError';
  }
}

interface InnerResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Run steps in $batch requests of at most 20 (`concurrency` batches in flight). Results are in the
 * order of the steps; statuses other than 429/503/504 are the caller's to interpret.
 * `serial`: each step of a batch depends on the one before it (Graph's dependsOn), so a step runs only
 * if every earlier one succeeded; the others answer 424 (Failed Dependency), left to the caller. The
 * caller keeps serial runs within 20 steps (one batch). */
export async function runBatches(conn: GraphConnection, steps: readonly BatchStep[], options: { concurrency?: number; serial?: boolean } = {}): Promise<BatchResult[]> {
  const results = new Array<BatchResult | undefined>(steps.length);
  let pending = steps.map((_, i) => i);
  const concurrency = options.serial ? 1 : Math.max(1, options.concurrency ?? 4);
  for (let attempt = 0; pending.length > 0; attempt++) {
    const chunks: number[][] = [];
    for (let i = 0; i < pending.length; i += MAX_BATCH_REQUESTS) chunks.push(pending.slice(i, i + MAX_BATCH_REQUESTS));
    const retry: number[] = [];
    let wait = 0;
    let lastStatus = 0;
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        const requests = chunk.map((index, k) => {
          const s = steps[index]!;
          const headers = { ...(s.headers ?? {}), ...(s.body !== undefined ? { 'Content-Type': 'application/json' } : {}) };
          return {
            id: String(index),
            method: s.method,
            url: s.url,
            ...(options.serial && k > 0 ? { dependsOn: [String(chunk[k - 1])] } : {}),
            ...(Object.keys(headers).length ? { headers } : {}),
            ...(s.body !== undefined ? { body: s.body } : {}),
          };
        });
        const reply = (await conn.client.api('/$batch').post({ requests })) as { responses?: InnerResponse[] };
        const byId = new Map((reply.responses ?? []).map((r) => [r.id, r]));
        for (const index of chunk) {
          const r = byId.get(String(index));
          if (!r) throw new Error(`the $batch response has no answer for request ${index}`);
          const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
          if (RETRYABLE_STATUSES.has(r.status)) {
            retry.push(index);
            lastStatus = r.status;
            wait = Math.max(wait, retryAfterMs(headers['retry-after']) ?? conn.retry.defaultWaitMs * 2 ** attempt);
          } else results[index] = { status: r.status, headers, body: r.body };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
    if (retry.length > 0) {
      if (attempt >= conn.retry.maxRetries) throw new BatchRetryExhaustedError(retry.length, lastStatus);
      conn.gate.holdFor(Math.min(wait, conn.retry.maxWaitMs));
    }
    pending = retry.sort((a, b) => a - b);
  }
  return results as BatchResult[];
}
