// The audit programme's monthly work, in process (like the reminder sweep and the agenda poster):
// every working day at 08:30 Europe/London, the month's programme run (plan.ts; done on the month's
// first working day, and on any later day only if it was not: a server that was down on the first
// catches up) and the previous month's learning summary to the service managers' channel (summary.ts;
// once). Each is claimed in the store, so several instances do it once between them. AUDITS=off stops it.
import { Cron } from 'croner';
import { civilFromDay, dayFromCivil, fromDay, londonToday, toDay } from '../../domain/dates.js';
import type { Programme } from '../../domain/audits/programme.js';
import { calendarFor } from '../../domain/obligations.js';
import type { CaseStore } from '../../store/port.js';
import type { DocumentStore } from '../agendas/documents.js';
import type { Logger } from '../log.js';
import type { Messenger } from '../messenger.js';
import { StoppingError, type Shutdown } from '../shutdown.js';
import { runAuditPlan, type PlanDeps, type PlanReport } from './plan.js';
import { postLearningSummary, type SummaryPostStatus } from './summary.js';

export interface AuditJobDeps {
  readonly store: CaseStore;
  readonly programme: Programme;
  readonly logger: Logger;
  readonly messenger: Messenger | null;
  readonly documents: DocumentStore | null;
  readonly shutdown?: Shutdown;
  readonly tabUrl?: string | null;
  /** The records the run draws from (the server's snapshot): see PlanDeps.records. */
  readonly records?: PlanDeps['records'];
}

export interface MonthlyAuditResult {
  readonly plan: PlanReport | null;
  readonly summary: { readonly month: string; readonly status: SummaryPostStatus | 'no-messenger' } | null;
}

/** The month before `on`'s, YYYY-MM. */
export function previousMonth(on: string): string {
  const { year, month } = civilFromDay(toDay(on));
  return fromDay(dayFromCivil(month === 1 ? year - 1 : year, month === 1 ? 12 : month - 1, 1)).slice(0, 7);
}

/** What is due at `now`: on a working day, this month's run and last month's summary. */
export async function runMonthlyAudits(deps: AuditJobDeps, now: number, signal?: AbortSignal): Promise<MonthlyAuditResult> {
  const today = londonToday(now);
  const calendar = calendarFor({ schoolHolidays: await deps.store.listSchoolHolidays() });
  if (!calendar.isWorkingDay(toDay(today))) return { plan: null, summary: null };
  const plan = await runAuditPlan(
    { store: deps.store, programme: deps.programme, logger: deps.logger, clock: () => now, calendar, ...(deps.records ? { records: deps.records } : {}) },
    { on: today, ...(signal ? { signal } : {}) },
  );
  const month = previousMonth(today);
  if (deps.messenger === null || deps.documents === null) return { plan, summary: { month, status: 'no-messenger' } };
  const posted = await postLearningSummary({ store: deps.store, programme: deps.programme, messenger: deps.messenger, documents: deps.documents, logger: deps.logger }, month, now, {
    tabUrl: deps.tabUrl ?? null,
    ...(signal ? { signal } : {}),
  });
  if (posted.status === 'no-channel') deps.logger.warn("audit learning summary not posted: no service managers' channel", { month });
  return { plan, summary: { month, status: posted.status } };
}

/** Weekdays at 08:30 Europe/London (after the reminders' hour). */
export const AUDIT_CRON = '0 30 8 * * 1-5';

export interface AuditSchedule {
  stop(): void;
  nextRun(): Date | null;
}

export function startAuditSchedule(deps: AuditJobDeps, clock: () => number): AuditSchedule {
  const job = new Cron(AUDIT_CRON, { timezone: 'Europe/London', protect: true }, async () => {
    try {
      const run = (signal?: AbortSignal) => runMonthlyAudits(deps, clock(), signal);
      const result = await (deps.shutdown ? deps.shutdown.track(run) : run());
      if (result.plan?.status === 'planned') deps.logger.info('monthly audit run', { run: result.plan.run, added: result.plan.added.length });
    } catch (e) {
      if (e instanceof StoppingError) return;
      deps.logger.error('scheduled audit run failed', { error: e instanceof Error ? e.message : String(e) });
    }
  });
  return { stop: () => job.stop(), nextRun: () => job.nextRun() };
}
