// The CaseStore contract on the SQLite adapter, each test on a fresh temporary database file.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { CaseStore } from '../../src/store/port.js';
import { runCaseStoreContract } from './contract/contract.js';
import { runAccessLogContract } from './contract/access-log.js';
import { runAuditContract } from './contract/audits.js';

interface SqliteMade {
  store: CaseStore;
  cleanup: () => Promise<void>;
  path: string;
}

async function makeSqlite(): Promise<SqliteMade> {
  const dir = mkdtempSync(join(tmpdir(), 'send-store-'));
  const path = join(dir, 'store.db');
  const store = openSqliteStore(path);
  return {
    store,
    path,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

runCaseStoreContract('sqlite (temporary file)', makeSqlite, { processFactory: (made) => ({ SEND_STORE: 'sqlite', SEND_DB_PATH: made.path }) });

// The access record and destruction (issue 16): the raw bytes of the database and its write-ahead log.
runAccessLogContract('sqlite (temporary file)', makeSqlite, {
  traces: async (made) =>
    [made.path, `${made.path}-wal`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString('latin1'))
      .join('\n'),
  copiesOfDestructionEntry: 2,
});

runAuditContract('sqlite (temporary file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'send-store-'));
  const store = openSqliteStore(join(dir, 'store.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
