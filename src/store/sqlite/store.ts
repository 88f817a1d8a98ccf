// The embedded CaseStore: SQLite through better-sqlite3. better-sqlite3 is synchronous; each method
// does its work in one statement or one IMMEDIATE transaction and returns a settled promise.
// Several processes may share the file: WAL journal, a busy timeout, and the write rules that must
// hold across processes (reminder claims, case versions, unique selections) live in SQL constraints.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { seriesIdForCase } from '../../domain/cmooe.js';
import { isIsoDate, isIsoInstant } from '../../domain/dates.js';
import {
  actionSchema,
  caseNoteSchema,
  caseSchema,
  cmooeSummarySchema,
  meetingRecordSchema,
  nominationSchema,
  reviewSchema,
  selectionSchema,
  supervisionSchema,
  type Action,
  type Audit,
  type Case,
  type CaseFile,
  type CaseNote,
  type CmooeSummary,
  type MeetingRecord,
  type MeetingSeries,
  type Nomination,
  type Person,
  type Review,
  type SchoolHolidayRecord,
  type Selection,
  type Supervision,
} from '../../domain/model.js';
import { formatError, formatPath, parseCaseFile, type CaseFileError } from '../../domain/validate.js';
import { closingNote } from '../action-note.js';
import { checkAudit, parseAudit, parseAuditActions, peopleOfAudit } from '../audit-checks.js';
import { checkMeetingItem, checkSelectionOpen, entryActions, meetingRecordKey, nextActionNumber, patchedAction, WEEKLY_SERIES, withAttendees, withOutcome } from '../meeting-records.js';
import {
  ConflictError,
  NotFoundError,
  StoreBusyError,
  StoreValidationError,
  type ActionPatch,
  type ActionQuery,
  type AddAuditsReport,
  type AuditQuery,
  type StoredAudit,
  type CasePatch,
  type CaseQuery,
  type CaseStatus,
  type CaseStore,
  type Change,
  type ChangeBatch,
  type ConversationRecord,
  type AnnouncedLines,
  type CardClaim,
  type CardClaimRequest,
  type CardMessage,
  type CardState,
  type CardUpdate,
  type FormSubmission,
  type ImportReport,
  type StoreHealth,
  type MeetingItemEntry,
  type MeetingItemWritten,
  type MeetingQuery,
  type MeetingRecordQuery,
  type SnoozeRecord,
  type StoredCase,
  type SupervisionRef,
  type WriteOptions,
} from '../port.js';
import { migrate } from './schema.js';
import { refersToCase, type AccessEntry } from '../../domain/access-log.js';
import { checkAccessEntries, checkAccessQuery, compareAccessNewestFirst } from '../access-entry.js';
import type { AccessQuery, DestroyReport } from '../port.js';
import { errorText, quickCheck } from './check.js';
import type { z } from 'zod';

export interface SqliteStoreOptions {
  /** How many change-feed entries to keep; a token older than that gets a full resync. Default 500,000. */
  readonly changeRetention?: number;
  /** How long one try waits for another process's lock, in ms, inside SQLite: the whole process waits
   * (better-sqlite3 is synchronous). Default 10,000 (the CLI); a server uses a few ms (openStore's
   * `serving`) and waits between tries instead (`lockWaitMs`). */
  readonly busyTimeoutMs?: number;
  /** How long, in all, to keep trying a statement that found the database locked, waiting between tries
   * without blocking the event loop; then StoreBusyError. Default 0: one try of busyTimeoutMs. */
  readonly lockWaitMs?: number;
}

/** The tables of the schema, each read by checkHealth. */
const TABLES = [
  'meta',
  'meeting_series',
  'people',
  'cases',
  'case_cmooe',
  'supervisions',
  'nominations',
  'selections',
  'actions',
  'audits',
  'reminder_ledger',
  'snoozes',
  'settings',
  'conversations',
  'changes',
  'access_log',
  'meeting_records',
] as const;

/** SQLite's answer when another connection holds the lock it needs (after the busy timeout). */
function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Entity = Change['entity'];
type Row = Record<string, unknown>;

/** Cases with a CMOOE period covering a day (the periods table is small: scan it, then look cases up). */
const CMOOE_ON = 'c.id IN (SELECT p.case_id FROM case_cmooe p WHERE p.from_on <= ? AND (p.to_on IS NULL OR p.to_on >= ?))';

const CONVERSATION_SCOPES = ['personal', 'team', 'groupChat'] as const;

/** The tables an import replaces, parents before the tables that refer to them. */
const FILE_TABLES = ['meeting_series', 'people', 'cases', 'case_cmooe', 'supervisions', 'nominations', 'selections', 'actions', 'audits', 'meeting_records'] as const;
type FileTable = (typeof FILE_TABLES)[number];
/** Rows per staging transaction: a few milliseconds of lock each. */
const STAGE_CHUNK = 500;

/** Another import took over the staging while this one was writing (its swap would lose the other's rows). */
class ImportOvertaken extends Error {}

/** The columns of a case's row that queries filter on, and the case as JSON. */
function caseColumns(c: Case) {
  return {
    id: c.id,
    lead: c.leadProfessionalId,
    inclusion: c.inclusionLeadId,
    team: c.team,
    locality: c.locality,
    status: caseStatus(c),
    series: seriesIdForCase(c),
    open: c.cmooe.some((p) => p.to === null) ? 1 : 0,
    data: JSON.stringify(c),
  };
}

/** Case status from the plan (port.ts CaseStatus). */
export function caseStatus(c: Case): CaseStatus {
  if (c.plan?.ceasedOn) return 'ceased';
  if (c.plan?.transferredOutOn) return 'transferred';
  return 'open';
}

// Change-feed ids of the entities that have no id of their own.
const supervisionKey = (s: Supervision) => `${s.superviseeId}|${s.supervisorId}|${s.heldOn}`;
const nominationKey = (n: Nomination) => `${n.caseId}|${n.seriesId}|${n.madeOn}|${n.byId}`;
const selectionKey = (s: Pick<Selection, 'caseId' | 'seriesId' | 'meetingOn'>) => `${s.caseId}|${s.seriesId}|${s.meetingOn}`;

function problemsOf(errors: readonly CaseFileError[], from: string, to: string): string[] {
  return errors.map((e) => formatError({ path: e.path.startsWith(from) ? to + e.path.slice(from.length) : e.path, message: e.message }));
}

