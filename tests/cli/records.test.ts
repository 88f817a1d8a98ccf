// `send-oversight sar` and `send-oversight retention` (issue 16; docs/rules.md sections 7 and 9) on a
// SQLite file holding a demo service: the export's two files, named by the case and not the child; the
// list of records past retention two and a half years on; destruction by information governance only,
// recorded; bad input named.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { command as sar } from '../../src/cli/commands/sar.js';
import { command as retention } from '../../src/cli/commands/retention.js';
import { generateDemo, INFORMATION_GOVERNANCE_NAME } from '../../src/domain/demo.js';
import type { CaseFile } from '../../src/domain/model.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { fakeIo, tempDir } from './support.js';

const tmp = tempDir();
const db = join(tmp.dir, 'send.db');
const env = { SEND_DB_PATH: db, USER: 'itadmin' };
const DEMO_DAY = Date.UTC(2026, 10, 23, 12, 0);
const LATER = Date.UTC(2029, 5, 1, 12, 0);
let file: CaseFile;
let ig = '';
let manager = '';

beforeAll(async () => {
  file = generateDemo({ cases: 300, seed: 4, today: '2026-11-23' });
  const store = openSqliteStore(db);
  await store.importCaseFile(file);
  await store.close();
  ig = file.people.find((p) => p.name === INFORMATION_GOVERNANCE_NAME)?.id ?? '';
  manager = file.people.find((p) => p.roles.includes('service-manager'))?.id ?? '';
});
afterAll(() => tmp.remove());

async function run(cmd: typeof sar, clock: number, ...argv: string[]) {
  const io = fakeIo({ cwd: tmp.dir, clock, env });
  const code = await cmd.run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

async function accessOf(caseId: string) {
  const store = openSqliteStore(db);
  try {
    return await store.listAccess({ caseId, limit: 1000 });
  } finally {
    await store.close();
  }
}

describe('send-oversight sar', () => {
  it('writes the Word document and the JSON, named by case and day, and records the export', async () => {
    const c = file.cases[0]!;
    const { code, out, err } = await run(sar, DEMO_DAY, '--case', c.id.toLowerCase(), '--out', 'sar-out', '--by', ig);
    expect(err).toBe('');
    expect(code).toBe(0);
    const names = readdirSync(join(tmp.dir, 'sar-out')).sort();
    expect(names).toEqual([`${c.id}-subject-access-2026-11-23.docx`, `${c.id}-subject-access-2026-11-23.json`]);
    expect(out).toContain(`${c.id}: record 1`);
    const json = readFileSync(join(tmp.dir, 'sar-out', names[1]!), 'utf8');
    expect(JSON.parse(json).subjectAccessExport.caseId).toBe(c.id);
    expect(json).toContain(c.childName);
    const zip = await JSZip.loadAsync(readFileSync(join(tmp.dir, 'sar-out', names[0]!)));
    expect(await zip.file('word/document.xml')?.async('string')).toContain(c.childName);
    expect((await accessOf(c.id)).map((e) => [e.personId, e.via, e.reason])).toEqual([[ig, 'sar', 'information-governance']]);
  });

  it('is refused to anyone without the information-governance role, and names the problem', async () => {
    const c = file.cases[1]!;
    const r = await run(sar, DEMO_DAY, '--case', c.id, '--out', 'refused', '--by', manager);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/does not have the information-governance role/);
    expect(existsSync(join(tmp.dir, 'refused'))).toBe(false);
    expect(await accessOf(c.id)).toEqual([]);
  });

  it.each([
    [['--out', 'x', '--by', 'p1'], /--case/],
    [['--case', 'C-1001', '--by', 'p1'], /--out/],
    [['--case', 'C-1001', '--out', 'x'], /--by/],
    [['--case', 'C-9999', '--out', 'x', '--by', 'IG'], /there is no case C-9999/],
    [['--case', 'C-1001', '--out', 'x', '--by', 'nobody'], /no person "nobody"/],
  ])('%j: exit 2, saying what is wrong', async (argv, message) => {
    const r = await run(sar, DEMO_DAY, ...argv.map((a) => (a === 'IG' ? ig : a)));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('send-oversight retention', () => {
  it('--list on the demo day: none past retention (the oldest child is 24)', async () => {
    const r = await run(retention, DEMO_DAY, '--list');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Records past retention on 2026-11-23 .*: 0\n$/);
  });

  it('--list two and a half years on: the oldest records, with initials, the date kept until and the rule; recorded by cli:<user>', async () => {
    const r = await run(retention, LATER, '--list', '--json');
    expect(r.code).toBe(0);
    const review = JSON.parse(r.out) as { rows: Array<{ caseId: string; keepUntil: string; reason: string }> };
    expect(review.rows.length).toBeGreaterThan(0);
    for (const row of review.rows) {
      const c = file.cases.find((x) => x.id === row.caseId)!;
      // 25 years from the date of birth, before 1 June 2029: born before 1 June 2004.
      expect(c.dateOfBirth < '2004-06-01' || row.reason.startsWith('6 years after')).toBe(true);
      expect(r.out).not.toContain(c.childName);
    }
    // ... and every one of them whose plan did not end in the last 6 years (kept 6 years after it ended).
    const ended = (c: CaseFile['cases'][number]) => [c.plan?.ceasedOn, c.plan?.transferredOutOn].some((d) => typeof d === 'string' && d >= '2023-06-01');
    const born = file.cases.filter((c) => c.dateOfBirth < '2004-06-01' && !ended(c)).map((c) => c.id);
    expect(born.length).toBeGreaterThan(0);
    expect(born.every((id) => review.rows.some((x) => x.caseId === id))).toBe(true);
    expect((await accessOf(review.rows[0]!.caseId)).some((e) => e.personId === 'cli:itadmin' && e.via === 'retention-review')).toBe(true);
    const text = await run(retention, LATER, '--list');
    expect(text.out.split('\n').filter((l) => /^C-\d+ /.test(l))).toHaveLength(review.rows.length);
  });

  it('--delete by information governance removes the case and leaves the destruction entry', async () => {
    const review = JSON.parse((await run(retention, LATER, '--list', '--json')).out) as { rows: Array<{ caseId: string }> };
    const target = review.rows[0]!.caseId;
    const refused = await run(retention, LATER, '--delete', target, '--by', manager, '--reason', 'past retention, review 2029-06');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/information governance/);
    const r = await run(retention, LATER, '--delete', target, '--by', ig, '--reason', 'past retention, review 2029-06');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${target} destroyed by ${ig} (${INFORMATION_GOVERNANCE_NAME})`);
    const left = await accessOf(target);
    expect(left.map((e) => [e.via, e.personId, e.detail])).toEqual([['destroyed', ig, 'past retention, review 2029-06']]);
    const store = openSqliteStore(db);
    try {
      expect(await store.getCase(target)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('says what is wrong with the options', async () => {
    expect((await run(retention, DEMO_DAY)).err).toMatch(/say --list, or --delete/);
    expect((await run(retention, DEMO_DAY, '--list', '--delete', 'C-1')).err).toMatch(/one at a time/);
    expect((await run(retention, DEMO_DAY, '--delete', 'C-1001', '--by', ig)).err).toMatch(/--reason/);
    const young = await run(retention, DEMO_DAY, '--delete', file.cases[2]!.id, '--by', ig, '--reason', 'past retention, review 2026-11');
    expect(young.code).toBe(2);
    expect(young.err).toMatch(/is not past retention: it is kept until \d{4}-\d{2}-\d{2}/);
  });
});
