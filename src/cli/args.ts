// Option parsing for the commands: node:util parseArgs in strict mode, with every mistake turned into
// a UsageError whose one-line message names the option and the problem. runCommand prints that
// message and a one-line hint to `--help` on stderr and exits 2; `--help` prints the usage and exits 0.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isIsoDate, londonToday } from '../domain/dates.js';
import { CliFileError, type CliCommand, type CliIo } from './io.js';

/** A mistake in the command line (unknown option, missing or bad value). Exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A configuration mistake found by a command: one line naming the variable to set, exit 2. */
export class CliConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliConfigError';
  }
}

/** Configuration errors of the layers below (the store's, the Graph credentials', the server's),
 * known by name so that this module loads none of them. Each message names the variable to set. */
const CONFIG_ERRORS = new Set(['CliConfigError', 'StoreConfigError', 'AuthConfigError', 'ConfigError', 'ReminderConfigError']);

export function isConfigError(e: unknown): e is Error {
  return e instanceof Error && CONFIG_ERRORS.has(e.name);
}

/** The line after a usage mistake: where to read the usage, not the whole of it. */
export function helpHint(commandName?: string): string {
  return commandName === undefined ? 'Run `send-oversight --help` for the list of commands.' : `Run \`send-oversight ${commandName} --help\` for its usage.`;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs (strict), with its errors rewritten as short UsageErrors. `--help`/`-h` is always accepted. */
export function parseOptions<O extends Options>(argv: string[], options: O, positionals: { min: number; max: number } = { min: 0, max: 0 }) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: positionals.max > 0 });
  } catch (e) {
    throw new UsageError(describeParseError(e as Error & { code?: string }));
  }
  if (parsed.positionals.length > positionals.max) {
    const extra = parsed.positionals[positionals.max]!;
    throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

function describeParseError(e: Error & { code?: string }): string {
  const option = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? e.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(e.message)) return `option ${option} needs a value`;
      if (/ambiguous/.test(e.message)) return `option ${option} needs a value (write ${option}=VALUE for a value starting with "-")`;
      return `option ${option} does not take a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /'([^']*)'/.exec(e.message)?.[1];
      return `unexpected argument ${JSON.stringify(arg ?? e.message)}`;
    }
    default:
      return e.message;
  }
}

/** A YYYY-MM-DD date option; "2026-02-30" is rejected. Absent: `fallback`. */
export function dateOption(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (!isIsoDate(value)) throw new UsageError(`--${name}: not a date ${JSON.stringify(value)} (expected YYYY-MM-DD, a real calendar date)`);
  return value;
}

/** `--today`, defaulting to today's date in Europe/London by the io's clock. */
export function todayOption(value: string | undefined, io: CliIo): string {
  return dateOption('today', value, londonToday(io.clock()));
}

/** A whole-number option within [min, max]. Absent: `fallback`. */
export function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number;
export function intOption(name: string, value: string | undefined, fallback: undefined, min: number, max: number): number | undefined;
export function intOption(name: string, value: string | undefined, fallback: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`--${name}: not a whole number ${JSON.stringify(value)}`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name}: ${value} is out of range (${min} to ${max})`);
  return n;
}

/** Runs a command body: `--help` prints the usage (exit 0); a UsageError prints its message and a
 * hint to --help (exit 2); a file that cannot be read or written, or a configuration mistake, prints
 * one line (exit 2). Anything else is a bug and propagates. */
export async function runCommand(command: Pick<CliCommand, 'name' | 'usage'>, argv: string[], io: CliIo, body: () => Promise<number>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`send-oversight ${command.name}: ${e.message}\n${helpHint(command.name)}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof CliFileError || isConfigError(e)) {
      io.stderr(`send-oversight ${command.name}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
