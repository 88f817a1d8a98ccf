// PRAGMA quick_check away from the event loop. better-sqlite3 is synchronous and a quick_check reads
// every page (about 0.1 s for 20,000 cases: npm run bench:health), so it runs in a worker
// thread on a connection of its own: requests are not held up, and the pages are read from the file
// rather than from the server connection's cache.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** The worker, as CommonJS source (eval: no separate file to find from src/ or dist/, or under jest). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db = null;
try {
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('query_only = ON');
  const rows = db.pragma('quick_check(20)', { simple: false }).map((r) => String(Object.values(r)[0]));
  parentPort.postMessage({ rows });
} catch (e) {
  parentPort.postMessage({ error: e && e.message ? String(e.message) : String(e) });
} finally {
  if (db) db.close();
}
`;

/** An error's message, one line (for health reports; these are SQLite's words, never case data). */
export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
}

function summarise(rows: readonly string[]): string {
  if (rows.length === 1 && rows[0] === 'ok') return 'ok';
  return rows.slice(0, 3).join('; ') + (rows.length > 3 ? ` (and ${rows.length - 3} more)` : '');
}

/** PRAGMA quick_check of the database: 'ok', or what it found (or why it could not run). An in-memory
 * database (tests) is checked on its own connection. */
export async function quickCheck(db: Database.Database, path: string, timeoutMs = 120_000): Promise<string> {
  if (db.memory || path === ':memory:' || path === '') {
    try {
      return summarise((db.pragma('quick_check(20)', { simple: false }) as Record<string, unknown>[]).map((r) => String(Object.values(r)[0])));
    } catch (e) {
      return errorText(e);
    }
  }
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise<string>((resolve) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { path, module } });
    let settled = false;
    const finish = (answer: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate().catch(() => undefined);
      resolve(answer);
    };
    const timer = setTimeout(() => finish(`quick_check did not finish within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    timer.unref();
    worker.once('message', (m: { rows?: string[]; error?: string }) => finish(m.rows ? summarise(m.rows) : (m.error ?? 'quick_check failed')));
    worker.once('error', (e) => finish(`quick_check could not run: ${errorText(e)}`));
    worker.once('exit', (code) => finish(`quick_check stopped (exit ${code})`));
  });
}
