import { afterAll, describe, expect, it } from '@jest/globals';
import { command } from '../../src/cli/commands/validate.js';
import { exampleCaseFile, fakeIo, tempDir } from './support.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

async function run(...argv: string[]) {
  const io = fakeIo({ cwd: tmp.dir });
  const code = await command.run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('send-oversight validate', () => {
  it('a valid file: exit 0 and "FILE: valid (N cases, M people)"', async () => {
    const name = tmp.write('good.json', exampleCaseFile());
    const { code, out, err } = await run(name);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe('good.json: valid (2 cases, 4 people)\n');
  });

  it('a broken file: every error at once, one per line with its JSON path, then the count; exit 2', async () => {
    const broken = exampleCaseFile() as any;
    broken.cases[0].plan.issuedOn = '2026-02-30';
    broken.cases[0].reviews[0].meetingOnn = '2027-09-20';
    broken.cases[1].primaryNeed = 'AUTISM';
    broken.supervisions[0].supervisorId = 'p77';
    broken.people[1].email = 'not-an-email';
    const name = tmp.write('broken.json', broken);
    const { code, out } = await run(name);
    expect(code).toBe(2);
    const lines = out.trimEnd().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'cases[0].plan.issuedOn: not a date "2026-02-30"',
        'cases[0].reviews[0].meetingOnn: unknown field',
        'supervisions[0].supervisorId: no person with id "p77"',
        'people[1].email: not an email address "not-an-email"',
      ]),
    );
    expect(lines.some((l) => l.startsWith('cases[1].primaryNeed: ') && l.includes('"AUTISM"'))).toBe(true);
    expect(lines[lines.length - 1]).toBe(`broken.json: ${lines.length - 1} errors`);
    expect(lines.length - 1).toBeGreaterThanOrEqual(5);
  });

  it('text that is not JSON is one error, exit 2', async () => {
    const name = tmp.write('garbage.json', '{ "cases": [ ');
    const { code, out } = await run(name);
    expect(code).toBe(2);
    expect(out).toMatch(/^not valid JSON: /);
    expect(out).toContain('garbage.json: 1 error\n');
  });

  it('a file that does not exist: one line naming it, exit 2', async () => {
    const { code, out, err } = await run('missing.json');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('send-oversight validate: cannot read "missing.json": no such file\n');
  });

  it.each([
    [[], 'FILE is required'],
    [['a.json', 'b.json'], 'unexpected argument "b.json"'],
    [['--strict', 'a.json'], 'unknown option --strict'],
  ])('%j: exit 2 with "%s" and a one-line hint to --help', async (args, message) => {
    const { code, err } = await run(...args);
    expect(code).toBe(2);
    expect(err).toBe(`send-oversight validate: ${message}\nRun \`send-oversight validate --help\` for its usage.\n`);
  });

  it('--help: usage, exit 0', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toContain('Usage: send-oversight validate FILE');
  });
});
