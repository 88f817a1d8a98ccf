// Reminders: the daily digest sweep (exactly once per person per day), its schedule, and the digest
// card's buttons. See sweep.ts for the exactly-once protocol and src/domain/reminders.ts for the keys.
export { runSweep, sentDigestLines, type ReminderDeps, type SweepOptions, type SweepReport, type Delivery, type DeliveryStatus } from './sweep.js';
export { handleReminderAction } from './actions.js';
export { startReminderSchedule, reminderCronPattern, type ReminderSchedule } from './schedule.js';
export { SendLimiter, limiterFor, type LimiterOptions } from './limiter.js';
export { readReminderConfig, ReminderConfigError, type ReminderConfig } from './config.js';
export { digestCard, digestCardData, reminderNoteCard, SNOOZE_DAYS, type DigestLine, type DigestCardInput } from './cards.js';
