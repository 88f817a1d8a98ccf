// The one server: the bot's endpoint (POST /api/messages through botbuilder's CloudAdapter), the
// health check, the scheduled jobs and the tab's API. Everything it needs is passed in.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createBotRuntime, type BotRuntime } from '../../bot/index.js';
import type { ServerDeps } from './deps.js';
import { readConfig } from './config.js';
import { jobRoutes } from './jobs.js';
import { tabApiRoutes } from './tab-api.js';

export function createApp(deps: ServerDeps, runtime?: BotRuntime): Express {
  const config = readConfig(deps.env);
  const bot = runtime ?? createBotRuntime(deps, { appId: config.appId, tabUrl: config.tabUrl });
  if (deps.messenger === undefined) deps.messenger = bot.messenger;
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', async (_req: Request, res: Response) => {
    try {
      await deps.store.listMeetingSeries();
      res.json({ status: 'ok', botAuthentication: config.authenticated ? 'on' : 'off' });
    } catch (e) {
      deps.logger.error('health check: store unavailable', { error: e instanceof Error ? e.name : 'Error' });
      res.status(503).json({ status: 'store unavailable' });
    }
  });

  app.post('/api/messages', express.json({ limit: '1mb' }), async (req: Request, res: Response) => {
    if (config.authenticated && !req.headers.authorization) {
      // CloudAdapter would refuse it too; answering here keeps an anonymous caller off the bot entirely.
      deps.logger.warn('bot request without a token refused', {});
      res.status(401).json({ error: 'a Bot Framework token is required' });
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
    const e = err as { status?: number; statusCode?: number; type?: string; name?: string };
    const status = e.status ?? e.statusCode ?? 500;
    const code = status >= 400 && status < 600 ? status : 500;
    if (code >= 500) deps.logger.error('request failed', { path: req.path, error: e.name ?? 'Error' });
    else deps.logger.warn('bad request', { path: req.path, status: code, type: e.type ?? null });
    res.status(code).json({ error: code === 400 && e.type === 'entity.parse.failed' ? 'the body is not valid JSON' : code < 500 ? 'bad request' : 'internal error' });
  });
  return app;
}
