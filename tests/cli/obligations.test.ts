import { afterAll, describe, expect, it } from '@jest/globals';
import { command, obligationTable } from '../../src/cli/commands/obligations.js';
import { KIND_LABELS } from '../../src/domain/kinds.js';
import type { Obligation } from '../../src/domain/obligation.js';
import { exampleCaseFile, fakeIo, tempDir } from './support.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const file = tmp.write('service.json', exampleCaseFile());

async function run(...argv: string[]) {
  const io = fakeIo({ cwd: tmp.dir });
  const code = await command.run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

// docs/case-file.md: "one object per obligation", fields in this order; each explains its due date (basis).
const FIELDS = ['caseId', 'personId', 'kind', 'due', 'status', 'completedOn', 'ownerRole', 'ownerId', 'citation', 'seriesId', 'meetingOn', 'pfa', 'basis'];

describe('send-oversight obligations --json', () => {
  it('prints the JSON array of docs/case-file.md, 2-space indented, sorted by due, case, kind', async () => {
    const { code, out, err } = await run('--input', file, '--today', '2026-11-23', '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const list = JSON.parse(out) as Record<string, unknown>[];
    expect(out).toBe(JSON.stringify(list, null, 2) + '\n');
    expect(list.length).toBeGreaterThan(5);
    for (const o of list) expect(Object.keys(o)).toEqual(FIELDS);
    const keys = list.map((o) => [o.due, o.caseId ?? '', o.kind] as string[]);
    const sorted = [...keys].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : a[2]! < b[2]! ? -1 : a[2]! > b[2]! ? 1 : 0));
    expect(keys).toEqual(sorted);
  });

  it('carries the dates of the standards (hand-computed from the example case)', async () => {
    const list = JSON.parse((await run('--input', file, '--today', '2026-11-23', '--json')).out) as Record<string, unknown>[];
    const find = (caseId: string, kind: string) => list.filter((o) => o.caseId === caseId && o.kind === kind);
    // PS 5.3: requested 1 Jun 2026 + 6 weeks = 13 Jul; decided 10 Jul.
    expect(find('C-1001', 'assessment-decision')).toEqual([
      expect.objectContaining({ due: '2026-07-13', status: 'met', completedOn: '2026-07-10', ownerRole: 'provision-lead', ownerId: 'p1', citation: 'PS 5.3' }),
    ]);
    // PS 5.16: requested 1 Jun 2026 + 20 weeks = 19 Oct; issued 12 Oct.
    expect(find('C-1001', 'final-plan')).toEqual([expect.objectContaining({ due: '2026-10-19', status: 'met', completedOn: '2026-10-12' })]);
    // PS 5.3 for C-1002: requested 1 Sep + 6 weeks = 13 Oct, no decision by 23 Nov.
    expect(find('C-1002', 'assessment-decision')).toEqual([expect.objectContaining({ due: '2026-10-13', status: 'overdue', completedOn: null })]);
    // PS 12.6: mediation asked for on 10 Nov + 30 days = 10 Dec: 17 days away, beyond the 14-day lookahead.
    expect(find('C-1001', 'mediation-session')).toEqual([expect.objectContaining({ due: '2026-12-10', status: 'upcoming' })]);
  });

  it('--lookahead widens due-soon', async () => {
    const list = JSON.parse((await run('--input', file, '--today', '2026-11-23', '--json', '--lookahead', '20')).out) as Record<string, unknown>[];
    expect(list.find((o) => o.kind === 'mediation-session')).toEqual(expect.objectContaining({ status: 'due-soon' }));
  });

  it("--owner keeps only that person's obligations", async () => {
    const { code, out } = await run('--input', file, '--today', '2026-11-23', '--json', '--owner', 'p1');
    expect(code).toBe(0);
    const list = JSON.parse(out) as Record<string, unknown>[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((o) => o.ownerId === 'p1')).toBe(true);
  });

  it('an unknown --owner is an error naming the id', async () => {
    const { code, err } = await run('--input', file, '--today', '2026-11-23', '--owner', 'p404');
    expect(code).toBe(2);
    expect(err).toContain('--owner: no person with id "p404"');
  });
});

