// A run of the audit programme (docs/rules.md section 8; QA §5, §6): which audit types are due in the
// run's month, and for each the sample the rule book asks for, drawn the same way every time for the
// same records and the same day. Pure: the case file, the programme and the day come in; the audits to
// add (and the moderations to assign) come out. The service (services/audits) stores them once.
//
// How a sample is drawn, rule by rule (each tested from the rule book's table in tests/domain/audits):
// 1. The run is the calendar month of its day ("2026-11"); a type is due when the month is one of its
//    months (monthly: every month; termly: September, January, April; every 6 months: September, March).
// 2. The window is the `windowMonths` whole calendar months before the run's month ("the previous 2
//    months": for a run in November, 1 September to 31 October).
// 3. Each type's population (programme.ts POPULATIONS) is read from the cases: per locality of the case
//    for a per-locality sample, the whole service otherwise.
// 4. Deterministic order: candidates are ranked by a hash of (run, type, case id); ties by case id. The
//    same records and the same run always give the same order, and a different month another.
// 5. Cases audited in the `recentMonths` (6) months before the run's month, or drawn already in this run,
//    come after every other candidate: drawn only when no other case is eligible.
// 6. An auditor is never given a case they lead or manage: its lead professional or inclusion lead, the
//    line manager of either, or a team manager of the case's team.
// 7. Among the auditors of the sample's role who may take the case, the one with the fewest open
//    audits (open on the first day of the run's month, with those given in this run) is chosen; ties by
//    a hash of (run, slot, person). A case no eligible auditor may take is passed over for the next.
// 8. Each draw has a fixed id (Q-<run>-<type>-<locality>-<n>): a run repeated after a crash draws the
//    same ids, and the store adds only those it lacks. Rules 5 and 7 read the audits as they stood on
//    the first day of the run's month (this run's own, and any added by hand since, are not counted),
//    so a run repeated later in the month draws exactly what the first one drew.
import { addMonths, civilFromDay, dayFromCivil, daysInMonth, fromDay, toDay, type Day } from '../dates.js';
import type { Calendar } from '../calendar/index.js';
import type { Audit, AuditType, Case, CaseFile, Person, Role } from '../model.js';
import { AUDIT_TYPES } from '../model.js';
import { dayText } from '../basis.js';
import { auditDue } from '../rules/audits.js';
import type { Programme, SampleSpec, TypeSpec } from './programme.js';

export type PlanInput = Pick<CaseFile, 'cases' | 'people' | 'audits'>;

export interface PlanOptions {
  /** The run's day (YYYY-MM-DD): its month is the run. */
  readonly on: string;
  readonly programme: Programme;
  /** For the audits' due dates (20 working days, docs/rules.md section 2). */
  readonly calendar: Calendar;
}

/** One audit drawn, with why. */
export interface Draw {
  readonly audit: Audit;
  readonly locality: string | null;
}

/** A slot the run could not fill, and why (no case in the window, or no auditor free to take one). */
export interface Unfilled {
  readonly type: AuditType;
  readonly locality: string | null;
  readonly auditorRole: Role;
  readonly wanted: number;
  readonly drawn: number;
  readonly why: string;
}

export interface TypeDue {
  readonly type: AuditType;
  readonly title: string;
  readonly frequency: string;
  readonly due: boolean;
  /** Why it is or is not drawn this month. */
  readonly why: string;
}

export interface ModerationDraw {
  readonly auditId: string;
  readonly type: AuditType;
  readonly moderatorId: string;
}

