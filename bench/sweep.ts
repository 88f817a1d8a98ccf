// bench:sweep: the reminder sweep over a 20,000-case demo service on a real SQLite store (temporary
// file): time, cards sent, store queries. Sends go to a fake Messenger that answers at once; the
// limiter runs on fake time, so the figures are our own work; "at Teams' 50 calls a second" is the
// least time Teams' limit would stretch the sending to (a card is two calls: its placeholder, then the
// card filled in; src/services/card-ledger.ts). Run: npm run bench:sweep [-- --cases N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../src/domain/demo.js';
import { cardBytes } from '../src/services/cards.js';
import { createLogger } from '../src/services/log.js';
import type { AdaptiveCardJson, Messenger } from '../src/services/messenger.js';
import { SendLimiter } from '../src/services/reminders/limiter.js';
import { runSweep, type SweepReport } from '../src/services/reminders/sweep.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import type { CaseStore } from '../src/store/port.js';

const casesArg = process.argv.indexOf('--cases');
const CASES = casesArg > 0 ? Number(process.argv[casesArg + 1]) : 20_000;
const TODAY = '2026-11-23'; // a Monday
const MONDAY_8AM = Date.UTC(2026, 10, 23, 8, 0);

function counting(store: CaseStore): { store: CaseStore; calls: Map<string, number>; reset: () => void } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls, reset: () => calls.clear() };
}

function fakeLimiter(): { limiter: SendLimiter } {
  let t = 0;
  const limiter = new SendLimiter({ now: () => t, sleep: async (ms) => void (t += ms) });
  return { limiter };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sweep-'));
  const raw = openSqliteStore(join(dir, 'store.db'));
  try {
    const file = generateDemo({ cases: CASES, seed: 1, today: TODAY });
    await raw.importCaseFile(file);
    const { store, calls, reset } = counting(raw);
    let largest = 0;
    let cards = 0;
    let posts = 0;
    // A card is posted as a placeholder, then filled in (src/services/card-ledger.ts): two Teams calls.
    const messenger: Messenger = {
      async sendToPerson() {
        posts++;
        return { conversationId: 'c', activityId: String(posts) };
      },
      async sendToChannel() {
        throw new Error('not used');
      },
      async updateCard(_m, card: AdaptiveCardJson) {
        cards++;
        largest = Math.max(largest, cardBytes(card));
      },
    };
    const logger = createLogger({ level: 'error' });
    const env = { TAB_URL: 'https://teams.example/tab' };
    console.log(`reminder sweep over a ${CASES.toLocaleString('en-GB')}-case demo service (${file.people.length} people), SQLite, ${TODAY}`);
    const run = async (label: string, now: number) => {
      reset();
      cards = 0;
      posts = 0;
      const { limiter } = fakeLimiter();
      const t0 = process.hrtime.bigint();
      const cpu0 = process.cpuUsage();
      const report: SweepReport = await runSweep({ store, messenger, clock: () => now, logger, env }, { limiter });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const cpu = process.cpuUsage(cpu0);
      const total = [...calls.values()].reduce((a, b) => a + b, 0);
      const lines = report.deliveries.reduce((n, d) => n + d.lines.length, 0);
      console.log(`\n${label}`);
      console.log(
        `  time ${ms.toFixed(0)} ms (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms: steadier than the wall time on a busy machine); cards sent ${report.counts.sent} (${lines} new lines), already sent ${report.counts['already-sent']}; open obligations ${report.openObligations}`,
      );
      console.log(`  Teams calls: ${posts} placeholders posted, ${cards} cards filled in`);
      console.log(
        `  store queries ${total}: ${[...calls.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
      // Every call counts against Teams' 50 a second per app and tenant, the update as much as the post.
      console.log(`  at Teams' 50 calls a second: at least ${((posts + cards) / 50).toFixed(1)} s of sending`);
    };
    await run('first sweep, Monday 08:00 (nothing announced yet)', MONDAY_8AM);
    console.log(`  largest card ${largest} bytes (limit ${28 * 1024})`);
    await run('same day again, 08:20 (the schedule re-runs: nothing new)', MONDAY_8AM + 20 * 60_000);
    await run('next day, Tuesday 08:00', MONDAY_8AM + 86_400_000);
  } finally {
    await raw.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
