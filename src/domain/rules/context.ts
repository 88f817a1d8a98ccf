// What every rule needs besides the case: the day, the calendar, the service's configuration and the
// policy profile in force (its parameters are read once per context, never per case).
// The clock is a parameter: nothing in the domain reads the time.
import type { Calendar } from '../calendar/index.js';
import type { Day } from '../dates.js';
import type { Audit, Case, MeetingSeries, Person } from '../model.js';
import type { Policy, PolicyParameters } from '../policy.js';
import type { SeriesSchedule } from '../cmooe.js';
import type { CompiledRules } from '../kinds.js';

export interface RuleContext {
  /** Today in Europe/London. */
  readonly today: Day;
  /** The current instant (ms since epoch), for the instant deadlines of casework recording.
   * When absent, an instant deadline is overdue once `today` is past its Europe/London date. */
  readonly now?: number;
  /** Days ahead within which an open obligation is `due-soon` (the profile's, unless the caller set it). */
  readonly lookaheadDays: number;
  readonly calendar: Calendar;
  /** Meeting series by id (the CMOOE series of section 4 among them). */
  readonly series: ReadonlyMap<string, SeriesSchedule>;
  readonly meetingSeries: readonly MeetingSeries[];
  readonly peopleById: ReadonlyMap<string, Person>;
  /** The profile in force (docs/rules.md section 9). */
  readonly policy: Policy;
  /** Its parameters (the same object as policy.parameters). */
  readonly params: PolicyParameters;
  /** The rules of the kinds in force under the profile, by scope (kinds.ts). */
  readonly rules: CompiledRules;
  /** What several rules read of the case in hand, worked out once per case (rules run case by case). */
  readonly memo: RuleMemo;
  /** The case-file audits of each case (docs/rules.md section 8): the audit rule reads them beside the
   * case, so that a case's obligations come out together. */
  readonly auditsByCase: ReadonlyMap<string, readonly Audit[]>;
}

/** The review meetings of the case the rules last looked at, as day numbers (in the order of c.reviews). */
export interface RuleMemo {
  reviewsOf: Case | null;
  meetings: readonly Day[];
}
