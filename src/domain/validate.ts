// Reading a case file: every problem in the file at once, each naming its JSON path.
// Schema errors come from zod (model.ts); the cross-checks below catch what a schema cannot see:
// references to people, cases and series that do not exist, duplicates, and dates out of order.
import type { z } from 'zod';
import { AUDIT_SERIES_ID, caseFileSchema, type CaseFile } from './model.js';
import { isIsoDate, isIsoInstant, toDay } from './dates.js';
import { parseJsonText } from './json.js';
import { pushAll } from './lists.js';

export interface CaseFileError {
  /** JSON path, e.g. `cases[3].plan.issuedOn` (empty for the file itself). */
  readonly path: string;
  readonly message: string;
}

export type ParseResult = { ok: true; file: CaseFile } | { ok: false; errors: CaseFileError[] };

export class CaseFileInvalidError extends Error {
  constructor(readonly errors: readonly CaseFileError[]) {
    super(`the case file has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n` + errors.map(formatError).join('\n'));
    this.name = 'CaseFileInvalidError';
  }
}

export function formatError(e: CaseFileError): string {
  return e.path ? `${e.path}: ${e.message}` : e.message;
}

/** `['cases', 3, 'plan']` -> `cases[3].plan`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += (out ? '.' : '') + String(key);
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function zodErrors(error: z.ZodError, input: unknown): CaseFileError[] {
  const out: CaseFileError[] = [];
  for (const issue of error.issues) {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatPath([...issue.path, key]), message: 'unknown field' });
    } else if (issue.code === 'invalid_type') {
      const actual = valueAt(input, issue.path);
      out.push({ path, message: actual === undefined ? `required (expected ${issue.expected})` : `expected ${issue.expected}, got ${describe(actual)}` });
    } else if (issue.code === 'invalid_value') {
      out.push({ path, message: `${describe(valueAt(input, issue.path))} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` });
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** Parse and check a case file. Never throws on bad data: returns every error found. */
export function parseCaseFile(input: unknown): ParseResult {
  const parsed = caseFileSchema.safeParse(input);
  const errors = parsed.success ? [] : zodErrors(parsed.error, input);
  pushAll(errors, crossCheck(input));
  if (errors.length > 0 || !parsed.success) return { ok: false, errors: dedupe(errors) };
  return { ok: true, file: parsed.data };
}

/** Parse a case file or throw a CaseFileInvalidError listing every problem. */
export function readCaseFile(input: unknown): CaseFile {
  const result = parseCaseFile(input);
  if (!result.ok) throw new CaseFileInvalidError(result.errors);
  return result.file;
}

/** Parse JSON text, reporting a syntax error as a case-file error rather than throwing. */
export function parseCaseFileText(text: string): ParseResult {
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, errors: [{ path: '', message: `not valid JSON: ${json.message}` }] };
  return parseCaseFile(json.value);
}

