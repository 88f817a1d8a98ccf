// Every /api/tab/ request carries a bearer token, validated against the tenant's keys, issuer,
// audience, expiry and tenant allow-list (issue 6, part 2). Anything else is 401.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateDemo, PLAYGROUND_USERS } from '../../src/domain/demo.js';
import { tabApiRoutes } from '../../src/server/tab-api.js';
import { memoryLogger } from '../../src/services/log.js';
import { CLIENT_ID, TENANT, entraToken, getJson, makeKey, openTestStore, startApi, type RunningApi, type TestKeys } from './support.js';

const TODAY = '2026-11-23';
const adele = PLAYGROUND_USERS[2]; // team manager

let api: RunningApi;
let trusted: TestKeys;
let stranger: TestKeys;

beforeAll(async () => {
  trusted = await makeKey('tenant-key-1');
  stranger = await makeKey('tenant-key-1'); // same kid, different key: the signature must fail
  const { store } = await openTestStore(generateDemo({ cases: 60, seed: 3, today: TODAY }));
  api = await startApi(store, { now: `${TODAY}T10:00:00Z`, trusted: [trusted] });
});
afterAll(async () => {
  await api.close();
});

describe('tokens the tab API refuses with 401', () => {
  it('no token', async () => {
    const r = await getJson(api.base, '/api/tab/me');
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(r.body.error).toMatch(/no bearer token/);
  });
  it('not a bearer header', async () => {
    const res = await fetch(`${api.base}/api/tab/me`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
  });
  it.each<[string, () => Promise<string>, RegExp]>([
    ['an expired token', () => entraToken(trusted, { oid: adele.aadObjectId, expiresIn: -3600 }), /expired/],
    ['a token for another audience', () => entraToken(trusted, { oid: adele.aadObjectId, aud: 'api://someone-else/1234' }), /aud/],
    ['a token from another tenant', () => entraToken(trusted, { oid: adele.aadObjectId, tid: '99999999-0000-0000-0000-000000000000' }), /iss|tenant/],
    ['a token with our tenant id but another issuer', () => entraToken(trusted, { oid: adele.aadObjectId, iss: 'https://evil.example.com/' }), /iss/],
    ['a token signed by an unknown key', () => entraToken(stranger, { oid: adele.aadObjectId }), /signature|key/],
    ['garbage', async () => 'abc.def.ghi', /not valid/],
  ])('%s', async (_name, make, reason) => {
    const r = await getJson(api.base, '/api/tab/dashboard', await make());
    expect(r.status).toBe(401);
    expect(r.body.error).toMatch(reason);
  });
});

describe('a valid token', () => {
  it('is mapped to the person by Entra object id', async () => {
    const r = await getJson(api.base, '/api/tab/me', await entraToken(trusted, { oid: adele.aadObjectId }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: 'Adele Vance',
      roles: ['team-manager'],
      views: ['dashboard', 'my-work', 'cases', 'forecast', 'audits'],
      policy: { name: 'dorset', title: 'Dorset SEND Practice Standards' },
    });
  });
  it('is not mapped by the email of a person who has another object id', async () => {
    const r = await getJson(api.base, '/api/tab/me', await entraToken(trusted, { oid: 'ffffffff-0000-0000-0000-000000000000', preferred_username: 'PattiF@example.com' }));
    expect(r.status).toBe(403);
  });
  it('of someone who is not a person of the service gets 403 saying what to do', async () => {
    const r = await getJson(api.base, '/api/tab/me', await entraToken(trusted, { oid: 'ffffffff-0000-0000-0000-000000000000', preferred_username: 'nobody@example.com' }));
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/Ask your administrator to add you/);
  });
  it('for the client id as audience (v1-style) is accepted too', async () => {
    const r = await getJson(api.base, '/api/tab/me', await entraToken(trusted, { oid: adele.aadObjectId, aud: CLIENT_ID, iss: `https://sts.windows.net/${TENANT}/` }));
    expect(r.status).toBe(200);
  });
});

describe('AUTH_MODE=dev', () => {
  it('refuses to start when NODE_ENV=production', async () => {
    const { store } = await openTestStore(generateDemo({ cases: 5, seed: 1, today: TODAY }));
    expect(() => tabApiRoutes({ store, logger: memoryLogger(), clock: () => 0, env: { AUTH_MODE: 'dev', NODE_ENV: 'production' } })).toThrow(/refused in production/);
  });
  it('offers a sign-in page and issues tokens this server accepts, and only this server', async () => {
    const { store } = await openTestStore(generateDemo({ cases: 20, seed: 1, today: TODAY }));
    const dev = await startApi(store, { now: `${TODAY}T10:00:00Z`, env: { AUTH_MODE: 'dev' } });
    const other = await startApi(store, { now: `${TODAY}T10:00:00Z`, env: { AUTH_MODE: 'dev' } });
    try {
      const page = await fetch(`${dev.base}/dev/sign-in`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Isaiah Langer');
      const res = await fetch(`${dev.base}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: 'p4' }) });
      const { token } = (await res.json()) as { token: string };
      const me = await getJson(dev.base, '/api/tab/me', token);
      expect(me.body).toMatchObject({ name: 'Isaiah Langer', views: ['my-work', 'cases', 'forecast', 'chair'] });
      // Another server start has another key: the token means nothing there.
      expect((await getJson(other.base, '/api/tab/me', token)).status).toBe(401);
      // An entra-mode server does not offer the dev sign-in at all.
      expect((await fetch(`${api.base}/api/dev/token`, { method: 'POST' })).status).toBe(404);
    } finally {
      await dev.close();
      await other.close();
    }
  });
});
