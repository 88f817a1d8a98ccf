// bench:sharepoint-bot: the bot's reply time for "what's due" on the SharePoint store, against the local
// Graph server the tests use with 80 ms added to every Graph answer (a realistic Graph latency). The real
// server (createApp, no bot credentials) on 127.0.0.1; the demo service (1,000 cases) in which Alex Wilber
// leads 200, as bench:bot has it on SQLite. Each request is a Teams message POSTed to /api/messages, the
// card reply going to a local fake connector; the time is from the POST to its response (the turn, reply
// included). Prints p50/p95/max over 200 sequential requests after 10 warm-up ones (the first loads the
// server's snapshot), and the Graph requests and resource units a reply costs.
//   npm run bench:sharepoint-bot      (BENCH_REQUESTS=200 BENCH_CASES=1000 BENCH_OWN=200 BENCH_LATENCY_MS=80)
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDemo, PLAYGROUND_USERS } from '../src/domain/demo.js';
import { londonToday } from '../src/domain/dates.js';
import { createApp } from '../src/server/app.js';
import { createLogger } from '../src/services/log.js';
import { createSharePointStore } from '../src/store/sharepoint/index.js';
import { staticTokenProvider } from '../src/store/graph/auth.js';
import { startGraphServer } from '../tests/support/graph-server/server.js';
import { summarise } from './sharepoint-figures.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CASES = Number(process.env.BENCH_CASES ?? 1000);
const OWN = Number(process.env.BENCH_OWN ?? 200);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 80);

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const graph = await startGraphServer();
try {
  const store = await createSharePointStore({ siteId: graph.siteId, baseUrl: graph.baseUrl, authProvider: staticTokenProvider(graph.token), provision: true });
  const today = londonToday(Date.now());
  const file = generateDemo({ cases: CASES, seed: 7, today });
  const alexAad = PLAYGROUND_USERS[0].aadObjectId;
  const alex = file.people.find((p) => p.aadObjectId === alexAad)!;
  const cases = file.cases.map((c, i) => (i < OWN ? { ...c, leadProfessionalId: alex.id } : c.leadProfessionalId === alex.id ? { ...c, leadProfessionalId: file.cases[OWN]!.leadProfessionalId } : c));
  await store.importCaseFile({ ...file, cases });
  const owned = (await store.queryCases({ leadProfessionalId: alex.id })).length;
  graph.setLatency(LATENCY_MS);

  let cardBytes = 0;
  let lastHeadline = '';
  const connector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      cardBytes = Buffer.byteLength(JSON.stringify((JSON.parse(body) as { attachments: Array<{ content: unknown }> }).attachments[0]!.content));
      lastHeadline = /"(\d+ overdue, \d+ due[^"]*)"/.exec(body)?.[1] ?? lastHeadline;
      res.setHeader('content-type', 'application/json');
      res.end('{"id":"r"}');
    });
  });
  const connectorUrl = await listen(connector);
  const app = http.createServer(createApp({ store, logger: createLogger({ level: 'warn' }), clock: Date.now, env: {} }));
  const appUrl = await listen(app);

  const activity = JSON.stringify({
    type: 'message',
    id: 'm1',
    text: "what's due",
    channelId: 'msteams',
    serviceUrl: `${connectorUrl}/`,
    from: { id: '29:alex', name: 'Alex Wilber', aadObjectId: alexAad },
    recipient: { id: '28:bot', name: 'SEND Oversight' },
    conversation: { id: 'a:alex', conversationType: 'personal', tenantId: 't' },
    channelData: { tenant: { id: 't' } },
  });
  const once = async (): Promise<number> => {
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${appUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: activity });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
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
  console.log(`  card: ${lastHeadline}; ${cardBytes} bytes`);
  console.log(
    `  p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms   max ${times[times.length - 1]!.toFixed(1)} ms   (CPU ${((cpu.user + cpu.system) / 1000 / REQUESTS).toFixed(1)} ms a request, Graph server included)`,
  );
  console.log(`  Graph per reply: ${(s.http / REQUESTS).toFixed(1)} HTTP requests (${(s.inner / REQUESTS).toFixed(1)} inside $batch), ${(s.ru / REQUESTS).toFixed(1)} RU`);
  const f = summarise(firstLog);
  console.log(`  first request after start (loads the snapshot): ${first.toFixed(0)} ms, ${f.http} HTTP requests, ${f.ru} RU`);
  await new Promise<void>((r) => app.close(() => r()));
  await new Promise<void>((r) => connector.close(() => r()));
} finally {
  await graph.close();
}
