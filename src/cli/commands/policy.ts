// send-oversight policy show|list|validate|use: the policy profiles (docs/rules.md section 9). A profile
// is a JSON file a council can copy and change without changing the code: `policy show durham --json`
// prints one to start from, `policy validate FILE` checks a copy (every problem by its path), and
// `policy use FILE` makes it the store's own profile (used when the case file's `policy` names it).
import { KINDS } from '../../domain/kinds.js';
import { OBLIGATION_KINDS } from '../../domain/obligation.js';
import { PARAMETER_NAMES, PARAMETERS, parameterText, PolicyInvalidError, UnknownPolicyError, type Policy } from '../../domain/policy.js';
import { policyFileFromEnv, policyRegistryFromEnv, readPolicyFile, servicePolicySource, storedPolicy, storePolicy, POLICY_SETTING, PolicyRegistry, type PolicySource } from '../../services/policy.js';
import { parseOptions, runCommand, UsageError, EXIT_OK, EXIT_USAGE } from '../args.js';
import { resolvePath, type CliCommand, type CliIo } from '../io.js';
import { caseFileAndPolicy } from '../policy.js';
import { openStoreForCommand, storeDescription } from './import.js';

const usage = `Usage: send-oversight policy show [NAME] [--input FILE] [--json]
       send-oversight policy list
       send-oversight policy validate FILE
       send-oversight policy use FILE | --clear

The policy profiles (docs/rules.md section 9): a council's timings as data. The case file's "policy"
chooses one; "dorset" (the default) and "durham" ship in policies/.

  show [NAME]      print a profile: its parameters, the kinds of obligation in force and its own
                   citations. Without NAME: the profile the store's case file names (or --input FILE's)
  --json           print the profile itself (JSON), to copy and change
  list             the profiles known here, and which one the store follows
  validate FILE    check a profile file: every problem with its path (exit 2 if any)
  use FILE         check FILE and keep it in the store as the service's own profile: every part of
                   the service, on every instance, uses it when the case file's "policy" names it
  use --clear      remove the store's own profile (the shipped ones remain)

SEND_POLICY_FILE=FILE gives the command line (and the server, which keeps it in the store at start)
a council's own profile without \`policy use\`.

  -h, --help       show this help
`;

export const command: CliCommand = {
  name: 'policy',
  summary: "show, list, check or use a policy profile (a council's timings as data)",
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { values, positionals } = parseOptions(argv, { json: { type: 'boolean' }, input: { type: 'string' }, clear: { type: 'boolean' } }, { min: 1, max: 2 });
      const [action, arg] = positionals;
      try {
        switch (action) {
          case 'show':
            return await show(io, arg, values.input, values.json === true);
          case 'list':
            if (arg !== undefined) throw new UsageError('list takes no argument');
            return await list(io);
          case 'validate':
            if (arg === undefined) throw new UsageError('validate: FILE is required');
            return validate(io, arg);
          case 'use':
            return await use(io, arg, values.clear === true);
          default:
            throw new UsageError(`unknown action ${JSON.stringify(action)}: show, list, validate or use`);
        }
      } catch (e) {
        if (e instanceof UnknownPolicyError || e instanceof PolicyInvalidError) {
          io.stderr(`send-oversight policy: ${e.message}\n`);
          return EXIT_USAGE;
        }
        throw e;
      }
    }),
};

async function show(io: CliIo, name: string | undefined, input: string | undefined, json: boolean): Promise<number> {
  let source: PolicySource;
  if (name !== undefined) {
    if (input !== undefined) throw new UsageError('give a NAME or --input FILE, not both');
    source = policyRegistryFromEnv(io.env, io.cwd).source(name);
  } else {
    const found = await caseFileAndPolicy(io, input, 'policy');
    if (found === null) return EXIT_USAGE;
    source = found.policy;
  }
  io.stdout(json ? `${JSON.stringify(source.policy, null, 2)}\n` : describePolicy(source));
  return EXIT_OK;
}

