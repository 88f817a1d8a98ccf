// Retention (docs/rules.md sections 7 and 9): how long a child's record is kept, by the policy
// profile's parameters. A record is kept until the date of birth + retentionYearsFromBirth years; a
// case whose plan ceased or was transferred out is kept at least retentionYearsAfterClosure years after
// that date (whichever is later: an EHC plan can run to 25, so a plan that ends late in the child's
// life keeps its years after closure). Years are counted as months (29 February + 1 year = 28 February).
// Pure: `today` is a parameter.
import { addMonths, fromDay, toDay } from './dates.js';
import type { Case } from './model.js';
import type { PolicyParameters } from './policy.js';

export interface Retention {
  /** The last day the record is kept; it is past retention from the next day. */
  readonly keepUntil: string;
  /** Which rule sets keepUntil. */
  readonly rule: 'birth' | 'closure';
  /** The date the plan ended (ceased or transferred out), or null while it is open. */
  readonly closedOn: string | null;
  /** The rule in words, with its dates ("25 years from the date of birth, 4 Mar 2001"). */
  readonly basis: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dateText(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}

function years(n: number): string {
  return `${n} year${n === 1 ? '' : 's'}`;
}

/** The day the plan ended: ceased, or transferred out to another authority; null while open. */
export function closureDate(c: Pick<Case, 'plan'>): string | null {
  const ended = [c.plan?.ceasedOn ?? null, c.plan?.transferredOutOn ?? null].filter((d): d is string => d !== null).sort();
  return ended[0] ?? null;
}

type RetentionParameters = Pick<PolicyParameters, 'retentionYearsFromBirth' | 'retentionYearsAfterClosure'>;

/** How long this case's record is kept under the profile's parameters. */
export function retentionOf(c: Pick<Case, 'dateOfBirth' | 'plan'>, params: RetentionParameters): Retention {
  const fromBirth = fromDay(addMonths(toDay(c.dateOfBirth), 12 * params.retentionYearsFromBirth));
  const closedOn = closureDate(c);
  const birthBasis = `${years(params.retentionYearsFromBirth)} from the date of birth, ${dateText(c.dateOfBirth)}`;
  if (closedOn !== null && params.retentionYearsAfterClosure > 0) {
    const fromClosure = fromDay(addMonths(toDay(closedOn), 12 * params.retentionYearsAfterClosure));
    if (fromClosure > fromBirth) {
      return { keepUntil: fromClosure, rule: 'closure', closedOn, basis: `${years(params.retentionYearsAfterClosure)} after the plan ended on ${dateText(closedOn)} (later than ${birthBasis})` };
    }
  }
  return { keepUntil: fromBirth, rule: 'birth', closedOn, basis: birthBasis };
}

/** Is the record past retention on `today` (the day after keepUntil or later)? */
export function isPastRetention(r: Retention, today: string): boolean {
  return today > r.keepUntil;
}

/** The first day an access record entry made on `onDay` may be removed (accessLogRetentionYears later). */
export function accessEntryExpiry(onDay: string, params: Pick<PolicyParameters, 'accessLogRetentionYears'>): string {
  return fromDay(addMonths(toDay(onDay), 12 * params.accessLogRetentionYears));
}

/** Entries made before this day have passed the access record's retention on `today`. */
export function accessLogCutoff(today: string, params: Pick<PolicyParameters, 'accessLogRetentionYears'>): string {
  return fromDay(addMonths(toDay(today), -12 * params.accessLogRetentionYears));
}
