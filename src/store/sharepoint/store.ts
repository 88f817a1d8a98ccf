// The CaseStore on SharePoint lists through Microsoft Graph (schema.ts for the lists).
//
// - Import is all-or-nothing through generations: the new file's items are written with a new
//   Generation value, then the `__generation` pointer in the Settings list is switched, then the old
//   generation's items are deleted. Reads only see the generation the pointer names, so a failed
//   import leaves the previous content in force (its leftovers are removed by the next import).
// - Writes go in $batch requests of 20 (graph/batch.ts); a create carries a unique RecordKey, so a
//   create retried after a lost answer is a 409 and counts as done: every record stored exactly once.
// - A case's version is its item's eTag; updates PATCH with If-Match; 412 -> ConflictError.
// - The change feed is items/delta per list; the deltaLinks of all lists make one opaque token.
//   Deleted entities are reported from the Tombstones list (a deleted item in a delta feed carries no
//   fields, so it cannot tell which case it was).
// - Text filters in SharePoint are case-insensitive; every query result is refined in memory with
//   the exact comparison.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { seriesIdForCase } from '../../domain/cmooe.js';
import { isIsoDate, isIsoInstant, toDay } from '../../domain/dates.js';
import { closingNote } from '../action-note.js';
import { checkAudit, parseAudit, parseAuditActions, peopleOfAudit } from '../audit-checks.js';
import { checkMeetingItem, checkSelectionOpen, entryActions, meetingRecordKey, nextActionNumber, patchedAction, WEEKLY_SERIES, withAttendees, withOutcome } from '../meeting-records.js';
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
import { formatError, formatPath, parseCaseFile } from '../../domain/validate.js';
import {
  cardSheetOf,
  ConflictError,
  NotFoundError,
  StoreValidationError,
  type ActionPatch,
  type ActionQuery,
  type AddAuditsReport,
  type AuditQuery,
  type StoredAudit,
  type CaseQuery,
  type CaseStatus,
  type CaseStore,
  type Change,
  type ChangeBatch,
  type ConversationRecord,
  type AnnouncedLines,
  type CardClaim,
  type CardClaimRequest,
  type CardState,
  type CardUpdate,
  type ImportReport,
  type MeetingItemEntry,
  type MeetingItemWritten,
  type MeetingQuery,
  type MeetingRecordQuery,
  type StoreHealth,
  type SnoozeRecord,
  type StoredCase,
  type StoreBudget,
  type FormSubmission,
  type SupervisionRef,
  type WriteOptions,
} from '../port.js';
import { convertLegacyLedger, type LegacyClaim } from '../legacy-ledger.js';
import { getAllPages, isGraphError, relativeLink, type GraphConnection } from '../graph/client.js';
import { runBatches, type BatchStep } from '../graph/batch.js';
import { and, cmp, eq, or, queryString, startsWith } from '../graph/odata.js';
import { dateValue, type ListKey } from './schema.js';
import { CardSheets, packRecord, SHEET_PREFIX, unpackRecord } from './card-sheets.js';
import { UnitPacer } from '../graph/units.js';
import { refersToCase, type AccessEntry } from '../../domain/access-log.js';
import { checkAccessEntries, checkAccessQuery, compareAccessNewestFirst } from '../access-entry.js';
import type { AccessQuery, DestroyReport } from '../port.js';
import { sitePath } from './provision.js';

interface ListItem {
  id: string;
  eTag?: string;
  '@odata.etag'?: string;
  lastModifiedDateTime?: string;
  fields: Record<string, unknown>;
}

type Entity = Change['entity'];
const GENERATION_KEY = '__generation';
const CARD_PREFIX = 'card|';
const SUBMIT_PREFIX = 'submit|';

/** The RecordKey suffix of a record written for a form submission (null: not for one). */
function submitKey(options: WriteOptions | undefined): string | null {
  if (options?.submitId === undefined) return null;
  requireText(options.submitId, 'submitId', 'form entry');
  return `submit|${options.submitId}`;
}
const REGISTER_PREFIX = 'announced|';
/** The tombstone that tells readers of the change feed to start again (after a destruction). */
const RESYNC_ENTITY = 'resync';
const ACCESS_PREFIX = 'access|';
/** Keys of the per-line ledger of earlier versions (legacy-ledger.ts). */
const LEGACY_PREFIXES = ['stage/', 'digest/', 'manager-digest/', 'snooze/', 'agenda/'];
const CARD_STATES: readonly CardState[] = ['claimed', 'posted', 'sent', 'released', 'unreachable', 'superseded'];

function requireLines(value: unknown, what: string): void {
  if (!Array.isArray(value) || value.some((k) => typeof k !== 'string' || k === '')) {
    throw new StoreValidationError(`the ${what} was not stored`, ['lines: must be a list of non-empty ledger keys']);
  }
}
const FILE_LISTS: { list: ListKey; entity: Entity }[] = [
  { list: 'meetingSeries', entity: 'meetingSeries' },
  { list: 'people', entity: 'person' },
  { list: 'cases', entity: 'case' },
  { list: 'supervisions', entity: 'supervision' },
  { list: 'nominations', entity: 'nomination' },
  { list: 'selections', entity: 'selection' },
  { list: 'actions', entity: 'action' },
  { list: 'audits', entity: 'audit' },
  { list: 'meetingRecords', entity: 'meetingRecord' },
];

interface Pointer {
  generation: string;
  policy: string;
  schoolHolidays: SchoolHolidayRecord[];
}

export function caseStatus(c: Case): CaseStatus {
  if (c.plan?.ceasedOn) return 'ceased';
  if (c.plan?.transferredOutOn) return 'transferred';
  return 'open';
}

// Change-feed ids of the entities without an id of their own (the same as the SQLite store's).
const supervisionKey = (s: Supervision) => `${s.superviseeId}|${s.supervisorId}|${s.heldOn}`;
const nominationKey = (n: Nomination) => `${n.caseId}|${n.seriesId}|${n.madeOn}|${n.byId}`;
const selectionKey = (s: Pick<Selection, 'caseId' | 'seriesId' | 'meetingOn'>) => `${s.caseId}|${s.seriesId}|${s.meetingOn}`;

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

function requireDate(value: unknown, name: string, what: string): string {
  if (typeof value !== 'string' || !isIsoDate(value)) throw new StoreValidationError(`the ${what} was not stored`, [`${name}: not a date ${JSON.stringify(value)}`]);
  return value;
}
function requireInstant(value: unknown, name: string, what: string): string {
  if (typeof value !== 'string' || !isIsoInstant(value)) throw new StoreValidationError(`the ${what} was not stored`, [`${name}: not an instant with an offset or Z ${JSON.stringify(value)}`]);
  return value;
}
function requireText(value: unknown, name: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new StoreValidationError(`the ${what} was not stored`, [`${name}: must be a non-empty string`]);
  return value;
}

function referencedPeople(record: unknown): string[] {
  const ids: string[] = [];
  const names = ['leadProfessionalId', 'inclusionLeadId', 'authorId', 'byId', 'ownerId', 'superviseeId', 'supervisorId', 'recordedById'];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (names.includes(k) && typeof x === 'string') ids.push(x);
        else if (k === 'attendees' && Array.isArray(x)) {
          for (const a of x) if (typeof a === 'string') ids.push(a);
        } else if (typeof x === 'object') visit(x);
      }
    }
  };
  visit(record);
  return ids;
}

