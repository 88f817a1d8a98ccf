// The server serves the built tab with headers suited to a Teams tab: a Content-Security-Policy whose
// frame-ancestors allow only Teams and Microsoft 365 hosts, scripts from the server only.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateDemo } from '../../src/domain/demo.js';
import { ensureTabBuilt } from '../../src/server/tab-api.js';
import { getJson, openTestStore, startApi, type RunningApi } from './support.js';

let api: RunningApi;
beforeAll(async () => {
  await ensureTabBuilt();
  const { store } = await openTestStore(generateDemo({ cases: 10, seed: 1, today: '2026-11-23' }));
  api = await startApi(store, { now: '2026-11-23T10:00:00Z' });
}, 300_000);
afterAll(async () => {
  await api?.close();
});

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('the built tab', () => {
  it('is served at /tab/ with a CSP that lets only Teams and Microsoft 365 frame it', async () => {
    const res = await fetch(`${api.base}/tab/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('<div id="root">');
    const csp = directives(res.headers.get('content-security-policy')!);
    const ancestors = csp.get('frame-ancestors')!;
    expect(ancestors).toEqual(expect.arrayContaining(["'self'", 'https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://*.office.com', 'https://*.cloud.microsoft']));
    for (const host of ancestors.filter((a) => a !== "'self'")) {
      expect(host).toMatch(
        /^https:\/\/(\*\.)?(teams\.microsoft\.com|teams\.microsoft\.us|dod\.teams\.microsoft\.us|local\.teams\.office\.com|office\.com|office365\.com|microsoft365\.com|cloud\.microsoft|outlook\.office\.com|outlook\.office365\.com|skype\.com)$/,
      );
    }
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBeNull(); // it would stop Teams framing the tab
  });
  it('serves its script with the same headers, and client pages fall back to the app', async () => {
    const html = await (await fetch(`${api.base}/tab/`)).text();
    const script = /src="(\/tab\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(api.base + script);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('content-security-policy')).toContain('frame-ancestors');
    const config = await fetch(`${api.base}/tab/config`);
    expect(config.status).toBe(200);
    expect(await config.text()).toContain('<div id="root">');
  });
  it('/tab redirects to /tab/ keeping the query', async () => {
    const res = await fetch(`${api.base}/tab?view=chair`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/tab/?view=chair');
  });
  it('an unknown API path is a JSON 404, and the API is never cached', async () => {
    const r = await getJson(api.base, '/api/tab/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error).toMatch(/no such tab API endpoint/);
    expect((await getJson(api.base, '/api/tab/me')).headers.get('cache-control')).toBe('no-store');
  });
});
