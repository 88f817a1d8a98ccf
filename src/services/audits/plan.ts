// Running the audit programme for a month, exactly once (docs/rules.md section 8): `audits plan --on D`,
// the QA officer's button in the tab, and the monthly job all come here.
//
// A run is claimed in the store's card ledger under `audit-plan/<YYYY-MM>` (one winner across processes
// and instances); the sample is drawn from the store's records (domain/audits/plan.ts: the same records
// and the same month always draw the same ids), the audits are added (an id already stored is left as
// it is) and the quarter's moderations assigned (an audit already given one is left); then the claim is
// marked done. A run killed mid-way leaves its claim unsettled: the next run takes it over (after
// `retryAfterMs`, or at once when asked) and draws the same sample again, so that what the first run
// stored stays, what it did not store is added, and nothing is stored twice.
import { randomUUID } from 'node:crypto';
import { planRun, runOf, type Plan } from '../../domain/audits/plan.js';
import type { Programme } from '../../domain/audits/programme.js';
import type { Calendar } from '../../domain/calendar/index.js';
import { isIsoDate } from '../../domain/dates.js';
import type { Audit, CaseFile, Person } from '../../domain/model.js';
import { calendarFor } from '../../domain/obligations.js';
import type { CardClaim, CaseStore } from '../../store/port.js';
import type { Logger } from '../log.js';

export interface PlanDeps {
  readonly store: CaseStore;
  readonly programme: Programme;
  readonly logger?: Logger;
  readonly clock?: () => number;
  /** Default: bank holidays and the store's school holidays. */
  readonly calendar?: Calendar;
  /** The records to draw from, where the caller holds them up to date already (the server's snapshot,
   * kept by the store's change feed); default: read from the store. */
  readonly records?: () => Promise<Pick<CaseFile, 'cases' | 'people' | 'audits' | 'schoolHolidays'>>;
}

export interface PlanOptions {
  /** The run's day (YYYY-MM-DD): its month is the run. */
  readonly on: string;
  /** Draw and report, store nothing, claim nothing. */
  readonly dryRun?: boolean;
  /** A claim left unsettled for longer than this is taken over (a run that was killed). Default 10 minutes. */
  readonly retryAfterMs?: number;
  /** Stop before writing (a server shutting down). */
  readonly signal?: AbortSignal;
}

export type PlanStatus =
  /** Drawn and stored by this call. */
  | 'planned'
  /** Drawn only (a dry run). */
  | 'dry-run'
  /** Done before (by this or another process): nothing changed. */
  | 'already-planned'
  /** Another process holds the run's claim and is still within its time. */
  | 'under-way';

export interface PlanReport {
  readonly status: PlanStatus;
  readonly run: string;
  readonly on: string;
  readonly plan: Plan;
  /** The ids this call added, and those that were already stored (a run taken over). */
  readonly added: string[];
  readonly existing: string[];
  /** Moderations this call assigned. */
  readonly moderated: string[];
  /** The run's audits as stored after the call (for a dry run: the draws). */
  readonly audits: Audit[];
  /** True when this call took over a claim left by another run. */
  readonly tookOver: boolean;
  readonly claimedAt: string | null;
}

export const PLAN_CLAIM_PREFIX = 'audit-plan/';
const DEFAULT_RETRY_AFTER_MS = 10 * 60_000;

export class PlanRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanRefused';
  }
}

/** Who may run the programme from the tab or the bot (docs/rules.md section 8): a QA officer. */
export function mayRunProgramme(person: Person): boolean {
  return person.roles.includes('qa-officer');
}

async function draw(deps: PlanDeps, on: string): Promise<Plan> {
  if (deps.records) {
    const file = await deps.records();
    return planRun(file, { on, programme: deps.programme, calendar: deps.calendar ?? calendarFor({ schoolHolidays: file.schoolHolidays }) });
  }
  const [cases, people, audits, holidays] = await Promise.all([deps.store.queryCases({}), deps.store.listPeople(), deps.store.listAudits(), deps.store.listSchoolHolidays()]);
  const calendar = deps.calendar ?? calendarFor({ schoolHolidays: holidays });
  return planRun({ cases: cases.map((s) => s.case), people, audits }, { on, programme: deps.programme, calendar });
}

