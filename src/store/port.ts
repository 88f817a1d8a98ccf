// The CaseStore port: what the services need from storage, in the service's own words.
// Two adapters implement it and pass one contract suite (tests/store/contract):
//   sqlite/      the embedded default (better-sqlite3)
//   sharepoint/  SharePoint lists through Microsoft Graph
// Nothing above src/store knows SQL or Graph.
import type {
  Action,
  Audit,
  AuditType,
  Case,
  CaseFile,
  CaseNote,
  CmooeSummary,
  MeetingRecord,
  MeetingSeries,
  Nomination,
  Person,
  Review,
  SchoolHolidayRecord,
  Selection,
  Supervision,
} from '../domain/model.js';
import type { AccessEntry, AccessScope, AccessVia } from '../domain/access-log.js';

/** A case as stored, with the version that an update must quote (optimistic concurrency). */
export interface StoredCase {
  readonly case: Case;
  /** Opaque: a row version in SQLite, an eTag in SharePoint. */
  readonly version: string;
}

/** A stale version: someone else changed the case since it was read. Never a silent overwrite. */
export class ConflictError extends Error {
  constructor(
    readonly caseId: string,
    detail = 'it was changed by someone else since it was read',
  ) {
    super(`case ${caseId} was not updated: ${detail}; reload it and try again`);
    this.name = 'ConflictError';
  }
}

/** A reference to something that does not exist (an unknown case, person, series or action). */
export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`no ${entity} with id "${id}"`);
    this.name = 'NotFoundError';
  }
}

/** A write the store refused because the data is wrong (names the problem); nothing was written. */
export class StoreValidationError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length ? `${message}:\n${problems.join('\n')}` : message);
    this.name = 'StoreValidationError';
  }
}

/** The store could not get its lock in time: another process (an import, most often) is writing.
 * Nothing was written; the same request a little later will succeed. */
export class StoreBusyError extends Error {
  constructor(readonly waitedMs: number) {
    super(`the case records are busy (another process, such as an import, is writing them; waited ${Math.round(waitedMs)} ms): nothing was saved, try again in a minute`);
    this.name = 'StoreBusyError';
  }
}

/** Whether the store can be used, and if not, what is wrong (for /healthz, /readyz and the log). */
export interface StoreHealth {
  readonly kind: 'sqlite' | 'sharepoint';
  /** The problem in words an administrator can act on, or null when healthy. */
  readonly problem: string | null;
  /** For a thorough check: the store's own consistency check (SQLite's PRAGMA quick_check), 'ok' or what it found. */
  readonly consistency?: string;
}

/** Case status, derived from the plan: `open` (no cease or transfer recorded), `ceased`, `transferred`. */
export type CaseStatus = 'open' | 'ceased' | 'transferred';

/** A query over cases; every given field must match (AND). */
export interface CaseQuery {
  readonly leadProfessionalId?: string;
  readonly inclusionLeadId?: string;
  readonly team?: string;
  readonly locality?: string;
  /** Cases that are CMOOE on `cmooeOn` (default: an open CMOOE period) and belong to this series
   * (`cic-cmooe` for children in care, else `cmooe`). */
  readonly cmooeSeries?: string;
  readonly cmooeOn?: string;
  readonly status?: CaseStatus;
  /** Exactly these ids. */
  readonly ids?: readonly string[];
}

/** The fields of a case that can be updated in place (history is added with the add* methods). */
export type CasePatch = Partial<Omit<Case, 'id' | 'caseNotes' | 'cmooeSummaries' | 'reviews'>>;

export interface ImportReport {
  readonly people: number;
  readonly cases: number;
  readonly supervisions: number;
  readonly nominations: number;
  readonly selections: number;
  readonly actions: number;
  readonly meetingSeries: number;
  readonly audits: number;
  readonly meetingRecords: number;
}

/** What changed (an entity and its id); `deleted` when it no longer exists. */
export interface Change {
  readonly entity: 'case' | 'person' | 'supervision' | 'nomination' | 'selection' | 'action' | 'meetingSeries' | 'audit' | 'meetingRecord';
  readonly id: string;
  readonly deleted: boolean;
}

export interface ChangeBatch {
  readonly changes: readonly Change[];
  /** Pass back to changesSince to get what changed after this batch. */
  readonly token: string;
  /** True when the token was too old and everything is listed (a full resync). */
  readonly resync: boolean;
}

