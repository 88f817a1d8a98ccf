// The access record of agenda documents (docs/rules.md section 7; issue 16): a Word document with
// children's names (a CMOOE agenda, the termly notice) saved to the service's library is a reading of
// each of those children's records: one entry per child, by whoever had it made (a person asking in a
// channel, or the service's own poster), for the meeting's papers. The weekly agenda names no child.
// A minutes document with names is recorded the same way (via "minutes-document").
import type { AccessVia } from '../../domain/access-log.js';
import type { Person } from '../../domain/model.js';
import { actorEntries, type AccessRecorder, type Actor } from '../access-log.js';
import type { BuiltAgenda } from './build.js';

/** The children whose names the agenda's Word document carries. */
export function agendaCaseIds(built: BuiltAgenda): string[] {
  const ids = new Set<string>();
  switch (built.kind) {
    case 'cmooe':
      for (const i of built.agenda.items) ids.add(i.caseId);
      for (const a of built.agenda.openActions) if (a.caseId !== null) ids.add(a.caseId);
      for (const r of built.agenda.rolledOver) ids.add(r.caseId);
      break;
    case 'termly':
      for (const s of built.agenda.settings) for (const r of s.reviews) ids.add(r.caseId);
      break;
    case 'weekly':
      break;
  }
  return [...ids].sort();
}

/** The service's own agenda poster, as the access record names it. */
export const AGENDA_POSTER: Actor = { id: 'system:agenda-poster', reason: 'meeting-papers' };

/** Record a document with names: `who` had it made (a person, or the poster); `document` is its path. */
export async function recordDocument(
  log: AccessRecorder,
  who: Pick<Person, 'id'> | Actor,
  caseIds: readonly string[],
  document: string,
  at: string,
  via: AccessVia = 'agenda-document',
): Promise<void> {
  // Meeting papers are nobody's own reading of a case: scope "other", shown in the report beside openings.
  await log.add(actorEntries({ id: who.id, reason: 'meeting-papers' }, caseIds, via, at, document));
}
