// Status of an obligation on `today` (docs/rules.md section 3, "Status on a given today").
import type { Day } from '../dates.js';
import type { ObligationStatus } from '../obligation.js';

export const DEFAULT_LOOKAHEAD_DAYS = 14;

/** met: done on or before due (a deadline is inclusive); met-late: done after due;
 * overdue: not done and today > due; due-soon: not done and due - today <= lookahead; upcoming: further. */
export function deadlineStatus(due: Day, completed: Day | null, today: Day, lookaheadDays: number): ObligationStatus {
  if (completed !== null) return completed <= due ? 'met' : 'met-late';
  if (today > due) return 'overdue';
  return due - today <= lookaheadDays ? 'due-soon' : 'upcoming';
}

/** For "not before" rules: breached only when the thing was done before the date; ok otherwise
 * (including not done yet). */
export function earliestStatus(notBefore: Day, done: Day | null): ObligationStatus {
  return done !== null && done < notBefore ? 'breached' : 'ok';
}

/** For a paper that serves a meeting (cmooe-summary, review-advice-circulation): as deadlineStatus, but
 * `missed` once the meeting on `meeting` has been held (today > meeting) without it. The meeting went
 * ahead: it is no longer anyone's to do, and it counts as not on time (docs/rules.md section 3). */
export function meetingPaperStatus(due: Day, completed: Day | null, meeting: Day, today: Day, lookaheadDays: number): ObligationStatus {
  if (completed === null && today > meeting) return 'missed';
  return deadlineStatus(due, completed, today, lookaheadDays);
}
