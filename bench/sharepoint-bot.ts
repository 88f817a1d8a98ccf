// bench:sharepoint-bot: the bot's reply time for "what's due" on the SharePoint store, against the local
// Graph server the tests use with 80 ms added to every Graph answer (a realistic Graph latency). The real
// server (createApp, no bot credentials) on 127.0.0.1; the demo service (1,000 cases) in which Alex Wilber
// leads 200, as bench:bot has it on SQLite. Each request is a Teams message POSTed to /api/messages, the
// card reply going to a local fake connector; the time is from the POST to its response (the turn, reply
// included). Prints p50/p95/max over 200 sequential requests after 10 warm-up ones (the first loads the
// server's snapshot), and the Graph requests and resource units a reply costs.
//   npm run bench:sharepoint-bot      (BENCH_REQUESTS=200 BENCH_CASES=1000 BENCH_OWN=200 BENCH_LATENCY_MS=80)
import { createSharePointStore } from '../src/store/sharepoint/index.js';
import { staticTokenProvider } from '../src/store/graph/auth.js';
import { startGraphServer } from '../tests/support/graph-server/server.js';
import { importAlexsService, percentile, startBotBench } from './bot-harness.js';
import { summarise } from './sharepoint-figures.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CASES = Number(process.env.BENCH_CASES ?? 1000);
const OWN = Number(process.env.BENCH_OWN ?? 200);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 80);

const graph = await startGraphServer();
try {
  const store = await createSharePointStore({ siteId: graph.siteId, baseUrl: graph.baseUrl, authProvider: staticTokenProvider(graph.token), provision: true });
  const owned = await importAlexsService(store, CASES, OWN);
  graph.setLatency(LATENCY_MS);
  const bench = await startBotBench(store);
  const once = bench.once;
  const w0 = graph.log.length;
  const first = await once();
  const firstLog = graph.log.slice(w0);
  for (let i = 0; i < 9; i++) await once();
  const start = graph.log.length;
  const cpu0 = process.cpuUsage();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await once());
  const cpu = process.cpuUsage(cpu0);
  const s = summarise(graph.log.slice(start));
  times.sort((a, b) => a - b);
  console.log(
    `bot reply time, "what's due" for a person leading ${owned} cases (store: ${CASES} cases, SharePoint on the local Graph server, ${LATENCY_MS} ms added to every Graph answer), ${REQUESTS} sequential requests over HTTP`,
  );
  console.log(`  card: ${bench.card().headline}; ${bench.card().bytes} bytes`);
  console.log(
    `  p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms   max ${times[times.length - 1]!.toFixed(1)} ms   (CPU ${((cpu.user + cpu.system) / 1000 / REQUESTS).toFixed(1)} ms a request, Graph server included)`,
  );
  console.log(`  Graph per reply: ${(s.http / REQUESTS).toFixed(1)} HTTP requests (${(s.inner / REQUESTS).toFixed(1)} inside $batch), ${(s.ru / REQUESTS).toFixed(1)} RU`);
  const f = summarise(firstLog);
  console.log(`  first request after start (loads the snapshot): ${first.toFixed(0)} ms, ${f.http} HTTP requests, ${f.ru} RU`);
  await bench.close();
} finally {
  await graph.close();
}
