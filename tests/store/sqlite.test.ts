// What only the SQLite adapter has to show: the store factory, migrations, several connections on one
// file, an import that fails or is killed half-way leaving the previous content, change-feed retention.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { openStore, DEFAULT_DB_PATH, readStoreConfig } from '../../src/store/index.js';
import { MIGRATIONS, openSqliteStore } from '../../src/store/sqlite/index.js';
import { ConflictError, StoreValidationError, type CaseStore } from '../../src/store/port.js';
import { contractFixture } from './contract/fixture.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');

let dir: string;
const open: CaseStore[] = [];
function track(store: CaseStore): CaseStore {
  open.push(store);
  return store;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'send-sqlite-'));
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}

describe('openStore (SEND_STORE, SEND_DB_PATH)', () => {
  it('opens SQLite at SEND_DB_PATH, creating the file only when asked to and never a missing folder', async () => {
    const path = join(dir, 'send.db');
    await expect(openStore({ SEND_DB_PATH: path })).rejects.toThrow(`SEND_DB_PATH: there is no database at ${path}`);
    expect(existsSync(path)).toBe(false);
    const nested = join(dir, 'nested', 'deeper', 'send.db');
    await expect(openStore({ SEND_DB_PATH: nested }, { create: true })).rejects.toThrow(`SEND_DB_PATH: the folder ${join(dir, 'nested', 'deeper')} does not exist`);
    expect(existsSync(join(dir, 'nested'))).toBe(false);
    const store = track(await openStore({ SEND_DB_PATH: path }, { create: true }));
    await store.importCaseFile(contractFixture(5));
    expect(existsSync(path)).toBe(true);
    const again = track(await openStore({ SEND_DB_PATH: path }));
    expect((await again.exportCaseFile()).cases).toHaveLength(5);
    expect(readStoreConfig({})).toEqual({ kind: 'sqlite', path: DEFAULT_DB_PATH });
    expect(DEFAULT_DB_PATH).toBe('./data/send-oversight.db');
  });

  it('accepts :memory: for a throwaway store', async () => {
    const store = track(await openStore({ SEND_STORE: 'sqlite', SEND_DB_PATH: ':memory:' }));
    await store.importCaseFile(contractFixture(5));
    expect((await store.exportCaseFile()).cases.length).toBe(5);
  });

  it('names an unknown SEND_STORE value', async () => {
    await expect(openStore({ SEND_STORE: 'postgres' })).rejects.toThrow(/SEND_STORE.*"postgres"/);
  });

  it('opens the SharePoint store through src/store/sharepoint/index.ts, or says it is not available', async () => {
    const error = await rejection(openStore({ SEND_STORE: 'sharepoint' }));
    if (existsSync(join(REPO, 'src/store/sharepoint/index.ts'))) {
      // Present: with no site configured it must refuse with its own message, not "not available".
      expect(error.message).not.toMatch(/not available/);
    } else {
      expect(error.message).toMatch(/SharePoint store not available/);
    }
  });
});

describe('schema migrations', () => {
  it('applies each migration once, recorded in schema_migrations; reopening applies nothing', async () => {
    const path = join(dir, 'm.db');
    await openSqliteStore(path).close();
    await openSqliteStore(path).close();
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(rows).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a database written by a newer program, naming the versions', () => {
    const path = join(dir, 'newer.db');
    const db = new Database(path);
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT; INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')");
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/schema version 99, newer than this program knows/);
  });
});

