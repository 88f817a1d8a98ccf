// Issue 11, finding 13: health that is honest. /healthz and /readyz check the store (SQLite: a quick
// read of every table on each call, and PRAGMA quick_check at start-up and periodically; SharePoint:
// every list reachable) and answer 503 with the reason when it is damaged or unreachable.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { generateDemo } from '../../src/domain/demo.js';
import { startServer, type Running } from '../../src/server/main.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { createSharePointStore } from '../../src/store/sharepoint/index.js';
import { staticTokenProvider } from '../../src/store/graph/auth.js';
import { startGraphServer, type GraphTestServer } from '../support/graph-server/server.js';
import { contractFixture } from '../store/contract/fixture.js';
import { startBotApp } from './support.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'send-health-'));
const healthy = path.join(dir, 'healthy.db');
const PAGE = 4096;

beforeAll(async () => {
  const store = openSqliteStore(healthy);
  await store.importCaseFile(generateDemo({ cases: 400, seed: 2, today: '2026-11-23' }));
  await store.close(); // the last connection: the WAL is checkpointed into the file
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the healthy database with `pages` (1-based page numbers) overwritten with garbage. */
function damaged(name: string, pages: (db: Database.Database) => number[]): string {
  const file = path.join(dir, name);
  copyFileSync(healthy, file);
  const db = new Database(file, { readonly: true });
  const chosen = pages(db);
  db.close();
  const fd = openSync(file, 'r+');
  const garbage = Buffer.alloc(PAGE, 0x5a);
  for (const p of chosen) writeSync(fd, garbage, 0, PAGE, (p - 1) * PAGE);
  closeSync(fd);
  return file;
}

const env = (db: string, extra: Record<string, string> = {}) => ({
  PORT: '0',
  SEND_DB_PATH: db,
  REMINDERS: 'off',
  AGENDAS: 'off',
  LOG_LEVEL: 'error',
  TAB_BUILD: 'off',
  SEND_AGENDA_DIR: path.join(dir, 'agendas'),
  ...extra,
});

async function probe(running: Running, route: '/healthz' | '/readyz'): Promise<{ status: number; body: Record<string, unknown> }> {
  const address = running.server.address() as { port: number };
  const res = await fetch(`http://127.0.0.1:${address.port}${route}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('SQLite', () => {
  it('answers 200 on a healthy database, with when the last full check ran', async () => {
    const running = await startServer(env(healthy));
    try {
      const h = await probe(running, '/healthz');
      expect(h.status).toBe(200);
      expect(h.body).toMatchObject({ status: 'ok', store: { kind: 'sqlite', quickCheck: 'ok' } });
      expect((await probe(running, '/readyz')).status).toBe(200);
    } finally {
      await running.stop();
    }
  });

  it("answers 503 when the cases table's root page is overwritten", async () => {
    const file = damaged('root.db', (db) => [db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'cases'").pluck().get() as number]);
    const running = await startServer(env(file));
    try {
      for (const route of ['/healthz', '/readyz'] as const) {
        const h = await probe(running, route);
        expect(h.status).toBe(503);
        expect(String(h.body.reason)).toMatch(/cases/);
      }
    } finally {
      await running.stop();
    }
  });

  it('answers 503 when garbage is written over case pages (found by quick_check at start-up)', async () => {
    const file = damaged('pages.db', (db) => {
      const roots = new Set(db.prepare('SELECT rootpage FROM sqlite_master WHERE rootpage > 0').pluck().all() as number[]);
      const leaves = (db.prepare("SELECT pageno FROM dbstat WHERE name = 'cases' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[]).filter((p) => !roots.has(p));
      return leaves.slice(Math.floor(leaves.length / 2), Math.floor(leaves.length / 2) + 3);
    });
    const running = await startServer(env(file));
    try {
      const h = await probe(running, '/healthz');
      expect(h.status).toBe(503);
      expect(String(h.body.reason)).toMatch(/quick_check|malformed|corrupt/i);
      expect((await probe(running, '/readyz')).status).toBe(503);
    } finally {
      await running.stop();
    }
  });

  it('notices damage done while running, at the next periodic check', async () => {
    const file = path.join(dir, 'later.db');
    copyFileSync(healthy, file);
    const running = await startServer(env(file, { SEND_DB_CHECK_SECONDS: '1' }));
    try {
      expect((await probe(running, '/healthz')).status).toBe(200);
      const db = new Database(healthy, { readonly: true });
      const leaves = db.prepare("SELECT pageno FROM dbstat WHERE name = 'cases' AND pagetype = 'leaf' ORDER BY pageno DESC LIMIT 3").pluck().all() as number[];
      db.close();
      const fd = openSync(file, 'r+');
      for (const p of leaves) writeSync(fd, Buffer.alloc(PAGE, 0x5a), 0, PAGE, (p - 1) * PAGE);
      closeSync(fd);
      let status = 200;
      for (let i = 0; i < 40 && status === 200; i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = (await probe(running, '/healthz')).status;
      }
      expect(status).toBe(503);
    } finally {
      await running.stop();
    }
  }, 30_000);
});

describe('SharePoint', () => {
  let server: GraphTestServer;
  beforeAll(async () => {
    server = await startGraphServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('is healthy with every list reachable, and 503 naming the list when one is gone', async () => {
    const store = await createSharePointStore({ siteId: server.siteId, baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), provision: true });
    await store.importCaseFile(contractFixture(5));
    const app = await startBotApp({}, undefined, store);
    try {
      const ok = await fetch(`${app.url}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ status: 'ok', store: { kind: 'sharepoint' } });
      server.removeList('SendOversight_Cases');
      const gone = await fetch(`${app.url}/healthz`);
      expect(gone.status).toBe(503);
      expect(((await gone.json()) as { reason: string }).reason).toMatch(/SendOversight_Cases|cases/);
      expect((await fetch(`${app.url}/readyz`)).status).toBe(503);
    } finally {
      await app.stop();
    }
  });
});
