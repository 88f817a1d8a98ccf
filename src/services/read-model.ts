// One read model for the tab's API and the bot (design.md, "one read model per concept"): the
// snapshot of the store that the dashboard, the forecast, the case list and the bot's manager
// commands read, one per server. It is created with the server's dependencies, never at module level.
import { SnapshotSource } from './dashboard.js';
import type { CaseStore } from '../store/port.js';

export interface ReadModelDeps {
  readonly store: CaseStore;
  readonly clock: () => number;
  /** The server's snapshot source, shared once created (ServerDeps.snapshots). */
  snapshots?: SnapshotSource;
}

/** The server's snapshot source (created on first use and kept on the dependencies). */
export function sharedSnapshots(deps: ReadModelDeps): SnapshotSource {
  deps.snapshots ??= new SnapshotSource(deps.store, deps.clock);
  return deps.snapshots;
}
