// The citation an obligation carries: the profile's own for its kind where it names one (docs/rules.md
// section 9: "every obligation names the profile rule it came from"), else the rule book's.
import type { ObligationKind } from '../obligation.js';
import type { RuleContext } from './context.js';

export function citationOf(ctx: RuleContext, kind: ObligationKind, ruleBook: string): string {
  return ctx.policy.citations[kind] ?? ruleBook;
}
