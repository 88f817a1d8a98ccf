// Opening the configured CaseStore (config.ts): the embedded SQLite store by default, or the
// SharePoint store (Microsoft Graph) with SEND_STORE=sharepoint.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CaseStore } from './port.js';
import { DEFAULT_DB_PATH, readStoreConfig, StoreConfigError } from './config.js';
import { openSqliteStore } from './sqlite/index.js';

export { readStoreConfig, StoreConfigError, DEFAULT_DB_PATH, type StoreConfig, type StoreKind } from './config.js';
export { openSqliteStore } from './sqlite/index.js';

export interface OpenStoreOptions {
  /** May a SQLite file that does not exist yet be created (npm start, import)? Its folder must
   * exist, except for the default ./data, which is made. Otherwise a missing file is an error. */
  readonly create?: boolean;
  /** The folder a relative SEND_DB_PATH is resolved against (default: the process's). */
  readonly cwd?: string;
  /** For a server answering requests: a SQLite lock held by another process (an import) is waited for
   * between short tries with the event loop free, up to SEND_DB_LOCK_WAIT_MS (default 5,000 ms), rather
   * than inside SQLite for up to 10 s with every request frozen; the CLI keeps the long wait. */
  readonly serving?: boolean;
}

/** How long a serving SQLite store waits for a lock, in all (SEND_DB_LOCK_WAIT_MS). */
export function lockWaitMsOf(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.SEND_DB_LOCK_WAIT_MS?.trim() || '5000';
  const ms = Number(raw);
  if (!/^\d+$/.test(raw) || ms > 600_000) throw new StoreConfigError(`SEND_DB_LOCK_WAIT_MS must be a number of milliseconds (0-600000), got ${JSON.stringify(raw)}`);
  return ms;
}

/** Open the store the environment names (SEND_STORE, SEND_DB_PATH). A mistyped SEND_DB_PATH is a
 * StoreConfigError naming it, never a new empty database that would look like an empty service. */
export async function openStore(env: Record<string, string | undefined> = process.env, options: OpenStoreOptions = {}): Promise<CaseStore> {
  const config = readStoreConfig(env);
  if (config.kind === 'sqlite') {
    const locks = options.serving ? { busyTimeoutMs: 25, lockWaitMs: lockWaitMsOf(env) } : {};
    if (config.path === ':memory:') return openSqliteStore(config.path, locks);
    const file = resolve(options.cwd ?? process.cwd(), config.path);
    checkSqliteFile(file, options.create === true, config.path === DEFAULT_DB_PATH);
    return openSqliteStore(file, locks);
  }
  // Loaded only when asked for, so the embedded default does not load MSAL and the Graph client.
  const { openSharePointStore } = await import('./sharepoint/index.js');
  return openSharePointStore(env);
}

function checkSqliteFile(file: string, create: boolean, isDefault: boolean): void {
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) throw new StoreConfigError(`SEND_DB_PATH names a folder, not a database file: ${file}`);
    return;
  }
  if (!create) {
    throw new StoreConfigError(`SEND_DB_PATH: there is no database at ${file} (check the path; \`npm start\` or \`send-oversight import\` creates a new one)`);
  }
  const folder = dirname(file);
  if (existsSync(folder)) return;
  if (!isDefault) throw new StoreConfigError(`SEND_DB_PATH: the folder ${folder} does not exist (check the path, or create the folder first)`);
  mkdirSync(folder, { recursive: true });
}