function dedupe(errors: CaseFileError[]): CaseFileError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = formatError(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---- cross-checks (on the raw input, so they run even when the schema found problems) ----------

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const date = (v: unknown): number | null => (typeof v === 'string' && isIsoDate(v) ? toDay(v) : null);
const instant = (v: unknown): number | null => (typeof v === 'string' && isIsoInstant(v) ? Date.parse(v) : null);

function crossCheck(input: unknown): CaseFileError[] {
  if (!isObj(input)) return [];
  const errors: CaseFileError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });

  const ids = (key: string) => {
    const seen = new Map<string, number>();
    arr(input[key]).forEach((item, i) => {
      const id = isObj(item) ? str(item.id) : null;
      if (id === null) return;
      const first = seen.get(id);
      if (first !== undefined) err(`${key}[${i}].id`, `duplicate id "${id}" (also ${key}[${first}])`);
      else seen.set(id, i);
    });
    return seen;
  };
  const people = ids('people');
  const cases = ids('cases');
  const series = ids('meetingSeries');
  ids('actions');

  const ref = (path: string, value: unknown, known: Map<string, number>, what: string) => {
    const id = str(value);
    if (id !== null && !known.has(id)) err(path, `no ${what} with id "${id}"`);
  };
  const order = (path: string, earlier: number | null, later: number | null, message: string) => {
    if (earlier !== null && later !== null && later < earlier) err(path, message);
  };

  arr(input.people).forEach((p, i) => {
    if (!isObj(p)) return;
    ref(`people[${i}].managerId`, p.managerId, people, 'person');
    if (str(p.managerId) !== null && p.managerId === p.id) err(`people[${i}].managerId`, 'a person cannot be their own manager');
    checkChairs(p, `people[${i}]`, series, err);
  });

  arr(input.supervisions).forEach((s, i) => {
    if (!isObj(s)) return;
    ref(`supervisions[${i}].superviseeId`, s.superviseeId, people, 'person');
    ref(`supervisions[${i}].supervisorId`, s.supervisorId, people, 'person');
    order(`supervisions[${i}].notesSharedOn`, date(s.heldOn), date(s.notesSharedOn), 'notes shared before the supervision was held');
    checkCorrections(s.corrections, `supervisions[${i}]`, people, ref);
  });

  arr(input.cases).forEach((c, i) => {
    if (!isObj(c)) return;
    const at = `cases[${i}]`;
    ref(`${at}.leadProfessionalId`, c.leadProfessionalId, people, 'person');
    ref(`${at}.inclusionLeadId`, c.inclusionLeadId, people, 'person');
    const born = date(c.dateOfBirth);
    const a = isObj(c.assessment) ? c.assessment : null;
    const requested = a ? date(a.requestedOn) : null;
    if (a) {
      order(`${at}.assessment.requestedOn`, born, requested, 'request received before the child was born');
      order(`${at}.assessment.decisionOn`, requested, date(a.decisionOn), 'decision made before the request was received');
      order(`${at}.assessment.outcomeNoticeOn`, requested, date(a.outcomeNoticeOn), 'outcome notice before the request was received');
      order(`${at}.assessment.draftSentOn`, requested, date(a.draftSentOn), 'draft plan sent before the request was received');
      if (a.decision === 'not-assess' && (a.outcome ?? null) !== null) err(`${at}.assessment.outcome`, 'an outcome is recorded but the decision was not to assess');
    }
    const plan = isObj(c.plan) ? c.plan : null;
    const issued = plan ? date(plan.issuedOn) : null;
    // Not issued at all (as opposed to an issue date that is itself invalid, reported by the schema).
    const planNotIssued = plan === null || plan.issuedOn === null || plan.issuedOn === undefined;
    if (plan) {
      order(`${at}.plan.issuedOn`, requested, issued, 'final plan issued before its assessment request');
      if (a) order(`${at}.plan.issuedOn`, date(a.draftSentOn), issued, 'final plan issued before the draft was sent');
      order(`${at}.plan.ceaseNoticeOn`, issued, date(plan.ceaseNoticeOn), 'decision to cease notified before the plan was issued');
      order(`${at}.plan.ceasedOn`, issued, date(plan.ceasedOn), 'plan ceased before it was issued');
      order(`${at}.plan.transferredOutOn`, issued, date(plan.transferredOutOn), 'plan transferred out before it was issued');
    }
    arr(c.adviceRequests).forEach((r, j) => {
      if (isObj(r)) order(`${at}.adviceRequests[${j}].receivedOn`, date(r.requestedOn), date(r.receivedOn), 'advice received before it was requested');
    });
    arr(c.reviews).forEach((r, j) => {
      if (!isObj(r)) return;
      const meeting = date(r.meetingOn);
      if (planNotIssued && meeting !== null) err(`${at}.reviews[${j}].meetingOn`, 'a review meeting is recorded but no final plan has been issued');
      order(`${at}.reviews[${j}].meetingOn`, issued, meeting, 'review meeting before the plan was issued');
      order(`${at}.reviews[${j}].outcomeSentOn`, meeting, date(r.outcomeSentOn), 'review outcome sent before the meeting');
    });
    arr(c.amendments).forEach((m, j) => {
      if (isObj(m)) order(`${at}.amendments[${j}].issuedOn`, date(m.noticeOn), date(m.issuedOn), 'amended plan issued before the notice of proposed amendments');
    });
    if (isObj(c.laTransfer)) {
      order(`${at}.laTransfer.moveOn`, date(c.laTransfer.noticeOn), date(c.laTransfer.moveOn), 'move date before the notice of the move');
    }
    arr(c.mediations).forEach((m, j) => {
      if (isObj(m)) order(`${at}.mediations[${j}].sessionOn`, date(m.requestedOn), date(m.sessionOn), 'mediation session before it was requested');
    });
    let previousEnd: number | null = null;
    arr(c.cmooe).forEach((p, j) => {
      if (!isObj(p)) return;
      const from = date(p.from);
      const to = date(p.to);
      order(`${at}.cmooe[${j}].to`, from, to, 'CMOOE period ends before it starts');
      if (previousEnd === Infinity || (previousEnd !== null && from !== null && from <= previousEnd)) {
        err(`${at}.cmooe[${j}].from`, 'CMOOE periods overlap: list them in date order, each starting after the previous one ended');
      }
      previousEnd = to === null ? Infinity : to;
    });
    arr(c.cmooeSummaries).forEach((s, j) => {
      if (!isObj(s)) return;
      ref(`${at}.cmooeSummaries[${j}].authorId`, s.authorId, people, 'person');
      checkCorrections(s.corrections, `${at}.cmooeSummaries[${j}]`, people, ref);
    });
    arr(c.exclusions).forEach((x, j) => {
      if (isObj(x)) order(`${at}.exclusions[${j}].provisionFrom`, date(x.permanentFrom), date(x.provisionFrom), 'provision recorded as starting before the exclusion');
    });
    arr(c.caseNotes).forEach((n, j) => {
      if (!isObj(n)) return;
      ref(`${at}.caseNotes[${j}].authorId`, n.authorId, people, 'person');
      order(`${at}.caseNotes[${j}].recordedAt`, instant(n.eventAt), instant(n.recordedAt), 'recorded before the event it records');
      checkCorrections(n.corrections, `${at}.caseNotes[${j}]`, people, ref);
    });
  });

  const seriesById = new Map<string, Raw>();
  arr(input.meetingSeries).forEach((s) => {
    if (isObj(s) && str(s.id)) seriesById.set(s.id as string, s);
  });
  const isMeetingOf = (seriesId: unknown, on: unknown): boolean => {
    const s = typeof seriesId === 'string' ? seriesById.get(seriesId) : undefined;
    const first = s ? date(s.firstMeetingOn) : null;
    const every = s && typeof s.everyDays === 'number' && s.everyDays > 0 ? s.everyDays : null;
    const d = date(on);
    if (first === null || every === null || d === null) return true; // reported elsewhere
    return d >= first && (d - first) % every === 0;
  };

  for (const key of ['nominations', 'selections'] as const) {
    arr(input[key]).forEach((n, i) => {
      if (!isObj(n)) return;
      ref(`${key}[${i}].caseId`, n.caseId, cases, 'case');
      ref(`${key}[${i}].seriesId`, n.seriesId, series, 'meeting series');
      ref(`${key}[${i}].byId`, n.byId, people, 'person');
      if (key === 'selections' && !isMeetingOf(n.seriesId, n.meetingOn)) {
        err(`${key}[${i}].meetingOn`, `"${String(n.meetingOn)}" is not a meeting date of series "${String(n.seriesId)}"`);
      }
    });
  }
  arr(input.actions).forEach((a, i) => {
    if (!isObj(a)) return;
    // An audit finding's action belongs to no meeting series (docs/rules.md section 8); the weekly
    // team-manager meeting's actions need no series of their own (docs/case-file.md).
    if (a.seriesId !== AUDIT_SERIES_ID && a.seriesId !== WEEKLY_ACTIONS) ref(`actions[${i}].seriesId`, a.seriesId, series, 'meeting series');
    ref(`actions[${i}].caseId`, a.caseId, cases, 'case');
    ref(`actions[${i}].ownerId`, a.ownerId, people, 'person');
    order(`actions[${i}].closedOn`, date(a.meetingOn), date(a.closedOn), 'action closed before the meeting that agreed it');
    if (typeof a.closedNote === 'string' && (a.closedOn ?? null) === null) err(`actions[${i}].closedNote`, 'a note on closing is given but the action has no closedOn date');
  });
  auditCrossCheck(input, people, cases, err);
  checkMeetingRecords(input.meetingRecords, { people, cases, series }, isMeetingOf, err);
  return errors;
}

