// Server configuration from the environment (process.env in production, a literal in tests).
// Bot Framework credentials use the names ConfigurationBotFrameworkAuthentication reads:
// MicrosoftAppId, MicrosoftAppPassword (or CertificateThumbprint + CertificatePrivateKey),
// MicrosoftAppType (MultiTenant | SingleTenant | UserAssignedMSI), MicrosoftAppTenantId.
import { TAB_ROUTES, tabLink, tabLinkConfig, TabLinkConfigError } from '../services/deep-links.js';
import { isProduction } from '../services/environment.js';

export interface ServerConfig {
  readonly port: number;
  /** Host to listen on; default 127.0.0.1 for local runs unless HOST says otherwise. */
  readonly host: string;
  /** True when a Bot Framework app id is configured: every /api/messages request needs a valid token. */
  readonly authenticated: boolean;
  readonly appId: string;
  /** Reminders schedule on unless REMINDERS=off. */
  readonly reminders: boolean;
  /** Where the tab is reached (links on cards that summarise long lists). */
  readonly tabUrl: string;
  /** Load demo data into an empty store: only when asked (DEMO=on, or `npm start`, which passes --demo). */
  readonly demoWhenEmpty: boolean;
  /** NODE_ENV set to anything but development or test. */
  readonly production: boolean;
  /** Entra tenants whose Teams users the bot serves (AAD_ALLOWED_TENANTS, else AAD_APP_TENANT_ID, else
   * MicrosoftAppTenantId). Empty only for a local run without bot credentials: then any tenant. */
  readonly allowedTenants: readonly string[];
  /** Why links to the tab cannot be made (production without TAB_ENDPOINT), else null; the server
   * refuses to start with it (after the checks of the bot's credentials). */
  readonly tabLinkProblem: string | null;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export { isProduction };

/** Is this host name or address this machine only (127.0.0.0/8, ::1, localhost)? */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The allowed tenants (comma-separated AAD_ALLOWED_TENANTS, else AAD_APP_TENANT_ID, else MicrosoftAppTenantId), lower case. */
export function allowedTenantsOf(env: Readonly<Record<string, string | undefined>>): string[] {
  const raw = [env.AAD_ALLOWED_TENANTS, env.AAD_APP_TENANT_ID, env.MicrosoftAppTenantId].find((v) => v !== undefined && v.trim() !== '') ?? '';
  return raw
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
}

function onOff(env: Readonly<Record<string, string | undefined>>, name: string, fallback: 'on' | 'off'): boolean {
  const value = (env[name] ?? fallback).trim().toLowerCase();
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new ConfigError(`${name} must be on or off, got ${JSON.stringify(env[name])}`);
}

export function readConfig(env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const portText = env.PORT ?? '3978';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new ConfigError(`PORT must be a port number (0-65535), got ${JSON.stringify(portText)}`);
  const appId = (env.MicrosoftAppId ?? '').trim();
  const appType = env.MicrosoftAppType?.trim();
  if (appType && !['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType)) {
    throw new ConfigError(`MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI, got ${JSON.stringify(appType)}`);
  }
  if (appId && appType === 'SingleTenant' && !env.MicrosoftAppTenantId) {
    throw new ConfigError('MicrosoftAppType is SingleTenant but MicrosoftAppTenantId is not set');
  }
  if (appId && appType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword && !env.CertificateThumbprint) {
    throw new ConfigError('MicrosoftAppId is set but neither MicrosoftAppPassword nor CertificateThumbprint/CertificatePrivateKey is');
  }
  const allowedTenants = allowedTenantsOf(env);
  if (appId && allowedTenants.length === 0) {
    throw new ConfigError("MicrosoftAppId is set but no tenant is allowed: set AAD_ALLOWED_TENANTS to the council's Entra tenant id (Teams users of any other tenant are not served)");
  }
  let tabUrl = '';
  let tabLinkProblem: string | null = null;
  try {
    tabUrl = tabLink(tabLinkConfig(env), TAB_ROUTES.myWork());
  } catch (e) {
    if (!(e instanceof TabLinkConfigError)) throw e;
    tabLinkProblem = e.message;
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    authenticated: appId.length > 0,
    appId,
    reminders: (env.REMINDERS ?? 'on').toLowerCase() !== 'off',
    tabUrl,
    demoWhenEmpty: onOff(env, 'DEMO', 'off'),
    production: isProduction(env),
    allowedTenants,
    tabLinkProblem,
  };
}
