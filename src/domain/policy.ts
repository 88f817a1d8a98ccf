// A policy profile: one council's timings as data (docs/rules.md section 9). The statutory timescales
// are the same for every English authority; a profile sets the parameters of the rules that a
// council's own practice decides, switches on the profile's own kinds and may name its own citation
// for a kind. Profiles are JSON files under policies/ (read by services/policy.ts); this module is the
// pure part: the schema, every problem by its path, and Dorset, the default (sections 2-8 as written).
import { z } from 'zod';
import { OBLIGATION_KINDS, PROFILE_KINDS, type ObligationKind, type ProfileKind } from './obligation.js';

/** What one parameter means, its bounds and the rule that sets it. */
export interface ParameterSpec {
  readonly min: number;
  readonly max: number;
  readonly unit: 'days' | 'working days' | 'school day' | 'months' | 'hours' | 'years';
  readonly what: string;
  /** The rule book's value comes from here (a profile may differ). */
  readonly source: string;
}

/** Every parameter a profile sets (docs/rules.md section 9), in the order `policy show` prints them. */
export const PARAMETERS = {
  reminderLookaheadDays: {
    min: 0,
    max: 365,
    unit: 'days',
    source: 'docs/rules.md section 3',
    what: 'an open obligation due within this many days is "due soon" (reminded and listed as such)',
  },
  annualReviewLeadDays: {
    min: 0,
    max: 182,
    unit: 'days',
    source: 'PS 7.4',
    what: 'the annual review meeting is due this many days before the anniversary (0: by the anniversary itself)',
  },
  specialistNoticeDays: {
    min: 1,
    max: 182,
    unit: 'days',
    source: 'DT "Reviewing EHC plans"',
    what: "specialists get at least this many days' notice of a review meeting (review-specialist-notice, when switched on)",
  },
  cmooeSummaryLeadDays: {
    min: 1,
    max: 28,
    unit: 'days',
    source: 'PS 4.2',
    what: 'each CMOOE case summary is due this many days before the meeting it serves',
  },
  nominationCutoffDays: {
    min: 0,
    max: 28,
    unit: 'days',
    source: 'PS 4.2',
    what: 'a nomination made at least this many days before a CMOOE meeting goes on its agenda (later ones roll over)',
  },
  supervisionIntervalMonths: {
    min: 1,
    max: 12,
    unit: 'months',
    source: 'PS 6.13',
    what: 'each person with a manager is supervised within this many months of the last supervision',
  },
  supervisionNotesWorkingDays: {
    min: 1,
    max: 60,
    unit: 'working days',
    source: 'PS 11.4',
    what: 'supervision notes are shared with the supervisee within this many working days',
  },
  caseworkRecordingHours: {
    min: 1,
    max: 720,
    unit: 'hours',
    source: 'PS 11.2',
    what: 'casework is recorded within this many hours of the event',
  },
  exclusionProvisionSchoolDay: {
    min: 1,
    max: 30,
    unit: 'school day',
    source: 'PS 6.17',
    what: 'education provision after a permanent exclusion is in place from this school day of the exclusion',
  },
  exclusionProvisionSchoolDayInCare: {
    min: 1,
    max: 30,
    unit: 'school day',
    source: 'PS 6.18',
    what: 'the same, for a child in care',
  },
  ceaseAppealWindowMonths: {
    min: 0,
    max: 24,
    unit: 'months',
    source: 'PS 9.6',
    what: 'a plan may not be ceased before this many months after the decision to cease was notified (the appeal window)',
  },
  // Retention (docs/rules.md sections 7 and 9): how long the service keeps a child's record and the
  // record of who opened it. The app lists what has passed it; only information governance destroys.
  retentionYearsFromBirth: {
    min: 1,
    max: 120,
    unit: 'years',
    source: 'SV (the retention schedule for local authorities)',
    what: "a child's record is kept until this many years after the date of birth",
  },
  retentionYearsAfterClosure: {
    min: 0,
    max: 100,
    unit: 'years',
    source: "SV (the council's rule for closed cases)",
    what: 'a case whose plan ceased or was transferred out is kept at least this many years after that date (whichever of the two is later)',
  },
  accessLogRetentionYears: {
    min: 1,
    max: 100,
    unit: 'years',
    source: 'docs/rules.md section 7',
    what: 'an entry of the access record is kept this many years, then removed',
  },
} as const satisfies Record<string, ParameterSpec>;

export type ParameterName = keyof typeof PARAMETERS;

/** "1 month", "2 months", "6 school day" reads as "school day 6". */
export function parameterText(name: ParameterName, value: number): string {
  const unit = PARAMETERS[name].unit;
  if (unit === 'school day') return `school day ${value}`;
  return `${value} ${value === 1 ? unit.replace(/s$/, '') : unit}`;
}
export type PolicyParameters = { readonly [P in ParameterName]: number };
export const PARAMETER_NAMES = Object.keys(PARAMETERS) as ParameterName[];

export interface Policy {
  /** How a case file names it (`"policy": "durham"`). */
  readonly name: string;
  readonly title: string;
  /** Where its rules come from, in a sentence. */
  readonly description: string;
  readonly parameters: PolicyParameters;
  /** The profile's own kinds it switches on (docs/rules.md section 9). */
  readonly kinds: readonly ProfileKind[];
  /** The profile's citation for a kind, where it replaces the rule book's. */
  readonly citations: Readonly<Partial<Record<ObligationKind, string>>>;
}

const parameterSchema = (name: ParameterName) => {
  const p: ParameterSpec = PARAMETERS[name];
  return z
    .number({ error: (iss) => (iss.input === undefined ? `required: ${p.what} (${p.unit})` : `must be a number of ${p.unit}`) })
    .int({ error: `must be a whole number of ${p.unit}` })
    .min(p.min, { error: `must be ${p.min} or more (${p.unit})` })
    .max(p.max, { error: `must be ${p.max} or less (${p.unit})` });
};

