// Test fixtures for the rules: a full Case from a partial (parsed by the real schema, so missing
// fields are filled in exactly as in a loaded case file) and a RuleContext for a given day.
import type { z } from 'zod';
import { caseSchema, meetingSeriesSchema, personSchema, supervisionSchema, type Case, type Person, type Supervision } from '../../../src/domain/model.js';
import type { Obligation } from '../../../src/domain/obligation.js';
import { ruleContext } from '../../../src/domain/obligations.js';
import type { Policy } from '../../../src/domain/policy.js';
import type { RuleContext } from '../../../src/domain/rules/context.js';
import { shippedPolicies } from '../../../src/services/policy.js';

/** The shipped profiles, read from policies/ as the service reads them. */
export const DURHAM: Policy = shippedPolicies().get('durham')!.policy;
export const DORSET_FILE: Policy = shippedPolicies().get('dorset')!.policy;

export type CaseInput = Partial<z.input<typeof caseSchema>>;

/** A case with a child born 2012-10-15 (NC year 8 in 2025/26), led by p1, inclusion lead p3. */
export function makeCase(partial: CaseInput = {}): Case {
  return caseSchema.parse({
    id: 'C-1',
    childName: 'Test Child',
    dateOfBirth: '2012-10-15',
    leadProfessionalId: 'p1',
    inclusionLeadId: 'p3',
    ...partial,
  });
}

export function makePerson(partial: Partial<z.input<typeof personSchema>> & { id: string }): Person {
  return personSchema.parse({ name: `Person ${partial.id}`, roles: ['provision-lead'], ...partial });
}

export function makeSupervision(superviseeId: string, heldOn: string, notesSharedOn: string | null = null, supervisorId = 'p9'): Supervision {
  return supervisionSchema.parse({ superviseeId, supervisorId, heldOn, notesSharedOn });
}

/** The two CMOOE series of docs/case-file.md. */
export const CASE_FILE_SERIES = [
  { id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2026-11-26', everyDays: 14 },
  { id: 'cic-cmooe', title: 'Children in Care CMOOE', firstMeetingOn: '2026-11-27', everyDays: 14 },
];

export const DEFAULT_PEOPLE: Person[] = [
  makePerson({ id: 'p1', roles: ['provision-lead'], managerId: 'p9' }),
  makePerson({ id: 'p3', roles: ['inclusion-lead'], managerId: 'p9' }),
  makePerson({ id: 'p9', roles: ['team-manager'] }),
];

export interface CtxOptions {
  readonly lookaheadDays?: number;
  readonly now?: string;
  readonly series?: ReadonlyArray<z.input<typeof meetingSeriesSchema>>;
  readonly people?: readonly Person[];
  readonly schoolHolidays?: ReadonlyArray<{ from: string; to: string }>;
  /** The profile in force (default: Dorset, the domain's built-in). */
  readonly policy?: Policy;
}

export function ctxOn(today: string, options: CtxOptions = {}): RuleContext {
  return ruleContext(
    {
      meetingSeries: (options.series ?? CASE_FILE_SERIES).map((s) => meetingSeriesSchema.parse(s)),
      people: [...(options.people ?? DEFAULT_PEOPLE)],
      schoolHolidays: (options.schoolHolidays ?? []).map((h) => ({ from: h.from, to: h.to, name: null })),
    },
    {
      today,
      ...(options.lookaheadDays !== undefined ? { lookaheadDays: options.lookaheadDays } : {}),
      ...(options.now !== undefined ? { now: options.now } : {}),
      ...(options.policy !== undefined ? { policy: options.policy } : {}),
    },
  );
}

/** The fields a reader of the obligation list sees, for compact expectations. */
export function brief(o: Obligation) {
  return { due: o.due, status: o.status, completedOn: o.completedOn };
}

/** Expect every field of the Obligation type to be present (none undefined). */
export const OBLIGATION_FIELDS = [
  'caseId',
  'personId',
  'kind',
  'due',
  'status',
  'completedOn',
  'ownerRole',
  'ownerId',
  'citation',
  'seriesId',
  'meetingOn',
  'pfa',
  'key',
  'subject',
  'basis',
  'actionId',
] as const;
