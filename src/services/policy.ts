// The policy profiles (docs/rules.md section 9): JSON files under policies/
// that ship with the code (dorset, durham), and a council's own copy, which a service uses when the
// case file's `policy` names it:
//   - the store setting `policy-profile` (one profile, validated when stored: `send-oversight policy use
//     FILE`, or the server at start from SEND_POLICY_FILE), read by every part of the service on every
//     instance;
//   - for the command line, SEND_POLICY_FILE directly.
// The case file's (and the store's) `policy` chooses; an unknown name is an error naming the known ones.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DORSET, PolicyInvalidError, readPolicy, UnknownPolicyError, type Policy } from '../domain/policy.js';
import type { CaseStore } from '../store/port.js';
import type { Logger } from './log.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the shipped profiles live (policies/NAME.json), resolved from the source or the dist tree. */
export const POLICIES_DIR = path.basename(path.dirname(repoRoot)) === 'dist' || path.basename(repoRoot) === 'dist' ? path.resolve(repoRoot, '..', 'policies') : path.join(repoRoot, 'policies');

/** The store setting that holds a service's own profile. */
export const POLICY_SETTING = 'policy-profile';

/** A profile and where it was read from (for `policy show`, the tab and the bot). */
export interface PolicySource {
  readonly policy: Policy;
  /** "policies/durham.json", "SEND_POLICY_FILE /etc/send/northshire.json", "store setting policy-profile". */
  readonly from: string;
}

/** Read and check one profile file: a JSON syntax error or any schema problem is a PolicyInvalidError
 * that names the file and each problem's path. */
export function readPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PolicyInvalidError(file, [{ path: '', message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (e) {
    throw new PolicyInvalidError(file, [{ path: '', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return readPolicy(json, file);
}

let shipped: ReadonlyMap<string, PolicySource> | null = null;

/** The profiles that ship with the code (policies/*.json), read once per process (they are part of the
 * release, like the card templates). A file whose `name` is not its file name is an error. */
export function shippedPolicies(dir: string = POLICIES_DIR): ReadonlyMap<string, PolicySource> {
  if (dir === POLICIES_DIR && shipped !== null) return shipped;
  const out = new Map<string, PolicySource>();
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    const file = path.join(dir, f);
    const policy = readPolicyFile(file);
    if (`${policy.name}.json` !== f)
      throw new PolicyInvalidError(file, [{ path: 'name', message: `is ${JSON.stringify(policy.name)}, but the file is ${f}: a shipped profile's name is its file name` }]);
    out.set(policy.name, { policy, from: `policies/${f}` });
  }
  if (!out.has(DORSET.name)) throw new Error(`the default profile policies/${DORSET.name}.json is missing from ${dir}`);
  if (dir === POLICIES_DIR) shipped = out;
  return out;
}

/** The profiles known to one process: the shipped ones, with a council's own copy (which replaces a
 * shipped profile of the same name) on top. */
export class PolicyRegistry {
  private readonly byName: ReadonlyMap<string, PolicySource>;

  constructor(own: readonly PolicySource[] = [], base: ReadonlyMap<string, PolicySource> = shippedPolicies()) {
    const all = new Map(base);
    for (const s of own) all.set(s.policy.name, s);
    this.byName = all;
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** The profile called `name`, or UnknownPolicyError naming the known ones. */
  source(name: string): PolicySource {
    const found = this.byName.get(name);
    if (found === undefined) throw new UnknownPolicyError(name, this.names());
    return found;
  }

  get(name: string): Policy {
    return this.source(name).policy;
  }
}

/** The profile of SEND_POLICY_FILE (a council's own copy; a relative path is read from `cwd`), or null
 * when it is not set. */
export function policyFileFromEnv(env: Readonly<Record<string, string | undefined>>, cwd: string = process.cwd()): PolicySource | null {
  const file = env.SEND_POLICY_FILE?.trim();
  return file ? { policy: readPolicyFile(path.resolve(cwd, file)), from: `SEND_POLICY_FILE ${file}` } : null;
}

/** The registry of a command-line run: shipped profiles, and SEND_POLICY_FILE's if set. */
export function policyRegistryFromEnv(env: Readonly<Record<string, string | undefined>>, cwd?: string): PolicyRegistry {
  const own = policyFileFromEnv(env, cwd);
  return new PolicyRegistry(own ? [own] : []);
}

/** The service's own profile kept in the store (setting `policy-profile`), checked again when read. */
export async function storedPolicy(store: CaseStore): Promise<PolicySource | null> {
  const value = await store.getSetting(POLICY_SETTING);
  if (value === null) return null;
  return { policy: readPolicy(value, `in the store setting ${POLICY_SETTING}`), from: `store setting ${POLICY_SETTING}` };
}

/** Keep `policy` as the service's own profile (every instance and every part of the service uses it
 * when the case file's `policy` names it). */
export async function storePolicy(store: CaseStore, policy: Policy): Promise<void> {
  await store.putSetting(POLICY_SETTING, policy);
}

/** The profile a store-backed service follows: the store's `policy`, looked up in its own stored
 * profile, then the shipped ones (`extra`: the command line's SEND_POLICY_FILE, which wins). */
export async function servicePolicySource(store: CaseStore, extra: readonly PolicySource[] = []): Promise<PolicySource> {
  const [name, own] = await Promise.all([store.policyName(), storedPolicy(store)]);
  return new PolicyRegistry([...(own ? [own] : []), ...extra]).source(name);
}

/** At the server's start: a council's own copy named by SEND_POLICY_FILE is kept in the store, so that
 * every part of the service, on every instance, follows it; then the profile in force is worked out
 * (and logged). A bad file, or a case file naming a profile that is not known, throws (PolicyInvalidError,
 * UnknownPolicyError): the server does not start on rules it cannot follow. */
export async function policyAtStart(store: CaseStore, env: Readonly<Record<string, string | undefined>>, logger?: Logger): Promise<PolicySource> {
  const own = policyFileFromEnv(env);
  if (own !== null) {
    await storePolicy(store, own.policy);
    logger?.info('policy profile from SEND_POLICY_FILE kept in the store', { policy: own.policy.name });
  }
  const inForce = await servicePolicySource(store);
  logger?.info('policy profile in force', { policy: inForce.policy.name, from: inForce.from });
  return inForce;
}

export async function servicePolicy(store: CaseStore): Promise<Policy> {
  return (await servicePolicySource(store)).policy;
}
