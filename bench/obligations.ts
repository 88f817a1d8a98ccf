// Benchmark: computeObligations over a 100,000-case demo service.
//   taskset -c 0 npm run bench:obligations          (BENCH_CASES=N to change the size)
// Prints the generation time, then the median of 3 timed runs after one warm-up, the number of
// obligations, and the peak memory sampled during the runs (rss and heapUsed). Figures, not a test.
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

function time<T>(fn: () => T): { value: T; ms: number } {
  sample();
  const start = performance.now();
  const value = fn();
  const elapsed = performance.now() - start;
  sample();
  return { value, ms: elapsed };
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${CASES.toLocaleString('en-GB')} demo cases, today ${TODAY}`);
  const generated = time(() => generateDemo({ cases: CASES, seed: 1, today: TODAY }));
  const file = generated.value;
  console.log(`generate demo:       ${ms(generated.ms)} (${file.people.length} people, ${file.supervisions.length} supervisions)`);

  const warm = time(() => computeObligations(file, { today: TODAY }));
  console.log(`warm-up run:         ${ms(warm.ms)}`);
  const times: number[] = [];
  let count = warm.value.length;
  for (let i = 0; i < RUNS; i++) {
    // Let the sampler run between runs (the runs themselves are synchronous).
    await new Promise((r) => setTimeout(r, 20));
    const run = time(() => computeObligations(file, { today: TODAY }));
    times.push(run.ms);
    count = run.value.length;
  }
  clearInterval(sampler);
  sample();
  const median = [...times].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  console.log(`obligations:         ${count.toLocaleString('en-GB')}`);
  console.log(`computeObligations:  median ${ms(median)} of ${RUNS} runs (${times.map(ms).join(', ')}), ${((median * 1000) / CASES).toFixed(1)} µs per case`);
  console.log(`peak memory:         rss ${mb(peakRss)}, heapUsed ${mb(peakHeap)} (sampled before and after each step, and every 5 ms between them)`);
}

main().catch((e: unknown) => {
  clearInterval(sampler);
  console.error(e);
  process.exitCode = 1;
});
