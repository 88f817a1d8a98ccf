// The one server: the bot's endpoint (POST /api/messages through botbuilder's CloudAdapter), health
// and readiness, the scheduled jobs and the tab's API. Everything it needs is passed in.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createBotRuntime, type BotRuntime } from '../../bot/index.js';
import { HealthMonitor } from '../services/health.js';
import type { ServerDeps } from './deps.js';
import { sharedSnapshots } from '../services/read-model.js';
import { activityProblem } from './activity.js';
import { readConfig } from './config.js';
import { apiSecurityHeaders } from './headers.js';
import { jobRoutes } from './jobs.js';
import { requestProblem } from './request-errors.js';
import { tabApiRoutes } from './tab-api.js';

export interface AppOptions {
  /** The store's health (main.ts starts its periodic check); by default one checked once now. */
  readonly health?: HealthMonitor;
}

export function createApp(deps: ServerDeps, runtime?: BotRuntime, options: AppOptions = {}): Express {
  const config = readConfig(deps.env);
  const bot = runtime ?? createBotRuntime(deps, { appId: config.appId, tabUrl: config.tabUrl, allowedTenants: config.allowedTenants });
  if (deps.messenger === undefined) deps.messenger = bot.messenger;
  // One snapshot of the service per server, kept current by the change feed: the tab, the bot's replies,
  // the sweep and the agenda poster read it (issue 18: only writes and claims go to the store).
  sharedSnapshots(deps);
  const health = options.health ?? new HealthMonitor(deps.store, deps.logger, deps.clock);
  if (!options.health) void health.thorough().catch(() => undefined);
  const app = express();
  app.disable('x-powered-by');
  app.use(['/api', '/healthz', '/readyz'], apiSecurityHeaders({ production: config.production }));

  app.get('/healthz', async (_req: Request, res: Response) => {
    const report = await health.report();
    if (!report.ok) deps.logger.warn('health check: unhealthy', { reason: report.reason });
    res.status(report.ok ? 200 : 503).json({
      status: report.ok ? 'ok' : 'unhealthy',
      ...(report.ok ? {} : { reason: report.reason }),
      botAuthentication: config.authenticated ? 'on' : 'off',
      store: report.store,
    });
  });

  // The App Service health check (infra/azure.bicep healthCheckPath): ready for traffic, or 503 with why.
  app.get('/readyz', async (_req: Request, res: Response) => {
    if (health.isStopping) {
      res.status(503).json({ status: 'not ready', reason: 'the server is shutting down' });
      return;
    }
    const report = await health.report();
    res.status(report.ok ? 200 : 503).json(report.ok ? { status: 'ready' } : { status: 'not ready', reason: report.reason });
  });

  app.post('/api/messages', express.json({ limit: '1mb' }), async (req: Request, res: Response) => {
    if (config.authenticated && !req.headers.authorization) {
      // CloudAdapter would refuse it too; answering here keeps an anonymous caller off the bot entirely.
      deps.logger.warn('bot request without a token refused', {});
      res.status(401).json({ error: 'a Bot Framework token is required' });
      return;
    }
    const body: unknown = req.body;
    const problem =
      body === undefined && req.headers['content-length'] !== '0'
        ? 'the body is not JSON (Content-Type: application/json)'
        : activityProblem(body, { localOnly: !config.authenticated, empty: req.headers['content-length'] === '0' || body === undefined });
    if (problem !== null) {
      deps.logger.warn('bot request refused: not a valid activity', { problem });
      res.status(400).json({ error: problem });
      return;
    }
    await bot.adapter.process(req, res, (context) => bot.bot.run(context));
  });

  app.use(jobRoutes(deps));
  app.use(tabApiRoutes(deps));

  // Last: an error no route answered (malformed JSON, a failure) as JSON, without a stack trace.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const e = err as { status?: number; statusCode?: number; type?: string; name?: string; limit?: number };
    const refused = requestProblem({ ...e, status: e.status ?? e.statusCode });
    if (refused) {
      deps.logger.warn('bad request', { path: req.path, status: refused.status, type: e.type ?? e.name ?? null });
      res.status(refused.status).json({ error: refused.error });
      return;
    }
    deps.logger.error('request failed', { path: req.path, error: e.name ?? 'Error' });
    res.status(500).json({ error: 'internal error' });
  });
  return app;
}
