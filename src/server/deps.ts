// What the one server needs, passed in (no module-level state): tests build these with fakes or
// a real store on a temporary database.
import type { CaseStore } from '../store/port.js';
import type { Logger } from '../services/log.js';
import type { Messenger } from '../services/messenger.js';
import type { Shutdown } from '../services/shutdown.js';
import type { SnapshotSource } from '../services/dashboard.js';
import type { DocumentStore } from '../services/agendas/documents.js';
import type { AccessLog } from '../services/access-log.js';

export interface ServerDeps {
  readonly store: CaseStore;
  readonly logger: Logger;
  /** The clock (ms since epoch). Services derive "today" in Europe/London from it. */
  readonly clock: () => number;
  /** Environment-derived configuration (process.env in production, a literal object in tests). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Set once the bot adapter exists (the bot layer provides it). */
  messenger?: Messenger;
  /** The process's shutdown: jobs that post cards run through it, so SIGTERM stops them cleanly. */
  readonly shutdown?: Shutdown;
  /** The snapshot the tab's API and the bot's manager commands share (read-model.ts sharedSnapshots). */
  snapshots?: SnapshotSource;
  /** Where agendas and minutes are saved (the site's library, or a local folder); without it the tab
   * cannot publish minutes (the poster still does). */
  documents?: DocumentStore;
  /** The access record's writer (services/access-log.ts sharedAccessLog): every read of a case's details. */
  accessLog?: AccessLog;
}
