// Which store to open, from the environment (process.env in production, a literal in tests).
//   SEND_STORE    sqlite (default) | sharepoint
//   SEND_DB_PATH  the SQLite file (default ./data/send-oversight.db; ':memory:' for a throwaway store)
// The SharePoint adapter reads its own settings (site, lists, credentials) in src/store/sharepoint.
export type StoreKind = 'sqlite' | 'sharepoint';

export const DEFAULT_DB_PATH = './data/send-oversight.db';

export type StoreConfig = { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'sharepoint' };

export class StoreConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConfigError';
  }
}

export function readStoreConfig(env: Readonly<Record<string, string | undefined>>): StoreConfig {
  const raw = (env.SEND_STORE ?? '').trim();
  const kind = raw === '' ? 'sqlite' : raw.toLowerCase();
  if (kind === 'sqlite') {
    const path = (env.SEND_DB_PATH ?? '').trim();
    return { kind: 'sqlite', path: path === '' ? DEFAULT_DB_PATH : path };
  }
  if (kind === 'sharepoint') return { kind: 'sharepoint' };
  throw new StoreConfigError(`SEND_STORE must be "sqlite" or "sharepoint", got ${JSON.stringify(raw)}`);
}