/** Where a card is in its life (the card ledger, below):
 * - claimed: held by one sender; nothing of it is known to be in Teams yet (a post may be in doubt);
 * - posted: its placeholder is in Teams at `message`; filling it in is an update, safe to repeat;
 * - sent: the card is in place (settled);
 * - released: given back unsent (a sender shutting down): anyone may take it at once;
 * - unreachable: nobody to post it to (the bot not installed): tried again on the next run;
 * - superseded: never sent, and its lines went into a later card (settled). */
export type CardState = 'claimed' | 'posted' | 'sent' | 'released' | 'unreachable' | 'superseded';

/** Where a posted card is in Teams. */
export interface CardMessage {
  readonly conversationId: string;
  readonly activityId: string;
  readonly serviceUrl?: string;
}

/** One card the bot sends (a person's digest, a manager's digest, an agenda post, a minutes post),
 * claimed once across processes, with the ledger keys of the lines it announces inside it. */
export interface CardClaim {
  readonly key: string;
  readonly recipientId: string;
  /** The token of the sender holding it; only the holder may update it, and a takeover writes a new one. */
  readonly holder: string;
  readonly claimedAt: string;
  readonly state: CardState;
  readonly lines: readonly string[];
  readonly message: CardMessage | null;
  readonly sentAt: string | null;
  /** How many times it was taken over from another holder (crash recoveries, retries). */
  readonly takeovers: number;
  /** Opaque: quote it in an update (a row version in SQLite, an item id and eTag in SharePoint). */
  readonly version: string;
}

export interface CardClaimRequest {
  readonly key: string;
  readonly recipientId: string;
  readonly holder: string;
  readonly at: string;
  readonly lines: readonly string[];
  /** Take this existing claim over (a stale, released or unreachable one), only if it is still as read.
   * A posted claim keeps its message (the card is filled in where its placeholder is). */
  readonly replaces?: { readonly holder: string; readonly version: string };
}

export interface CardUpdate {
  readonly key: string;
  /** Refused (null) unless the claim is still held by this holder. */
  readonly holder: string;
  readonly version: string;
  readonly state: CardState;
  readonly message?: CardMessage | null;
  readonly sentAt?: string | null;
  /** The card's lines are now announced to its recipient: add them to the recipient's register (and
   * drop keys that no longer matter), in the same write as the update. */
  readonly announce?: { readonly register: string; readonly add: readonly string[]; readonly remove: readonly string[] };
}

// ---- card sheets (issue 18): which cards a store may keep together -------------------------------
// A store that pays per write (SharePoint: 2 resource units a write, whatever its size) keeps the
// claims of a day's digests many to one record, a "sheet", and the registers of announced lines many
// to one record too, both by recipient: so claiming, recording and marking the cards of one sheet is one
// write each. The sweep therefore works sheet by sheet. SQLite keeps a row per card whatever the sheet.

/** Sheets per day and card kind (and registers per register): a person's digest goes to one of 16, a
 * manager's to one of 4 (a council has about one manager to 25 staff). Fixed: every process must put a
 * card in the same sheet. */
export const SHEETS_PER_KIND: Readonly<Record<string, number>> = { digest: 16, 'manager-digest': 4 };
const DEFAULT_SHEETS = 16;

/** The bucket of a recipient among `buckets` (FNV-1a of the id): the same in every process. */
export function ledgerBucket(recipientId: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < recipientId.length; i++) {
    h ^= recipientId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % buckets;
}

function bucketLabel(kind: string, recipientId: string): string {
  return `#${String(ledgerBucket(recipientId, SHEETS_PER_KIND[kind] ?? DEFAULT_SHEETS)).padStart(2, '0')}`;
}

const SHEET_KEY = /^(digest|manager-digest)\/(\d{4}-\d{2}-\d{2})\/(.+)$/;

/** The sheet of a card key (`digest/2026-11-23/#07`), or null for a card kept on its own (agenda posts,
 * minutes: a few a day). */
export function cardSheetOf(key: string): string | null {
  const m = SHEET_KEY.exec(key);
  return m ? `${m[1]}/${m[2]}/${bucketLabel(m[1]!, m[3]!)}` : null;
}

