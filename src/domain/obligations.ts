// All the obligations of a service on a day: every rule of docs/rules.md section 3 applied to every
// case and person of a case file, sorted as docs/case-file.md says.
import { Calendar } from './calendar/index.js';
import { scheduleOf } from './cmooe.js';
import { toDay } from './dates.js';
import { rulesFor } from './kinds.js';
import type { Action, Audit, Case, CaseFile, Person, Supervision } from './model.js';
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
  file: Pick<CaseFile, 'meetingSeries' | 'people' | 'schoolHolidays'> & { readonly policy?: string; readonly audits?: readonly Audit[] },
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
    auditsByCase: auditsByCase(file.audits ?? []),
  };
}

/** The audits of each case, in file order. */
function auditsByCase(audits: readonly Audit[]): Map<string, Audit[]> {
  const out = new Map<string, Audit[]>();
  for (const a of audits) {
    const list = out.get(a.caseId);
    if (list) list.push(a);
    else out.set(a.caseId, [a]);
  }
  return out;
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

/** Every obligation of the file, sorted by due, then caseId, then kind. The rules hand them out in that
 * order but for the due date (obligations of no case first, kind by kind, each in the order of the id
 * their key starts with; then case by case in id order, each case's kinds in name order), so that
 * sorting them is mostly putting them into days (rules/order.ts). */
export function computeObligations(file: CaseFile, options: ObligationOptions): Obligation[] {
  const ctx = ruleContext(file, options);
  const rules = ctx.rules;
  const out: Obligation[] = [];
  const bySupervisee = new Map<string, Supervision[]>();
  for (const s of file.supervisions) {
    const list = bySupervisee.get(s.superviseeId);
    if (list) list.push(s);
    else bySupervisee.set(s.superviseeId, [s]);
  }
  const caseless: Action[] = [];
  const ofCases: Action[] = [];
  for (const a of file.actions) (a.caseId === null ? caseless : ofCases).push(a);
  // Of no case: an action agreed for no case is keyed by its owner, the others by their person.
  const keyOrder = <T>(list: readonly T[], id: (x: T) => string): readonly T[] => inOrder(list, (x) => `${id(x)}/`);
  const people = keyOrder(file.people, (p) => p.id);
  let actionsDone = false;
  const caselessActions = () => {
    actionsDone = true;
    actionObligations(
      keyOrder(caseless, (a) => a.ownerId),
      ctx,
      out,
    );
  };
  rules.personRules.forEach((rule, i) => {
    if (!actionsDone && rules.actionRules.length > 0 && 'meeting-action' < rules.personKinds[i]!) caselessActions();
    for (const p of people) rule(p, bySupervisee.get(p.id) ?? [], ctx, out);
  });
  if (!actionsDone && rules.actionRules.length > 0) caselessActions();
  // Case by case; a case's actions among its kinds, where "meeting-action" comes by name. The actions
  // (few) are walked in case order beside the cases.
  const caseRules = rules.caseRules;
  const before = rules.caseRulesBeforeActions;
  const actions = inOrder(ofCases, (a) => a.caseId!);
  const unmatched: Action[] = [];
  let next = 0;
  for (const c of inOrder(file.cases, (x) => x.id)) {
    for (let i = 0; i < before; i += 1) caseRules[i]!(c, ctx, out);
    while (next < actions.length && actions[next]!.caseId! < c.id) unmatched.push(actions[next++]!);
    const from = next;
    while (next < actions.length && actions[next]!.caseId === c.id) next += 1;
    if (next > from) actionObligations(actions.slice(from, next), ctx, out);
    for (let i = before; i < caseRules.length; i += 1) caseRules[i]!(c, ctx, out);
  }
  // Actions naming a case the file does not have (a file not cross-checked): still listed.
  actionObligations([...unmatched, ...actions.slice(next)], ctx, out);
  // Same order as out.sort(compareObligations), without a comparator call per pair (rules/order.ts).
  return sortObligations(out);
}

/** `list` in the code-unit order of key(x) (as < compares), stably; the list itself when already so. */
function inOrder<T>(list: readonly T[], key: (x: T) => string): readonly T[] {
  let sorted = true;
  let previous: string | null = null;
  for (const x of list) {
    const k = key(x);
    if (previous !== null && k < previous) {
      sorted = false;
      break;
    }
    previous = k;
  }
  if (sorted) return list;
  const keys = list.map(key);
  const order = Array.from(keys, (_k, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
  return order.map((i) => list[i]!);
}
