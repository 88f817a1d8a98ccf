// The command line in the access record (docs/rules.md section 7; issue 16): what a command shows or
// writes out of a child's record is recorded like a reading in the tab, by `cli:<the operating-system
// user>` (the command line has no Teams identity; the server's operators are IT), or by the person
// named with --by where the command acts for one (sar, retention).
import { userInfo } from 'node:os';
import type { AccessVia } from '../domain/access-log.js';
import { actorEntries, type Actor } from '../services/access-log.js';
import type { CaseStore } from '../store/port.js';
import type { CliIo } from './io.js';

/** Who runs the command, as the access record names them. */
export function cliActor(io: Pick<CliIo, 'env'>): Actor {
  let user = io.env.USER ?? io.env.USERNAME ?? '';
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return { id: `cli:${user}`, reason: 'command-line' };
}

/** Record, in the store, that the command line was shown (or wrote out) these cases. */
export async function recordCli(store: CaseStore, io: Pick<CliIo, 'env' | 'clock'>, caseIds: Iterable<string>, via: AccessVia, detail: string | null): Promise<void> {
  await store.appendAccess(actorEntries(cliActor(io), caseIds, via, new Date(io.clock()).toISOString(), detail));
}
