// Exactly once across crashes: the real server's reminder sweep killed (SIGKILL) or stopped (SIGTERM)
// at a random point, on SQLite and on SharePoint (the Graph test server), then the next run; every
// person gets each card of the day once, none lost (counted at a fake Bot Connector that the real
// botbuilder adapter posts to: tests/support/faults/sweep-faults.ts). A SIGTERM ends the process with
// exit code 0, having finished or released what it was posting. npm run bench:faults runs 20 of these.
import { describe, expect, it } from '@jest/globals';
import { runSweepFault, type FaultRunResult } from '../support/faults/sweep-faults.js';

function expectExactlyOnce(r: FaultRunResult): void {
  // The seed repeats the run if it ever fails.
  expect({ seed: r.seed, problems: r.problems }).toEqual({ seed: r.seed, problems: [] });
  expect(r.duplicates).toBe(0);
  expect(r.losses).toBe(0);
  expect(r.unsettled).toBe(0);
  expect(r.expected).toBeGreaterThan(10);
}

describe('the sweep on SQLite', () => {
  it('killed (SIGKILL) at a random point: the next run sends every card once', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await runSweepFault({ store: 'sqlite', signal: 'SIGKILL' });
      expectExactlyOnce(r);
      expect(r.exit.signal).toBe('SIGKILL');
    }
  }, 240_000);

  it('stopped (SIGTERM) at a random point: exits 0 within the grace, having finished or released its cards; the next run sends the rest once', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await runSweepFault({ store: 'sqlite', signal: 'SIGTERM' });
      expectExactlyOnce(r);
      expect(r.exit.code).toBe(0);
      expect(r.exitMs).toBeLessThan(20_000);
      // nothing was left in doubt: no placeholder without its card
      expect(r.strays).toBe(0);
    }
  }, 240_000);
});

describe('the sweep on SharePoint (Graph test server)', () => {
  it('killed (SIGKILL) at a random point: the next run sends every card once', async () => {
    const r = await runSweepFault({ store: 'sharepoint', signal: 'SIGKILL' });
    expectExactlyOnce(r);
  }, 240_000);

  it('stopped (SIGTERM) at a random point: exits 0, and the next run sends the rest once', async () => {
    const r = await runSweepFault({ store: 'sharepoint', signal: 'SIGTERM' });
    expectExactlyOnce(r);
    expect(r.exit.code).toBe(0);
    expect(r.strays).toBe(0);
  }, 240_000);
});
