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
  nominationSchema,
  reviewSchema,
  selectionSchema,
  supervisionSchema,
  type Action,
  type Case,
  type CaseFile,
  type CaseNote,
  type CmooeSummary,
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
import {
  ConflictError,
  NotFoundError,
  StoreValidationError,
  type ActionQuery,
  type CasePatch,
  type CaseQuery,
  type CaseStatus,
  type CaseStore,
  type Change,
  type ChangeBatch,
  type ConversationRecord,
  type ImportReport,
  type MeetingQuery,
  type ReminderClaim,
  type StoredCase,
} from '../port.js';
import { migrate } from './schema.js';
import type { z } from 'zod';

export interface SqliteStoreOptions {
  /** How many change-feed entries to keep; a token older than that gets a full resync. Default 500,000. */
  readonly changeRetention?: number;
  /** How long a writer waits for another process's lock, in ms. Default 10,000. */
  readonly busyTimeoutMs?: number;
}

type Entity = Change['entity'];
type Row = Record<string, unknown>;

/** Cases with a CMOOE period covering a day (the periods table is small: scan it, then look cases up). */
const CMOOE_ON = 'c.id IN (SELECT p.case_id FROM case_cmooe p WHERE p.from_on <= ? AND (p.to_on IS NULL OR p.to_on >= ?))';

