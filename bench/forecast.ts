// bench:forecast: the forecast (issue 15) of a 20,000-case demo service: what falls due in each of
// the next 8 weeks, by kind and person, projections included, for the whole service, a team and a
// person, computed from the tab's snapshot (the obligations of today already computed, as they are
// on a running server). Prints figures; asserts nothing. Goal: under 300 ms for the whole service.
// Wall time and the process's CPU time are both printed: on a shared machine the CPU time is the
// steadier of the two.
//   npm run bench:forecast            (CASES=20000 RUNS=7 WARMUP=5)
import { generateDemo } from '../src/domain/demo.js';
import { computeObligations, ruleContext } from '../src/domain/obligations.js';
import { forecastItems } from '../src/domain/forecast.js';
import { DORSET } from '../src/domain/policy.js';
import { Snapshot } from '../src/services/dashboard.js';
import { forecastView } from '../src/services/forecast.js';

const CASES = Number(process.env.CASES ?? 20_000);
const RUNS = Number(process.env.RUNS ?? 7);
const TODAY = '2026-11-23';
const NOW = Date.parse(`${TODAY}T10:00:00Z`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  let t = performance.now();
  const file = generateDemo({ cases: CASES, seed: 1, today: TODAY });
  console.log(`demo service: ${file.cases.length} cases, ${file.people.length} people (${Math.round(performance.now() - t)} ms)`);
  t = performance.now();
  const obligations = computeObligations(file, { today: TODAY, now: new Date(NOW).toISOString() });
  console.log(`obligations of today: ${obligations.length} in ${Math.round(performance.now() - t)} ms (done once when the server's snapshot is built, not per forecast)`);
  const patti = file.people.find((p) => p.name === 'Patti Fernandez')!;
  const adele = file.people.find((p) => p.name === 'Adele Vance')!;
  const alex = file.people.find((p) => p.name === 'Alex Wilber')!;
  // Snoozes are read for a person's and a team's forecast only: none in this demo.
  const store = { listSnoozes: async () => new Map<string, string>() };
  const cases: Array<[string, typeof patti, number]> = [
    ['whole service (service manager)', patti, 0],
    [`team ${adele.team} (team manager)`, adele, 0],
    ['one caseworker (their own)', alex, 0],
  ];
  const gc = (globalThis as { gc?: () => void }).gc;
  const WARMUP = Number(process.env.WARMUP ?? 5);
  for (const [label, viewer] of cases) {
    const times: number[] = [];
    const cpu: number[] = [];
    let first = 0;
    let total = 0;
    let projected = 0;
    // The first runs warm the code up (as the first requests do on a server); they are not in the median.
    for (let run = 0; run < WARMUP + RUNS; run += 1) {
      // A fresh snapshot each run: nothing remembered from the run before. Its building is not timed;
      // its garbage is collected before the run (npm run bench:forecast passes --expose-gc).
      const snapshot = new Snapshot(file, obligations, TODAY, NOW, { policy: DORSET, from: 'the default (dorset)' });
      gc?.();
      const c = process.cpuUsage();
      const s = performance.now();
      const view = await forecastView(snapshot, store, viewer, { limit: 500 });
      const ms = performance.now() - s;
      const used = process.cpuUsage(c);
      if (run === 0) first = ms;
      if (run >= WARMUP) {
        times.push(ms);
        cpu.push((used.user + used.system) / 1000);
      }
      total = view.summary.total;
      projected = view.summary.weeks.reduce((n, w) => n + w.projected, 0);
    }
    console.log(
      `forecast, ${label}: first (code not yet warm) ${first.toFixed(1)} ms; then median ${median(times).toFixed(1)} ms of ${RUNS} (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}), CPU time median ${median(cpu).toFixed(1)} ms; ${total} items in 8 weeks, ${projected} computed forward`,
    );
  }
  await warm(file, obligations);
}

async function warm(file: ReturnType<typeof generateDemo>, obligations: ReturnType<typeof computeObligations>): Promise<void> {
  // The computation alone, on one snapshot, its code warmed up as on a running server: every item of
  // the whole service, today's and computed forward.
  const snapshot = new Snapshot(file, obligations, TODAY, NOW, { policy: DORSET, from: 'the default (dorset)' });
  const ctx = ruleContext(file, { today: TODAY, calendar: snapshot.calendar });
  const once = () =>
    forecastItems({
      today: TODAY,
      cases: file.cases,
      people: file.people,
      obligationsOfCase: (id) => snapshot.openByCase.get(id) ?? [],
      obligationsOfPerson: (id) => snapshot.openByPerson.get(id) ?? [],
      ctx,
    });
  for (let i = 0; i < 5; i += 1) once();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const c = process.cpuUsage();
    const s = performance.now();
    once();
    times.push(performance.now() - s);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  console.log(
    `forecast items of the whole service, warm (domain only, 20 runs): median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}); CPU time median ${median(cpu).toFixed(1)} ms`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
