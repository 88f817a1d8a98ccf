// The Bot Framework adapter: CloudAdapter with ConfigurationBotFrameworkAuthentication from the
// environment (MicrosoftAppId, MicrosoftAppPassword or certificate, MicrosoftAppType,
// MicrosoftAppTenantId). With an app id configured every incoming activity needs a valid Bot
// Framework token (401 otherwise); with none, only local tools (Agents Playground) can talk to it.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, StatusCodes, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Logger } from '../src/services/log.js';
import { safeError } from './errors.js';

const AUTH_KEYS = [
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'CertificateThumbprint',
  'CertificatePrivateKey',
  'ChannelService',
  'OAuthUrl',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'BotOpenIdMetadata',
  'ValidateAuthority',
] as const;

/** The authentication settings present in the environment (only the names botbuilder reads). */
export function authSettings(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of AUTH_KEYS) {
    const v = env[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

/** Bot Framework authentication that refuses (401) a request whose token it could not check at all,
 * e.g. when the Bot Framework's OpenID metadata or signing keys cannot be fetched: botbuilder would
 * answer 500 there, and an unverifiable token is not a valid one. */
class RefusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: Record<string, string>,
    credentials: ConfigurationServiceClientCredentialFactory,
    private readonly refusals: Logger,
  ) {
    super(settings, credentials);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (e) {
      if (e instanceof AuthenticationError) throw e;
      this.refusals.warn('bot request refused: its token could not be checked', { error: safeError(e) });
      throw new AuthenticationError('the token could not be checked', StatusCodes.UNAUTHORIZED);
    }
  }
}

export function createAdapter(env: Readonly<Record<string, string | undefined>>, logger: Logger): CloudAdapter {
  const settings = authSettings(env);
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const adapter = new CloudAdapter(new RefusingAuthentication(settings, credentials, logger));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error('bot turn failed', {
      error: safeError(error),
      activityType: context.activity?.type ?? null,
      conversationType: context.activity?.conversation?.conversationType ?? null,
    });
    if (context.activity?.type === 'message') {
      try {
        await context.sendActivity('Sorry, something went wrong on my side and nothing was saved. Please try again; if it keeps happening, tell your SEND business support team.');
      } catch (e) {
        logger.error('could not tell the user about the failure', { error: safeError(e) });
      }
    }
  };
  return adapter;
}