const profileKinds: readonly string[] = PROFILE_KINDS;
const allKinds: readonly string[] = OBLIGATION_KINDS;

export const policySchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'must be lower-case letters, digits and dashes (up to 40), e.g. "durham"' }),
  title: z.string().trim().min(1, { error: 'must not be empty' }),
  description: z
    .string()
    .optional()
    .transform((v) => v ?? ''),
  parameters: z.strictObject(Object.fromEntries(PARAMETER_NAMES.map((n) => [n, parameterSchema(n)])) as { [P in ParameterName]: ReturnType<typeof parameterSchema> }),
  kinds: z
    .array(z.string().refine((k) => profileKinds.includes(k), { error: (iss) => `${JSON.stringify(iss.input)} is not a kind a profile switches on; one of ${PROFILE_KINDS.join(', ')}` }))
    .refine((list) => new Set(list).size === list.length, { error: 'a kind is listed twice' })
    .optional()
    .transform((v) => (v ?? []) as ProfileKind[]),
  citations: z
    .record(
      z.string().refine((k) => allKinds.includes(k), { error: (iss) => `${JSON.stringify(iss.input)} is not an obligation kind` }),
      z.string().trim().min(1, { error: 'must not be empty' }),
    )
    .optional()
    .transform((v) => (v ?? {}) as Partial<Record<ObligationKind, string>>),
});

/** A problem in a profile, by its JSON path (`parameters.annualReviewLeadDays`). */
export interface PolicyProblem {
  readonly path: string;
  readonly message: string;
}

export class PolicyInvalidError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly PolicyProblem[],
  ) {
    super(`the policy profile ${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` + problems.map((p) => `  ${p.path || '(the file)'}: ${p.message}`).join('\n'));
    this.name = 'PolicyInvalidError';
  }
}

/** No profile of that name (the case file's or the store's `policy`): names the known ones. */
export class UnknownPolicyError extends Error {
  constructor(
    readonly policy: string,
    readonly known: readonly string[],
  ) {
    super(`unknown policy profile ${JSON.stringify(policy)}: the profiles are ${known.map((k) => JSON.stringify(k)).join(', ')} (policies/, or SEND_POLICY_FILE; docs/rules.md section 9)`);
    this.name = 'UnknownPolicyError';
  }
}

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : (out ? '.' : '') + String(key);
  return out;
}

/** Check a profile's JSON; every problem at once, each by its path. */
export function parsePolicy(input: unknown): { ok: true; policy: Policy } | { ok: false; problems: PolicyProblem[] } {
  const parsed = policySchema.safeParse(input);
  if (parsed.success) return { ok: true, policy: parsed.data };
  const problems: PolicyProblem[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: pathOf([...issue.path, key]), message: 'unknown field' });
    } else if (issue.code === 'invalid_type' && issue.path.length === 0) {
      problems.push({ path: '', message: 'a profile is a JSON object' });
    } else if (issue.code === 'invalid_key') {
      // A citation for something that is not a kind: the key's own message.
      problems.push({ path: pathOf(issue.path), message: issue.issues[0]?.message ?? issue.message });
    } else {
      problems.push({ path: pathOf(issue.path), message: issue.message });
    }
  }
  return { ok: false, problems };
}

/** parsePolicy, or a PolicyInvalidError naming `source` (the file) and every problem. */
export function readPolicy(input: unknown, source: string): Policy {
  const result = parsePolicy(input);
  if (!result.ok) throw new PolicyInvalidError(source, result.problems);
  return result.policy;
}

/** Dorset: the rule book as written (docs/rules.md sections 2-8), the default profile. policies/dorset.json
 * holds the same values (a test keeps them equal), so a council can copy and change it. */
export const DORSET: Policy = Object.freeze({
  name: 'dorset',
  title: 'Dorset SEND Practice Standards',
  description: "The statutory timescales with Dorset's practice standards (PS), quality assurance framework (QA) and strategy scorecard; docs/rules.md sections 2-8.",
  parameters: Object.freeze({
    reminderLookaheadDays: 14,
    annualReviewLeadDays: 0,
    specialistNoticeDays: 42,
    cmooeSummaryLeadDays: 7,
    nominationCutoffDays: 7,
    supervisionIntervalMonths: 1,
    supervisionNotesWorkingDays: 10,
    caseworkRecordingHours: 48,
    exclusionProvisionSchoolDay: 6,
    exclusionProvisionSchoolDayInCare: 1,
    ceaseAppealWindowMonths: 2,
    retentionYearsFromBirth: 25,
    retentionYearsAfterClosure: 6,
    accessLogRetentionYears: 6,
  }),
  kinds: Object.freeze<ProfileKind[]>([]),
  citations: Object.freeze({}),
});

export const DEFAULT_POLICY_NAME = DORSET.name;

/** The profile a case file asks for when the caller has not loaded one: Dorset, the default. Any other
 * name must be loaded (services/policy.ts) and passed in; there is no silent fallback to Dorset. */
export function defaultPolicyFor(name: string | undefined): Policy {
  if (name === undefined || name === DORSET.name) return DORSET;
  throw new PolicyNotLoadedError(name);
}

export class PolicyNotLoadedError extends Error {
  constructor(readonly policy: string) {
    super(`the case file's policy is ${JSON.stringify(policy)}, but no profile of that name was given to the rules: load it (services/policy.ts, policies/${policy}.json) and pass it`);
    this.name = 'PolicyNotLoadedError';
  }
}
