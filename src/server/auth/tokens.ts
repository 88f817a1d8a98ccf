// Bearer tokens of the tab's API. In Teams the tab gets one with authentication.getAuthToken() (SSO):
// an Entra ID access token for the API's app id URI. The server checks its signature against the
// tenant's signing keys (JWKS), its issuer, audience, expiry and the tenant allow-list, then maps it to
// a person of the service (by Entra object id, else by email). In AUTH_MODE=dev (local runs only),
// tokens are signed by a key generated when the server starts (dev.ts).
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** The request carries no usable token (401: sign in again). */
export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/** Who a valid token says the caller is. */
export interface Identity {
  /** Entra object id (oid), or null. */
  readonly oid: string | null;
  /** preferred_username / upn / email, or null. */
  readonly email: string | null;
  readonly tenantId: string | null;
  readonly name: string | null;
  /** The raw token, for the on-behalf-of flow. */
  readonly token: string;
}

export interface TokenVerifier {
  verify(authorization: string | undefined): Promise<Identity>;
}

export interface EntraAuthConfig {
  /** The API's (tab's) app registration client id. */
  readonly clientId: string;
  /** Accepted audiences: the app id URI (api://host/{clientId}) and the client id itself. */
  readonly audiences: readonly string[];
  /** Tenants whose users may call the API. */
  readonly allowedTenants: readonly string[];
  /** Signing keys; by default the Microsoft identity platform's JWKS. */
  readonly jwks?: JWTVerifyGetKey;
  /** Clock tolerance in seconds (default 60). */
  readonly clockToleranceSeconds?: number;
  /** For tests: the current time. */
  readonly currentDate?: () => Date;
}

const MICROSOFT_JWKS = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

/** The Authorization header's bearer token, or an AuthenticationError saying what is wrong. */
export function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw new AuthenticationError('no bearer token: sign in to SEND Oversight');
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
  if (!match) throw new AuthenticationError('the Authorization header is not "Bearer <token>"');
  return match[1]!;
}

function describe(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'the token has expired: sign in again';
  if (e instanceof errors.JWTClaimValidationFailed) return `the token's ${e.claim} claim is not accepted (${e.reason})`;
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (e instanceof errors.JWKSNoMatchingKey) return 'the token was signed by a key this server does not know';
  if (e instanceof errors.JOSEError) return `the token is not valid (${e.code})`;
  throw e;
}

function identityOf(payload: JWTPayload, token: string): Identity {
  const str = (k: string) => (typeof payload[k] === 'string' ? payload[k] : null);
  return { oid: str('oid'), email: str('preferred_username') ?? str('upn') ?? str('email'), tenantId: str('tid'), name: str('name'), token };
}

/** Entra ID (SSO) tokens: v2 issuer https://login.microsoftonline.com/{tid}/v2.0 or v1 https://sts.windows.net/{tid}/,
 * tid in the allow-list. */
export function entraVerifier(config: EntraAuthConfig): TokenVerifier {
  if (config.allowedTenants.length === 0) throw new Error('no tenant is allowed: set AAD_ALLOWED_TENANTS (or AAD_APP_TENANT_ID)');
  const jwks = config.jwks ?? createRemoteJWKSet(new URL(MICROSOFT_JWKS));
  const issuers = config.allowedTenants.flatMap((t) => [`https://login.microsoftonline.com/${t}/v2.0`, `https://sts.windows.net/${t}/`]);
  const allowed = new Set(config.allowedTenants.map((t) => t.toLowerCase()));
  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: issuers,
          audience: [...config.audiences],
          algorithms: ['RS256'],
          clockTolerance: config.clockToleranceSeconds ?? 60,
          requiredClaims: ['exp', 'tid'],
          ...(config.currentDate ? { currentDate: config.currentDate() } : {}),
        }));
      } catch (e) {
        throw new AuthenticationError(describe(e));
      }
      const id = identityOf(payload, token);
      if (id.tenantId === null || !allowed.has(id.tenantId.toLowerCase())) throw new AuthenticationError('the token is from a tenant that is not allowed');
      if (id.oid === null && id.email === null) throw new AuthenticationError('the token names no user (no oid or preferred_username)');
      return id;
    },
  };
}

/** Entra configuration from the environment: AAD_APP_CLIENT_ID, AAD_APP_ID_URI (default
 * api://{TAB_DOMAIN}/{client id} when TAB_DOMAIN is set), AAD_ALLOWED_TENANTS (comma separated, default
 * AAD_APP_TENANT_ID). */
export function entraConfigFromEnv(env: Readonly<Record<string, string | undefined>>): EntraAuthConfig {
  const clientId = env.AAD_APP_CLIENT_ID?.trim();
  if (!clientId) throw new Error('AAD_APP_CLIENT_ID is not set: the tab API cannot check Teams SSO tokens (for a local run set AUTH_MODE=dev)');
  const uri = env.AAD_APP_ID_URI?.trim() || (env.TAB_DOMAIN ? `api://${env.TAB_DOMAIN.trim()}/${clientId}` : null);
  const tenants = (env.AAD_ALLOWED_TENANTS ?? env.AAD_APP_TENANT_ID ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  return { clientId, audiences: uri ? [uri, clientId] : [clientId], allowedTenants: tenants };
}
