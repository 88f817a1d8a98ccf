// send-oversight sweep [--dry-run] [--today D], and the in-process schedule (weekdays at REMINDER_HOUR,
// Europe/London).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { command } from '../../src/cli/commands/sweep.js';
import { londonOffsetMs } from '../../src/domain/dates.js';
import { memoryLogger } from '../../src/services/log.js';
import { startReminderSchedule } from '../../src/services/reminders/schedule.js';
import { fakeIo } from '../cli/support.js';
import { smallService, tempStore } from './support.js';

let t: ReturnType<typeof tempStore>;
beforeAll(async () => {
  t = tempStore();
  await t.store.importCaseFile(smallService());
});
afterAll(async () => {
  await t.remove();
});

describe('send-oversight sweep', () => {
  it('--dry-run prints who would get what, by case reference, and claims nothing', async () => {
    const io = fakeIo({ cwd: process.cwd(), env: { SEND_DB_PATH: t.path } });
    expect(await command.run(['--dry-run', '--today', '2026-11-23'], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('Alex Reed (p1) would get the digest: 4 new, 0 still overdue');
    expect(out).toContain('Sam Okoro (p9) would get the manager digest: 1 new, 0 still overdue');
    expect(out).toMatch(/overdue +C-1001 +Decide whether to assess, due 2026-11-12/);
    expect(out).not.toContain('Jamie');
    expect(await t.store.listCards('')).toEqual([]);
  });

  it('says a weekend has no reminders, and names a bad date', async () => {
    const io = fakeIo({ cwd: process.cwd(), env: { SEND_DB_PATH: t.path } });
    expect(await command.run(['--dry-run', '--today', '2026-11-28'], io)).toBe(0);
    expect(io.out()).toContain('2026-11-28 is not a weekday');
    const bad = fakeIo({ cwd: process.cwd(), env: { SEND_DB_PATH: t.path } });
    expect(await command.run(['--dry-run', '--today', '2026-11-31'], bad)).toBe(2);
    expect(bad.err()).toContain('--today: not a date "2026-11-31"');
  });

  it('without --dry-run and no bot credentials: refuses and says why', async () => {
    const io = fakeIo({ cwd: process.cwd(), env: { SEND_DB_PATH: t.path } });
    expect(await command.run(['--today', '2026-11-23'], io)).toBe(2);
    expect(io.err()).toContain('MicrosoftAppId is not set');
  });
});

describe('the reminder schedule', () => {
  it.each([
    [undefined, 8],
    ['17', 17],
  ])("REMINDER_HOUR=%s: the next run is a weekday at %i o'clock in London, and stop() stops it", (hour, expected) => {
    const schedule = startReminderSchedule({ store: t.store, clock: () => Date.now(), logger: memoryLogger(), env: hour ? { REMINDER_HOUR: hour } : {} });
    try {
      const next = schedule.nextRun()!;
      const local = new Date(next.getTime() + londonOffsetMs(next.getTime()));
      expect(local.getUTCHours()).toBe(expected);
      expect([0, 20, 40]).toContain(local.getUTCMinutes());
      expect([1, 2, 3, 4, 5]).toContain(local.getUTCDay());
    } finally {
      schedule.stop();
    }
    expect(schedule.nextRun()).toBeNull();
  });

  it('a bad REMINDER_HOUR is refused by name', () => {
    expect(() => startReminderSchedule({ store: t.store, clock: () => Date.now(), logger: memoryLogger(), env: { REMINDER_HOUR: '25' } })).toThrow(/REMINDER_HOUR must be a whole number from 0 to 23/);
  });
});
