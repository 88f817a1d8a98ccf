// Issue 11, finding 14: no frozen server. better-sqlite3 waits for a lock synchronously, so a write
// that waited for another process's import (up to the 10 s busy timeout) froze every request, health
// included. Now the server's connection waits asynchronously (short tries, the event loop free between
// them); past its budget the user is told the records are busy and nothing was saved, never the
// apology card; the tab's API answers 503 with Retry-After.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { caseFileSchema } from '../../src/domain/model.js';
import { openStore } from '../../src/store/index.js';
import { AAD } from '../bot/support.js';
import { fakeConnector, fixture, post, startBotApp, teamsMessage, type FakeConnector, type RunningBotApp } from './support.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'send-locks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let connector: FakeConnector;
beforeAll(async () => {
  connector = await fakeConnector();
});
afterAll(async () => {
  await connector.stop();
});

/** The server on a database file, as `npm start` opens it, with `lockWaitMs` as its budget. */
async function serverOn(file: string, lockWaitMs: number): Promise<RunningBotApp> {
  const seed = await openStore({ SEND_DB_PATH: file }, { create: true });
  await seed.importCaseFile(caseFileSchema.parse(fixture));
  await seed.close();
  const store = await openStore({ SEND_DB_PATH: file, SEND_DB_LOCK_WAIT_MS: String(lockWaitMs) }, { serving: true });
  return startBotApp({ AUTH_MODE: 'dev' }, fixture, store);
}

/** The longest gap between ticks of a 10 ms timer while `work` runs: how long the event loop stood still. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = Date.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 10);
  try {
    const value = await work();
    return { value, stallMs: worst };
  } finally {
    clearInterval(timer);
  }
}

/** Another process's import: the write lock held on its own connection for `ms`. */
function holdWriteLock(file: string, ms: number): Promise<void> {
  const other = new Database(file);
  other.exec('BEGIN IMMEDIATE');
  return new Promise((resolve) =>
    setTimeout(() => {
      other.exec('COMMIT');
      other.close();
      resolve();
    }, ms),
  );
}

let app: RunningBotApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

describe('a write waiting for a lock', () => {
  it('leaves the event loop free: health answers and timers run while the bot waits, then the write goes through', async () => {
    const file = path.join(dir, 'wait.db');
    app = await serverOn(file, 5_000);
    const url = app.url;
    const released = holdWriteLock(file, 1_500);
    const { value, stallMs } = await longestStall(async () => {
      // Alex's first 1:1 message stores the conversation: a write, which waits for the lock.
      const reply = post(`${url}/api/messages`, teamsMessage(connector.url, 'help', { user: { aadObjectId: AAD.alex }, conversationId: 'a:alex-wait' }));
      const health: number[] = [];
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const started = Date.now();
        const res = await fetch(`${url}/healthz`);
        expect(res.status).toBe(200);
        health.push(Date.now() - started);
      }
      return { reply: await reply, health };
    });
    await released;
    expect(value.reply.status).toBe(200);
    expect(stallMs).toBeLessThan(500);
    expect(Math.max(...value.health)).toBeLessThan(500);
    expect((await app.store.listConversations({ personId: 'p1' })).map((r) => r.id)).toEqual(['a:alex-wait']);
  }, 30_000);

  it('past the budget, tells the user the records are busy and that nothing was saved (not the apology card)', async () => {
    const file = path.join(dir, 'busy.db');
    app = await serverOn(file, 800);
    const released = holdWriteLock(file, 3_000);
    try {
      const before = connector.requests.length;
      await post(`${app.url}/api/messages`, teamsMessage(connector.url, 'help', { user: { aadObjectId: AAD.alex }, conversationId: 'a:alex-busy' }));
      const sent = connector.requests.slice(before).filter((r) => r.method === 'POST');
      expect(sent).toHaveLength(1);
      const text = JSON.stringify(sent[0]!.body);
      expect(text).toMatch(/busy/i);
      expect(text).toMatch(/nothing was saved/i);
      expect(text).toMatch(/try again/i);
      expect(text).not.toContain('something went wrong on my side');
      expect(app.logger.lines.join('\n')).toMatch(/database is busy|locked/i);
      // The tab's API: 503 with Retry-After for a write that could not get the lock (a selection the rules
      // allow: the next meeting, 26 November, whose selection window is open on 23 November).
      const token = (JSON.parse((await post(`${app.url}/api/dev/token`, { personId: 'p4' })).text) as { token: string }).token;
      const select = await fetch(`${app.url}/api/tab/chair/selections`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        // 26 Nov: its selections are open on 23 Nov (M - 7 .. M), so the write reaches the lock.
        body: JSON.stringify({ caseId: 'C-1001', seriesId: 'cmooe', meetingOn: '2026-11-26' }),
      });
      expect(select.status).toBe(503);
      expect(Number(select.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await select.json()) as { error: string }).error).toMatch(/busy/);
    } finally {
      await released;
    }
    // Nothing half-written: no conversation was stored by the refused turn.
    expect(await app.store.listConversations({ personId: 'p1' })).toHaveLength(0);
  }, 30_000);
});
