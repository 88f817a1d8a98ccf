// Bearer tokens of the tab's API. In Teams the tab gets one with authentication.getAuthToken() (SSO):
// an Entra ID access token for the API's app id URI. The server checks its signature against the
// tenant's signing keys (JWKS), its issuer, audience, expiry and the tenant allow-list, then maps it to
// a person of the service (by Entra object id, else by email). In AUTH_MODE=dev (local runs only),
// tokens are signed by a key generated when the server starts (dev.ts).
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** The request carries no usable token (401: sign in again). */
export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/** The signing keys could not be fetched (Microsoft's key set unreachable, or an answer that is not one):
 * the token can be neither accepted nor refused. 503 with Retry-After: try again shortly. */
export class SigningKeysUnavailableError extends Error {
  constructor(readonly detail: string) {
    super('Sign-in cannot be checked just now: the signing keys of Microsoft Entra ID could not be fetched. Try again in a minute.');
    this.name = 'SigningKeysUnavailableError';
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
  /** AUTH_MODE=dev only: the person chosen on the local sign-in page. */
  readonly devPersonId?: string;
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

/** A failure to get the keys, rather than a key that does not verify: network errors, timeouts, an
 * answer that is not a key set. */
function keysUnavailable(e: unknown): string | null {
  if (e instanceof errors.JWKSTimeout) return 'timed out';
  if (e instanceof errors.JOSEError) return /JSON Web Key Set/.test(e.message) ? e.message : null;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
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
  const tolerance = config.clockToleranceSeconds ?? 60;
  /** What can be refused without the signing keys (a token of another tenant, issuer or audience, an
   * expired one): refused so, whether or not the keys can be fetched. The signature is checked after. */
  const precheck = (token: string): void => {
    let claims: JWTPayload;
    try {
      if (decodeProtectedHeader(token).alg !== 'RS256') throw new AuthenticationError('the token is not valid (its algorithm is not RS256)');
      claims = decodeJwt(token);
    } catch (e) {
      if (e instanceof AuthenticationError) throw e;
      throw new AuthenticationError(e instanceof errors.JOSEError ? describe(e) : 'the token is not valid (not a JWT)');
    }
    const tid = typeof claims.tid === 'string' ? claims.tid.toLowerCase() : null;
    if (tid === null || !allowed.has(tid)) throw new AuthenticationError('the token is from a tenant that is not allowed');
    if (typeof claims.iss !== 'string' || !issuers.includes(claims.iss)) throw new AuthenticationError('the token\'s iss claim is not accepted (unexpected "iss" claim value)');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some((a) => typeof a === 'string' && config.audiences.includes(a))) throw new AuthenticationError('the token\'s aud claim is not accepted (unexpected "aud" claim value)');
    const now = Math.floor((config.currentDate ? config.currentDate() : new Date()).getTime() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp + tolerance <= now) throw new AuthenticationError('the token has expired: sign in again');
  };
  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      precheck(token);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: issuers,
          audience: [...config.audiences],
          algorithms: ['RS256'],
          clockTolerance: tolerance,
          requiredClaims: ['exp', 'tid'],
          ...(config.currentDate ? { currentDate: config.currentDate() } : {}),
        }));
      } catch (e) {
        const unavailable = keysUnavailable(e);
        if (unavailable !== null) throw new SigningKeysUnavailableError(unavailable);
        throw new AuthenticationError(describe(e));
      }
      const id = identityOf(payload, token);
      if (id.tenantId === null || !allowed.has(id.tenantId.toLowerCase())) throw new AuthenticationError('the token is from a tenant that is not allowed');
      // A person is their object id (an email is only a claim): a user token without one is refused.
      if (id.oid === null) throw new AuthenticationError('the token names no user (no oid claim: the Entra object id)');
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
