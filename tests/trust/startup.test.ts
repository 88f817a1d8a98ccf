// Issue 11, findings 8 and 9: a start-up that tells the truth. A port in use is an error that says so
// (and the process exits non-zero); demo data is loaded only when asked, never in production and never
// into SharePoint; a missing or empty database in production is an error naming the file; the bicep
// template sets what production needs.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../src/server/main.js';
import { openStore } from '../../src/store/index.js';
import { close, listen } from './support.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'send-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const local = (extra: Record<string, string>) => ({
  PORT: '0',
  REMINDERS: 'off',
  AGENDAS: 'off',
  LOG_LEVEL: 'error',
  TAB_BUILD: 'off',
  SEND_AGENDA_DIR: path.join(dir, 'agendas'),
  ...extra,
});

/** What production needs apart from the store (bot and tab credentials, tenants). */
const production = (extra: Record<string, string>) =>
  local({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: 'tttttttt-0000-0000-0000-000000000000',
    AAD_ALLOWED_TENANTS: 'tttttttt-0000-0000-0000-000000000000',
    AAD_APP_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    AUTH_MODE: 'entra',
    ...extra,
  });

describe('a port in use (finding 8)', () => {
  it('is an error saying so, and nothing starts', async () => {
    const holder = http.createServer();
    const url = await listen(holder);
    const port = new URL(url).port;
    try {
      await expect(startServer(local({ PORT: port, SEND_DB_PATH: ':memory:' }))).rejects.toThrow(`port ${port} is in use`);
    } finally {
      await close(holder);
    }
  });

  it('makes the process exit non-zero with "port N is in use"', async () => {
    const holder = http.createServer();
    const port = new URL(await listen(holder)).port;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        cwd: process.cwd(),
        env: { ...process.env, ...local({ PORT: port, SEND_DB_PATH: ':memory:' }), NODE_ENV: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(stderr).toContain(`port ${port} is in use`);
      expect(stderr).not.toContain('server listening');
    } finally {
      await close(holder);
    }
  }, 60_000);
});

describe('demo data only when asked (finding 9)', () => {
  it('leaves an empty store empty unless DEMO=on', async () => {
    const db = path.join(dir, 'no-demo.db');
    const running = await startServer(local({ SEND_DB_PATH: db }));
    try {
      expect(await running.deps.store.listPeople()).toHaveLength(0);
    } finally {
      await running.stop();
    }
    const asked = await startServer(local({ SEND_DB_PATH: db, DEMO: 'on', DEMO_CASES: '10' }));
    try {
      expect(await asked.deps.store.queryCases({})).toHaveLength(10);
    } finally {
      await asked.stop();
    }
  });

  it("npm start asks for it (the README's local run); start:prod does not", () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toMatch(/--demo\b/);
    expect(scripts['start:prod']).not.toMatch(/--demo\b/);
  });

  it('refuses DEMO=on in production, and into a SharePoint site', async () => {
    const db = path.join(dir, 'prod-demo.db');
    await (await openStore({ SEND_DB_PATH: db }, { create: true })).close();
    await expect(startServer(production({ SEND_DB_PATH: db, DEMO: 'on' }))).rejects.toThrow(/demo data.*production|production.*demo data/i);
    await expect(startServer(local({ SEND_STORE: 'sharepoint', DEMO: 'on' }))).rejects.toThrow(/demo data.*SharePoint/i);
  });

  it('refuses to start in production on a missing or empty database, naming the file', async () => {
    const missing = path.join(dir, 'gone', 'send-oversight.db');
    await expect(startServer(production({ SEND_DB_PATH: missing }))).rejects.toThrow(missing);
    const empty = path.join(dir, 'empty.db');
    writeFileSync(empty, '');
    await expect(startServer(production({ SEND_DB_PATH: empty }))).rejects.toThrow(empty);
  });
});

describe('infra/azure.bicep sets what production needs (finding 9)', () => {
  const bicep = readFileSync('infra/azure.bicep', 'utf8');
  const setting = (name: string) => new RegExp(`\\{ name: '${name}', value: '([^']*)' \\}`).exec(bicep)?.[1];
  it('no demo, listening on all interfaces inside App Service, production mode, the allowed tenant', () => {
    expect(setting('DEMO')).toBe('off');
    expect(setting('HOST')).toBe('0.0.0.0');
    expect(setting('NODE_ENV')).toBe('production');
    expect(bicep).toMatch(/\{ name: 'AAD_ALLOWED_TENANTS', value: tenantId \}/);
  });
  it('the App Service health check probes /readyz', () => {
    expect(bicep).toMatch(/healthCheckPath: '\/readyz'/);
  });
});
