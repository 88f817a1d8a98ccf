import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { commandFiles, loadCommands, main } from '../../src/cli/main.js';
import { exampleCaseFile, fakeIo, tempDir } from './support.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const repo = fileURLToPath(new URL('../../', import.meta.url));

describe('send-oversight (the program)', () => {
  it('finds its commands in src/cli/commands at run time', async () => {
    expect(commandFiles()).toEqual(expect.arrayContaining(['demo.ts', 'obligations.ts', 'validate.ts']));
    const io = fakeIo({ cwd: tmp.dir });
    const names = (await loadCommands(io)).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['demo', 'obligations', 'validate']));
    expect(names).toEqual([...names].sort());
  });

  it('with no command: the list of commands on stderr, exit 2', async () => {
    const io = fakeIo({ cwd: tmp.dir });
    expect(await main([], io)).toBe(2);
    expect(io.err()).toContain('Usage: send-oversight <command> [options]');
    expect(io.err()).toMatch(/\n {2}obligations +list the obligations/);
    expect(io.err()).toMatch(/\n {2}validate +check a case file/);
    expect(io.err()).toMatch(/\n {2}demo +write a made-up demo service/);
  });

  it('an unknown command or option: named, with a one-line hint to --help (not the whole list), exit 2', async () => {
    const io = fakeIo({ cwd: tmp.dir });
    expect(await main(['obligation'], io)).toBe(2);
    expect(io.err()).toBe('send-oversight: unknown command "obligation"\nRun `send-oversight --help` for the list of commands.\n');
    const option = fakeIo({ cwd: tmp.dir });
    expect(await main(['--verbose'], option)).toBe(2);
    expect(option.err()).toBe('send-oversight: unknown option "--verbose"\nRun `send-oversight --help` for the list of commands.\n');
  });

  it('--version (and -V): the version of package.json on stdout, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const io = fakeIo({ cwd: tmp.dir });
      expect(await main([flag], io)).toBe(0);
      expect(io.out()).toBe(`send-oversight ${version}\n`);
      expect(io.err()).toBe('');
    }
  });

  it('--help: the list on stdout, exit 0; help COMMAND and COMMAND --help: its usage, exit 0', async () => {
    const a = fakeIo({ cwd: tmp.dir });
    expect(await main(['--help'], a)).toBe(0);
    expect(a.out()).toContain('Commands:');
    for (const name of ['obligations', 'validate', 'demo']) {
      const b = fakeIo({ cwd: tmp.dir });
      expect(await main(['help', name], b)).toBe(0);
      expect(b.out()).toContain(`Usage: send-oversight ${name}`);
      const c = fakeIo({ cwd: tmp.dir });
      expect(await main([name, '--help'], c)).toBe(0);
      expect(c.out()).toBe(b.out());
    }
  });

  it('passes the arguments after the command name to the command', async () => {
    const name = tmp.write('service.json', exampleCaseFile());
    const io = fakeIo({ cwd: tmp.dir });
    expect(await main(['validate', name], io)).toBe(0);
    expect(io.out()).toBe('service.json: valid (2 cases, 4 people)\n');
  });

  it('a broken or empty module is named on stderr and left out; the others still run', async () => {
    const dir = new URL('./fixtures/commands/', import.meta.url);
    expect(commandFiles(dir)).toEqual(['broken.js', 'hello.js', 'nothing.js']);
    const io = fakeIo({ cwd: tmp.dir });
    expect(await main(['hello', 'Sam'], io, dir)).toBe(0);
    expect(io.out()).toBe('hello Sam\n');
    const list = fakeIo({ cwd: tmp.dir });
    expect(await main(['--help'], list, dir)).toBe(0);
    expect(list.out()).toMatch(/Commands:\n {2}hello {2}say hello\n/);
    expect(list.err()).toBe(
      'send-oversight: command module broken.js failed to load: this module is broken on purpose\n' +
        'send-oversight: command module nothing.js does not export `command` (name, summary, usage, run)\n',
    );
  });

  it('a command whose own module fails to load says so (not "unknown command"), exit 1', async () => {
    const io = fakeIo({ cwd: tmp.dir });
    expect(await main(['broken'], io, new URL('./fixtures/commands/', import.meta.url))).toBe(1);
    expect(io.err()).toBe('send-oversight: the "broken" command cannot run: command module broken.js failed to load: this module is broken on purpose\n');
  });

  it('runs as a real process: npx tsx src/cli/main.ts (exit codes and streams)', async () => {
    const name = tmp.write('spawned.json', exampleCaseFile());
    const run = promisify(execFile);
    const ok = await run('npx', ['tsx', 'src/cli/main.ts', 'obligations', '--input', `${tmp.dir}/${name}`, '--today', '2026-11-23', '--json'], { cwd: repo });
    const list = JSON.parse(ok.stdout) as { caseId: string; kind: string; due: string }[];
    expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ caseId: 'C-1002', kind: 'assessment-decision', due: '2026-10-13' })]));
    const bad = await run('npx', ['tsx', 'src/cli/main.ts', 'obligations', '--input', `${tmp.dir}/${name}`, '--today', '2026-02-30'], { cwd: repo }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad?.code).toBe(2);
    expect(bad?.stderr).toContain('--today: not a date "2026-02-30"');
  });
});
