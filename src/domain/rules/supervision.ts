// Supervision of staff by their line manager (docs/rules.md section 3; PS 6.13, 11.4).
// Every function pushes its obligations onto `out` (created if not given) and returns it.
import { addMonths, type Day } from '../dates.js';
import type { Person, Supervision } from '../model.js';
import type { Obligation } from '../obligation.js';
import { dateOf, dayOf, maybeDayOf, dupOf, obligation } from './build.js';
import type { RuleContext } from './context.js';
import { deadlineStatus } from './status.js';

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
  if (p.startedOn !== null) {
    anchor = dayOf(p.startedOn);
  } else {
    if (held.length === 0) return out;
    let first = 0;
    for (let i = 1; i < held.length; i += 1) if (held[i]! < held[first]!) first = i;
    anchor = held[first]!;
  }
  const from = out.length;
  for (;;) {
    // PS 6.13: recorded supervision from the line manager monthly.
    const citation = 'PS 6.13';
    const due = addMonths(anchor, 1);
    let next: Day | null = null;
    let nextIndex = -1;
    for (let i = 0; i < held.length; i += 1) {
      const h = held[i]!;
      if (h > anchor && h <= today && (next === null || h < next)) {
        next = h;
        nextIndex = i;
      }
    }
    const dueOn = dateOf(due);
    const completedOn = next === null ? null : heldOn[nextIndex]!;
    out.push(
      obligation(null, p.id, 'supervision', null, dupOf(out, from, 'supervision', dueOn, null), p.id, dueOn,
        deadlineStatus(due, next, today, ctx.lookaheadDays), completedOn, 'team-manager', p.managerId, citation),
    );
    if (next === null) break;
    anchor = next;
  }
  return out;
}

/** supervision-notes: each supervision held; notes shared with the supervisee within 10 working days
 * (the 10th working day after the supervision); done on the shared date. Owner: the supervisor. */
export function supervisionNotes(p: Person, supervisions: readonly Supervision[], ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const from = out.length;
  for (const s of supervisions) {
    if (s.superviseeId !== p.id) continue;
    // PS 11.4: supervision notes recorded and shared with the person supervised within 10 working days.
    const citation = 'PS 11.4';
    const due = ctx.calendar.addWorkingDays(dayOf(s.heldOn), 10);
    const dueOn = dateOf(due);
    out.push(
      obligation(null, p.id, 'supervision-notes', null, dupOf(out, from, 'supervision-notes', dueOn, null), p.id, dueOn,
        deadlineStatus(due, maybeDayOf(s.notesSharedOn), ctx.today, ctx.lookaheadDays), s.notesSharedOn, 'team-manager', s.supervisorId, citation),
    );
  }
  return out;
}
