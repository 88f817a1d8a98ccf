// Recording casework (docs/rules.md section 3; PS 11.2). Deadlines here are instants, compared in UTC.
import { instantWords, plural } from '../basis.js';
import { londonDayOfInstant } from '../dates.js';
import type { Case, Role } from '../model.js';
import type { Obligation, ObligationStatus } from '../obligation.js';
import { instantOf, instantObligation, dupOf, type Explain } from './build.js';
import { citationOf } from './cite.js';
import type { RuleContext } from './context.js';

const HOUR_MS = 3_600_000;

/** The roles a note's author can own the recording duty in, in the order they are looked for among
 * the author's own roles (the author's first role that is one of these). */
const CASEWORK_ROLES: readonly Role[] = ['provision-lead', 'social-worker', 'inclusion-lead', 'team-manager'];

/** casework-recording's basis for each number of hours (the profile's caseworkRecordingHours). */
const caseworkBases = new Map<number, Explain>();
function caseworkBasis(hours: number): Explain {
  let basis = caseworkBases.get(hours);
  if (basis === undefined) {
    basis = (o) => `${plural(hours, 'hour')} after the casework at ${instantWords(o.subject!)} (UK time)`;
    caseworkBases.set(hours, basis);
  }
  return basis;
}

/** Each author's role for the recording duty, worked out once per rule context (not per note). */
const authorRoles = new WeakMap<RuleContext, Map<string, Role>>();

/** Status of an instant deadline: met / met-late by comparing instants; if not done, overdue once
 * `ctx.now` is past the deadline (without `now`, once today's Europe/London date is past the
 * deadline's London date); otherwise due-soon / upcoming by the deadline's London date. */
export function instantStatus(due: number, completed: number | null, ctx: RuleContext): ObligationStatus {
  if (completed !== null) return completed <= due ? 'met' : 'met-late';
  const dueDay = londonDayOfInstant(due);
  if (ctx.now !== undefined ? ctx.now > due : ctx.today > dueDay) return 'overdue';
  return dueDay - ctx.today <= ctx.lookaheadDays ? 'due-soon' : 'upcoming';
}

/** casework-recording: each case note; recorded within 48 hours (the profile's) of the event: due = event + 48 h (an
 * instant, ISO in UTC); completedOn = the recorded instant as given. Owner: the note's author, in the
 * author's first role among provision-lead / social-worker / inclusion-lead / team-manager
 * (provision-lead if none, or if the author is not known). */
export function caseworkRecording(c: Case, ctx: RuleContext, out: Obligation[] = []): Obligation[] {
  const notes = c.caseNotes;
  if (notes.length === 0) return out;
  const from = out.length;
  // PS 11.2: all case work recorded on the case management system within 48 hours.
  const citation = citationOf(ctx, 'casework-recording', 'PS 11.2');
  const hours = ctx.params.caseworkRecordingHours;
  const basis = caseworkBasis(hours);
  let roles = authorRoles.get(ctx);
  if (roles === undefined) authorRoles.set(ctx, (roles = new Map<string, Role>()));
  // A case's notes are mostly one author's: look the role up when the author changes.
  let lastAuthor: string | null = null;
  let lastRole: Role = 'provision-lead';
  for (let i = 0; i < notes.length; i += 1) {
    const n = notes[i]!;
    const dueMs = instantOf(n.eventAt) + hours * HOUR_MS;
    const recordedAt: string | null = n.recordedAt;
    const status = instantStatus(dueMs, recordedAt === null ? null : instantOf(recordedAt), ctx);
    out.push(
      instantObligation(
        c.id,
        null,
        'casework-recording',
        n.authorId,
        dupOf(out, from, 'casework-recording', dueMs, n.authorId),
        n.eventAt,
        dueMs,
        status,
        recordedAt,
        n.authorId === lastAuthor ? lastRole : (lastRole = authorRole((lastAuthor = n.authorId), ctx, roles)),
        n.authorId,
        citation,
        basis,
      ),
    );
  }
  return out;
}

function authorRole(authorId: string, ctx: RuleContext, known: Map<string, Role>): Role {
  let role = known.get(authorId);
  if (role === undefined) {
    role = 'provision-lead';
    const roles = ctx.peopleById.get(authorId)?.roles;
    if (roles !== undefined) {
      for (const r of roles) {
        if (CASEWORK_ROLES.includes(r)) {
          role = r;
          break;
        }
      }
    }
    known.set(authorId, role);
  }
  return role;
}