/** The sheet of a recipient's register of announced lines (`digest#07`): the same bucket as their cards. */
export function registerSheetOf(register: string, recipientId: string): string {
  return `${register}${bucketLabel(register, recipientId)}`;
}

/** Pacing for a job that must leave the store's service to its users (the morning sweep): at most
 * `unitsPerMinute` of the service's metered capacity a minute (SharePoint: resource units, see
 * docs/sharepoint-runbook.md). `now` and `sleep` are for tests and benches (fake time); once `signal` is
 * aborted (a server stopping) nothing waits any more, so that the job can finish its writes within the grace. */
export interface StoreBudget {
  readonly unitsPerMinute: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly signal?: AbortSignal;
}

/** What one recipient was told, for one kind of card: the ledger keys of every line announced to them
 * (so the daily sweep reads everyone's in one query instead of one per person). */
export interface AnnouncedLines {
  readonly register: string;
  readonly recipientId: string;
  readonly lines: readonly string[];
}

/** A snooze as stored: the latest `until` a recipient chose for an obligation (in force while
 * until >= today, ended afterwards). */
export interface SnoozeRecord {
  readonly recipientId: string;
  readonly obligationKey: string;
  readonly until: string;
}

/** A write made for a form submission: the id its card carried makes the write happen once. */
export interface WriteOptions {
  readonly submitId?: string;
}

/** A form submitted through the bot (a note, a summary, a supervision, a nomination): the id its card
 * carried, what the first submission records, and the answer it was given. */
export interface FormSubmission {
  readonly id: string;
  readonly personId: string;
  readonly form: string;
  readonly at: string;
  /** The entry the first submission writes (a repeat after a crash writes the same); null once written
   * (the entry is in the case record, and is not kept twice). */
  readonly record: unknown;
  /** The answer given the first time. */
  readonly result: unknown;
  /** True once the entry is written. */
  readonly done: boolean;
}

/** A stored Teams conversation reference (the bot's installation in a chat, team or channel). */
export interface ConversationRecord {
  /** The conversation id. */
  readonly id: string;
  readonly scope: 'personal' | 'team' | 'groupChat';
  /** For personal scope: the person of the case file (null when the user is not set up). */
  readonly personId: string | null;
  readonly aadObjectId: string | null;
  readonly teamId: string | null;
  readonly channelId: string | null;
  /** The botbuilder ConversationReference, as JSON. */
  readonly reference: unknown;
  readonly updatedAt: string;
}

export interface ActionQuery {
  readonly seriesId?: string;
  readonly caseId?: string;
  readonly ownerId?: string;
  readonly open?: boolean;
}

export interface MeetingQuery {
  readonly seriesId?: string;
  readonly caseId?: string;
  /** Nominations made on or after this date / selections for meetings on or after it. */
  readonly from?: string;
  /** ... and on or before this date. */
  readonly to?: string;
}

// ---- the meeting record (docs/rules.md section 5) ----------------------------------------------------

/** One case discussed at a meeting (or, with caseId and outcome null, actions agreed for no case; the
 * weekly team-manager meeting's actions are all of that sort), written as one unit: the outcome goes
 * into the meeting's record (made on the first write), and each action is added with a new id. */
export interface MeetingItemEntry {
  readonly seriesId: string;
  readonly meetingOn: string;
  /** Who records it, and when (the record's recordedById and recordedAt). */
  readonly recordedById: string;
  readonly at: string;
  readonly caseId: string | null;
  /** What was decided (replaces an earlier outcome of the same case); null with no case. */
  readonly outcome: string | null;
  readonly actions: ReadonlyArray<{ readonly text: string; readonly ownerId: string; readonly dueOn: string }>;
}

export interface MeetingItemWritten {
  /** The meeting's record after the write (null for actions only, with no case). */
  readonly record: MeetingRecord | null;
  /** The actions of this entry as stored, with their ids (on a repeat of a submitId: as first stored). */
  readonly actions: Action[];
}

export interface MeetingRecordQuery {
  readonly seriesId?: string;
  /** Meetings on or after this date ... */
  readonly from?: string;
  /** ... and on or before this one. */
  readonly to?: string;
}

/** What may change of an action after it was agreed: who owns it (the chair hands it on), its due date. */
export interface ActionPatch {
  readonly ownerId?: string;
  readonly dueOn?: string;
}

