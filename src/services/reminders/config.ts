// Reminder settings from the environment, each checked with a message that names the variable.
import { DEFAULT_GRACE_DAYS, DEFAULT_REMINDER_HOUR } from '../../domain/reminders.js';
import { TAB_ROUTES, tabLink, tabLinkConfig, TabLinkConfigError, type TabLinkConfig } from '../deep-links.js';

export interface ReminderConfig {
  /** Hour of the day (Europe/London) the sweep runs, weekdays (REMINDER_HOUR, default 8). */
  readonly hour: number;
  /** Overdue for more than this many days goes to the owner's manager (GRACE_DAYS, default 5). */
  readonly graceDays: number;
  /** "Due soon" window (REMINDER_LOOKAHEAD_DAYS); null: the policy profile's (14 days in both shipped ones). */
  readonly lookaheadDays: number | null;
  /** A claim older than this that was never marked sent is retried (REMINDER_RETRY_MINUTES, default 5). */
  readonly retryAfterMinutes: number;
  /** Where the tab's "my work" is (TAB_URL; else the Teams deep link from TEAMS_APP_ID; else TAB_ENDPOINT). */
  readonly tabUrl: string;
  /** For links to a case, the dashboard or the forecast (deep-links.ts). */
  readonly links: TabLinkConfig;
  /** The sweep's budget of the store's metered capacity, a minute (REMINDER_RU_PER_MINUTE, default 300
   * SharePoint resource units: a quarter of a small tenant's 1,250; 0: unpaced). SQLite is not metered. */
  readonly storeUnitsPerMinute: number | null;
}

/** A quarter of a small tenant's 1,250 resource units a minute: the morning never throttles the council's users. */
export const DEFAULT_STORE_UNITS_PER_MINUTE = 300;

export class ReminderConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReminderConfigError';
  }
}

function int(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new ReminderConfigError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return n;
}

export function readReminderConfig(env: Readonly<Record<string, string | undefined>>): ReminderConfig {
  let links: TabLinkConfig;
  try {
    links = tabLinkConfig(env);
  } catch (e) {
    if (e instanceof TabLinkConfigError) throw new ReminderConfigError(e.message);
    throw e;
  }
  const tabUrl = env.TAB_URL?.trim() || tabLink(links, TAB_ROUTES.myWork());
  return {
    hour: int(env, 'REMINDER_HOUR', DEFAULT_REMINDER_HOUR, 0, 23),
    graceDays: int(env, 'GRACE_DAYS', DEFAULT_GRACE_DAYS, 0, 365),
    lookaheadDays: env.REMINDER_LOOKAHEAD_DAYS?.trim() ? int(env, 'REMINDER_LOOKAHEAD_DAYS', 0, 0, 365) : null,
    retryAfterMinutes: int(env, 'REMINDER_RETRY_MINUTES', 5, 1, 24 * 60),
    storeUnitsPerMinute: int(env, 'REMINDER_RU_PER_MINUTE', DEFAULT_STORE_UNITS_PER_MINUTE, 0, 1_000_000) || null,
    tabUrl,
    links,
  };
}
