// On-behalf-of: when the store is SharePoint, Graph is called with a token for the signed-in user,
// obtained from the token the tab sent (MSAL acquireTokenOnBehalfOf). One MSAL client per server, its
// cache partitioned by the user's assertion; a token is never handed to another user's request.
import { ConfidentialClientApplication } from '@azure/msal-node';

export interface OboConfig {
  readonly clientId: string;
  readonly tenantId: string;
  readonly clientSecret: string;
  /** Graph scopes, e.g. ["https://graph.microsoft.com/Sites.Selected"]. */
  readonly scopes: readonly string[];
}

export interface OboClient {
  /** A Graph access token for the user who sent `userToken`. */
  graphTokenFor(userToken: string): Promise<string>;
}

export function oboConfigFromEnv(env: Readonly<Record<string, string | undefined>>): OboConfig | null {
  const clientId = env.AAD_APP_CLIENT_ID?.trim();
  const tenantId = env.AAD_APP_TENANT_ID?.trim();
  const clientSecret = env.AAD_APP_CLIENT_SECRET;
  if (!clientId || !tenantId || !clientSecret) return null;
  const scopes = (env.GRAPH_OBO_SCOPES ?? 'https://graph.microsoft.com/Sites.Selected').split(/[ ,]+/).filter(Boolean);
  return { clientId, tenantId, clientSecret, scopes };
}

export function oboClient(config: OboConfig): OboClient {
  const msal = new ConfidentialClientApplication({
    auth: { clientId: config.clientId, authority: `https://login.microsoftonline.com/${config.tenantId}`, clientSecret: config.clientSecret },
  });
  return {
    async graphTokenFor(userToken) {
      const result = await msal.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: [...config.scopes] });
      if (!result?.accessToken) throw new Error('the on-behalf-of exchange returned no access token');
      return result.accessToken;
    },
  };
}
