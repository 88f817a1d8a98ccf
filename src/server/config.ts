// Server configuration from the environment (process.env in production, a literal in tests).
// Bot Framework credentials use the names ConfigurationBotFrameworkAuthentication reads:
// MicrosoftAppId, MicrosoftAppPassword (or CertificateThumbprint + CertificatePrivateKey),
// MicrosoftAppType (MultiTenant | SingleTenant | UserAssignedMSI), MicrosoftAppTenantId.
import { TAB_ROUTES, tabLink, tabLinkConfig, TabLinkConfigError } from '../services/deep-links.js';

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
  /** Load demo data into an empty store (npm start locally); DEMO=off turns it off. */
  readonly demoWhenEmpty: boolean;
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
    demoWhenEmpty: (env.DEMO ?? 'on').toLowerCase() !== 'off',
    tabLinkProblem,
  };
}
