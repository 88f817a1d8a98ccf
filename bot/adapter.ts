// The Bot Framework adapter: CloudAdapter with ConfigurationBotFrameworkAuthentication from the
// environment (MicrosoftAppId, MicrosoftAppPassword or certificate, MicrosoftAppType,
// MicrosoftAppTenantId). With an app id configured every incoming activity needs a valid Bot
// Framework token (401 otherwise); with none, only local tools (Agents Playground) can talk to it.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, StatusCodes, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationError, ConnectorFactory, type AuthenticateRequestResult, type ClaimsIdentity, type ConnectorClient } from 'botframework-connector';
import type { Logger } from '../src/services/log.js';
import { StoreBusyError } from '../src/store/port.js';
import { safeError } from './errors.js';

/** How long one call to the channel (a reply, a proactive message, a member lookup) may take in all,
 * botbuilder's own retries included: a channel that does not answer must not hold a turn, or a local
 * run's request, for the 11-12 s of botbuilder's retries or longer. Teams answers in well under a second. */
export const CHANNEL_TIMEOUT_MS = 5_000;

/** The part of a ConnectorClient's HTTP pipeline (@azure/core-rest-pipeline) this file touches. */
interface PipelineLike {
  addPolicy(policy: {
    name: string;
    sendRequest(request: { abortSignal?: unknown; timeout: number }, next: (request: { abortSignal?: unknown; timeout: number }) => Promise<unknown>): Promise<unknown>;
  }): void;
}

/** Give every call of this ConnectorClient a deadline of `ms` in all: a policy ahead of the pipeline's
 * retry policy, so the deadline covers each try and the waits between them. (botbuilder's
 * ConnectorFactoryImpl replaces any requestPolicyFactories given in its options, hence the pipeline.) */
export function withDeadline(client: ConnectorClient, ms: number): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
  if (!pipeline || typeof pipeline.addPolicy !== 'function') throw new Error("botbuilder's ConnectorClient has no HTTP pipeline to add the channel deadline to (an SDK change?)");
  pipeline.addPolicy({
    name: 'sendOversightChannelDeadline',
    sendRequest(request, next) {
      const deadline = AbortSignal.timeout(ms);
      const given = request.abortSignal as AbortSignal | undefined;
      request.abortSignal = given ? AbortSignal.any([given, deadline]) : deadline;
      request.timeout = ms;
      return next(request);
    },
  });
  return client;
}

/** Connector clients with the channel deadline. */
class DeadlineConnectorFactory extends ConnectorFactory {
  constructor(private readonly inner: ConnectorFactory) {
    super();
  }

  override async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return withDeadline(await this.inner.create(serviceUrl, audience), CHANNEL_TIMEOUT_MS);
  }
}

/** A failure to reach the channel itself (Bot Framework connector): telling the user through it again would fail too. */
function isChannelFailure(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  return name === 'RestError' || name === 'AbortError' || name === 'TimeoutError';
}

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
 * answer 500 there, and an unverifiable token is not a valid one. Its connector clients give up on the
 * channel after CHANNEL_TIMEOUT_MS. */
class RefusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: Record<string, string>,
    credentials: ConfigurationServiceClientCredentialFactory,
    private readonly refusals: Logger,
  ) {
    super(settings, credentials);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new DeadlineConnectorFactory(super.createConnectorFactory(claimsIdentity));
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      const result = await super.authenticateRequest(activity, authHeader);
      // The turn's replies go through this factory's clients: give them the deadline too.
      return result.connectorFactory ? { ...result, connectorFactory: new DeadlineConnectorFactory(result.connectorFactory) } : result;
    } catch (e) {
      if (e instanceof AuthenticationError) {
        this.refusals.warn('bot request refused: its token is not valid', { error: safeError(e) });
        throw refusal(e.message);
      }
      this.refusals.warn('bot request refused: its token could not be checked (the Bot Framework keys could not be fetched)', { error: safeError(e) });
      throw refusal('the token could not be checked');
    }
  }
}

/** A 401 for botbuilder to answer. CloudAdapter prints whatever it catches to the console: without a
 * stack, that is one line rather than a trace for every refused request (ours is logged above). */
function refusal(message: string): AuthenticationError {
  const e = new AuthenticationError(message, StatusCodes.UNAUTHORIZED);
  e.stack = `${e.name}: ${e.message}`;
  return e;
}

export function createAdapter(env: Readonly<Record<string, string | undefined>>, logger: Logger): CloudAdapter {
  const settings = authSettings(env);
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const adapter = new CloudAdapter(new RefusingAuthentication(settings, credentials, logger));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const busy = error instanceof StoreBusyError;
    const fields = { error: safeError(error), activityType: context.activity?.type ?? null, conversationType: context.activity?.conversation?.conversationType ?? null };
    if (busy) logger.warn('bot turn refused: the database is busy (another process holds its lock)', fields);
    else if (isChannelFailure(error)) logger.error('bot turn failed: the channel could not be reached (no apology sent through it)', fields);
    else logger.error('bot turn failed', fields);
    if (context.activity?.type === 'message' && !isChannelFailure(error)) {
      try {
        await context.sendActivity(
          busy
            ? 'The case records are busy just now (an update is being loaded), so nothing was saved. Please try again in a minute.'
            : 'Sorry, something went wrong on my side and nothing was saved. Please try again; if it keeps happening, tell your SEND business support team.',
        );
      } catch (e) {
        logger.error('could not tell the user about the failure', { error: safeError(e) });
      }
    }
  };
  return adapter;
}
