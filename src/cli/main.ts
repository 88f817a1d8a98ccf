#!/usr/bin/env node
// send-oversight <command> [options]
// The commands are the modules in ./commands/ (found at run time, so a new command is one new file
// exporting `command: CliCommand`). Exit codes: 0 done, 1 the command found a problem, 2 bad usage or input.
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, helpHint } from './args.js';
import { processIo, type CliCommand, type CliIo } from './io.js';
import { maxOf } from '../domain/lists.js';

const COMMANDS_DIR = new URL('./commands/', import.meta.url);

/** Command module files: .ts (run with tsx) or .js (built), not declarations or source maps. */
export function commandFiles(dir: URL = COMMANDS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !/\.test\.[tj]s$/.test(f))
    .sort();
}

function isCommand(value: unknown): value is CliCommand {
  const c = value as Partial<CliCommand> | null;
  return !!c && typeof c.name === 'string' && typeof c.summary === 'string' && typeof c.usage === 'string' && typeof c.run === 'function';
}

type Loaded = { command: CliCommand } | { error: string };

/** Loads command modules once per run (a broken module is reported once, not on every lookup). */
class CommandLoader {
  private readonly loaded = new Map<string, Promise<Loaded>>();
  constructor(
    private readonly dir: URL,
    private readonly io: CliIo,
  ) {}

  files(): string[] {
    return commandFiles(this.dir);
  }

  /** Imports one module; a module that fails to load or exports no `command` is an error naming the file. */
  load(file: string): Promise<Loaded> {
    let p = this.loaded.get(file);
    if (!p) {
      p = import(new URL(file, this.dir).href).then(
        (mod: { command?: unknown }) => (isCommand(mod.command) ? { command: mod.command } : { error: `command module ${file} does not export \`command\` (name, summary, usage, run)` }),
        (e: unknown) => ({ error: `command module ${file} failed to load: ${(e as Error).message}` }),
      );
      this.loaded.set(file, p);
    }
    return p;
  }

  /** Every command, sorted by name. Broken modules are reported on stderr and left out, so one
   * broken command does not take the others down. Two modules claiming one name is an error. */
  async all(): Promise<CliCommand[]> {
    const commands: CliCommand[] = [];
    for (const file of this.files()) {
      const result = await this.load(file);
      if ('error' in result) {
        this.io.stderr(`send-oversight: ${result.error}\n`);
        continue;
      }
      const clash = commands.find((c) => c.name === result.command.name);
      if (clash) throw new Error(`two command modules are named "${result.command.name}" (one is ${file})`);
      commands.push(result.command);
    }
    return commands.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The command called `name`: its own file (commands/<name>.ts|js) first, else any module claiming it.
   * Its own file failing to load is reported as such (not as an unknown command). */
  async find(name: string): Promise<CliCommand | { error: string } | null> {
    const own = this.files().find((f) => f.replace(/\.(ts|js)$/, '') === name);
    if (own) {
      const result = await this.load(own);
      if ('error' in result) return result;
      if (result.command.name === name) return result.command;
    }
    return (await this.all()).find((c) => c.name === name) ?? null;
  }
}

/** Every command in the directory, sorted by name (broken modules reported on stderr, left out). */
export function loadCommands(io: CliIo, dir: URL = COMMANDS_DIR): Promise<CliCommand[]> {
  return new CommandLoader(dir, io).all();
}

/** The version of package.json, found from this module (src/cli when run with tsx, dist/src/cli when built). */
export function programVersion(from: URL = new URL('.', import.meta.url)): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, from), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'send-oversight' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there: look one folder further up
    }
  }
  return 'unknown';
}

export function commandList(commands: readonly CliCommand[]): string {
  const width = maxOf(
    commands.map((c) => c.name.length),
    0,
  );
  return [
    'Usage: send-oversight <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `send-oversight <command> --help` for its options; `send-oversight --version` for the version.',
    '',
  ].join('\n');
}

/** Runs `send-oversight` with the arguments after the program name; resolves to the exit code. */
export async function main(argv: string[], io: CliIo, dir: URL = COMMANDS_DIR): Promise<number> {
  const loader = new CommandLoader(dir, io);
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout(`send-oversight ${programVersion()}\n`);
    return EXIT_OK;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] !== undefined) {
      const found = await loader.find(rest[0]);
      if (found && !('error' in found)) return found.run(['--help'], io);
    }
    const list = commandList(await loader.all());
    if (name === undefined) {
      io.stderr(list);
      return EXIT_USAGE;
    }
    io.stdout(list);
    return EXIT_OK;
  }
  const found = name.startsWith('-') ? null : await loader.find(name);
  if (found === null) {
    io.stderr(`send-oversight: ${name.startsWith('-') ? 'unknown option' : 'unknown command'} ${JSON.stringify(name)}\n${helpHint()}\n`);
    return EXIT_USAGE;
  }
  if ('error' in found) {
    io.stderr(`send-oversight: the ${JSON.stringify(name)} command cannot run: ${found.error}\n`);
    return EXIT_FAILURE;
  }
  return found.run(rest, io);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url)) || pathToFileURL(script).href === import.meta.url;
  } catch {
    return false; // argv[1] is not a file (e.g. node -e): not run as the program
  }
}

if (isEntryPoint()) {
  // `send-oversight obligations | head`: the reader went away; stop quietly rather than crash.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`send-oversight: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
