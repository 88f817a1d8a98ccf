// Type tests for the table of kinds (src/domain/kinds.ts): checked by `npm run typecheck` (part of
// `npm test`). Each `@ts-expect-error` below must be an error, or the type check fails ("unused
// directive"): the compiler, not a reviewer, says what a new kind needs.
import type { KindEntry, KindTable } from '../../src/domain/kinds.js';
import { KINDS } from '../../src/domain/kinds.js';
import type { Case } from '../../src/domain/model.js';
import type { Obligation, ObligationKind } from '../../src/domain/obligation.js';
import { obligation } from '../../src/domain/rules/build.js';
import type { RuleContext } from '../../src/domain/rules/context.js';

const entry: KindEntry<'final-plan'> = KINDS['final-plan'];

// 1. An entry without its rule.
// @ts-expect-error -- property 'rule' is missing
export const noRule: KindEntry<'final-plan'> = {
  label: entry.label,
  citation: entry.citation,
  appliesUnder: 'every profile',
  deadline: 'by',
  section: 'casework',
  card: entry.card,
  figures: [],
  botCommand: entry.botCommand,
};

// 2. A kind of the list without its entry in the table.
const { 'final-plan': _left, ...rest } = KINDS;
// @ts-expect-error -- property 'final-plan' is missing in the table
export const missingEntry: KindTable = rest;

// 3. An entry for a kind that is not in the list (a new entry without the kind, or a typo).
// @ts-expect-error -- 'year8-review' is not an ObligationKind
export const extraEntry: KindTable = { ...KINDS, 'year8-review': entry };

// 4. A rule that makes an obligation of a kind the table does not know.
export function year8Review(c: Case, _ctx: RuleContext, out: Obligation[]): Obligation[] {
  // @ts-expect-error -- 'year8-review' is not an ObligationKind
  out.push(obligation(c.id, null, 'year8-review', null, 1, null, '2027-12-31', 'upcoming', null, 'provision-lead', c.leadProfessionalId, 'DT', () => 'basis', null));
  return out;
}

// 5. A profile's own kind marked as applying under every profile, and the reverse.
// @ts-expect-error -- year6-review applies only under profiles that switch it on
export const wrongScope: KindEntry<'year6-review'> = { ...KINDS['year6-review'], appliesUnder: 'every profile' };
// @ts-expect-error -- final-plan applies under every profile
export const wrongScope2: KindEntry<'final-plan'> = { ...entry, appliesUnder: 'profiles that switch it on' };

// 6. The decisions read from the table are total: no kind falls through to a default.
export function sectionOfEvery(kind: ObligationKind): string {
  return KINDS[kind].section;
}
