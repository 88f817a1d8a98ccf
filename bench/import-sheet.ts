// Benchmark: importing a 5,000-row register (xlsx) into a fresh SQLite store, then the same sheet
// again (nothing to change). Prints times and peak memory.   npm run bench:import-sheet [-- ROWS]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDemo } from '../src/domain/demo.js';
import { readCaseFile } from '../src/domain/validate.js';
import { importSheet, parseMapping, readSheet } from '../src/services/import-sheet/index.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { writeRegister } from '../scripts/sample-register.js';
import mappingJson from '../docs/sample-mapping.json' with { type: 'json' };

const rows = Number(process.argv[2] ?? 5000);
let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const timer = setInterval(sample, 20);

const dir = mkdtempSync(path.join(tmpdir(), 'bench-sheet-'));
try {
  const demo = generateDemo({ cases: rows, seed: 11, today: '2026-11-23' });
  const file = path.join(dir, 'register.xlsx');
  let t = performance.now();
  await writeRegister(file, demo, rows);
  console.log(`register: ${rows} rows, ${(statSync(file).size / 1024).toFixed(0)} KB written in ${(performance.now() - t).toFixed(0)} ms`);

  const store = openSqliteStore(path.join(dir, 'store.db'));
  await store.importCaseFile(readCaseFile({ meetingSeries: demo.meetingSeries, people: demo.people }));
  const mapping = parseMapping(mappingJson);
  if (!mapping.ok) throw new Error(mapping.errors.join('\n'));

  sample();
  t = performance.now();
  const sheet = await readSheet(file, mapping.mapping.sheet);
  const readMs = performance.now() - t;
  const first = await importSheet(store, sheet, mapping.mapping, { dryRun: false, today: '2026-11-23' });
  const firstMs = performance.now() - t;
  t = performance.now();
  const again = await importSheet(store, await readSheet(file, mapping.mapping.sheet), mapping.mapping, { dryRun: false, today: '2026-11-23' });
  const againMs = performance.now() - t;
  sample();
  await store.close();

  console.log(`first import:  ${firstMs.toFixed(0)} ms (reading the workbook ${readMs.toFixed(0)} ms): ${first.added.length} added, ${first.errors.length} row errors`);
  console.log(`second import: ${againMs.toFixed(0)} ms: ${again.unchanged.length} unchanged, ${again.updated.length} updated, ${again.added.length} added`);
  console.log(`rate: ${(rows / (firstMs / 1000)).toFixed(0)} rows/s; peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  if (first.errors.length) console.log('first errors:', first.errors.slice(0, 5));
} finally {
  clearInterval(timer);
  rmSync(dir, { recursive: true, force: true });
}
