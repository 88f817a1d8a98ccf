// npm start: the one server on PORT (default 3978), on the configured store (the embedded SQLite
// store by default), with demo data loaded into an empty store for local runs (DEMO=off to skip).
import type { Server } from 'node:http';
import { createBotRuntime } from '../../bot/index.js';
import { generateDemo } from '../domain/demo.js';
import { londonToday } from '../domain/dates.js';
import { createLogger, type LogLevel } from '../services/log.js';
import { startReminderSchedule, type ReminderSchedule } from '../services/reminders/index.js';
import { openStore } from '../store/index.js';
import { createApp } from './app.js';
import { readConfig } from './config.js';
import type { ServerDeps } from './deps.js';

async function stopSchedule(handle: { stop(): unknown } | null): Promise<void> {
  if (handle) await handle.stop();
}

export interface Running {
  readonly server: Server;
  readonly deps: ServerDeps;
  stop(): Promise<void>;
}

export async function startServer(env: Readonly<Record<string, string | undefined>> = process.env): Promise<Running> {
  const config = readConfig(env);
  const logger = createLogger({ level: (env.LOG_LEVEL as LogLevel | undefined) ?? 'info' });
  const store = await openStore({ ...env });
  const clock = () => Date.now();
  if (config.demoWhenEmpty && (await store.listPeople()).length === 0) {
    const cases = Number(env.DEMO_CASES ?? '200');
    const report = await store.importCaseFile(generateDemo({ cases, seed: 1, today: londonToday(clock()) }));
    logger.info('the store was empty: demo data loaded', { cases: report.cases, people: report.people });
  }
  const deps: ServerDeps = { store, logger, clock, env };
  const runtime = createBotRuntime(deps, { appId: config.appId, tabUrl: config.tabUrl });
  deps.messenger = runtime.messenger;
  const app = createApp(deps, runtime);
  if (!config.authenticated) {
    const banner = 'NO BOT CREDENTIALS: MicrosoftAppId is not set, so /api/messages accepts requests WITHOUT authentication. This is for local runs with the Agents Playground only; never expose this server.';
    logger.warn(banner, {});
    process.stderr.write(`\n*** ${banner} ***\n\n`);
  }
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.on('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info('server listening', { host: config.host, port, botAuthentication: config.authenticated ? 'on' : 'off' });
  let schedule: ReminderSchedule | null = null;
  if (config.reminders) {
    schedule = startReminderSchedule(deps);
    logger.info('reminder schedule started', { nextRun: schedule.nextRun()?.toISOString() ?? null });
  } else logger.info('reminder schedule off (REMINDERS=off)', {});
  let stopped = false;
  return {
    server,
    deps,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopSchedule(schedule);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

const isMain = process.argv[1] !== undefined && /src[\\/]server[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (isMain) {
  startServer().then(
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
