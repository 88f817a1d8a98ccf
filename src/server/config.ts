// Server configuration from the environment (process.env in production, a literal in tests).
// Bot Framework credentials use the names ConfigurationBotFrameworkAuthentication reads:
// MicrosoftAppId, MicrosoftAppPassword (or CertificateThumbprint + CertificatePrivateKey),
// MicrosoftAppType (MultiTenant | SingleTenant | UserAssignedMSI), MicrosoftAppTenantId.
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
  const teamsAppId = env.TEAMS_APP_ID?.trim();
  const tabUrl = teamsAppId
    ? `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/my-work`
    : `${(env.TAB_ENDPOINT ?? `http://localhost:${port}`).replace(/\/$/, '')}/tab/?view=my-work`;
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    authenticated: appId.length > 0,
    appId,
    reminders: (env.REMINDERS ?? 'on').toLowerCase() !== 'off',
    tabUrl,
    demoWhenEmpty: (env.DEMO ?? 'on').toLowerCase() !== 'off',
  };
}