export interface Plan {
  /** The run: the month of `on`, YYYY-MM. */
  readonly run: string;
  readonly on: string;
  /** The window the samples are drawn from. */
  readonly window: { readonly from: string; readonly to: string };
  readonly types: readonly TypeDue[];
  readonly draws: readonly Draw[];
  readonly unfilled: readonly Unfilled[];
  /** The quarter's moderation (in the moderation months; empty otherwise). */
  readonly moderation: readonly ModerationDraw[];
  readonly moderationWindow: { readonly from: string; readonly to: string } | null;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** FNV-1a, 32 bits: a stable hash of text (the deterministic order of rule 4). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** "North East" -> "north-east" (an id part). */
export function localitySlug(locality: string | null): string {
  if (locality === null) return 'service';
  const s = locality
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s === '' ? `l${hash32(locality).toString(36)}` : s;
}

/** The run of a day: its calendar month, YYYY-MM. */
export function runOf(on: string): string {
  return on.slice(0, 7);
}

/** The `months` whole calendar months before the month of `day`: [first day, last day]. */
export function windowBefore(day: Day, months: number): { from: Day; to: Day } {
  const { year, month } = civilFromDay(day);
  const firstOfMonth = dayFromCivil(year, month, 1);
  const from = addMonths(firstOfMonth, -months);
  return { from, to: firstOfMonth - 1 };
}

/** The people who lead or manage a case (rule 6): never its auditor. */
export function leadsOrManages(person: Person, c: Case, peopleById: ReadonlyMap<string, Person>): boolean {
  const holders = [c.leadProfessionalId, c.inclusionLeadId].filter((x): x is string => x !== null);
  if (holders.includes(person.id)) return true;
  for (const h of holders) if (peopleById.get(h)?.managerId === person.id) return true;
  return person.roles.includes('team-manager') && person.team !== null && person.team === c.team;
}

/** Why a case is in a population: the words before its date ("final plan issued on"), and the date. */
const REASONS = {
  plan: 'final plan issued on',
  notIssue: 'notice of not issuing a plan sent on',
  advice: 'advice received on',
  review: 'review meeting held on',
  assess: 'panel decision to assess on',
  notAssess: 'panel decision not to assess on',
  inCare: 'a child in care with an EHC plan',
  socialWorker: 'known to social care (a social worker leads) with an EHC plan',
} as const;

interface Candidate {
  readonly c: Case;
  readonly why: keyof typeof REASONS;
  readonly on: string | null;
}

/** Why a candidate is in its population, in words ("final plan issued on 14 Sep 2026"): made only for
 * the few drawn. */
function reasonOf(x: Candidate): string {
  return x.on === null ? REASONS[x.why] : `${REASONS[x.why]} ${dayText(x.on)}`;
}

/** The type's population among the cases (rule 3). */
function population(spec: TypeSpec, cases: readonly Case[], window: { from: string; to: string }, on: string): Candidate[] {
  const inWindow = (d: string | null | undefined): d is string => d !== null && d !== undefined && d >= window.from && d <= window.to;
  const out: Candidate[] = [];
  const agencies = new Set(spec.agencies.map((a) => a.toLowerCase()));
  for (const c of cases) {
    switch (spec.from) {
      case 'assessment-outcome': {
        const a = c.assessment;
        if (a === null) break;
        if (inWindow(c.plan?.issuedOn)) out.push({ c, why: 'plan', on: c.plan.issuedOn });
        else if (a.outcome === 'not-issue' && inWindow(a.outcomeNoticeOn)) out.push({ c, why: 'notIssue', on: a.outcomeNoticeOn });
        break;
      }
      case 'advice-received': {
        let latest: string | null = null;
        for (const r of c.adviceRequests) if (agencies.has(r.agency.toLowerCase()) && inWindow(r.receivedOn) && (latest === null || r.receivedOn > latest)) latest = r.receivedOn;
        if (latest !== null) out.push({ c, why: 'advice', on: latest });
        break;
      }
      case 'plan-issued':
        if (inWindow(c.plan?.issuedOn)) out.push({ c, why: 'plan', on: c.plan.issuedOn });
        break;
      case 'review-held': {
        let latest: string | null = null;
        for (const r of c.reviews) if (inWindow(r.meetingOn) && r.meetingOn <= on && (latest === null || r.meetingOn > latest)) latest = r.meetingOn;
        if (latest !== null) out.push({ c, why: 'review', on: latest });
        break;
      }
      case 'social-care':
        break; // needs the people: see socialCare()
      case 'panel-decision': {
        const d = c.assessment?.decisionOn;
        if (inWindow(d)) out.push({ c, why: c.assessment?.decision === 'assess' ? 'assess' : 'notAssess', on: d });
        break;
      }
      case 'by-hand':
        break;
    }
  }
  return out;
}

/** Children in care, or known to social care (a social worker leads), with a plan in force. */
function socialCare(cases: readonly Case[], peopleById: ReadonlyMap<string, Person>): Candidate[] {
  const out: Candidate[] = [];
  for (const c of cases) {
    if (c.plan === null || c.plan.issuedOn === null || c.plan.ceasedOn !== null || c.plan.transferredOutOn !== null) continue;
    if (c.childInCare) out.push({ c, why: 'inCare', on: null });
    else if (c.leadProfessionalId !== null && peopleById.get(c.leadProfessionalId)?.roles.includes('social-worker')) out.push({ c, why: 'socialWorker', on: null });
  }
  return out;
}

/** Which types a run in `month` (1-12) draws, and why. */
export function typesDue(programme: Programme, month: number): TypeDue[] {
  return AUDIT_TYPES.map((type) => {
    const spec = programme.types[type];
    const due = spec.months.includes(month);
    const when =
      spec.months.length === 0
        ? 'chosen by hand'
        : `drawn in ${[...spec.months]
            .sort((a, b) => ((a + 3) % 12) - ((b + 3) % 12))
            .map((m) => MONTHS[m - 1])
            .join(', ')}`;
    return { type, title: spec.title, frequency: spec.frequency, due, why: due ? `${spec.frequency}: drawn this month` : `${spec.frequency}: ${when}` };
  });
}

/** Draw the run of the month of `options.on` (rules 1-8 above), and in a moderation month the
 * quarter's moderation sample. */
export function planRun(input: PlanInput, options: PlanOptions): Plan {
  const onDay = toDay(options.on);
  const run = runOf(options.on);
  const { month } = civilFromDay(onDay);
  const { programme } = options;
  const peopleById = new Map(input.people.map((p) => [p.id, p]));
  // The audits as they stood on the first day of the run's month (rule 8): the same run always draws the same.
  const monthStart = fromDay(dayFromCivil(civilFromDay(onDay).year, month, 1));
  const before = input.audits.filter((a) => a.run !== run && a.assignedOn < monthStart);
  const recentFrom = fromDay(addMonths(toDay(monthStart), -programme.recentMonths));
  const recent = new Set<string>();
  for (const a of before) if (a.assignedOn >= recentFrom) recent.add(a.caseId);
  const load = new Map<string, number>();
  const bump = (id: string) => load.set(id, (load.get(id) ?? 0) + 1);
  for (const a of before) {
    if (a.completedOn === null || a.completedOn >= monthStart) bump(a.auditorId);
    const m = a.moderation;
    if (m !== null && (m.assignedOn ?? a.completedOn ?? a.assignedOn) < monthStart && (m.on === null || m.on >= monthStart)) bump(m.moderatorId);
  }
  const localities = [...new Set(input.cases.map((c) => c.locality).filter((l): l is string => l !== null))].sort();
  const drawnInRun = new Set<string>();
  const draws: Draw[] = [];
  const unfilled: Unfilled[] = [];
  const types = typesDue(programme, month);
  const twoMonths = windowBefore(onDay, 2);
  let windowOfRun: { from: string; to: string } | null = null;

  for (const t of types) {
    if (!t.due) continue;
    const spec = programme.types[t.type];
    const w = windowBefore(onDay, spec.windowMonths);
    const window = { from: fromDay(w.from), to: fromDay(w.to) };
    windowOfRun ??= window;
    const all = spec.from === 'social-care' ? socialCare(input.cases, peopleById) : population(spec, input.cases, window, options.on);
    const groups: Array<{ locality: string | null; candidates: Candidate[]; samples: SampleSpec[] }> = [];
    const perLocality = spec.sample.filter((s) => s.per === 'locality');
    const perService = spec.sample.filter((s) => s.per === 'service');
    for (const l of localities) if (perLocality.length > 0) groups.push({ locality: l, candidates: all.filter((x) => x.c.locality === l), samples: perLocality });
    if (perService.length > 0) groups.push({ locality: null, candidates: all, samples: perService });
    for (const g of groups) {
      // Rule 4: the run's order, with ties by id.
      const ranked = g.candidates.map((x) => ({ ...x, rank: hash32(`${run}|${t.type}|${x.c.id}`) })).sort((a, b) => a.rank - b.rank || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0));
      let slot = 0;
      // A case is drawn once per type (and group); drawn for another type of this run only as a last resort.
      const usedHere = new Set<string>();
      for (const s of g.samples) {
        let drawn = 0;
        for (let n = 0; n < s.count; n += 1) {
          slot += 1;
          const id = `Q-${run}-${t.type}-${localitySlug(g.locality)}-${slot}`;
          // Rule 5: not recently audited and not drawn in this run first; then the recently audited; then
          // those drawn for another type of this run.
          const left = ranked.filter((x) => !usedHere.has(x.c.id));
          const order = [
            ...left.filter((x) => !recent.has(x.c.id) && !drawnInRun.has(x.c.id)),
            ...left.filter((x) => recent.has(x.c.id) && !drawnInRun.has(x.c.id)),
            ...left.filter((x) => drawnInRun.has(x.c.id)),
          ];
          let chosen: { x: Candidate; auditor: Person } | null = null;
          for (const x of order) {
            const auditor = chooseAuditor(input.people, s.auditorRole, x.c, peopleById, load, `${run}|${id}`);
            if (auditor !== null) {
              chosen = { x, auditor };
              break;
            }
          }
          if (chosen === null) continue;
          drawnInRun.add(chosen.x.c.id);
          usedHere.add(chosen.x.c.id);
          bump(chosen.auditor.id);
          drawn += 1;
          draws.push({
            locality: g.locality,
            audit: {
              id,
              type: t.type,
              caseId: chosen.x.c.id,
              auditorId: chosen.auditor.id,
              auditorRole: s.auditorRole,
              assignedOn: options.on,
              completedOn: null,
              grade: null,
              criteria: spec.criteria.map((c) => ({ id: c.id, judgement: null, comment: null })),
              summary: null,
              actions: [],
              run,
              sampledFrom: reasonOf(chosen.x),
              moderation: null,
            },
          });
        }
        if (drawn < s.count) {
          const where = g.locality === null ? 'in the service' : `in ${g.locality}`;
          const left = ranked.filter((x) => !usedHere.has(x.c.id)).length;
          const why =
            ranked.length === 0
              ? `no case ${where} in the window ${dayText(window.from)} to ${dayText(window.to)} (${describeFrom(spec)})`
              : left === 0
                ? `only ${ranked.length} eligible case${ranked.length === 1 ? '' : 's'} ${where}`
                : `no ${s.auditorRole} may take the ${left} case${left === 1 ? '' : 's'} left ${where} (each leads or manages them)`;
          unfilled.push({ type: t.type, locality: g.locality, auditorRole: s.auditorRole, wanted: s.count, drawn, why });
        }
      }
    }
  }
  const mod = programme.moderation.months.includes(month) ? planModeration(input, options, run, monthStart, peopleById, load) : { draws: [], window: null };
  const window = windowOfRun ?? { from: fromDay(twoMonths.from), to: fromDay(twoMonths.to) };
  return { run, on: options.on, window, types, draws, unfilled, moderation: mod.draws, moderationWindow: mod.window };
}

