// All the obligations of a service on a day: every rule of standards.md section 3 applied to every
// case and person of a case file, sorted as case-file.md says.
import { Calendar } from './calendar/index.js';
import { scheduleOf } from './cmooe.js';
import { toDay } from './dates.js';
import { rulesFor } from './kinds.js';
import type { Action, Case, CaseFile, Person, Supervision } from './model.js';
import type { Obligation } from './obligation.js';
import { defaultPolicyFor, type Policy } from './policy.js';
import type { RuleContext } from './rules/context.js';
import { actionObligations, caseObligations, personObligations } from './rules/index.js';
import { sortObligations } from './rules/order.js';

export interface ObligationOptions {
  /** Today in Europe/London, YYYY-MM-DD. */
  readonly today: string;
  /** The current instant (ISO), for casework-recording deadlines; optional. */
  readonly now?: string;
  /** Default: the profile's reminder lookahead. */
  readonly lookaheadDays?: number;
  /** The calendar; by default one built from the file's school holidays. */
  readonly calendar?: Calendar;
  /** The profile in force (services/policy.ts loads it by the file's `policy`); default: Dorset, which
   * only a file of policy "dorset" (or none) may use. */
  readonly policy?: Policy;
}

export function calendarFor(file: Pick<CaseFile, 'schoolHolidays'>): Calendar {
  return new Calendar({ schoolHolidays: file.schoolHolidays.map((h) => ({ from: h.from, to: h.to })) });
}

/** The rules' context: the profile's parameters and rules are read here, once, not per case. A file
 * naming a profile other than the one given is an error (a caller loaded the wrong one). */
export function ruleContext(
  file: Pick<CaseFile, 'meetingSeries' | 'people' | 'schoolHolidays'> & { readonly policy?: string },
  options: ObligationOptions,
): RuleContext {
  const policy = options.policy ?? defaultPolicyFor(file.policy);
  if (file.policy !== undefined && file.policy !== policy.name) {
    throw new RangeError(`the case file's policy is ${JSON.stringify(file.policy)} but the rules were given the profile ${JSON.stringify(policy.name)}`);
  }
  const lookaheadDays = options.lookaheadDays ?? policy.parameters.reminderLookaheadDays;
  if (!Number.isInteger(lookaheadDays) || lookaheadDays < 0) throw new RangeError(`lookahead must be a whole number of days, 0 or more, got ${lookaheadDays}`);
  return {
    today: toDay(options.today),
    ...(options.now !== undefined ? { now: Date.parse(options.now) } : {}),
    lookaheadDays,
    calendar: options.calendar ?? calendarFor(file),
    series: new Map(file.meetingSeries.map((s) => [s.id, scheduleOf(s)])),
    meetingSeries: file.meetingSeries,
    peopleById: new Map(file.people.map((p) => [p.id, p])),
    policy,
    params: policy.parameters,
    rules: rulesFor(policy),
    memo: { reviewsOf: null, meetings: [] },
  };
}

/** Obligations of one case (unsorted). */
export function obligationsOfCase(c: Case, ctx: RuleContext): Obligation[] {
  return caseObligations(c, ctx);
}

/** Obligations owed about one person: supervision and supervision notes (unsorted). */
export function obligationsOfPerson(p: Person, supervisions: readonly Supervision[], ctx: RuleContext): Obligation[] {
  return personObligations(p, supervisions, ctx);
}

/** Obligations of actions agreed at meetings, each its owner's (unsorted). */
export function obligationsOfActions(actions: readonly Action[], ctx: RuleContext): Obligation[] {
  return actionObligations(actions, ctx);
}

/** Every obligation of the file, sorted by due, then caseId, then kind. */
export function computeObligations(file: CaseFile, options: ObligationOptions): Obligation[] {
  const ctx = ruleContext(file, options);
  const out: Obligation[] = [];
  for (const c of file.cases) caseObligations(c, ctx, out);
  actionObligations(file.actions, ctx, out);
  const bySupervisee = new Map<string, Supervision[]>();
  for (const s of file.supervisions) {
    const list = bySupervisee.get(s.superviseeId);
    if (list) list.push(s);
    else bySupervisee.set(s.superviseeId, [s]);
  }
  for (const p of file.people) personObligations(p, bySupervisee.get(p.id) ?? [], ctx, out);
  // Same order as out.sort(compareObligations), without a comparator call per pair (rules/order.ts).
  return sortObligations(out);
}
