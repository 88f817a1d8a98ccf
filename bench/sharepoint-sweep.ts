// bench:sharepoint-sweep: the reminder sweep of the 20,000-case demo service on the SharePoint store,
// against the local Graph server the tests use (tests/support/graph-server, same process, no latency):
// HTTP requests to Graph, requests inside $batch and SharePoint resource units (bench/sharepoint-figures.ts)
// for the first morning (nothing announced yet), the same morning again, and an ordinary next morning;
// and the minutes the sweep's pacing to REMINDER_RU_PER_MINUTE (default 300) stretches it to.
// The sweep reads the server's snapshot (src/services/dashboard.ts SnapshotSource), loaded once when the
// server starts (its cost is printed apart) and refreshed by one delta round per sweep. The pacing runs on
// fake time (its waits are added up, not slept); Teams sends go to a fake messenger that answers at once.
//   npm run bench:sharepoint-sweep [-- --cases N] [-- --units-per-minute U]
import { generateDemo } from '../src/domain/demo.js';
import { createLogger } from '../src/services/log.js';
import type { Messenger } from '../src/services/messenger.js';
import { SendLimiter } from '../src/services/reminders/limiter.js';
import { runSweep } from '../src/services/reminders/sweep.js';
import { SnapshotSource } from '../src/services/dashboard.js';
import { createSharePointStore } from '../src/store/sharepoint/index.js';
import { staticTokenProvider } from '../src/store/graph/auth.js';
import { startGraphServer } from '../tests/support/graph-server/server.js';
import { printSummary, summarise } from './sharepoint-figures.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CASES = arg('--cases', 20_000);
const UNITS_PER_MINUTE = arg('--units-per-minute', 300);
const TODAY = '2026-11-23'; // a Monday
const MONDAY_8AM = Date.UTC(2026, 10, 23, 8, 0);

const server = await startGraphServer();
try {
  const store = await createSharePointStore({ siteId: server.siteId, baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), provision: true });
  const file = generateDemo({ cases: CASES, seed: 1, today: TODAY });
  const t0 = performance.now();
  await store.importCaseFile(file);
  console.log(`reminder sweep over a ${CASES.toLocaleString('en-GB')}-case demo service (${file.people.length} people), SharePoint store on the local Graph server`);
  console.log(`  (import: ${((performance.now() - t0) / 1000).toFixed(0)} s, not counted)`);
  let now = MONDAY_8AM;
  const snapshots = new SnapshotSource(store, () => now);
  const at = server.log.length;
  const t1 = performance.now();
  await snapshots.get();
  console.log(`\nserver start: the snapshot loaded once (${((performance.now() - t1) / 1000).toFixed(1)} s), then kept by the change feed`);
  printSummary('  snapshot load', server.log.slice(at));

  let posts = 0;
  let fills = 0;
  const messenger: Messenger = {
    async sendToPerson() {
      posts++;
      return { conversationId: 'c', activityId: String(posts) };
    },
    async sendToChannel() {
      throw new Error('not used');
    },
    async updateCard() {
      fills++;
    },
  };
  const logger = createLogger({ level: 'error' });
  const env = { TAB_URL: 'https://teams.example/tab', REMINDER_RU_PER_MINUTE: String(UNITS_PER_MINUTE) };
  const run = async (label: string, at8: number) => {
    now = at8;
    posts = 0;
    fills = 0;
    let sendT = 0;
    const limiter = new SendLimiter({ now: () => sendT, sleep: async (ms) => void (sendT += ms) });
    let paceT = 0;
    const budget = { now: () => paceT, sleep: async (ms: number) => void (paceT += ms) };
    const start = server.log.length;
    const w0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const report = await runSweep({ store, messenger, clock: () => now, logger, env, snapshots }, { limiter, budget });
    const wallMs = Number(process.hrtime.bigint() - w0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const log = server.log.slice(start);
    const s = summarise(log);
    console.log(`\n${label}`);
    console.log(`  cards sent ${report.counts.sent}, already sent ${report.counts['already-sent']}, open obligations ${report.openObligations}; Teams calls ${posts} posts + ${fills} fill-ins`);
    console.log(`  wall ${(wallMs / 1000).toFixed(1)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (Graph server in the same process, its work included)`);
    console.log(
      `  paced to ${UNITS_PER_MINUTE} RU a minute: ${(paceT / 60_000).toFixed(1)} minutes of waiting for the budget (${s.ru} RU / ${UNITS_PER_MINUTE} = ${(s.ru / UNITS_PER_MINUTE).toFixed(1)} min)`,
    );
    printSummary('  Graph', log);
  };
  await run('first morning, Monday 08:00 (nothing announced yet)', MONDAY_8AM);
  await run('same morning again, 08:20 (the schedule re-runs: nothing new)', MONDAY_8AM + 20 * 60_000);
  await run('ordinary next morning, Tuesday 08:00', MONDAY_8AM + 86_400_000);
} finally {
  await server.close();
}
