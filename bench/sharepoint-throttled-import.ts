// The SharePoint import under throttling, against the Graph test server (127.0.0.1, no network
// latency): the same demo file imported into an empty site with no faults, then with 30 % of all
// requests (top-level and inside $batch) answered 429 with Retry-After: 0 and 1 % of top-level requests
// losing their connection (before or after being carried out). Real waits (the process's ThrottleGate
// sleeps), so the figure is the wall time a council would see. Used by bench:faults; alone:
//   npx tsx bench/sharepoint-throttled-import.ts [CASES]   (default 2000)
import { generateDemo } from '../src/domain/demo.js';
import { staticTokenProvider } from '../src/store/graph/auth.js';
import { createGraphClient } from '../src/store/graph/client.js';
import { createSharePointStore } from '../src/store/sharepoint/index.js';
import { startGraphServer } from '../tests/support/graph-server/server.js';

export interface ThrottledImportFigures {
  readonly cases: number;
  readonly cleanMs: number;
  readonly faultyMs: number;
  readonly throttled: number;
  readonly dropped: number;
  readonly requests: number;
}

async function importOnce(cases: number, faults: boolean): Promise<{ ms: number; throttled: number; dropped: number; requests: number }> {
  const server = await startGraphServer();
  try {
    const conn = createGraphClient({ baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token) });
    const store = await createSharePointStore({ siteId: server.siteId, conn, provision: true });
    const file = generateDemo({ cases, seed: 1, today: '2026-11-23' });
    const start = server.log.length;
    if (faults) server.faults.throttleRandomly(0.3, { retryAfterSeconds: 0, seed: 11, dropRate: 0.01 });
    const t0 = performance.now();
    await store.importCaseFile(file);
    const ms = performance.now() - t0;
    server.faults.throttleRandomly(0);
    const exported = await store.exportCaseFile();
    if (exported.cases.length !== file.cases.length) throw new Error(`the import stored ${exported.cases.length} cases of ${file.cases.length}`);
    const log = server.log.slice(start);
    return { ms, throttled: log.filter((r) => r.status === 429).length, dropped: log.filter((r) => r.status === 0).length, requests: log.filter((r) => !r.inBatch).length };
  } finally {
    await server.close();
  }
}

export async function measureThrottledImport(cases = 2000): Promise<ThrottledImportFigures> {
  const clean = await importOnce(cases, false);
  const faulty = await importOnce(cases, true);
  return { cases, cleanMs: clean.ms, faultyMs: faulty.ms, throttled: faulty.throttled, dropped: faulty.dropped, requests: faulty.requests };
}

export function describeThrottledImport(f: ThrottledImportFigures): string {
  return [
    `SharePoint import of ${f.cases.toLocaleString('en-GB')} cases (Graph test server on 127.0.0.1):`,
    `  no faults: ${(f.cleanMs / 1000).toFixed(2)} s`,
    `  30 % of requests answered 429 (Retry-After: 0), 1 % of connections dropped: ${(f.faultyMs / 1000).toFixed(2)} s` +
      ` (${f.throttled} answers 429, ${f.dropped} connections dropped, ${f.requests} HTTP requests)`,
    `  ratio ${(f.faultyMs / f.cleanMs).toFixed(2)}x the fault-free time (goal: under 3x)`,
  ].join('\n');
}

const isMain = process.argv[1] !== undefined && /sharepoint-throttled-import\.ts$/.test(process.argv[1]);
if (isMain) {
  const figures = await measureThrottledImport(Number(process.argv[2] ?? 2000));
  console.log(describeThrottledImport(figures));
}
