// Shared helpers of the SharePoint benches: request counts by kind from the Graph test server's log,
// and the SharePoint resource units they imply (Microsoft's published rule of thumb: a multi-item
// query 2 RU, a delta request with a token 1 RU, each write 2 RU; a single-item read counted as 1 RU).
import type { LoggedRequest } from '../tests/support/graph-server/server.js';

export function kindOf(r: LoggedRequest): string {
  if (r.path === '/$batch') return 'POST $batch (HTTP request)';
  const template = r.path
    .replace(/\/sites\/[^/]+/, '/sites/{site}')
    .replace(/\/lists\/[^/]+/, '/lists/{list}')
    .replace(/\/items\/\d+/, '/items/{id}');
  const delta = template.endsWith('/items/delta') ? (/(^|&)token=/.test(r.query) ? ' (with token)' : ' (initial)') : '';
  return `${r.method} ${template}${delta}${r.inBatch ? ' [in batch]' : ''}`;
}

export function resourceUnits(r: LoggedRequest): number {
  if (r.path === '/$batch') return 0; // its inner requests are counted one by one
  if (r.method !== 'GET') return 2;
  if (r.path.endsWith('/items/delta')) return /(^|&)token=/.test(r.query) ? 1 : 2;
  if (/\/items\/\d+$/.test(r.path)) return 1;
  return 2;
}

export function summarise(log: readonly LoggedRequest[]): { http: number; inner: number; ru: number; byKind: [string, number][] } {
  const byKind = new Map<string, number>();
  for (const r of log) byKind.set(kindOf(r), (byKind.get(kindOf(r)) ?? 0) + 1);
  return {
    http: log.filter((r) => !r.inBatch).length,
    inner: log.filter((r) => r.inBatch).length,
    ru: log.reduce((sum, r) => sum + resourceUnits(r), 0),
    byKind: [...byKind].sort((a, b) => b[1] - a[1]),
  };
}

export function printSummary(title: string, log: readonly LoggedRequest[]): void {
  const s = summarise(log);
  console.log(`${title}: ${s.http} HTTP requests to Graph (${s.inner} requests inside $batch), ~${s.ru} resource units`);
  for (const [kind, n] of s.byKind) console.log(`  ${String(n).padStart(7)}  ${kind}`);
}
