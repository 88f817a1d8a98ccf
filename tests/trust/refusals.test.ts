// Issue 11, findings 6 and 7: errors that should be refusals. When Microsoft's signing keys cannot be
// fetched the tab API answers 503 with Retry-After (never 500, never a stack), and a token it can
// refuse without the keys (another tenant, expired, another audience) is still 401. Malformed %
// escapes are 400, a body over the limit 413, and an activity that is not one is 400 before any
// turn runs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import net from 'node:net';
import express from 'express';
import { createRemoteJWKSet } from 'jose';
import { caseFileSchema } from '../../src/domain/model.js';
import { tabApiRoutes } from '../../src/server/tab-api.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { memoryLogger } from '../../src/services/log.js';
import { AAD } from '../bot/support.js';
import { APP_ID_URI, CLIENT_ID, entraToken, makeKey, openTestStore, TENANT } from '../api/support.js';
import { close, fakeConnector, fixture, listen, post, startBotApp, teamsMessage, type FakeConnector, type RunningBotApp } from './support.js';

async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe('the tab API when the signing keys cannot be fetched (finding 6)', () => {
  let base: string;
  let server: http.Server;
  let logger: ReturnType<typeof memoryLogger>;
  beforeAll(async () => {
    const { store } = await openTestStore(caseFileSchema.parse(fixture));
    logger = memoryLogger();
    const deps: ServerDeps = { store, logger, clock: () => Date.now(), env: {} };
    const app = express();
    const jwks = createRemoteJWKSet(new URL(`http://127.0.0.1:${await closedPort()}/discovery/v2.0/keys`));
    app.use(tabApiRoutes(deps, { entra: { clientId: CLIENT_ID, audiences: [APP_ID_URI, CLIENT_ID], allowedTenants: [TENANT], jwks } }));
    server = http.createServer(app);
    base = await listen(server);
  });
  afterAll(async () => {
    await close(server);
  });

  it('answers a well-formed token it cannot check with 503 and Retry-After, logged as such, without a stack', async () => {
    const forged = await entraToken(await makeKey('any-kid'), { oid: AAD.alex });
    const res = await fetch(`${base}/api/tab/me`, { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/signing keys/);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(logger.lines.join('\n')).toMatch(/signing keys could not be fetched/);
    expect(logger.lines.join('\n')).not.toContain(forged.slice(-20));
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    ['another tenant', async () => entraToken(await makeKey('k'), { oid: AAD.alex, tid: '99999999-0000-0000-0000-000000000000' }), /tenant/],
    ['expired', async () => entraToken(await makeKey('k'), { oid: AAD.alex, expiresIn: -3600 }), /expired/],
    ['another audience', async () => entraToken(await makeKey('k'), { oid: AAD.alex, aud: 'api://someone-else' }), /aud/],
    ['not a JWT', async () => 'abc.def.ghi', /not valid/],
  ])('still refuses a token of %s with 401 (no keys needed)', async (_what, make, reason) => {
    const res = await fetch(`${base}/api/tab/me`, { headers: { authorization: `Bearer ${await make()}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toMatch(reason);
  });
});

describe('the real server with Entra sign-in and no way to reach Microsoft (finding 6)', () => {
  it('answers 503, not 500, for a forged token', async () => {
    const app = await startBotApp({ AUTH_MODE: 'entra', AAD_APP_CLIENT_ID: CLIENT_ID, AAD_ALLOWED_TENANTS: TENANT, AAD_APP_ID_URI: APP_ID_URI });
    try {
      const forged = await entraToken(await makeKey('any-kid'), { oid: AAD.alex });
      const res = await fetch(`${app.url}/api/tab/me`, { headers: { authorization: `Bearer ${forged}` } });
      expect([401, 503]).toContain(res.status);
      expect(res.status).not.toBe(500);
    } finally {
      await app.stop();
    }
  }, 30_000);
});

describe('requests that are not what they claim (finding 7)', () => {
  let app: RunningBotApp;
  let connector: FakeConnector;
  let token: string;
  beforeAll(async () => {
    app = await startBotApp({ AUTH_MODE: 'dev' });
    connector = await fakeConnector();
    token = (JSON.parse((await post(`${app.url}/api/dev/token`, { personId: 'p1' })).text) as { token: string }).token;
  });
  afterAll(async () => {
    await app.stop();
    await connector.stop();
  });

  it.each([['/api/tab/cases/%'], ['/api/tab/cases/%E0%A4%A'], ['/api/tab/cases/C-%ZZ'], ['/api/tab/chair/selections/cmooe/2026-12-10/%']])(
    'answers a malformed %% escape in %s with 400',
    async (path) => {
      const method = path.includes('selections') ? 'DELETE' : 'GET';
      const res = await fetch(`${app.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/%|escape|address/);
    },
  );

  it('answers a body over the limit with 413', async () => {
    const big = JSON.stringify({ caseId: 'C-1001', seriesId: 'cmooe', meetingOn: '2026-12-10', padding: 'x'.repeat(5000) });
    const res = await fetch(`${app.url}/api/tab/chair/selections`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/too large/);
    const dev = await post(`${app.url}/api/dev/token`, big);
    expect(dev.status).toBe(413);
    const bot = await post(`${app.url}/api/messages`, { ...teamsMessage(connector.url, 'x'.repeat(2_000_000), { user: { aadObjectId: AAD.alex } }) });
    expect(bot.status).toBe(413);
  });

  const good = () => teamsMessage(connector.url, 'help', { user: { id: '29:alex', aadObjectId: AAD.alex } });
  const without = (key: string) => {
    const a = good();
    delete a[key];
    return a;
  };
  it.each<[string, () => unknown, RegExp]>([
    ['an empty body', () => '', /body/],
    ['an empty object', () => ({}), /type/],
    ['a number as type', () => ({ ...good(), type: 42 }), /type/],
    ['an unknown type', () => ({ ...good(), type: 'hack' }), /type/],
    ['no conversation', () => without('conversation'), /conversation/],
    ['a conversation without id', () => ({ ...good(), conversation: { conversationType: 'personal' } }), /conversation/],
    ['no from', () => without('from'), /from/],
    ['from without id', () => ({ ...good(), from: { name: 'x' } }), /from/],
    ['text as an object', () => ({ ...good(), text: { evil: true } }), /text/],
    ['no channelId', () => without('channelId'), /channelId/],
    ['an array', () => [good()], /object/],
    ['null', () => 'null', /object|JSON/],
  ])('refuses an activity with %s: 400 before any turn runs', async (_what, body, reason) => {
    const before = connector.requests.length;
    const res = await post(`${app.url}/api/messages`, body());
    expect(res.status).toBe(400);
    expect((JSON.parse(res.text) as { error: string }).error).toMatch(reason);
    expect(connector.requests.length).toBe(before);
    expect(await app.store.listConversations()).toHaveLength(0);
  });

  it('still answers a good activity', async () => {
    const res = await post(`${app.url}/api/messages`, good());
    expect(res.status).toBe(200);
  });
});
