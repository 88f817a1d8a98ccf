// Who is talking to the bot or calling the tab's API: a Teams (Entra ID) user mapped to a person of the
// case file. A user is a person by Entra object id, within an allowed tenant. An email (or UPN) match
// may only bind a person who has no object id yet: the binding is stored (so the object id matches next
// time) and logged. Someone else's email on another object id is nobody ("not set up"): an email is a
// claim another account can carry (a guest, a renamed or recycled address), an object id is not.
import type { Person } from '../domain/model.js';
import type { CaseStore } from '../store/port.js';
import { StoreValidationError } from '../store/port.js';
import type { Logger } from './log.js';

export interface TeamsIdentity {
  /** The user's Entra ID (AAD) object id, when Teams sends it. */
  readonly aadObjectId?: string | null;
  /** The user's tenant (the activity's conversation.tenantId, or the token's tid). */
  readonly tenantId?: string | null;
}

/** Where people are looked up (the store for the bot; the tab API's snapshot) and bindings written. */
export interface PeopleDirectory {
  byObjectId(aadObjectId: string): Promise<Person | null> | Person | null;
  byEmail(email: string): Promise<Person | null> | Person | null;
  bind(personId: string, aadObjectId: string): Promise<Person>;
}

export interface RecogniseOptions {
  /** Tenants whose users are served (lower case); empty: any tenant (a local run with no credentials). */
  readonly allowedTenants: readonly string[];
  /** The user's email or UPN, asked for only when the object id names no one (a call to Teams in the bot). */
  readonly email: () => Promise<string | null> | string | null;
  readonly logger: Logger;
}

/** The directory of a store. */
export function storeDirectory(store: CaseStore): PeopleDirectory {
  return {
    byObjectId: (aadObjectId) => store.findPerson({ aadObjectId }),
    byEmail: (email) => store.findPerson({ email }),
    bind: (personId, aadObjectId) => store.bindPersonObjectId(personId, aadObjectId),
  };
}

/** Is this tenant allowed? With no list configured, every tenant is (local runs only: config.ts refuses
 * bot credentials without a list). */
export function tenantAllowed(tenantId: string | null | undefined, allowedTenants: readonly string[]): boolean {
  if (allowedTenants.length === 0) return true;
  return typeof tenantId === 'string' && allowedTenants.includes(tenantId.trim().toLowerCase());
}

/** The person for this user, or null (not set up). */
export async function recognise(directory: PeopleDirectory, who: TeamsIdentity, options: RecogniseOptions): Promise<Person | null> {
  const { logger } = options;
  if (!tenantAllowed(who.tenantId, options.allowedTenants)) {
    logger.warn('a user of a tenant that is not allowed: not served', { tenantId: who.tenantId ?? null });
    return null;
  }
  const oid = who.aadObjectId?.trim() || null;
  if (oid === null) {
    logger.info('a user without an Entra object id: not set up', {});
    return null;
  }
  const byId = await directory.byObjectId(oid);
  if (byId) return byId;
  const email = (await options.email())?.trim() || null;
  if (email === null) return null;
  const byEmail = await directory.byEmail(email);
  if (!byEmail) return null;
  if (byEmail.aadObjectId) {
    logger.warn('an email matched a person who has another Entra object id: not set up', { personId: byEmail.id });
    return null;
  }
  try {
    const bound = await directory.bind(byEmail.id, oid);
    logger.info('person bound to their Entra object id (first recognised by email)', { personId: bound.id });
    return bound;
  } catch (e) {
    // Bound by someone else meanwhile, or the object id is already another person's.
    if (!(e instanceof StoreValidationError)) throw e;
    logger.warn('a person could not be bound to an Entra object id: not set up', { personId: byEmail.id, problem: e.problems.join('; ') });
    return null;
  }
}
