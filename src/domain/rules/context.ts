// What every rule needs besides the case: the day, the calendar and the service's configuration.
// The clock is a parameter: nothing in the domain reads the time.
import type { Calendar } from '../calendar/index.js';
import type { Day } from '../dates.js';
import type { MeetingSeries, Person } from '../model.js';
import type { SeriesSchedule } from '../cmooe.js';

export interface RuleContext {
  /** Today in Europe/London. */
  readonly today: Day;
  /** The current instant (ms since epoch), for the instant deadlines of casework recording.
   * When absent, an instant deadline is overdue once `today` is past its Europe/London date. */
  readonly now?: number;
  /** Days ahead within which an open obligation is `due-soon` (default 14). */
  readonly lookaheadDays: number;
  readonly calendar: Calendar;
  /** Meeting series by id (the CMOOE series of section 4 among them). */
  readonly series: ReadonlyMap<string, SeriesSchedule>;
  readonly meetingSeries: readonly MeetingSeries[];
  readonly peopleById: ReadonlyMap<string, Person>;
}
