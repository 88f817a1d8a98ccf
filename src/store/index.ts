// Opening the configured CaseStore (config.ts): the embedded SQLite store by default, or the
// SharePoint store (Microsoft Graph) with SEND_STORE=sharepoint.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseStore } from './port.js';
import { readStoreConfig, StoreConfigError } from './config.js';
import { openSqliteStore } from './sqlite/index.js';

export { readStoreConfig, StoreConfigError, DEFAULT_DB_PATH, type StoreConfig, type StoreKind } from './config.js';
export { openSqliteStore } from './sqlite/index.js';

interface SharePointModule {
  openSharePointStore(env: Readonly<Record<string, string | undefined>>): CaseStore | Promise<CaseStore>;
}

// A variable specifier, so that the type checker and bundlers do not require the module to exist.
const SHAREPOINT_MODULE = './sharepoint/index.js';

/** Open the store the environment names (SEND_STORE, SEND_DB_PATH). */
export async function openStore(env: Record<string, string | undefined> = process.env): Promise<CaseStore> {
  const config = readStoreConfig(env);
  if (config.kind === 'sqlite') {
    if (config.path !== ':memory:') mkdirSync(dirname(resolve(config.path)), { recursive: true });
    return openSqliteStore(config.path);
  }
  // The SharePoint adapter is written separately; until it is part of the build, say so plainly.
  const here = dirname(fileURLToPath(import.meta.url));
  if (!['index.js', 'index.ts'].some((f) => existsSync(resolve(here, 'sharepoint', f)))) {
    throw new StoreConfigError('SharePoint store not available: src/store/sharepoint/index.ts is not part of this build');
  }
  const mod = (await import(SHAREPOINT_MODULE)) as SharePointModule;
  if (typeof mod.openSharePointStore !== 'function') {
    throw new StoreConfigError('SharePoint store not available: src/store/sharepoint/index.ts does not export openSharePointStore');
  }
  return mod.openSharePointStore(env);
}
