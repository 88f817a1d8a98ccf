// What a command needs from the outside world, passed in so that commands run in-process in tests:
// output streams, the environment, the clock and the working directory. No command touches
// process.* directly; main.ts builds the real CliIo from the process.
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

export interface CliIo {
  /** Writes text to standard output (the caller adds newlines). */
  readonly stdout: (text: string) => void;
  /** Writes text to standard error. */
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock (ms since the epoch); "today" defaults to its Europe/London date. */
  readonly clock: () => number;
  /** The directory relative file names are resolved against. */
  readonly cwd: string;
}

/** A sub-command of `send-oversight`. Each module in src/cli/commands/ exports one as `command`. */
export interface CliCommand {
  /** What the user types: `send-oversight <name> ...`. */
  readonly name: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** The usage text printed by `--help` and after a bad argument. */
  readonly usage: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    clock: () => Date.now(),
    cwd: process.cwd(),
  };
}

/** A file the user named that cannot be read or written; reported as one line, exit 2. */
export class CliFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFileError';
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file';
  if (err.code === 'EISDIR') return 'it is a directory';
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied';
  return err.message;
}

export function resolvePath(io: Pick<CliIo, 'cwd'>, file: string): string {
  return resolve(io.cwd, file);
}

/** Reads a UTF-8 text file named on the command line (relative to io.cwd). */
export function readTextFile(io: Pick<CliIo, 'cwd'>, file: string): string {
  try {
    return readFileSync(resolvePath(io, file), 'utf8');
  } catch (e) {
    throw new CliFileError(`cannot read ${JSON.stringify(file)}: ${reason(e)}`);
  }
}

/** Writes a file in chunks to a temporary name, then renames it into place: a failure never
 * leaves a half-written file under the name the user gave. */
export function writeFileAtomically(io: Pick<CliIo, 'cwd'>, file: string, write: (chunk: (text: string) => void) => void): void {
  const target = resolvePath(io, file);
  const temp = `${target}.tmp-${process.pid}`;
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (e) {
    throw new CliFileError(`cannot write ${JSON.stringify(file)}: ${reason(e)}`);
  }
  try {
    write((text) => void writeSync(fd, text));
    closeSync(fd);
    renameSync(temp, target);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temp, { force: true });
    throw new CliFileError(`cannot write ${JSON.stringify(file)}: ${reason(e)}`);
  }
}

/** Collects small writes into chunks of about 1 MB before passing them on (large JSON outputs). */
export function chunked(out: (text: string) => void, size = 1 << 20): { write: (text: string) => void; flush: () => void } {
  let buffer: string[] = [];
  let length = 0;
  const flush = () => {
    if (length === 0) return;
    out(buffer.join(''));
    buffer = [];
    length = 0;
  };
  return {
    write: (text) => {
      buffer.push(text);
      length += text.length;
      if (length >= size) flush();
    },
    flush,
  };
}
