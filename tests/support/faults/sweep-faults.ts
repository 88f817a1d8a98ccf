// A kill or a SIGTERM at a random point of a real server's reminder sweep, then the next run, and
// the cards each person got counted at a fake Bot Connector (tests/support/bot-connector): the
// exactly-once check of tests/reminders/faults.test.ts and bench/faults.ts.
//
// One run:
//   1. a demo service in a store (a SQLite file, or SharePoint lists on the Graph test server in this
//      process), every person with a 1:1 conversation at the fake connector (answers 2-6 ms late);
//   2. a dry run says which cards the day should bring (person, digest or manager digest, lines);
//   3. the real server (src/server/main.ts, the real botbuilder adapter) runs in a child process; its
//      sweep is started through POST /api/jobs/sweep (the caller hangs up at once, as a scheduler that
//      does not wait), and when the connector has seen a random number of requests (somewhere in the
//      sweep), the child gets SIGKILL or SIGTERM;
//   4. the next run: a sweep in this process 20 minutes later (claims of a killed sweep are stale by
//      then), through the real adapter to the same connector;
//   5. counted at the connector: cards filled in per person and kind (a duplicate is a second card, a
//      loss an expected card missing or short of lines), placeholders left with no card under them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdapter } from '../../../bot/adapter.js';
import { createTeamsMessenger } from '../../../bot/teamsMessenger.js';
import { generateDemo } from '../../../src/domain/demo.js';
import { memoryLogger } from '../../../src/services/log.js';
import { SendLimiter } from '../../../src/services/reminders/limiter.js';
import { runSweep, type SweepReport } from '../../../src/services/reminders/sweep.js';
import { staticTokenProvider } from '../../../src/store/graph/auth.js';
import { openStore } from '../../../src/store/index.js';
import type { CaseStore } from '../../../src/store/port.js';
import { createSharePointStore } from '../../../src/store/sharepoint/index.js';
import { cardOf, startBotConnector, type BotConnector } from '../bot-connector/server.js';
import { startGraphServer, type GraphTestServer } from '../graph-server/server.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TODAY = '2026-11-23';
/** The sweeps' SharePoint budget: paced as in production, ten times faster (300 a minute by default). */
const PACE = { REMINDER_RU_PER_MINUTE: '3000' };

export interface FaultRunOptions {
  readonly store: 'sqlite' | 'sharepoint';
  readonly signal: 'SIGKILL' | 'SIGTERM';
  readonly cases?: number;
  /** Seed of the random kill point (default: random). */
  readonly seed?: number;
}

export interface FaultRunResult {
  /** The seed of the kill point (to repeat a run). */
  readonly seed: number;
  readonly store: 'sqlite' | 'sharepoint';
  readonly signal: 'SIGKILL' | 'SIGTERM';
  /** Cards the day should bring. */
  readonly expected: number;
  /** Connector requests after which the signal was sent. */
  readonly killedAfter: number;
  /** How the child ended. */
  readonly exit: { readonly code: number | null; readonly signal: NodeJS.Signals | null };
  /** Milliseconds from the signal to the child's exit. */
  readonly exitMs: number;
  /** Cards the killed server had posted before it ended. */
  readonly postedBeforeKill: number;
  readonly recovery: SweepReport['counts'];
  /** A second card for a person and kind, beyond the first. */
  readonly duplicates: number;
  /** Expected cards never filled in, or with fewer lines than expected. */
  readonly losses: number;
  /** Placeholders with no card under them (a POST in flight when the process died). */
  readonly strays: number;
  /** Cards not settled in the ledger after the next run. */
  readonly unsettled: number;
  readonly problems: readonly string[];
}

