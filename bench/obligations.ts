// Benchmark: computeObligations over a 100,000-case demo service.
//   taskset -c 0 npm run bench:obligations          (BENCH_CASES=N to change the size)
// Prints the generation time, then the median of 3 timed runs after one warm-up, the number of
// obligations, and the peak memory sampled during the runs (rss and heapUsed). Figures, not a test.
// Each run starts as a real computation does (a sweep, a dashboard request): the previous result is
// released and collected first (node --expose-gc), so a run does not pay for collecting a 1.6M-item
// result it never made. Without --expose-gc the runs keep each other's garbage, and say so.
// The npm script gives V8 a 32 MB young generation (--max-semi-space-size=32, as start:prod does):
// every obligation survives, and with the default 16 MB the scavenger runs twice as often. For the
// default heap: taskset -c 0 node --expose-gc --import tsx bench/obligations.ts
import { performance } from 'node:perf_hooks';
import { generateDemo } from '../src/domain/demo.js';
import { computeObligations } from '../src/domain/obligations.js';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const TODAY = '2026-11-23';
const RUNS = 3;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (t: number) => `${t.toFixed(0)} ms`;

let peakRss = 0;
let peakHeap = 0;
function sample(): void {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}
const sampler = setInterval(sample, 5);
const collect = (globalThis as { gc?: () => void }).gc;

// Wall time, and the process's CPU time over the same span (user + system): on a shared machine the
// wall time counts the time other processes held the core; the CPU time does not (GC threads add to it).
function time<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  sample();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  sample();
  return { value, ms: elapsed, cpuMs: (used.user + used.system) / 1000 };
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${CASES.toLocaleString('en-GB')} demo cases, today ${TODAY}`);
  const generated = time(() => generateDemo({ cases: CASES, seed: 1, today: TODAY }));
  const file = generated.value;
  console.log(`generate demo:       ${ms(generated.ms)} (${file.people.length} people, ${file.supervisions.length} supervisions)`);

  if (!collect) console.log("(no --expose-gc: each run also collects the previous run's result)");
  let count = 0;
  const warm = time(() => computeObligations(file, { today: TODAY }).length);
  console.log(`warm-up run:         ${ms(warm.ms)}`);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    collect?.();
    // Let the sampler run between runs (the runs themselves are synchronous).
    await new Promise((r) => setTimeout(r, 20));
    const run = time(() => computeObligations(file, { today: TODAY }).length);
    times.push(run.ms);
    cpuTimes.push(run.cpuMs);
    count = run.value;
  }
  clearInterval(sampler);
  sample();
  const median = [...times].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  console.log(`obligations:         ${count.toLocaleString('en-GB')}`);
  console.log(`computeObligations:  median ${ms(median)} of ${RUNS} runs (${times.map(ms).join(', ')}), ${((median * 1000) / CASES).toFixed(1)} µs per case`);
  const cpuMedian = [...cpuTimes].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  console.log(`CPU time:            median ${ms(cpuMedian)} (${cpuTimes.map(ms).join(', ')}), user + system of the process during each run`);
  console.log(`peak memory:         rss ${mb(peakRss)}, heapUsed ${mb(peakHeap)} (sampled before and after each step, and every 5 ms between them)`);
}

main().catch((e: unknown) => {
  clearInterval(sampler);
  console.error(e);
  process.exitCode = 1;
});
