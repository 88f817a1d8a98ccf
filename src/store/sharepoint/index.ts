// The SharePoint store: openSharePointStore(env) for SEND_STORE=sharepoint, createSharePointStore for
// code that has its own Graph connection (tests, the provision command, benches).
//
// Environment:
//   SEND_SP_SITE_ID            the site id (host,siteCollectionId,webId)
//   SEND_SP_TENANT_ID          Entra tenant id
//   SEND_SP_CLIENT_ID          the app registration's client id
//   SEND_SP_CLIENT_SECRET      its secret, or
//   SEND_SP_CERT_THUMBPRINT + SEND_SP_CERT_KEY_FILE   a certificate (thumbprint, PEM private key file)
//   SEND_SP_LIST_PREFIX        list name prefix (default SendOversight_)
//   SEND_GRAPH_BASE_URL        Graph base URL (default https://graph.microsoft.com/)
//   SEND_GRAPH_TOKEN           instead of the app's credentials: a bearer token obtained elsewhere
//                              (e.g. an administrator's token for `provision`, or a test server's)
import { readFileSync } from 'node:fs';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { CaseStore } from '../port.js';
import { createGraphClient, ThrottleGate, type GraphConnection, type RetryPolicy } from '../graph/client.js';
import { AuthConfigError, clientCredentialProvider, createMsalApp, staticTokenProvider } from '../graph/auth.js';
import { findLists, provisionLists } from './provision.js';
import { DEFAULT_LIST_PREFIX } from './schema.js';
import { SharePointCaseStore } from './store.js';

export { SharePointCaseStore, caseStatus } from './store.js';
export { provisionLists, findLists, type ProvisionReport } from './provision.js';
export { LISTS, DEFAULT_LIST_PREFIX } from './schema.js';

export interface SharePointStoreFactoryOptions {
  readonly siteId: string;
  readonly authProvider?: AuthenticationProvider;
  /** An existing connection (then authProvider/baseUrl are not used). */
  readonly conn?: GraphConnection;
  readonly baseUrl?: string;
  readonly listPrefix?: string;
  /** Create or complete the lists first (needs Manage Lists rights). */
  readonly provision?: boolean;
  readonly gate?: ThrottleGate;
  readonly retry?: Partial<RetryPolicy>;
  readonly concurrency?: number;
}

export async function createSharePointStore(options: SharePointStoreFactoryOptions): Promise<SharePointCaseStore> {
  const conn =
    options.conn ??
    createGraphClient({
      baseUrl: options.baseUrl,
      authProvider:
        options.authProvider ??
        (() => {
          throw new AuthConfigError('createSharePointStore needs an authProvider or a conn');
        })(),
      gate: options.gate,
      retry: options.retry,
    });
  const prefix = options.listPrefix ?? DEFAULT_LIST_PREFIX;
  const listIds = options.provision ? (await provisionLists(conn, options.siteId, prefix)).listIds : await findLists(conn, options.siteId, prefix);
  return new SharePointCaseStore({ conn, siteId: options.siteId, listIds, concurrency: options.concurrency });
}

/** The service's Graph connection from the environment (client credentials). */
export function connectionFromEnv(env: Readonly<Record<string, string | undefined>>): GraphConnection {
  const need = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) throw new AuthConfigError(`${name} is not set (needed for SEND_STORE=sharepoint)`);
    return v;
  };
  const baseUrl = env.SEND_GRAPH_BASE_URL?.trim() || undefined;
  const token = env.SEND_GRAPH_TOKEN?.trim();
  if (token) return createGraphClient({ baseUrl, authProvider: staticTokenProvider(token) });
  const thumbprint = env.SEND_SP_CERT_THUMBPRINT?.trim();
  const tenantId = need('SEND_SP_TENANT_ID');
  const clientId = need('SEND_SP_CLIENT_ID');
  const clientSecret = env.SEND_SP_CLIENT_SECRET?.trim() || undefined;
  if (!clientSecret && !thumbprint) {
    throw new AuthConfigError('SEND_SP_CLIENT_SECRET is not set, nor SEND_SP_CERT_THUMBPRINT with SEND_SP_CERT_KEY_FILE (SEND_STORE=sharepoint needs one credential)');
  }
  const keyFile = (): string => {
    const file = need('SEND_SP_CERT_KEY_FILE');
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      throw new AuthConfigError(`SEND_SP_CERT_KEY_FILE: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  };
  const app = createMsalApp({
    tenantId,
    clientId,
    clientSecret,
    certificate: thumbprint && !clientSecret ? { thumbprintSha256: thumbprint, privateKey: keyFile() } : undefined,
  });
  return createGraphClient({ baseUrl, authProvider: clientCredentialProvider(app) });
}

export function siteIdFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  const site = env.SEND_SP_SITE_ID?.trim();
  if (!site) throw new AuthConfigError('SEND_SP_SITE_ID is not set (needed for SEND_STORE=sharepoint)');
  return site;
}

export async function openSharePointStore(env: Readonly<Record<string, string | undefined>>): Promise<CaseStore> {
  return createSharePointStore({ siteId: siteIdFromEnv(env), conn: connectionFromEnv(env), listPrefix: env.SEND_SP_LIST_PREFIX?.trim() || undefined });
}
