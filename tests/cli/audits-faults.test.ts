// The audit programme's run (docs/rules.md section 8) killed at every write it makes, with kill -9 and
// with SIGTERM, in a child process on a SQLite file; then the run is made again, taking the dead run's
// claim over (as `audits plan --take-over` does, or any run 10 minutes later). Whatever the point, the
// month ends with exactly the sample a dry run draws: nothing lost, nothing twice, no moderation twice.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DORSET_PROGRAMME } from '../../src/domain/audits/programme.js';
import { generateDemo } from '../../src/domain/demo.js';
import type { Audit } from '../../src/domain/model.js';
import { runAuditPlan } from '../../src/services/audits/plan.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { tempDir } from './support.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..');
// April: the monthly and termly types and the quarter's moderations, so every kind of write is made.
const ON = '2027-04-05';
const tmp = tempDir();
const pristine = join(tmp.dir, 'pristine.db');
let expected: string[];
let writesOfAWholeRun: number;

const sample = (audits: readonly Audit[]) => audits.map((a) => `${a.id} ${a.caseId} ${a.auditorId} ${a.moderation?.moderatorId ?? '-'}`).sort();

function child(db: string, after: number | null, signal: 'SIGKILL' | 'SIGTERM'): Promise<{ signal: NodeJS.Signals | null; out: string; err: string }> {
  return new Promise((done) => {
    const c = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'audit-plan-crash-child.ts')], {
      cwd: REPO,
      env: { ...process.env, CRASH_DB: db, CRASH_ON: ON, CRASH_SIGNAL: signal, ...(after === null ? {} : { CRASH_AFTER: String(after) }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += String(d)));
    c.stderr.on('data', (d) => (err += String(d)));
    c.on('close', (_code, sig) => done({ signal: sig, out: out.trim(), err: err.trim() }));
  });
}

beforeAll(async () => {
  const store = openSqliteStore(pristine);
  await store.importCaseFile(generateDemo({ cases: 300, seed: 3, today: '2027-03-31' }));
  // What the month should end with: the run made once, whole, on a copy.
  const whole = join(tmp.dir, 'whole.db');
  await store.close();
  copyFileSync(pristine, whole);
  const run = await child(whole, null, 'SIGKILL');
  const m = /^done: planned, (\d+) writes$/.exec(run.out);
  if (!m) throw new Error(`the whole run did not finish: ${run.out} ${run.err}`);
  writesOfAWholeRun = Number(m[1]);
  const check = openSqliteStore(whole);
  // Every audit: the run's own, and the quarter's moderations given to audits of earlier runs.
  expected = sample(await check.listAudits({}));
  await check.close();
}, 120_000);
afterAll(() => tmp.remove());

describe(`the audit programme's run for ${ON.slice(0, 7)}, killed at each of its writes`, () => {
  it('draws audits and moderations, in more than one write', () => {
    expect(expected.filter((line) => line.endsWith(' -')).length).toBeGreaterThan(10);
    expect(expected.some((line) => !line.endsWith(' -'))).toBe(true);
    expect(writesOfAWholeRun).toBeGreaterThanOrEqual(3);
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`${signal} before each write, then a run that takes the claim over: the month holds the sample once`, async () => {
      const outcomes: string[] = [];
      for (let n = 0; n < writesOfAWholeRun; n++) {
        const db = join(tmp.dir, `${signal}-${n}.db`);
        copyFileSync(pristine, db);
        const dead = await child(db, n, signal);
        expect([n, dead.signal, dead.out.split('\n')[0]]).toEqual([n, signal, expect.stringMatching(/^dying before write/)]);
        const store = openSqliteStore(db);
        try {
          // Straight after the death: a run within the claim's time says the run is under way (or
          // nothing was claimed yet, and it plans).
          const again = await runAuditPlan({ store, programme: DORSET_PROGRAMME }, { on: ON, retryAfterMs: 0 });
          outcomes.push(`${n}:${again.status}${again.tookOver ? ' (took over)' : ''}`);
          expect(['planned']).toContain(again.status);
          const audits = await store.listAudits({});
          expect(new Set(audits.map((a) => a.id)).size).toBe(audits.length);
          expect(sample(audits)).toEqual(expected);
          // And a third run changes nothing.
          expect((await runAuditPlan({ store, programme: DORSET_PROGRAMME }, { on: ON })).status).toBe('already-planned');
        } finally {
          await store.close();
        }
      }
      // The claim was taken over whenever the dead run had made it (write 0 is the claim itself).
      expect(outcomes[0]).toBe('0:planned');
      expect(outcomes.slice(1).every((o) => o.endsWith('(took over)'))).toBe(true);
    }, 300_000);
  }
});
