// The rules' context for a service that works from the store (not a whole case file): people,
// meeting series, school holidays and the policy profile read from the store, today and now from the
// caller's clock.
import type { Person } from '../domain/model.js';
import { ruleContext } from '../domain/obligations.js';
import type { RuleContext } from '../domain/rules/context.js';
import type { CaseStore } from '../store/port.js';
import { servicePolicy } from './policy.js';

export async function storeRuleContext(store: CaseStore, today: string, now: string): Promise<{ people: Person[]; ctx: RuleContext }> {
  const [people, meetingSeries, schoolHolidays, policy] = await Promise.all([store.listPeople(), store.listMeetingSeries(), store.listSchoolHolidays(), servicePolicy(store)]);
  return { people, ctx: ruleContext({ meetingSeries, people, schoolHolidays }, { today, now, policy }) };
}