const CONVERSATION_SCOPES = ['personal', 'team', 'groupChat'] as const;

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
  private closed = false;
  /** Prepared statements by SQL text (a finite set: the SQL below, and the combinations of query fields). */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly path: string, options: SqliteStoreOptions = {}) {
    this.retention = Math.max(1, options.changeRetention ?? 500_000);
    this.db = new Database(path);
    try {
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 10_000))}`);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
      this.immediate(() => {
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
  private immediate<T>(fn: () => T): T {
    if (this.closed) throw new Error('the SQLite store is closed');
    return this.db.transaction(fn).immediate();
  }

  private read<T>(fn: () => T): T {
    if (this.closed) throw new Error('the SQLite store is closed');
    return this.db.transaction(fn).deferred();
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
    return this.stmt('SELECT id FROM people WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify([...new Set(ids)])) as string[];
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
  private crossCheck(
    what: string,
    key: 'cases' | 'supervisions' | 'nominations' | 'selections' | 'actions',
    record: unknown,
    caseIds: readonly string[] = [],
  ): void {
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
    const cols = {
      id: c.id,
      lead: c.leadProfessionalId,
      inclusion: c.inclusionLeadId,
      team: c.team,
      locality: c.locality,
      status: caseStatus(c),
      series: seriesIdForCase(c),
      open: c.cmooe.some((p) => p.to === null) ? 1 : 0,
      version: seq,
      data: JSON.stringify(c),
    };
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
    const row = this.read(() => this.stmt('SELECT data, version FROM cases WHERE id = ?').get(caseId) as Row | undefined);
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
    const rows = this.read(() => this.stmt(sql).all(...params) as Row[]);
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
      const ordinal = (this.stmt('SELECT coalesce(max(ordinal), -1) + 1 FROM cases').pluck().get() as number);
      return this.writeCase(parsed, ordinal);
    });
  }

  // ---- history ----------------------------------------------------------------------------------

  /** Append to one history list of a case: validated alone, then the whole case re-checked. */
  private appendToCase<K extends 'caseNotes' | 'cmooeSummaries' | 'reviews'>(caseId: string, list: K, item: Case[K][number], what: string): void {
    this.immediate(() => {
      const row = this.stmt('SELECT data, version FROM cases WHERE id = ?').get(caseId) as Row | undefined;
      if (!row) throw new NotFoundError('case', caseId);
      const current = JSON.parse(row.data as string) as Case;
      const next = { ...current, [list]: [...current[list], item] } as Case;
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

  async addCaseNote(caseId: string, note: CaseNote): Promise<void> {
    this.appendToCase(caseId, 'caseNotes', parseOrThrow(caseNoteSchema, note, 'caseNote'), 'caseNote');
  }

  async addCmooeSummary(caseId: string, summary: CmooeSummary): Promise<void> {
    this.appendToCase(caseId, 'cmooeSummaries', parseOrThrow(cmooeSummarySchema, summary, 'cmooeSummary'), 'cmooeSummary');
  }

  async addReview(caseId: string, review: Review): Promise<void> {
    this.appendToCase(caseId, 'reviews', parseOrThrow(reviewSchema, review, 'review'), 'review');
  }

  async addSupervision(supervision: Supervision): Promise<void> {
    const s = parseOrThrow(supervisionSchema, supervision, 'supervision');
    this.immediate(() => {
      this.crossCheck('supervision', 'supervisions', s);
      this.db
        .prepare('INSERT INTO supervisions (supervisee_id, supervisor_id, held_on, data) VALUES (?, ?, ?, ?)')
        .run(s.superviseeId, s.supervisorId, s.heldOn, JSON.stringify(s));
      this.logChange('supervision', supervisionKey(s));
    });
  }

  async addNomination(nomination: Nomination): Promise<void> {
    const n = parseOrThrow(nominationSchema, nomination, 'nomination');
    this.immediate(() => {
      if (!this.caseExists(n.caseId)) throw new NotFoundError('case', n.caseId);
      this.crossCheck('nomination', 'nominations', n, [n.caseId]);
      this.stmt('INSERT INTO nominations (case_id, series_id, made_on, data) VALUES (?, ?, ?, ?)').run(n.caseId, n.seriesId, n.madeOn, JSON.stringify(n));
      this.logChange('nomination', nominationKey(n));
    });
  }

  /** Selecting a case already selected for that meeting changes nothing (the first selection stays). */
  async addSelection(selection: Selection): Promise<void> {
    const s = parseOrThrow(selectionSchema, selection, 'selection');
    this.immediate(() => {
      if (!this.caseExists(s.caseId)) throw new NotFoundError('case', s.caseId);
      this.crossCheck('selection', 'selections', s, [s.caseId]);
      const inserted = this.db
        .prepare('INSERT INTO selections (case_id, series_id, meeting_on, data) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(s.caseId, s.seriesId, s.meetingOn, JSON.stringify(s)).changes;
      if (inserted === 1) this.logChange('selection', selectionKey(s));
    });
  }

  async removeSelection(selection: Pick<Selection, 'caseId' | 'seriesId' | 'meetingOn'>): Promise<void> {
    this.immediate(() => {
      const removed = this.db
        .prepare('DELETE FROM selections WHERE case_id = ? AND series_id = ? AND meeting_on = ?')
        .run(selection.caseId, selection.seriesId, selection.meetingOn).changes;
      if (removed === 0) throw new NotFoundError('selection', selectionKey(selection));
      this.logChange('selection', selectionKey(selection), true);
    });
  }

  async addAction(action: Action): Promise<void> {
    const a = parseOrThrow(actionSchema, action, 'action');
    this.immediate(() => {
      if (a.caseId !== null && !this.caseExists(a.caseId)) throw new NotFoundError('case', a.caseId);
      if (this.stmt('SELECT 1 FROM actions WHERE id = ?').get(a.id) !== undefined) {
        throw new StoreValidationError('the action was not stored', [`action.id: an action with id "${a.id}" already exists`]);
      }
      this.crossCheck('action', 'actions', a, a.caseId === null ? [] : [a.caseId]);
      this.db
        .prepare('INSERT INTO actions (id, series_id, case_id, owner_id, closed_on, data) VALUES (?, ?, ?, ?, ?, ?)')
        .run(a.id, a.seriesId, a.caseId, a.ownerId, a.closedOn, JSON.stringify(a));
      this.logChange('action', a.id);
    });
  }

  async closeAction(actionId: string, closedOn: string, closedNote?: string | null): Promise<void> {
    requireDate(closedOn, 'closedOn', 'action closure');
    const note = closingNote(closedNote);
    this.immediate(() => {
      const data = this.stmt('SELECT data FROM actions WHERE id = ?').pluck().get(actionId) as string | undefined;
      if (data === undefined) throw new NotFoundError('action', actionId);
      const before = JSON.parse(data) as Action;
      const a: Action = { ...before, closedOn, closedNote: note === undefined ? (before.closedNote ?? null) : note };
      this.crossCheck('action', 'actions', a, a.caseId === null ? [] : [a.caseId]);
      this.stmt('UPDATE actions SET closed_on = ?, data = ? WHERE id = ?').run(closedOn, JSON.stringify(a), actionId);
      this.logChange('action', actionId);
    });
  }

  // ---- people, series, meeting records ----------------------------------------------------------

  async listPeople(): Promise<Person[]> {
    return this.read(() => this.stmt('SELECT data FROM people ORDER BY ordinal').pluck().all() as string[]).map((d) => JSON.parse(d) as Person);
  }

  async getPerson(personId: string): Promise<Person | null> {
    const d = this.read(() => this.stmt('SELECT data FROM people WHERE id = ?').pluck().get(personId) as string | undefined);
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
    if (query.superviseeId !== undefined) (where.push('supervisee_id = ?'), params.push(query.superviseeId));
    if (query.supervisorId !== undefined) (where.push('supervisor_id = ?'), params.push(query.supervisorId));
    return this.listData<Supervision>('supervisions', where, params);
  }

  async listNominations(query: MeetingQuery = {}): Promise<Nomination[]> {
    return this.listMeetingRecords<Nomination>('nominations', 'made_on', query);
  }

  async listSelections(query: MeetingQuery = {}): Promise<Selection[]> {
    return this.listMeetingRecords<Selection>('selections', 'meeting_on', query);
  }

  private listMeetingRecords<T>(table: 'nominations' | 'selections', dateColumn: string, query: MeetingQuery): T[] {
    const where: string[] = [];
    const params: string[] = [];
    if (query.seriesId !== undefined) (where.push('series_id = ?'), params.push(query.seriesId));
    if (query.caseId !== undefined) (where.push('case_id = ?'), params.push(query.caseId));
    if (query.from !== undefined) (where.push(`${dateColumn} >= ?`), params.push(requireDate(query.from, 'from', `${table} query`)));
    if (query.to !== undefined) (where.push(`${dateColumn} <= ?`), params.push(requireDate(query.to, 'to', `${table} query`)));
    return this.listData<T>(table, where, params);
  }

  async listActions(query: ActionQuery = {}): Promise<Action[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (query.seriesId !== undefined) (where.push('series_id = ?'), params.push(query.seriesId));
    if (query.caseId !== undefined) (where.push('case_id = ?'), params.push(query.caseId));
    if (query.ownerId !== undefined) (where.push('owner_id = ?'), params.push(query.ownerId));
    if (query.open !== undefined) where.push(query.open ? 'closed_on IS NULL' : 'closed_on IS NOT NULL');
    return this.listData<Action>('actions', where, params);
  }

  private listData<T>(table: string, where: string[], params: unknown[]): T[] {
    const sql = `SELECT data FROM ${table} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ordinal`;
    return this.read(() => this.stmt(sql).pluck().all(...params) as string[]).map((d) => JSON.parse(d) as T);
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

    this.immediate(() => {
      const before = {
        case: new Set(this.stmt('SELECT id FROM cases').pluck().all() as string[]),
        person: new Set(this.stmt('SELECT id FROM people').pluck().all() as string[]),
        meetingSeries: new Set(this.stmt('SELECT id FROM meeting_series').pluck().all() as string[]),
        action: new Set(this.stmt('SELECT id FROM actions').pluck().all() as string[]),
        supervision: new Set((this.stmt('SELECT data FROM supervisions').pluck().all() as string[]).map((d) => supervisionKey(JSON.parse(d)))),
        nomination: new Set((this.stmt('SELECT data FROM nominations').pluck().all() as string[]).map((d) => nominationKey(JSON.parse(d)))),
        selection: new Set((this.stmt('SELECT data FROM selections').pluck().all() as string[]).map((d) => selectionKey(JSON.parse(d)))),
      } satisfies Record<Entity, Set<string>>;
      for (const table of ['case_cmooe', 'cases', 'people', 'meeting_series', 'supervisions', 'nominations', 'selections', 'actions']) {
        this.stmt(`DELETE FROM ${table}`).run();
      }
      this.setMeta('policy', f.policy);
      this.setMeta('schoolHolidays', f.schoolHolidays);

      const after: Record<Entity, Set<string>> = {
        case: new Set(),
        person: new Set(),
        meetingSeries: new Set(),
        action: new Set(),
        supervision: new Set(),
        nomination: new Set(),
        selection: new Set(),
      };
      const series = this.stmt('INSERT INTO meeting_series (id, ordinal, data) VALUES (?, ?, ?)');
      f.meetingSeries.forEach((s, i) => {
        series.run(s.id, i, JSON.stringify(s));
        this.logChange('meetingSeries', s.id);
        after.meetingSeries.add(s.id);
      });
      const person = this.stmt('INSERT INTO people (id, ordinal, email_lower, aad_object_id, data) VALUES (?, ?, ?, ?, ?)');
      f.people.forEach((p, i) => {
        person.run(p.id, i, p.email?.toLowerCase() ?? null, p.aadObjectId, JSON.stringify(p));
        this.logChange('person', p.id);
        after.person.add(p.id);
      });
      f.cases.forEach((c, i) => {
        this.writeCase(c, i);
        after.case.add(c.id);
      });
      const supervision = this.stmt('INSERT INTO supervisions (ordinal, supervisee_id, supervisor_id, held_on, data) VALUES (?, ?, ?, ?, ?)');
      f.supervisions.forEach((s, i) => {
        supervision.run(i + 1, s.superviseeId, s.supervisorId, s.heldOn, JSON.stringify(s));
        const k = supervisionKey(s);
        if (!after.supervision.has(k)) this.logChange('supervision', k);
        after.supervision.add(k);
      });
      const nomination = this.stmt('INSERT INTO nominations (ordinal, case_id, series_id, made_on, data) VALUES (?, ?, ?, ?, ?)');
      f.nominations.forEach((n, i) => {
        nomination.run(i + 1, n.caseId, n.seriesId, n.madeOn, JSON.stringify(n));
        const k = nominationKey(n);
        if (!after.nomination.has(k)) this.logChange('nomination', k);
        after.nomination.add(k);
      });
      const selection = this.stmt('INSERT INTO selections (ordinal, case_id, series_id, meeting_on, data) VALUES (?, ?, ?, ?, ?)');
      f.selections.forEach((s, i) => {
        selection.run(i + 1, s.caseId, s.seriesId, s.meetingOn, JSON.stringify(s));
        this.logChange('selection', selectionKey(s));
        after.selection.add(selectionKey(s));
      });
      const action = this.stmt('INSERT INTO actions (ordinal, id, series_id, case_id, owner_id, closed_on, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
      f.actions.forEach((a, i) => {
        action.run(i + 1, a.id, a.seriesId, a.caseId, a.ownerId, a.closedOn, JSON.stringify(a));
        this.logChange('action', a.id);
        after.action.add(a.id);
      });
      for (const entity of Object.keys(before) as Entity[]) {
        for (const id of before[entity]) if (!after[entity].has(id)) this.logChange(entity, id, true);
      }
      this.pruneChanges();
    });
    return {
      people: f.people.length,
      cases: f.cases.length,
      supervisions: f.supervisions.length,
      nominations: f.nominations.length,
      selections: f.selections.length,
      actions: f.actions.length,
      meetingSeries: f.meetingSeries.length,
    };
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

  // ---- reminder ledger --------------------------------------------------------------------------

  async claimReminder(key: string, recipientId: string, at: string): Promise<boolean> {
    requireText(key, 'key', 'reminder claim');
    requireText(recipientId, 'recipientId', 'reminder claim');
    requireInstant(at, 'at', 'reminder claim');
    if (this.closed) throw new Error('the SQLite store is closed');
    const inserted = this.db
      .prepare('INSERT INTO reminder_ledger (key, recipient_id, claimed_at, claimed_ms) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO NOTHING')
      .run(key, recipientId, at, Date.parse(at)).changes;
    return inserted === 1;
  }

  async markReminderSent(key: string, at: string): Promise<void> {
    requireInstant(at, 'at', 'reminder delivery');
    if (this.closed) throw new Error('the SQLite store is closed');
    const updated = this.stmt('UPDATE reminder_ledger SET sent_at = ? WHERE key = ?').run(at, key).changes;
    if (updated === 0) throw new NotFoundError('reminder claim', key);
  }

  async listUnsentReminders(before: string): Promise<ReminderClaim[]> {
    requireInstant(before, 'before', 'reminder query');
    const rows = this.read(
      () => this.stmt('SELECT * FROM reminder_ledger WHERE sent_at IS NULL AND claimed_ms < ? ORDER BY claimed_ms, key').all(Date.parse(before)) as Row[],
    );
    return rows.map(toClaim);
  }

  async listReminders(prefix: string): Promise<ReminderClaim[]> {
    // A range on the primary key: every key that starts with prefix sorts between prefix and prefix + U+10FFFF.
    const rows = this.read(
      () => this.stmt('SELECT * FROM reminder_ledger WHERE key >= ? AND key < ? ORDER BY key').all(prefix, prefix + '\u{10FFFF}') as Row[],
    );
    return rows.filter((r) => (r.key as string).startsWith(prefix)).map(toClaim);
  }

  // ---- snoozes ----------------------------------------------------------------------------------

  async snoozeReminder(recipientId: string, obligationKey: string, until: string): Promise<void> {
    requireText(recipientId, 'recipientId', 'snooze');
    requireText(obligationKey, 'obligationKey', 'snooze');
    requireDate(until, 'until', 'snooze');
    this.immediate(() =>
      this.db
        .prepare('INSERT INTO snoozes (recipient_id, obligation_key, until_on) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET until_on = excluded.until_on')
        .run(recipientId, obligationKey, until),
    );
  }

  async listSnoozes(recipientId: string, on: string): Promise<Map<string, string>> {
    requireDate(on, 'on', 'snooze query');
    const rows = this.read(
      () => this.stmt('SELECT obligation_key, until_on FROM snoozes WHERE recipient_id = ? AND until_on >= ? ORDER BY obligation_key').all(recipientId, on) as Row[],
    );
    return new Map(rows.map((r) => [r.obligation_key as string, r.until_on as string]));
  }

  // ---- settings ---------------------------------------------------------------------------------

  async getSetting(key: string): Promise<unknown | null> {
    const v = this.read(() => this.stmt('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined);
    return v === undefined ? null : JSON.parse(v);
  }

  async putSetting(key: string, value: unknown): Promise<void> {
    requireText(key, 'key', 'setting');
    const json = value === undefined ? undefined : JSON.stringify(value);
    if (json === undefined) throw new StoreValidationError('the setting was not stored', [`${key}: the value is not JSON (undefined or a function)`]);
    this.immediate(() => this.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value').run(key, json));
  }

  // ---- bot installations ------------------------------------------------------------------------

  async saveConversation(record: ConversationRecord): Promise<void> {
    requireText(record?.id, 'id', 'conversation');
    if (!CONVERSATION_SCOPES.includes(record.scope)) {
      throw new StoreValidationError('the conversation was not stored', [`scope: ${JSON.stringify(record.scope)} is not one of "personal", "team", "groupChat"`]);
    }
    requireInstant(record.updatedAt, 'updatedAt', 'conversation');
    const reference = JSON.stringify(record.reference ?? null);
    this.immediate(() =>
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
    this.immediate(() => this.stmt('DELETE FROM conversations WHERE id = ?').run(conversationId));
  }

  async listConversations(query: { scope?: ConversationRecord['scope']; personId?: string } = {}): Promise<ConversationRecord[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (query.scope !== undefined) (where.push('scope = ?'), params.push(query.scope));
    if (query.personId !== undefined) (where.push('person_id = ?'), params.push(query.personId));
    const sql = `SELECT * FROM conversations ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`;
    const rows = this.read(() => this.stmt(sql).all(...params) as Row[]);
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

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

/** The person ids a record refers to (for the cross-check's stand-in people). */
function referencedPeople(record: unknown): string[] {
  const ids: string[] = [];
  const fields = ['leadProfessionalId', 'inclusionLeadId', 'authorId', 'byId', 'ownerId', 'superviseeId', 'supervisorId'];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (fields.includes(k) && typeof x === 'string') ids.push(x);
        else if (typeof x === 'object') visit(x);
      }
    }
  };
  visit(record);
  return ids;
}

function toClaim(r: Row): ReminderClaim {
  return { key: r.key as string, recipientId: r.recipient_id as string, claimedAt: r.claimed_at as string, sentAt: (r.sent_at as string | null) ?? null };
}
