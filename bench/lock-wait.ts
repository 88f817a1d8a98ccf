// Request latency while another process imports 20,000 cases into the same SQLite file (issue 11,
// finding 14). The real server (createApp over the store as npm start opens it) on 127.0.0.1; a
// child process runs `send-oversight import` of the demo file (all or nothing: staged in short
// transactions, then swapped in by one short one);
// meanwhile, rounds of three requests at once, 50 ms apart: GET /healthz (reads every table), "help"
// from a new 1:1 chat (the bot stores the conversation: a write) and "help" from a known chat (reads
// only). Each round waits for its answers, so the bench does not queue work of its own. Prints, idle
// and during the import, p50/p95/max of each, and the longest stall of the event loop (a 10 ms timer).
// (The tab's API is left out: its snapshot is rebuilt after an import, CPU work of its own.)
//   npm run bench:lock-wait            (BENCH_CASES=20000)
import { spawn } from 'node:child_process';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemo, PLAYGROUND_USERS } from '../src/domain/demo.js';
import { londonToday } from '../src/domain/dates.js';
import { createApp } from '../src/server/app.js';
import { createLogger } from '../src/services/log.js';
import { openStore } from '../src/store/index.js';

const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'send-bench-locks-'));
const dbPath = path.join(dir, 'bench.db');
const filePath = path.join(dir, 'cases.json');
const connector = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    res.end('{"id":"reply"}');
  });
});
let server: Server | null = null;
try {
  const today = londonToday(Date.now());
  const file = generateDemo({ cases: CASES, seed: 1, today });
  writeFileSync(filePath, JSON.stringify(file));
  const seed = await openStore({ SEND_DB_PATH: dbPath }, { create: true });
  await seed.importCaseFile(file);
  await seed.close();

  const store = await openStore({ SEND_DB_PATH: dbPath }, { serving: true });
  const logger = createLogger({ level: 'error' });
  const app = createApp({ store, logger, clock: () => Date.now(), env: { TAB_BUILD: 'off' } });
  server = http.createServer(app);
  const base = await listen(server);
  const connectorUrl = `${await listen(connector)}/`;
  const alex = PLAYGROUND_USERS[0];

  let n = 0;
  const message = (text: string, conversationId: string) => ({
    type: 'message',
    id: `m${++n}`,
    text,
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    from: { id: '29:alex', name: 'Alex Wilber', aadObjectId: alex.aadObjectId },
    recipient: { id: '28:bot', name: 'SEND Oversight' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 't1' },
    channelData: { tenant: { id: 't1' } },
  });
  const say = (text: string, conversationId: string) =>
    fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message(text, conversationId)) });
  await (await say('help', 'a:bench-known')).arrayBuffer(); // stores the known chat
  const kinds = {
    'GET /healthz': () => fetch(`${base}/healthz`),
    'help, new chat (a write)': () => say('help', `a:bench-${n}`),
    'help, known chat (reads)': () => say('help', 'a:bench-known'),
  } as const;
  type Kind = keyof typeof kinds;

  /** Fire the three requests every 50 ms until `until` resolves; latencies by kind, the worst stall. */
  const measure = async (until: Promise<unknown>) => {
    const times: Record<Kind, number[]> = { 'GET /healthz': [], 'help, new chat (a write)': [], 'help, known chat (reads)': [] };
    const failures: string[] = [];
    let done = false;
    void until.finally(() => (done = true));
    let last = Date.now();
    let stall = 0;
    const ticker = setInterval(() => {
      const now = Date.now();
      stall = Math.max(stall, now - last);
      last = now;
    }, 10);
    while (!done) {
      const round: Promise<void>[] = [];
      for (const kind of Object.keys(kinds) as Kind[]) {
        const started = Date.now();
        round.push(
          kinds[kind]().then(
            async (res) => {
              await res.arrayBuffer();
              times[kind].push(Date.now() - started);
              if (res.status >= 500) failures.push(`${kind}: ${res.status}`);
            },
            (e: unknown) => void failures.push(`${kind}: ${String(e)}`),
          ),
        );
      }
      await Promise.all(round);
      await new Promise((r) => setTimeout(r, 50));
    }
    clearInterval(ticker);
    return { times, stall, failures };
  };

  const report = (label: string, r: Awaited<ReturnType<typeof measure>>) => {
    console.log(`\n${label}: longest event-loop stall ${ms(r.stall)}${r.failures.length ? `; ${r.failures.length} failed (${[...new Set(r.failures)].slice(0, 3).join('; ')})` : ''}`);
    for (const [kind, list] of Object.entries(r.times)) {
      const sorted = [...list].sort((a, b) => a - b);
      console.log(`  ${kind.padEnd(24)} n=${String(sorted.length).padStart(4)}  p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}  max ${ms(sorted.at(-1) ?? NaN)}`);
    }
  };

  console.log(`node ${process.version}, ${CASES.toLocaleString('en-GB')} demo cases, SQLite file ${dbPath}`);
  report('idle (3 s)', await measure(new Promise((r) => setTimeout(r, 3000))));

  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), 'import', filePath], {
    cwd: ROOT,
    env: { ...process.env, SEND_DB_PATH: dbPath },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const during = await measure(exited);
  console.log(`\nimport in another process: exit ${await exited}, ${((Date.now() - started) / 1000).toFixed(1)} s from spawn (tsx start-up, reading and checking the file, then writing it)`);
  report('during the import', during);
  await store.close();
} finally {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await new Promise<void>((r) => connector.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
}