describe('one file, several connections', () => {
  it("content survives closing, and a second connection sees the first one's writes", async () => {
    const path = join(dir, 's.db');
    const first = track(openSqliteStore(path));
    const fixture = contractFixture(20);
    await first.importCaseFile(fixture);
    const second = track(openSqliteStore(path));
    expect(await second.exportCaseFile()).toEqual(contractFixture(20));
    const id = fixture.cases[0]!.id;
    const readByFirst = (await first.getCase(id))!;
    const readBySecond = (await second.getCase(id))!;
    await second.updateCase(id, readBySecond.version, { setting: 'Written by the second connection' });
    await expect(first.updateCase(id, readByFirst.version, { setting: 'Stale' })).rejects.toBeInstanceOf(ConflictError);
    expect((await first.getCase(id))!.case.setting).toBe('Written by the second connection');
    const card = (holder: string) => ({ key: 'k', recipientId: 'p1', holder, at: '2026-11-23T07:00:00Z', lines: [] });
    expect((await second.claimCards([card('second')]))[0]?.holder).toBe('second');
    expect(await first.claimCards([card('first')])).toEqual([null]);
  });

  it('a version read before a re-import never matches after it, even for an identical case', async () => {
    const store = track(openSqliteStore(join(dir, 'v.db')));
    await store.importCaseFile(contractFixture(10));
    const id = contractFixture(10).cases[0]!.id;
    const before = (await store.getCase(id))!;
    await store.importCaseFile(contractFixture(10));
    await expect(store.updateCase(id, before.version, { setting: 'x' })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('case versions', () => {
  it("appending history keeps the version: an edit read before a colleague's note still saves, and keeps the note", async () => {
    const store = track(openSqliteStore(join(dir, 'a.db')));
    const fixture = contractFixture(40);
    await store.importCaseFile(fixture);
    const c = fixture.cases.find((x) => x.leadProfessionalId)!;
    const editor = (await store.getCase(c.id))!;
    const note = { eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-21T09:00:00Z', authorId: c.leadProfessionalId!, text: 'Phoned the family.' };
    await store.addCaseNote(c.id, note);
    expect((await store.getCase(c.id))!.version).toBe(editor.version);
    const saved = await store.updateCase(c.id, editor.version, { setting: 'Oak Academy' });
    expect(saved.case.caseNotes.at(-1)).toEqual(note);
    expect(saved.case.setting).toBe('Oak Academy');
    expect(saved.version).not.toBe(editor.version);
  });
});

describe('an import that fails half-way leaves the previous content', () => {
  it('a row refused by the database at the swap: nothing of the new file is kept, and no staging table is left', async () => {
    const path = join(dir, 'fail.db');
    const store = track(openSqliteStore(path));
    await store.importCaseFile(contractFixture(20));
    const { token } = await store.changesSince(null);
    // A trigger that refuses the change-log entry of the very last record of the new file (an action),
    // written in the swap, after every row of the new file was staged.
    const db = new Database(path);
    db.exec("CREATE TRIGGER refuse_boom BEFORE INSERT ON changes WHEN NEW.entity_id = 'A-boom' BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END");
    db.close();
    const next = contractFixture(30, 3);
    next.actions.push({ id: 'A-boom', seriesId: 'cmooe', meetingOn: '2026-11-12', caseId: null, text: 'last row', ownerId: next.people[0]!.id, dueOn: '2026-11-30', closedOn: null, closedNote: null });
    // (checked by message: under jest, better-sqlite3's native errors may come from another test file's realm)
    expect((await rejection(store.importCaseFile(next))).message).toMatch(/refused by test trigger/);
    expect(await store.exportCaseFile()).toEqual(contractFixture(20));
    expect((await store.changesSince(token)).changes).toEqual([]);
    const check = new Database(path, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'import%'").pluck().all()).toEqual([]);
    check.close();
  });

  it('writes the new rows in short transactions: another connection writes between them', async () => {
    const path = join(dir, 'interleave.db');
    const store = track(openSqliteStore(path));
    await store.importCaseFile(contractFixture(20));
    const other = track(openSqliteStore(path, { busyTimeoutMs: 0 }));
    const importing = store.importCaseFile(contractFixture(2000, 4));
    // While the import is under way (it yields between its transactions), the other connection writes.
    let wrote = 0;
    const settled = importing.then(() => 'done');
    while ((await Promise.race([settled, new Promise((r) => setTimeout(() => r('tick'), 5))])) === 'tick') {
      try {
        await other.putSetting('during-import', wrote);
        wrote += 1;
      } catch {
        // met one of the import's transactions: try again at the next tick
      }
    }
    expect(wrote).toBeGreaterThan(0);
    expect((await store.exportCaseFile()).cases).toHaveLength(2000);
    expect(await other.getSetting('during-import')).toBe(wrote - 1);
  }, 60_000);

  it('a process killed (SIGKILL) in the middle of the import: the file holds the previous content', async () => {
    const path = join(dir, 'killed.db');
    const store = track(openSqliteStore(path));
    await store.importCaseFile(contractFixture(20));
    await store.close();
    open.splice(0);
    const next = join(dir, 'next.json');
    writeFileSync(next, JSON.stringify(contractFixture(60, 5)));
    const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'contract/sqlite-import-crash-child.ts')], {
      cwd: REPO,
      env: { ...process.env, CRASH_DB: path, CRASH_FILE: next, CRASH_AFTER: '150' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    const signal = await new Promise<NodeJS.Signals | null>((done) => child.on('close', (_code, sig) => done(sig)));
    expect({ signal, out: out.trim(), err: err.replace(/npm warn.*\n?/g, '') }).toEqual({ signal: 'SIGKILL', out: 'killing myself after 150 statements', err: '' });
    const reopened = track(openSqliteStore(path));
    expect(await reopened.exportCaseFile()).toEqual(contractFixture(20));
    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    // The killed import's staging tables are dropped by the next import.
    await reopened.importCaseFile(contractFixture(10));
    const after = new Database(path, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'import%' AND type = 'table'").pluck().all()).toEqual([]);
    after.close();
    expect((await reopened.exportCaseFile()).cases).toHaveLength(10);
  }, 60_000);

  it('duplicate selections in a file are refused before anything is written', async () => {
    const store = track(openSqliteStore(join(dir, 'dup.db')));
    const file = contractFixture(20);
    file.selections.push({ ...file.selections[0]! });
    const error = await rejection(store.importCaseFile(file));
    expect(error).toBeInstanceOf(StoreValidationError);
    expect(error.message).toMatch(new RegExp(`selections\\[${file.selections.length - 1}\\].*selections\\[0\\]`));
    expect((await store.exportCaseFile()).cases).toEqual([]);
  });
});

describe('change feed retention', () => {
  it('a token older than the changes kept gets a full resync; a recent one does not', async () => {
    const store = track(openSqliteStore(join(dir, 'r.db'), { changeRetention: 10 }));
    await store.importCaseFile(contractFixture(20));
    const old = await store.changesSince(null);
    await store.importCaseFile(contractFixture(20, 3));
    const stale = await store.changesSince(old.token);
    expect(stale.resync).toBe(true);
    expect(stale.changes.filter((c) => c.entity === 'case').length).toBe(20);
    const fixture = contractFixture(20, 3);
    await store.putSetting('x', 1);
    const recent = await store.changesSince(stale.token);
    expect(recent).toEqual({ changes: [], token: stale.token, resync: false });
    await store.addCaseNote(fixture.cases[0]!.id, { eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-20T10:00:00Z', authorId: fixture.people[0]!.id, text: 'n' });
    const after = await store.changesSince(stale.token);
    expect(after.resync).toBe(false);
    expect(after.changes).toEqual([{ entity: 'case', id: fixture.cases[0]!.id, deleted: false }]);
  });
});
