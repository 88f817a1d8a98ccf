// SharePoint's metering of Graph requests, and pacing a job to a budget of it.
//
// SharePoint Online meters each tenant in resource units a minute (a small tenant 1,250, a council a
// few thousand); past the limit every user of the tenant's SharePoint is throttled. Microsoft's published
// costs: a multi-item query 2 units, a delta request with a token 1, a write (create, update, delete) 2.
// A single-item read is counted 1 here. A $batch costs what its requests cost, one by one.

/** Resource units of one request (method, path after the version, query string without `?`). */
export function requestUnits(method: string, path: string, query: string): number {
  if (path.endsWith('/$batch')) return 0; // its requests are counted one by one (batchUnits)
  if (method.toUpperCase() !== 'GET') return 2;
  if (path.endsWith('/items/delta')) return /(^|&)token=/.test(query) ? 1 : 2;
  if (/\/items\/\d+$/.test(path)) return 1;
  return 2;
}

/** Resource units of the requests of a $batch body ({ requests: [{ method, url }] }). */
export function batchUnits(body: unknown): number {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) return 0;
  let units = 0;
  for (const r of requests as Array<{ method?: unknown; url?: unknown }>) {
    const url = typeof r.url === 'string' ? r.url : '';
    const q = url.indexOf('?');
    units += requestUnits(typeof r.method === 'string' ? r.method : 'GET', q < 0 ? url : url.slice(0, q), q < 0 ? '' : url.slice(q + 1));
  }
  return units;
}

/** Units of a request as the Graph client sends it (an absolute URL; a JSON body as text). */
export function unitsOfRequest(method: string, url: string, body: unknown): number {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/^\/v1\.0/, '');
  if (path.endsWith('/$batch')) {
    let json: unknown = body;
    if (typeof body === 'string') {
      try {
        json = JSON.parse(body) as unknown;
      } catch {
        json = null;
      }
    }
    return batchUnits(json);
  }
  return requestUnits(method, path, parsed.search.replace(/^\?/, ''));
}

/** Spends a budget of units a minute evenly: each request waits until the units spent before it fit the
 * rate (the first goes at once), so that over any minute at most `unitsPerMinute` (plus one request's
 * units) are spent. Requests reserve their turn before waiting, so concurrent ones queue in order. */
export class UnitPacer {
  private next = 0;
  /** Units spent and time waited, for logs and benches. */
  spentUnits = 0;
  waitedMs = 0;
  private readonly msPerUnit: number;

  constructor(
    unitsPerMinute: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep,
    private readonly signal?: AbortSignal,
  ) {
    if (!(unitsPerMinute > 0)) throw new Error(`a budget of units a minute must be above 0, got ${unitsPerMinute}`);
    this.msPerUnit = 60_000 / unitsPerMinute;
  }

  async take(units: number): Promise<void> {
    if (units <= 0) return;
    this.spentUnits += units;
    // A stopping job finishes its writes at once (the grace of a shutdown is short).
    if (this.signal?.aborted) return;
    const now = this.now();
    const at = Math.max(now, this.next);
    this.next = at + units * this.msPerUnit;
    if (at > now) {
      this.waitedMs += at - now;
      await this.sleep(at - now, this.signal);
    }
  }
}

/** setTimeout as a promise that ends early when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