/** A supervision as it is identified: by whom, of whom, on which day. */
export type SupervisionRef = Pick<Supervision, 'superviseeId' | 'supervisorId' | 'heldOn'>;

// ---- the access record and destruction (docs/rules.md section 7; issue 16) -------------------------

/** A search of the access record; every given field must match. Newest first. */
export interface AccessQuery {
  readonly caseId?: string;
  readonly personId?: string;
  readonly via?: AccessVia;
  readonly scope?: AccessScope;
  /** Entries at or after this instant. */
  readonly since?: string;
  /** Entries before this instant. */
  readonly before?: string;
  /** At most this many (the newest); default 1,000, at most 100,000. */
  readonly limit?: number;
}

/** What a destruction removed, by kind (counts only). */
export interface DestroyReport {
  /** False when there was nothing of the case left to remove (an earlier destruction finished). */
  readonly found: boolean;
  readonly removed: Readonly<Record<string, number>>;
}

/** An audit as stored, with the version an update must quote (optimistic concurrency, like a case's). */
export interface StoredAudit {
  readonly audit: Audit;
  /** Opaque: a row version in SQLite, an eTag in SharePoint. */
  readonly version: string;
}

/** A query over audits (docs/rules.md section 8); every given field must match. */
export interface AuditQuery {
  readonly caseId?: string;
  readonly auditorId?: string;
  readonly moderatorId?: string;
  readonly type?: AuditType;
  /** The programme run that drew them ("2026-11"). */
  readonly run?: string;
  /** true: not yet completed; false: completed. */
  readonly open?: boolean;
}

/** What addAudits did: the ids it stored, and those already there (left as they were). */
export interface AddAuditsReport {
  readonly added: string[];
  readonly existing: string[];
}

export interface CaseStore {
  // ---- cases --------------------------------------------------------------------------------
  /** A case with all its history, or null. */
  getCase(caseId: string): Promise<StoredCase | null>;
  /** Cases matching the query, sorted by case id. */
  queryCases(query: CaseQuery): Promise<StoredCase[]>;
  /** Update case fields if `expectedVersion` is current, else ConflictError. Returns the new version. */
  updateCase(caseId: string, expectedVersion: string, patch: CasePatch): Promise<StoredCase>;
  /** Add a new case (its id must not exist). */
  addCase(c: Case): Promise<StoredCase>;

  // ---- history: appends, each validated; they do not need the case version -------------------
  // With `submitId` (the id a form card carried), a second write with the same id stores nothing.
  addCaseNote(caseId: string, note: CaseNote, options?: WriteOptions): Promise<void>;
  addCmooeSummary(caseId: string, summary: CmooeSummary, options?: WriteOptions): Promise<void>;
  addReview(caseId: string, review: Review): Promise<void>;
  addSupervision(supervision: Supervision, options?: WriteOptions): Promise<void>;
  addNomination(nomination: Nomination, options?: WriteOptions): Promise<void>;
  /** A chair's selection. `asOf` is today (Europe/London): a selection for a meeting before it is part
   * of that meeting's record and is refused (docs/rules.md section 4), as is one for a day that is not a
   * meeting of the series. */
  addSelection(selection: Selection, asOf: string): Promise<void>;
  /** Remove a chair's selection (the chair changed their mind); refused, as above, once the meeting has passed. */
  removeSelection(selection: Pick<Selection, 'caseId' | 'seriesId' | 'meetingOn'>, asOf: string): Promise<void>;
  addAction(action: Action): Promise<void>;
  /** Close an action on `closedOn`, with a line on what was done (`closedNote`, optional). */
  closeAction(actionId: string, closedOn: string, closedNote?: string | null): Promise<void>;
  /** Hand an open action to someone else, or move its due date (the chair, docs/rules.md section 5).
   * Returns it as stored. A closed action is refused (StoreValidationError). */
  updateAction(actionId: string, patch: ActionPatch): Promise<Action>;

