// Bot reply time for "what's due" for a person with 200 cases: the real server (createApp, no bot
// credentials) on 127.0.0.1 over a SQLite store holding the demo service (1,000 cases), in which
// Alex Wilber leads 200. Each request is a Teams message POSTed to /api/messages; the bot's card
// reply goes to a local fake connector. The time is from the POST to its response (the turn,
// reply included). Prints p50/p95/max over 200 requests, after 10 warm-up requests.
//   npm run bench:bot            (BENCH_REQUESTS=200 BENCH_CASES=1000 BENCH_OWN=200)
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemo, PLAYGROUND_USERS } from '../src/domain/demo.js';
import { londonToday } from '../src/domain/dates.js';
import { createApp } from '../src/server/app.js';
import { createLogger } from '../src/services/log.js';
import { openStore } from '../src/store/index.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CASES = Number(process.env.BENCH_CASES ?? 1000);
const OWN = Number(process.env.BENCH_OWN ?? 200);

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'send-bench-bot-'));
const store = await openStore({ SEND_DB_PATH: path.join(dir, 'bench.db') }, { create: true });
try {
  const today = londonToday(Date.now());
  const file = generateDemo({ cases: CASES, seed: 7, today });
  const alexAad = PLAYGROUND_USERS[0].aadObjectId;
  const alex = file.people.find((p) => p.aadObjectId === alexAad)!;
  const cases = file.cases.map((c, i) => (i < OWN ? { ...c, leadProfessionalId: alex.id } : c.leadProfessionalId === alex.id ? { ...c, leadProfessionalId: file.cases[OWN]!.leadProfessionalId } : c));
  await store.importCaseFile({ ...file, cases });
  const owned = (await store.queryCases({ leadProfessionalId: alex.id })).length;

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
  for (let i = 0; i < 10; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  console.log(`bot reply time, "what's due" for a person leading ${owned} cases (store: ${CASES} cases, SQLite file), ${REQUESTS} sequential requests over HTTP`);
  console.log(`  card: ${lastHeadline}; ${cardBytes} bytes`);
  console.log(`  p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms   max ${times[times.length - 1]!.toFixed(1)} ms`);
  await new Promise<void>((r) => app.close(() => r()));
  await new Promise<void>((r) => connector.close(() => r()));
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
