// CMOOE meeting series and their windows (docs/rules.md section 4; PS 4.2, 6.14, 6.15).
import { toDay, type Day } from './dates.js';
import { CIC_CMOOE_SERIES_ID, CMOOE_SERIES_ID, type Case, type CmooePeriod, type MeetingSeries } from './model.js';

/** A series with its dates as day numbers. */
export interface SeriesSchedule {
  readonly id: string;
  readonly first: Day;
  readonly every: number;
}

export function scheduleOf(series: MeetingSeries): SeriesSchedule {
  return { id: series.id, first: toDay(series.firstMeetingOn), every: series.everyDays };
}

/** Is `day` a meeting date of the series? */
export function isMeetingDay(s: SeriesSchedule, day: Day): boolean {
  return day >= s.first && (day - s.first) % s.every === 0;
}

/** The first meeting on or after `day` (the first meeting if `day` is before it). */
export function meetingOnOrAfter(s: SeriesSchedule, day: Day): Day {
  if (day <= s.first) return s.first;
  return s.first + Math.ceil((day - s.first) / s.every) * s.every;
}

/** The last meeting on or before `day`, or null before the first meeting. */
export function meetingOnOrBefore(s: SeriesSchedule, day: Day): Day | null {
  if (day < s.first) return null;
  return s.first + Math.floor((day - s.first) / s.every) * s.every;
}

/** Meetings M with from <= M <= to. */
export function meetingsBetween(s: SeriesSchedule, from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let m = meetingOnOrAfter(s, from); m <= to; m += s.every) out.push(m);
  return out;
}

/** Summaries are due a week before the meeting (PS 4.2: "provided each fortnight a week in advance"). */
export const SUMMARY_LEAD_DAYS = 7;
/** Nominations reach Business Support "at least [a] week in advance of the meeting" (PS 4.2). */
export const NOMINATION_CUTOFF_DAYS = 7;

/** A meeting's summary deadline: `lead` days before it (the profile's cmooeSummaryLeadDays, 7 by default). */
export function summaryDeadline(meeting: Day, lead: number = SUMMARY_LEAD_DAYS): Day {
  return meeting - lead;
}

/** The meeting a nomination made on `madeOn` goes to: the first meeting M with madeOn <= M - 7
 * (so a nomination made after M - 21 and on or before M - 7 goes to M; after M - 7 it rolls to M + 14).
 * `cutoff`: the profile's nominationCutoffDays (7 by default). */
export function meetingForNomination(s: SeriesSchedule, madeOn: Day, cutoff: number = NOMINATION_CUTOFF_DAYS): Day {
  return meetingOnOrAfter(s, madeOn + cutoff);
}

/** Was a nomination made on `madeOn` too late for the meeting that was next when it was made? */
export function nominationRolledOver(s: SeriesSchedule, madeOn: Day, cutoff: number = NOMINATION_CUTOFF_DAYS): { meeting: Day; rolledFrom: Day | null } {
  const meeting = meetingForNomination(s, madeOn, cutoff);
  const next = meetingOnOrAfter(s, madeOn);
  return { meeting, rolledFrom: next < meeting ? next : null };
}

/** The series a CMOOE case belongs to: children in care go to the CiC CMOOE meeting. */
export function seriesIdForCase(c: Pick<Case, 'childInCare'>): string {
  return c.childInCare ? CIC_CMOOE_SERIES_ID : CMOOE_SERIES_ID;
}

/** The CMOOE period that covers `day`, if any (from <= day, and to is null or day <= to). */
export function cmooePeriodOn(c: Pick<Case, 'cmooe'>, day: Day): CmooePeriod | null {
  for (const p of c.cmooe) {
    if (toDay(p.from) <= day && (p.to === null || day <= toDay(p.to))) return p;
  }
  return null;
}

export function isCmooeOn(c: Pick<Case, 'cmooe'>, day: Day): boolean {
  return cmooePeriodOn(c, day) !== null;
}