  // ---- the meeting record and corrections ----------------------------------------------------
  /** Record one case discussed at a meeting with its actions (MeetingItemEntry), all or nothing where the
   * store allows (SQLite: one transaction; SharePoint: each write repeatable, so a repeat completes it).
   * With `submitId`, a second write with the same id writes nothing and answers as the first. */
  recordMeetingItem(entry: MeetingItemEntry, options?: WriteOptions): Promise<MeetingItemWritten>;
  /** Set who attended a meeting (the record is made if there is none yet). */
  setMeetingAttendees(seriesId: string, meetingOn: string, attendees: readonly string[], by: { readonly recordedById: string; readonly at: string }): Promise<MeetingRecord>;
  listMeetingRecords(query?: MeetingRecordQuery): Promise<MeetingRecord[]>;
  /** Replace one supervision (notes shared, a correction); NotFoundError when there is no such supervision. */
  updateSupervision(which: SupervisionRef, next: Supervision): Promise<void>;
  /** Replace the entry at `index` of a case's notes or summaries (a correction, which carries its earlier
   * version in `corrections`), if it is still `expected` (ConflictError otherwise). The case's version is
   * kept, as for an append. */
  correctCaseEntry<K extends 'caseNotes' | 'cmooeSummaries'>(caseId: string, list: K, index: number, expected: Case[K][number], next: Case[K][number]): Promise<void>;

  // ---- people, series and meeting records ---------------------------------------------------
  listPeople(): Promise<Person[]>;
  getPerson(personId: string): Promise<Person | null>;
  /** The person with this Entra object id, else the one with this email (case-insensitive). Who may be
   * taken for whom is decided above the store (src/services/people.ts); this only looks up. */
  findPerson(by: { aadObjectId?: string | null; email?: string | null }): Promise<Person | null>;
  /** Record a person's Entra object id, the first time they are recognised by email. Only a person with
   * no object id yet is bound, and only to an object id no one else has (StoreValidationError otherwise;
   * NotFoundError for an unknown person). Returns the person as stored. */
  bindPersonObjectId(personId: string, aadObjectId: string): Promise<Person>;
  listMeetingSeries(): Promise<MeetingSeries[]>;
  /** The service's school holidays (the case file's schoolHolidays): school days in the rules. */
  listSchoolHolidays(): Promise<SchoolHolidayRecord[]>;
  /** The case file's `policy`: the name of the policy profile the service's rules follow ("dorset"
   * for a store never imported into). */
  policyName(): Promise<string>;
  listSupervisions(query?: { superviseeId?: string; supervisorId?: string }): Promise<Supervision[]>;
  listNominations(query?: MeetingQuery): Promise<Nomination[]>;
  listSelections(query?: MeetingQuery): Promise<Selection[]>;
  listActions(query?: ActionQuery): Promise<Action[]>;

  // ---- audits (docs/rules.md section 8) ------------------------------------------------------
  /** Audits matching the query, in the order they were added (a subject access export asks by caseId). */
  listAudits(query?: AuditQuery): Promise<Audit[]>;
  /** An audit with its version, or null. */
  getAudit(auditId: string): Promise<StoredAudit | null>;
  /** Add audits whose ids are new; an id already stored is left as it is, so that a plan run retried
   * after a crash adds only what is missing (no duplicate, no loss). Each is validated against what is
   * stored (its case and people exist; StoreValidationError naming the field, nothing stored). */
  addAudits(audits: readonly Audit[]): Promise<AddAuditsReport>;
  /** Replace an audit (a draft saved, a completion, a moderation) if `expectedVersion` is current, else
   * ConflictError; NotFoundError for an unknown id. `actions`: the actions a completion raises (series
   * "audit"), stored with it; an action already stored with the same content is kept (a retry). */
  updateAudit(auditId: string, expectedVersion: string, audit: Audit, options?: { readonly actions?: readonly Action[] }): Promise<StoredAudit>;

  // ---- the whole file -----------------------------------------------------------------------
  /** Replace the store's content with a case file (validated first). All-or-nothing: on any
   * failure the previous content is intact. */
  importCaseFile(file: CaseFile): Promise<ImportReport>;
  /** The whole content as a case file; import then export is deep-equal to the input. */
  exportCaseFile(): Promise<CaseFile>;

  // ---- change feed --------------------------------------------------------------------------
  /** What changed since `token` (null: everything, with a token for next time). */
  changesSince(token: string | null): Promise<ChangeBatch>;