function describeFrom(spec: TypeSpec): string {
  switch (spec.from) {
    case 'assessment-outcome':
      return 'assessments whose final plan or not-issuing notice fell in it';
    case 'advice-received':
      return `advice received from ${spec.agencies[0] ?? 'the agency'}`;
    case 'plan-issued':
      return 'final plans issued';
    case 'review-held':
      return 'review meetings held';
    case 'social-care':
      return 'children in care or known to social care';
    case 'panel-decision':
      return 'decisions whether to assess';
    case 'by-hand':
      return 'chosen by hand';
  }
}

/** Rule 7: the auditor of `role` with the fewest open audits who does not lead or manage the case. */
function chooseAuditor(people: readonly Person[], role: Role, c: Case, peopleById: ReadonlyMap<string, Person>, load: ReadonlyMap<string, number>, salt: string): Person | null {
  let best: Person | null = null;
  let bestLoad = Infinity;
  let bestTie = Infinity;
  for (const p of people) {
    if (!p.roles.includes(role) || leadsOrManages(p, c, peopleById)) continue;
    const l = load.get(p.id) ?? 0;
    const tie = hash32(`${salt}|${p.id}`);
    if (l < bestLoad || (l === bestLoad && tie < bestTie)) {
      best = p;
      bestLoad = l;
      bestTie = tie;
    }
  }
  return best;
}

