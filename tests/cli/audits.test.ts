// send-oversight audits plan on the demo service (docs/rules.md section 8), in-process on a SQLite file:
// the framework's sample per type and locality for a January run (termly and monthly types), the same
// from a dry run and from the run that stores it, and a second run that changes nothing and says so.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { command } from '../../src/cli/commands/audits.js';
import { DORSET_PROGRAMME } from '../../src/domain/audits/programme.js';
import { generateDemo } from '../../src/domain/demo.js';
import type { Audit } from '../../src/domain/model.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { fakeIo, tempDir } from './support.js';

const tmp = tempDir();
const db = join(tmp.dir, 'send.db');
const file = generateDemo({ cases: 400, seed: 5, today: '2026-11-23' });
const locality = new Map(file.cases.map((c) => [c.id, c.locality]));

beforeAll(async () => {
  const store = openSqliteStore(db);
  await store.importCaseFile(file);
  await store.close();
});
afterAll(() => tmp.remove());

async function run(...argv: string[]) {
  const io = fakeIo({ cwd: tmp.dir, env: { SEND_DB_PATH: db }, clock: Date.UTC(2027, 0, 4, 9, 0) });
  const code = await command.run(argv, io);
  return { code, out: io.out(), err: io.err() };
}
type Report = { status: string; run: string; added: string[]; audits: Audit[]; unfilled: Array<{ type: string; locality: string | null; auditorRole: string; drawn: number; wanted: number }> };
const json = (out: string) => JSON.parse(out) as Report;
const drawn = (r: Report) => r.audits.map((a) => [a.id, a.caseId, a.auditorId]).sort();

describe('send-oversight audits plan on the demo service, Monday 4 January 2027', () => {
  let dry: Report;
  let stored: Report;

  it('draws the termly and monthly types, per locality as the programme says', async () => {
    const r = await run('plan', '--on', '2027-01-04', '--dry-run', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    dry = json(r.out);
    expect(dry).toMatchObject({ status: 'dry-run', run: '2027-01' });
    // January: advice (EP, health, social care), reviews, panel decisions (termly); EHC plans, children's services cases (monthly).
    const types = new Set(dry.audits.map((a) => a.type));
    expect(types.has('cs-case') && types.has('annual-review') && types.has('panel-decision')).toBe(true);
    for (const t of types) expect(['advice-ep', 'advice-health', 'advice-social-care', 'annual-review', 'cs-case', 'ehcp', 'panel-decision']).toContain(t);
    // Per locality: at most the programme's count for each role, and exactly it where nothing is reported unfilled.
    const localities = [...new Set(file.cases.map((c) => c.locality).filter((l): l is string => l !== null))];
    for (const type of ['ehcp', 'annual-review', 'advice-ep'] as const) {
      for (const l of localities) {
        for (const s of DORSET_PROGRAMME.types[type].sample) {
          const n = dry.audits.filter((a) => a.type === type && locality.get(a.caseId) === l && a.auditorRole === s.auditorRole).length;
          const gap = dry.unfilled.find((u) => u.type === type && u.locality === l && u.auditorRole === s.auditorRole);
          expect([type, l, s.auditorRole, n]).toEqual([type, l, s.auditorRole, gap ? gap.drawn : s.count]);
        }
      }
    }
    // Never an auditor who leads the case.
    for (const a of dry.audits) expect(file.cases.find((c) => c.id === a.caseId)?.leadProfessionalId).not.toBe(a.auditorId);
  });

  it('stores the same sample the dry run showed', async () => {
    const r = await run('plan', '--on', '2027-01-04', '--json');
    expect(r.code).toBe(0);
    stored = json(r.out);
    expect(stored.status).toBe('planned');
    expect(stored.added).toHaveLength(dry.audits.length);
    expect(drawn(stored)).toEqual(drawn(dry));
  });

  it('a second run changes nothing and says when the first was made', async () => {
    const r = await run('plan', '--on', '2027-01-20');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Audit programme for 2027-01 was run already \(2027-01-04T09:00:00.000Z\): nothing changed\. Its audits:/);
    const again = json((await run('plan', '--on', '2027-01-20', '--json')).out);
    expect(again.status).toBe('already-planned');
    expect(drawn(again)).toEqual(drawn(stored));
  });
});