/** A profile in words: where it is from, its parameters against the rule book's, its kinds and citations. */
export function describePolicy(source: PolicySource): string {
  const p = source.policy;
  const lines = [`Policy profile "${p.name}": ${p.title} (${source.from})`];
  if (p.description) lines.push(p.description);
  lines.push('', 'Parameters:');
  const width = Math.max(...PARAMETER_NAMES.map((n) => n.length));
  for (const n of PARAMETER_NAMES) {
    const spec = PARAMETERS[n];
    lines.push(`  ${n.padEnd(width)}  ${parameterText(n, p.parameters[n]).padEnd(16)}  ${spec.what} (${spec.source})`);
  }
  const on = new Set<string>(p.kinds);
  const inForce = OBLIGATION_KINDS.filter((k) => KINDS[k].appliesUnder === 'every profile' || on.has(k));
  const off = OBLIGATION_KINDS.filter((k) => !inForce.includes(k));
  const kindWidth = Math.max(...OBLIGATION_KINDS.map((k) => k.length));
  lines.push('', `Kinds of obligation in force (${inForce.length}):`);
  for (const k of inForce) {
    const own = KINDS[k].appliesUnder === 'every profile' ? '' : "  (this profile's own)";
    lines.push(`  ${k.padEnd(kindWidth)}  ${KINDS[k].label} · ${p.citations[k] ?? KINDS[k].citation}${own}`);
  }
  if (off.length > 0) lines.push('', `Not in force (switched on by other profiles): ${off.join(', ')}`);
  const cites = Object.entries(p.citations);
  lines.push('', cites.length === 0 ? "Citations: the rule book's." : 'Citations of its own:');
  for (const [k, c] of cites) lines.push(`  ${k}: ${c}`);
  return `${lines.join('\n')}\n`;
}

async function list(io: CliIo): Promise<number> {
  const env = policyFileFromEnv(io.env, io.cwd);
  const store = await openStoreForCommand(io, 'policy');
  if (store === null) return EXIT_USAGE;
  try {
    const own = await storedPolicy(store);
    const registry = new PolicyRegistry([...(own ? [own] : []), ...(env ? [env] : [])]);
    const current = await store.policyName();
    for (const name of registry.names()) {
      const s = registry.source(name);
      io.stdout(`${name === current ? '*' : ' '} ${name.padEnd(16)} ${s.policy.title} (${s.from})\n`);
    }
    io.stdout(`* the profile ${storeDescription(io.env)} follows (its case file's "policy")${registry.names().includes(current) ? '' : `: "${current}", which is unknown here`}\n`);
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

function validate(io: CliIo, file: string): number {
  let policy: Policy;
  try {
    policy = readPolicyFile(resolvePath(io, file));
  } catch (e) {
    if (!(e instanceof PolicyInvalidError)) throw e;
    // The file as the user named it, each problem on its own line (stdout: this is the command's answer).
    io.stdout(e.problems.map((p) => `${p.path || '(the file)'}: ${p.message}\n`).join('') + `${file}: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}\n`);
    return EXIT_USAGE;
  }
  io.stdout(`${file}: a valid policy profile "${policy.name}" (${policy.title}); ${policy.kinds.length === 0 ? 'no kinds of its own' : `switches on ${policy.kinds.join(', ')}`}\n`);
  return EXIT_OK;
}

async function use(io: CliIo, file: string | undefined, clear: boolean): Promise<number> {
  if (clear === (file !== undefined)) throw new UsageError('use: give FILE or --clear');
  const policy = file === undefined ? null : readPolicyFile(resolvePath(io, file));
  const store = await openStoreForCommand(io, 'policy');
  if (store === null) return EXIT_USAGE;
  try {
    if (policy === null) {
      await store.putSetting(POLICY_SETTING, null);
      io.stdout(`removed the store's own policy profile from ${storeDescription(io.env)}\n`);
    } else {
      await storePolicy(store, policy);
      io.stdout(`kept "${policy.name}" (${policy.title}) as the own policy profile of ${storeDescription(io.env)}\n`);
    }
    const current = await store.policyName();
    try {
      const inForce = await servicePolicySource(store);
      io.stdout(`the store's case file names "${current}": the service follows ${inForce.policy.name} (${inForce.from})\n`);
    } catch (e) {
      if (!(e instanceof UnknownPolicyError)) throw e;
      io.stdout(`the store's case file names "${current}", which is unknown: ${e.message}\n`);
    }
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
