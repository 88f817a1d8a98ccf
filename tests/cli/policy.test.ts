// send-oversight policy (show, list, validate, use) and the profile a case file names in `obligations`,
// `validate` and `import` (docs/rules.md section 9).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { command as demo } from '../../src/cli/commands/demo.js';
import { command as importCommand } from '../../src/cli/commands/import.js';
import { command as obligations } from '../../src/cli/commands/obligations.js';
import { command as policy } from '../../src/cli/commands/policy.js';
import { command as validate } from '../../src/cli/commands/validate.js';
import type { CliCommand } from '../../src/cli/io.js';
import { POLICIES_DIR } from '../../src/services/policy.js';
import { exampleCaseFile, fakeIo, tempDir } from './support.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const durhamFile = tmp.write('durham-service.json', { ...exampleCaseFile(), policy: 'durham' });
const unknownFile = tmp.write('unknown-service.json', { ...exampleCaseFile(), policy: 'northshire' });
const durham = JSON.parse(readFileSync(path.join(POLICIES_DIR, 'durham.json'), 'utf8')) as { parameters: Record<string, number> } & Record<string, unknown>;
const northshire = tmp.write('northshire.json', { ...durham, name: 'northshire', title: 'Northshire practice', parameters: { ...durham.parameters, annualReviewLeadDays: 14 } });