/** The previous calendar quarter's completed audits, sampled per type (moderation share, at least the
 * minimum; every one of the types moderated in full), each given to a moderator who is neither its
 * auditor nor leads or manages the case, the least loaded first. */
function planModeration(
  input: PlanInput,
  options: PlanOptions,
  run: string,
  monthStart: string,
  peopleById: ReadonlyMap<string, Person>,
  load: Map<string, number>,
): { draws: ModerationDraw[]; window: { from: string; to: string } } {
  const m = options.programme.moderation;
  const w = windowBefore(toDay(monthStart), 3);
  const window = { from: fromDay(w.from), to: fromDay(w.to) };
  const casesById = new Map(input.cases.map((c) => [c.id, c]));
  const draws: ModerationDraw[] = [];
  for (const type of AUDIT_TYPES) {
    const completed = input.audits
      .filter((a) => a.type === type && a.completedOn !== null && a.grade !== null && a.completedOn >= window.from && a.completedOn <= window.to)
      .map((a) => ({ a, rank: hash32(`${run}|moderation|${a.id}`) }))
      .sort((x, y) => x.rank - y.rank || (x.a.id < y.a.id ? -1 : 1));
    if (completed.length === 0) continue;
    const want = m.allOf.includes(type) ? completed.length : Math.min(completed.length, Math.max(m.minimumPerType, Math.ceil(m.share * completed.length)));
    let taken = 0;
    for (const { a } of completed) {
      if (taken >= want) break;
      // Moderated already: counted, not assigned again; one assigned by this run (repeated) weighs on its
      // moderator's load as it did the first time.
      if (a.moderation !== null) {
        if ((a.moderation.assignedOn ?? '') >= monthStart) load.set(a.moderation.moderatorId, (load.get(a.moderation.moderatorId) ?? 0) + 1);
        taken += 1;
        continue;
      }
      const c = casesById.get(a.caseId);
      if (c === undefined) continue;
      let best: Person | null = null;
      let bestLoad = Infinity;
      let bestTie = Infinity;
      for (const p of input.people) {
        if (p.id === a.auditorId || !p.roles.some((r) => m.moderatorRoles.includes(r)) || leadsOrManages(p, c, peopleById)) continue;
        const l = load.get(p.id) ?? 0;
        const tie = hash32(`${run}|moderation|${a.id}|${p.id}`);
        if (l < bestLoad || (l === bestLoad && tie < bestTie)) {
          best = p;
          bestLoad = l;
          bestTie = tie;
        }
      }
      if (best === null) continue;
      load.set(best.id, (load.get(best.id) ?? 0) + 1);
      draws.push({ auditId: a.id, type, moderatorId: best.id });
      taken += 1;
    }
  }
  return { draws, window };
}

/** An audit chosen by hand (dip sample, thematic, or any type): its record before it is stored. */
export function auditByHand(fields: { id: string; type: AuditType; caseId: string; auditorId: string; auditorRole: Role | null; on: string; reason: string | null; programme: Programme }): Audit {
  return {
    id: fields.id,
    type: fields.type,
    caseId: fields.caseId,
    auditorId: fields.auditorId,
    auditorRole: fields.auditorRole,
    assignedOn: fields.on,
    completedOn: null,
    grade: null,
    criteria: fields.programme.types[fields.type].criteria.map((c) => ({ id: c.id, judgement: null, comment: null })),
    summary: null,
    actions: [],
    run: null,
    sampledFrom: fields.reason,
    moderation: null,
  };
}

/** The last day of the run's month (for reports). */
export function monthEnd(run: string): string {
  const [y, m] = run.split('-').map(Number) as [number, number];
  return fromDay(dayFromCivil(y, m, daysInMonth(y, m)));
}

/** When each drawn audit is due (docs/rules.md section 8: 20 working days after assignment). */
export function dueOfDraw(d: Draw, calendar: Calendar): string {
  return auditDue(d.audit.assignedOn, { calendar });
}
