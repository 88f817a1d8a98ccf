// The access record's own retention (docs/rules.md sections 7 and 9): entries older than the policy
// profile's accessLogRetentionYears are removed, once a day (and a minute after the server starts).
// With more than one instance each removes the same entries; the removal is the same whoever runs it.
import { londonToday } from '../domain/dates.js';
import { accessLogCutoff } from '../domain/retention.js';
import type { CaseStore } from '../store/port.js';
import type { Logger } from './log.js';
import { servicePolicy } from './policy.js';

const DAY_MS = 24 * 60 * 60_000;

/** The instant (London midnight of the cutoff day, as UTC) before which entries have passed retention. */
export function londonMidnight(day: string): string {
  // Europe/London is UTC or UTC+1: midnight there is 00:00 or 23:00 the day before in UTC.
  for (const hour of [-1, 0]) {
    const ms = Date.parse(`${day}T00:00:00Z`) + hour * 3_600_000;
    if (londonToday(ms) === day && londonToday(ms - 1) !== day) return new Date(ms).toISOString();
  }
  return `${day}T00:00:00.000Z`;
}

/** Remove the entries past retention today; returns how many. */
export async function pruneAccessRecord(store: CaseStore, now: number): Promise<{ removed: number; before: string }> {
  const policy = await servicePolicy(store);
  const before = londonMidnight(accessLogCutoff(londonToday(now), policy.parameters));
  return { removed: await store.pruneAccess(before), before };
}

export function startAccessRetention(deps: { store: CaseStore; logger: Logger; clock: () => number }): { stop(): void } {
  const run = () => {
    pruneAccessRecord(deps.store, deps.clock()).then(
      ({ removed, before }) => {
        if (removed > 0) deps.logger.info('access record: entries past retention removed', { removed, before });
      },
      (e: unknown) => deps.logger.error('access record: entries past retention could not be removed (tried again tomorrow)', { error: e instanceof Error ? e.name : 'unknown' }),
    );
  };
  const first = setTimeout(run, 60_000);
  const daily = setInterval(run, DAY_MS);
  first.unref();
  daily.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(daily);
    },
  };
}
