// The embedded SQLite store (better-sqlite3): one file, shareable by several processes (WAL).
import type { CaseStore } from '../port.js';
import { SqliteCaseStore, type SqliteStoreOptions } from './store.js';

export { SqliteCaseStore, caseStatus, type SqliteStoreOptions } from './store.js';
export { MIGRATIONS, migrate } from './schema.js';

/** Open (creating and migrating if needed) the SQLite store at `path`; ':memory:' for a throwaway one. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): CaseStore {
  return new SqliteCaseStore(path, options);
}
