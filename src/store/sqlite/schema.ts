// The SQLite schema as numbered migrations. Each is applied once, in order, inside one IMMEDIATE
// transaction together with its row in schema_migrations, so two processes opening the same new
// file at once cannot both apply it, and a failed migration leaves nothing behind.
import type Database from 'better-sqlite3';
import { maxOf } from '../../domain/lists.js';
import { convertLegacyLedger, type LegacyClaim } from '../legacy-ledger.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** Data to move, after the SQL, in the same transaction. */
  readonly run?: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'case file, ledger, snoozes, settings, conversations, change log',
    sql: `
      -- File-level values of the case file (policy, schoolHolidays) and the store's own (store id, change floor).
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE meeting_series (
        id TEXT PRIMARY KEY,
        ordinal INTEGER NOT NULL,
        data TEXT NOT NULL
      ) STRICT;

      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        ordinal INTEGER NOT NULL,
        email_lower TEXT,
        aad_object_id TEXT,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX people_email ON people(email_lower);
      CREATE INDEX people_aad ON people(aad_object_id);

      -- One row per case: the whole case as JSON (lossless), and the columns queries filter on.
      -- version is the change-log sequence number of the case's insert or last field update (appending
      -- history keeps it): it only ever grows, also across a re-import, so a version read before an
      -- import can never match afterwards.
      CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        ordinal INTEGER NOT NULL,
        lead_professional_id TEXT,
        inclusion_lead_id TEXT,
        team TEXT,
        locality TEXT,
        status TEXT NOT NULL CHECK (status IN ('open', 'ceased', 'transferred')),
        cmooe_series TEXT NOT NULL,
        cmooe_open INTEGER NOT NULL,
        version INTEGER NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX cases_lead ON cases(lead_professional_id);
      CREATE INDEX cases_inclusion_lead ON cases(inclusion_lead_id);
      CREATE INDEX cases_team ON cases(team);
      CREATE INDEX cases_locality ON cases(locality);
      CREATE INDEX cases_status ON cases(status);
      CREATE INDEX cases_cmooe_open ON cases(cmooe_series, cmooe_open);

      -- The CMOOE periods of each case, for "CMOOE on a given day" (kept in step with cases.data).
      CREATE TABLE case_cmooe (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        from_on TEXT NOT NULL,
        to_on TEXT
      ) STRICT;
      CREATE INDEX case_cmooe_case ON case_cmooe(case_id);

      CREATE TABLE supervisions (
        ordinal INTEGER PRIMARY KEY,
        supervisee_id TEXT NOT NULL,
        supervisor_id TEXT NOT NULL,
        held_on TEXT NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX supervisions_supervisee ON supervisions(supervisee_id);
      CREATE INDEX supervisions_supervisor ON supervisions(supervisor_id);

      CREATE TABLE nominations (
        ordinal INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL,
        series_id TEXT NOT NULL,
        made_on TEXT NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX nominations_series ON nominations(series_id, made_on);
      CREATE INDEX nominations_case ON nominations(case_id);

      CREATE TABLE selections (
        ordinal INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL,
        series_id TEXT NOT NULL,
        meeting_on TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (case_id, series_id, meeting_on)
      ) STRICT;
      CREATE INDEX selections_series ON selections(series_id, meeting_on);

      CREATE TABLE actions (
        ordinal INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        series_id TEXT NOT NULL,
        case_id TEXT,
        owner_id TEXT NOT NULL,
        closed_on TEXT,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX actions_series ON actions(series_id);
      CREATE INDEX actions_case ON actions(case_id);
      CREATE INDEX actions_owner ON actions(owner_id);

      -- Reminder ledger: a claim is a row; the PRIMARY KEY makes it exactly once across processes.
      CREATE TABLE reminder_ledger (
        key TEXT PRIMARY KEY,
        recipient_id TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        claimed_ms INTEGER NOT NULL,
        sent_at TEXT
      ) STRICT;
      CREATE INDEX reminder_ledger_unsent ON reminder_ledger(claimed_ms) WHERE sent_at IS NULL;

      CREATE TABLE snoozes (
        recipient_id TEXT NOT NULL,
        obligation_key TEXT NOT NULL,
        until_on TEXT NOT NULL,
        PRIMARY KEY (recipient_id, obligation_key)
      ) STRICT;

      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        scope TEXT NOT NULL,
        person_id TEXT,
        aad_object_id TEXT,
        team_id TEXT,
        channel_id TEXT,
        reference TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX conversations_scope ON conversations(scope);
      CREATE INDEX conversations_person ON conversations(person_id);

      -- The change feed: every write appends (entity, id, deleted); seq only grows (AUTOINCREMENT never
      -- reuses a number, even after old rows are pruned).
      CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        deleted INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'card ledger: one claim per card, with its lines; registers of announced lines; snoozes by date',
    sql: `
      -- One row per card the bot posts (a digest, a manager digest, an agenda post): who holds it, where
      -- it is in Teams once posted, and the ledger keys of the lines it announces (JSON array).
      CREATE TABLE card_ledger (
        key TEXT PRIMARY KEY,
        recipient_id TEXT NOT NULL,
        holder TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'sent', 'released', 'unreachable', 'superseded')),
        lines TEXT NOT NULL,
        message TEXT,
        sent_at TEXT,
        takeovers INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE INDEX card_ledger_unsettled ON card_ledger(key) WHERE state NOT IN ('sent', 'superseded');

      -- Per recipient and kind of card: every line announced to them (JSON array of ledger keys).
      CREATE TABLE announced (
        register TEXT NOT NULL,
        recipient_id TEXT NOT NULL,
        lines TEXT NOT NULL,
        PRIMARY KEY (register, recipient_id)
      ) STRICT;

      CREATE INDEX snoozes_until ON snoozes(until_on);
    `,
    // The old per-line ledger (reminder_ledger) converted; the table stays, unread, for a rollback.
    run(db) {
      const rows = db.prepare('SELECT key, recipient_id AS recipientId, claimed_at AS claimedAt, sent_at AS sentAt FROM reminder_ledger').all() as LegacyClaim[];
      const converted = convertLegacyLedger(rows);
      const card = db.prepare(
        'INSERT INTO card_ledger (key, recipient_id, holder, claimed_at, state, lines, message, sent_at, takeovers) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, 0) ON CONFLICT(key) DO NOTHING',
      );
      for (const c of converted.cards) card.run(c.key, c.recipientId, c.holder, c.claimedAt, c.state, JSON.stringify(c.lines), c.sentAt);
      const register = db.prepare('INSERT INTO announced (register, recipient_id, lines) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
      for (const r of converted.registers) register.run(r.register, r.recipientId, JSON.stringify(r.lines));
    },
  },
  {
    version: 3,
    name: 'form submissions: each submitted once',
    sql: `
      -- A form the bot received: the id its card carried, the entry it writes and the answer it got.
      CREATE TABLE form_submissions (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL,
        form TEXT NOT NULL,
        at TEXT NOT NULL,
        record TEXT NOT NULL,
        result TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      -- The submit ids whose entry is written: in the same transaction as the entry, so it is written once.
      CREATE TABLE submission_writes (submit_id TEXT PRIMARY KEY) STRICT;
    `,
  },
  {
    version: 4,
    name: 'the access record: who was shown which case, when, through what and why (issue 16)',
    sql: `
      -- Appended to by the server's access log (in batches), searched by information governance; rows
      -- are removed only by the record's own retention and by the destruction of a case.
      CREATE TABLE access_log (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        person_id TEXT NOT NULL,
        case_id TEXT NOT NULL,
        via TEXT NOT NULL,
        reason TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('own', 'team', 'other')),
        detail TEXT
      ) STRICT;
      CREATE INDEX access_log_case ON access_log(case_id, at);
      CREATE INDEX access_log_person ON access_log(person_id, at);
      CREATE INDEX access_log_at ON access_log(at);
    `,
  },
  {
    version: 5,
    name: 'meeting records; what a form write stored, for its repeats',
    sql: `
      -- One row per meeting recorded (docs/rules.md section 5): the record as JSON, found by series and date.
      CREATE TABLE meeting_records (
        ordinal INTEGER NOT NULL,
        series_id TEXT NOT NULL,
        meeting_on TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (series_id, meeting_on)
      ) STRICT;
      CREATE INDEX meeting_records_meeting ON meeting_records(meeting_on);
      -- The ids a meeting item's write gave its actions, so that a repeat answers as the first did.
      ALTER TABLE submission_writes ADD COLUMN result TEXT;
    `,
  },
  {
    // Numbered 14 (the issue that added it), not 4: colleagues' branches add migrations of their own at
    // the same time, and two different migrations with one number would leave one unapplied.
    version: 14,
    name: 'case-file audits (docs/rules.md section 8)',
    sql: `
      -- One row per audit: the record as JSON (lossless) and the columns queries filter on. version is
      -- the change-log number of its last write (it only grows, also across a re-import).
      CREATE TABLE audits (
        ordinal INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        case_id TEXT NOT NULL,
        auditor_id TEXT NOT NULL,
        moderator_id TEXT,
        run TEXT,
        assigned_on TEXT NOT NULL,
        completed_on TEXT,
        version INTEGER NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audits_case ON audits(case_id);
      CREATE INDEX audits_auditor ON audits(auditor_id, completed_on);
      CREATE INDEX audits_moderator ON audits(moderator_id);
      CREATE INDEX audits_run ON audits(run);
      CREATE INDEX audits_type ON audits(type, completed_on);
    `,
  },
];

/** Apply the migrations this file lacks. Returns the versions applied. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
  const applied: number[] = [];
  const run = db.transaction(() => {
    const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    const newest = maxOf(done, 0);
    const known = maxOf(
      migrations.map((m) => m.version),
      0,
    );
    if (newest > known) {
      throw new Error(`the database has schema version ${newest}, newer than this program knows (${known}): upgrade the program`);
    }
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      m.run?.(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      applied.push(m.version);
    }
  });
  run.immediate();
  return applied;
}