/** Run the programme for the month of `options.on` (see the top of this file). */
export async function runAuditPlan(deps: PlanDeps, options: PlanOptions): Promise<PlanReport> {
  if (!isIsoDate(options.on)) throw new PlanRefused(`--on must be a date YYYY-MM-DD, got ${JSON.stringify(options.on)}`);
  const run = runOf(options.on);
  const key = `${PLAN_CLAIM_PREFIX}${run}`;
  const now = (deps.clock ?? Date.now)();
  // The sample is drawn once per call (reading 20,000 cases is most of a run's time: bench:audit-plan):
  // after the claim for a run that stores, before answering for one that does not.
  const base = async () => ({ run, on: options.on, plan: await draw(deps, options.on), added: [], existing: [], moderated: [], tookOver: false });
  if (options.dryRun) {
    const b = await base();
    return { ...b, status: 'dry-run', audits: b.plan.draws.map((d) => d.audit), claimedAt: null };
  }

  const existing = (await deps.store.listCards(key)).find((c) => c.key === key) ?? null;
  if (existing !== null && (existing.state === 'sent' || existing.state === 'superseded')) {
    return { ...(await base()), status: 'already-planned', audits: await deps.store.listAudits({ run }), claimedAt: existing.claimedAt };
  }
  const retryAfter = options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
  const takeable = (c: CardClaim) => c.state === 'released' || c.state === 'unreachable' || Date.parse(c.claimedAt) <= now - retryAfter;
  if (existing !== null && !takeable(existing)) {
    return { ...(await base()), status: 'under-way', audits: await deps.store.listAudits({ run }), claimedAt: existing.claimedAt };
  }
  if (options.signal?.aborted) throw new PlanRefused('the server is shutting down: the run was not started');
  const holder = randomUUID();
  const at = new Date(now).toISOString();
  const [claim] = await deps.store.claimCards([
    { key, recipientId: 'audit-programme', holder, at, lines: [], ...(existing ? { replaces: { holder: existing.holder, version: existing.version } } : {}) },
  ]);
  if (!claim) return { ...(await base()), status: 'under-way', audits: await deps.store.listAudits({ run }), claimedAt: existing?.claimedAt ?? null };
  // Drawn now that the claim is ours: a run that stored part of the sample before it stopped does not
  // change the draw (its own audits are not counted), so this is the same sample.
  const mine = await draw(deps, options.on);
  const added: string[] = [];
  const already: string[] = [];
  if (mine.draws.length > 0) {
    const r = await deps.store.addAudits(mine.draws.map((d) => d.audit));
    added.push(...r.added);
    already.push(...r.existing);
  }
  const moderated: string[] = [];
  for (const m of mine.moderation) {
    if (options.signal?.aborted) break;
    const stored = await deps.store.getAudit(m.auditId);
    if (stored === null || stored.audit.moderation !== null) continue;
    await deps.store.updateAudit(m.auditId, stored.version, { ...stored.audit, moderation: { moderatorId: m.moderatorId, assignedOn: options.on, grade: null, on: null, comment: null } });
    moderated.push(m.auditId);
  }
  if (options.signal?.aborted) {
    await deps.store.updateCards([{ key, holder, version: claim.version, state: 'released' }]);
    throw new PlanRefused('the server is shutting down: the run stopped part way; the next run finishes it');
  }
  await deps.store.updateCards([{ key, holder, version: claim.version, state: 'sent', sentAt: new Date((deps.clock ?? Date.now)()).toISOString() }]);
  deps.logger?.info('audit programme run', {
    run,
    on: options.on,
    added: added.length,
    existing: already.length,
    moderated: moderated.length,
    unfilled: mine.unfilled.length,
    tookOver: existing !== null,
  });
  return { status: 'planned', run, on: options.on, plan: mine, added, existing: already, moderated, audits: await deps.store.listAudits({ run }), tookOver: existing !== null, claimedAt: at };
}