function zodProblems(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((issue) => {
    const path = formatPath([prefix, ...issue.path]);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${path}.${k}: unknown field`).join('\n');
    return `${path}: ${issue.message}`;
  });
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoreValidationError(`the ${what} was not stored`, zodProblems(parsed.error, what));
  return parsed.data;
}

function requireText(value: unknown, name: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new StoreValidationError(`the ${what} was not stored`, [`${name}: must be a non-empty string`]);
  return value;
}

function requireInstant(value: unknown, name: string, what: string): string {
  if (typeof value !== 'string' || !isIsoInstant(value)) {
    throw new StoreValidationError(`the ${what} was not stored`, [`${name}: not an instant with an offset or Z ${JSON.stringify(value)}`]);
  }
  return value;
}

function requireDate(value: unknown, name: string, what: string): string {
  if (typeof value !== 'string' || !isIsoDate(value)) throw new StoreValidationError(`the ${what} was not stored`, [`${name}: not a date ${JSON.stringify(value)}`]);
  return value;
}

export class SqliteCaseStore implements CaseStore {
  private readonly db: Database.Database;
  private readonly retention: number;
  private readonly lockWaitMs: number;
  private closed = false;
  /** Prepared statements by SQL text (a finite set: the SQL below, and the combinations of query fields). */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    readonly path: string,
    options: SqliteStoreOptions = {},
  ) {
    this.retention = Math.max(1, options.changeRetention ?? 500_000);
    this.lockWaitMs = Math.max(0, options.lockWaitMs ?? 0);
    this.db = new Database(path);
    try {
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 10_000))}`);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
      this.immediateSync(() => {
        this.stmt("INSERT INTO meta (key, value) VALUES ('store_id', ?) ON CONFLICT(key) DO NOTHING").run(JSON.stringify(randomUUID()));
        this.stmt("INSERT INTO meta (key, value) VALUES ('change_floor', '0') ON CONFLICT(key) DO NOTHING").run();
      });
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    // pluck() is a mode of the statement: reset it, callers that want it call .pluck() themselves.
    return statement.reader ? statement.pluck(false) : statement;
  }

  /** Run fn in one IMMEDIATE transaction (takes the write lock at the start: no upgrade deadlocks). */
  private immediateSync<T>(fn: () => T): T {
    if (this.closed) throw new Error('the SQLite store is closed');
    return this.db.transaction(fn).immediate();
  }

  /** As immediateSync; while another process holds the lock, waits between tries (lockWaitMs). */
  private immediate<T>(fn: () => T): Promise<T> {
    return this.locked(() => this.immediateSync(fn));
  }

  private read<T>(fn: () => T): Promise<T> {
    return this.locked(() => {
      if (this.closed) throw new Error('the SQLite store is closed');
      return this.db.transaction(fn).deferred();
    });
  }

  /** Run `fn` (a statement or a transaction, which SQLite rolls back whole when it cannot get its lock);
   * while the database is locked by another connection, try again after a pause in which the event
   * loop runs (other requests, health checks, timers), until lockWaitMs is spent: then StoreBusyError.
   * Each try blocks for at most busyTimeoutMs. */
  private async locked<T>(fn: () => T): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return fn();
      } catch (e) {
        if (!isBusy(e)) throw e;
        const left = this.lockWaitMs - (Date.now() - started);
        if (left <= 0) throw new StoreBusyError(Date.now() - started);
        await sleep(Math.min(left, 20 * 2 ** Math.min(attempt, 4)));
      }
    }
  }

  private getMeta<T>(key: string): T | null {
    const v = this.stmt('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
    return v === undefined ? null : (JSON.parse(v) as T);
  }

  private setMeta(key: string, value: unknown): void {
    this.stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }

  /** Append to the change log; returns the new sequence number. */
  private logChange(entity: Entity, id: string, deleted = false): number {
    const seq = Number(this.stmt('INSERT INTO changes (entity, entity_id, deleted) VALUES (?, ?, ?)').run(entity, id, deleted ? 1 : 0).lastInsertRowid);
    if (seq % 256 === 0) this.pruneChanges();
    return seq;
  }

  private pruneChanges(): void {
    const max = (this.stmt('SELECT max(seq) FROM changes').pluck().get() as number | null) ?? 0;
    const floor = max - this.retention;
    if (floor <= (this.getMeta<number>('change_floor') ?? 0)) return;
    this.stmt('DELETE FROM changes WHERE seq <= ?').run(floor);
    this.setMeta('change_floor', floor);
  }

  /** Which of these ids are people of the store. */
  private existingPeople(ids: Iterable<string>): string[] {
    return this.stmt('SELECT id FROM people WHERE id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify([...new Set(ids)])) as string[];
  }

  private seriesList(): MeetingSeries[] {
    return (this.stmt('SELECT data FROM meeting_series ORDER BY ordinal').pluck().all() as string[]).map((d) => JSON.parse(d) as MeetingSeries);
  }

  private caseExists(id: string): boolean {
    return this.stmt('SELECT 1 FROM cases WHERE id = ?').get(id) !== undefined;
  }

  /**
   * The cross-checks of the case file (validate.ts) for one new or changed record, against what is
   * stored: references to people, cases and series, and dates in order. Keeps the stored content a
   * valid case file, so that export then import always works.
   */
  private crossCheck(what: string, key: 'cases' | 'supervisions' | 'nominations' | 'selections' | 'actions' | 'meetingRecords', record: unknown, caseIds: readonly string[] = []): void {
    const people = this.existingPeople(referencedPeople(record)).map((id) => ({ id, name: '', roles: ['qa-officer'] }));
    const meetingSeries = this.seriesList();
    const file: Record<string, unknown> =
      key === 'cases'
        ? { meetingSeries, people, cases: [record] }
        : {
            meetingSeries,
            people,
            cases: caseIds.filter((id) => this.caseExists(id)).map((id) => ({ id, childName: '', dateOfBirth: '2000-01-01' })),
            [key]: [record],
          };
    const result = parseCaseFile(file);
    if (!result.ok) throw new StoreValidationError(`the ${what} was not stored`, problemsOf(result.errors, `${key}[0]`, what));
  }

  private rowToStored(row: Row): StoredCase {
    return { case: JSON.parse(row.data as string) as Case, version: String(row.version) };
  }

  /** Write a case's row and its CMOOE periods (insert, or update when ordinal is null). A new case or
   * an update gets a new version; an append to its history keeps the version it had (`keepVersion`),
   * so that appending a note never makes someone's pending edit of the case fields a conflict. */
  private writeCase(c: Case, ordinal: number | null, keepVersion: string | null = null): StoredCase {
    const logged = this.logChange('case', c.id);
    const seq = keepVersion === null ? logged : Number(keepVersion);
    const cols = { ...caseColumns(c), version: seq };
    if (ordinal === null) {
      this.db
        .prepare(
          `UPDATE cases SET lead_professional_id = @lead, inclusion_lead_id = @inclusion, team = @team, locality = @locality,
             status = @status, cmooe_series = @series, cmooe_open = @open, version = @version, data = @data WHERE id = @id`,
        )
        .run(cols);
      this.stmt('DELETE FROM case_cmooe WHERE case_id = ?').run(c.id);
    } else {
      this.db
        .prepare(
          `INSERT INTO cases (id, ordinal, lead_professional_id, inclusion_lead_id, team, locality, status, cmooe_series, cmooe_open, version, data)
           VALUES (@id, @ordinal, @lead, @inclusion, @team, @locality, @status, @series, @open, @version, @data)`,
        )
        .run({ ...cols, ordinal });
    }
    const period = this.stmt('INSERT INTO case_cmooe (case_id, from_on, to_on) VALUES (?, ?, ?)');
    for (const p of c.cmooe) period.run(c.id, p.from, p.to);
    return { case: c, version: String(seq) };
  }

  // ---- cases ------------------------------------------------------------------------------------

  async getCase(caseId: string): Promise<StoredCase | null> {
    const row = await this.read(() => this.stmt('SELECT data, version FROM cases WHERE id = ?').get(caseId) as Row | undefined);
    return row ? this.rowToStored(row) : null;
  }

  async queryCases(query: CaseQuery): Promise<StoredCase[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const eq = (column: string, value: string | undefined) => {
      if (value !== undefined) {
        where.push(`c.${column} = ?`);
        params.push(value);
      }
    };
    eq('lead_professional_id', query.leadProfessionalId);
    eq('inclusion_lead_id', query.inclusionLeadId);
    eq('team', query.team);
    eq('locality', query.locality);
    eq('status', query.status);
    if (query.cmooeOn !== undefined && !isIsoDate(query.cmooeOn)) {
      throw new StoreValidationError('the case query is not valid', [`cmooeOn: not a date ${JSON.stringify(query.cmooeOn)}`]);
    }
    if (query.cmooeSeries !== undefined) {
      eq('cmooe_series', query.cmooeSeries);
      if (query.cmooeOn === undefined) {
        where.push('c.cmooe_open = 1');
      } else {
        where.push(CMOOE_ON);
        params.push(query.cmooeOn, query.cmooeOn);
      }
    } else if (query.cmooeOn !== undefined) {
      where.push(CMOOE_ON);
      params.push(query.cmooeOn, query.cmooeOn);
    }
    if (query.ids !== undefined) {
      where.push('c.id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(query.ids));
    }
    const sql = `SELECT c.data, c.version FROM cases c ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY c.id`;
    const rows = await this.read(() => this.stmt(sql).all(...params) as Row[]);
    return rows.map((r) => this.rowToStored(r));
  }

  async updateCase(caseId: string, expectedVersion: string, patch: CasePatch): Promise<StoredCase> {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw new StoreValidationError(`case ${caseId} was not updated`, ['patch: expected an object of case fields']);
    }
    const forbidden = ['id', 'caseNotes', 'cmooeSummaries', 'reviews'].filter((k) => k in patch && (patch as Row)[k] !== undefined);
    if (forbidden.length) {
      throw new StoreValidationError(
        `case ${caseId} was not updated`,
        forbidden.map((k) => `${k}: cannot be changed by an update (${k === 'id' ? 'a case keeps its id' : 'history is added with its own method'})`),
      );
    }
    return this.immediate(() => {
      const row = this.stmt('SELECT data, version FROM cases WHERE id = ?').get(caseId) as Row | undefined;
      if (!row) throw new NotFoundError('case', caseId);
      if (String(row.version) !== expectedVersion) throw new ConflictError(caseId);
      const current = JSON.parse(row.data as string) as Case;
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const parsed = caseSchema.safeParse({ ...current, ...defined });
      if (!parsed.success) throw new StoreValidationError(`case ${caseId} was not updated`, zodProblems(parsed.error, 'case'));
      this.crossCheck(`case ${caseId}`, 'cases', parsed.data);
      const stored = this.writeCase(parsed.data, null);
      return stored;
    });
  }

  async addCase(c: Case): Promise<StoredCase> {
    const parsed = parseOrThrow(caseSchema, c, 'case');
    return this.immediate(() => {
      if (this.caseExists(parsed.id)) throw new StoreValidationError('the case was not stored', [`case.id: a case with id "${parsed.id}" already exists`]);
      this.crossCheck('case', 'cases', parsed);
      const ordinal = this.stmt('SELECT coalesce(max(ordinal), -1) + 1 FROM cases').pluck().get() as number;
      return this.writeCase(parsed, ordinal);
    });
  }

  // ---- history ----------------------------------------------------------------------------------

  /** In a write transaction: true the first time a submit id is written, false after (store nothing). */
  private firstWrite(options: WriteOptions | undefined): boolean {
    if (options?.submitId === undefined) return true;
    requireText(options.submitId, 'submitId', 'form entry');
    return this.stmt('INSERT INTO submission_writes (submit_id) VALUES (?) ON CONFLICT DO NOTHING').run(options.submitId).changes === 1;
  }

  /** Append to one history list of a case: validated alone, then the whole case re-checked. */
  private async appendToCase<K extends 'caseNotes' | 'cmooeSummaries' | 'reviews'>(caseId: string, list: K, item: Case[K][number], what: string, options?: WriteOptions): Promise<void> {
    await this.immediate(() => {
      if (!this.caseExists(caseId)) throw new NotFoundError('case', caseId);
      if (!this.firstWrite(options)) return;
      const row = this.stmt('SELECT data, version FROM cases WHERE id = ?').get(caseId) as Row | undefined;
      if (!row) throw new NotFoundError('case', caseId);
      const current = JSON.parse(row.data as string) as Case;
      const next = { ...current, [list]: [...current[list], item] };
      // Re-check the whole case so dates in order and people referenced hold; name the new entry.
      const index = current[list].length;
      try {
        this.crossCheck(what, 'cases', next);
      } catch (e) {
        if (!(e instanceof StoreValidationError)) throw e;
        const mine = e.problems.filter((p) => p.startsWith(`${what}.${list}[${index}]`)).map((p) => p.replace(`${what}.${list}[${index}]`, what));
        throw new StoreValidationError(`the ${what} was not added to case ${caseId}`, mine.length ? mine : e.problems);
      }
      this.writeCase(next, null, String(row.version));
    });
  }

  async addCaseNote(caseId: string, note: CaseNote, options?: WriteOptions): Promise<void> {
    await this.appendToCase(caseId, 'caseNotes', parseOrThrow(caseNoteSchema, note, 'caseNote'), 'caseNote', options);
  }

  async addCmooeSummary(caseId: string, summary: CmooeSummary, options?: WriteOptions): Promise<void> {
    await this.appendToCase(caseId, 'cmooeSummaries', parseOrThrow(cmooeSummarySchema, summary, 'cmooeSummary'), 'cmooeSummary', options);
  }

  async addReview(caseId: string, review: Review): Promise<void> {
    await this.appendToCase(caseId, 'reviews', parseOrThrow(reviewSchema, review, 'review'), 'review');
  }

  async addSupervision(supervision: Supervision, options?: WriteOptions): Promise<void> {
    const s = parseOrThrow(supervisionSchema, supervision, 'supervision');
    await this.immediate(() => {
      this.crossCheck('supervision', 'supervisions', s);
      if (!this.firstWrite(options)) return;
      this.db.prepare('INSERT INTO supervisions (supervisee_id, supervisor_id, held_on, data) VALUES (?, ?, ?, ?)').run(s.superviseeId, s.supervisorId, s.heldOn, JSON.stringify(s));
      this.logChange('supervision', supervisionKey(s));
    });
  }

  async addNomination(nomination: Nomination, options?: WriteOptions): Promise<void> {
    const n = parseOrThrow(nominationSchema, nomination, 'nomination');
    await this.immediate(() => {
      if (!this.caseExists(n.caseId)) throw new NotFoundError('case', n.caseId);
      this.crossCheck('nomination', 'nominations', n, [n.caseId]);
      if (!this.firstWrite(options)) return;
      this.stmt('INSERT INTO nominations (case_id, series_id, made_on, data) VALUES (?, ?, ?, ?)').run(n.caseId, n.seriesId, n.madeOn, JSON.stringify(n));
      this.logChange('nomination', nominationKey(n));
    });
  }

  /** Selecting a case already selected for that meeting changes nothing (the first selection stays). */
  async addSelection(selection: Selection, asOf: string): Promise<void> {
    const s = parseOrThrow(selectionSchema, selection, 'selection');
    checkSelectionOpen(s.meetingOn, asOf, 'added');
    await this.immediate(() => {
      if (!this.caseExists(s.caseId)) throw new NotFoundError('case', s.caseId);
      this.crossCheck('selection', 'selections', s, [s.caseId]);
      const inserted = this.db
        .prepare('INSERT INTO selections (case_id, series_id, meeting_on, data) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(s.caseId, s.seriesId, s.meetingOn, JSON.stringify(s)).changes;
      if (inserted === 1) this.logChange('selection', selectionKey(s));
    });
  }

  async removeSelection(selection: Pick<Selection, 'caseId' | 'seriesId' | 'meetingOn'>, asOf: string): Promise<void> {
    checkSelectionOpen(selection.meetingOn, asOf, 'removed');
    await this.immediate(() => {
      const removed = this.db.prepare('DELETE FROM selections WHERE case_id = ? AND series_id = ? AND meeting_on = ?').run(selection.caseId, selection.seriesId, selection.meetingOn).changes;
      if (removed === 0) throw new NotFoundError('selection', selectionKey(selection));
      this.logChange('selection', selectionKey(selection), true);
    });
  }

  async addAction(action: Action): Promise<void> {
    const a = parseOrThrow(actionSchema, action, 'action');
    await this.immediate(() => {
      if (a.caseId !== null && !this.caseExists(a.caseId)) throw new NotFoundError('case', a.caseId);
      if (this.stmt('SELECT 1 FROM actions WHERE id = ?').get(a.id) !== undefined) {
        throw new StoreValidationError('the action was not stored', [`action.id: an action with id "${a.id}" already exists`]);
      }
      this.crossCheck('action', 'actions', a, a.caseId === null ? [] : [a.caseId]);
      this.db.prepare('INSERT INTO actions (id, series_id, case_id, owner_id, closed_on, data) VALUES (?, ?, ?, ?, ?, ?)').run(a.id, a.seriesId, a.caseId, a.ownerId, a.closedOn, JSON.stringify(a));
      this.logChange('action', a.id);
    });
  }

  async closeAction(actionId: string, closedOn: string, closedNote?: string | null): Promise<void> {
    requireDate(closedOn, 'closedOn', 'action closure');
    const note = closingNote(closedNote);
    await this.immediate(() => {
      const data = this.stmt('SELECT data FROM actions WHERE id = ?').pluck().get(actionId) as string | undefined;
      if (data === undefined) throw new NotFoundError('action', actionId);
      const before = JSON.parse(data) as Action;
      const a: Action = { ...before, closedOn, closedNote: note === undefined ? (before.closedNote ?? null) : note };
      this.crossCheck('action', 'actions', a, a.caseId === null ? [] : [a.caseId]);
      this.stmt('UPDATE actions SET closed_on = ?, data = ? WHERE id = ?').run(closedOn, JSON.stringify(a), actionId);
      this.logChange('action', actionId);
    });
  }

  async updateAction(actionId: string, patch: ActionPatch): Promise<Action> {
    return this.immediate(() => {
      const data = this.stmt('SELECT data FROM actions WHERE id = ?').pluck().get(actionId) as string | undefined;
      if (data === undefined) throw new NotFoundError('action', actionId);
      const a = patchedAction(JSON.parse(data) as Action, patch ?? {});
      this.crossCheck('action', 'actions', a, a.caseId === null ? [] : [a.caseId]);
      this.stmt('UPDATE actions SET owner_id = ?, data = ? WHERE id = ?').run(a.ownerId, JSON.stringify(a), actionId);
      this.logChange('action', actionId);
      return a;
    });
  }

  // ---- the meeting record and corrections -------------------------------------------------------

  private meetingRecordRow(seriesId: string, meetingOn: string): MeetingRecord | null {
    const d = this.stmt('SELECT data FROM meeting_records WHERE series_id = ? AND meeting_on = ?').pluck().get(seriesId, meetingOn) as string | undefined;
    return d === undefined ? null : (JSON.parse(d) as MeetingRecord);
  }

  /** Write a meeting record (checked against the series, people and cases it names). */
  private writeMeetingRecord(record: MeetingRecord, existed: boolean): MeetingRecord {
    const r = parseOrThrow(meetingRecordSchema, record, 'meetingRecord');
    this.crossCheck(
      'meeting record',
      'meetingRecords',
      r,
      r.cases.map((c) => c.caseId),
    );
    if (existed) this.stmt('UPDATE meeting_records SET data = ? WHERE series_id = ? AND meeting_on = ?').run(JSON.stringify(r), r.seriesId, r.meetingOn);
    else {
      const ordinal = this.stmt('SELECT coalesce(max(ordinal), -1) + 1 FROM meeting_records').pluck().get() as number;
      this.stmt('INSERT INTO meeting_records (ordinal, series_id, meeting_on, data) VALUES (?, ?, ?, ?)').run(ordinal, r.seriesId, r.meetingOn, JSON.stringify(r));
    }
    this.logChange('meetingRecord', meetingRecordKey(r));
    return r;
  }

  async recordMeetingItem(entry: MeetingItemEntry, options?: WriteOptions): Promise<MeetingItemWritten> {
    const e = checkMeetingItem(entry);
    return this.immediate(() => {
      if (e.caseId !== null && !this.caseExists(e.caseId)) throw new NotFoundError('case', e.caseId);
      if (!this.firstWrite(options)) {
        // A repeat: nothing more is written; the answer is what the first write stored.
        const ids = JSON.parse((this.stmt('SELECT result FROM submission_writes WHERE submit_id = ?').pluck().get(options!.submitId) as string | null) ?? '[]') as string[];
        const actions = ids
          .map((id) => this.stmt('SELECT data FROM actions WHERE id = ?').pluck().get(id) as string | undefined)
          .filter((d): d is string => d !== undefined)
          .map((d) => JSON.parse(d) as Action);
        return { record: e.seriesId === WEEKLY_SERIES ? null : this.meetingRecordRow(e.seriesId, e.meetingOn), actions };
      }
      let record: MeetingRecord | null = null;
      if (e.caseId !== null) {
        const current = this.meetingRecordRow(e.seriesId, e.meetingOn);
        record = this.writeMeetingRecord(withOutcome(current, e), current !== null);
      }
      const first = nextActionNumber(this.stmt('SELECT id FROM actions').pluck().all() as string[]);
      const actions = entryActions(e, first).map((a, i) => {
        const parsed = parseOrThrow(actionSchema, a, `actions[${i}]`);
        this.crossCheck(`actions[${i}]`, 'actions', parsed, parsed.caseId === null ? [] : [parsed.caseId]);
        this.db
          .prepare('INSERT INTO actions (id, series_id, case_id, owner_id, closed_on, data) VALUES (?, ?, ?, ?, ?, ?)')
          .run(parsed.id, parsed.seriesId, parsed.caseId, parsed.ownerId, parsed.closedOn, JSON.stringify(parsed));
        this.logChange('action', parsed.id);
        return parsed;
      });
      if (options?.submitId !== undefined) this.stmt('UPDATE submission_writes SET result = ? WHERE submit_id = ?').run(JSON.stringify(actions.map((a) => a.id)), options.submitId);
      return { record, actions };
    });
  }

  async setMeetingAttendees(seriesId: string, meetingOn: string, attendees: readonly string[], by: { readonly recordedById: string; readonly at: string }): Promise<MeetingRecord> {
    requireDate(meetingOn, 'meetingOn', 'attendance');
    requireText(seriesId, 'seriesId', 'attendance');
    return this.immediate(() => {
      const current = this.meetingRecordRow(seriesId, meetingOn);
      return this.writeMeetingRecord(withAttendees(current, seriesId, meetingOn, attendees, by), current !== null);
    });
  }

  async listMeetingRecords(query: MeetingRecordQuery = {}): Promise<MeetingRecord[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (query.seriesId !== undefined) {
      where.push('series_id = ?');
      params.push(query.seriesId);
    }
    if (query.from !== undefined) {
      where.push('meeting_on >= ?');
      params.push(requireDate(query.from, 'from', 'meeting record query'));
    }
    if (query.to !== undefined) {
      where.push('meeting_on <= ?');
      params.push(requireDate(query.to, 'to', 'meeting record query'));
    }
    return this.listData<MeetingRecord>('meeting_records', where, params);
  }

  async updateSupervision(which: SupervisionRef, next: Supervision): Promise<void> {
    const s = parseOrThrow(supervisionSchema, next, 'supervision');
    await this.immediate(() => {
      const row = this.stmt('SELECT ordinal, data FROM supervisions WHERE supervisee_id = ? AND supervisor_id = ? AND held_on = ? ORDER BY ordinal LIMIT 1').get(
        which.superviseeId,
        which.supervisorId,
        which.heldOn,
      ) as Row | undefined;
      if (!row) throw new NotFoundError('supervision', supervisionKey(which as Supervision));
      this.crossCheck('supervision', 'supervisions', s);
      this.stmt('UPDATE supervisions SET supervisee_id = ?, supervisor_id = ?, held_on = ?, data = ? WHERE ordinal = ?').run(s.superviseeId, s.supervisorId, s.heldOn, JSON.stringify(s), row.ordinal);
      const before = supervisionKey(which as Supervision);
      if (before !== supervisionKey(s)) this.logChange('supervision', before, true);
      this.logChange('supervision', supervisionKey(s));
    });
  }

  async correctCaseEntry<K extends 'caseNotes' | 'cmooeSummaries'>(caseId: string, list: K, index: number, expected: Case[K][number], next: Case[K][number]): Promise<void> {
    const what = list === 'caseNotes' ? 'caseNote' : 'cmooeSummary';
    const entry = parseOrThrow(list === 'caseNotes' ? caseNoteSchema : cmooeSummarySchema, next, what);
    await this.immediate(() => {
      const row = this.stmt('SELECT data, version FROM cases WHERE id = ?').get(caseId) as Row | undefined;
      if (!row) throw new NotFoundError('case', caseId);
      const current = JSON.parse(row.data as string) as Case;
      const items = current[list] as unknown[];
      if (!Number.isInteger(index) || index < 0 || index >= items.length || JSON.stringify(items[index]) !== JSON.stringify(expected)) {
        throw new ConflictError(caseId, `its ${list === 'caseNotes' ? 'note' : 'summary'} was changed or removed since it was read`);
      }
      const nextCase: Case = { ...current, [list]: items.map((x, i) => (i === index ? entry : x)) };
      try {
        this.crossCheck(what, 'cases', nextCase);
      } catch (e) {
        if (!(e instanceof StoreValidationError)) throw e;
        const mine = e.problems.filter((p) => p.startsWith(`${what}.${list}[${index}]`)).map((p) => p.replace(`${what}.${list}[${index}]`, what));
        throw new StoreValidationError(`the correction of case ${caseId} was not stored`, mine.length ? mine : e.problems);
      }
      this.writeCase(nextCase, null, String(row.version));
    });
  }

  // ---- people, series, meeting records ----------------------------------------------------------

  async listPeople(): Promise<Person[]> {
    return (await this.read(() => this.stmt('SELECT data FROM people ORDER BY ordinal').pluck().all() as string[])).map((d) => JSON.parse(d) as Person);
  }

  async getPerson(personId: string): Promise<Person | null> {
    const d = await this.read(() => this.stmt('SELECT data FROM people WHERE id = ?').pluck().get(personId) as string | undefined);
    return d === undefined ? null : (JSON.parse(d) as Person);
  }

  async findPerson(by: { aadObjectId?: string | null; email?: string | null }): Promise<Person | null> {
    return this.read(() => {
      if (by.aadObjectId) {
        const d = this.stmt('SELECT data FROM people WHERE aad_object_id = ? ORDER BY ordinal LIMIT 1').pluck().get(by.aadObjectId) as string | undefined;
        if (d !== undefined) return JSON.parse(d) as Person;
      }
      if (by.email) {
        const d = this.stmt('SELECT data FROM people WHERE email_lower = ? ORDER BY ordinal LIMIT 1').pluck().get(by.email.trim().toLowerCase()) as string | undefined;
        if (d !== undefined) return JSON.parse(d) as Person;
      }
      return null;
    });
  }

  async bindPersonObjectId(personId: string, aadObjectId: string): Promise<Person> {
    const oid = requireText(aadObjectId, 'aadObjectId', 'Entra object id').trim();
    return this.immediate(() => {
      const data = this.stmt('SELECT data FROM people WHERE id = ?').pluck().get(personId) as string | undefined;
      if (data === undefined) throw new NotFoundError('person', personId);
      const person = JSON.parse(data) as Person;
      if (person.aadObjectId === oid) return person;
      if (person.aadObjectId) throw new StoreValidationError(`person ${personId} was not bound`, ['aadObjectId: the person already has another Entra object id']);
      const holder = this.stmt('SELECT id FROM people WHERE aad_object_id = ?').pluck().get(oid) as string | undefined;
      if (holder !== undefined) throw new StoreValidationError(`person ${personId} was not bound`, [`aadObjectId: person ${holder} already has this Entra object id`]);
      const bound: Person = { ...person, aadObjectId: oid };
      this.stmt('UPDATE people SET aad_object_id = ?, data = ? WHERE id = ?').run(oid, JSON.stringify(bound), personId);
      this.logChange('person', personId);
      return bound;
    });
  }

  async listMeetingSeries(): Promise<MeetingSeries[]> {
    return this.read(() => this.seriesList());
  }

  async listSchoolHolidays(): Promise<SchoolHolidayRecord[]> {
    return this.read(() => this.getMeta<SchoolHolidayRecord[]>('schoolHolidays') ?? []);
  }

  async policyName(): Promise<string> {
    return this.read(() => this.getMeta<string>('policy') ?? 'dorset');
  }

  async listSupervisions(query: { superviseeId?: string; supervisorId?: string } = {}): Promise<Supervision[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (query.superviseeId !== undefined) {
      where.push('supervisee_id = ?');
      params.push(query.superviseeId);
    }
    if (query.supervisorId !== undefined) {
      where.push('supervisor_id = ?');
      params.push(query.supervisorId);
    }
    return this.listData<Supervision>('supervisions', where, params);
  }

  async listNominations(query: MeetingQuery = {}): Promise<Nomination[]> {
    return this.listDatedRecords<Nomination>('nominations', 'made_on', query);
  }

  async listSelections(query: MeetingQuery = {}): Promise<Selection[]> {
    return this.listDatedRecords<Selection>('selections', 'meeting_on', query);
  }

  private async listDatedRecords<T>(table: 'nominations' | 'selections', dateColumn: string, query: MeetingQuery): Promise<T[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (query.seriesId !== undefined) {
      where.push('series_id = ?');
      params.push(query.seriesId);
    }
    if (query.caseId !== undefined) {
      where.push('case_id = ?');
      params.push(query.caseId);
    }
    if (query.from !== undefined) {
      where.push(`${dateColumn} >= ?`);
      params.push(requireDate(query.from, 'from', `${table} query`));
    }
    if (query.to !== undefined) {
      where.push(`${dateColumn} <= ?`);
      params.push(requireDate(query.to, 'to', `${table} query`));
    }
    return this.listData<T>(table, where, params);
  }

  async listActions(query: ActionQuery = {}): Promise<Action[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (query.seriesId !== undefined) {
      where.push('series_id = ?');
      params.push(query.seriesId);
    }
    if (query.caseId !== undefined) {
      where.push('case_id = ?');
      params.push(query.caseId);
    }
    if (query.ownerId !== undefined) {
      where.push('owner_id = ?');
      params.push(query.ownerId);
    }
    if (query.open !== undefined) where.push(query.open ? 'closed_on IS NULL' : 'closed_on IS NOT NULL');
    return this.listData<Action>('actions', where, params);
  }

  private async listData<T>(table: string, where: string[], params: unknown[]): Promise<T[]> {
    const sql = `SELECT data FROM ${table} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ordinal`;
    return (
      await this.read(
        () =>
          this.stmt(sql)
            .pluck()
            .all(...params) as string[],
      )
    ).map((d) => JSON.parse(d) as T);
  }

  // ---- audits (docs/rules.md section 8) ------------------------------------------------------------

  async listAudits(query: AuditQuery = {}): Promise<Audit[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const eq = (column: string, value: string | undefined) => {
      if (value !== undefined) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    };
    eq('case_id', query.caseId);
    eq('auditor_id', query.auditorId);
    eq('moderator_id', query.moderatorId);
    eq('type', query.type);
    eq('run', query.run);
    if (query.open !== undefined) where.push(query.open ? 'completed_on IS NULL' : 'completed_on IS NOT NULL');
    return this.listData<Audit>('audits', where, params);
  }

  async getAudit(auditId: string): Promise<StoredAudit | null> {
    const row = await this.read(() => this.stmt('SELECT data, version FROM audits WHERE id = ?').get(auditId) as Row | undefined);
    return row ? { audit: JSON.parse(row.data as string) as Audit, version: String(row.version) } : null;
  }

  /** The cross-checks of one audit against what is stored (in the write transaction). */
  private checkAuditSync(audit: Audit, actions: readonly Action[], what: string): void {
    const stored =
      audit.actions.length === 0
        ? []
        : (
            this.stmt('SELECT data FROM actions WHERE id IN (SELECT value FROM json_each(?))')
              .pluck()
              .all(JSON.stringify(audit.actions.map((a) => a.id))) as string[]
          ).map((d) => JSON.parse(d) as Action);
    const byId = new Map(stored.map((a) => [a.id, a]));
    for (const a of actions) byId.set(a.id, a);
    checkAudit(audit, { people: this.existingPeople(peopleOfAudit(audit)), caseExists: this.caseExists(audit.caseId), actions: [...byId.values()] }, what);
  }

  private insertAudit(a: Audit): void {
    const ordinal = this.stmt('SELECT coalesce(max(ordinal), 0) + 1 FROM audits').pluck().get() as number;
    const version = this.logChange('audit', a.id);
    this.stmt('INSERT INTO audits (ordinal, id, type, case_id, auditor_id, moderator_id, run, assigned_on, completed_on, version, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      ordinal,
      a.id,
      a.type,
      a.caseId,
      a.auditorId,
      a.moderation?.moderatorId ?? null,
      a.run,
      a.assignedOn,
      a.completedOn,
      version,
      JSON.stringify(a),
    );
  }

  async addAudits(audits: readonly Audit[]): Promise<AddAuditsReport> {
    const parsed = audits.map((a, i) => parseAudit(a, audits.length === 1 ? 'audit' : `audits[${i}]`));
    // All or nothing: one transaction; an id already stored is left as it is.
    return this.immediate(() => {
      const added: string[] = [];
      const existing: string[] = [];
      parsed.forEach((a, i) => {
        if (this.stmt('SELECT 1 FROM audits WHERE id = ?').get(a.id) !== undefined || added.includes(a.id)) {
          existing.push(a.id);
          return;
        }
        this.checkAuditSync(a, [], parsed.length === 1 ? 'audit' : `audits[${i}]`);
        this.insertAudit(a);
        added.push(a.id);
      });
      return { added, existing };
    });
  }

  async updateAudit(auditId: string, expectedVersion: string, audit: Audit, options: { readonly actions?: readonly Action[] } = {}): Promise<StoredAudit> {
    const a = parseAudit(audit);
    if (a.id !== auditId) throw new StoreValidationError(`audit ${auditId} was not updated`, [`audit.id: an audit keeps its id (${auditId}), got "${a.id}"`]);
    const actions = parseAuditActions(a, options.actions ?? []);
    return this.immediate(() => {
      const row = this.stmt('SELECT version, data FROM audits WHERE id = ?').get(auditId) as Row | undefined;
      if (!row) throw new NotFoundError('audit', auditId);
      // The same write again (a retry whose first answer was lost): already stored, nothing to do.
      if (row.data === JSON.stringify(a)) return { audit: a, version: String(row.version) };
      if (String(row.version) !== expectedVersion) throw new ConflictError(auditId, 'the audit was changed by someone else since it was read');
      this.checkAuditSync(a, actions, 'audit');
      for (const x of actions) {
        const was = this.stmt('SELECT data FROM actions WHERE id = ?').pluck().get(x.id) as string | undefined;
        if (was !== undefined) {
          // A completion retried after a crash: the same action is already there.
          if (was !== JSON.stringify(x)) throw new StoreValidationError(`audit ${auditId} was not updated`, [`actions: an action with id "${x.id}" already exists with other content`]);
          continue;
        }
        this.stmt('INSERT INTO actions (id, series_id, case_id, owner_id, closed_on, data) VALUES (?, ?, ?, ?, ?, ?)').run(x.id, x.seriesId, x.caseId, x.ownerId, x.closedOn, JSON.stringify(x));
        this.logChange('action', x.id);
      }
      const version = this.logChange('audit', a.id);
      this.stmt('UPDATE audits SET type = ?, case_id = ?, auditor_id = ?, moderator_id = ?, run = ?, assigned_on = ?, completed_on = ?, version = ?, data = ? WHERE id = ?').run(
        a.type,
        a.caseId,
        a.auditorId,
        a.moderation?.moderatorId ?? null,
        a.run,
        a.assignedOn,
        a.completedOn,
        version,
        JSON.stringify(a),
        auditId,
      );
      return { audit: a, version: String(version) };
    });
  }

  // ---- the whole file ---------------------------------------------------------------------------

  async importCaseFile(file: CaseFile): Promise<ImportReport> {
    const result = parseCaseFile(file);
    const problems = result.ok ? [] : result.errors.map(formatError);
    if (result.ok) {
      // The store keeps one selection per case, series and meeting.
      const seen = new Map<string, number>();
      result.file.selections.forEach((s, i) => {
        const k = selectionKey(s);
        const first = seen.get(k);
        if (first !== undefined) problems.push(`selections[${i}]: the same case, series and meeting as selections[${first}]`);
        else seen.set(k, i);
      });
    }
    if (!result.ok || problems.length) throw new StoreValidationError('the case file was not imported', problems);
    const f = result.file;

    await this.stageAndSwap(f);
    return {
      people: f.people.length,
      cases: f.cases.length,
      supervisions: f.supervisions.length,
      nominations: f.nominations.length,
      selections: f.selections.length,
      actions: f.actions.length,
      meetingSeries: f.meetingSeries.length,
      audits: f.audits.length,
      meetingRecords: f.meetingRecords.length,
    };
  }

  /** The rows of each table an import replaces, in the tables' column order, computed before any lock
   * is taken. Case versions are filled in from the block reserved when staging starts. */
  private fileRows(f: CaseFile): Record<FileTable, unknown[][]> {
    return {
      meeting_series: f.meetingSeries.map((x, i) => [x.id, i, JSON.stringify(x)]),
      people: f.people.map((p, i) => [p.id, i, p.email?.toLowerCase() ?? null, p.aadObjectId, JSON.stringify(p)]),
      cases: f.cases.map((c, i) => {
        const k = caseColumns(c);
        return [k.id, i, k.lead, k.inclusion, k.team, k.locality, k.status, k.series, k.open, 0, k.data];
      }),
      case_cmooe: f.cases.flatMap((c) => c.cmooe.map((x) => [c.id, x.from, x.to])),
      supervisions: f.supervisions.map((x, i) => [i + 1, x.superviseeId, x.supervisorId, x.heldOn, JSON.stringify(x)]),
      nominations: f.nominations.map((x, i) => [i + 1, x.caseId, x.seriesId, x.madeOn, JSON.stringify(x)]),
      selections: f.selections.map((x, i) => [i + 1, x.caseId, x.seriesId, x.meetingOn, JSON.stringify(x)]),
      actions: f.actions.map((x, i) => [i + 1, x.id, x.seriesId, x.caseId, x.ownerId, x.closedOn, JSON.stringify(x)]),
      // The version (index 9) is filled in from the block reserved when staging starts, after the cases'.
      audits: f.audits.map((x, i) => [i + 1, x.id, x.type, x.caseId, x.auditorId, x.moderation?.moderatorId ?? null, x.run, x.assignedOn, x.completedOn, 0, JSON.stringify(x)]),
      meeting_records: f.meetingRecords.map((x, i) => [i, x.seriesId, x.meetingOn, JSON.stringify(x)]),
    };
  }

  /**
   * Replace the case file's tables with `f`, all or nothing, without holding the write lock for long:
   * the new rows are written into staging tables (import_<token>_<table>) in short transactions, with
   * the event loop and other connections free in between (a 20,000-case import held the lock for
   * seconds, and every writer waited), then one short transaction logs the changes, drops the old
   * tables and renames the staging ones into place (about 0.1 s for 20,000 cases, bench/lock-wait.ts).
   * A crash before that swap leaves the previous content and staging tables, dropped by the next import.
   * Index names carry the token of the import that made them (schema.ts names them only at creation).
   */
  private async stageAndSwap(f: CaseFile): Promise<void> {
    const rows = this.fileRows(f);
    const token = randomUUID().replace(/-/g, '').slice(0, 16);
    const stage = (table: string) => `import_${token}_${table}`;
    const baseName = (name: string) => name.replace(/^import_[0-9a-f]+_/, '');
    const tableSql = (table: FileTable): string => {
      const sql = this.stmt("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string | undefined;
      if (sql === undefined) throw new Error(`the ${table} table is missing from the database`);
      return sql.replace(/^CREATE TABLE\s+("?)\w+\1/, `CREATE TABLE "${stage(table)}"`).replace(/REFERENCES\s+("?)cases\1\s*\(/g, `REFERENCES "${stage('cases')}"(`);
    };
    // 1. The staging tables; those of an import that never finished go; a block of case versions is
    // reserved above every change-log number so far (a version read before the import never matches after).
    const versionBase = await this.immediate(() => {
      const leftovers = this.stmt("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'import\\_%' ESCAPE '\\' ORDER BY name LIKE '%case\\_cmooe' ESCAPE '\\' DESC")
        .pluck()
        .all() as string[];
      for (const name of leftovers) this.db.exec(`DROP TABLE "${name}"`);
      for (const table of FILE_TABLES) this.db.exec(tableSql(table));
      this.setMeta('import.staging', token);
      const seq = (this.stmt("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").pluck().get() as number | undefined) ?? 0;
      this.stmt("INSERT INTO sqlite_sequence (name, seq) SELECT 'changes', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'changes')").run();
      this.stmt("UPDATE sqlite_sequence SET seq = ? WHERE name = 'changes'").run(seq + f.cases.length + f.audits.length + 1);
      return seq + 1;
    });
    rows.cases.forEach((row, i) => (row[9] = versionBase + i));
    rows.audits.forEach((row, i) => (row[9] = versionBase + f.cases.length + i));
    try {
      // 2. The rows, a few hundred per transaction; then the indexes, one per transaction.
      for (const table of FILE_TABLES) {
        const list = rows[table];
        if (list.length === 0) continue;
        const insert = this.db.prepare(`INSERT INTO "${stage(table)}" VALUES (${list[0]!.map(() => '?').join(', ')})`);
        for (let from = 0; from < list.length; from += STAGE_CHUNK) {
          await this.immediate(() => {
            for (const row of list.slice(from, from + STAGE_CHUNK)) insert.run(...row);
          });
          // A pause between transactions, so that a writer waiting for the lock (another process, or
          // this one's event loop) gets it before the next chunk.
          await sleep(2);
        }
      }
      for (const table of FILE_TABLES) {
        const indexes = this.stmt("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(table) as { name: string; sql: string }[];
        for (const index of indexes) {
          const m = /^CREATE\s+(UNIQUE\s+)?INDEX\s+\S+\s+ON\s+\S+?\s*(\(.*)$/s.exec(index.sql);
          if (!m) throw new Error(`cannot copy the index ${index.name}: ${index.sql}`);
          await this.immediate(() => this.db.exec(`CREATE ${m[1] ?? ''}INDEX "${stage(baseName(index.name))}" ON "${stage(table)}" ${m[2]}`));
          await sleep(2);
        }
      }
      // 3. The swap.
      await this.immediate(() => {
        if (this.getMeta<string>('import.staging') !== token) throw new ImportOvertaken();
        this.logImportChanges(stage);
        for (const table of [...FILE_TABLES].reverse()) this.db.exec(`DROP TABLE "${table}"`);
        for (const table of FILE_TABLES) this.db.exec(`ALTER TABLE "${stage(table)}" RENAME TO "${table}"`);
        this.setMeta('policy', f.policy);
        this.setMeta('schoolHolidays', f.schoolHolidays);
        this.stmt("DELETE FROM meta WHERE key = 'import.staging'").run();
        this.pruneChanges();
      });
    } catch (e) {
      let overtaken = e instanceof ImportOvertaken;
      try {
        await this.immediate(() => {
          overtaken ||= this.getMeta<string>('import.staging') !== token;
          for (const table of [...FILE_TABLES].reverse()) this.db.exec(`DROP TABLE IF EXISTS "${stage(table)}"`);
          if (!overtaken) this.stmt("DELETE FROM meta WHERE key = 'import.staging'").run();
        });
      } catch {
        // The next import drops what is left.
      }
      if (overtaken)
        throw new StoreValidationError('the case file was not imported', ['another import started while this one was writing, and replaced it: import the file again if it is the one wanted']);
      throw e;
    }
  }

  /** The change log of an import, in SQL over the staging and the current tables: every record of the
   * new file (in file order, one entry per key), then every record of the old content not in it, deleted. */
  private logImportChanges(stage: (table: string) => string): void {
    const keys: Record<Entity, { table: FileTable; key: string }> = {
      meetingSeries: { table: 'meeting_series', key: 'id' },
      person: { table: 'people', key: 'id' },
      case: { table: 'cases', key: 'id' },
      supervision: { table: 'supervisions', key: "supervisee_id || '|' || supervisor_id || '|' || held_on" },
      nomination: { table: 'nominations', key: "case_id || '|' || series_id || '|' || made_on || '|' || json_extract(data, '$.byId')" },
      selection: { table: 'selections', key: "case_id || '|' || series_id || '|' || meeting_on" },
      action: { table: 'actions', key: 'id' },
      audit: { table: 'audits', key: 'id' },
      meetingRecord: { table: 'meeting_records', key: "series_id || '|' || meeting_on" },
    };
    for (const [entity, { table, key }] of Object.entries(keys) as [Entity, { table: FileTable; key: string }][]) {
      this.db.prepare(`INSERT INTO changes (entity, entity_id, deleted) SELECT ?, k, 0 FROM (SELECT ${key} AS k, min(ordinal) AS o FROM "${stage(table)}" GROUP BY k) ORDER BY o`).run(entity);
    }
    for (const entity of ['case', 'person', 'meetingSeries', 'action', 'supervision', 'nomination', 'selection', 'audit', 'meetingRecord'] as const) {
      const { table, key } = keys[entity];
      this.db
        .prepare(
          `INSERT INTO changes (entity, entity_id, deleted) SELECT ?, k, 1 FROM (SELECT ${key} AS k, min(ordinal) AS o FROM "${table}" GROUP BY k)
           WHERE k NOT IN (SELECT ${key} FROM "${stage(table)}") ORDER BY o`,
        )
        .run(entity);
    }
  }

  async exportCaseFile(): Promise<CaseFile> {
    return this.read(() => {
      const all = <T>(sql: string) => (this.stmt(sql).pluck().all() as string[]).map((d) => JSON.parse(d) as T);
      return {
        policy: this.getMeta<string>('policy') ?? 'dorset',
        meetingSeries: all<MeetingSeries>('SELECT data FROM meeting_series ORDER BY ordinal'),
        schoolHolidays: this.getMeta<SchoolHolidayRecord[]>('schoolHolidays') ?? [],
        people: all<Person>('SELECT data FROM people ORDER BY ordinal'),
        supervisions: all<Supervision>('SELECT data FROM supervisions ORDER BY ordinal'),
        cases: all<Case>('SELECT data FROM cases ORDER BY ordinal'),
        nominations: all<Nomination>('SELECT data FROM nominations ORDER BY ordinal'),
        selections: all<Selection>('SELECT data FROM selections ORDER BY ordinal'),
        actions: all<Action>('SELECT data FROM actions ORDER BY ordinal'),
        audits: all<Audit>('SELECT data FROM audits ORDER BY ordinal'),
        meetingRecords: all<MeetingRecord>('SELECT data FROM meeting_records ORDER BY ordinal'),
      };
    });
  }

  // ---- change feed ------------------------------------------------------------------------------

  async changesSince(token: string | null): Promise<ChangeBatch> {
    return this.read(() => {
      const storeId = this.getMeta<string>('store_id') ?? '';
      const floor = this.getMeta<number>('change_floor') ?? 0;
      const max = (this.stmt('SELECT max(seq) FROM changes').pluck().get() as number | null) ?? floor;
      const next = `${storeId}:${max}`;
      const m = token === null ? null : /^([^:]+):(\d+)$/.exec(token);
      const since = m && m[1] === storeId ? Number(m[2]) : null;
      if (since === null || since < floor || since > max) {
        // No token, another store's token, or one older than what is kept: everything that exists.
        const changes: Change[] = [];
        const add = (entity: Entity, ids: string[]) => ids.forEach((id) => changes.push({ entity, id, deleted: false }));
        const ids = (sql: string) => this.stmt(sql).pluck().all() as string[];
        const keys = (sql: string, key: (x: never) => string) => (this.stmt(sql).pluck().all() as string[]).map((d) => key(JSON.parse(d) as never));
        add('meetingSeries', ids('SELECT id FROM meeting_series ORDER BY ordinal'));
        add('person', ids('SELECT id FROM people ORDER BY ordinal'));
        add('case', ids('SELECT id FROM cases ORDER BY ordinal'));
        add('supervision', [...new Set(keys('SELECT data FROM supervisions ORDER BY ordinal', supervisionKey))]);
        add('nomination', [...new Set(keys('SELECT data FROM nominations ORDER BY ordinal', nominationKey))]);
        add('selection', keys('SELECT data FROM selections ORDER BY ordinal', selectionKey));
        add('action', ids('SELECT id FROM actions ORDER BY ordinal'));
        add('audit', ids('SELECT id FROM audits ORDER BY ordinal'));
        add('meetingRecord', ids("SELECT series_id || '|' || meeting_on FROM meeting_records ORDER BY ordinal"));
        return { changes, token: next, resync: true };
      }
      // The latest change of each entity after the token, in the order of those latest changes.
      const rows = this.db
        .prepare(
          `SELECT entity, entity_id, deleted FROM changes WHERE seq IN (
             SELECT max(seq) FROM changes WHERE seq > ? GROUP BY entity, entity_id) ORDER BY seq`,
        )
        .all(since) as { entity: Entity; entity_id: string; deleted: number }[];
      return { changes: rows.map((r) => ({ entity: r.entity, id: r.entity_id, deleted: r.deleted === 1 })), token: next, resync: false };
    });
  }

  // ---- the card ledger --------------------------------------------------------------------------

  async claimCards(requests: readonly CardClaimRequest[]): Promise<Array<CardClaim | null>> {
    for (const r of requests) {
      requireText(r?.key, 'key', 'card claim');
      requireText(r.recipientId, 'recipientId', 'card claim');
      requireText(r.holder, 'holder', 'card claim');
      requireInstant(r.at, 'at', 'card claim');
      requireLines(r.lines, 'card claim');
    }
    // One transaction for the lot; the PRIMARY KEY (a new key) and the holder check (a takeover) make
    // each claim won by exactly one caller across processes.
    return this.immediate(() =>
      requests.map((r) => {
        const lines = JSON.stringify([...r.lines]);
        const changed = r.replaces
          ? this.stmt(
              `UPDATE card_ledger SET holder = ?, claimed_at = ?, lines = ?, takeovers = takeovers + 1, version = version + 1,
                 state = CASE WHEN message IS NULL THEN 'claimed' ELSE 'posted' END, sent_at = NULL
               WHERE key = ? AND holder = ? AND version = ? AND state NOT IN ('sent', 'superseded')`,
            ).run(r.holder, r.at, lines, r.key, r.replaces.holder, Number(r.replaces.version)).changes
          : this.stmt("INSERT INTO card_ledger (key, recipient_id, holder, claimed_at, state, lines) VALUES (?, ?, ?, ?, 'claimed', ?) ON CONFLICT(key) DO NOTHING").run(
              r.key,
              r.recipientId,
              r.holder,
              r.at,
              lines,
            ).changes;
        return changed === 1 ? this.cardRow(r.key) : null;
      }),
    );
  }

  async updateCards(updates: readonly CardUpdate[]): Promise<Array<CardClaim | null>> {
    for (const u of updates) {
      requireText(u?.key, 'key', 'card update');
      if (!CARD_STATES.includes(u.state)) throw new StoreValidationError('the card was not updated', [`state: ${JSON.stringify(u.state)} is not one of ${CARD_STATES.join(', ')}`]);
      if (u.sentAt !== undefined && u.sentAt !== null) requireInstant(u.sentAt, 'sentAt', 'card update');
      if (u.announce) {
        requireText(u.announce.register, 'announce.register', 'card update');
        requireLines(u.announce.add, 'card update');
        requireLines(u.announce.remove, 'card update');
      }
    }
    return this.immediate(() =>
      updates.map((u) => {
        const current = this.stmt('SELECT * FROM card_ledger WHERE key = ?').get(u.key) as Row | undefined;
        if (!current || current.holder !== u.holder) return null;
        const message = u.message === undefined ? (current.message as string | null) : u.message === null ? null : JSON.stringify(u.message);
        const sentAt = u.sentAt === undefined ? (current.sent_at as string | null) : u.sentAt;
        this.stmt('UPDATE card_ledger SET state = ?, message = ?, sent_at = ?, version = version + 1 WHERE key = ?').run(u.state, message, sentAt, u.key);
        if (u.announce) {
          const recipientId = current.recipient_id as string;
          const was = this.stmt('SELECT lines FROM announced WHERE register = ? AND recipient_id = ?').pluck().get(u.announce.register, recipientId) as string | undefined;
          const lines = new Set<string>(was === undefined ? [] : (JSON.parse(was) as string[]));
          for (const k of u.announce.remove) lines.delete(k);
          for (const k of u.announce.add) lines.add(k);
          this.stmt('INSERT INTO announced (register, recipient_id, lines) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET lines = excluded.lines').run(
            u.announce.register,
            recipientId,
            JSON.stringify([...lines].sort()),
          );
        }
        return this.cardRow(u.key);
      }),
    );
  }

  private cardRow(key: string): CardClaim | null {
    const row = this.stmt('SELECT * FROM card_ledger WHERE key = ?').get(key) as Row | undefined;
    return row ? toCard(row) : null;
  }

  async listCards(prefix: string): Promise<CardClaim[]> {
    // A range on the primary key: every key that starts with prefix sorts between prefix and prefix + U+10FFFF.
    const rows = await this.read(() => this.stmt('SELECT * FROM card_ledger WHERE key >= ? AND key < ? ORDER BY key').all(prefix, prefix + '\u{10FFFF}') as Row[]);
    return rows.filter((r) => (r.key as string).startsWith(prefix)).map(toCard);
  }

  async listUnsettledCards(): Promise<CardClaim[]> {
    const rows = await this.read(() => this.stmt("SELECT * FROM card_ledger WHERE state NOT IN ('sent', 'superseded') ORDER BY key").all() as Row[]);
    return rows.map(toCard);
  }

  async listAnnounced(): Promise<AnnouncedLines[]> {
    const rows = await this.read(() => this.stmt('SELECT * FROM announced ORDER BY register, recipient_id').all() as Row[]);
    return rows.map((r) => ({ register: r.register as string, recipientId: r.recipient_id as string, lines: JSON.parse(r.lines as string) as string[] }));
  }

  /** Nothing of SQLite is metered. */
  paced(): null {
    return null;
  }

  // ---- snoozes ----------------------------------------------------------------------------------

  async snoozeReminder(recipientId: string, obligationKey: string, until: string): Promise<void> {
    requireText(recipientId, 'recipientId', 'snooze');
    requireText(obligationKey, 'obligationKey', 'snooze');
    requireDate(until, 'until', 'snooze');
    await this.immediate(() =>
      this.db.prepare('INSERT INTO snoozes (recipient_id, obligation_key, until_on) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET until_on = excluded.until_on').run(recipientId, obligationKey, until),
    );
  }

  async listSnoozes(recipientId: string, on: string): Promise<Map<string, string>> {
    requireDate(on, 'on', 'snooze query');
    const rows = await this.read(() => this.stmt('SELECT obligation_key, until_on FROM snoozes WHERE recipient_id = ? AND until_on >= ? ORDER BY obligation_key').all(recipientId, on) as Row[]);
    return new Map(rows.map((r) => [r.obligation_key as string, r.until_on as string]));
  }

  async listSnoozeRecords(since: string): Promise<SnoozeRecord[]> {
    requireDate(since, 'since', 'snooze query');
    const rows = await this.read(() => this.stmt('SELECT recipient_id, obligation_key, until_on FROM snoozes WHERE until_on >= ? ORDER BY recipient_id, obligation_key').all(since) as Row[]);
    return rows.map((r) => ({ recipientId: r.recipient_id as string, obligationKey: r.obligation_key as string, until: r.until_on as string }));
  }

  // ---- form submissions -------------------------------------------------------------------------

  async startSubmission(submission: Omit<FormSubmission, 'done'>): Promise<FormSubmission | null> {
    requireText(submission?.id, 'id', 'form submission');
    requireText(submission.personId, 'personId', 'form submission');
    requireText(submission.form, 'form', 'form submission');
    requireInstant(submission.at, 'at', 'form submission');
    return this.immediate(() => {
      const inserted = this.stmt('INSERT INTO form_submissions (id, person_id, form, at, record, result) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING').run(
        submission.id,
        submission.personId,
        submission.form,
        submission.at,
        JSON.stringify(submission.record ?? null),
        JSON.stringify(submission.result ?? null),
      ).changes;
      if (inserted === 1) return null;
      const r = this.stmt('SELECT * FROM form_submissions WHERE id = ?').get(submission.id) as Row;
      return {
        id: r.id as string,
        personId: r.person_id as string,
        form: r.form as string,
        at: r.at as string,
        record: JSON.parse(r.record as string) as unknown,
        result: JSON.parse(r.result as string) as unknown,
        done: r.done === 1,
      };
    });
  }

  async finishSubmission(id: string, outcome: 'done' | 'failed'): Promise<void> {
    requireText(id, 'id', 'form submission');
    await this.immediate(() => {
      // Once written, the entry is not kept twice (it may hold a child's details): only the answer stays.
      if (outcome === 'done') this.stmt("UPDATE form_submissions SET done = 1, record = 'null' WHERE id = ?").run(id);
      else this.stmt('DELETE FROM form_submissions WHERE id = ? AND done = 0').run(id);
    });
  }

  // ---- settings ---------------------------------------------------------------------------------

  async getSetting(key: string): Promise<unknown> {
    const v = await this.read(() => this.stmt('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined);
    return v === undefined ? null : JSON.parse(v);
  }

  async putSetting(key: string, value: unknown): Promise<void> {
    requireText(key, 'key', 'setting');
    const json = value === undefined ? undefined : JSON.stringify(value);
    if (json === undefined) throw new StoreValidationError('the setting was not stored', [`${key}: the value is not JSON (undefined or a function)`]);
    await this.immediate(() => this.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value').run(key, json));
  }

  // ---- bot installations ------------------------------------------------------------------------

  async saveConversation(record: ConversationRecord): Promise<void> {
    requireText(record?.id, 'id', 'conversation');
    if (!CONVERSATION_SCOPES.includes(record.scope)) {
      throw new StoreValidationError('the conversation was not stored', [`scope: ${JSON.stringify(record.scope)} is not one of "personal", "team", "groupChat"`]);
    }
    requireInstant(record.updatedAt, 'updatedAt', 'conversation');
    const reference = JSON.stringify(record.reference ?? null);
    await this.immediate(() =>
      this.db
        .prepare(
          `INSERT INTO conversations (id, scope, person_id, aad_object_id, team_id, channel_id, reference, updated_at)
           VALUES (@id, @scope, @personId, @aadObjectId, @teamId, @channelId, @reference, @updatedAt)
           ON CONFLICT(id) DO UPDATE SET scope = excluded.scope, person_id = excluded.person_id, aad_object_id = excluded.aad_object_id,
             team_id = excluded.team_id, channel_id = excluded.channel_id, reference = excluded.reference, updated_at = excluded.updated_at`,
        )
        .run({
          id: record.id,
          scope: record.scope,
          personId: record.personId ?? null,
          aadObjectId: record.aadObjectId ?? null,
          teamId: record.teamId ?? null,
          channelId: record.channelId ?? null,
          reference,
          updatedAt: record.updatedAt,
        }),
    );
  }

  async removeConversation(conversationId: string): Promise<void> {
    await this.immediate(() => this.stmt('DELETE FROM conversations WHERE id = ?').run(conversationId));
  }

  async listConversations(query: { scope?: ConversationRecord['scope']; personId?: string } = {}): Promise<ConversationRecord[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (query.scope !== undefined) {
      where.push('scope = ?');
      params.push(query.scope);
    }
    if (query.personId !== undefined) {
      where.push('person_id = ?');
      params.push(query.personId);
    }
    const sql = `SELECT * FROM conversations ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`;
    const rows = await this.read(() => this.stmt(sql).all(...params) as Row[]);
    return rows.map((r) => ({
      id: r.id as string,
      scope: r.scope as ConversationRecord['scope'],
      personId: (r.person_id as string | null) ?? null,
      aadObjectId: (r.aad_object_id as string | null) ?? null,
      teamId: (r.team_id as string | null) ?? null,
      channelId: (r.channel_id as string | null) ?? null,
      reference: JSON.parse(r.reference as string) as unknown,
      updatedAt: r.updated_at as string,
    }));
  }

  // ---- the access record (issue 16) ------------------------------------------------------------

  async appendAccess(entries: readonly AccessEntry[]): Promise<void> {
    const checked = checkAccessEntries(entries);
    if (checked.length === 0) return;
    await this.immediate(() => {
      const insert = this.stmt(
        'INSERT INTO access_log (id, at, person_id, case_id, via, reason, scope, detail) VALUES (@id, @at, @personId, @caseId, @via, @reason, @scope, @detail) ON CONFLICT(id) DO NOTHING',
      );
      for (const e of checked) insert.run(e);
    });
  }

  async listAccess(query: AccessQuery): Promise<AccessEntry[]> {
    const { since, before, limit } = checkAccessQuery(query);
    const where: string[] = [];
    const params: unknown[] = [];
    const eq = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(`${column} = ?`);
      params.push(value);
    };
    eq('case_id', query.caseId);
    eq('person_id', query.personId);
    eq('via', query.via);
    eq('scope', query.scope);
    if (since !== null) {
      where.push('at >= ?');
      params.push(since);
    }
    if (before !== null) {
      where.push('at < ?');
      params.push(before);
    }
    const sql = `SELECT * FROM access_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY at DESC, id LIMIT ?`;
    const rows = await this.read(() => this.stmt(sql).all(...params, limit) as Row[]);
    return rows.map(toAccessEntry).sort(compareAccessNewestFirst);
  }

  async pruneAccess(before: string): Promise<number> {
    const { before: cutoff } = checkAccessQuery({ before });
    return this.immediate(() => this.stmt('DELETE FROM access_log WHERE at < ?').run(cutoff).changes);
  }

  // ---- destruction (issue 16) ---------------------------------------------------------------------

  /** One transaction removes every row about the case, with SQLite's secure_delete on (the freed space
   * is overwritten with zeros); then VACUUM rewrites the file without its free pages and a TRUNCATE
   * checkpoint empties the write-ahead log, so that no earlier version of the case stays in either file. */
  async destroyCase(caseId: string, entry: AccessEntry): Promise<DestroyReport> {
    requireText(caseId, 'caseId', 'destruction');
    const [destruction] = checkAccessEntries([entry]);
    if (destruction!.via !== 'destroyed' || destruction!.caseId !== caseId) {
      throw new StoreValidationError('the case was not destroyed', ['entry: must be the destruction entry of this case (via "destroyed", the same caseId)']);
    }
    this.db.pragma('secure_delete = ON');
    let removed: Record<string, number>;
    try {
      removed = await this.immediate(() => this.destroyRows(caseId, destruction!));
    } finally {
      this.db.pragma('secure_delete = OFF');
    }
    await this.locked(() => this.db.exec('VACUUM'));
    await this.truncateWal();
    return { found: Object.values(removed).some((n) => n > 0), removed };
  }

  /** In the destruction's transaction: every row that names the case, then the one destruction entry. */
  private destroyRows(caseId: string, entry: AccessEntry): Record<string, number> {
    const removed: Record<string, number> = {};
    const count = (what: string, n: number) => {
      removed[what] = (removed[what] ?? 0) + n;
    };
    const actionIds = this.stmt('SELECT id FROM actions WHERE case_id = ?').pluck().all(caseId) as string[];
    count('cases', this.stmt('DELETE FROM cases WHERE id = ?').run(caseId).changes);
    this.stmt('DELETE FROM case_cmooe WHERE case_id = ?').run(caseId);
    count('nominations', this.stmt('DELETE FROM nominations WHERE case_id = ?').run(caseId).changes);
    count('selections', this.stmt('DELETE FROM selections WHERE case_id = ?').run(caseId).changes);
    count('actions', this.stmt('DELETE FROM actions WHERE case_id = ?').run(caseId).changes);
    // Its case-file audits (docs/rules.md section 8) go with it: they quote the case's facts.
    const auditIds = this.stmt('SELECT id FROM audits WHERE case_id = ?').pluck().all(caseId) as string[];
    count('audits', this.stmt('DELETE FROM audits WHERE case_id = ?').run(caseId).changes);
    // The meeting records that discussed it keep their other cases (its outcome goes with the case).
    for (const r of this.stmt('SELECT series_id, meeting_on, data FROM meeting_records WHERE instr(data, ?) > 0').all(caseId) as Row[]) {
      const record = JSON.parse(r.data as string) as MeetingRecord;
      const kept = record.cases.filter((c) => c.caseId !== caseId);
      if (kept.length === record.cases.length) continue;
      this.stmt('UPDATE meeting_records SET data = ? WHERE series_id = ? AND meeting_on = ?').run(JSON.stringify({ ...record, cases: kept }), r.series_id, r.meeting_on);
      count('meetingRecordCases', record.cases.length - kept.length);
    }
    // Form submissions whose entry or answer names the case (JSON: the id appears quoted).
    for (const r of this.stmt('SELECT id, record, result FROM form_submissions WHERE instr(record, ?) > 0 OR instr(result, ?) > 0').all(caseId, caseId) as Row[]) {
      if (!refersToCase(`${r.record as string}${r.result as string}`, caseId)) continue;
      count('formSubmissions', this.stmt('DELETE FROM form_submissions WHERE id = ?').run(r.id).changes);
    }
    for (const r of this.stmt('SELECT recipient_id, obligation_key FROM snoozes WHERE instr(obligation_key, ?) > 0').all(caseId) as Row[]) {
      if (refersToCase(r.obligation_key as string, caseId))
        count('snoozes', this.stmt('DELETE FROM snoozes WHERE recipient_id = ? AND obligation_key = ?').run(r.recipient_id, r.obligation_key).changes);
    }
    // Ledger lines of the case's obligations: taken out of the cards and registers that announced them.
    for (const r of this.stmt('SELECT key, lines FROM card_ledger WHERE instr(lines, ?) > 0').all(caseId) as Row[]) {
      const lines = JSON.parse(r.lines as string) as string[];
      const kept = lines.filter((k) => !refersToCase(k, caseId));
      if (kept.length === lines.length) continue;
      this.stmt('UPDATE card_ledger SET lines = ?, version = version + 1 WHERE key = ?').run(JSON.stringify(kept), r.key);
      count('ledgerLines', lines.length - kept.length);
    }
    for (const r of this.stmt('SELECT register, recipient_id, lines FROM announced WHERE instr(lines, ?) > 0').all(caseId) as Row[]) {
      const lines = JSON.parse(r.lines as string) as string[];
      const kept = lines.filter((k) => !refersToCase(k, caseId));
      if (kept.length === lines.length) continue;
      this.stmt('UPDATE announced SET lines = ? WHERE register = ? AND recipient_id = ?').run(JSON.stringify(kept), r.register, r.recipient_id);
      count('ledgerLines', lines.length - kept.length);
    }
    for (const key of this.stmt('SELECT key FROM reminder_ledger WHERE instr(key, ?) > 0').pluck().all(caseId) as string[]) {
      if (refersToCase(key, caseId)) count('ledgerLines', this.stmt('DELETE FROM reminder_ledger WHERE key = ?').run(key).changes);
    }
    // Its access record goes too, except the destruction entries (of this and any earlier attempt).
    count('accessEntries', this.stmt("DELETE FROM access_log WHERE case_id = ? AND via <> 'destroyed'").run(caseId).changes);
    // The change feed: its history of the case goes; a marker starts a new floor, so that every reader
    // holding an older token is sent a full resync (and drops the case) instead of a deletion naming it.
    let changes = 0;
    for (const r of this.stmt("SELECT seq, entity, entity_id FROM changes WHERE instr(entity_id, ?) > 0 OR entity IN ('action', 'audit')").all(caseId) as Row[]) {
      const id = r.entity_id as string;
      if ((r.entity === 'action' && actionIds.includes(id)) || (r.entity === 'audit' && auditIds.includes(id)) || refersToCase(id, caseId))
        changes += this.stmt('DELETE FROM changes WHERE seq = ?').run(r.seq).changes;
    }
    count('changes', changes);
    const floor = Number(this.stmt('INSERT INTO changes (entity, entity_id, deleted) VALUES (?, ?, 1)').run('case', '(destroyed)').lastInsertRowid);
    this.stmt('DELETE FROM changes WHERE seq < ?').run(floor);
    this.setMeta('change_floor', floor);
    this.stmt('INSERT INTO access_log (id, at, person_id, case_id, via, reason, scope, detail) VALUES (@id, @at, @personId, @caseId, @via, @reason, @scope, @detail) ON CONFLICT(id) DO NOTHING').run(
      entry,
    );
    return removed;
  }

  /** Empty the write-ahead log into the database file (a reader holding an old snapshot delays it). */
  private async truncateWal(): Promise<void> {
    const started = Date.now();
    for (;;) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      if (result === undefined || result.busy === 0) return;
      if (Date.now() - started > Math.max(this.lockWaitMs, 10_000)) {
        throw new StoreBusyError(Date.now() - started);
      }
      await sleep(50);
    }
  }

  // ---- health -----------------------------------------------------------------------------------

  async checkHealth(depth: 'quick' | 'thorough'): Promise<StoreHealth> {
    if (this.closed) return { kind: 'sqlite', problem: 'the SQLite store is closed' };
    // A quick read of each table finds a table whose pages cannot be read (a damaged root page).
    for (const table of TABLES) {
      try {
        await this.read(() => this.stmt(`SELECT * FROM ${table} LIMIT 1`).get());
      } catch (e) {
        if (e instanceof StoreBusyError) return { kind: 'sqlite', problem: e.message };
        return { kind: 'sqlite', problem: `the ${table} table cannot be read: ${errorText(e)}` };
      }
    }
    if (depth === 'quick') return { kind: 'sqlite', problem: null };
    const consistency = await quickCheck(this.db, this.path);
    return { kind: 'sqlite', problem: consistency === 'ok' ? null : `PRAGMA quick_check found the database damaged: ${consistency}`, consistency };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

/** The person ids a record refers to (for the cross-check's stand-in people). */
function referencedPeople(record: unknown): string[] {
  const ids: string[] = [];
  const fields = ['leadProfessionalId', 'inclusionLeadId', 'authorId', 'byId', 'ownerId', 'superviseeId', 'supervisorId', 'recordedById'];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (fields.includes(k) && typeof x === 'string') ids.push(x);
        else if (k === 'attendees' && Array.isArray(x)) {
          for (const a of x) if (typeof a === 'string') ids.push(a);
        } else if (typeof x === 'object') visit(x);
      }
    }
  };
  visit(record);
  return ids;
}

const CARD_STATES: readonly CardState[] = ['claimed', 'posted', 'sent', 'released', 'unreachable', 'superseded'];

function requireLines(value: unknown, what: string): void {
  if (!Array.isArray(value) || value.some((k) => typeof k !== 'string' || k === '')) {
    throw new StoreValidationError(`the ${what} was not stored`, ['lines: must be a list of non-empty ledger keys']);
  }
}

function toAccessEntry(r: Row): AccessEntry {
  return {
    id: r.id as string,
    at: r.at as string,
    personId: r.person_id as string,
    caseId: r.case_id as string,
    via: r.via as AccessEntry['via'],
    reason: r.reason as string,
    scope: r.scope as AccessEntry['scope'],
    detail: (r.detail as string | null) ?? null,
  };
}

function toCard(r: Row): CardClaim {
  return {
    key: r.key as string,
    recipientId: r.recipient_id as string,
    holder: r.holder as string,
    claimedAt: r.claimed_at as string,
    state: r.state as CardState,
    lines: JSON.parse(r.lines as string) as string[],
    message: r.message === null ? null : (JSON.parse(r.message as string) as CardMessage),
    sentAt: (r.sent_at as string | null) ?? null,
    takeovers: r.takeovers as number,
    version: String(r.version),
  };
}
