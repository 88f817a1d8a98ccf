// Who may see what (docs/rules.md section 7; PS 10.2, 10.3; SV). Case records are special category
// personal data: every API, bot reply and agenda goes through these functions.
import { isCmooeOn, seriesIdForCase } from '../domain/cmooe.js';
import { toDay } from '../domain/dates.js';
import type { Audit, Case, Person, Role } from '../domain/model.js';

/** Roles that see every case: service managers, QA officers and Business Support (section 7). */
export const ALL_CASES_ROLES: readonly Role[] = ['service-manager', 'qa-officer', 'business-support'];

export type AccessReason = 'all-cases' | 'lead' | 'holds' | 'team-manager' | 'cmooe-chair' | 'auditor';

/** Why `viewer` may see case `c` on `today`, or null if they may not.
 * - a person sees the cases they lead (lead professional) or hold (inclusion lead);
 * - a team manager sees their team's cases;
 * - service managers, QA officers and Business Support see all cases;
 * - a CMOOE chair sees the cases that are CMOOE on `today` in the series they chair (people[].chairs):
 *   a chair of one series sees nothing of the other's children;
 * - an auditor (or moderator) sees the case of an audit assigned to them while it is open
 *   (`auditing`: the case ids of the viewer's open audits, auditCasesOf; docs/rules.md section 7). */
export function accessReason(viewer: Person, c: Case, today: string, auditing?: ReadonlySet<string>): AccessReason | null {
  if (viewer.roles.some((r) => ALL_CASES_ROLES.includes(r))) return 'all-cases';
  if (c.leadProfessionalId === viewer.id) return 'lead';
  if (c.inclusionLeadId === viewer.id) return 'holds';
  if (viewer.roles.includes('team-manager') && viewer.team !== null && c.team === viewer.team) return 'team-manager';
  if (chairsSeries(viewer, seriesIdForCase(c)) && isCmooeOn(c, toDay(today))) return 'cmooe-chair';
  if (auditing?.has(c.id)) return 'auditor';
  return null;
}

/** The cases `personId` audits, or moderates, while the audit (or the moderation) is open: each seen
 * by them for as long (docs/rules.md section 7). */
export function auditCasesOf(audits: readonly Audit[], personId: string): Set<string> {
  const out = new Set<string>();
  for (const a of audits) {
    if (a.completedOn === null && a.auditorId === personId) out.add(a.caseId);
    if (a.moderation !== null && a.moderation.on === null && a.moderation.moderatorId === personId) out.add(a.caseId);
  }
  return out;
}

// ---- chairs per series (docs/rules.md sections 4 and 7) ----------------------------------------------

/** The meeting series a person chairs: people[].chairs, for a person with the cmooe-chair role. */
export function chairedSeries(viewer: Person): readonly string[] {
  return viewer.roles.includes('cmooe-chair') ? (viewer.chairs ?? []) : [];
}

/** Does the person chair this series? */
export function chairsSeries(viewer: Person, seriesId: string): boolean {
  return chairedSeries(viewer).includes(seriesId);
}

/** A case the asker may not see, or one that does not exist: one answer for both, in the bot and the
 * tab's API (404), so that whether a case reference exists is learnt only by those who may see the
 * case (docs/rules.md section 7). */
export class CaseNotFound extends Error {
  constructor(readonly caseId: string) {
    super(`There is no case ${caseId} that you can see.`);
    this.name = 'CaseNotFound';
  }
}

/** What to do after a CaseNotFound, in the same words wherever it is answered. */
export const CASE_NOT_FOUND_HELP = 'Check the reference (for example C-1001), or find the case in your list of cases. Case records are shown only to the people who lead, hold or oversee them.';

export function canSeeCase(viewer: Person, c: Case, today: string, auditing?: ReadonlySet<string>): boolean {
  return accessReason(viewer, c, today, auditing) !== null;
}

/** The cases of a list that `viewer` may see, in the list's order. */
export function visibleCases<T extends { case: Case } | Case>(viewer: Person, cases: readonly T[], today: string): T[] {
  return cases.filter((x) => canSeeCase(viewer, 'case' in x ? x.case : x, today));
}

/** Does the viewer see every case (so a list needs no filtering)? */
export function seesAllCases(viewer: Person): boolean {
  return viewer.roles.some((r) => ALL_CASES_ROLES.includes(r));
}

/** May `viewer` see the figures and people of `team`? Managers of that team, and all-cases roles. */
export function canSeeTeam(viewer: Person, team: string): boolean {
  return seesAllCases(viewer) || (viewer.roles.includes('team-manager') && viewer.team === team);
}

/** The child's initials for anything a whole team or channel can read ("Jamie Example" -> "J.E.").
 * Channel posts carry the case reference and initials only (PS 10.2, 10.3). */
export function initials(childName: string): string {
  const parts = childName
    .split(/[\s-]+/)
    .map((p) => p.replace(/[^\p{L}]/gu, ''))
    .filter((p) => p.length > 0);
  if (parts.length === 0) return '?';
  const chosen = parts.length === 1 ? parts : [parts[0]!, parts[parts.length - 1]!];
  return chosen.map((p) => p[0]!.toUpperCase() + '.').join('');
}
