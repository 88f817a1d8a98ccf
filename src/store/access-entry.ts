// The checks both adapters make on the access record (docs/rules.md section 7), once: an entry is
// validated before anything of its batch is written, and a query's bounds are read the same way.
import { ACCESS_SCOPES, isAccessVia, type AccessEntry } from '../domain/access-log.js';
import { isIsoInstant } from '../domain/dates.js';
import { StoreValidationError, type AccessQuery } from './port.js';

/** The most entries one query returns. */
export const ACCESS_QUERY_MAX = 100_000;
export const ACCESS_QUERY_DEFAULT = 1_000;

/** Every problem of a batch of entries, by index and field; throws StoreValidationError (nothing stored). */
export function checkAccessEntries(entries: readonly AccessEntry[]): AccessEntry[] {
  const given: unknown = entries;
  if (!Array.isArray(given)) throw new StoreValidationError('the access record was not written', ['entries: expected a list']);
  const problems: string[] = [];
  const text = (i: number, name: string, v: unknown, max = 255) => {
    if (typeof v !== 'string' || v.trim() === '') problems.push(`entries[${i}].${name}: must be a non-empty string`);
    else if (v.length > max) problems.push(`entries[${i}].${name}: longer than ${max} characters`);
  };
  entries.forEach((given: unknown, i) => {
    if (given === null || typeof given !== 'object') {
      problems.push(`entries[${i}]: expected an entry`);
      return;
    }
    const e = given as Record<string, unknown>;
    text(i, 'id', e.id);
    text(i, 'personId', e.personId);
    text(i, 'caseId', e.caseId);
    text(i, 'reason', e.reason);
    if (typeof e.at !== 'string' || !isIsoInstant(e.at)) problems.push(`entries[${i}].at: not an instant with an offset or Z ${JSON.stringify(e.at)}`);
    if (typeof e.via !== 'string' || !isAccessVia(e.via)) problems.push(`entries[${i}].via: ${JSON.stringify(e.via)} is not a way into a record`);
    if (!(ACCESS_SCOPES as readonly unknown[]).includes(e.scope)) problems.push(`entries[${i}].scope: ${JSON.stringify(e.scope)} is not one of ${ACCESS_SCOPES.join(', ')}`);
    if (e.detail !== null && (typeof e.detail !== 'string' || e.detail.length > 1000)) problems.push(`entries[${i}].detail: must be null or text of at most 1,000 characters`);
  });
  if (problems.length) throw new StoreValidationError('the access record was not written', problems);
  // Instants in one form (UTC, milliseconds), so that they compare as text.
  return entries.map((e) => ({ id: e.id, at: new Date(e.at).toISOString(), personId: e.personId, caseId: e.caseId, via: e.via, reason: e.reason, scope: e.scope, detail: e.detail }));
}

/** A query's bounds, checked; instants in UTC with milliseconds. */
export function checkAccessQuery(q: AccessQuery): { since: string | null; before: string | null; limit: number } {
  const problems: string[] = [];
  const instant = (name: string, v: string | undefined): string | null => {
    if (v === undefined) return null;
    if (!isIsoInstant(v)) {
      problems.push(`${name}: not an instant with an offset or Z ${JSON.stringify(v)}`);
      return null;
    }
    return new Date(v).toISOString();
  };
  const since = instant('since', q.since);
  const before = instant('before', q.before);
  const limit = q.limit ?? ACCESS_QUERY_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > ACCESS_QUERY_MAX) problems.push(`limit: must be a whole number from 1 to ${ACCESS_QUERY_MAX}`);
  if (q.via !== undefined && !isAccessVia(q.via)) problems.push(`via: ${JSON.stringify(q.via)} is not a way into a record`);
  if (q.scope !== undefined && !ACCESS_SCOPES.includes(q.scope)) problems.push(`scope: ${JSON.stringify(q.scope)} is not one of ${ACCESS_SCOPES.join(', ')}`);
  if (problems.length) throw new StoreValidationError('the access record query is not valid', problems);
  return { since, before, limit };
}

/** Newest first, then by id (a total order, the same in both adapters). */
export function compareAccessNewestFirst(a: AccessEntry, b: AccessEntry): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
