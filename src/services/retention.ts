// Retention (docs/rules.md sections 7 and 9; issue 16): the records past the policy profile's
// retention, for information governance to review, and their destruction, which only information
// governance can do, one case at a time, with a reason, leaving one entry in the access record: that
// the record was destroyed, when, by whom and why. Nothing is destroyed by the app on its own.
import { createHash } from 'node:crypto';
import type { AccessEntry } from '../domain/access-log.js';
import { londonToday } from '../domain/dates.js';
import type { Case, Person } from '../domain/model.js';
import { isPastRetention, retentionOf, type Retention } from '../domain/retention.js';
import type { CaseStore, CaseStatus, DestroyReport } from '../store/port.js';
import { initials } from './access.js';
import { actorEntries, entriesFor, type AccessRecorder, type Actor } from './access-log.js';
import { AccessDeniedError, BadRequestError } from './dashboard.js';
import { servicePolicy } from './policy.js';

export function isInformationGovernance(p: Pick<Person, 'roles'>): boolean {
  return p.roles.includes('information-governance');
}

export function requireInformationGovernance(p: Pick<Person, 'roles'>, what: string): void {
  if (!isInformationGovernance(p)) {
    throw new AccessDeniedError(`${what} is for information governance (the information-governance role, docs/rules.md sections 1 and 7). Ask your information governance officer.`);
  }
}

export interface RetentionRow {
  readonly caseId: string;
  readonly initials: string;
  readonly status: CaseStatus;
  readonly team: string | null;
  readonly leadProfessional: string | null;
  readonly keepUntil: string;
  readonly closedOn: string | null;
  readonly rule: Retention['rule'];
  /** The rule in words with its dates. */
  readonly reason: string;
  /** Days since keepUntil. */
  readonly pastByDays: number;
}

export interface RetentionReview {
  readonly today: string;
  readonly policy: { readonly name: string; readonly title: string; readonly yearsFromBirth: number; readonly yearsAfterClosure: number };
  /** Records past retention, longest past first. */
  readonly rows: RetentionRow[];
}

function statusOf(c: Case): CaseStatus {
  if (c.plan?.ceasedOn) return 'ceased';
  if (c.plan?.transferredOutOn) return 'transferred';
  return 'open';
}

const DAY = 86_400_000;

/** The records past retention on the day of `now`, each recorded as shown to `who` (via "retention-review"). */
export async function retentionReview(deps: { readonly store: CaseStore; readonly log: AccessRecorder }, who: Person | Actor, now: number): Promise<RetentionReview> {
  if ('roles' in who) requireInformationGovernance(who, 'The retention review');
  const today = londonToday(now);
  const [policy, stored, people] = await Promise.all([servicePolicy(deps.store), deps.store.queryCases({}), deps.store.listPeople()]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const past: Array<{ c: Case; r: Retention }> = [];
  for (const { case: c } of stored) {
    const r = retentionOf(c, policy.parameters);
    if (isPastRetention(r, today)) past.push({ c, r });
  }
  const rows = past
    .map(({ c, r }) => ({
      caseId: c.id,
      initials: initials(c.childName),
      status: statusOf(c),
      team: c.team,
      leadProfessional: c.leadProfessionalId ? (names.get(c.leadProfessionalId) ?? c.leadProfessionalId) : null,
      keepUntil: r.keepUntil,
      closedOn: r.closedOn,
      rule: r.rule,
      reason: r.basis,
      pastByDays: Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${r.keepUntil}T00:00:00Z`)) / DAY),
    }))
    .sort((a, b) => (a.keepUntil < b.keepUntil ? -1 : a.keepUntil > b.keepUntil ? 1 : a.caseId < b.caseId ? -1 : 1));
  const at = new Date(now).toISOString();
  const entries =
    'roles' in who
      ? entriesFor(
          who,
          past.map((p) => p.c),
          'retention-review',
          today,
          at,
          { reason: 'information-governance' },
        )
      : actorEntries(
          who,
          rows.map((r) => r.caseId),
          'retention-review',
          at,
        );
  await deps.log.add(entries);
  return {
    today,
    policy: { name: policy.name, title: policy.title, yearsFromBirth: policy.parameters.retentionYearsFromBirth, yearsAfterClosure: policy.parameters.retentionYearsAfterClosure },
    rows,
  };
}

export class NotPastRetentionError extends BadRequestError {
  constructor(
    readonly caseId: string,
    readonly keepUntil: string,
  ) {
    super(`${caseId} is not past retention: it is kept until ${keepUntil} under the service's policy profile (docs/rules.md section 9). Nothing was destroyed.`);
    this.name = 'NotPastRetentionError';
  }
}

export interface DestroyRequest {
  readonly caseId: string;
  /** Information governance: a person of the service with that role. */
  readonly by: Person;
  /** Why (the retention review, a decision reference): kept in the destruction entry, so never the child's name. */
  readonly reason: string;
  readonly now: number;
}

export interface Destruction {
  readonly caseId: string;
  readonly entry: AccessEntry;
  readonly report: DestroyReport;
}

/** The destruction entry's id: the same for the same case on the same day (a repeat after a failure
 * finds it), and without the case reference in it. */
function destructionId(caseId: string, today: string): string {
  return `destroyed-${createHash('sha256').update(`${caseId}|${today}`).digest('hex').slice(0, 24)}`;
}

/** Destroy a record past retention: refused unless `by` is information governance, the case is past
 * retention, and a reason is given that does not name the child. A repeat of a destruction that failed
 * part-way finishes it. */
export async function destroyRecord(store: CaseStore, request: DestroyRequest): Promise<Destruction> {
  requireInformationGovernance(request.by, 'Destroying a record');
  const reason = request.reason.trim();
  if (reason.length < 5) throw new BadRequestError('reason: say why the record is destroyed (for example "past retention, reviewed on 2026-12-01"); it is kept in the access record');
  if (reason.length > 500) throw new BadRequestError('reason: at most 500 characters');
  const today = londonToday(request.now);
  const entry: AccessEntry = {
    id: destructionId(request.caseId, today),
    at: new Date(request.now).toISOString(),
    personId: request.by.id,
    caseId: request.caseId,
    via: 'destroyed',
    reason: 'information-governance',
    scope: 'other',
    detail: reason,
  };
  const stored = await store.getCase(request.caseId);
  if (stored === null) {
    // Nothing left under this reference: a destruction that failed part-way is finished, anything else refused.
    const earlier = await store.listAccess({ caseId: request.caseId, via: 'destroyed', limit: 1 });
    if (earlier.length === 0) throw new BadRequestError(`there is no case ${request.caseId}: check the reference. Nothing was destroyed.`);
    return { caseId: request.caseId, entry: earlier[0]!, report: await store.destroyCase(request.caseId, earlier[0]!) };
  }
  const c = stored.case;
  const words = c.childName
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 1);
  if (words.length > 0 && words.every((w) => reason.toLowerCase().includes(w))) {
    throw new BadRequestError("reason: do not name the child: the reason is kept in the access record after the record itself is gone. Give the case reference or the review's reference instead.");
  }
  const policy = await servicePolicy(store);
  const retention = retentionOf(c, policy.parameters);
  if (!isPastRetention(retention, today)) throw new NotPastRetentionError(c.id, retention.keepUntil);
  return { caseId: c.id, entry, report: await store.destroyCase(c.id, entry) };
}