/** The series id under which the weekly team-manager meeting's actions are recorded (agenda/weekly.ts). */
const WEEKLY_ACTIONS = 'weekly';

type Err = (path: string, message: string) => void;
type Ref = (path: string, value: unknown, known: Map<string, number>, what: string) => void;

/** people[].chairs: configured meeting series, held by a CMOOE chair (docs/rules.md sections 4 and 7). */
function checkChairs(p: Raw, at: string, series: Map<string, number>, err: Err): void {
  const chairs = arr(p.chairs);
  const seen = new Set<string>();
  chairs.forEach((c, k) => {
    const id = str(c);
    if (id === null) return;
    if (!series.has(id)) err(`${at}.chairs[${k}]`, `no meeting series with id "${id}"`);
    if (seen.has(id)) err(`${at}.chairs[${k}]`, `"${id}" is listed twice`);
    seen.add(id);
  });
  if (chairs.length > 0 && !arr(p.roles).includes('cmooe-chair')) err(`${at}.chairs`, 'only a person with the role cmooe-chair chairs a meeting series');
}

/** The people named by a record's corrections (who corrected it). */
function checkCorrections(corrections: unknown, at: string, people: Map<string, number>, ref: Ref): void {
  arr(corrections).forEach((c, k) => {
    if (isObj(c)) ref(`${at}.corrections[${k}].byId`, c.byId, people, 'person');
  });
}

