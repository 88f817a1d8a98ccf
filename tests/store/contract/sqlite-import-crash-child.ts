// A child process for the SQLite crash test: opens the store at CRASH_DB, then imports the case file
// CRASH_FILE and kills itself with SIGKILL (no clean-up, no rollback by the program) after CRASH_AFTER
// SQLite statement runs inside that import: a power cut in the middle of the import's transaction.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../../src/store/sqlite/index.js';
import type { CaseFile } from '../../../src/domain/model.js';

const path = process.env.CRASH_DB!;
const file = JSON.parse(readFileSync(process.env.CRASH_FILE!, 'utf8')) as CaseFile;
const after = Number(process.env.CRASH_AFTER ?? '100');

const store = openSqliteStore(path);
// Every prepared statement shares this prototype: count the runs from here on.
const probe = new Database(':memory:');
const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: (...args: unknown[]) => unknown };
probe.close();
const run = proto.run;
let runs = 0;
proto.run = function (this: unknown, ...args: unknown[]) {
  runs += 1;
  if (runs === after) {
    process.stdout.write(`killing myself after ${runs} statements\n`);
    process.kill(process.pid, 'SIGKILL');
  }
  return run.apply(this, args);
};
await store.importCaseFile(file);
process.stdout.write('import finished (the crash did not happen)\n');
