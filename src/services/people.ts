// Who is talking to the bot: a Teams user (Entra object id, then email) mapped to a person of the
// case file. A stranger (no match) gets nothing but a "you are not set up" card.
import type { Person } from '../domain/model.js';
import type { CaseStore } from '../store/port.js';

export interface TeamsIdentity {
  /** The user's Entra ID (AAD) object id, when Teams sends it. */
  readonly aadObjectId?: string | null;
  /** The user's email / UPN, when known (Teams' member lookup or the channel's from.email). */
  readonly email?: string | null;
}

/** The person of the case file for this Teams user, or null (not set up). Object id first, then email. */
export async function identifyPerson(store: CaseStore, who: TeamsIdentity): Promise<Person | null> {
  const aadObjectId = who.aadObjectId?.trim() || null;
  const email = who.email?.trim() || null;
  if (aadObjectId === null && email === null) return null;
  return store.findPerson({ aadObjectId, email });
}
