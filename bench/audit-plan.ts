// bench:audit-plan: planning a month of the audit programme (docs/rules.md section 8) for a 20,000-case
// demo service. Two figures, each the median of RUNS after WARMUP:
//   1. the draw itself (domain/audits/plan.ts planRun) on the records in memory, for a September run
//      (every type due but the hand-chosen ones: the largest month) and a November run (EHC plans and
//      children's services cases);
//   2. the whole run stored on the SQLite store (services/audits/plan.ts runAuditPlan: claim, draw, add
//      the audits, assign the quarter's moderation, settle the claim), each month of a year in turn on
//      a temporary database file: as the server runs it (the tab's button, the monthly job: drawn from
//      the server's snapshot, brought up to date by the change feed), and as `audits plan` on the
//      command line runs it (every case read from the store).
// Prints figures; asserts nothing. Goal (issue 14): under 1 s for the month of a 20,000-case service.
//   npm run bench:audit-plan            (CASES=20000 RUNS=5 WARMUP=2)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planRun } from '../src/domain/audits/plan.js';
import { DORSET_PROGRAMME } from '../src/domain/audits/programme.js';
import { defaultCalendar } from '../src/domain/calendar/index.js';
import { generateDemo } from '../src/domain/demo.js';
import { runAuditPlan } from '../src/services/audits/plan.js';
import { SnapshotSource } from '../src/services/dashboard.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';

const CASES = Number(process.env.CASES ?? 20_000);
const RUNS = Number(process.env.RUNS ?? 5);
const WARMUP = Number(process.env.WARMUP ?? 2);
const TODAY = '2026-11-23';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  let t = performance.now();
  const file = generateDemo({ cases: CASES, seed: 1, today: TODAY });
  console.log(`demo service: ${file.cases.length} cases, ${file.people.length} people, ${file.audits.length} audits of the last year (${Math.round(performance.now() - t)} ms)`);
  // The demo's own runs of this year are left out, so that each month below draws in full.
  const input = { cases: file.cases, people: file.people, audits: file.audits.filter((a) => a.assignedOn < '2026-01-01') };

  for (const on of ['2026-09-01', '2026-11-02']) {
    const times: number[] = [];
    let draws = 0;
    for (let i = 0; i < WARMUP + RUNS; i += 1) {
      const s = performance.now();
      const plan = planRun(input, { on, programme: DORSET_PROGRAMME, calendar: defaultCalendar });
      const ms = performance.now() - s;
      draws = plan.draws.length + plan.moderation.length;
      if (i >= WARMUP) times.push(ms);
    }
    console.log(
      `draw (planRun, in memory), run of ${on.slice(0, 7)}: ${draws} audits and moderations; median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}; ${RUNS} runs)`,
    );
  }

  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-plan-'));
  try {
    const store = openSqliteStore(join(dir, 'send.db'));
    t = performance.now();
    await store.importCaseFile({ ...file, audits: input.audits });
    console.log(`SQLite store loaded in ${Math.round(performance.now() - t)} ms (not timed below)`);
    // The server (the tab's button, the monthly job) draws from its snapshot, kept current by the
    // store's change feed; the command line reads every case from the store.
    const clock = { now: Date.parse('2026-01-01T08:30:00Z') };
    const source = new SnapshotSource(store, () => clock.now);
    t = performance.now();
    await source.get();
    console.log(`server snapshot built in ${Math.round(performance.now() - t)} ms (once, at start; not timed below)`);
    const year = (y: string) => ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `${y}-${m}`);
    for (const [label, months, fromSnapshot] of [
      ['server: drawn from the snapshot', year('2026'), true],
      ['command line: drawn from the store', year('2027'), false],
    ] as const) {
      const times: number[] = [];
      const lines: string[] = [];
      for (const month of months) {
        const on = `${month}-01`;
        clock.now = Date.parse(`${on}T08:30:00Z`);
        // The server's snapshot of the day is built by its first request (or the reminder sweep): not
        // timed; the run brings it up to date by the change feed.
        if (fromSnapshot) await source.get();
        const s = performance.now();
        const report = await runAuditPlan(
          { store, programme: DORSET_PROGRAMME, clock: () => clock.now, ...(fromSnapshot ? { records: async () => (await source.fresh()).file } : {}) },
          { on, dryRun: false },
        );
        const ms = performance.now() - s;
        times.push(ms);
        lines.push(`${month} ${report.status} +${report.added.length}${report.moderated.length ? ` (${report.moderated.length} moderations)` : ''} ${Math.round(ms)} ms`);
      }
      console.log(`whole run stored (runAuditPlan on SQLite), ${label}: ${lines.join('; ')}`);
      console.log(`  median ${Math.round(median(times))} ms, max ${Math.round(Math.max(...times))} ms`);
    }
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
