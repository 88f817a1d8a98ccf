// send-oversight demo: writes a made-up SEND service as a case file (src/domain/demo.ts). The same
// --cases, --seed and --today always give byte-identical output.
import { generateDemo } from '../../domain/demo.js';
import type { CaseFile } from '../../domain/model.js';
import { intOption, parseOptions, runCommand, todayOption, UsageError, EXIT_OK } from '../args.js';
import { chunked, writeFileAtomically, type CliCommand, type CliIo } from '../io.js';
import { unknownPolicy } from './validate.js';

export const MAX_DEMO_CASES = 1_000_000;

const usage = `Usage: send-oversight demo --cases N [--seed S] [--today YYYY-MM-DD] [--policy NAME] [--out FILE]

Writes a made-up SEND service as a case file (JSON, docs/case-file.md): staff scaled to the number of
cases, the Agents Playground users first (Alex Wilber, Megan Bowen, Adele Vance, Isaiah Langer,
Patti Fernandez, Lynne Robbins), cases at every stage with dates around --today. No real people.

  --cases N            how many cases (0 to ${MAX_DEMO_CASES})
  --seed S             any whole number 0 to 4294967295 (default 1); same seed, same file
  --today YYYY-MM-DD   the day the data is built around (default: today in Europe/London)
  --policy NAME        the policy profile the file names (default dorset; the data is the same)
  --out FILE           write to FILE (default: standard output)
  -h, --help           show this help
`;

/** Write a case file as JSON to standard output, or (atomically) to the file `out`. */
export function writeCaseFileOut(io: CliIo, file: CaseFile, out: string | undefined): void {
  const emit = (write: (text: string) => void) => {
    const chunks = chunked(write);
    writeCaseFileJson(file, chunks.write);
    chunks.flush();
  };
  if (out === undefined) emit(io.stdout);
  else writeFileAtomically(io, out, emit);
}

/** Exactly JSON.stringify(file, null, 2) + newline, produced a case at a time (100,000 cases is
 * hundreds of megabytes: one string that size is close to V8's limit). */
export function writeCaseFileJson(file: CaseFile, write: (text: string) => void): void {
  const keys = Object.keys(file) as (keyof CaseFile)[];
  write('{\n');
  keys.forEach((key, k) => {
    const value = file[key];
    const end = k < keys.length - 1 ? ',\n' : '\n';
    if (!Array.isArray(value) || value.length === 0) {
      write(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${end}`);
      return;
    }
    write(`  ${JSON.stringify(key)}: [\n`);
    value.forEach((item: unknown, i: number) => {
      write(`    ${JSON.stringify(item, null, 2).replace(/\n/g, '\n    ')}${i < value.length - 1 ? ',' : ''}\n`);
    });
    write(`  ]${end}`);
  });
  write('}\n');
}

export const command: CliCommand = {
  name: 'demo',
  summary: 'write a made-up demo service as a case file (deterministic for a seed)',
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { values } = parseOptions(argv, {
        cases: { type: 'string' },
        seed: { type: 'string' },
        today: { type: 'string' },
        policy: { type: 'string' },
        out: { type: 'string' },
      });
      const policy = values.policy?.trim() ?? 'dorset';
      const known = unknownPolicy(io, policy);
      if (known !== null) throw new UsageError(`--policy: ${known}`);
      const cases = intOption('cases', values.cases, undefined, 0, MAX_DEMO_CASES);
      if (cases === undefined) throw new UsageError('--cases is required');
      const seed = intOption('seed', values.seed, 1, 0, 0xffffffff);
      const today = todayOption(values.today, io);
      if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out: needs a file name');
      const file = generateDemo({ cases, seed, today, policy });
      writeCaseFileOut(io, file, values.out);
      if (values.out !== undefined) {
        io.stderr(`wrote ${values.out}: ${cases} cases, ${file.people.length} people (seed ${seed}, today ${today})\n`);
      }
      return EXIT_OK;
    }),
};
