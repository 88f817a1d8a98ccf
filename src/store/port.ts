// The CaseStore port: what the services need from storage, in the service's own words.
// Two adapters implement it and pass one contract suite (tests/store/contract):
//   sqlite/      the embedded default (better-sqlite3)
//   sharepoint/  SharePoint lists through Microsoft Graph
// Nothing above src/store knows SQL or Graph.
import type {
  Action,
  Case,
  CaseFile,
  CaseNote,
  CmooeSummary,
  MeetingSeries,
  Nomination,
  Person,
  Review,
  SchoolHolidayRecord,
  Selection,
  Supervision,
} from '../domain/model.js';

/** A case as stored, with the version that an update must quote (optimistic concurrency). */
export interface StoredCase {
  readonly case: Case;
  /** Opaque: a row version in SQLite, an eTag in SharePoint. */
  readonly version: string;
}

/** A stale version: someone else changed the case since it was read. Never a silent overwrite. */
export class ConflictError extends Error {
  constructor(readonly caseId: string, detail = 'it was changed by someone else since it was read') {
    super(`case ${caseId} was not updated: ${detail}; reload it and try again`);
    this.name = 'ConflictError';
  }
}

/** A reference to something that does not exist (an unknown case, person, series or action). */
export class NotFoundError extends Error {
  constructor(readonly entity: string, readonly id: string) {
    super(`no ${entity} with id "${id}"`);
    this.name = 'NotFoundError';
  }
}

/** A write the store refused because the data is wrong (names the problem); nothing was written. */
export class StoreValidationError extends Error {
  constructor(message: string, readonly problems: readonly string[] = []) {
    super(problems.length ? `${message}:\n${problems.join('\n')}` : message);
    this.name = 'StoreValidationError';
  }
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
}

/** What changed (an entity and its id); `deleted` when it no longer exists. */
export interface Change {
  readonly entity: 'case' | 'person' | 'supervision' | 'nomination' | 'selection' | 'action' | 'meetingSeries';
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

/** A claim on sending one reminder: who, about what, which stage, which day. */
export interface ReminderClaim {
  readonly key: string;
  readonly recipientId: string;
  readonly claimedAt: string;
  readonly sentAt: string | null;
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
  addCaseNote(caseId: string, note: CaseNote): Promise<void>;
  addCmooeSummary(caseId: string, summary: CmooeSummary): Promise<void>;
  addReview(caseId: string, review: Review): Promise<void>;
  addSupervision(supervision: Supervision): Promise<void>;
  addNomination(nomination: Nomination): Promise<void>;
  addSelection(selection: Selection): Promise<void>;
  /** Remove a chair's selection (the chair changed their mind before the agenda went out). */
  removeSelection(selection: Pick<Selection, 'caseId' | 'seriesId' | 'meetingOn'>): Promise<void>;
  addAction(action: Action): Promise<void>;
  /** Close an action on `closedOn`, with a line on what was done (`closedNote`, optional). */
  closeAction(actionId: string, closedOn: string, closedNote?: string | null): Promise<void>;

  // ---- people, series and meeting records ---------------------------------------------------
  listPeople(): Promise<Person[]>;
  getPerson(personId: string): Promise<Person | null>;
  /** The person with this Entra object id, else the one with this email (case-insensitive). */
  findPerson(by: { aadObjectId?: string | null; email?: string | null }): Promise<Person | null>;
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

  // ---- the whole file -----------------------------------------------------------------------
  /** Replace the store's content with a case file (validated first). All-or-nothing: on any
   * failure the previous content is intact. */
  importCaseFile(file: CaseFile): Promise<ImportReport>;
  /** The whole content as a case file; import then export is deep-equal to the input. */
  exportCaseFile(): Promise<CaseFile>;

  // ---- change feed --------------------------------------------------------------------------
  /** What changed since `token` (null: everything, with a token for next time). */
  changesSince(token: string | null): Promise<ChangeBatch>;

  // ---- reminder ledger: exactly once across processes ---------------------------------------
  /** Claim a reminder key. True for exactly one caller across all processes; false if already claimed. */
  claimReminder(key: string, recipientId: string, at: string): Promise<boolean>;
  /** Record that the claimed reminder was delivered. */
  markReminderSent(key: string, at: string): Promise<void>;
  /** Claims never marked sent (a crash between claim and send), claimed before `before`. */
  listUnsentReminders(before: string): Promise<ReminderClaim[]>;
  /** Claims whose key starts with `prefix` (e.g. a recipient's claims for a day). */
  listReminders(prefix: string): Promise<ReminderClaim[]>;

  // ---- snoozes: a person put off a reminder about one obligation until a date ---------------
  snoozeReminder(recipientId: string, obligationKey: string, until: string): Promise<void>;
  /** Snoozes of a recipient still in force on `on` (until >= on), by obligation key. */
  listSnoozes(recipientId: string, on: string): Promise<Map<string, string>>;

  // ---- settings: small JSON values of the service's configuration (agenda channels, ...) ------
  getSetting(key: string): Promise<unknown | null>;
  putSetting(key: string, value: unknown): Promise<void>;

  // ---- bot installations --------------------------------------------------------------------
  saveConversation(record: ConversationRecord): Promise<void>;
  removeConversation(conversationId: string): Promise<void>;
  listConversations(query?: { scope?: ConversationRecord['scope']; personId?: string }): Promise<ConversationRecord[]>;

  /** Release resources (database handles, timers). */
  close(): Promise<void>;
}