describe('send-oversight obligations (table)', () => {
  it('groups by owner with name and role, overdue before due-soon, upcoming and done', async () => {
    const { code, out } = await run('--input', file, '--today', '2026-11-23');
    expect(code).toBe(0);
    expect(out).toMatch(/^Obligations on 2026-11-23/);
    expect(out).toContain('Alex Reed (provision-lead)');
    expect(out).toMatch(/status\s+due\s+kind\s+case\/person\s+citation/);
    expect(out).toContain(KIND_LABELS['assessment-decision']);
    const alex = out.split('\n\n').find((b) => b.startsWith('Alex Reed'))!;
    const statuses = alex
      .split('\n')
      .slice(2)
      .map((l) => l.trim().split(/\s+/)[0]);
    const order = ['overdue', 'due-soon', 'upcoming', 'excepted', 'breached', 'met-late', 'met', 'ok'];
    const ranks = statuses.map((s) => order.indexOf(s!));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(statuses[0]).toBe('overdue'); // C-1002's decision
    expect(alex).toMatch(/overdue\s+2026-10-13\s+Decide whether to assess\s+C-1002\s+PS 5\.3/);
  });

  it('defaults --today to the Europe/London date of the clock (BST: 23:30 UTC is the next day)', async () => {
    const io = fakeIo({ cwd: tmp.dir, clock: Date.UTC(2026, 6, 31, 23, 30) });
    expect(await command.run(['--input', file], io)).toBe(0);
    expect(io.out()).toMatch(/^Obligations on 2026-08-01 /);
  });
});

describe('send-oversight obligations: bad input', () => {
  it('a broken case file: every error with its path, exit 2', async () => {
    const broken = exampleCaseFile() as any;
    broken.cases[0].plan.issuedOn = '2026-02-30';
    broken.cases[1].leadProfessionalId = 'p404';
    const name = tmp.write('broken.json', broken);
    const { code, out, err } = await run('--input', name, '--today', '2026-11-23');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('cases[0].plan.issuedOn: not a date "2026-02-30"');
    expect(err).toContain('cases[1].leadProfessionalId: no person with id "p404"');
    expect(err).toContain('broken.json: 2 errors');
  });

  it.each([
    [['--today', '2026-02-30'], 'not a date "2026-02-30"'],
    [['--today', '23/11/2026'], 'not a date "23/11/2026"'],
    [['--lookahead', 'soon'], '--lookahead: not a whole number "soon"'],
    [['--lookahead=-3'], '--lookahead: -3 is out of range'],
    [['--lookahead', '-3'], 'option --lookahead needs a value (write --lookahead=VALUE'],
    [['--json=yes'], 'option --json does not take a value'],
    [['--bogus'], 'unknown option --bogus'],
    [['--input'], 'option --input needs a value'],
    [['extra'], 'unexpected argument "extra"'],
  ])('%j: exit 2, "%s" and a one-line hint to --help', async (args, message) => {
    const { code, out, err } = await run('--input', file, ...args);
    expect(code).toBe(2);
    expect(out).toBe('');
    const [first, hint, ...rest] = err.split('\n');
    expect(first).toContain(message);
    expect(first).toMatch(/^send-oversight obligations: /);
    expect([hint, ...rest]).toEqual(['Run `send-oversight obligations --help` for its usage.', '']);
  });

  it('a missing input file: one line naming it, exit 2', async () => {
    const { code, err } = await run('--input', 'nowhere.json', '--today', '2026-11-23');
    expect(code).toBe(2);
    expect(err).toBe('send-oversight obligations: cannot read "nowhere.json": no such file\n');
  });

  it('--help prints the usage, exit 0', async () => {
    const { code, out, err } = await run('--help');
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('Usage: send-oversight obligations');
    expect(out).toContain('--lookahead DAYS');
  });
});

describe('send-oversight obligations without --input (the configured store)', () => {
  it('reads the SQLite store named by SEND_DB_PATH and prints the same obligations as the file', async () => {
    const { openStore } = await import('../../src/store/index.js');
    const { readCaseFile } = await import('../../src/domain/validate.js');
    const env = { SEND_STORE: 'sqlite', SEND_DB_PATH: `${tmp.dir}/store.db` };
    const store = await openStore(env, { create: true });
    try {
      await store.importCaseFile(readCaseFile(exampleCaseFile()));
    } finally {
      await store.close();
    }
    const io = fakeIo({ cwd: tmp.dir, env });
    expect(await command.run(['--today', '2026-11-23', '--json'], io)).toBe(0);
    expect(io.out()).toBe((await run('--input', file, '--today', '2026-11-23', '--json')).out);
  });

  it('a bad SEND_STORE is named, exit 2', async () => {
    const io = fakeIo({ cwd: tmp.dir, env: { SEND_STORE: 'spreadsheet' } });
    expect(await command.run(['--today', '2026-11-23'], io)).toBe(2);
    expect(io.err().split('\n')[0]).toContain('SEND_STORE must be "sqlite" or "sharepoint", got "spreadsheet"');
  });
});

