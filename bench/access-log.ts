// bench:access-log: what the access record (docs/rules.md section 7; issue 16) costs a request. One
// process, one SQLite file holding the demo service, the real server's bot endpoint (createApp, no bot
// credentials, replies to a local fake connector) and the tab's API (RS256 tokens against a local JWKS),
// sharing one set of dependencies and so one access log. Each endpoint is timed in alternating blocks
// with the log on and off (the same server, warm; each "on" block ends when its entries are written), so that the machine's other load falls on both
// alike. Prints p50/p95 for each, the difference of the p95s, the entries written, and the cost of the
// background writer's store append. Asserts nothing. Goal (issue 16): p95 no more than 10 % slower.
//   npm run bench:access-log     (BENCH_CASES=5000 BENCH_REQUESTS=400 BENCH_BLOCK=10)
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { generateDemo, PLAYGROUND_USERS } from '../src/domain/demo.js';
import { londonToday } from '../src/domain/dates.js';
import type { AccessEntry } from '../src/domain/access-log.js';
import { createApp } from '../src/server/app.js';
import type { ServerDeps } from '../src/server/deps.js';
import { tabApiRoutes } from '../src/server/tab-api.js';
import { sharedAccessLog } from '../src/services/access-log.js';
import { createLogger } from '../src/services/log.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';

