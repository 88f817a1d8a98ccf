// npm start's entry point: the server on the embedded SQLite store, demo data loaded into an empty
// store when asked (npm start passes --demo; DEMO=on here), health answering, and a clean stop.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../src/server/main.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'send-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startServer (npm start)', () => {
  it('loads the demo into an empty store once, answers /healthz on 127.0.0.1, and stops', async () => {
    const env = {
      PORT: '0',
      SEND_DB_PATH: path.join(dir, 'send.db'),
      REMINDERS: 'off',
      DEMO: 'on',
      DEMO_CASES: '30',
      LOG_LEVEL: 'error',
      TAB_BUILD: 'off',
      SEND_AGENDA_DIR: path.join(dir, 'agendas'),
    };
    const first = await startServer(env);
    const address = first.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    // A local run with no Entra app signs in to the tab as a demo person.
    expect(await (await fetch(`http://127.0.0.1:${address.port}/api/tab/auth-config`)).json()).toMatchObject({ mode: 'dev', configured: true });
    const res = await fetch(`http://127.0.0.1:${address.port}/healthz`);
    expect(await res.json()).toMatchObject({ status: 'ok', botAuthentication: 'off', store: { kind: 'sqlite', quickCheck: 'ok' } });
    const people = await first.deps.store.listPeople();
    expect(people.find((p) => p.aadObjectId === '00000000-0000-0000-0000-0000000000020')?.name).toBe('Alex Wilber');
    expect((await first.deps.store.queryCases({})).length).toBe(30);
    expect(first.deps.messenger).toBeDefined();
    // A note added, then a restart on the same store: the demo is not reloaded over it.
    const [someCase] = await first.deps.store.queryCases({});
    await first.deps.store.addCaseNote(someCase!.case.id, { eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-20T11:00:00Z', authorId: people[0]!.id, text: 'kept' });
    await first.stop();
    // Second start with the reminder schedule on (the default): it starts, and stops with the server.
    const { REMINDERS: _off, ...withReminders } = env;
    void _off;
    const second = await startServer({ ...withReminders, DEMO_CASES: '50' });
    expect((await second.deps.store.queryCases({})).length).toBe(30);
    expect((await second.deps.store.getCase(someCase!.case.id))!.case.caseNotes.some((n) => n.text === 'kept')).toBe(true);
    await second.stop();
  }, 60_000);

  it('refuses to start with half-configured credentials, naming what is missing', async () => {
    await expect(startServer({ PORT: '0', SEND_DB_PATH: ':memory:', MicrosoftAppId: 'abc' })).rejects.toThrow(/MicrosoftAppPassword/);
    await expect(startServer({ PORT: 'eighty' })).rejects.toThrow(/PORT must be a port number/);
    await expect(startServer({ PORT: '0', SEND_DB_PATH: ':memory:', NODE_ENV: 'production' })).rejects.toThrow(/MicrosoftAppId is not set/);
  });
});
