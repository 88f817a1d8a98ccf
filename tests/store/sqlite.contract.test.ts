// The CaseStore contract on the SQLite adapter, each test on a fresh temporary database file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { CaseStore } from '../../src/store/port.js';
import { runCaseStoreContract } from './contract/contract.js';
import { runAuditContract } from './contract/audits.js';

interface SqliteMade {
  store: CaseStore;
  cleanup: () => Promise<void>;
  path: string;
}

runCaseStoreContract(
  'sqlite (temporary file)',
  async (): Promise<SqliteMade> => {
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
  },
  { processFactory: (made) => ({ SEND_STORE: 'sqlite', SEND_DB_PATH: made.path }) },
);

runAuditContract('sqlite (temporary file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'send-store-'));
  const store = openSqliteStore(join(dir, 'store.db'));
  return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
});
