// npm start: the one server on PORT (default 3978), on the configured store (the embedded SQLite
// store by default). Demo data is loaded into an empty store only when asked: `npm start` passes
// --demo (the README's local run), or DEMO=on; never in production and never into SharePoint.
import { existsSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { createBotRuntime } from '../../bot/index.js';
import { agendaHandler } from '../../bot/agenda.js';
import { generateDemo } from '../domain/demo.js';
import { londonToday } from '../domain/dates.js';
import { createLogger, type LogLevel } from '../services/log.js';
import { accessLogOptions, sharedAccessLog } from '../services/access-log.js';
import { startAccessRetention } from '../services/access-log-retention.js';
import { policyAtStart } from '../services/policy.js';
import { Shutdown, shutdownGraceMs } from '../services/shutdown.js';
import { startReminderSchedule, type ReminderSchedule } from '../services/reminders/index.js';
import { documentStoreFor, startAgendaSchedule, type AgendaSchedule } from '../services/agendas/index.js';
import { programmeFromEnv } from '../services/audits/programme.js';
import { sharedSnapshots } from '../services/read-model.js';
import { startAuditSchedule, type AuditSchedule } from '../services/audits/schedule.js';
import { DEFAULT_CHECK_SECONDS, HealthMonitor } from '../services/health.js';
import { openStore, readStoreConfig } from '../store/index.js';
import type { SharePointCaseStore } from '../store/sharepoint/store.js';
import { createApp } from './app.js';
import { ConfigError, isLoopbackHost, isProduction, readConfig, type ServerConfig } from './config.js';
import type { ServerDeps } from './deps.js';
import { ensureTabBuilt } from './tab-api.js';
import { tabLinkConfig } from '../services/deep-links.js';

async function stopSchedule(handle: { stop(): unknown } | null): Promise<void> {
  if (handle) await handle.stop();
}

export interface Running {
  readonly server: Server;
  readonly deps: ServerDeps;
  stop(): Promise<void>;
}

/** A local run (npm start on one machine: listening on loopback only, not production, no Entra app
 * configured and no AUTH_MODE chosen) signs in to the tab as a chosen demo person (AUTH_MODE=dev). */
export function withLocalDefaults(env: Readonly<Record<string, string | undefined>>, host: string): Readonly<Record<string, string | undefined>> {
  if (env.AUTH_MODE || env.AAD_APP_CLIENT_ID?.trim() || isProduction(env) || !isLoopbackHost(host)) return env;
  return { ...env, AUTH_MODE: 'dev' };
}

/** What must hold before anything starts: production has credentials, its data and no demo; the dev
 * sign-in stays on this machine. Each refusal names what to change. */
function checkStart(config: ServerConfig, env: Readonly<Record<string, string | undefined>>): void {
  const nodeEnv = JSON.stringify(env.NODE_ENV ?? '');
  if (config.production && !config.authenticated) {
    throw new ConfigError(`NODE_ENV=${nodeEnv} is production (only unset, development or test are not) but MicrosoftAppId is not set: the bot endpoint would accept unauthenticated requests`);
  }
  if ((env.AUTH_MODE ?? '').toLowerCase() === 'dev' && !isLoopbackHost(config.host)) {
    throw new ConfigError(`AUTH_MODE=dev hands any visitor a person's token: it is allowed only on a loopback address (HOST=127.0.0.1, ::1 or localhost), not HOST=${config.host}`);
  }
  const store = readStoreConfig(env);
  if (config.demoWhenEmpty && config.production) throw new ConfigError(`demo data is never loaded in production (NODE_ENV=${nodeEnv}): set DEMO=off`);
  if (config.demoWhenEmpty && store.kind === 'sharepoint') throw new ConfigError('demo data is never loaded into a SharePoint site: set DEMO=off (or run without --demo)');
  if (config.production && store.kind === 'sqlite') {
    const path = store.path === ':memory:' ? store.path : resolve(store.path);
    if (path === ':memory:') throw new ConfigError('SEND_DB_PATH=:memory: in production would keep the case records only until the next restart');
    if (!existsSync(path)) {
      throw new ConfigError(
        `the database ${path} does not exist: in production the server does not start on an empty store. Restore it from a backup, or import the case file first (send-oversight import), then start`,
      );
    }
    if (statSync(path).size === 0) {
      throw new ConfigError(
        `the database ${path} is empty (0 bytes): in production the server does not start on it. Restore it from a backup, or import the case file first (send-oversight import), then start`,
      );
    }
  }
}

/** SEND_DB_CHECK_SECONDS: how often the store's thorough health check runs. */
function checkSeconds(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.SEND_DB_CHECK_SECONDS?.trim() || String(DEFAULT_CHECK_SECONDS);
  const seconds = Number(raw);
  if (!/^\d+$/.test(raw) || seconds < 1 || seconds > 86_400) throw new ConfigError(`SEND_DB_CHECK_SECONDS must be a number of seconds (1-86400), got ${JSON.stringify(raw)}`);
  return seconds;
}

/** A listen failure in words (EADDRINUSE: "port N is in use"). */
function listenError(e: Error & { code?: string }, config: ServerConfig): Error {
  if (e.code === 'EADDRINUSE') return new ConfigError(`port ${config.port} is in use on ${config.host}: another program (or another copy of this server) is listening there; stop it or set PORT`);
  if (e.code === 'EACCES') return new ConfigError(`port ${config.port} on ${config.host} may not be used by this user (EACCES): choose a port above 1023 with PORT`);
  if (e.code === 'EADDRNOTAVAIL') return new ConfigError(`HOST=${config.host} is not an address of this machine`);
  return e;
}

export async function startServer(given: Readonly<Record<string, string | undefined>> = process.env): Promise<Running> {
  const config = readConfig(given);
  const env = withLocalDefaults(given, config.host);
  const logger = createLogger({ level: (env.LOG_LEVEL as LogLevel | undefined) ?? 'info' });
  checkStart(config, env);
  if (config.tabLinkProblem !== null) throw new ConfigError(config.tabLinkProblem);
  if (env !== given) logger.warn('local run: the tab signs in as a demo person you choose (AUTH_MODE=dev); set AAD_APP_CLIENT_ID or AUTH_MODE=entra for Entra ID sign-in', {});
  if ((env.TAB_BUILD ?? 'auto').toLowerCase() !== 'off') {
    await ensureTabBuilt((line) => logger.info(line, {}));
  }
  // A local run may make a new database (npm start); production never does (checkStart names a missing one).
  const graceMs = shutdownGraceMs(env);
  accessLogOptions(env); // a bad ACCESS_LOG_* setting stops the start, naming it
  const store = await openStore({ ...env }, { serving: true, create: !config.production });
  const clock = () => Date.now();
  const health = new HealthMonitor(store, logger, clock);
  const shutdown = new Shutdown();
  const deps: ServerDeps = { store, logger, clock, env, shutdown };
  // The access record's writer, closed by the shutdown after the last request (docs/rules.md section 7).
  sharedAccessLog(deps);
  const documents = documentStoreFor(env, 'graph' in store ? (store as SharePointCaseStore).graph : null);
  deps.documents = documents;
  const runtime = createBotRuntime(deps, { appId: config.appId, tabUrl: config.tabUrl, allowedTenants: config.allowedTenants, agenda: agendaHandler(documents) });
  deps.messenger = runtime.messenger;
  let server: Server;
  try {
    if (config.demoWhenEmpty && (await store.listPeople()).length === 0) {
      const cases = Number(env.DEMO_CASES ?? '200');
      const report = await store.importCaseFile(generateDemo({ cases, seed: 1, today: londonToday(clock()) }));
      logger.info('the store was empty: demo data loaded (asked for by DEMO=on or --demo)', { cases: report.cases, people: report.people });
    } else if ((await store.listPeople()).length === 0) {
      logger.warn('the store holds no people: nobody can use the bot or the tab until the case file is imported (send-oversight import); for a local demo run npm start, or set DEMO=on', {});
    }
    // The policy profile (docs/rules.md section 9); a bad SEND_POLICY_FILE, or a case file naming an
    // unknown profile, stops the start with the reason.
    await policyAtStart(store, env, logger);
    // The audit programme (docs/rules.md section 8): a bad SEND_QA_FILE stops the start with its problems.
    const qa = programmeFromEnv(env);
    logger.info('audit programme in force', { programme: qa.programme.name, from: qa.from });
    const first = await health.start(checkSeconds(env));
    if (first.problem === null) logger.info('store health check passed', { kind: first.kind, quickCheck: first.consistency ?? 'ok' });
    const app = createApp(deps, runtime, { health });
    server = await new Promise<Server>((resolve, reject) => {
      // Express 5 passes a listen error to this callback (as well as emitting it).
      const s = app.listen(config.port, config.host, (error?: Error) => (error ? reject(listenError(error, config)) : resolve(s)));
    });
    if (!config.authenticated) {
      const banner =
        'NO BOT CREDENTIALS: MicrosoftAppId is not set, so /api/messages accepts requests WITHOUT authentication, and replies only to a connector on this machine. This is for local runs with the Agents Playground only; never expose this server.';
      logger.warn(banner, {});
      process.stderr.write(`\n*** ${banner} ***\n\n`);
    }
  } catch (e) {
    health.stop();
    await store.close();
    throw e;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info('server listening', { host: config.host, port, botAuthentication: config.authenticated ? 'on' : 'off' });
  let schedule: ReminderSchedule | null = null;
  if (config.reminders) {
    schedule = startReminderSchedule(deps);
    logger.info('reminder schedule started', { nextRun: schedule.nextRun()?.toISOString() ?? null });
  } else logger.info('reminder schedule off (REMINDERS=off)', {});
  let agendas: AgendaSchedule | null = null;
  if ((env.AGENDAS ?? 'on').toLowerCase() !== 'off') {
    agendas = startAgendaSchedule(
      { store, messenger: runtime.messenger, documents, logger, shutdown, access: sharedAccessLog(deps), ...(deps.snapshots ? { snapshots: deps.snapshots } : {}) },
      clock,
      { tabUrl: config.tabUrl, tabLinks: tabLinkConfig(env) },
    );
    logger.info('agenda poster started', { nextRun: agendas.nextRun()?.toISOString() ?? null });
  } else logger.info('agenda poster off (AGENDAS=off)', {});
  // The access record's own retention: entries older than the profile's accessLogRetentionYears go, daily.
  const accessRetention = startAccessRetention(deps);
  let audits: AuditSchedule | null = null;
  if ((env.AUDITS ?? 'on').toLowerCase() !== 'off') {
    // The run draws from the server's snapshot (kept current by the store's change feed): reading
    // every case again would be most of a run's time (bench:audit-plan).
    const snapshots = sharedSnapshots(deps);
    audits = startAuditSchedule(
      { store, programme: programmeFromEnv(env).programme, logger, messenger: runtime.messenger, documents, shutdown, tabUrl: config.tabUrl, records: async () => (await snapshots.fresh()).file },
      clock,
    );
    logger.info('audit programme schedule started', { nextRun: audits.nextRun()?.toISOString() ?? null });
  } else logger.info('audit programme schedule off (AUDITS=off)', {});
  let stopped = false;
  return {
    server,
    deps,
    /** No new runs; the jobs under way stop claiming, finish the cards they are posting and release
     * the rest, within SHUTDOWN_GRACE_SECONDS (default 25); then the server and the store close. */
    async stop() {
      if (stopped) return;
      stopped = true;
      health.markStopping();
      health.stop();
      await stopSchedule(schedule);
      await stopSchedule(agendas);
      accessRetention.stop();
      await stopSchedule(audits);
      const result = await shutdown.stop(graceMs);
      if (result.finished) logger.info('jobs stopped', { waitedMs: result.waitedMs });
      else logger.error('jobs still running after the shutdown grace period: their cards are taken over by the next run', { running: result.running, graceMs });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // A request still open (a client holding a connection) does not keep the process past the grace.
      const cut = setTimeout(() => server.closeAllConnections(), 1000);
      await closed;
      clearTimeout(cut);
      // After the last request: the access log's queue is written before the store closes.
      const failed = await shutdown.close();
      if (failed.length) logger.error('shutdown: not everything could be written before the store closed', { failed: failed.join(', ') });
      await store.close();
    },
  };
}

const isMain = process.argv[1] !== undefined && /src[\\/]server[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (isMain) {
  // `npm start` passes --demo: load the demo into an empty store (unless DEMO says otherwise).
  const env = process.argv.includes('--demo') && process.env.DEMO === undefined ? { ...process.env, DEMO: 'on' } : process.env;
  startServer(env).then(
    (running) => {
      const shutdown = (signal: string) => {
        running.deps.logger.info('shutting down', { signal });
        running.stop().then(
          () => process.exit(0),
          (e: unknown) => {
            running.deps.logger.error('shutdown failed', { error: e instanceof Error ? e.message : String(e) });
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    },
    (e: unknown) => {
      process.stderr.write(`SEND Oversight could not start: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
