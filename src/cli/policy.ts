// The policy profile a command-line run follows (docs/rules.md section 9): the case file's `policy`
// (--input FILE, or the store's), looked up in SEND_POLICY_FILE's profile, the store's own profile and
// the shipped ones (policies/). An unknown name or a bad profile is a clear error (exit 2).
import type { CaseFile } from '../domain/model.js';
import { PolicyInvalidError, UnknownPolicyError } from '../domain/policy.js';
import { policyFileFromEnv, policyRegistryFromEnv, servicePolicySource, type PolicySource } from '../services/policy.js';
import { CliConfigError, isConfigError } from './args.js';
import type { CliIo } from './io.js';
import { readCaseFileArgument } from './commands/validate.js';

export interface FileAndPolicy {
  readonly file: CaseFile;
  readonly policy: PolicySource;
}

/** The case file of --input FILE (or the configured store's content) and the profile it names. Prints
 * the problems and returns null when the file is invalid or its profile unknown or invalid. */
export async function caseFileAndPolicy(io: CliIo, input: string | undefined, commandName: string): Promise<FileAndPolicy | null> {
  try {
    if (input !== undefined) {
      const file = readCaseFileArgument(io, input);
      if (file === null) return null;
      return { file, policy: policyRegistryFromEnv(io.env, io.cwd).source(file.policy) };
    }
    return await storeFileAndPolicy(io);
  } catch (e) {
    if (e instanceof UnknownPolicyError || e instanceof PolicyInvalidError) {
      io.stderr(`send-oversight ${commandName}: ${input !== undefined && e instanceof UnknownPolicyError ? `${input}: policy: ` : ''}${e.message}\n`);
      return null;
    }
    throw e;
  }
}

async function storeFileAndPolicy(io: CliIo): Promise<FileAndPolicy> {
  // Imported here, not at the top, so that commands reading a file never load the database driver.
  const { openStore } = await import('../store/index.js');
  let store;
  try {
    store = await openStore({ ...io.env }, { cwd: io.cwd });
  } catch (e) {
    if (isConfigError(e)) throw new CliConfigError(`${e.message} (or pass --input FILE)`);
    throw e;
  }
  try {
    const file = await store.exportCaseFile();
    const own = policyFileFromEnv(io.env, io.cwd);
    return { file, policy: await servicePolicySource(store, own ? [own] : []) };
  } finally {
    await store.close();
  }
}
