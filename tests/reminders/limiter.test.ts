// The send limiter on fake time: Teams' 50 messages a second per app and about 7 a second per
// conversation, and one shared "throttled until" after a refusal worth retrying.
import { describe, expect, it } from '@jest/globals';
import { NotReachableError, TransientSendError } from '../../src/services/messenger.js';
import { SendLimiter } from '../../src/services/reminders/limiter.js';

function fakeTime() {
  const clock = { t: 0 };
  const limiter = new SendLimiter({ now: () => clock.t, sleep: async (ms) => void (clock.t += ms) });
  return { clock, limiter };
}

describe('SendLimiter', () => {
  it('spaces sends: 20 ms apart across the app (50/s), about 143 ms apart in one conversation (7/s)', async () => {
    const { clock, limiter } = fakeTime();
    const starts: Array<[string, number]> = [];
    for (const c of ['a', 'b', 'c', 'a', 'a']) await limiter.run(c, async () => void starts.push([c, clock.t]));
    const times = starts.map(([, t]) => t);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(20 - 1e-9);
    const a = starts.filter(([c]) => c === 'a').map(([, t]) => t);
    for (let i = 1; i < a.length; i++) expect(a[i]! - a[i - 1]!).toBeGreaterThanOrEqual(1000 / 7 - 1e-9);
  });

  it('after a 429 with Retry-After the send is retried once the wait is over', async () => {
    const { clock, limiter } = fakeTime();
    let first = true;
    const sentAt = await limiter.run('a', async () => {
      if (first) {
        first = false;
        throw new TransientSendError('429', 5000);
      }
      return clock.t;
    });
    expect(sentAt).toBeGreaterThanOrEqual(5000);
    expect(limiter.stats.retries).toBe(1);
  });

  it('a 429 in one conversation holds back every other conversation until Retry-After has passed', async () => {
    const clock = { t: 0 };
    const limiter = new SendLimiter({ now: () => clock.t, sleep: async (ms) => void (clock.t += ms), maxAttempts: 1 });
    await expect(limiter.run('a', async () => Promise.reject(new TransientSendError('429', 5000)))).rejects.toThrow('429');
    expect(clock.t).toBe(0);
    expect(await limiter.run('b', async () => clock.t)).toBe(5000);
  });

  it('backs off exponentially without Retry-After (412, 502, 504) and gives up after the last attempt', async () => {
    const { clock, limiter } = fakeTime();
    const at: number[] = [];
    await expect(
      limiter.run('a', async () => {
        at.push(clock.t);
        throw new TransientSendError('502');
      }),
    ).rejects.toThrow('502');
    expect(at).toHaveLength(5);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps.map((g) => Math.round(g))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('does not retry a person the bot cannot reach', async () => {
    const { limiter } = fakeTime();
    let calls = 0;
    await expect(
      limiter.run('a', async () => {
        calls++;
        throw new NotReachableError('p1');
      }),
    ).rejects.toBeInstanceOf(NotReachableError);
    expect(calls).toBe(1);
  });
});