function random(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Backend {
  readonly env: Record<string, string>;
  open(): Promise<CaseStore>;
  close(): Promise<void>;
}

async function backend(kind: 'sqlite' | 'sharepoint', dir: string): Promise<Backend> {
  if (kind === 'sqlite') {
    const env = { SEND_STORE: 'sqlite', SEND_DB_PATH: path.join(dir, 'store.db') };
    return { env, open: () => openStore(env, { create: true }), close: async () => undefined };
  }
  const server: GraphTestServer = await startGraphServer();
  const env = { SEND_STORE: 'sharepoint', SEND_SP_SITE_ID: server.siteId, SEND_GRAPH_BASE_URL: server.baseUrl, SEND_GRAPH_TOKEN: server.token };
  await (await createSharePointStore({ siteId: server.siteId, baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), provision: true })).close();
  return { env, open: () => openStore(env), close: () => server.close() };
}

/** Cards in a message's card: the texts of its TextBlocks. */
function texts(card: Record<string, unknown> | null): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

function startChild(env: Record<string, string>): { child: ChildProcess; port: Promise<number>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/server/main.ts')], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let timer: NodeJS.Timeout | undefined;
  const port = new Promise<number>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the server did not listen within 60 s:\n${out}`)), 60_000);
    // The server logs JSON lines on stderr: {"level":"info","message":"server listening",...,"port":N}
    const seen = (d: Buffer) => {
      out += d.toString();
      const m = /"message":"server listening"[^\n]*"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it listened:\n${out}`));
    });
  });
  return { child, port, output: () => out };
}

