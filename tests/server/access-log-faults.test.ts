// The access record's writer under faults, and the log lines of a real run (issue 16; docs/rules.md
// section 7), with the real server (src/server/main.ts) in a child process on a SQLite file holding the
// demo service, the tab signing in locally (AUTH_MODE=dev, loopback).
//
// - SIGTERM (a deploy, a restart): every reading answered before the signal is in the record after
//   the process has gone, even with a writer that would not have written for a minute.
// - kill -9 at a random moment: the file is whole (integrity check), every entry in it is whole, none is
//   recorded that was not answered, and every reading answered more than a second before the kill is in
//   it (the writer writes every ACCESS_LOG_FLUSH_MS; what a kill can lose is the last moment's queue).
// - A run that opens case pages, lists, exports and forms, talks to the bot and stops: no line of its log
//   carries any demo child's name, date of birth or need.
import { describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Running {
  readonly child: ChildProcess;
  readonly base: string;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startServer(dir: string, extra: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      PORT: '0',
      HOST: '127.0.0.1',
      SEND_DB_PATH: path.join(dir, 'send.db'),
      SEND_AGENDA_DIR: path.join(dir, 'agendas'),
      DEMO: 'on',
      DEMO_CASES: '60',
      REMINDERS: 'off',
      TAB_BUILD: 'off',
      AUTH_MODE: 'dev',
      LOG_LEVEL: 'info',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${out}`)), 60_000);
    const look = () => {
      const m = /"message":"server listening".*?"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${m[1]}`, output: () => out, exited });
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    void exited.then(({ code }) => reject(new Error(`the server exited (${code}) before listening:\n${out}`)));
  });
}