async function run(cmd: CliCommand, argv: string[], env: Record<string, string> = {}) {
  const io = fakeIo({ cwd: tmp.dir, env });
  const code = await cmd.run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('policy show, validate', () => {
  it('show durham: its parameters against the rule book, its own kinds and citations', async () => {
    const { code, out } = await run(policy, ['show', 'durham']);
    expect(code).toBe(0);
    expect(out).toContain('Policy profile "durham": Durham SEND & Inclusion Toolkit (policies/durham.json)');
    expect(out).toMatch(/annualReviewLeadDays +28 days +the annual review meeting is due this many days before the anniversary/);
    expect(out).toMatch(/year7-review +Year 7 review before the end of the autumn term · DT "Years 6 and 7" +\(this profile's own\)/);
    expect(out).toContain('annual-review: DT "Reviewing EHC plans"');
    expect(out).toContain('Kinds of obligation in force (22)');
  });

  it('show dorset: the three Durham kinds are not in force', async () => {
    const { out } = await run(policy, ['show', 'dorset']);
    expect(out).toContain('Not in force (switched on by other profiles): review-specialist-notice, year6-review, year7-review');
    expect(out).toContain("Citations: the rule book's.");
  });

  it('show --json prints a profile to copy, which validate accepts', async () => {
    const { out } = await run(policy, ['show', 'durham', '--json']);
    expect(JSON.parse(out)).toEqual(durham);
    const copy = tmp.write('copy.json', out);
    expect(await run(policy, ['validate', copy])).toEqual({
      code: 0,
      out: `${copy}: a valid policy profile "durham" (Durham SEND & Inclusion Toolkit); switches on review-specialist-notice, year6-review, year7-review\n`,
      err: '',
    });
  });

  it('validate lists every problem with its path, and exits 2', async () => {
    const bad = tmp.write('bad.json', {
      name: 'North Shire',
      title: 'x',
      parameters: { ...durham.parameters, caseworkRecordingHours: 0, cmooeSummaryLeadDays: 'seven' },
      kinds: ['audit'],
      citations: { 'annual-reveiw': 'x' },
      extra: true,
    });
    const { code, out } = await run(policy, ['validate', bad]);
    expect(code).toBe(2);
    expect(out.split('\n')).toEqual([
      'name: must be lower-case letters, digits and dashes (up to 40), e.g. "durham"',
      'parameters.cmooeSummaryLeadDays: must be a number of days',
      'parameters.caseworkRecordingHours: must be 1 or more (hours)',
      'kinds[0]: "audit" is not a kind a profile switches on; one of review-specialist-notice, year6-review, year7-review',
      'citations.annual-reveiw: "annual-reveiw" is not an obligation kind',
      'extra: unknown field',
      `${bad}: 6 problems`,
      '',
    ]);
    const notJson = tmp.write('not-json.json', '{ "name": ');
    const r = await run(policy, ['validate', notJson]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^\(the file\): not valid JSON/);
  });

  it('an unknown name is an error naming the known ones', async () => {
    expect(await run(policy, ['show', 'northshire'])).toEqual({
      code: 2,
      out: '',
      err: 'send-oversight policy: unknown policy profile "northshire": the profiles are "dorset", "durham" (policies/, or SEND_POLICY_FILE; docs/rules.md section 9)\n',
    });
    // ... unless SEND_POLICY_FILE names it.
    const { code, out } = await run(policy, ['show', 'northshire'], { SEND_POLICY_FILE: northshire });
    expect(code).toBe(0);
    expect(out).toContain(`Policy profile "northshire": Northshire practice (SEND_POLICY_FILE ${northshire})`);
  });
});

describe("the case file's policy chooses the profile", () => {
  it("obligations --input of a durham file: Durham's annual review and the specialists' notice", async () => {
    const { code, out, err } = await run(obligations, ['--input', durhamFile, '--today', '2026-11-23', '--json']);
    expect([code, err]).toEqual([0, '']);
    const list = JSON.parse(out) as Array<Record<string, unknown>>;
    // Plan 12 Oct 2026: 12 Oct 2027 less 28 days = 14 Sep 2027. Meeting 20 Sep 2027 less 42 days = 9 Aug 2027.
    expect(list.filter((o) => o.kind === 'annual-review' || o.kind === 'review-specialist-notice').map((o) => [o.kind, o.due, o.citation, o.basis])).toEqual([
      ['review-specialist-notice', '2027-08-09', 'DT "Reviewing EHC plans"', '6 weeks before the review meeting on 20 Sep 2027'],
      ['annual-review', '2027-09-14', 'DT "Reviewing EHC plans"', "4 weeks before the anniversary (12 months after the plan's issue on 12 Oct 2026)"],
    ]);
  });

  it('the table says which profile, and each row where its due date comes from', async () => {
    const { out } = await run(obligations, ['--input', durhamFile, '--today', '2026-11-23']);
    expect(out.split('\n')[0]).toContain('policy profile durham (policies/durham.json)');
    expect(out).toMatch(/upcoming +2027-09-14 +Annual review \(preparing for adulthood\) +C-1001 +DT "Reviewing EHC plans" +4 weeks before the anniversary/);
  });

  it('an unknown profile: obligations, validate and import refuse, naming the known ones', async () => {
    const o = await run(obligations, ['--input', unknownFile, '--today', '2026-11-23', '--json']);
    expect(o).toEqual({ code: 2, out: '', err: expect.stringContaining(`${unknownFile}: policy: unknown policy profile "northshire": the profiles are "dorset", "durham"`) });
    const v = await run(validate, [unknownFile]);
    expect(v.code).toBe(2);
    expect(v.out).toContain('policy: unknown policy profile "northshire"');
    const db = path.join(tmp.dir, 'refuse.db');
    const i = await run(importCommand, [unknownFile], { SEND_DB_PATH: db });
    expect(i.code).toBe(2);
    expect(i.err).toContain('policy: unknown policy profile "northshire"');
    expect(i.err).toContain('nothing was imported');
    // With SEND_POLICY_FILE naming it, the same file is fine.
    expect((await run(obligations, ['--input', unknownFile, '--today', '2026-11-23', '--json'], { SEND_POLICY_FILE: northshire })).code).toBe(0);
  });
});

describe('demo --policy', () => {
  it('writes a file naming the profile (the data is the same), and refuses an unknown one', async () => {
    const durhamDemo = await run(demo, ['--cases', '5', '--seed', '2', '--today', '2026-11-23', '--policy', 'durham']);
    const dorsetDemo = await run(demo, ['--cases', '5', '--seed', '2', '--today', '2026-11-23']);
    expect(durhamDemo.code).toBe(0);
    expect(JSON.parse(durhamDemo.out)).toEqual({ ...JSON.parse(dorsetDemo.out), policy: 'durham' });
    const bad = await run(demo, ['--cases', '5', '--policy', 'northshire']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--policy: unknown policy profile "northshire"');
  });
});

describe("policy use and list: the store's own profile", () => {
  it("use FILE keeps a council's copy in the store; list shows it; obligations from the store follow it; --clear removes it", async () => {
    const env = { SEND_DB_PATH: path.join(tmp.dir, 'store.db') };
    expect((await run(importCommand, [unknownFile], { ...env, SEND_POLICY_FILE: northshire })).code).toBe(0);
    const used = await run(policy, ['use', northshire], env);
    expect(used.code).toBe(0);
    expect(used.out).toContain('kept "northshire" (Northshire practice) as the own policy profile of sqlite');
    expect(used.out).toContain('the service follows northshire (store setting policy-profile)');
    const list = await run(policy, ['list'], env);
    expect(list.out).toContain('* northshire       Northshire practice (store setting policy-profile)');
    expect(list.out).toContain('  durham           Durham SEND & Inclusion Toolkit (policies/durham.json)');
    const fromStore = JSON.parse((await run(obligations, ['--today', '2026-11-23', '--json'], env)).out) as Array<Record<string, unknown>>;
    // 14 days before 12 Oct 2027.
    expect(fromStore.find((o) => o.kind === 'annual-review')).toMatchObject({ due: '2027-09-28' });
    const cleared = await run(policy, ['use', '--clear'], env);
    expect(cleared.out).toContain('the store\'s case file names "northshire", which is unknown');
    expect((await run(obligations, ['--today', '2026-11-23', '--json'], env)).code).toBe(2);
  });
});
