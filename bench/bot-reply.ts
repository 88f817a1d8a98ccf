// Bot reply time for "what's due" for a person with 200 cases: the real server (createApp, no bot
// credentials) on 127.0.0.1 over a SQLite store holding the demo service (1,000 cases), in which
// Alex Wilber leads 200. Each request is a Teams message POSTed to /api/messages; the bot's card
// reply goes to a local fake connector. The time is from the POST to its response (the turn,
// reply included). Prints p50/p95/max over 200 requests, after 10 warm-up requests.
//   npm run bench:bot            (BENCH_REQUESTS=200 BENCH_CASES=1000 BENCH_OWN=200)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../src/store/index.js';
import { importAlexsService, percentile, startBotBench } from './bot-harness.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CASES = Number(process.env.BENCH_CASES ?? 1000);
const OWN = Number(process.env.BENCH_OWN ?? 200);

const dir = mkdtempSync(path.join(os.tmpdir(), 'send-bench-bot-'));
const store = await openStore({ SEND_DB_PATH: path.join(dir, 'bench.db') }, { create: true });
try {
  const owned = await importAlexsService(store, CASES, OWN);
  const bench = await startBotBench(store);
  const once = bench.once;
  for (let i = 0; i < 10; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  console.log(`bot reply time, "what's due" for a person leading ${owned} cases (store: ${CASES} cases, SQLite file), ${REQUESTS} sequential requests over HTTP`);
  console.log(`  card: ${bench.card().headline}; ${bench.card().bytes} bytes`);
  console.log(`  p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms   max ${times[times.length - 1]!.toFixed(1)} ms`);
  await bench.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
