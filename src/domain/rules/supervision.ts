// Supervision of staff by their line manager (docs/rules.md section 3; PS 6.13, 11.4).
// Every function pushes its obligations onto `out` (created if not given) and returns it.
import { dayText, plural } from '../basis.js';
import { addMonths, type Day } from '../dates.js';
import type { Person, Supervision } from '../model.js';
import type { Obligation } from '../obligation.js';
import { dayOf, maybeDayOf, dupOf, obligation, type Explain } from './build.js';
import { citationOf } from './cite.js';
import type { RuleContext } from './context.js';
import { deadlineStatus } from './status.js';

/** supervision's bases for each interval (the profile's supervisionIntervalMonths): [start date, first
 * supervision, last supervision]. */
const supervisionBases = new Map<number, readonly Explain[]>();
function supervisionBasis(months: number, anchor: 'start' | 'first' | 'last'): Explain {
  let bases = supervisionBases.get(months);
  if (bases === undefined) {
    const after = plural(months, 'month');
    // The subject is the date the interval runs from.
    bases = [
      (o) => `${after} after the start date ${dayText(o.subject!)}`,
      (o) => `${after} after the first supervision recorded, on ${dayText(o.subject!)}`,
      (o) => `${after} after the last supervision, on ${dayText(o.subject!)}`,
    ];
    supervisionBases.set(months, bases);
  }
  return bases[anchor === 'start' ? 0 : anchor === 'first' ? 1 : 2]!;
}

/** supervision-notes' basis for each number of working days (the profile's supervisionNotesWorkingDays). */
const notesBases = new Map<number, Explain>();
function notesBasis(days: number): Explain {
  let basis = notesBases.get(days);
  if (basis === undefined) {
    basis = (o) => `${plural(days, 'working day')} after the supervision on ${dayText(o.subject!)}`;
    notesBases.set(days, basis);
  }
  return basis;
}

/** supervision: each person with a manager. A chain: the first anchor is the person's start date, or
 * without one their first supervision (nothing is owed before it); with neither, no obligation. Each
 * occurrence is due anchor + 1 month and is completed by the person's first supervision held after the
 * anchor and on or before today, which is the next anchor. Every past occurrence, then the next one.
 * Owner: the manager (team-manager). `supervisions` are the person's (others are ignored). */
export function supervision(p: Person, supervisions: readonly Supervision[], ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  if (p.managerId === null) return out;
  const today = ctx.today;
  const held: Day[] = [];
  const heldOn: string[] = [];
  for (const s of supervisions) {
    if (s.superviseeId !== p.id) continue;
    held.push(dayOf(s.heldOn));
    heldOn.push(s.heldOn);
  }
  let anchor: Day;
  let anchorOn: string;
  let basis: Explain;
  // PS 6.13: recorded supervision from the line manager monthly.
  const citation = citationOf(ctx, 'supervision', 'PS 6.13');
  const months = ctx.params.supervisionIntervalMonths;
  if (p.startedOn !== null) {
    anchor = dayOf(p.startedOn);
    anchorOn = p.startedOn;
    basis = supervisionBasis(months, 'start');
  } else {
    if (held.length === 0) return out;
    let first = 0;
    for (let i = 1; i < held.length; i += 1) if (held[i]! < held[first]!) first = i;
    anchor = held[first]!;
    anchorOn = heldOn[first]!;
    basis = supervisionBasis(months, 'first');
  }
  const from = out.length;
  for (;;) {
    const due = addMonths(anchor, months);
    let next: Day | null = null;
    let nextIndex = -1;
    for (let i = 0; i < held.length; i += 1) {
      const h = held[i]!;
      if (h > anchor && h <= today && (next === null || h < next)) {
        next = h;
        nextIndex = i;
      }
    }
    const completedOn = next === null ? null : heldOn[nextIndex]!;
    out.push(
      obligation(
        null,
        p.id,
        'supervision',
        null,
        dupOf(out, from, 'supervision', due, null),
        anchorOn,
        due,
        deadlineStatus(due, next, today, ctx.lookaheadDays),
        completedOn,
        'team-manager',
        p.managerId,
        citation,
        basis,
      ),
    );
    if (next === null) break;
    anchor = next;
    anchorOn = completedOn!;
    basis = supervisionBasis(months, 'last');
  }
  return out;
}

/** supervision-notes: each supervision held; notes shared with the supervisee within 10 working days
 * (the 10th working day after the supervision); done on the shared date. Owner: the supervisor. */
export function supervisionNotes(p: Person, supervisions: readonly Supervision[], ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  if (supervisions.length === 0) return out;
  const from = out.length;
  // PS 11.4: supervision notes recorded and shared with the person supervised within 10 working days.
  const citation = citationOf(ctx, 'supervision-notes', 'PS 11.4');
  const days = ctx.params.supervisionNotesWorkingDays;
  const basis = notesBasis(days);
  for (const s of supervisions) {
    if (s.superviseeId !== p.id) continue;
    const due = ctx.calendar.addWorkingDays(dayOf(s.heldOn), days);
    out.push(
      obligation(
        null,
        p.id,
        'supervision-notes',
        null,
        dupOf(out, from, 'supervision-notes', due, null),
        s.heldOn,
        due,
        deadlineStatus(due, maybeDayOf(s.notesSharedOn), ctx.today, ctx.lookaheadDays),
        s.notesSharedOn,
        'team-manager',
        s.supervisorId,
        citation,
        basis,
      ),
    );
  }
  return out;
}
