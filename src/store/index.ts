// Opening the configured CaseStore (config.ts): the embedded SQLite store by default, or the
// SharePoint store (Microsoft Graph) with SEND_STORE=sharepoint.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CaseStore } from './port.js';
import { readStoreConfig } from './config.js';
import { openSqliteStore } from './sqlite/index.js';

export { readStoreConfig, StoreConfigError, DEFAULT_DB_PATH, type StoreConfig, type StoreKind } from './config.js';
export { openSqliteStore } from './sqlite/index.js';

/** Open the store the environment names (SEND_STORE, SEND_DB_PATH). */
export async function openStore(env: Record<string, string | undefined> = process.env): Promise<CaseStore> {
  const config = readStoreConfig(env);
  if (config.kind === 'sqlite') {
    if (config.path !== ':memory:') mkdirSync(dirname(resolve(config.path)), { recursive: true });
    return openSqliteStore(config.path);
  }
  // Loaded only when asked for, so the embedded default does not load MSAL and the Graph client.
  const { openSharePointStore } = await import('./sharepoint/index.js');
  return openSharePointStore(env);
}