const CASES = Number(process.env.BENCH_CASES ?? 5000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 10);
const TENANT = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = 'api://bench.example.org/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'send-bench-access-'));
const store = openSqliteStore(path.join(dir, 'bench.db'));
try {
  const today = londonToday(Date.now());
  const file = generateDemo({ cases: CASES, seed: 7, today });
  await store.importCaseFile(file);
  const alexAad = PLAYGROUND_USERS[0].aadObjectId;
  const alex = file.people.find((p) => p.aadObjectId === alexAad)!;
  const alexCase = file.cases.find((c) => c.leadProfessionalId === alex.id)!;
  const deps: ServerDeps = { store, logger: createLogger({ level: 'warn' }), clock: Date.now, env: {} };
  const log = sharedAccessLog(deps);

  const connector = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end('{"id":"r"}');
    });
  });
  const connectorUrl = await listen(connector);
  const botServer = http.createServer(createApp(deps));
  const botUrl = await listen(botServer);

  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256' };
  const token = await new SignJWT({ oid: alexAad, tid: TENANT })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
    .setIssuer(`https://login.microsoftonline.com/${TENANT}/v2.0`)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);
  const tab = express();
  tab.use(tabApiRoutes(deps, { entra: { clientId: 'bench', audiences: [AUDIENCE], allowedTenants: [TENANT], jwks: createLocalJWKSet({ keys: [jwk] }) } }));
  const tabServer = http.createServer(tab);
  const tabUrl = await listen(tabServer);

  const message = (text: string) =>
    JSON.stringify({
      type: 'message',
      id: randomUUID(),
      text,
      channelId: 'msteams',
      serviceUrl: `${connectorUrl}/`,
      from: { id: '29:alex', name: 'Alex Wilber', aadObjectId: alexAad },
      recipient: { id: '28:bot', name: 'SEND Oversight' },
      conversation: { id: 'a:alex', conversationType: 'personal', tenantId: 't' },
      channelData: { tenant: { id: 't' } },
    });
  const bot = (text: string) => async () => {
    const res = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: message(text) });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`bot "${text}": status ${res.status}`);
  };
  const tabGet = (p: string) => async () => {
    const res = await fetch(tabUrl + p, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${p}: status ${res.status}`);
  };
  const endpoints: Array<[string, () => Promise<void>]> = [
    [`bot "what's due" (Alex; reference and initials only: writes no entry)`, bot("what's due")],
    [`bot "case ${alexCase.id}" (one entry)`, bot(`case ${alexCase.id}`)],
    [`tab case page /api/tab/cases/${alexCase.id} (one entry)`, tabGet(`/api/tab/cases/${alexCase.id}`)],
    ["tab case list, Alex's cases (an entry per case listed)", tabGet('/api/tab/cases')],
  ];

  const alexCases = file.cases.filter((c) => c.leadProfessionalId === alex.id || c.inclusionLeadId === alex.id).length;
  console.log(
    `access record cost: demo service of ${file.cases.length} cases (SQLite file), Alex Wilber leads or holds ${alexCases}; ${REQUESTS} requests per endpoint and setting, sequential, in blocks of ${BLOCK} alternating log on / log off`,
  );
  for (const [label, once] of endpoints) {
    for (let i = 0; i < 20; i++) await once(); // warm: snapshot, figures, JIT
    const times: Record<'on' | 'off', number[]> = { on: [], off: [] };
    // The process's CPU time (client, server and the log's writer are all in it): steadier than wall
    // time on a shared machine; the writer's work lands in the "on" blocks (it runs within them).
    const cpu: Record<'on' | 'off', number> = { on: 0, off: 0 };
    const before = log.written + log.pending;
    for (let block = 0; times.on.length < REQUESTS || times.off.length < REQUESTS; block++) {
      const setting = block % 2 === 0 ? 'on' : 'off';
      log.enabled = setting === 'on';
      const c0 = process.cpuUsage();
      for (let i = 0; i < BLOCK && times[setting].length < REQUESTS; i++) {
        const t0 = process.hrtime.bigint();
        await once();
        times[setting].push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      // The block's queued entries are written within it.
      if (setting === 'on') await log.flush();
      const used = process.cpuUsage(c0);
      cpu[setting] += (used.user + used.system) / 1000;
    }
    log.enabled = true;
    await log.flush();
    const entries = log.written - before;
    const on = [...times.on].sort((a, b) => a - b);
    const off = [...times.off].sort((a, b) => a - b);
    const p95on = percentile(on, 95);
    const p95off = percentile(off, 95);
    console.log(`  ${label}`);
    console.log(`    log on:  p50 ${percentile(on, 50).toFixed(2)} ms  p95 ${p95on.toFixed(2)} ms   (${entries} entries written, ${(entries / REQUESTS).toFixed(1)} per request)`);
    console.log(`    log off: p50 ${percentile(off, 50).toFixed(2)} ms  p95 ${p95off.toFixed(2)} ms`);
    console.log(
      `    p95 with the log: ${p95on >= p95off ? '+' : ''}${(((p95on - p95off) / p95off) * 100).toFixed(1)} %;  CPU per request: on ${(cpu.on / REQUESTS).toFixed(2)} ms, off ${(cpu.off / REQUESTS).toFixed(2)} ms (${cpu.on >= cpu.off ? '+' : ''}${(((cpu.on - cpu.off) / cpu.off) * 100).toFixed(1)} %)`,
    );
  }

  // The writer's own work, off the request path: one store append of a full batch.
  const batch = (n: number): AccessEntry[] =>
    Array.from({ length: n }, (_, i) => ({
      id: randomUUID(),
      at: new Date().toISOString(),
      personId: alex.id,
      caseId: file.cases[i % file.cases.length]!.id,
      via: 'tab-cases' as const,
      reason: 'lead',
      scope: 'own' as const,
      detail: null,
    }));
  const appends: number[] = [];
  for (let i = 0; i < 20; i++) {
    const b = batch(500);
    const t0 = process.hrtime.bigint();
    await store.appendAccess(b);
    appends.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  appends.sort((a, b) => a - b);
  const total = (await store.listAccess({ limit: 100_000 })).length;
  console.log(
    `  background writer: store append of 500 entries (one SQLite transaction), p50 ${percentile(appends, 50).toFixed(1)} ms, p95 ${percentile(appends, 95).toFixed(1)} ms; ${total} entries in the record at the end`,
  );

  await new Promise<void>((r) => botServer.close(() => r()));
  await new Promise<void>((r) => tabServer.close(() => r()));
  await new Promise<void>((r) => connector.close(() => r()));
  await log.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
