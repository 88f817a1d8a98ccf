// send-oversight validate FILE: checks a case file (docs/case-file.md) and lists every problem at once,
// each naming its JSON path.
import type { CaseFile } from '../../domain/model.js';
import { PolicyInvalidError, UnknownPolicyError } from '../../domain/policy.js';
import { formatError, parseCaseFileText } from '../../domain/validate.js';
import { policyRegistryFromEnv } from '../../services/policy.js';
import { parseOptions, runCommand, UsageError, EXIT_OK, EXIT_USAGE } from '../args.js';
import { readTextFile, type CliCommand, type CliIo } from '../io.js';

const usage = `Usage: send-oversight validate FILE

Checks a case file (JSON, docs/case-file.md): prints every error, one per line, naming its JSON path
(e.g. cases[3].plan.issuedOn: not a date "2026-02-30"), then the count. Exit 0 if valid, 2 if not.
Besides the shape (whose JSON Schema is docs/case-file.schema.json), it checks that every id referred
to exists and that dates are in order.

  -h, --help   show this help
`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Reads and checks the case file FILE; on errors prints them all (to stderr, or to `report`) and
 * returns null (the caller exits 2). */
export function readCaseFileArgument(io: CliIo, file: string, report: (text: string) => void = io.stderr): CaseFile | null {
  const result = parseCaseFileText(readTextFile(io, file));
  if (result.ok) return result.file;
  report(result.errors.map((e) => `${formatError(e)}\n`).join('') + `${file}: ${plural(result.errors.length, 'error')}\n`);
  return null;
}

/** Why the profile `name` cannot be used here (unknown, or SEND_POLICY_FILE is invalid), or null. */
export function unknownPolicy(io: CliIo, name: string): string | null {
  try {
    policyRegistryFromEnv(io.env, io.cwd).source(name);
    return null;
  } catch (e) {
    if (e instanceof UnknownPolicyError || e instanceof PolicyInvalidError) return e.message;
    throw e;
  }
}

export const command: CliCommand = {
  name: 'validate',
  summary: 'check a case file and list every error with its JSON path',
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { positionals } = parseOptions(argv, {}, { min: 1, max: 1 });
      const file = positionals[0];
      if (file === undefined) throw new UsageError('FILE is required');
      const caseFile = readCaseFileArgument(io, file, io.stdout);
      if (caseFile === null) return EXIT_USAGE;
      // The profile it names must be one known here (docs/rules.md section 9).
      const unknown = unknownPolicy(io, caseFile.policy);
      if (unknown !== null) {
        io.stdout(`policy: ${unknown}\n${file}: 1 error\n`);
        return EXIT_USAGE;
      }
      io.stdout(`${file}: valid (${plural(caseFile.cases.length, 'case')}, ${caseFile.people.length} ${caseFile.people.length === 1 ? 'person' : 'people'})\n`);
      return EXIT_OK;
    }),
};
