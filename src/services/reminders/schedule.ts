// The in-process schedule (croner): weekdays at REMINDER_HOUR (default 8) Europe/London, and twice more
// in that hour (at :20 and :40) so that a send claimed by a sweep that crashed is retried the same
// morning (the sweep is idempotent: a run with nothing new sends nothing). Runs never overlap.
import { Cron } from 'croner';
import { readReminderConfig } from './config.js';
import { StoppingError } from '../shutdown.js';
import { runSweep, type ReminderDeps } from './sweep.js';

export interface ReminderSchedule {
  stop(): void;
  /** The next run, for logs and tests. */
  nextRun(): Date | null;
}

export function reminderCronPattern(hour: number): string {
  return `0 0,20,40 ${hour} * * 1-5`;
}

export function startReminderSchedule(deps: ReminderDeps): ReminderSchedule {
  const config = readReminderConfig(deps.env);
  const job = new Cron(reminderCronPattern(config.hour), { timezone: 'Europe/London', protect: true }, async () => {
    try {
      await (deps.shutdown ? deps.shutdown.track((signal) => runSweep(deps, { signal })) : runSweep(deps));
    } catch (e) {
      if (e instanceof StoppingError) return;
      deps.logger.error('scheduled reminder sweep failed', { error: e instanceof Error ? e.message : String(e) });
    }
  });
  return {
    stop: () => job.stop(),
    nextRun: () => job.nextRun(),
  };
}
