// Opening the configured CaseStore (config.ts): the embedded SQLite store by default, or the
// SharePoint store (Microsoft Graph) with SEND_STORE=sharepoint.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CaseStore } from './port.js';
import { readStoreConfig, StoreConfigError } from './config.js';
import { openSqliteStore } from './sqlite/index.js';

export { readStoreConfig, StoreConfigError, DEFAULT_DB_PATH, type StoreConfig, type StoreKind } from './config.js';
export { openSqliteStore } from './sqlite/index.js';

export interface OpenStoreOptions {
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

/** Open the store the environment names (SEND_STORE, SEND_DB_PATH). */
export async function openStore(env: Record<string, string | undefined> = process.env, options: OpenStoreOptions = {}): Promise<CaseStore> {
  const config = readStoreConfig(env);
  if (config.kind === 'sqlite') {
    if (config.path !== ':memory:') mkdirSync(dirname(resolve(config.path)), { recursive: true });
    return openSqliteStore(config.path, options.serving ? { busyTimeoutMs: 25, lockWaitMs: lockWaitMsOf(env) } : {});
  }
  // Loaded only when asked for, so the embedded default does not load MSAL and the Graph client.
  const { openSharePointStore } = await import('./sharepoint/index.js');
  return openSharePointStore(env);
}
