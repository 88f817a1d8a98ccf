// Benchmark: the SQLite store with the demo service of 20,000 cases (BENCH_CASES=N to change it).
//   taskset -c 0 npm run bench:import-sqlite
// Generates the demo file, imports it into a fresh temporary database (validation included, and
// validation alone for comparison), then prints rows and file size, the time of a re-import over it,
// exportCaseFile (and whether it equals the input), and a few queries of the port. Figures, not a test.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { generateDemo } from '../src/domain/demo.js';
import { parseCaseFile } from '../src/domain/validate.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';

const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const TODAY = '2026-11-23';
const ms = (t: number) => `${t.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

function fileSize(p: string): number {
  return [p, `${p}-wal`, `${p}-shm`].filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
}

const dir = mkdtempSync(path.join(tmpdir(), 'send-bench-sqlite-'));
const dbPath = path.join(dir, 'bench.db');
try {
  console.log(`node ${process.version}, ${CASES.toLocaleString('en-GB')} demo cases, today ${TODAY}`);
  const generated = await timed(() => generateDemo({ cases: CASES, seed: 1, today: TODAY }));
  const file = generated.value;
  const jsonBytes = Buffer.byteLength(JSON.stringify(file));
  console.log(`generate demo:            ${ms(generated.ms)} (${file.people.length} people, ${file.supervisions.length} supervisions, JSON ${mb(jsonBytes)})`);

  const validation = await timed(() => parseCaseFile(file));
  if (!validation.value.ok)
    throw new Error(
      `the demo file is invalid: ${validation.value.errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('; ')}`,
    );
  console.log(`validate alone:           ${ms(validation.ms)}`);

  const store = openSqliteStore(dbPath);
  const first = await timed(() => store.importCaseFile(file));
  console.log(`import into empty db:     ${ms(first.ms)} (validation included) = ${(CASES / (first.ms / 1000)).toFixed(0)} cases/s`);
  const again = await timed(() => store.importCaseFile(file));
  console.log(`re-import (replace all):  ${ms(again.ms)}`);

  const exported = await timed(() => store.exportCaseFile());
  const same = JSON.stringify(exported.value) === JSON.stringify(validation.value.file);
  console.log(`exportCaseFile:           ${ms(exported.ms)} (equal to the input: ${same ? 'yes' : 'NO'})`);

  const lead = [...file.cases.reduce((m, c) => m.set(c.leadProfessionalId, (m.get(c.leadProfessionalId) ?? 0) + 1), new Map<string | null, number>())].sort((a, b) => b[1] - a[1])[0]![0]!;
  const team = file.cases[0]!.team!;
  const someIds = file.cases.filter((_, i) => i % 200 === 0).map((c) => c.id);
  const queries: [string, () => Promise<number>][] = [
    [`queryCases lead ${lead}`, async () => (await store.queryCases({ leadProfessionalId: lead })).length],
    [`queryCases team ${team}`, async () => (await store.queryCases({ team })).length],
    ['queryCases cmooe (open)', async () => (await store.queryCases({ cmooeSeries: 'cmooe' })).length],
    ['queryCases cmooe on 2026-06-01', async () => (await store.queryCases({ cmooeSeries: 'cmooe', cmooeOn: '2026-06-01' })).length],
    ['queryCases status ceased', async () => (await store.queryCases({ status: 'ceased' })).length],
    [`queryCases ids (${someIds.length})`, async () => (await store.queryCases({ ids: someIds })).length],
    ['queryCases all', async () => (await store.queryCases({})).length],
    ['changesSince(null)', async () => (await store.changesSince(null)).changes.length],
  ];
  for (const [label, q] of queries) {
    await q(); // warm-up
    const r = await timed(q);
    console.log(`${label.padEnd(34)} ${ms(r.ms).padStart(8)}  (${r.value} rows)`);
  }
  const gets = await timed(async () => {
    for (const c of file.cases.slice(0, 1000)) await store.getCase(c.id);
  });
  console.log(`getCase x1000:            ${ms(gets.ms)} (${(gets.ms / 1000).toFixed(3)} ms each)`);
  const c0 = file.cases[0]!;
  const appends = await timed(async () => {
    for (let i = 0; i < 200; i++) {
      await store.addCaseNote(c0.id, { eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-21T09:00:00Z', authorId: file.people[0]!.id, text: `note ${i}` });
    }
  });
  console.log(`addCaseNote x200:         ${ms(appends.ms)} (${(appends.ms / 200).toFixed(2)} ms each, validated, one transaction each)`);
  const claims = await timed(async () => {
    let won = 0;
    for (let i = 0; i < 10_000; i += 20) {
      const keys = Array.from({ length: 20 }, (_, j) => `bench/${i + j}`);
      won += (await store.claimCards(keys.map((key) => ({ key, recipientId: 'p1', holder: 'bench', at: '2026-11-23T07:00:00Z', lines: [`stage/p1/${key}/overdue`] })))).filter(
        (c) => c !== null,
      ).length;
    }
    return won;
  });
  console.log(`claimCards x10,000 (20 a call): ${ms(claims.ms)} (${(claims.ms / 10).toFixed(0)} µs a card, ${claims.value} won)`);
  await store.close();

  const db = new Database(dbPath, { readonly: true });
  const tables = ['people', 'meeting_series', 'cases', 'case_cmooe', 'supervisions', 'nominations', 'selections', 'actions', 'card_ledger', 'changes'];
  console.log('rows: ' + tables.map((t) => `${t} ${String(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get())}`).join(', '));
  db.close();
  console.log(`database file:            ${mb(fileSize(dbPath))} (after close; case JSON in the file: ${mb(jsonBytes)} as one document)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
