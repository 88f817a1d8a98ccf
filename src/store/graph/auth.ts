// Tokens for Microsoft Graph from Entra ID with @azure/msal-node: client credentials for the service,
// on-behalf-of for a signed-in user (the tab's SSO token as the assertion). One provider per
// credential (never a static client shared across users' tokens). msal caches tokens itself.
import { ConfidentialClientApplication, type Configuration, type INetworkModule } from '@azure/msal-node';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface MsalCredentialOptions {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  /** A certificate instead of a secret: its thumbprint (SHA-256 preferred) and PEM private key. */
  readonly certificate?: { readonly thumbprintSha256?: string; readonly thumbprint?: string; readonly privateKey: string; readonly x5c?: string };
  /** Default https://login.microsoftonline.com/{tenantId}. */
  readonly authority?: string;
  readonly scopes?: readonly string[];
  /** For offline use (tests): the authority's metadata and cloud discovery as JSON strings, and a
   * network client, so that msal never goes to the internet. */
  readonly authorityMetadata?: string;
  readonly cloudDiscoveryMetadata?: string;
  readonly knownAuthorities?: readonly string[];
  readonly networkClient?: INetworkModule;
}

export class AuthConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthConfigError';
  }
}

export function createMsalApp(options: MsalCredentialOptions): ConfidentialClientApplication {
  if (!options.tenantId) throw new AuthConfigError('the Entra tenant id is missing');
  if (!options.clientId) throw new AuthConfigError('the Entra client (application) id is missing');
  if (!options.clientSecret && !options.certificate) throw new AuthConfigError('a client secret or a certificate is needed');
  const config: Configuration = {
    auth: {
      clientId: options.clientId,
      authority: options.authority ?? `https://login.microsoftonline.com/${options.tenantId}`,
      ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
      ...(options.certificate && !options.clientSecret ? { clientCertificate: { ...options.certificate } } : {}),
      ...(options.authorityMetadata ? { authorityMetadata: options.authorityMetadata } : {}),
      ...(options.cloudDiscoveryMetadata ? { cloudDiscoveryMetadata: options.cloudDiscoveryMetadata } : {}),
      ...(options.knownAuthorities ? { knownAuthorities: [...options.knownAuthorities] } : {}),
    },
    ...(options.networkClient ? { system: { networkClient: options.networkClient } } : {}),
  };
  return new ConfidentialClientApplication(config);
}

/** The service's own token (application permissions, e.g. Sites.Selected). */
export function clientCredentialProvider(app: ConfidentialClientApplication, scopes: readonly string[] = [GRAPH_SCOPE]): AuthenticationProvider {
  return {
    async getAccessToken() {
      const result = await app.acquireTokenByClientCredential({ scopes: [...scopes] });
      if (!result?.accessToken) throw new Error('Entra ID returned no access token for the service');
      return result.accessToken;
    },
  };
}

/** A signed-in user's token, exchanged on-behalf-of from the token the tab or bot received. */
export function onBehalfOfProvider(app: ConfidentialClientApplication, userAssertion: string, scopes: readonly string[] = [GRAPH_SCOPE]): AuthenticationProvider {
  if (!userAssertion) throw new AuthConfigError("on-behalf-of needs the user's token");
  return {
    async getAccessToken() {
      const result = await app.acquireTokenOnBehalfOf({ oboAssertion: userAssertion, scopes: [...scopes] });
      if (!result?.accessToken) throw new Error('Entra ID returned no access token for the user');
      return result.accessToken;
    },
  };
}

/** A fixed token (tests, or a token obtained elsewhere). */
export function staticTokenProvider(token: string): AuthenticationProvider {
  return { getAccessToken: async () => token };
}
