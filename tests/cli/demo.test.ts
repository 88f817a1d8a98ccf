import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { command } from '../../src/cli/commands/demo.js';
import { generateDemo } from '../../src/domain/demo.js';
import { parseCaseFileText } from '../../src/domain/validate.js';
import { fakeIo, tempDir } from './support.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

async function run(...argv: string[]) {
  const io = fakeIo({ cwd: tmp.dir, clock: Date.UTC(2026, 10, 23, 9, 0) });
  const code = await command.run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('send-oversight demo', () => {
  it('writes a valid case file to stdout', async () => {
    const { code, out, err } = await run('--cases', '60', '--seed', '7', '--today', '2026-11-23');
    expect(err).toBe('');
    expect(code).toBe(0);
    const parsed = parseCaseFileText(out);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    if (parsed.ok) expect(parsed.file.cases).toHaveLength(60);
  });

  it("is the generator's file as 2-space JSON", async () => {
    const { out } = await run('--cases', '12', '--seed', '3', '--today', '2026-03-01');
    expect(out).toBe(JSON.stringify(generateDemo({ cases: 12, seed: 3, today: '2026-03-01' }), null, 2) + '\n');
  });

  it('same seed: byte-identical output; another seed: different output', async () => {
    const a = await run('--cases', '80', '--seed', '42', '--today', '2026-11-23');
    const b = await run('--cases', '80', '--seed', '42', '--today', '2026-11-23');
    const c = await run('--cases', '80', '--seed', '43', '--today', '2026-11-23');
    expect(a.out).toBe(b.out);
    expect(c.out).not.toBe(a.out);
  });

  it('--today defaults to today in Europe/London by the clock', async () => {
    const { out } = await run('--cases', '5', '--seed', '1');
    expect(out).toBe(JSON.stringify(generateDemo({ cases: 5, seed: 1, today: '2026-11-23' }), null, 2) + '\n');
  });

  it('--out writes the file (nothing on stdout, a note on stderr, no temporary file left)', async () => {
    const { code, out, err } = await run('--cases', '30', '--seed', '2', '--today', '2026-11-23', '--out', 'demo.json');
    expect(code).toBe(0);
    expect(out).toBe('');
    expect(err).toContain('wrote demo.json: 30 cases');
    const text = readFileSync(join(tmp.dir, 'demo.json'), 'utf8');
    expect(text).toBe(JSON.stringify(generateDemo({ cases: 30, seed: 2, today: '2026-11-23' }), null, 2) + '\n');
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('--out into a folder that does not exist: one line, exit 2', async () => {
    const { code, err } = await run('--cases', '3', '--out', 'no/such/dir/demo.json');
    expect(code).toBe(2);
    expect(err).toBe('send-oversight demo: cannot write "no/such/dir/demo.json": no such file\n');
  });

  it.each([
    [[], '--cases is required'],
    [['--cases', 'many'], '--cases: not a whole number "many"'],
    [['--cases', '2.5'], '--cases: not a whole number "2.5"'],
    [['--cases=-1'], '--cases: -1 is out of range (0 to 1000000)'],
    [['--cases', '5', '--seed', 'x'], '--seed: not a whole number "x"'],
    [['--cases', '5', '--today', '2026-13-01'], '--today: not a date "2026-13-01"'],
    [['--cases', '5', '--size', '3'], 'unknown option --size'],
  ])('%j: exit 2, "%s" and a one-line hint to --help', async (args, message) => {
    const { code, out, err } = await run(...args);
    expect(code).toBe(2);
    expect(out).toBe('');
    const [first, ...rest] = err.split('\n');
    expect(first).toContain(`send-oversight demo: ${message}`);
    expect(rest).toEqual(['Run `send-oversight demo --help` for its usage.', '']);
  });
});
