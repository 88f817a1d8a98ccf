// The msal-node auth provider, offline: msal is given the authority's metadata and cloud discovery
// (so it never looks them up on the internet) and a network client that sends its token requests to
// the Graph test server's token endpoint. The tokens it gets are then accepted by the Graph server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INetworkModule } from '@azure/msal-node';
import { startGraphServer, type GraphTestServer } from '../support/graph-server/server.js';
import { AuthConfigError, clientCredentialProvider, createMsalApp, onBehalfOfProvider } from '../../src/store/graph/auth.js';
import { createGraphClient } from '../../src/store/graph/client.js';

let server: GraphTestServer;
const tokenRequests: string[] = [];

beforeAll(async () => {
  server = await startGraphServer();
});
afterAll(async () => {
  await server.close();
});

function offline() {
  const tenant = server.tenantId;
  const local = `${server.baseUrl}${tenant}`;
  const networkClient: INetworkModule = {
    async sendGetRequestAsync(url) {
      throw new Error(`msal tried to GET ${url}: it should need nothing from the network but the token endpoint`);
    },
    async sendPostRequestAsync<T>(url: string, options?: { headers?: Record<string, string>; body?: string }) {
      tokenRequests.push(new URLSearchParams(options?.body ?? '').get('grant_type') ?? '');
      const res = await fetch(url, { method: 'POST', headers: options?.headers, body: options?.body });
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      return { status: res.status, headers, body: (await res.json()) as T };
    },
  };
  return createMsalApp({
    tenantId: tenant,
    clientId: '44444444-4444-4444-4444-444444444444',
    clientSecret: 'test-secret',
    authority: `https://login.microsoftonline.com/${tenant}`,
    knownAuthorities: ['login.microsoftonline.com'],
    authorityMetadata: JSON.stringify({
      token_endpoint: `${local}/oauth2/v2.0/token`,
      authorization_endpoint: `${local}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${local}/oauth2/v2.0/logout`,
      issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
      jwks_uri: `${local}/discovery/v2.0/keys`,
    }),
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `https://login.microsoftonline.com/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net'] }],
    }),
    networkClient,
  });
}

function fakeUserToken(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ oid: 'user-oid', tid: server.tenantId, aud: 'api://send-oversight', exp: 4102444800 })}.sig`;
}

describe('msal-node auth provider (offline, against the test server token endpoint)', () => {
  it('client credentials: the service gets a token that Graph accepts, and msal caches it', async () => {
    const app = offline();
    const provider = clientCredentialProvider(app);
    const conn = createGraphClient({ baseUrl: server.baseUrl, authProvider: provider });
    const lists = (await conn.client.api(`/sites/${server.siteId}/lists`).get()) as { value: unknown[] };
    expect(lists.value).toEqual([]);
    await conn.client.api(`/sites/${server.siteId}/lists`).get();
    expect(tokenRequests.filter((g) => g === 'client_credentials').length).toBe(1);
  });

  it("on-behalf-of: a user's token is exchanged for a Graph token", async () => {
    const provider = onBehalfOfProvider(offline(), fakeUserToken());
    const token = await provider.getAccessToken();
    expect(token).toMatch(/^issued-obo-/);
    const conn = createGraphClient({ baseUrl: server.baseUrl, authProvider: provider });
    await expect(conn.client.api(`/sites/${server.siteId}/lists`).get()).resolves.toMatchObject({ value: [] });
  });

  it('refuses a configuration without a secret or certificate, naming what is missing', () => {
    expect(() => createMsalApp({ tenantId: 't', clientId: 'c' })).toThrow(AuthConfigError);
    expect(() => createMsalApp({ tenantId: 't', clientId: 'c' })).toThrow(/secret or a certificate/);
    expect(() => createMsalApp({ tenantId: '', clientId: 'c', clientSecret: 's' })).toThrow(/tenant/);
  });
});