async function devToken(base: string, personId: string): Promise<string> {
  const res = await fetch(`${base}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId }) });
  if (!res.ok) throw new Error(`dev token: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** The service manager (sees every case) and the demo's case references, from the running server. */
async function setUp(base: string): Promise<{ token: string; personId: string; caseIds: string[] }> {
  // Patti Fernandez is the demo's service manager (p5 in every demo).
  const token = await devToken(base, 'p5');
  const list = await fetch(`${base}/api/tab/cases?limit=500`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await list.json()) as { items: Array<{ id: string }> };
  return { token, personId: 'p5', caseIds: body.items.map((r) => r.id) };
}

function entriesIn(db: string, personId: string, via: string): number {
  const store = new Database(db, { readonly: true });
  try {
    expect(store.pragma('integrity_check', { simple: true })).toBe('ok');
    const bad = store.prepare("SELECT count(*) FROM access_log WHERE id = '' OR at NOT LIKE '____-__-__T__:__:__.___Z' OR person_id = '' OR case_id NOT LIKE 'C-%'").pluck().get() as number;
    expect(bad).toBe(0);
    return store.prepare('SELECT count(*) FROM access_log WHERE person_id = ? AND via = ?').pluck().get(personId, via) as number;
  } finally {
    store.close();
  }
}

describe('the access record writer under faults', () => {
  it('SIGTERM: every case page answered before the signal is recorded, though the writer would not yet have written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'send-access-term-'));
    try {
      const server = await startServer(dir, { ACCESS_LOG_FLUSH_MS: '60000' });
      const { token, personId, caseIds } = await setUp(server.base);
      let answered = 0;
      for (const id of caseIds.slice(0, 40)) {
        const r = await fetch(`${server.base}/api/tab/cases/${id}`, { headers: { authorization: `Bearer ${token}` } });
        await r.arrayBuffer();
        if (r.status === 200) answered += 1;
      }
      expect(answered).toBe(Math.min(40, caseIds.length));
      // Nothing written yet: the writer waits a minute.
      expect(entriesIn(path.join(dir, 'send.db'), personId, 'tab-case')).toBe(0);
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      expect(entriesIn(path.join(dir, 'send.db'), personId, 'tab-case')).toBe(answered);
      expect(server.output()).toContain('access log closed: every entry written');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('kill -9 at a random moment: the file and every entry whole, nothing recorded that was not answered, all answered a second before recorded', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'send-access-kill-'));
    try {
      const server = await startServer(dir, { ACCESS_LOG_FLUSH_MS: '100' });
      const { token, personId, caseIds } = await setUp(server.base);
      const answeredAt: number[] = [];
      let stop = false;
      const reader = async (k: number) => {
        for (let i = k; !stop; i += 2) {
          try {
            const r = await fetch(`${server.base}/api/tab/cases/${caseIds[i % caseIds.length]!}`, { headers: { authorization: `Bearer ${token}` } });
            await r.arrayBuffer();
            if (r.status === 200) answeredAt.push(Date.now());
          } catch {
            return; // the server is gone
          }
        }
      };
      const readers = [reader(0), reader(1)];
      await new Promise((r) => setTimeout(r, 1500 + Math.floor(Math.random() * 1500)));
      const killedAt = Date.now();
      server.child.kill('SIGKILL');
      stop = true;
      await server.exited;
      await Promise.all(readers);
      const recorded = entriesIn(path.join(dir, 'send.db'), personId, 'tab-case');
      const settled = answeredAt.filter((t) => t < killedAt - 1000).length;
      expect(settled).toBeGreaterThan(0);
      expect(recorded).toBeGreaterThanOrEqual(settled);
      expect(recorded).toBeLessThanOrEqual(answeredAt.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the log lines of a real run', () => {
  it("name no demo child, and carry no child's date of birth or need", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'send-access-logs-'));
    try {
      const server = await startServer(dir, { LOG_LEVEL: 'debug', ACCESS_LOG_FLUSH_MS: '50' });
      const { token, caseIds } = await setUp(server.base);
      const auth = { authorization: `Bearer ${token}` };
      const paths = [
        '/api/tab/me',
        '/api/tab/dashboard',
        '/api/tab/dashboard/drill?figure=reviewsOverdueNow',
        '/api/tab/my-work',
        '/api/tab/forecast',
        '/api/tab/chair',
        '/api/tab/export/cases.xlsx',
        '/api/tab/export/cases.csv',
        '/api/tab/cases/C-99999',
        ...caseIds.slice(0, 20).map((id) => `/api/tab/cases/${id}`),
        ...caseIds.slice(0, 5).map((id) => `/api/tab/forms/note?caseId=${id}`),
      ];
      for (const p of paths) await (await fetch(server.base + p, { headers: auth })).arrayBuffer();
      // A note recorded from the tab, and a bad one.
      for (const text of ['Spoke to the school about the timetable.', '']) {
        await (
          await fetch(`${server.base}/api/tab/record/note`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ caseId: caseIds[0], eventDate: '2026-11-20', eventTime: '10:00', text }),
          })
        ).arrayBuffer();
      }
      // The bot, as Alex Wilber: what's due, a case, a note form (its replies go to a connector that is not there).
      for (const text of ["what's due", `case ${caseIds[0]!}`, `note ${caseIds[0]!}`, 'case C-99999']) {
        await (
          await fetch(`${server.base}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              type: 'message',
              id: `m-${text}`,
              text,
              channelId: 'msteams',
              serviceUrl: 'http://127.0.0.1:9/',
              from: { id: '29:alex', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' },
              recipient: { id: '28:bot', name: 'SEND Oversight' },
              conversation: { id: 'a:alex', conversationType: 'personal', tenantId: 't' },
              channelData: { tenant: { id: 't' } },
            }),
          })
        ).arrayBuffer();
      }
      server.child.kill('SIGTERM');
      await server.exited;
      const log = server.output();
      expect(log).toContain('access log closed: every entry written');
      const lines = log.split('\n').filter((l) => l.trim() !== '');
      expect(lines.length).toBeGreaterThan(20);

      const store = openSqliteStore(path.join(dir, 'send.db'));
      const file = await store.exportCaseFile();
      await store.close();
      expect(file.cases.length).toBe(60);
      const staff = new Set(file.people.map((p) => p.name));
      const found: string[] = [];
      for (const c of file.cases) {
        // A child who shares a member of staff's name cannot be told apart from them in a log line.
        const names = staff.has(c.childName) ? [] : [c.childName, c.childName.split(' ').reverse().join(', ')];
        for (const line of lines) {
          for (const n of names) if (line.includes(n)) found.push(`${c.id}'s name: ${line}`);
          if (line.includes(c.dateOfBirth)) found.push(`${c.id}'s date of birth: ${line}`);
          if (c.primaryNeed !== null && new RegExp(`"(primaryNeed|need)":"${c.primaryNeed}"`).test(line)) found.push(`${c.id}'s need: ${line}`);
        }
      }
      expect(found).toEqual([]);
      // Nor the field names that would carry them.
      expect(lines.filter((l) => /childName|dateOfBirth|primaryNeed/.test(l))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