/** meetingRecords[]: one per meeting of a configured series, naming people and cases that exist. */
function checkMeetingRecords(
  records: unknown,
  known: { people: Map<string, number>; cases: Map<string, number>; series: Map<string, number> },
  isMeetingOf: (seriesId: unknown, on: unknown) => boolean,
  err: Err,
): void {
  const seen = new Map<string, number>();
  arr(records).forEach((r, i) => {
    if (!isObj(r)) return;
    const at = `meetingRecords[${i}]`;
    const refer = (path: string, value: unknown, map: Map<string, number>, what: string) => {
      const id = str(value);
      if (id !== null && !map.has(id)) err(path, `no ${what} with id "${id}"`);
    };
    refer(`${at}.seriesId`, r.seriesId, known.series, 'meeting series');
    refer(`${at}.recordedById`, r.recordedById, known.people, 'person');
    if (!isMeetingOf(r.seriesId, r.meetingOn)) err(`${at}.meetingOn`, `"${String(r.meetingOn)}" is not a meeting date of series "${String(r.seriesId)}"`);
    const key = `${String(r.seriesId)}|${String(r.meetingOn)}`;
    const first = seen.get(key);
    if (first !== undefined) err(`${at}`, `a second record of the same meeting (also meetingRecords[${first}])`);
    else seen.set(key, i);
    arr(r.attendees).forEach((a, k) => refer(`${at}.attendees[${k}]`, a, known.people, 'person'));
    const discussed = new Set<string>();
    arr(r.cases).forEach((c, k) => {
      if (!isObj(c)) return;
      refer(`${at}.cases[${k}].caseId`, c.caseId, known.cases, 'case');
      const id = str(c.caseId);
      if (id !== null && discussed.has(id)) err(`${at}.cases[${k}].caseId`, `case "${id}" is recorded twice in this meeting`);
      if (id !== null) discussed.add(id);
    });
  });
}

