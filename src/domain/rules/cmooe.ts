// Children missing out on education (docs/rules.md sections 3 and 4; PS 4.2, 6.15, 6.17, 6.18, 11.3).
// Every function pushes its obligations onto `out` (created if not given) and returns it.
import { dayText, plural } from '../basis.js';
import { meetingOnOrAfter, seriesIdForCase } from '../cmooe.js';
import type { Day } from '../dates.js';
import type { Case } from '../model.js';
import type { Obligation } from '../obligation.js';
import type { PolicyParameters } from '../policy.js';
import { dateOf, dayOf, maybeDayOf, dupOf, obligation, type Explain } from './build.js';
import { citationOf } from './cite.js';
import type { RuleContext } from './context.js';
import { deadlineStatus, meetingPaperStatus } from './status.js';

/** cmooe-summary's basis for each lead (the profile's cmooeSummaryLeadDays) and series title. */
const summaryBases = new Map<string, Explain>();
function summaryBasis(lead: number, title: string): Explain {
  const k = `${lead}|${title}`;
  let basis = summaryBases.get(k);
  if (basis === undefined) {
    basis = (o) => `${plural(lead, 'day')} before the ${title} meeting on ${dayText(o.meetingOn!)}`;
    summaryBases.set(k, basis);
  }
  return basis;
}

/** exclusion-provision's basis: "school day 6 after the permanent exclusion from 2 Nov 2026". */
export function exclusionProvisionBasis(n: number, inCare: boolean, permanentFrom: string): string {
  return `school day ${n} after the permanent exclusion from ${dayText(permanentFrom)}${inCare ? ' (a child in care)' : ''}`;
}

/** The school day of an exclusion from which provision is due under the profile (PS 6.17; 6.18 in care). */
export function exclusionProvisionDay(params: Pick<PolicyParameters, 'exclusionProvisionSchoolDay' | 'exclusionProvisionSchoolDayInCare'>, inCare: boolean): number {
  return inCare ? params.exclusionProvisionSchoolDayInCare : params.exclusionProvisionSchoolDay;
}

const exclusionBases = new Map<string, Explain>();
function exclusionBasis(n: number, inCare: boolean): Explain {
  const k = `${n}|${inCare}`;
  let basis = exclusionBases.get(k);
  if (basis === undefined) {
    basis = (o) => exclusionProvisionBasis(n, inCare, o.subject!);
    exclusionBases.set(k, basis);
  }
  return basis;
}

/** cmooe-summary: for each meeting M of the case's CMOOE series (cic-cmooe for a child in care, else
 * cmooe) whose summary deadline D = M - 7 (the profile's lead) falls inside one of the case's CMOOE
 * periods: a summary is
 * due on D, and only a summary submitted after the previous meeting's deadline (D - everyDays) and on
 * or before D completes it (completedOn = the latest such). Listed from the first such meeting up to
 * and including the first with D on or after today (every past occurrence, then the next one).
 * No series configured for the case: no obligation. Owner: the case's inclusion lead. Not done by the
 * time M was held: `missed` (the meeting went ahead without it; docs/rules.md section 3). */
export function cmooeSummary(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const periods = c.cmooe;
  if (periods.length === 0) return out;
  const series = ctx.series.get(seriesIdForCase(c));
  if (series === undefined) return out;
  const today = ctx.today;
  // The periods as day numbers; an open period (no end) runs on for ever.
  const froms: Day[] = new Array<Day>(periods.length);
  const tos: Day[] = new Array<Day>(periods.length);
  let earliest = Infinity;
  let latest = -Infinity;
  for (let i = 0; i < periods.length; i += 1) {
    const p = periods[i]!;
    froms[i] = dayOf(p.from);
    tos[i] = p.to === null ? Infinity : dayOf(p.to);
    if (froms[i]! < earliest) earliest = froms[i]!;
    if (tos[i]! > latest) latest = tos[i]!;
  }
  const summaries = c.cmooeSummaries;
  const submitted: Day[] = new Array<Day>(summaries.length);
  for (let i = 0; i < summaries.length; i += 1) submitted[i] = dayOf(summaries[i]!.submittedOn);
  const from = out.length;
  // PS 4.2: summaries provided each fortnight a week in advance of the meeting; PS 6.15, 11.3: a
  // fortnightly case summary on the CMOOE register, in line with the meetings.
  const citation = citationOf(ctx, 'cmooe-summary', 'PS 4.2, 6.15, 11.3');
  const lead = ctx.params.cmooeSummaryLeadDays;
  const basis = summaryBasis(lead, seriesTitle(ctx, series.id));
  for (let meeting = meetingOnOrAfter(series, earliest + lead); ; meeting += series.every) {
    const deadline = meeting - lead;
    if (deadline > latest) break;
    let inPeriod = false;
    for (let i = 0; i < froms.length; i += 1) {
      if (froms[i]! <= deadline && deadline <= tos[i]!) {
        inPeriod = true;
        break;
      }
    }
    if (!inPeriod) continue;
    // The window of this meeting's summary: after the previous meeting's deadline, up to this one.
    const opens = deadline - series.every;
    let done: Day | null = null;
    let doneIndex = -1;
    for (let i = 0; i < submitted.length; i += 1) {
      const d = submitted[i]!;
      if (d > opens && d <= deadline && (done === null || d > done)) {
        done = d;
        doneIndex = i;
      }
    }
    const meetingOn = dateOf(meeting);
    out.push(
      obligation(
        c.id,
        null,
        'cmooe-summary',
        series.id,
        dupOf(out, from, 'cmooe-summary', deadline, series.id),
        meetingOn,
        deadline,
        meetingPaperStatus(deadline, done, meeting, today, ctx.lookaheadDays),
        done === null ? null : summaries[doneIndex]!.submittedOn,
        'inclusion-lead',
        c.inclusionLeadId,
        citation,
        basis,
        series.id,
        meetingOn,
      ),
    );
    if (deadline >= today) break;
  }
  return out;
}

/** exclusion-provision: each permanent exclusion; education provision from school day 6 of the
 * exclusion (its first school day is day 1), or from school day 1 for a child in care. Done on the
 * provision start date. Owner: the case's inclusion lead. */
export function exclusionProvision(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const exclusions = c.exclusions;
  if (exclusions.length === 0) return out;
  const from = out.length;
  // PS 6.18: provision from day 1 after a permanent exclusion of a child in care with SEND.
  // PS 6.17: otherwise provision in place from day 6 following a permanent exclusion.
  const citation = citationOf(ctx, 'exclusion-provision', c.childInCare ? 'PS 6.18' : 'PS 6.17');
  const n = exclusionProvisionDay(ctx.params, c.childInCare);
  const basis = exclusionBasis(n, c.childInCare);
  for (let i = 0; i < exclusions.length; i += 1) {
    const e = exclusions[i]!;
    const due = ctx.calendar.schoolDayNumber(dayOf(e.permanentFrom), n);
    out.push(
      obligation(
        c.id,
        null,
        'exclusion-provision',
        null,
        dupOf(out, from, 'exclusion-provision', due, null),
        e.permanentFrom,
        due,
        deadlineStatus(due, maybeDayOf(e.provisionFrom), ctx.today, ctx.lookaheadDays),
        e.provisionFrom,
        'inclusion-lead',
        c.inclusionLeadId,
        citation,
        basis,
      ),
    );
  }
  return out;
}

function seriesTitle(ctx: RuleContext, seriesId: string): string {
  for (const s of ctx.meetingSeries) if (s.id === seriesId) return s.title;
  return seriesId;
}