export async function runSweepFault(options: FaultRunOptions): Promise<FaultRunResult> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const rand = random(seed);
  const dir = mkdtempSync(path.join(tmpdir(), 'sweep-faults-'));
  const connector: BotConnector = await startBotConnector();
  const back = await backend(options.store, dir);
  const problems: string[] = [];
  let child: ChildProcess | null = null;
  try {
    connector.faults.delay(2, 6);
    const file = generateDemo({ cases: options.cases ?? 200, seed: 7, today: TODAY });
    const setup = await back.open();
    await setup.importCaseFile(file);
    for (const p of file.people) {
      await setup.saveConversation({
        id: `a:${p.id}`,
        scope: 'personal',
        personId: p.id,
        aadObjectId: p.aadObjectId ?? null,
        teamId: null,
        channelId: null,
        reference: {
          channelId: 'msteams',
          serviceUrl: connector.serviceUrl,
          bot: { id: '28:bot', name: 'SEND Oversight' },
          user: { id: `29:${p.id}` },
          conversation: { id: `a:${p.id}`, conversationType: 'personal', tenantId: 't1' },
        },
        updatedAt: '2026-11-01T09:00:00Z',
      });
    }
    const logger = memoryLogger();
    const plan = await runSweep({ store: setup, clock: () => Date.now(), logger, env: PACE }, { dryRun: true, today: TODAY });
    await setup.close();
    const expected = new Map(plan.deliveries.map((d) => [`${d.card}|${d.recipientId}`, d.lines.length]));

    // The real server in a child process, its sweep started over HTTP, killed at a random point.
    const started = startChild({
      ...back.env,
      PORT: '0',
      HOST: '127.0.0.1',
      REMINDERS: 'off',
      AGENDAS: 'off',
      DEMO: 'off',
      TAB_BUILD: 'off',
      LOG_LEVEL: 'info',
      SWEEP_SECRET: 'faults',
      SHUTDOWN_GRACE_SECONDS: '20',
      ...PACE,
      SEND_AGENDA_DIR: path.join(dir, 'agendas'),
    });
    child = started.child;
    const port = await started.port;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child!.on('exit', (code, signal) => resolve({ code, signal })));
    // Somewhere in the sweep: each card is two connector requests (placeholder, card).
    const killedAfter = 1 + Math.floor(rand() * Math.max(1, expected.size * 2 - 1));
    let signalledAt = 0;
    const signalled = new Promise<void>((resolve) => {
      connector.onRequest = (n) => {
        if (n < killedAfter || signalledAt) return;
        signalledAt = Date.now();
        connector.onRequest = null;
        setTimeout(
          () => {
            child!.kill(options.signal);
            resolve();
          },
          Math.floor(rand() * 4),
        );
      };
    });
    // The sweep is asked for over HTTP and the caller does not wait for the answer (as the in-process
    // schedule does not): the server must look after its own running sweep when it is told to stop.
    const caller = new AbortController();
    void fetch(`http://127.0.0.1:${port}/api/jobs/sweep`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sweep-secret': 'faults' },
      body: JSON.stringify({ today: TODAY }),
      signal: caller.signal,
    }).catch(() => undefined);
    const hangUp = setInterval(() => {
      if (connector.log.length > 0) {
        caller.abort();
        clearInterval(hangUp);
      }
    }, 1);
    // If the chosen point is never reached (a sweep that sent less than planned), signal once the
    // connector has been quiet for half a second.
    let lastSeen = Date.now();
    let seen = 0;
    const fallback = setInterval(() => {
      if (connector.log.length !== seen) {
        seen = connector.log.length;
        lastSeen = Date.now();
      } else if (!signalledAt && Date.now() - lastSeen > (seen === 0 ? 60_000 : 500)) {
        signalledAt = Date.now();
        connector.onRequest = null;
        child!.kill(options.signal);
      }
    }, 20);
    await Promise.race([signalled, exited]);
    clearInterval(hangUp);
    clearInterval(fallback);
    const exit = await exited;
    const exitMs = Date.now() - signalledAt;
    child = null;
    if (options.signal === 'SIGTERM' && exit.code !== 0) problems.push(`after SIGTERM the server exited with ${exit.code ?? exit.signal}, not 0:\n${started.output().slice(-2000)}`);
    const postedBeforeKill = connector.messages.filter((m) => m.updates > 0).length;

    // The next run, 20 minutes later, in this process, through the real adapter to the same connector.
    const store = await back.open();
    const later = Date.now() + 20 * 60_000;
    const runLogger = memoryLogger();
    const messenger = createTeamsMessenger(createAdapter({}, runLogger), store, '', runLogger);
    const recovery = await runSweep(
      { store, messenger, clock: () => later, logger: runLogger, env: PACE },
      { today: TODAY, limiter: new SendLimiter({ perSecond: 10_000, perConversationPerSecond: 10_000 }) },
    );
    // (Optional so that this harness also runs against the per-line ledger of earlier versions.)
    const unsettled = 'listUnsettledCards' in store ? (await store.listUnsettledCards()).length : 0;
    await store.close();

    // Counted at the connector.
    let duplicates = 0;
    let losses = 0;
    let strays = 0;
    const got = new Map<string, number[]>();
    for (const m of connector.messages) {
      const t = texts(cardOf(m));
      if (t.includes('The list follows.')) {
        strays++;
        continue;
      }
      const title = t[0] ?? '';
      const kind = title.startsWith("Your team's overdue work") ? 'manager-digest' : title.startsWith('Your reminders') ? 'digest' : null;
      if (kind === null) continue;
      const recipient = m.conversationId.replace(/^a:/, '');
      const key = `${kind}|${recipient}`;
      const list = got.get(key) ?? [];
      list.push(t.filter((x) => x.startsWith('**')).length);
      got.set(key, list);
    }
    for (const [key, cards] of got) {
      if (!expected.has(key)) problems.push(`a card nobody expected: ${key}`);
      if (cards.length > 1) {
        duplicates += cards.length - 1;
        problems.push(`${key}: ${cards.length} cards`);
      }
    }
    for (const [key, lines] of expected) {
      const cards = got.get(key) ?? [];
      if (cards.length === 0) {
        losses++;
        problems.push(`${key}: no card`);
      } else if (Math.max(...cards) < Math.min(lines, 15)) {
        losses++;
        problems.push(`${key}: ${Math.max(...cards)} lines shown of ${lines}`);
      }
    }
    if (unsettled > 0) problems.push(`${unsettled} cards left unsettled after the next run`);
    return {
      seed,
      store: options.store,
      signal: options.signal,
      expected: expected.size,
      killedAfter,
      exit,
      exitMs,
      postedBeforeKill,
      recovery: recovery.counts,
      duplicates,
      losses,
      strays,
      unsettled,
      problems,
    };
  } finally {
    if (child) child.kill('SIGKILL');
    connector.onRequest = null;
    await connector.close();
    await back.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