/** Audits (docs/rules.md section 8): their case and people exist; a completed audit has a grade; the
 * moderator is not the auditor; dates in order; action ids unique across the file's actions. */
function auditCrossCheck(input: Raw, people: Map<string, number>, cases: Map<string, number>, err: (path: string, message: string) => void): void {
  const seen = new Map<string, number>();
  const actionIds = new Set<string>();
  arr(input.actions).forEach((a) => {
    if (isObj(a) && str(a.id) !== null) actionIds.add(a.id as string);
  });
  const raised = new Map<string, string>();
  arr(input.audits).forEach((a, i) => {
    if (!isObj(a)) return;
    const at = `audits[${i}]`;
    const id = str(a.id);
    if (id !== null) {
      const first = seen.get(id);
      if (first !== undefined) err(`${at}.id`, `duplicate id "${id}" (also audits[${first}])`);
      else seen.set(id, i);
    }
    const ref = (path: string, value: unknown, known: Map<string, number>, what: string) => {
      const v = str(value);
      if (v !== null && !known.has(v)) err(path, `no ${what} with id "${v}"`);
    };
    ref(`${at}.caseId`, a.caseId, cases, 'case');
    ref(`${at}.auditorId`, a.auditorId, people, 'person');
    const assigned = date(a.assignedOn);
    const completed = date(a.completedOn);
    if (assigned !== null && completed !== null && completed < assigned) err(`${at}.completedOn`, 'completed before it was assigned');
    if (completed !== null && (a.grade ?? null) === null) err(`${at}.grade`, 'a completed audit needs a grade (docs/rules.md section 8)');
    const criteria = new Set<string>();
    arr(a.criteria).forEach((c, j) => {
      if (!isObj(c) || str(c.id) === null) return;
      if (criteria.has(c.id as string)) err(`${at}.criteria[${j}].id`, `criterion "${String(c.id)}" is judged twice`);
      criteria.add(c.id as string);
      if (completed !== null && (c.judgement ?? null) === null) err(`${at}.criteria[${j}].judgement`, 'a completed audit has every criterion judged');
    });
    arr(a.actions).forEach((x, j) => {
      if (!isObj(x)) return;
      ref(`${at}.actions[${j}].ownerId`, x.ownerId, people, 'person');
      const actionId = str(x.id);
      if (actionId === null) return;
      const other = raised.get(actionId);
      if (other !== undefined) err(`${at}.actions[${j}].id`, `action id "${actionId}" is already raised by ${other}`);
      else raised.set(actionId, at);
      if (completed !== null && !actionIds.has(actionId)) err(`${at}.actions[${j}].id`, `the audit is completed but its action "${actionId}" is not among the file's actions`);
    });
    const m = isObj(a.moderation) ? a.moderation : null;
    if (m) {
      ref(`${at}.moderation.moderatorId`, m.moderatorId, people, 'person');
      if (str(m.moderatorId) !== null && m.moderatorId === a.auditorId) err(`${at}.moderation.moderatorId`, 'the moderator grades the audit a second time: it cannot be its auditor');
      if (date(m.on) !== null && (m.grade ?? null) === null) err(`${at}.moderation.grade`, 'a moderation that is done needs its grade');
      if (completed === null) err(`${at}.moderation`, 'only a completed audit is moderated');
      else if (date(m.on) !== null && date(m.on)! < completed) err(`${at}.moderation.on`, 'moderated before the audit was completed');
    }
  });
}
