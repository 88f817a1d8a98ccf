// The checks both store adapters make on an audit before writing it (docs/rules.md section 8;
// docs/case-file.md `audits`): the schema, then the case file's cross-checks against what is stored
// (its case, its people, the actions its completion raised), so that the stored content stays a valid
// case file and an export always imports again. Written once here, called by sqlite/ and sharepoint/.
import { AUDIT_SERIES_ID, actionSchema, auditSchema, type Action, type Audit } from '../domain/model.js';
import { formatError, formatPath, parseCaseFile } from '../domain/validate.js';
import { StoreValidationError } from './port.js';

/** The schema's verdict on an audit (StoreValidationError naming each field; nothing is stored). */
export function parseAudit(value: unknown, what = 'audit'): Audit {
  const parsed = auditSchema.safeParse(value);
  if (!parsed.success) {
    throw new StoreValidationError(
      `the ${what} was not stored`,
      parsed.error.issues.map((i) => {
        const path = formatPath([what, ...i.path]);
        return i.code === 'unrecognized_keys' ? i.keys.map((k) => `${path}.${k}: unknown field`).join('\n') : `${path}: ${i.message}`;
      }),
    );
  }
  return parsed.data;
}

/** The actions a completion raises, each checked by the schema and against its audit: series "audit",
 * the audit's case, an id the audit lists. */
export function parseAuditActions(audit: Audit, values: readonly unknown[]): Action[] {
  const listed = new Set(audit.actions.map((a) => a.id));
  const problems: string[] = [];
  const out: Action[] = [];
  values.forEach((v, i) => {
    const parsed = actionSchema.safeParse(v);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${formatPath(['actions', i, ...issue.path])}: ${issue.message}`);
      return;
    }
    const a = parsed.data;
    if (a.seriesId !== AUDIT_SERIES_ID) problems.push(`actions[${i}].seriesId: an audit's action belongs to the series "${AUDIT_SERIES_ID}"`);
    if (a.caseId !== audit.caseId) problems.push(`actions[${i}].caseId: must be the audit's case ${audit.caseId}`);
    if (!listed.has(a.id)) problems.push(`actions[${i}].id: "${a.id}" is not one of the audit's actions`);
    out.push(a);
  });
  if (problems.length) throw new StoreValidationError(`audit ${audit.id} was not stored`, problems);
  return out;
}

/** Everyone an audit names: its auditor, its moderator, the owners of its actions. */
export function peopleOfAudit(a: Audit): string[] {
  return [...new Set([a.auditorId, ...(a.moderation ? [a.moderation.moderatorId] : []), ...a.actions.map((x) => x.ownerId)])];
}

/** What is stored that an audit refers to. */
export interface AuditReferences {
  /** The ids of peopleOfAudit(audit) that exist. */
  readonly people: readonly string[];
  readonly caseExists: boolean;
  /** The actions of the audit's ids, stored or being stored with it. */
  readonly actions: readonly Action[];
}

/** The case file's cross-checks of one audit against what is stored; StoreValidationError naming each
 * problem (as `audit.caseId: no case with id "C-9"`). */
export function checkAudit(audit: Audit, refs: AuditReferences, what = 'audit'): void {
  const file = {
    people: refs.people.map((id) => ({ id, name: '', roles: ['qa-officer'] })),
    cases: refs.caseExists ? [{ id: audit.caseId, childName: '', dateOfBirth: '2000-01-01' }] : [],
    actions: refs.actions.map((a) => ({ ...a, caseId: refs.caseExists ? a.caseId : null })),
    audits: [audit],
  };
  const result = parseCaseFile(file);
  if (result.ok) return;
  const from = 'audits[0]';
  const problems = result.errors.filter((e) => e.path.startsWith(from)).map((e) => formatError({ path: what + e.path.slice(from.length), message: e.message }));
  throw new StoreValidationError(`the ${what} was not stored`, problems.length ? problems : result.errors.map(formatError));
}
