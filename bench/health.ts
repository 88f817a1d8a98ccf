// The cost of the store's health checks on the demo service of 20,000 cases (BENCH_CASES=N), SQLite:
// the quick check each /healthz and /readyz probe makes (a read of every table), and the thorough one
// (PRAGMA quick_check) that runs at start-up and every SEND_DB_CHECK_SECONDS, in a worker thread;
// for comparison, quick_check on the calling thread (what would stall every request) and
// integrity_check. Prints the median of 5 runs of each, and the file size. Figures, not a test.
//   npm run bench:health
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { generateDemo } from '../src/domain/demo.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';

const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const RUNS = 5;

async function median(fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/** The longest pause of a 5 ms timer while `fn` runs: how long the event loop stood still. */
async function stall(fn: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  await fn();
  clearInterval(timer);
  return worst;
}

const dir = mkdtempSync(path.join(tmpdir(), 'send-bench-health-'));
const dbPath = path.join(dir, 'bench.db');
try {
  const store = openSqliteStore(dbPath);
  await store.importCaseFile(generateDemo({ cases: CASES, seed: 1, today: '2026-11-23' }));
  console.log(`node ${process.version}, ${CASES.toLocaleString('en-GB')} demo cases, file ${(statSync(dbPath).size / 1024 / 1024).toFixed(1)} MB (+ WAL)`);
  const quick = await median(() => store.checkHealth('quick'));
  console.log(`quick check (every table read), per probe:        ${quick.toFixed(1)} ms`);
  const thorough = await median(() => store.checkHealth('thorough'));
  console.log(`thorough check (quick_check in a worker thread):  ${thorough.toFixed(0)} ms, longest event-loop stall meanwhile ${(await stall(() => store.checkHealth('thorough'))).toFixed(0)} ms`);
  const db = new Database(dbPath, { readonly: true });
  console.log(`quick_check on the calling thread (for comparison): ${(await median(() => db.pragma('quick_check'))).toFixed(0)} ms, all of it a stall`);
  console.log(`integrity_check on the calling thread:            ${(await median(() => db.pragma('integrity_check'))).toFixed(0)} ms`);
  db.close();
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
