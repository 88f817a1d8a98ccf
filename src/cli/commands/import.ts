// send-oversight import FILE: checks a case file and, only if it has no error at all, replaces the
// configured store's content with it (SEND_STORE, SEND_DB_PATH: src/store/config.ts) in one
// all-or-nothing step. A bad file lists every error (JSON paths) and leaves the store untouched.
import { openStore, readStoreConfig } from '../../store/index.js';
import { StoreValidationError, type CaseStore, type ImportReport } from '../../store/port.js';
import { isConfigError, parseOptions, runCommand, UsageError, EXIT_OK, EXIT_USAGE } from '../args.js';
import type { CliCommand, CliIo } from '../io.js';
import { PolicyInvalidError, UnknownPolicyError } from '../../domain/policy.js';
import { policyFileFromEnv, PolicyRegistry, storedPolicy, type PolicySource } from '../../services/policy.js';
import { readCaseFileArgument } from './validate.js';

const usage = `Usage: send-oversight import FILE

Replaces the whole content of the store with the case file FILE (JSON, docs/case-file.md), after checking
it: if the file has any error, every error is printed with its JSON path, nothing is imported and the
exit code is 2. The import is all-or-nothing: on any failure the store keeps its previous content.

The store is the one the server uses: SEND_STORE=sqlite (default) with SEND_DB_PATH
(default ./data/send-oversight.db), or SEND_STORE=sharepoint.

  -h, --help   show this help
`;

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function describeImport(r: ImportReport): string {
  return [
    count(r.cases, 'case'),
    count(r.people, 'person', 'people'),
    count(r.supervisions, 'supervision'),
    count(r.meetingSeries, 'meeting series', 'meeting series'),
    count(r.nominations, 'nomination'),
    count(r.selections, 'selection'),
    count(r.actions, 'action'),
  ].join(', ');
}

/** Opens the configured store (a relative SEND_DB_PATH is resolved against io.cwd). A store that does
 * not exist yet is created only when `create` says so (import, import-sheet); a configuration mistake
 * (SEND_STORE, SEND_DB_PATH, the SharePoint settings) is one line on stderr and null. */
export async function openStoreForCommand(io: CliIo, commandName: string, options: { create?: boolean } = {}): Promise<CaseStore | null> {
  try {
    return await openStore({ ...io.env }, { cwd: io.cwd, create: options.create === true });
  } catch (e) {
    if (isConfigError(e)) {
      io.stderr(`send-oversight ${commandName}: ${e.message}\n`);
      return null;
    }
    throw e;
  }
}

/** "sqlite ./data/send-oversight.db" or "sharepoint", for the line that says where data went. */
export function storeDescription(env: Readonly<Record<string, string | undefined>>): string {
  const config = readStoreConfig(env);
  return config.kind === 'sqlite' ? `sqlite ${config.path}` : config.kind;
}

export const command: CliCommand = {
  name: 'import',
  summary: 'replace the store content with a case file (checked first; all or nothing)',
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { positionals } = parseOptions(argv, {}, { min: 1, max: 1 });
      const file = positionals[0];
      if (file === undefined) throw new UsageError('FILE is required');
      const caseFile = readCaseFileArgument(io, file);
      if (caseFile === null) {
        io.stderr('nothing was imported\n');
        return EXIT_USAGE;
      }
      const store = await openStoreForCommand(io, 'import', { create: true });
      if (store === null) return EXIT_USAGE;
      try {
        // The profile the file names must be known here (docs/rules.md section 9): shipped, the store's
        // own, or SEND_POLICY_FILE's.
        try {
          const own = [await storedPolicy(store), policyFileFromEnv(io.env, io.cwd)].filter((s): s is PolicySource => s !== null);
          new PolicyRegistry(own).source(caseFile.policy);
        } catch (e) {
          if (!(e instanceof UnknownPolicyError || e instanceof PolicyInvalidError)) throw e;
          io.stderr(`${file}: policy: ${e.message}\nnothing was imported\n`);
          return EXIT_USAGE;
        }
        const report = await store.importCaseFile(caseFile);
        io.stdout(`imported ${file} into ${storeDescription(io.env)}: ${describeImport(report)}\n`);
        return EXIT_OK;
      } catch (e) {
        if (e instanceof StoreValidationError) {
          io.stderr(`${e.problems.length ? e.problems.map((p) => `${p}\n`).join('') : `${e.message}\n`}nothing was imported\n`);
          return EXIT_USAGE;
        }
        throw e;
      } finally {
        await store.close();
      }
    }),
};