  // ---- the card ledger: every card the bot posts, exactly once across processes and crashes --------
  /** Claim cards, all in one round trip where the store allows (SharePoint: $batch of 20): for each
   * request, the claim if this caller holds it now, null if someone else does. Exactly one caller
   * across all processes wins a new key, and exactly one a takeover (`replaces`). */
  claimCards(requests: readonly CardClaimRequest[]): Promise<Array<CardClaim | null>>;
  /** Update claims (state, message, sentAt; the register of `announce`): for each, the claim as now
   * stored, or null when it is no longer held by `holder` (taken over). In one round trip where possible. */
  updateCards(updates: readonly CardUpdate[]): Promise<Array<CardClaim | null>>;
  /** Claims whose key starts with `prefix` (e.g. the day's digests, by day prefix), sorted by key. */
  listCards(prefix: string): Promise<CardClaim[]>;
  /** Claims not settled (every state but sent and superseded), any day: one query. */
  listUnsettledCards(): Promise<CardClaim[]>;
  /** Every recipient's registers of announced lines: one query (paged). */
  listAnnounced(): Promise<AnnouncedLines[]>;
  /** This store for a background job, its requests paced to `budget`; null for a store with nothing
   * metered (SQLite): use it as it is. Writes through either are the same writes. */
  paced(budget: StoreBudget): CaseStore | null;

  // ---- snoozes: a person put off a reminder about one obligation until a date ---------------
  snoozeReminder(recipientId: string, obligationKey: string, until: string): Promise<void>;
  /** Snoozes of a recipient still in force on `on` (until >= on), by obligation key. */
  listSnoozes(recipientId: string, on: string): Promise<Map<string, string>>;
  /** Every recipient's snoozes with until on or after `since` (in force, or ended since): one query. */
  listSnoozeRecords(since: string): Promise<SnoozeRecord[]>;

  // ---- form submissions: each submitted once, whatever the clicks ---------------------------------
  /** Start a form submission: null for the first caller with this id (write the entry with its
   * submitId, then finishSubmission); for anyone later, the submission as first stored. */
  startSubmission(submission: Omit<FormSubmission, 'done'>): Promise<FormSubmission | null>;
  /** The entry was written ('done'), or could not be ('failed': the submission is forgotten, so the
   * same form can be sent again). */
  finishSubmission(id: string, outcome: 'done' | 'failed'): Promise<void>;

  // ---- settings: small JSON values of the service's configuration (agenda channels, ...) ------
  /** The value stored under `key`, or null when none is. */
  getSetting(key: string): Promise<unknown>;
  putSetting(key: string, value: unknown): Promise<void>;

  // ---- bot installations --------------------------------------------------------------------
  saveConversation(record: ConversationRecord): Promise<void>;
  removeConversation(conversationId: string): Promise<void>;
  listConversations(query?: { scope?: ConversationRecord['scope']; personId?: string }): Promise<ConversationRecord[]>;

  // ---- the access record (docs/rules.md section 7): appended to, searched; never changed ------------
  /** Append entries (one write, or $batches of 20); an entry whose id is stored already is not stored
   * again (a retry after a lost answer). Validated first: a bad entry stores nothing of the batch. */
  appendAccess(entries: readonly AccessEntry[]): Promise<void>;
  /** Entries matching the query, newest first. */
  listAccess(query: AccessQuery): Promise<AccessEntry[]>;
  /** Remove the entries made before `before` (an instant): the access record's own retention. Returns how many. */
  pruneAccess(before: string): Promise<number>;

  // ---- destruction: a record past retention, removed by information governance (docs/rules.md section 7)
  /** Remove the case and everything about it: the case (notes, summaries, reviews), its nominations,
   * selections and actions, form submissions naming it, snoozes and ledger lines of its obligations,
   * its access record entries and its change-feed history (readers of the feed are sent a full resync);
   * then append `entry` (via "destroyed"), the one trace left. Safe to repeat after a failure part-way. */
  destroyCase(caseId: string, entry: AccessEntry): Promise<DestroyReport>;

  // ---- health -------------------------------------------------------------------------------
  /** Can the store be used? `quick`: every table (list) can be read, cheap enough for each health probe;
   * `thorough`: also the store's own consistency check (SQLite: PRAGMA quick_check, run away from the
   * event loop), for start-up and a periodic check. Never throws: a failure is the problem. */
  checkHealth(depth: 'quick' | 'thorough'): Promise<StoreHealth>;

  /** Release resources (database handles, timers). */
  close(): Promise<void>;
}
