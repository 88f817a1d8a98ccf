// bench:faults: exactly once across crashes, and SharePoint under throttling.
//
// 1. The kill/SIGTERM sweep test (tests/support/faults/sweep-faults.ts) 20 times: the real server's
//    reminder sweep killed (SIGKILL) or stopped (SIGTERM) at a random point, on SQLite (12 runs) and
//    on SharePoint lists through the Graph test server (8 runs), then the next run; cards counted per
//    person at a fake Bot Connector. Prints duplicates and losses (goal: 0 and 0), and the placeholders
//    left with no card under them (a POST in flight when a process was killed).
// 2. The SharePoint import of 2,000 cases under 30 % 429s (and 1 % dropped connections), against the
//    fault-free time (goal: under 3x).
//   npm run bench:faults [-- --runs N]
import { runSweepFault, type FaultRunResult } from '../tests/support/faults/sweep-faults.js';
import { describeThrottledImport, measureThrottledImport } from './sharepoint-throttled-import.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;

const results: FaultRunResult[] = [];
console.log(`kill/SIGTERM at a random point of the real server's sweep, then the next run: ${RUNS} runs`);
for (let i = 0; i < RUNS; i++) {
  const store = i < Math.ceil(RUNS * 0.6) ? 'sqlite' : 'sharepoint';
  const signal = i % 2 === 0 ? 'SIGKILL' : 'SIGTERM';
  const t0 = performance.now();
  const r = await runSweepFault({ store, signal });
  results.push(r);
  const exit = r.exit.signal ?? `exit ${r.exit.code}`;
  console.log(
    `  ${String(i + 1).padStart(2)}. ${store.padEnd(10)} ${signal.padEnd(7)} after ${String(r.killedAfter).padStart(3)} connector requests (seed ${r.seed}): ` +
      `${exit} in ${r.exitMs} ms; ${r.postedBeforeKill} of ${r.expected} cards posted before; next run sent ${r.recovery.sent}, ` +
      `${r.recovery['already-sent']} already sent; duplicates ${r.duplicates}, losses ${r.losses}, placeholders left ${r.strays}` +
      ` (${((performance.now() - t0) / 1000).toFixed(1)} s)` +
      (r.problems.length ? `\n      ${r.problems.join('\n      ')}` : ''),
  );
}
const sum = (f: (r: FaultRunResult) => number) => results.reduce((n, r) => n + f(r), 0);
const terms = results.filter((r) => r.signal === 'SIGTERM');
console.log(`\ncards expected ${sum((r) => r.expected)} over ${results.length} runs: duplicates ${sum((r) => r.duplicates)}, losses ${sum((r) => r.losses)}`);
console.log(`placeholders left with no card under them: ${sum((r) => r.strays)} (all after SIGKILL: ${terms.every((r) => r.strays === 0) ? 'yes' : 'no'})`);
console.log(
  `SIGTERM: exit code 0 in ${terms.filter((r) => r.exit.code === 0).length} of ${terms.length}; slowest exit ${Math.max(0, ...terms.map((r) => r.exitMs))} ms (grace 20 s here, 25 s by default)`,
);

console.log('');
console.log(describeThrottledImport(await measureThrottledImport(2000)));
const failed = sum((r) => r.duplicates + r.losses + r.unsettled) > 0 || terms.some((r) => r.exit.code !== 0);
process.exit(failed ? 1 : 0);