describe('send-oversight obligations: configuration mistakes are one line naming the variable, exit 2', () => {
  it.each([
    [{ SEND_STORE: 'sharepoint' }, 'SEND_SP_SITE_ID is not set (needed for SEND_STORE=sharepoint) (or pass --input FILE)'],
    [{ SEND_STORE: 'sharepoint', SEND_SP_SITE_ID: 'site' }, 'SEND_SP_TENANT_ID is not set (needed for SEND_STORE=sharepoint) (or pass --input FILE)'],
    [
      { SEND_STORE: 'sharepoint', SEND_SP_SITE_ID: 'site', SEND_SP_TENANT_ID: 't', SEND_SP_CLIENT_ID: 'c' },
      'SEND_SP_CLIENT_SECRET is not set, nor SEND_SP_CERT_THUMBPRINT with SEND_SP_CERT_KEY_FILE (SEND_STORE=sharepoint needs one credential) (or pass --input FILE)',
    ],
    [
      { SEND_STORE: 'sharepoint', SEND_SP_SITE_ID: 'site', SEND_SP_TENANT_ID: 't', SEND_SP_CLIENT_ID: 'c', SEND_SP_CERT_THUMBPRINT: 'ab', SEND_SP_CERT_KEY_FILE: 'nowhere.pem' },
      'SEND_SP_CERT_KEY_FILE: cannot read nowhere.pem (ENOENT) (or pass --input FILE)',
    ],
  ])('%j', async (env, message) => {
    const io = fakeIo({ cwd: tmp.dir, env });
    expect(await command.run(['--today', '2026-11-23'], io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toBe(`send-oversight obligations: ${message}\n`);
  });

  it('a SEND_DB_PATH with no database there (a mistyped folder): named, exit 2, nothing created', async () => {
    const io = fakeIo({ cwd: tmp.dir, env: { SEND_DB_PATH: 'typo/store.db' } });
    expect(await command.run(['--today', '2026-11-23'], io)).toBe(2);
    expect(io.err()).toBe(
      `send-oversight obligations: SEND_DB_PATH: there is no database at ${tmp.dir}/typo/store.db (check the path; \`npm start\` or \`send-oversight import\` creates a new one) (or pass --input FILE)\n`,
    );
  });

  it('a JSON syntax error is placed by line and column', async () => {
    tmp.write('broken.json', '{\n  "people": [],\n  "cases": [\n    { "id": "C-1" "childName": "x" }\n  ]\n}\n');
    const { code, out, err } = await run('--input', 'broken.json', '--today', '2026-11-23');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`not valid JSON: line 4, column 19: Expected ',' or '}' after property value\nbroken.json: 1 error\n`);
  });
});

describe('the obligations table', () => {
  const base = {
    personId: null,
    completedOn: null,
    ownerRole: 'provision-lead',
    citation: 'PS 11.2',
    seriesId: null,
    meetingOn: null,
    pfa: null,
    subject: null,
    basis: 'the rule',
    actionId: null,
    auditId: null,
  } as const;

  it('shows dates as dates and casework instants in London time (GMT in winter, BST in summer)', () => {
    const list: Obligation[] = [
      { ...base, caseId: 'C-1', kind: 'casework-recording', due: '2026-07-01T10:00:00.000Z', status: 'met', ownerId: 'p1', key: 'a' },
      { ...base, caseId: 'C-1', kind: 'casework-recording', due: '2026-11-22T10:00:00.000Z', status: 'overdue', ownerId: 'p1', key: 'b' },
      { ...base, caseId: 'C-1', kind: 'final-plan', due: '2026-10-19', status: 'met', ownerId: 'p1', citation: 'PS 5.16', key: 'c' },
    ];
    const table = obligationTable(list, new Map(), { today: '2026-11-23', lookaheadDays: 14 });
    const rows = table.split('\n').filter((l) => l.startsWith('  ') && !l.includes('status'));
    expect(
      rows.map((r) =>
        r
          .trim()
          .split(/\s{2,}/)
          .slice(0, 2),
      ),
    ).toEqual([
      ['overdue', '2026-11-22 10:00 GMT'],
      ['met', '2026-07-01 11:00 BST'],
      ['met', '2026-10-19'],
    ]);
  });

  it('prints hundreds of thousands of obligations (a spread of that many widths overflowed the stack)', () => {
    const n = 400_000;
    const list: Obligation[] = [];
    for (let i = 0; i < n; i += 1) {
      list.push({ ...base, caseId: `C-${100_000 + (i % 50_000)}`, kind: 'annual-review', due: '2027-01-15', status: 'upcoming', ownerId: `p${i % 700}`, citation: 'PS 7.4', key: `k${i}` });
    }
    const table = obligationTable(list, new Map(), { today: '2026-11-23', lookaheadDays: 14 });
    expect(table.startsWith(`Obligations on 2026-11-23 (due-soon = within 14 days): ${n} in all (${n} upcoming)\n`)).toBe(true);
    expect(table.split('\n').filter((l) => l.startsWith('  upcoming')).length).toBe(n);
  });
});