function dayAfter(d: string, days: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface SharePointStoreOptions {
  readonly conn: GraphConnection;
  readonly siteId: string;
  readonly listIds: Record<ListKey, string>;
  /** $batch requests in flight at once during imports (default 4). */
  readonly concurrency?: number;
}

export class SharePointCaseStore implements CaseStore {
  private readonly conn: GraphConnection;
  private readonly site: string;
  private readonly lists: Record<ListKey, string>;
  private readonly concurrency: number;

  constructor(options: SharePointStoreOptions) {
    this.conn = options.conn;
    this.site = sitePath(options.siteId);
    this.lists = options.listIds;
    this.concurrency = options.concurrency ?? 4;
  }

  /** The store's Graph client, for other documents on the same site (the agenda library). */
  get graph(): GraphConnection['client'] {
    return this.conn.client;
  }

  // ---- Graph plumbing ---------------------------------------------------------------------------

  private itemsPath(list: ListKey): string {
    return `${this.site}/lists/${this.lists[list]}/items`;
  }

  private async query(list: ListKey, filter?: string): Promise<ListItem[]> {
    return getAllPages<ListItem>(this.conn, this.itemsPath(list) + queryString({ $expand: 'fields', $filter: filter, $top: 5000 }));
  }

  private async create(list: ListKey, fields: Record<string, unknown>): Promise<ListItem | 'duplicate'> {
    try {
      return (await this.conn.client.api(this.itemsPath(list)).post({ fields })) as ListItem;
    } catch (e) {
      if (isGraphError(e, 409)) return 'duplicate';
      throw e;
    }
  }

  private async patch(list: ListKey, itemId: string, fields: Record<string, unknown>, ifMatch?: string): Promise<Record<string, unknown>> {
    const req = this.conn.client.api(`${this.itemsPath(list)}/${itemId}/fields`);
    if (ifMatch) req.header('If-Match', ifMatch);
    return (await req.patch(fields)) as Record<string, unknown>;
  }

  private async remove(list: ListKey, itemId: string): Promise<void> {
    try {
      await this.conn.client.api(`${this.itemsPath(list)}/${itemId}`).delete();
    } catch (e) {
      if (!isGraphError(e, 404)) throw e; // already gone (a retried delete)
    }
  }

  private async writeAll(steps: BatchStep[]): Promise<void> {
    const results = await runBatches(this.conn, steps, { concurrency: this.concurrency });
    const failures: string[] = [];
    results.forEach((r, i) => {
      const s = steps[i]!;
      // 409 on a create: the unique RecordKey is taken, i.e. a create retried after its answer was lost.
      // 404 on a delete: already deleted.
      const ok = (r.status >= 200 && r.status < 300) || (s.method === 'POST' && r.status === 409) || (s.method === 'DELETE' && r.status === 404);
      if (!ok) failures.push(`${s.method} ${s.url.replace(/\?.*$/, '')}: ${r.status} ${JSON.stringify((r.body as { error?: { message?: string } })?.error?.message ?? '')}`);
    });
    if (failures.length) throw new Error(`SharePoint refused ${failures.length} writes:\n${failures.slice(0, 5).join('\n')}`);
  }

  private record<T>(item: ListItem): T {
    return JSON.parse(String(item.fields.Record)) as T;
  }

  private etag(item: ListItem | Record<string, unknown>): string {
    const v = (item as Record<string, unknown>)['eTag'] ?? (item as Record<string, unknown>)['@odata.etag'];
    if (typeof v !== 'string') throw new Error('SharePoint returned an item without an eTag');
    return v;
  }

  // ---- generations ------------------------------------------------------------------------------

  private async pointerItem(): Promise<ListItem | null> {
    const items = (await this.query('settings', eq('RecordKey', GENERATION_KEY))).filter((i) => i.fields.RecordKey === GENERATION_KEY);
    return items[0] ?? null;
  }

  private async pointer(): Promise<Pointer | null> {
    const item = await this.pointerItem();
    return item ? this.record<Pointer>(item) : null;
  }

  private async generation(): Promise<string | null> {
    return (await this.pointer())?.generation ?? null;
  }

  /** Items of a case-file list in the current generation, matching `filter`, in file order. */
  private async fileItems(list: ListKey, filter?: string): Promise<ListItem[]> {
    const gen = await this.generation();
    if (gen === null) return [];
    const items = await this.query(list, and(eq('Generation', gen), filter));
    return items.filter((i) => i.fields.Generation === gen).sort((a, b) => Number(a.fields.Ordinal) - Number(b.fields.Ordinal) || Number(a.id) - Number(b.id));
  }

  private async fileRecords<T>(list: ListKey, filter?: string): Promise<T[]> {
    return (await this.fileItems(list, filter)).map((i) => this.record<T>(i));
  }

  /** A fresh ordinal for a record appended after the import: after every imported one, in time order. */
  private appendOrdinal(): number {
    return Date.now();
  }

  // ---- fields of each entity --------------------------------------------------------------------

  private caseFields(c: Case): Record<string, unknown> {
    return {
      Title: c.id,
      EntityId: c.id,
      CaseId: c.id,
      LeadProfessionalId: c.leadProfessionalId,
      InclusionLeadId: c.inclusionLeadId,
      Team: c.team,
      Locality: c.locality,
      CaseStatus: caseStatus(c),
      CmooeSeries: seriesIdForCase(c),
      HasCmooe: c.cmooe.length > 0,
      ChildInCare: c.childInCare,
      PlanIssuedOn: dateValue(c.plan?.issuedOn),
      Setting: c.setting,
      Record: JSON.stringify(c),
    };
  }

  private fileItemFields(list: ListKey, record: unknown, gen: string, ordinal: number, recordKey: string): Record<string, unknown> {
    const base = { RecordKey: recordKey, Generation: gen, Ordinal: ordinal, Record: JSON.stringify(record) };
    switch (list) {
      case 'cases':
        return { ...this.caseFields(record as Case), ...base };
      case 'people': {
        const p = record as Person;
        return { ...base, Title: p.name, EntityId: p.id, PersonId: p.id, Email: p.email?.toLowerCase() ?? null, AadObjectId: p.aadObjectId, Team: p.team, Locality: p.locality };
      }
      case 'meetingSeries': {
        const s = record as MeetingSeries;
        return { ...base, Title: s.title, EntityId: s.id, SeriesId: s.id, FirstMeetingOn: dateValue(s.firstMeetingOn), EveryDays: s.everyDays };
      }
      case 'supervisions': {
        const s = record as Supervision;
        return { ...base, Title: supervisionKey(s), EntityId: supervisionKey(s), SuperviseeId: s.superviseeId, SupervisorId: s.supervisorId, HeldOn: dateValue(s.heldOn) };
      }
      case 'nominations': {
        const n = record as Nomination;
        return { ...base, Title: n.caseId, EntityId: nominationKey(n), CaseId: n.caseId, SeriesId: n.seriesId, MadeOn: dateValue(n.madeOn) };
      }
      case 'selections': {
        const s = record as Selection;
        return { ...base, Title: s.caseId, EntityId: selectionKey(s), CaseId: s.caseId, SeriesId: s.seriesId, MeetingOn: dateValue(s.meetingOn) };
      }
      case 'actions': {
        const a = record as Action;
        return { ...base, Title: a.id, EntityId: a.id, ActionId: a.id, SeriesId: a.seriesId, CaseId: a.caseId, OwnerId: a.ownerId, IsOpen: a.closedOn === null, DueOn: dateValue(a.dueOn) };
      }
      case 'audits':
        return { ...base, ...this.auditFields(record as Audit) };
      case 'meetingRecords': {
        const r = record as MeetingRecord;
        return { ...base, Title: meetingRecordKey(r), EntityId: meetingRecordKey(r), SeriesId: r.seriesId, MeetingOn: dateValue(r.meetingOn) };
      }
      default:
        throw new Error(`not a case-file list: ${list}`);
    }
  }

  private async addFileRecord(list: ListKey, record: unknown, recordKeySuffix: string): Promise<'stored' | 'duplicate'> {
    const gen = await this.requireGeneration();
    const result = await this.create(list, this.fileItemFields(list, record, gen, this.appendOrdinal(), `${gen}|${recordKeySuffix}`));
    return result === 'duplicate' ? 'duplicate' : 'stored';
  }

  /** The current generation; an empty store gets one (a pointer) on its first write. */
  private async requireGeneration(): Promise<string> {
    const gen = await this.generation();
    if (gen !== null) return gen;
    const fresh: Pointer = { generation: randomUUID(), policy: 'dorset', schoolHolidays: [] };
    const created = await this.create('settings', { Title: GENERATION_KEY, RecordKey: GENERATION_KEY, Record: JSON.stringify(fresh) });
    if (created === 'duplicate') return (await this.generation())!;
    return fresh.generation;
  }

  // ---- validation against what is stored --------------------------------------------------------

  private async crossCheck(what: string, key: 'cases' | 'supervisions' | 'nominations' | 'selections' | 'actions' | 'meetingRecords', record: unknown, caseIds: readonly string[] = []): Promise<void> {
    const wanted = new Set(referencedPeople(record));
    const people = (await this.listPeople()).filter((p) => wanted.has(p.id)).map((p) => ({ id: p.id, name: '', roles: ['qa-officer'] }));
    const meetingSeries = await this.listMeetingSeries();
    const cases = [];
    for (const id of caseIds) if (await this.caseItem(id)) cases.push({ id, childName: '', dateOfBirth: '2000-01-01' });
    const file = key === 'cases' ? { meetingSeries, people, cases: [record] } : { meetingSeries, people, cases, [key]: [record] };
    const result = parseCaseFile(file);
    if (!result.ok) {
      const from = `${key}[0]`;
      throw new StoreValidationError(
        `the ${what} was not stored`,
        result.errors.map((e) => formatError({ path: e.path.startsWith(from) ? what + e.path.slice(from.length) : e.path, message: e.message })),
      );
    }
  }

  // ---- cases ------------------------------------------------------------------------------------

  private async caseItem(caseId: string): Promise<ListItem | null> {
    const items = (await this.fileItems('cases', eq('CaseId', caseId))).filter((i) => i.fields.CaseId === caseId);
    return items[0] ?? null;
  }

  private stored(item: ListItem): StoredCase {
    return { case: this.record<Case>(item), version: this.etag(item) };
  }

  async getCase(caseId: string): Promise<StoredCase | null> {
    const item = await this.caseItem(caseId);
    return item ? this.stored(item) : null;
  }

  async queryCases(q: CaseQuery): Promise<StoredCase[]> {
    if (q.ids && q.ids.length === 0) return [];
    const parts: string[] = [];
    if (q.leadProfessionalId !== undefined) parts.push(eq('LeadProfessionalId', q.leadProfessionalId));
    if (q.inclusionLeadId !== undefined) parts.push(eq('InclusionLeadId', q.inclusionLeadId));
    if (q.team !== undefined) parts.push(eq('Team', q.team));
    if (q.locality !== undefined) parts.push(eq('Locality', q.locality));
    if (q.status !== undefined) parts.push(eq('CaseStatus', q.status));
    if (q.cmooeSeries !== undefined) parts.push(eq('CmooeSeries', q.cmooeSeries), eq('HasCmooe', true));
    let items: ListItem[];
    if (q.ids) {
      const unique = [...new Set(q.ids)];
      items = [];
      for (let i = 0; i < unique.length; i += 15) {
        items.push(...(await this.fileItems('cases', and(...parts, or(...unique.slice(i, i + 15).map((id) => eq('CaseId', id)))))));
      }
    } else items = await this.fileItems('cases', parts.length ? and(...parts) : undefined);
    const idSet = q.ids ? new Set(q.ids) : null;
    const day = q.cmooeOn !== undefined ? toDay(requireDate(q.cmooeOn, 'cmooeOn', 'case query')) : null;
    const out = items
      .map((i) => this.stored(i))
      .filter(({ case: c }) => {
        if (idSet && !idSet.has(c.id)) return false;
        if (q.leadProfessionalId !== undefined && c.leadProfessionalId !== q.leadProfessionalId) return false;
        if (q.inclusionLeadId !== undefined && c.inclusionLeadId !== q.inclusionLeadId) return false;
        if (q.team !== undefined && c.team !== q.team) return false;
        if (q.locality !== undefined && c.locality !== q.locality) return false;
        if (q.status !== undefined && caseStatus(c) !== q.status) return false;
        if (q.cmooeSeries !== undefined) {
          if (seriesIdForCase(c) !== q.cmooeSeries) return false;
          const inPeriod = day === null ? c.cmooe.some((p) => p.to === null) : c.cmooe.some((p) => toDay(p.from) <= day && (p.to === null || day <= toDay(p.to)));
          if (!inPeriod) return false;
        }
        return true;
      });
    return out.sort((a, b) => (a.case.id < b.case.id ? -1 : a.case.id > b.case.id ? 1 : 0));
  }

  async updateCase(caseId: string, expectedVersion: string, patch: Parameters<CaseStore['updateCase']>[2]): Promise<StoredCase> {
    const forbidden = Object.keys(patch).filter((k) => ['id', 'caseNotes', 'cmooeSummaries', 'reviews'].includes(k));
    if (forbidden.length) {
      throw new StoreValidationError(
        `case ${caseId} was not updated`,
        forbidden.map((k) => `${k}: cannot be changed by an update (${k === 'id' ? 'a case keeps its id' : 'history is added with its own method'})`),
      );
    }
    const item = await this.caseItem(caseId);
    if (!item) throw new NotFoundError('case', caseId);
    if (this.etag(item) !== expectedVersion) throw new ConflictError(caseId);
    const current = this.record<Case>(item);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const parsed = caseSchema.safeParse({ ...current, ...defined });
    if (!parsed.success) throw new StoreValidationError(`case ${caseId} was not updated`, zodProblems(parsed.error, 'case'));
    await this.crossCheck(`case ${caseId}`, 'cases', parsed.data);
    return this.writeCase(item, parsed.data, expectedVersion);
  }

  /** PATCH a case item with If-Match. A 412 is a conflict, unless the item already holds exactly what
   * we wrote (our own earlier attempt, whose answer a dropped connection lost). */
  private async writeCase(item: ListItem, next: Case, ifMatch: string): Promise<StoredCase> {
    const fields = this.caseFields(next);
    try {
      const res = await this.patch('cases', item.id, fields, ifMatch);
      return { case: next, version: this.etag(res) };
    } catch (e) {
      if (!isGraphError(e, 412)) throw e;
      const now = await this.caseItem(next.id);
      if (now && now.id === item.id && now.fields.Record === fields.Record) return this.stored(now);
      throw new ConflictError(next.id);
    }
  }

  async addCase(c: Case): Promise<StoredCase> {
    const parsed = parseOrThrow(caseSchema, c, 'case');
    if (await this.caseItem(parsed.id)) throw new StoreValidationError('the case was not stored', [`case.id: a case with id "${parsed.id}" already exists`]);
    await this.crossCheck('case', 'cases', parsed);
    const gen = await this.requireGeneration();
    const created = await this.create('cases', this.fileItemFields('cases', parsed, gen, this.appendOrdinal(), `${gen}|${parsed.id}`));
    if (created === 'duplicate') throw new StoreValidationError('the case was not stored', [`case.id: a case with id "${parsed.id}" already exists`]);
    return { case: parsed, version: this.etag(created) };
  }

  // ---- history ----------------------------------------------------------------------------------

  /** With a submitId: an entry exactly like this one already in the case is this submission's, written
   * by an earlier attempt (the entry written for a form is the one first recorded for it, to the
   * millisecond): nothing more is written. The check and the write are one If-Match update. */
  private async appendToCase<K extends 'caseNotes' | 'cmooeSummaries' | 'reviews'>(caseId: string, list: K, entry: Case[K][number], what: string, options?: WriteOptions): Promise<void> {
    if (options?.submitId !== undefined) requireText(options.submitId, 'submitId', what);
    for (let attempt = 0; attempt < 10; attempt++) {
      const item = await this.caseItem(caseId);
      if (!item) throw new NotFoundError('case', caseId);
      const current = this.record<Case>(item);
      if (options?.submitId !== undefined && (current[list] as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(entry))) return;
      const next = { ...current, [list]: [...current[list], entry] };
      const index = current[list].length;
      try {
        await this.crossCheck(what, 'cases', next);
      } catch (e) {
        if (!(e instanceof StoreValidationError)) throw e;
        const mine = e.problems.filter((p) => p.startsWith(`${what}.${list}[${index}]`)).map((p) => p.replace(`${what}.${list}[${index}]`, what));
        throw new StoreValidationError(`the ${what} was not added to case ${caseId}`, mine.length ? mine : e.problems);
      }
      try {
        await this.writeCase(item, next, this.etag(item));
        return;
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e; // someone else wrote the case meanwhile: read again
      }
    }
    throw new ConflictError(caseId, 'it kept changing while the entry was being added');
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

  // With a submitId the item's unique RecordKey is the submission's: a second create is a 409 (stored once).
  async addSupervision(supervision: Supervision, options?: WriteOptions): Promise<void> {
    const s = parseOrThrow(supervisionSchema, supervision, 'supervision');
    await this.crossCheck('supervision', 'supervisions', s);
    await this.addFileRecord('supervisions', s, submitKey(options) ?? randomUUID());
  }

  async addNomination(nomination: Nomination, options?: WriteOptions): Promise<void> {
    const n = parseOrThrow(nominationSchema, nomination, 'nomination');
    if (!(await this.caseItem(n.caseId))) throw new NotFoundError('case', n.caseId);
    await this.crossCheck('nomination', 'nominations', n, [n.caseId]);
    await this.addFileRecord('nominations', n, submitKey(options) ?? randomUUID());
  }

  // ---- form submissions: items `submit|{id}` of the ledger list (IsSent: the entry is written) ------

  async startSubmission(submission: Omit<FormSubmission, 'done'>): Promise<FormSubmission | null> {
    requireText(submission?.id, 'id', 'form submission');
    requireText(submission.personId, 'personId', 'form submission');
    requireText(submission.form, 'form', 'form submission');
    requireInstant(submission.at, 'at', 'form submission');
    const key = SUBMIT_PREFIX + submission.id;
    if (key.length > 255) throw new StoreValidationError('the form submission was not stored', ['id: too long']);
    const first: FormSubmission = { ...submission, record: submission.record ?? null, result: submission.result ?? null, done: false };
    const created = await this.create('ledger', {
      Title: key,
      RecordKey: key,
      RecipientId: submission.personId,
      IsSent: false,
      ClaimedAt: new Date(submission.at).toISOString(),
      Record: JSON.stringify(first),
    });
    if (created !== 'duplicate') return null;
    const item = (await this.ledgerItems(eq('RecordKey', key))).find((i) => i.fields.RecordKey === key);
    if (!item) return this.startSubmission(submission); // forgotten (failed) meanwhile: start again
    const stored = this.record<FormSubmission>(item);
    // Our own create whose answer was lost reads as the first: the same person, form and instant.
    if (!stored.done && stored.personId === first.personId && stored.at === first.at && JSON.stringify(stored.record) === JSON.stringify(first.record)) return null;
    return stored;
  }

  async finishSubmission(id: string, outcome: 'done' | 'failed'): Promise<void> {
    requireText(id, 'id', 'form submission');
    const key = SUBMIT_PREFIX + id;
    const item = (await this.ledgerItems(eq('RecordKey', key))).find((i) => i.fields.RecordKey === key);
    if (!item) return;
    const stored = this.record<FormSubmission>(item);
    if (stored.done) return;
    if (outcome === 'failed') await this.remove('ledger', item.id);
    // Once written, the entry is not kept twice (it may hold a child's details): only the answer stays.
    else await this.patch('ledger', item.id, { IsSent: true, Record: JSON.stringify({ ...stored, record: null, done: true }) });
  }

  async addSelection(selection: Selection, asOf: string): Promise<void> {
    const s = parseOrThrow(selectionSchema, selection, 'selection');
    checkSelectionOpen(s.meetingOn, asOf, 'added');
    if (!(await this.caseItem(s.caseId))) throw new NotFoundError('case', s.caseId);
    await this.crossCheck('selection', 'selections', s, [s.caseId]);
    if ((await this.selectionItems(s)).length > 0) return; // selected already: the first selection stays
    await this.addFileRecord('selections', s, `sel|${selectionKey(s)}`);
  }

  private async selectionItems(s: Pick<Selection, 'caseId' | 'seriesId' | 'meetingOn'>): Promise<ListItem[]> {
    return (await this.fileItems('selections', and(eq('CaseId', s.caseId), eq('SeriesId', s.seriesId)))).filter((i) => {
      const r = this.record<Selection>(i);
      return r.caseId === s.caseId && r.seriesId === s.seriesId && r.meetingOn === s.meetingOn;
    });
  }

  async removeSelection(selection: Pick<Selection, 'caseId' | 'seriesId' | 'meetingOn'>, asOf: string): Promise<void> {
    checkSelectionOpen(selection.meetingOn, asOf, 'removed');
    const items = await this.selectionItems(selection);
    if (items.length === 0) throw new NotFoundError('selection', selectionKey(selection));
    await this.tombstone('selection', selectionKey(selection));
    for (const i of items) await this.remove('selections', i.id);
  }

  private async tombstone(entity: Entity, id: string): Promise<void> {
    await this.create('tombstones', { Title: id, RecordKey: `${entity}|${randomUUID()}`, Entity: entity, EntityId: id, Record: JSON.stringify({ entity, id }) });
  }

  private async actionItem(actionId: string): Promise<ListItem | null> {
    return (await this.fileItems('actions', eq('ActionId', actionId))).find((i) => i.fields.ActionId === actionId) ?? null;
  }

  async addAction(action: Action): Promise<void> {
    const a = parseOrThrow(actionSchema, action, 'action');
    if (a.caseId !== null && !(await this.caseItem(a.caseId))) throw new NotFoundError('case', a.caseId);
    if (await this.actionItem(a.id)) throw new StoreValidationError('the action was not stored', [`action.id: an action with id "${a.id}" already exists`]);
    await this.crossCheck('action', 'actions', a, a.caseId === null ? [] : [a.caseId]);
    if ((await this.addFileRecord('actions', a, `action|${a.id}`)) === 'duplicate') {
      throw new StoreValidationError('the action was not stored', [`action.id: an action with id "${a.id}" already exists`]);
    }
  }

  async closeAction(actionId: string, closedOn: string, closedNote?: string | null): Promise<void> {
    requireDate(closedOn, 'closedOn', 'action closure');
    const note = closingNote(closedNote);
    const item = await this.actionItem(actionId);
    if (!item) throw new NotFoundError('action', actionId);
    const before = this.record<Action>(item);
    const a: Action = { ...before, closedOn, closedNote: note === undefined ? (before.closedNote ?? null) : note };
    await this.crossCheck('action', 'actions', a, a.caseId === null ? [] : [a.caseId]);
    await this.patch('actions', item.id, { IsOpen: false, Record: JSON.stringify(a) });
  }

  async updateAction(actionId: string, patch: ActionPatch): Promise<Action> {
    const item = await this.actionItem(actionId);
    if (!item) throw new NotFoundError('action', actionId);
    const a = patchedAction(this.record<Action>(item), patch ?? {});
    await this.crossCheck('action', 'actions', a, a.caseId === null ? [] : [a.caseId]);
    await this.patch('actions', item.id, { OwnerId: a.ownerId, DueOn: dateValue(a.dueOn), Record: JSON.stringify(a) });
    return a;
  }

  // ---- the meeting record and corrections -------------------------------------------------------
  // A record is one item (RecordKey `{generation}|record|{series}|{date}`), changed with If-Match and read
  // again on a 412; an action written for a form carries `submit|{id}|{n}` in SubmitKey, so that a repeat
  // of the form finds what the first attempt stored instead of adding it twice.

  private async meetingRecordItem(seriesId: string, meetingOn: string): Promise<ListItem | null> {
    const items = await this.fileItems('meetingRecords', eq('SeriesId', seriesId));
    return (
      items.find((i) => {
        const r = this.record<MeetingRecord>(i);
        return r.seriesId === seriesId && r.meetingOn === meetingOn;
      }) ?? null
    );
  }

  /** Change a meeting's record (made if there is none): `change` may run more than once (after a 412). */
  private async changeRecord(
    seriesId: string,
    meetingOn: string,
    change: (current: MeetingRecord | null, applied: readonly string[]) => { record: MeetingRecord; applied: readonly string[] } | null,
  ): Promise<MeetingRecord | null> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const item = await this.meetingRecordItem(seriesId, meetingOn);
      const current = item ? this.record<MeetingRecord>(item) : null;
      const applied = item && typeof item.fields.AppliedSubmits === 'string' ? (JSON.parse(item.fields.AppliedSubmits) as string[]) : [];
      const next = change(current, applied);
      if (next === null) return current;
      const r = parseOrThrow(meetingRecordSchema, next.record, 'meetingRecord');
      await this.crossCheck(
        'meeting record',
        'meetingRecords',
        r,
        r.cases.map((c) => c.caseId),
      );
      const applies = JSON.stringify(next.applied.slice(-100));
      if (item) {
        try {
          await this.patch('meetingRecords', item.id, { Record: JSON.stringify(r), AppliedSubmits: applies }, this.etag(item));
          return r;
        } catch (e) {
          if (!isGraphError(e, 412)) throw e; // changed meanwhile: read it again
        }
      } else {
        const gen = await this.requireGeneration();
        const fields = { ...this.fileItemFields('meetingRecords', r, gen, this.appendOrdinal(), `${gen}|record|${meetingRecordKey(r)}`), AppliedSubmits: applies };
        if ((await this.create('meetingRecords', fields)) !== 'duplicate') return r;
        // Made by someone else at the same moment (or our own create whose answer was lost): read it again.
      }
    }
    throw new ConflictError(`${seriesId} ${meetingOn}`, 'the meeting record kept changing while it was being saved');
  }

  async recordMeetingItem(entry: MeetingItemEntry, options?: WriteOptions): Promise<MeetingItemWritten> {
    const e = checkMeetingItem(entry);
    const submit = submitKey(options);
    if (e.caseId !== null && !(await this.caseItem(e.caseId))) throw new NotFoundError('case', e.caseId);
    let record: MeetingRecord | null = null;
    if (e.caseId !== null) {
      record = await this.changeRecord(e.seriesId, e.meetingOn, (current, applied) =>
        submit !== null && applied.includes(submit) ? null : { record: withOutcome(current, e), applied: submit === null ? applied : [...applied, submit] },
      );
    } else if (e.seriesId !== WEEKLY_SERIES) {
      record = (await this.meetingRecordItem(e.seriesId, e.meetingOn)) ? this.record<MeetingRecord>((await this.meetingRecordItem(e.seriesId, e.meetingOn))!) : null;
    }
    const actions: Action[] = [];
    const gen = await this.requireGeneration();
    for (const [k, wanted] of entryActions(e, 0).entries()) {
      const mark = submit === null ? null : `${submit}|${k}`;
      if (mark !== null) {
        const done = (await this.fileItems('actions', eq('SubmitKey', mark))).find((i) => i.fields.SubmitKey === mark);
        if (done) {
          actions.push(this.record<Action>(done));
          continue;
        }
      }
      for (let attempt = 0; ; attempt++) {
        const number = nextActionNumber((await this.fileRecords<Action>('actions')).map((a) => a.id));
        const a = parseOrThrow(actionSchema, { ...wanted, id: `A-${number}` }, `actions[${k}]`);
        await this.crossCheck(`actions[${k}]`, 'actions', a, a.caseId === null ? [] : [a.caseId]);
        const fields = { ...this.fileItemFields('actions', a, gen, this.appendOrdinal(), `${gen}|action|${a.id}`), SubmitKey: mark };
        if ((await this.create('actions', fields)) !== 'duplicate') {
          actions.push(a);
          break;
        }
        // The id was taken at the same moment: by this very write (a lost answer), or by another.
        const taken = await this.actionItem(a.id);
        if (taken && mark !== null && taken.fields.SubmitKey === mark) {
          actions.push(this.record<Action>(taken));
          break;
        }
        if (attempt >= 5) throw new ConflictError(a.id, 'new action ids kept being taken by other writes; try again');
      }
    }
    return { record, actions };
  }

  async setMeetingAttendees(seriesId: string, meetingOn: string, attendees: readonly string[], by: { readonly recordedById: string; readonly at: string }): Promise<MeetingRecord> {
    requireDate(meetingOn, 'meetingOn', 'attendance');
    requireText(seriesId, 'seriesId', 'attendance');
    const r = await this.changeRecord(seriesId, meetingOn, (current, applied) => ({ record: withAttendees(current, seriesId, meetingOn, attendees, by), applied }));
    return r!;
  }

  async listMeetingRecords(q: MeetingRecordQuery = {}): Promise<MeetingRecord[]> {
    const filter = this.meetingFilter(
      { ...(q.seriesId !== undefined ? { seriesId: q.seriesId } : {}), ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) },
      'MeetingOn',
    );
    return (await this.fileRecords<MeetingRecord>('meetingRecords', filter)).filter(
      (r) => (q.seriesId === undefined || r.seriesId === q.seriesId) && (q.from === undefined || r.meetingOn >= q.from) && (q.to === undefined || r.meetingOn <= q.to),
    );
  }

  async updateSupervision(which: SupervisionRef, next: Supervision): Promise<void> {
    const s = parseOrThrow(supervisionSchema, next, 'supervision');
    const before = supervisionKey(which as Supervision);
    const item = (await this.fileItems('supervisions', and(eq('SuperviseeId', which.superviseeId), eq('SupervisorId', which.supervisorId)))).find((i) => {
      const r = this.record<Supervision>(i);
      return r.superviseeId === which.superviseeId && r.supervisorId === which.supervisorId && r.heldOn === which.heldOn;
    });
    if (!item) throw new NotFoundError('supervision', before);
    await this.crossCheck('supervision', 'supervisions', s);
    await this.patch('supervisions', item.id, {
      Title: supervisionKey(s),
      EntityId: supervisionKey(s),
      SuperviseeId: s.superviseeId,
      SupervisorId: s.supervisorId,
      HeldOn: dateValue(s.heldOn),
      Record: JSON.stringify(s),
    });
    if (before !== supervisionKey(s)) await this.tombstone('supervision', before);
  }

  async correctCaseEntry<K extends 'caseNotes' | 'cmooeSummaries'>(caseId: string, list: K, index: number, expected: Case[K][number], next: Case[K][number]): Promise<void> {
    const what = list === 'caseNotes' ? 'caseNote' : 'cmooeSummary';
    const entry = parseOrThrow(list === 'caseNotes' ? caseNoteSchema : cmooeSummarySchema, next, what);
    for (let attempt = 0; attempt < 10; attempt++) {
      const item = await this.caseItem(caseId);
      if (!item) throw new NotFoundError('case', caseId);
      const current = this.record<Case>(item);
      const items = current[list] as unknown[];
      if (Number.isInteger(index) && index >= 0 && index < items.length && JSON.stringify(items[index]) === JSON.stringify(entry)) return; // our own earlier write
      if (!Number.isInteger(index) || index < 0 || index >= items.length || JSON.stringify(items[index]) !== JSON.stringify(expected)) {
        throw new ConflictError(caseId, `its ${list === 'caseNotes' ? 'note' : 'summary'} was changed or removed since it was read`);
      }
      const nextCase: Case = { ...current, [list]: items.map((x, i) => (i === index ? entry : x)) };
      try {
        await this.crossCheck(what, 'cases', nextCase);
      } catch (e) {
        if (!(e instanceof StoreValidationError)) throw e;
        const mine = e.problems.filter((p) => p.startsWith(`${what}.${list}[${index}]`)).map((p) => p.replace(`${what}.${list}[${index}]`, what));
        throw new StoreValidationError(`the correction of case ${caseId} was not stored`, mine.length ? mine : e.problems);
      }
      try {
        await this.writeCase(item, nextCase, this.etag(item));
        return;
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e; // someone else wrote the case meanwhile: read again
      }
    }
    throw new ConflictError(caseId, 'it kept changing while the correction was being saved');
  }

  // ---- people, series, meeting records ----------------------------------------------------------

  async listPeople(): Promise<Person[]> {
    return this.fileRecords<Person>('people');
  }

  async getPerson(personId: string): Promise<Person | null> {
    return (await this.fileRecords<Person>('people', eq('PersonId', personId))).find((p) => p.id === personId) ?? null;
  }

  async findPerson(by: { aadObjectId?: string | null; email?: string | null }): Promise<Person | null> {
    if (by.aadObjectId) {
      const found = (await this.fileRecords<Person>('people', eq('AadObjectId', by.aadObjectId))).find((p) => p.aadObjectId === by.aadObjectId);
      if (found) return found;
    }
    if (by.email) {
      const email = by.email.toLowerCase();
      const found = (await this.fileRecords<Person>('people', eq('Email', email))).find((p) => p.email?.toLowerCase() === email);
      if (found) return found;
    }
    return null;
  }

  async bindPersonObjectId(personId: string, aadObjectId: string): Promise<Person> {
    const oid = requireText(aadObjectId, 'aadObjectId', 'Entra object id').trim();
    const item = (await this.fileItems('people', eq('PersonId', personId))).find((i) => this.record<Person>(i).id === personId);
    if (!item) throw new NotFoundError('person', personId);
    const person = this.record<Person>(item);
    if (person.aadObjectId === oid) return person;
    if (person.aadObjectId) throw new StoreValidationError(`person ${personId} was not bound`, ['aadObjectId: the person already has another Entra object id']);
    const holder = await this.findPerson({ aadObjectId: oid });
    if (holder) throw new StoreValidationError(`person ${personId} was not bound`, [`aadObjectId: person ${holder.id} already has this Entra object id`]);
    const bound: Person = { ...person, aadObjectId: oid };
    try {
      await this.patch('people', item.id, { AadObjectId: oid, Record: JSON.stringify(bound) }, this.etag(item));
    } catch (e) {
      if (!isGraphError(e, 412)) throw e;
      // Changed since it was read: by the same binding whose answer was lost, or by someone else.
      const now = await this.getPerson(personId);
      if (now?.aadObjectId === oid) return now;
      throw new StoreValidationError(`person ${personId} was not bound`, ['aadObjectId: the person was changed at the same time; try again']);
    }
    return bound;
  }

  async listMeetingSeries(): Promise<MeetingSeries[]> {
    return this.fileRecords<MeetingSeries>('meetingSeries');
  }

  async listSupervisions(q: { superviseeId?: string; supervisorId?: string } = {}): Promise<Supervision[]> {
    const filter = and(q.superviseeId !== undefined ? eq('SuperviseeId', q.superviseeId) : null, q.supervisorId !== undefined ? eq('SupervisorId', q.supervisorId) : null);
    return (await this.fileRecords<Supervision>('supervisions', filter || undefined)).filter(
      (s) => (q.superviseeId === undefined || s.superviseeId === q.superviseeId) && (q.supervisorId === undefined || s.supervisorId === q.supervisorId),
    );
  }

  private meetingFilter(q: MeetingQuery, dateColumn: string): string | undefined {
    // Dates are compared loosely in SharePoint (a dateOnly column may come back shifted by the site's
    // time zone) and exactly in memory.
    const f = and(
      q.seriesId !== undefined ? eq('SeriesId', q.seriesId) : null,
      q.caseId !== undefined ? eq('CaseId', q.caseId) : null,
      q.from !== undefined ? cmp(dateColumn, 'ge', dateValue(dayAfter(requireDate(q.from, 'from', 'meeting query'), -1))!) : null,
      q.to !== undefined ? cmp(dateColumn, 'le', dateValue(dayAfter(requireDate(q.to, 'to', 'meeting query'), 1))!) : null,
    );
    return f || undefined;
  }

  async listNominations(q: MeetingQuery = {}): Promise<Nomination[]> {
    return (await this.fileRecords<Nomination>('nominations', this.meetingFilter(q, 'MadeOn'))).filter(
      (n) =>
        (q.seriesId === undefined || n.seriesId === q.seriesId) &&
        (q.caseId === undefined || n.caseId === q.caseId) &&
        (q.from === undefined || n.madeOn >= q.from) &&
        (q.to === undefined || n.madeOn <= q.to),
    );
  }

  async listSelections(q: MeetingQuery = {}): Promise<Selection[]> {
    return (await this.fileRecords<Selection>('selections', this.meetingFilter(q, 'MeetingOn'))).filter(
      (s) =>
        (q.seriesId === undefined || s.seriesId === q.seriesId) &&
        (q.caseId === undefined || s.caseId === q.caseId) &&
        (q.from === undefined || s.meetingOn >= q.from) &&
        (q.to === undefined || s.meetingOn <= q.to),
    );
  }

  async listActions(q: ActionQuery = {}): Promise<Action[]> {
    const filter = and(
      q.seriesId !== undefined ? eq('SeriesId', q.seriesId) : null,
      q.caseId !== undefined ? eq('CaseId', q.caseId) : null,
      q.ownerId !== undefined ? eq('OwnerId', q.ownerId) : null,
      q.open !== undefined ? eq('IsOpen', q.open) : null,
    );
    return (await this.fileRecords<Action>('actions', filter || undefined)).filter(
      (a) =>
        (q.seriesId === undefined || a.seriesId === q.seriesId) &&
        (q.caseId === undefined || a.caseId === q.caseId) &&
        (q.ownerId === undefined || a.ownerId === q.ownerId) &&
        (q.open === undefined || (a.closedOn === null) === q.open),
    );
  }

  // ---- audits (docs/rules.md section 8) ------------------------------------------------------------
  // In the Audits list: one item per audit (RecordKey `<generation>|audit|<id>`, unique, so a create
  // retried after a lost answer is a 409 and counts as stored); its eTag is its version.

  private auditFields(a: Audit): Record<string, unknown> {
    return {
      Title: a.id,
      EntityId: a.id,
      AuditId: a.id,
      AuditType: a.type,
      CaseId: a.caseId,
      AuditorId: a.auditorId,
      ModeratorId: a.moderation?.moderatorId ?? null,
      Run: a.run,
      IsOpen: a.completedOn === null,
      AssignedOn: dateValue(a.assignedOn),
      CompletedOn: dateValue(a.completedOn),
      Grade: a.grade,
      Record: JSON.stringify(a),
    };
  }

  private async auditItem(auditId: string): Promise<ListItem | null> {
    return (await this.fileItems('audits', eq('AuditId', auditId))).find((i) => i.fields.AuditId === auditId) ?? null;
  }

  async listAudits(q: AuditQuery = {}): Promise<Audit[]> {
    const filter = and(
      q.caseId !== undefined ? eq('CaseId', q.caseId) : null,
      q.auditorId !== undefined ? eq('AuditorId', q.auditorId) : null,
      q.moderatorId !== undefined ? eq('ModeratorId', q.moderatorId) : null,
      q.type !== undefined ? eq('AuditType', q.type) : null,
      q.run !== undefined ? eq('Run', q.run) : null,
      q.open !== undefined ? eq('IsOpen', q.open) : null,
    );
    return (await this.fileRecords<Audit>('audits', filter || undefined)).filter(
      (a) =>
        (q.caseId === undefined || a.caseId === q.caseId) &&
        (q.auditorId === undefined || a.auditorId === q.auditorId) &&
        (q.moderatorId === undefined || a.moderation?.moderatorId === q.moderatorId) &&
        (q.type === undefined || a.type === q.type) &&
        (q.run === undefined || a.run === q.run) &&
        (q.open === undefined || (a.completedOn === null) === q.open),
    );
  }

  async getAudit(auditId: string): Promise<StoredAudit | null> {
    const item = await this.auditItem(auditId);
    return item ? { audit: this.record<Audit>(item), version: this.etag(item) } : null;
  }

  /** The cross-checks of one audit against what is stored. */
  private async checkAuditStored(audit: Audit, actions: readonly Action[], what: string): Promise<void> {
    const wanted = new Set(peopleOfAudit(audit));
    const people = (await this.listPeople()).filter((p) => wanted.has(p.id)).map((p) => p.id);
    const byId = new Map<string, Action>();
    for (const x of audit.actions) {
      const stored = await this.actionItem(x.id);
      if (stored) byId.set(x.id, this.record<Action>(stored));
    }
    for (const a of actions) byId.set(a.id, a);
    checkAudit(audit, { people, caseExists: (await this.caseItem(audit.caseId)) !== null, actions: [...byId.values()] }, what);
  }

  async addAudits(audits: readonly Audit[]): Promise<AddAuditsReport> {
    const parsed = audits.map((a, i) => parseAudit(a, audits.length === 1 ? 'audit' : `audits[${i}]`));
    const added: string[] = [];
    const existing: string[] = [];
    const fresh: Audit[] = [];
    for (const [i, a] of parsed.entries()) {
      if (fresh.some((x) => x.id === a.id) || (await this.auditItem(a.id)) !== null) {
        existing.push(a.id);
        continue;
      }
      // Every one is checked before any is written: a bad one stores nothing.
      await this.checkAuditStored(a, [], parsed.length === 1 ? 'audit' : `audits[${i}]`);
      fresh.push(a);
    }
    const gen = await this.requireGeneration();
    const base = this.appendOrdinal();
    const steps: BatchStep[] = fresh.map((a, i) => ({ method: 'POST', url: this.itemsPath('audits'), body: { fields: this.fileItemFields('audits', a, gen, base + i, `${gen}|audit|${a.id}`) } }));
    // A 409 is an item with this RecordKey stored already: by a retry of this write, or by a run at the same time.
    const results = await runBatches(this.conn, steps, { concurrency: this.concurrency });
    const failures: string[] = [];
    results.forEach((r, i) => {
      const id = fresh[i]!.id;
      if (r.status >= 200 && r.status < 300) added.push(id);
      else if (r.status === 409) existing.push(id);
      else failures.push(`${id}: ${r.status} ${JSON.stringify((r.body as { error?: { message?: string } })?.error?.message ?? '')}`);
    });
    if (failures.length) throw new Error(`SharePoint refused ${failures.length} audits (the others are stored; run the plan again to add them):\n${failures.slice(0, 5).join('\n')}`);
    return { added, existing };
  }

  async updateAudit(auditId: string, expectedVersion: string, audit: Audit, options: { readonly actions?: readonly Action[] } = {}): Promise<StoredAudit> {
    const a = parseAudit(audit);
    if (a.id !== auditId) throw new StoreValidationError(`audit ${auditId} was not updated`, [`audit.id: an audit keeps its id (${auditId}), got "${a.id}"`]);
    const actions = parseAuditActions(a, options.actions ?? []);
    const item = await this.auditItem(auditId);
    if (!item) throw new NotFoundError('audit', auditId);
    const fields = this.auditFields(a);
    // Our own earlier attempt, whose answer was lost: the item already holds exactly this.
    if (item.fields.Record === fields.Record) return { audit: a, version: this.etag(item) };
    if (this.etag(item) !== expectedVersion) throw new ConflictError(auditId, 'the audit was changed by someone else since it was read');
    await this.checkAuditStored(a, actions, 'audit');
    // The actions first, then the audit: a crash between leaves the audit open, and completing it again
    // finds its actions there (the same content) and writes the audit.
    for (const x of actions) {
      if ((await this.addFileRecord('actions', x, `action|${x.id}`)) === 'duplicate') {
        const stored = await this.actionItem(x.id);
        if (stored === null || stored.fields.Record !== JSON.stringify(x)) {
          throw new StoreValidationError(`audit ${auditId} was not updated`, [`actions: an action with id "${x.id}" already exists with other content`]);
        }
      }
    }
    try {
      const res = await this.patch('audits', item.id, fields, expectedVersion);
      return { audit: a, version: this.etag(res) };
    } catch (e) {
      if (!isGraphError(e, 412)) throw e;
      const now = await this.auditItem(auditId);
      if (now && now.fields.Record === fields.Record) return { audit: a, version: this.etag(now) };
      throw new ConflictError(auditId, 'the audit was changed by someone else since it was read');
    }
  }

  // ---- the whole file ---------------------------------------------------------------------------

  async importCaseFile(input: CaseFile): Promise<ImportReport> {
    const result = parseCaseFile(input);
    if (!result.ok) throw new StoreValidationError('the case file was not imported', result.errors.map(formatError));
    const file = result.file;
    const pointerItem = await this.pointerItem();
    const old = pointerItem ? this.record<Pointer>(pointerItem) : null;
    const gen = randomUUID();
    const entries: [ListKey, readonly unknown[], (r: never, i: number) => string][] = [
      ['meetingSeries', file.meetingSeries, (r: MeetingSeries) => r.id],
      ['people', file.people, (r: Person) => r.id],
      ['cases', file.cases, (r: Case) => r.id],
      ['supervisions', file.supervisions, (_r, i) => `#${i}`],
      ['nominations', file.nominations, (_r, i) => `#${i}`],
      ['selections', file.selections, (_r, i) => `#${i}`],
      ['actions', file.actions, (r: Action) => `action|${r.id}`],
      ['audits', file.audits, (r: Audit) => `audit|${r.id}`],
      ['meetingRecords', file.meetingRecords, (r: MeetingRecord) => `record|${meetingRecordKey(r)}`],
    ];
    // 1. the new generation's items (not yet visible)
    const creates: BatchStep[] = [];
    for (const [list, records, key] of entries) {
      records.forEach((r, i) => creates.push({ method: 'POST', url: this.itemsPath(list), body: { fields: this.fileItemFields(list, r, gen, i, `${gen}|${key(r as never, i)}`) } }));
    }
    await this.writeAll(creates);
    // 2. what exists now (all generations), for tombstones and clean-up
    const existing = new Map<ListKey, ListItem[]>();
    for (const { list } of FILE_LISTS) {
      existing.set(list, await getAllPages<ListItem>(this.conn, this.itemsPath(list) + queryString({ $expand: 'fields($select=Generation,EntityId)', $top: 5000 })));
    }
    // 3. tombstones for entities of the old generation that the new file no longer has
    if (old) {
      const steps: BatchStep[] = [];
      for (const { list, entity } of FILE_LISTS) {
        const items = existing.get(list)!;
        const now = new Set(items.filter((i) => i.fields.Generation === gen).map((i) => String(i.fields.EntityId)));
        const gone = new Set(items.filter((i) => i.fields.Generation === old.generation && !now.has(String(i.fields.EntityId))).map((i) => String(i.fields.EntityId)));
        for (const id of gone)
          steps.push({
            method: 'POST',
            url: this.itemsPath('tombstones'),
            body: { fields: { Title: id, RecordKey: `${gen}|${entity}|${id}`, Entity: entity, EntityId: id, Record: JSON.stringify({ entity, id }) } },
          });
      }
      await this.writeAll(steps);
    }
    // 4. switch to the new generation
    const pointer: Pointer = { generation: gen, policy: file.policy, schoolHolidays: file.schoolHolidays };
    // A switch retried after its answer was lost meets its own earlier attempt (412 on the PATCH, 409 on
    // the create): the pointer then already names this import's generation, which is success, as an
    // update recognises its own write. Any other generation there means someone else switched meanwhile.
    const switchedByUs = async () => (await this.generation()) === gen;
    if (pointerItem) {
      try {
        await this.patch('settings', pointerItem.id, { Record: JSON.stringify(pointer) }, this.etag(pointerItem));
      } catch (e) {
        if (!isGraphError(e, 412) || !(await switchedByUs())) {
          throw isGraphError(e, 412) ? new ConflictError('(all)', 'another import or write switched the data at the same time') : e;
        }
      }
    } else if ((await this.create('settings', { Title: GENERATION_KEY, RecordKey: GENERATION_KEY, Record: JSON.stringify(pointer) })) === 'duplicate') {
      if (!(await switchedByUs())) throw new ConflictError('(all)', 'another import or write started at the same time');
    }
    // 5. remove every other generation's items
    const deletes: BatchStep[] = [];
    for (const { list } of FILE_LISTS) {
      for (const i of existing.get(list)!) if (i.fields.Generation !== gen) deletes.push({ method: 'DELETE', url: `${this.itemsPath(list)}/${i.id}` });
    }
    await this.writeAll(deletes);
    return {
      people: file.people.length,
      cases: file.cases.length,
      supervisions: file.supervisions.length,
      nominations: file.nominations.length,
      selections: file.selections.length,
      actions: file.actions.length,
      meetingSeries: file.meetingSeries.length,
      audits: file.audits.length,
      meetingRecords: file.meetingRecords.length,
    };
  }

  async listSchoolHolidays(): Promise<SchoolHolidayRecord[]> {
    return (await this.pointer())?.schoolHolidays ?? [];
  }

  async policyName(): Promise<string> {
    return (await this.pointer())?.policy ?? 'dorset';
  }

  async exportCaseFile(): Promise<CaseFile> {
    const pointer = await this.pointer();
    return {
      policy: pointer?.policy ?? 'dorset',
      meetingSeries: await this.listMeetingSeries(),
      schoolHolidays: pointer?.schoolHolidays ?? [],
      people: await this.listPeople(),
      supervisions: await this.fileRecords<Supervision>('supervisions'),
      cases: await this.fileRecords<Case>('cases'),
      nominations: await this.fileRecords<Nomination>('nominations'),
      selections: await this.fileRecords<Selection>('selections'),
      actions: await this.fileRecords<Action>('actions'),
      audits: await this.fileRecords<Audit>('audits'),
      meetingRecords: await this.fileRecords<MeetingRecord>('meetingRecords'),
    };
  }

  // ---- change feed ------------------------------------------------------------------------------

  /** One delta round per list, all lists' first pages in one $batch; the deltaLinks make the token. */
  async changesSince(token: string | null): Promise<ChangeBatch> {
    const lists: ListKey[] = [...FILE_LISTS.map((f) => f.list), 'tombstones'];
    let links: Record<string, string> | null = null;
    if (token !== null) {
      try {
        const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
        if (parsed && typeof parsed === 'object' && lists.every((l) => typeof (parsed as Record<string, unknown>)[this.lists[l]] === 'string')) links = parsed as Record<string, string>;
      } catch {
        links = null;
      }
    }
    const fresh = (list: ListKey) => `${this.itemsPath(list)}/delta${queryString({ $expand: 'fields($select=EntityId,Entity,Generation)', $top: 5000 })}`;
    const start = lists.map((l) => (links ? relativeLink(this.conn, links[this.lists[l]]!) : fresh(l)));
    let resync = links === null;
    let firstPages = await runBatches(
      this.conn,
      start.map((url) => ({ method: 'GET' as const, url })),
    );
    if (firstPages.some((p) => p.status === 410)) {
      // The service cannot give the changes since this token: start again, listing everything.
      resync = true;
      firstPages = await runBatches(
        this.conn,
        lists.map((l) => ({ method: 'GET' as const, url: fresh(l) })),
      );
    }
    const changes = new Map<string, Change & { at: string }>();
    const next: Record<string, string> = {};
    let markerSeen = false;
    for (let i = 0; i < lists.length; i++) {
      const list = lists[i]!;
      const page0 = firstPages[i]!;
      if (page0.status !== 200) throw new Error(`SharePoint delta of ${list} answered ${page0.status}`);
      let page = page0.body as { value: ListItem[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };
      for (;;) {
        for (const item of page.value) {
          const removed = (item as unknown as Record<string, unknown>)['@removed'] !== undefined || (item as unknown as Record<string, unknown>).deleted !== undefined;
          if (removed || !item.fields) continue; // deletions are reported through tombstones
          const at = item.lastModifiedDateTime ?? '';
          if (list === 'tombstones') {
            // A case was destroyed (destroyCase): its history is gone, and every reader starts again.
            if (item.fields.Entity === RESYNC_ENTITY) {
              markerSeen = true;
              continue;
            }
            const entity = item.fields.Entity as Entity;
            const id = String(item.fields.EntityId);
            const prev = changes.get(`${entity}|${id}`);
            if (!prev || prev.at <= at) changes.set(`${entity}|${id}`, { entity, id, deleted: true, at });
          } else {
            const entity = FILE_LISTS.find((f) => f.list === list)!.entity;
            const id = String(item.fields.EntityId);
            const prev = changes.get(`${entity}|${id}`);
            if (!prev || prev.deleted === false || prev.at <= at) changes.set(`${entity}|${id}`, { entity, id, deleted: false, at });
          }
        }
        if (page['@odata.nextLink']) {
          page = (await this.conn.client.api(relativeLink(this.conn, page['@odata.nextLink'])).get()) as typeof page;
          continue;
        }
        next[this.lists[list]] = page['@odata.deltaLink']!;
        break;
      }
    }
    // After a destruction, a reader with a token is sent everything that exists (resync), as for a 410.
    if (markerSeen && !resync) return this.changesSince(null);
    // An entity that exists in the current generation is not deleted, whatever an older tombstone says.
    const deletedNow = [...changes.values()].filter((c) => c.deleted);
    if (deletedNow.length) {
      const gen = await this.generation();
      for (const c of deletedNow) {
        const list = FILE_LISTS.find((f) => f.entity === c.entity)!.list;
        const live = gen === null ? [] : (await this.query(list, and(eq('Generation', gen), eq('EntityId', c.id)))).filter((i) => i.fields.EntityId === c.id && i.fields.Generation === gen);
        if (live.length) changes.set(`${c.entity}|${c.id}`, { ...c, deleted: false });
      }
    }
    return {
      changes: [...changes.values()].filter((c) => !(resync && c.deleted)).map(({ entity, id, deleted }) => ({ entity, id, deleted })),
      token: Buffer.from(JSON.stringify(next), 'utf8').toString('base64url'),
      resync,
    };
  }

  // ---- the card ledger --------------------------------------------------------------------------
  // In the ReminderLedger list. A day's digests are kept many to an item, in card sheets, and the
  // registers of announced lines in register sheets (card-sheets.ts: one write for the cards of a sheet).
  // Any other card (an agenda post, minutes) is the item `card|{key}` (ClaimToken = its holder, IsSent =
  // settled), as is a digest card of an earlier version. Claims and marks go in $batch requests of 20.
  // Items this process last read or wrote are remembered (id, eTag, content), so an update is one PATCH
  // with If-Match; a 412 means someone else wrote it since (or our own write whose answer was lost), and
  // the item is read again to tell which.

  private readonly knownCards = new Map<string, { claim: CardClaim; itemId: string; etag: string }>();
  private legacyChecked: Promise<void> | null = null;
  private sheetsOf: CardSheets | null = null;

  private get sheets(): CardSheets {
    this.sheetsOf ??= new CardSheets({ conn: this.conn, ledgerPath: this.itemsPath('ledger'), concurrency: this.concurrency, ledgerItems: (f) => this.ledgerItems(f) });
    return this.sheetsOf;
  }

  /** Is this card on a sheet (a day's digest not already known as an item of its own)? */
  private onSheet(key: string): boolean {
    return cardSheetOf(key) !== null && !this.knownCards.has(key);
  }

  private rememberCard(item: ListItem | { id: string; fields: Record<string, unknown> }, etag: string): CardClaim {
    const stored = JSON.parse(String(item.fields.Record)) as Omit<CardClaim, 'version'>;
    const claim: CardClaim = { ...stored, version: `${item.id}|${etag}` };
    if (this.knownCards.size > 20_000) this.knownCards.clear();
    this.knownCards.set(claim.key, { claim, itemId: item.id, etag });
    return claim;
  }

  private cardFields(c: Omit<CardClaim, 'version'>): Record<string, unknown> {
    if (CARD_PREFIX.length + c.key.length > 255) throw new StoreValidationError('the card claim was not stored', [`key: longer than ${255 - CARD_PREFIX.length} characters`]);
    const record: Omit<CardClaim, 'version'> = {
      key: c.key,
      recipientId: c.recipientId,
      holder: c.holder,
      claimedAt: c.claimedAt,
      state: c.state,
      lines: [...c.lines],
      message: c.message,
      sentAt: c.sentAt,
      takeovers: c.takeovers,
    };
    return {
      Title: c.key.slice(0, 255),
      RecordKey: CARD_PREFIX + c.key,
      RecipientId: c.recipientId,
      IsSent: c.state === 'sent' || c.state === 'superseded',
      ClaimedAt: new Date(c.claimedAt).toISOString(),
      SentAt: c.sentAt ? new Date(c.sentAt).toISOString() : null,
      ClaimToken: c.holder,
      Record: JSON.stringify(record),
    };
  }

  private async ledgerItems(filter: string): Promise<ListItem[]> {
    return this.query('ledger', filter);
  }

  /** The card claim item as stored now (and remembered), or null. */
  private async readCard(key: string): Promise<CardClaim | null> {
    const item = (await this.ledgerItems(eq('RecordKey', CARD_PREFIX + key))).find((i) => i.fields.RecordKey === CARD_PREFIX + key);
    return item ? this.rememberCard(item, this.etag(item)) : null;
  }

  async claimCards(requests: readonly CardClaimRequest[]): Promise<Array<CardClaim | null>> {
    for (const r of requests) {
      requireText(r?.key, 'key', 'card claim');
      requireText(r.recipientId, 'recipientId', 'card claim');
      requireText(r.holder, 'holder', 'card claim');
      requireInstant(r.at, 'at', 'card claim');
      requireLines(r.lines, 'card claim');
    }
    await this.convertLegacyLedger();
    const results: Array<CardClaim | null> = new Array<CardClaim | null>(requests.length).fill(null);
    const indexed = requests.map((r, i) => ({ r, i }));
    const onSheets = indexed.filter(({ r }) => this.onSheet(r.key));
    const alone = indexed.filter(({ r }) => !this.onSheet(r.key));
    const [fromSheets, fromItems] = await Promise.all([onSheets.length > 0 ? this.sheets.claim(onSheets) : new Map<number, CardClaim | null>(), this.claimAlone(alone.map(({ r }) => r))]);
    for (const [i, c] of fromSheets) results[i] = c;
    alone.forEach(({ i }, k) => (results[i] = fromItems[k] ?? null));
    return results;
  }

  /** Claims of cards kept one to an item. */
  private async claimAlone(requests: readonly CardClaimRequest[]): Promise<Array<CardClaim | null>> {
    const results: Array<CardClaim | null> = new Array<CardClaim | null>(requests.length).fill(null);
    if (requests.length === 0) return results;
    // A takeover rewrites the claim as last read (its message kept): read the ones this process has not seen.
    const unknown = requests.filter((r) => r.replaces && this.knownCards.get(r.key)?.claim.version !== r.replaces.version);
    for (const r of unknown) await this.readCard(r.key);
    const steps: BatchStep[] = [];
    const stepOf: number[] = [];
    const wanted: Array<Omit<CardClaim, 'version'>> = [];
    requests.forEach((r, i) => {
      if (r.replaces) {
        const known = this.knownCards.get(r.key);
        if (!known || known.claim.version !== r.replaces.version || known.claim.holder !== r.replaces.holder || ['sent', 'superseded'].includes(known.claim.state)) return;
        const next: Omit<CardClaim, 'version'> = {
          ...known.claim,
          holder: r.holder,
          claimedAt: r.at,
          lines: [...r.lines],
          state: known.claim.message ? 'posted' : 'claimed',
          sentAt: null,
          takeovers: known.claim.takeovers + 1,
        };
        steps.push({ method: 'PATCH', url: `${this.itemsPath('ledger')}/${known.itemId}/fields`, headers: { 'If-Match': known.etag }, body: this.cardFields(next) });
        stepOf.push(i);
        wanted.push(next);
      } else {
        const next: Omit<CardClaim, 'version'> = {
          key: r.key,
          recipientId: r.recipientId,
          holder: r.holder,
          claimedAt: r.at,
          state: 'claimed',
          lines: [...r.lines],
          message: null,
          sentAt: null,
          takeovers: 0,
        };
        steps.push({ method: 'POST', url: this.itemsPath('ledger'), body: { fields: this.cardFields(next) } });
        stepOf.push(i);
        wanted.push(next);
      }
    });
    const answers = await runBatches(this.conn, steps, { concurrency: this.concurrency });
    for (let s = 0; s < steps.length; s++) {
      const i = stepOf[s]!;
      const a = answers[s]!;
      const key = requests[i]!.key;
      if (a.status === 200 || a.status === 201) {
        const body = a.body as Record<string, unknown>;
        if (steps[s]!.method === 'POST') results[i] = this.rememberCard(body as unknown as ListItem, this.etag(body));
        else results[i] = this.rememberCard({ id: this.knownCards.get(key)!.itemId, fields: body }, this.etag(body));
      } else if (a.status === 409 || a.status === 412) {
        // Someone else won, or this was our own write whose answer a dropped connection lost: the
        // stored holder tells (each holder token is one sender's alone).
        const now = await this.readCard(key);
        results[i] = now && now.holder === wanted[s]!.holder && now.claimedAt === wanted[s]!.claimedAt ? now : null;
      } else {
        throw new Error(`SharePoint refused a card claim (${steps[s]!.method} ${a.status}): ${JSON.stringify((a.body as { error?: { message?: string } })?.error?.message ?? '')}`);
      }
    }
    return results;
  }

  async updateCards(updates: readonly CardUpdate[]): Promise<Array<CardClaim | null>> {
    for (const u of updates) {
      requireText(u?.key, 'key', 'card update');
      if (!CARD_STATES.includes(u.state)) throw new StoreValidationError('the card was not updated', [`state: ${JSON.stringify(u.state)} is not one of ${CARD_STATES.join(', ')}`]);
      if (u.sentAt !== undefined && u.sentAt !== null) requireInstant(u.sentAt, 'sentAt', 'card update');
      if (u.announce) {
        requireLines(u.announce.add, 'card update');
        requireLines(u.announce.remove, 'card update');
      }
    }
    await this.convertLegacyLedger();
    const results: Array<CardClaim | null> = new Array<CardClaim | null>(updates.length).fill(null);
    const indexed = updates.map((u, i) => ({ u, i }));
    const onSheets = indexed.filter(({ u }) => this.onSheet(u.key));
    const alone = indexed.filter(({ u }) => !this.onSheet(u.key));
    const [fromSheets, fromItems] = await Promise.all([onSheets.length > 0 ? this.sheets.update(onSheets) : new Map<number, CardClaim | null>(), this.updateAlone(alone.map(({ u }) => u))]);
    for (const [i, c] of fromSheets) results[i] = c;
    alone.forEach(({ i }, k) => (results[i] = fromItems[k] ?? null));
    return results;
  }

  /** Updates of cards kept one to an item. */
  private async updateAlone(updates: readonly CardUpdate[]): Promise<Array<CardClaim | null>> {
    const results: Array<CardClaim | null> = new Array<CardClaim | null>(updates.length).fill(null);
    let pending = updates.map((u, i) => ({ u, i }));
    for (let round = 0; pending.length > 0; round++) {
      if (round >= 5) throw new Error(`${pending.length} card updates kept meeting other writes; try again`);
      for (const { u } of pending) if (!this.knownCards.has(u.key)) await this.readCard(u.key);
      const live = pending.filter(({ u }) => this.knownCards.get(u.key)?.claim.holder === u.holder);
      // 1. the registers first: a crash before step 2 leaves the card posted, and the next sweep fills it
      //    in again and marks it (adding the same lines to the register changes nothing).
      await this.writeRegisters(live.flatMap(({ u }) => (u.announce ? [{ ...u.announce, recipientId: this.knownCards.get(u.key)!.claim.recipientId }] : [])));
      // 2. the claims, each with If-Match on the version this process last saw.
      const steps: BatchStep[] = [];
      const nexts: Array<Omit<CardClaim, 'version'>> = [];
      for (const { u } of live) {
        const known = this.knownCards.get(u.key)!;
        const next: Omit<CardClaim, 'version'> = {
          ...known.claim,
          state: u.state,
          message: u.message === undefined ? known.claim.message : u.message,
          sentAt: u.sentAt === undefined ? known.claim.sentAt : u.sentAt,
        };
        nexts.push(next);
        steps.push({ method: 'PATCH', url: `${this.itemsPath('ledger')}/${known.itemId}/fields`, headers: { 'If-Match': known.etag }, body: this.cardFields(next) });
      }
      const answers = await runBatches(this.conn, steps, { concurrency: this.concurrency });
      const retry: typeof pending = [];
      for (let s = 0; s < live.length; s++) {
        const { u, i } = live[s]!;
        const a = answers[s]!;
        if (a.status === 200) {
          results[i] = this.rememberCard({ id: this.knownCards.get(u.key)!.itemId, fields: a.body as Record<string, unknown> }, this.etag(a.body as Record<string, unknown>));
        } else if (a.status === 412 || a.status === 404) {
          const now = await this.readCard(u.key);
          if (!now || now.holder !== u.holder) continue; // taken over: null
          const mine = nexts[s]!;
          if (now.state === mine.state && now.sentAt === mine.sentAt && JSON.stringify(now.message) === JSON.stringify(mine.message))
            results[i] = now; // our own lost answer
          else retry.push({ u, i });
        } else {
          throw new Error(`SharePoint refused a card update (${a.status}): ${JSON.stringify((a.body as { error?: { message?: string } })?.error?.message ?? '')}`);
        }
      }
      pending = retry;
    }
    return results;
  }

  /** Add (and drop) lines of recipients' registers (in the register sheets). */
  private async writeRegisters(changes: ReadonlyArray<{ register: string; recipientId: string; add: readonly string[]; remove: readonly string[] }>): Promise<void> {
    await this.sheets.announce(changes);
  }

  async listCards(prefix: string): Promise<CardClaim[]> {
    await this.convertLegacyLedger();
    const sheetFilter = this.sheets.sheetFilter(prefix);
    const items = await this.ledgerItems(sheetFilter ? or(startsWith('RecordKey', CARD_PREFIX + prefix), sheetFilter) : startsWith('RecordKey', CARD_PREFIX + prefix));
    const alone = items.filter((i) => String(i.fields.RecordKey).startsWith(CARD_PREFIX + prefix)).map((i) => this.rememberCard(i, this.etag(i)));
    return [...alone, ...this.sheets.cardsOf(items, prefix)].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async listUnsettledCards(): Promise<CardClaim[]> {
    await this.convertLegacyLedger();
    const items = await this.ledgerItems(and(eq('IsSent', false), or(startsWith('RecordKey', CARD_PREFIX), this.sheets.unsettledFilter())));
    const alone = items
      .filter((i) => String(i.fields.RecordKey).startsWith(CARD_PREFIX))
      .map((i) => this.rememberCard(i, this.etag(i)))
      .filter((c) => c.state !== 'sent' && c.state !== 'superseded');
    return [...alone, ...this.sheets.cardsOf(items, '', true)].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async listAnnounced(): Promise<AnnouncedLines[]> {
    await this.convertLegacyLedger();
    return this.readRegisters();
  }

  /** Every register (sheets; a per-recipient item of an earlier version merged in until converted). */
  private async readRegisters(): Promise<AnnouncedLines[]> {
    const { registers, perRecipient } = await this.sheets.readRegisters();
    const merged = new Map(registers.map((r) => [`${r.register}|${r.recipientId}`, r]));
    for (const item of perRecipient) {
      const r = JSON.parse(String(item.fields.Record)) as AnnouncedLines;
      const k = `${r.register}|${r.recipientId}`;
      const lines = [...new Set([...(merged.get(k)?.lines ?? []), ...r.lines])].sort();
      merged.set(k, { register: r.register, recipientId: r.recipientId, lines });
    }
    return [...merged.values()].sort((a, b) => (a.register < b.register ? -1 : a.register > b.register ? 1 : a.recipientId < b.recipientId ? -1 : a.recipientId > b.recipientId ? 1 : 0));
  }

  /** The per-line ledger of earlier versions (keys without a prefix), converted once (legacy-ledger.ts):
   * registers merged, card claims created, the old items deleted. Safe to repeat and to run in two
   * processes at once. Costs one query per process when there is nothing to convert. */
  private convertLegacyLedger(): Promise<void> {
    this.legacyChecked ??= (async () => {
      const found = await this.ledgerItems(or(...[...LEGACY_PREFIXES, REGISTER_PREFIX].map((p) => startsWith('RecordKey', p))));
      // Registers of one item per recipient (the card ledger before sheets): folded into register sheets.
      const perRecipient = found.filter((i) => String(i.fields.RecordKey).startsWith(REGISTER_PREFIX) && !/#\d+$/.test(String(i.fields.RecordKey)));
      if (perRecipient.length > 0) {
        const old = perRecipient.map((i) => JSON.parse(String(i.fields.Record)) as AnnouncedLines);
        await this.writeRegisters(old.map((r) => ({ register: r.register, recipientId: r.recipientId, add: r.lines, remove: [] })));
        await this.writeAll(perRecipient.map((i) => ({ method: 'DELETE' as const, url: `${this.itemsPath('ledger')}/${i.id}` })));
      }
      const legacy = found.filter((i) => LEGACY_PREFIXES.some((p) => String(i.fields.RecordKey).startsWith(p)));
      if (legacy.length === 0) return;
      const converted = convertLegacyLedger(legacy.map((i) => JSON.parse(String(i.fields.Record)) as LegacyClaim));
      await this.readRegisters();
      await this.writeRegisters(converted.registers.map((r) => ({ register: r.register, recipientId: r.recipientId, add: r.lines, remove: [] })));
      await this.writeAll(converted.cards.map((c) => ({ method: 'POST' as const, url: this.itemsPath('ledger'), body: { fields: this.cardFields(c) } })));
      await this.writeAll(legacy.map((i) => ({ method: 'DELETE' as const, url: `${this.itemsPath('ledger')}/${i.id}` })));
    })().catch((e: unknown) => {
      this.legacyChecked = null;
      throw e;
    });
    return this.legacyChecked;
  }

  // ---- pacing (issue 18) ------------------------------------------------------------------------

  /** This store for a paced job (the morning sweep): the Graph requests of every call made through the
   * view wait their turn in a budget of resource units a minute (graph/units.ts); the view shares this
   * store's connection and what it remembers of the ledger. */
  paced(budget: StoreBudget): CaseStore {
    const pacer = new UnitPacer(budget.unitsPerMinute, budget.now, budget.sleep ? (ms) => budget.sleep!(ms) : undefined, budget.signal);
    const context = this.conn.budget;
    return new Proxy(this, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function' || prop === 'constructor') return value;
        const method = value as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => context.run(pacer, () => method.apply(target, args));
      },
    });
  }

  // ---- snoozes, settings, conversations: one item per key, upserted ------------------------------

  private async upsert(list: ListKey, key: string, fields: Record<string, unknown>): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = (await this.query(list, eq('RecordKey', key))).find((i) => i.fields.RecordKey === key);
      if (existing) {
        try {
          await this.patch(list, existing.id, fields, this.etag(existing));
          return;
        } catch (e) {
          if (!isGraphError(e, 412)) throw e;
          continue;
        }
      }
      if ((await this.create(list, { Title: key.slice(0, 255), RecordKey: key, ...fields })) !== 'duplicate') return;
    }
    throw new Error(`could not store ${key}: it kept changing`);
  }

  async snoozeReminder(recipientId: string, obligationKey: string, until: string): Promise<void> {
    requireDate(until, 'until', 'snooze');
    requireText(recipientId, 'recipientId', 'snooze');
    requireText(obligationKey, 'obligationKey', 'snooze');
    await this.upsert('snoozes', `${recipientId}|${obligationKey}`, { RecipientId: recipientId, Until: dateValue(until), Record: JSON.stringify({ recipientId, obligationKey, until }) });
  }

  async listSnoozes(recipientId: string, on: string): Promise<Map<string, string>> {
    requireDate(on, 'on', 'snooze query');
    const out = new Map<string, string>();
    for (const i of await this.query('snoozes', eq('RecipientId', recipientId))) {
      const s = this.record<{ recipientId: string; obligationKey: string; until: string }>(i);
      if (s.recipientId === recipientId && s.until >= on) out.set(s.obligationKey, s.until);
    }
    return out;
  }

  async listSnoozeRecords(since: string): Promise<SnoozeRecord[]> {
    requireDate(since, 'since', 'snooze query');
    // Until is not an indexed column: every snooze is read (one item per recipient and obligation, paged).
    const out: SnoozeRecord[] = [];
    for (const i of await this.query('snoozes')) {
      const s = this.record<SnoozeRecord>(i);
      if (s.until >= since) out.push({ recipientId: s.recipientId, obligationKey: s.obligationKey, until: s.until });
    }
    return out.sort((a, b) => (a.recipientId < b.recipientId ? -1 : a.recipientId > b.recipientId ? 1 : a.obligationKey < b.obligationKey ? -1 : a.obligationKey > b.obligationKey ? 1 : 0));
  }

  async getSetting(key: string): Promise<unknown> {
    const item = (await this.query('settings', eq('RecordKey', `setting|${key}`))).find((i) => i.fields.RecordKey === `setting|${key}`);
    return item ? (this.record<{ value: unknown }>(item).value ?? null) : null;
  }

  async putSetting(key: string, value: unknown): Promise<void> {
    requireText(key, 'key', 'setting');
    await this.upsert('settings', `setting|${key}`, { Record: JSON.stringify({ key, value }) });
  }

  async saveConversation(record: ConversationRecord): Promise<void> {
    requireText(record.id, 'id', 'conversation');
    if (!['personal', 'team', 'groupChat'].includes(record.scope))
      throw new StoreValidationError('the conversation was not stored', [`scope: ${JSON.stringify(record.scope)} is not one of "personal", "team", "groupChat"`]);
    await this.upsert('conversations', record.id, { Scope: record.scope, PersonId: record.personId, Record: JSON.stringify(record) });
  }

  async removeConversation(conversationId: string): Promise<void> {
    for (const i of await this.query('conversations', eq('RecordKey', conversationId))) {
      if (i.fields.RecordKey === conversationId) await this.remove('conversations', i.id);
    }
  }

  async listConversations(q: { scope?: ConversationRecord['scope']; personId?: string } = {}): Promise<ConversationRecord[]> {
    const filter = and(q.scope !== undefined ? eq('Scope', q.scope) : null, q.personId !== undefined ? eq('PersonId', q.personId) : null);
    return (await this.query('conversations', filter || undefined))
      .map((i) => this.record<ConversationRecord>(i))
      .filter((c) => (q.scope === undefined || c.scope === q.scope) && (q.personId === undefined || c.personId === q.personId))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  // ---- the access record (issue 16): items `access|{id}` of the AccessLog list ---------------------

  private accessFields(e: AccessEntry): Record<string, unknown> {
    return { Title: e.caseId, RecordKey: ACCESS_PREFIX + e.id, At: e.at, PersonId: e.personId, CaseId: e.caseId, Via: e.via, Scope: e.scope, Record: JSON.stringify(e) };
  }

  async appendAccess(entries: readonly AccessEntry[]): Promise<void> {
    const checked = checkAccessEntries(entries);
    // A create repeated after a lost answer meets the unique RecordKey (409): stored once.
    await this.writeAll(checked.map((e) => ({ method: 'POST' as const, url: this.itemsPath('accessLog'), body: { fields: this.accessFields(e) } })));
  }

  async listAccess(query: AccessQuery): Promise<AccessEntry[]> {
    const { since, before, limit } = checkAccessQuery(query);
    // SharePoint keeps dateTime columns to the second: the filter is widened by a second, the exact
    // instant (in Record) decides.
    const widen = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const filter = and(
      query.caseId !== undefined ? eq('CaseId', query.caseId) : null,
      query.personId !== undefined ? eq('PersonId', query.personId) : null,
      query.via !== undefined ? eq('Via', query.via) : null,
      query.scope !== undefined ? eq('Scope', query.scope) : null,
      since !== null ? cmp('At', 'ge', widen(since, -1000)) : null,
      before !== null ? cmp('At', 'lt', widen(before, 1000)) : null,
    );
    const items = await this.query('accessLog', filter || undefined);
    return items
      .map((i) => this.record<AccessEntry>(i))
      .filter(
        (e) =>
          (query.caseId === undefined || e.caseId === query.caseId) &&
          (query.personId === undefined || e.personId === query.personId) &&
          (query.via === undefined || e.via === query.via) &&
          (query.scope === undefined || e.scope === query.scope) &&
          (since === null || e.at >= since) &&
          (before === null || e.at < before),
      )
      .sort(compareAccessNewestFirst)
      .slice(0, limit);
  }

  async pruneAccess(before: string): Promise<number> {
    const { before: cutoff } = checkAccessQuery({ before });
    const old = (await this.query('accessLog', cmp('At', 'lt', cutoff!))).filter((i) => this.record<AccessEntry>(i).at < cutoff!);
    await this.writeAll(old.map((i) => ({ method: 'DELETE' as const, url: `${this.itemsPath('accessLog')}/${i.id}` })));
    return old.length;
  }

  // ---- destruction (issue 16) ---------------------------------------------------------------------

  /** Every item about the case, in every list (and every generation), deleted; ledger cards and
   * registers that announced its obligations rewritten without those lines. The destruction entry is
   * written first (a repeat finds it and goes on): a failure part-way leaves it, and the next attempt
   * removes what is left. */
  async destroyCase(caseId: string, entry: AccessEntry): Promise<DestroyReport> {
    requireText(caseId, 'caseId', 'destruction');
    const [destruction] = checkAccessEntries([entry]);
    if (destruction!.via !== 'destroyed' || destruction!.caseId !== caseId) {
      throw new StoreValidationError('the case was not destroyed', ['entry: must be the destruction entry of this case (via "destroyed", the same caseId)']);
    }
    const removed: Record<string, number> = {};
    const steps: BatchStep[] = [];
    const drop = (what: string, list: ListKey, items: readonly ListItem[]) => {
      removed[what] = (removed[what] ?? 0) + items.length;
      for (const i of items) steps.push({ method: 'DELETE', url: `${this.itemsPath(list)}/${i.id}` });
    };
    const byCase = async (list: ListKey) => (await this.query(list, eq('CaseId', caseId))).filter((i) => i.fields.CaseId === caseId);
    const cases = await byCase('cases');
    const actions = await byCase('actions');
    const actionIds = new Set(actions.map((i) => String(i.fields.ActionId)));
    drop('cases', 'cases', cases);
    drop('nominations', 'nominations', await byCase('nominations'));
    drop('selections', 'selections', await byCase('selections'));
    drop('actions', 'actions', actions);
    // Its case-file audits (docs/rules.md section 8) go with it: they quote the case's facts.
    const audits = await byCase('audits');
    const auditIds = new Set(audits.map((i) => String(i.fields.AuditId)));
    drop('audits', 'audits', audits);
    // The meeting records that discussed it keep their other cases (its outcome goes with the case).
    for (const item of await this.fileItems('meetingRecords')) {
      const r = this.record<MeetingRecord>(item);
      if (!r.cases.some((c) => c.caseId === caseId)) continue;
      const kept = { ...r, cases: r.cases.filter((c) => c.caseId !== caseId) };
      await this.patch('meetingRecords', item.id, { Record: JSON.stringify(kept) }, this.etag(item));
      removed.meetingRecordCases = (removed.meetingRecordCases ?? 0) + 1;
    }
    drop(
      'accessEntries',
      'accessLog',
      (await byCase('accessLog')).filter((i) => i.fields.Via !== 'destroyed'),
    );
    drop(
      'snoozes',
      'snoozes',
      (await this.query('snoozes')).filter((i) => refersToCase(String(i.fields.RecordKey), caseId)),
    );
    // Tombstones (the change feed's deletions) of the case and of its nominations, selections and actions.
    drop(
      'changes',
      'tombstones',
      (await this.query('tombstones')).filter((i) => {
        const id = String(i.fields.EntityId);
        return refersToCase(id, caseId) || (i.fields.Entity === 'action' && actionIds.has(id)) || (i.fields.Entity === 'audit' && auditIds.has(id));
      }),
    );
    // The ledger list: form submissions naming the case and the old per-line keys go; cards and
    // registers keep their other lines.
    const rewrites: Array<{ item: ListItem; fields: Record<string, unknown> }> = [];
    const ledgerGone: ListItem[] = [];
    // Card sheets and register sheets (card-sheets.ts) are gzipped: read unpacked, written packed again.
    const keep = (lines: readonly string[]) => {
      const kept = lines.filter((k) => !refersToCase(k, caseId));
      removed.ledgerLines = (removed.ledgerLines ?? 0) + lines.length - kept.length;
      return kept;
    };
    for (const item of await this.query('ledger')) {
      const key = String(item.fields.RecordKey);
      const raw = typeof item.fields.Record === 'string' ? item.fields.Record : '';
      const packed = raw.startsWith('gz:');
      const unpacked = packed ? unpackRecord<unknown>(raw) : null;
      if (!refersToCase(key, caseId) && !refersToCase(unpacked === null ? raw : JSON.stringify(unpacked), caseId)) continue;
      if (!key.startsWith(SHEET_PREFIX) && !key.startsWith(CARD_PREFIX) && !key.startsWith(REGISTER_PREFIX)) {
        ledgerGone.push(item);
        continue;
      }
      // A card sheet holds cards, a register sheet recipients' registers, a card or an old register item its lines.
      const stored = (unpacked ?? JSON.parse(raw)) as { cards?: Array<{ lines: string[] }>; recipients?: Record<string, string[]>; lines?: string[] };
      if (stored.cards) {
        rewrites.push({ item, fields: { Record: packRecord({ ...stored, cards: stored.cards.map((c) => ({ ...c, lines: keep(c.lines) })) }, 'card sheet') } });
      } else if (stored.recipients) {
        const recipients = Object.fromEntries(Object.entries(stored.recipients).map(([r, lines]) => [r, keep(lines)]));
        rewrites.push({ item, fields: { Record: packRecord({ ...stored, recipients }, 'register sheet') } });
      } else {
        const next = { ...stored, lines: keep(stored.lines ?? []) };
        rewrites.push({ item, fields: { Record: packed ? packRecord(next, 'card') : JSON.stringify(next) } });
      }
    }
    drop('ledgerItems', 'ledger', ledgerGone);
    const found = Object.values(removed).some((n) => n > 0) || rewrites.length > 0;
    // 1. the destruction entry (a repeat meets its unique key: 409, done)
    await this.appendAccess([destruction!]);
    // 2. everything else
    await this.writeAll(steps);
    for (const { item, fields } of rewrites) {
      try {
        await this.patch('ledger', item.id, fields, this.etag(item));
      } catch (e) {
        if (!isGraphError(e, 412) && !isGraphError(e, 404)) throw e;
        // Written meanwhile (a sweep): the next attempt reads it again.
        throw new ConflictError(caseId, 'a reminder card naming it was being written at the same time; run the destruction again');
      }
    }
    this.knownCards.clear();
    this.sheetsOf = null;
    // 3. readers of the change feed start again (the case's own tombstones are gone)
    await this.create('tombstones', {
      Title: RESYNC_ENTITY,
      RecordKey: `${RESYNC_ENTITY}|${randomUUID()}`,
      Entity: RESYNC_ENTITY,
      EntityId: '(destroyed)',
      Record: JSON.stringify({ entity: RESYNC_ENTITY }),
    });
    return { found, removed };
  }

  // ---- health -----------------------------------------------------------------------------------

  /** Every list of the store reachable (its metadata read), each within 10 s. SharePoint keeps its own
   * consistency, so a thorough check is the same. */
  async checkHealth(): Promise<StoreHealth> {
    const problems = await Promise.all(
      (Object.entries(this.lists) as [ListKey, string][]).map(async ([key, id]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve(`the ${key} list (${id}) did not answer within 10 s`), 10_000);
        });
        const read = this.conn.client
          .api(`${this.site}/lists/${id}`)
          .select('id')
          .get()
          .then(
            () => null,
            (e: unknown) => `the ${key} list (${id}) cannot be reached: ${isGraphError(e) ? `${e.statusCode} ${e.code ?? ''}`.trim() : e instanceof Error ? e.message : String(e)}`,
          );
        try {
          return await Promise.race([read, timeout]);
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const found = problems.filter((p): p is string => p !== null);
    return { kind: 'sharepoint', problem: found.length === 0 ? null : found.join('; ') };
  }

  async close(): Promise<void> {
    // Nothing to release: the Graph client holds no connections of its own beyond fetch's pool.
  }
}
