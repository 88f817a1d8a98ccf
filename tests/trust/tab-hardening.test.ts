// Issue 11, finding 4: the tab. A case page's `back` link accepts only the tab's own routes; the dev
// sign-in exists only on a loopback address and only when NODE_ENV is unset, development or test (any
// other value is production); every API response carries security headers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { safeBack } from '../../tab/src/routes.js';
import { caseFileSchema } from '../../src/domain/model.js';
import { tabApiRoutes } from '../../src/server/tab-api.js';
import { memoryLogger } from '../../src/services/log.js';
import { startServer } from '../../src/server/main.js';
import { openTestStore } from '../api/support.js';
import { fixture, post, startBotApp, type RunningBotApp } from './support.js';

describe("a case page's back link", () => {
  it.each([
    ['#/dashboard?from=2026-09-01&to=2026-11-23', '#/dashboard?from=2026-09-01&to=2026-11-23'],
    ['#/drill?figure=overdue&team=North', '#/drill?figure=overdue&team=North'],
    ['#/my-work', '#/my-work'],
    ['#/chair?series=cmooe', '#/chair?series=cmooe'],
  ])('keeps the tab route %s', (given, kept) => {
    expect(safeBack(given)).toBe(kept);
  });
  it.each([
    ['javascript:alert(document.domain)'],
    ['https://example.org/phish'],
    ['//example.org/phish'],
    ['/\\example.org'],
    ['#/../../evil'],
    ['#/unknown-page'],
    ['data:text/html,<script>alert(1)</script>'],
    [' javascript:alert(1)'],
    ['#/dashboard\njavascript:alert(1)'],
    [''],
  ])('drops %s', (given) => {
    expect(safeBack(given)).toBeNull();
  });
  it('drops a missing one', () => {
    expect(safeBack(null)).toBeNull();
  });
});

describe('the dev sign-in', () => {
  it.each([['prod'], ['production'], ['Production'], ['staging'], ['live']])('is refused when NODE_ENV=%s (production)', async (nodeEnv) => {
    const { store } = await openTestStore(caseFileSchema.parse(fixture));
    expect(() => tabApiRoutes({ store, logger: memoryLogger(), clock: () => 0, env: { AUTH_MODE: 'dev', NODE_ENV: nodeEnv } })).toThrow(/AUTH_MODE=dev/);
    await store.close();
  });
  it.each([['development'], ['test'], ['']])('is offered when NODE_ENV=%s on loopback', async (nodeEnv) => {
    const { store } = await openTestStore(caseFileSchema.parse(fixture));
    expect(() => tabApiRoutes({ store, logger: memoryLogger(), clock: () => 0, env: { AUTH_MODE: 'dev', NODE_ENV: nodeEnv } })).not.toThrow();
    await store.close();
  });
  it.each([['0.0.0.0'], ['::'], ['192.168.1.20']])('is refused on HOST=%s (not loopback)', async (host) => {
    const { store } = await openTestStore(caseFileSchema.parse(fixture));
    expect(() => tabApiRoutes({ store, logger: memoryLogger(), clock: () => 0, env: { AUTH_MODE: 'dev', HOST: host } })).toThrow(/loopback/);
    await store.close();
    await expect(startServer({ PORT: '0', HOST: host, AUTH_MODE: 'dev', SEND_DB_PATH: ':memory:', TAB_BUILD: 'off', REMINDERS: 'off', AGENDAS: 'off', LOG_LEVEL: 'error' })).rejects.toThrow(
      /loopback/,
    );
  });
  it('NODE_ENV=prod is production: no start without bot credentials', async () => {
    await expect(startServer({ PORT: '0', NODE_ENV: 'prod', SEND_DB_PATH: ':memory:', TAB_BUILD: 'off', REMINDERS: 'off', AGENDAS: 'off', LOG_LEVEL: 'error' })).rejects.toThrow(/production/);
  });
});

describe('security headers on every API response', () => {
  let app: RunningBotApp;
  beforeAll(async () => {
    app = await startBotApp({ AUTH_MODE: 'dev' });
  });
  afterAll(async () => {
    await app.stop();
  });

  const expectHeaders = (headers: Headers, where: string) => {
    expect([where, headers.get('x-content-type-options')]).toEqual([where, 'nosniff']);
    expect([where, headers.get('referrer-policy')]).toEqual([where, 'no-referrer']);
    expect([where, headers.get('cache-control')]).toEqual([where, 'no-store']);
    expect([where, headers.get('content-security-policy')]).toEqual([where, "default-src 'none'; frame-ancestors 'none'"]);
    expect([where, headers.get('x-frame-options')]).toEqual([where, 'DENY']);
    expect([where, headers.get('x-powered-by')]).toEqual([where, null]);
  };

  it('on the tab API (ok, refused, unknown), the dev token, health and the bot endpoint', async () => {
    const token = JSON.parse((await post(`${app.url}/api/dev/token`, { personId: 'p1' })).text) as { token: string };
    const answers: Array<[string, Response]> = [
      ['me', await fetch(`${app.url}/api/tab/me`, { headers: { authorization: `Bearer ${token.token}` } })],
      ['no token', await fetch(`${app.url}/api/tab/me`)],
      ['unknown endpoint', await fetch(`${app.url}/api/tab/nothing-here`, { headers: { authorization: `Bearer ${token.token}` } })],
      ['auth-config', await fetch(`${app.url}/api/tab/auth-config`)],
      ['healthz', await fetch(`${app.url}/healthz`)],
      ['bot, bad body', await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })],
    ];
    const dev = await fetch(`${app.url}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: 'p1' }) });
    answers.push(['dev token', dev]);
    for (const [where, res] of answers) expectHeaders(res.headers, where);
  });
});
