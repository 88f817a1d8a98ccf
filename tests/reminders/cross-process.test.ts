// Exactly once across processes: two sweeps started at once in two processes on one SQLite file send
// each card once; a process killed between claim and send is recovered by the next sweep.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generateDemo } from '../../src/domain/demo.js';
import { MONDAY_8AM, tempStore } from './support.js';

const script = path.resolve('tests/reminders/sweep-process.ts');
const tsx = path.resolve('node_modules/.bin/tsx');

function sweepProcess(db: string, now: number, log: string, mode = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [script, db, String(now), log, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

const sends = (log: string) =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as { pid: number; personId: string; manager: boolean })
    : [];

let t: ReturnType<typeof tempStore>;
beforeAll(async () => {
  t = tempStore();
  await t.store.importCaseFile(generateDemo({ cases: 120, seed: 5, today: '2026-11-23' }));
});
afterAll(async () => {
  await t.remove();
});

describe('sweeps in separate processes', () => {
  it('two at once send each card once between them', async () => {
    const log = `${t.path}.sends-1`;
    const [a, b] = await Promise.all([sweepProcess(t.path, MONDAY_8AM, log), sweepProcess(t.path, MONDAY_8AM, log)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const all = sends(log);
    const keys = all.map((s) => `${s.personId}|${s.manager}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(all.length).toBeGreaterThan(5);
    expect(await t.store.listUnsettledCards()).toEqual([]);
    rmSync(log, { force: true });
  }, 60_000);

  it('a process killed between claim and send: the next sweep 20 minutes later sends that card, once', async () => {
    const log = `${t.path}.sends-2`;
    const tuesday = MONDAY_8AM + 86_400_000;
    const crashed = await sweepProcess(t.path, tuesday, log, 'crash');
    expect(crashed.code).toBe(137);
    const unsent = await t.store.listUnsettledCards();
    const claimedDigest = unsent.filter((c) => /^(manager-)?digest\//.test(c.key));
    expect(claimedDigest.length).toBeGreaterThan(0);
    expect(sends(log)).toEqual([]);
    const later = await sweepProcess(t.path, tuesday + 20 * 60_000, log);
    expect(later.code).toBe(0);
    const all = sends(log);
    for (const c of claimedDigest) expect(all.filter((s) => s.personId === c.recipientId && s.manager === c.key.startsWith('manager-'))).toHaveLength(1);
    const keys = all.map((s) => `${s.personId}|${s.manager}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(await t.store.listUnsettledCards()).toEqual([]);
  }, 60_000);
});
