// The tab's API under /api/tab/ and the built tab under /tab/ (issue 6).
// Every /api/tab/ request carries a bearer token (Teams SSO, or AUTH_MODE=dev locally), mapped to a
// person of the service; every response is filtered by docs/rules.md section 7 in src/services.
// The tab is served with security headers for a Teams tab: a Content-Security-Policy whose
// frame-ancestors allow only Teams and Microsoft 365 hosts.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Person } from '../domain/model.js';
import { chairView, chairViewSeries, selectCase, unselectCase } from '../services/chair.js';
import { AccessDeniedError, BadRequestError, caseDetail, dashboard, defaultPeriod, drillDown, me, myWork, type Snapshot } from '../services/dashboard.js';
import { ConflictError, NotFoundError, StoreBusyError, StoreValidationError } from '../store/port.js';
import { CASE_NOT_FOUND_HELP, CaseNotFound } from '../services/access.js';
import { recognise, type PeopleDirectory } from '../services/people.js';
import { SIGN_IN_CSS, SIGN_IN_SCRIPT, devAuth, signInPage, type DevAuth } from './auth/dev.js';
import { AuthenticationError, SigningKeysUnavailableError, entraConfigFromEnv, entraVerifier, type EntraAuthConfig, type Identity, type TokenVerifier } from './auth/tokens.js';
import { oboClient, oboConfigFromEnv, type OboClient } from './auth/obo.js';
import { isLoopbackHost, isProduction } from './config.js';
import type { ServerDeps } from './deps.js';
import { apiSecurityHeaders } from './headers.js';
import { requestProblem } from './request-errors.js';
import { maxOf } from '../domain/lists.js';
import { sharedSnapshots } from '../services/read-model.js';
import { mayNominate, maySummarise } from '../services/recording.js';
import { FormProblems, tabWorkRoutes } from './tab-work-api.js';
import { tabMeetingRoutes } from './tab-meetings-api.js';
import { AccessLogUnavailableError, recordShownIds, sharedAccessLog } from '../services/access-log.js';
import type { AccessVia } from '../domain/access-log.js';
import { tabRecordsRoutes } from './tab-records-api.js';
import { tabAuditRoutes } from './tab-audit-api.js';
import { AuditNotFound } from '../services/audits/work.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The repository root (src/server/ -> ../..; dist/src/server/ -> ../../..). */
const ROOT = [resolve(HERE, '../..'), resolve(HERE, '../../..')].find((r) => existsSync(join(r, 'tab', 'index.html'))) ?? resolve(HERE, '../..');
export const TAB_DIST = join(ROOT, 'tab', 'dist');

/** Hosts that may frame the tab: Teams (web, desktop, government clouds) and Microsoft 365 / Outlook. */
export const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.microsoft.us',
  'https://*.teams.microsoft.us',
  'https://dod.teams.microsoft.us',
  'https://local.teams.office.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.skype.com',
];

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Fluent UI (Griffel) inserts style rules at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  `frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
].join('; ');

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  next();
};

/** Is tab/dist there and newer than every source of the tab (tab/index.html, vite.config.ts, tab/src)? */
export function isTabBuilt(): boolean {
  const built = join(TAB_DIST, 'index.html');
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  const tab = join(ROOT, 'tab');
  const newest = (path: string): number => {
    if (!existsSync(path)) return 0;
    const st = statSync(path);
    if (!st.isDirectory()) return st.mtimeMs;
    return maxOf(
      readdirSync(path).map((name) => newest(join(path, name))),
      0,
    );
  };
  return Math.max(newest(join(tab, 'index.html')), newest(join(tab, 'vite.config.ts')), newest(join(tab, 'src'))) <= builtAt;
}

/** Build the tab (vite build tab) if tab/dist is missing or older than its sources. main.ts calls this
 * before listening; tests call it before loading the tab. One build at a time across processes. */
export async function ensureTabBuilt(log: (line: string) => void = () => {}): Promise<string> {
  if (isTabBuilt()) return TAB_DIST;
  return withBuildLock(async () => {
    if (isTabBuilt()) return TAB_DIST; // someone else built it while we waited
    log('tab/dist is missing or older than the tab sources: building the tab (vite build tab)');
    return buildTab();
  });
}

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), 'send-oversight-tab-build.lock');
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock older than ten minutes was left by a build that died.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held !== undefined && Date.now() - held.mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      if (waited > 600_000) throw new Error(`waited ten minutes for another tab build (lock ${lock})`, { cause: e });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Build the tab now (vite build tab). */
export async function buildTab(): Promise<string> {
  // In a child process: Vite's bundler (native bindings) does not run inside a test runner's VM realm.
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', join(ROOT, 'tab'), '--logLevel', 'warn'], { cwd: ROOT, timeout: 300_000, env: { ...process.env, NODE_ENV: 'production' } });
  return TAB_DIST;
}

export interface TabApiOptions {
  /** For tests: the Entra verifier's settings (e.g. a local JWKS) instead of the environment's. */
  readonly entra?: EntraAuthConfig;
}

type AuthedRequest = Request & { person?: Person; identity?: Identity; snapshot?: Snapshot };

export function tabApiRoutes(deps: ServerDeps, options: TabApiOptions = {}): Router {
  const { store, logger, env } = deps;
  const mode = (env.AUTH_MODE ?? 'entra').toLowerCase();
  if (mode !== 'dev' && mode !== 'entra') throw new Error(`AUTH_MODE must be "entra" (default) or "dev", got ${JSON.stringify(env.AUTH_MODE)}`);
  const dev: DevAuth | null = mode === 'dev' ? devAuth(env) : null;
  let verifier: TokenVerifier | null = dev;
  let authProblem: string | null = null;
  if (dev === null) {
    try {
      verifier = entraVerifier(options.entra ?? entraConfigFromEnv(env));
    } catch (e) {
      // Not configured: every API request is refused with this reason (the bot may still run).
      authProblem = (e as Error).message;
      logger.warn('tab API sign-in is not configured', { reason: authProblem });
    }
  }
  const oboConfig = (env.SEND_STORE ?? 'sqlite') === 'sharepoint' ? oboConfigFromEnv(env) : null;
  const obo: OboClient | null = oboConfig ? oboClient(oboConfig) : null;
  const source = sharedSnapshots(deps);
  // Every answer that shows a child's details is recorded first (docs/rules.md section 7).
  const accessLog = sharedAccessLog(deps);
  const shown = (req: AuthedRequest, ids: Iterable<string | null>, via: AccessVia, detail: string | null = null) =>
    recordShownIds(accessLog, deps.clock, req.person!, req.snapshot!.cases, ids, via, req.snapshot!.today, { detail });
  const botId = env.BOT_ID?.trim() || env.MicrosoftAppId?.trim() || null;

  const router = Router();
  router.use(['/api/tab', '/api/dev'], apiSecurityHeaders({ production: isProduction(env) }));

  // ---- the built tab ------------------------------------------------------------------------
  const tabStatic = express.static(TAB_DIST, {
    index: 'index.html',
    fallthrough: true,
    maxAge: '1h',
    setHeaders: (res, path) => {
      if (path.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
    },
  });
  router.use('/tab', securityHeaders, (req, res, next) => {
    if (req.originalUrl === '/tab' || req.originalUrl.startsWith('/tab?')) {
      res.redirect(301, `/tab/${req.originalUrl.slice(4)}`);
      return;
    }
    if (!existsSync(join(TAB_DIST, 'index.html'))) {
      res
        .status(503)
        .type('html')
        .send(
          '<!doctype html><html lang="en-GB"><title>SEND Oversight</title><h1>The tab is not built yet</h1><p>Run <code>npm run build:tab</code> (or <code>npm start</code>, which builds it) and reload.</p></html>',
        );
      return;
    }
    tabStatic(req, res, next);
  });
  // Client-side pages (/tab/config, /tab/anything) get the app.
  router.get(/^\/tab\/.*/, securityHeaders, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(readFileSync(join(TAB_DIST, 'index.html'), 'utf8'));
  });

  // ---- sign-in ------------------------------------------------------------------------------
  router.get('/api/tab/auth-config', (_req, res) => {
    res.json({ mode, configured: verifier !== null, signInUrl: dev ? '/dev/sign-in' : null });
  });
  if (dev) {
    router.get('/dev/sign-in', securityHeaders, async (_req, res, next) => {
      try {
        const people = await store.listPeople();
        res.type('html').send(signInPage(people.map((p) => ({ id: p.id, name: p.name, roles: p.roles, team: p.team }))));
      } catch (e) {
        next(e);
      }
    });
    router.get('/dev/sign-in.js', securityHeaders, (_req, res) => res.type('text/javascript').send(SIGN_IN_SCRIPT));
    router.get('/dev/sign-in.css', securityHeaders, (_req, res) => res.type('text/css').send(SIGN_IN_CSS));
    router.post('/api/dev/token', express.json({ limit: '4kb' }), async (req, res, next) => {
      try {
        // Only to a browser on this machine, whatever interface the server was reached on.
        if (!isLoopbackHost(req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '')) {
          res.status(403).json({ error: 'the local sign-in answers only on this machine' });
          return;
        }
        const { personId } = z.object({ personId: z.string().min(1) }).parse(req.body);
        const person = await store.getPerson(personId);
        if (person === null) throw new NotFoundError('person', personId);
        res.json({ token: await dev.issue(person), personId: person.id });
      } catch (e) {
        next(e);
      }
    });
  }

  // ---- authentication: on every /api/tab/ route (not router-wide: the bot's /api/messages is not ours)
  const authenticate: RequestHandler = async (req: AuthedRequest, res, next) => {
    try {
      if (verifier === null) throw new AuthenticationError(`sign-in is not configured on this server: ${authProblem}`);
      const identity = await verifier.verify(req.headers.authorization);
      let snapshot = await source.get();
      let person: Person | null;
      if (dev && identity.devPersonId) person = snapshot.people.get(identity.devPersonId) ?? null;
      else {
        // By object id; an email binds only a person with none yet (src/services/people.ts). The token's
        // tenant was checked by the verifier.
        const current = snapshot;
        let bound = false;
        const directory: PeopleDirectory = {
          byObjectId: (oid) => current.byAad.get(oid.toLowerCase()) ?? null,
          byEmail: (email) => current.byEmail.get(email.toLowerCase()) ?? null,
          bind: async (personId, oid) => {
            const p = await store.bindPersonObjectId(personId, oid);
            bound = true;
            return p;
          },
        };
        person = await recognise(directory, { aadObjectId: identity.oid, tenantId: identity.tenantId }, { allowedTenants: [], email: () => identity.email, logger });
        if (bound) snapshot = await source.fresh();
      }
      if (person === null) {
        throw new AccessDeniedError(
          `You are signed in${identity.email ? ` as ${identity.email}` : ''}, but SEND Oversight has no person with your account. Ask your administrator to add you (your Entra object id or email on a person record).`,
        );
      }
      req.identity = identity;
      req.person = person;
      req.snapshot = snapshot;
      if (obo && req.method !== 'GET') {
        // Writes to SharePoint are made as the user: check now that the exchange works.
        res.locals.graphToken = await obo.graphTokenFor(identity.token);
      }
      next();
    } catch (e) {
      next(e);
    }
  };

  const handle =
    (fn: (req: AuthedRequest, res: Response) => unknown): RequestHandler =>
    async (req, res, next) => {
      try {
        const body = await fn(req as AuthedRequest, res);
        if (!res.headersSent) {
          res.setHeader('Cache-Control', 'no-store');
          res.json(body);
        }
      } catch (e) {
        next(e);
      }
    };

  const period = z.object({
    from: z.string().optional(),
    to: z.string().optional(),
    team: z.string().min(1).optional(),
    locality: z.string().min(1).optional(),
  });
  const filterOf = (req: AuthedRequest) => {
    const q = period.parse(req.query);
    const d = defaultPeriod(req.snapshot!.today);
    return { from: q.from ?? d.from, to: q.to ?? d.to, team: q.team ?? null, locality: q.locality ?? null };
  };

  router.get(
    '/api/tab/me',
    authenticate,
    handle((req) => ({ ...me(req.person!, req.snapshot!), botId, today: req.snapshot!.today })),
  );
  router.get(
    '/api/tab/dashboard',
    authenticate,
    handle((req) => dashboard(req.snapshot!, req.person!, filterOf(req))),
  );
  router.get(
    '/api/tab/dashboard/drill',
    authenticate,
    handle(async (req) => {
      const q = z
        .object({ figure: z.string().min(1), which: z.enum(['all', 'missed']).optional(), limit: z.coerce.number().int().min(1).max(5000).optional() })
        .parse({ figure: req.query.figure, which: req.query.which, limit: req.query.limit });
      const drill = drillDown(req.snapshot!, req.person!, { ...filterOf(req), figure: q.figure, which: q.which ?? 'all', limit: q.limit ?? 200 });
      if (drill.entity === 'case')
        await shown(
          req,
          drill.rows.map((r) => r.id),
          'tab-drill',
          drill.figure,
        );
      return drill;
    }),
  );
  router.get(
    '/api/tab/cases/:caseId',
    authenticate,
    handle(async (req) => {
      const detail = caseDetail(req.snapshot!, req.person!, String(req.params.caseId));
      await shown(req, [detail.case.id], 'tab-case');
      const c = req.snapshot!.cases.get(detail.case.id);
      // What the viewer may record on this case from its page (the same checks as the bot's forms).
      const can =
        c === undefined
          ? { note: false, summary: false, nominate: false }
          : { note: true, summary: maySummarise(req.person!, c) && detail.case.cmooeNow !== null, nominate: mayNominate(req.person!, c, req.snapshot!.today) };
      return { ...detail, can };
    }),
  );
  router.get(
    '/api/tab/my-work',
    authenticate,
    handle(async (req) => {
      const work = myWork(req.snapshot!, req.person!, botId);
      await shown(
        req,
        work.items.filter((i) => i.childName !== null).map((i) => i.caseId),
        'tab-my-work',
      );
      return work;
    }),
  );
  router.get(
    '/api/tab/chair',
    authenticate,
    handle(async (req) => {
      const q = z.object({ series: z.string().min(1).optional(), meeting: z.string().min(1).optional() }).parse(req.query);
      // The viewer's first series (a chair's own) unless one is asked for.
      const series = q.series ?? chairViewSeries(req.person!, req.snapshot!.file.meetingSeries)[0]?.id ?? 'cmooe';
      const view = chairView(req.snapshot!, req.person!, series, q.meeting ?? null);
      await shown(
        req,
        view.candidates.map((c) => c.caseId),
        'tab-chair',
        view.series.id,
      );
      return view;
    }),
  );
  const selection = z.object({ caseId: z.string().min(1), seriesId: z.string().min(1), meetingOn: z.string().min(1) });
  router.post(
    '/api/tab/chair/selections',
    authenticate,
    express.json({ limit: '4kb' }),
    handle(async (req, res) => {
      const body = selection.parse(req.body);
      await selectCase(store, source, req.person!, body);
      logger.info('chair selected a case', { caseId: body.caseId, seriesId: body.seriesId, meetingOn: body.meetingOn, by: req.person!.id });
      res.status(201);
      const view = chairView(await source.fresh(), req.person!, body.seriesId, body.meetingOn);
      await shown(
        req,
        view.candidates.map((c) => c.caseId),
        'tab-chair',
        view.series.id,
      );
      return view;
    }),
  );
  router.delete(
    '/api/tab/chair/selections/:seriesId/:meetingOn/:caseId',
    authenticate,
    handle(async (req) => {
      const body = selection.parse(req.params);
      await unselectCase(store, source, req.person!, body);
      logger.info('chair removed a selection', { caseId: body.caseId, seriesId: body.seriesId, meetingOn: body.meetingOn, by: req.person!.id });
      const view = chairView(await source.fresh(), req.person!, body.seriesId, body.meetingOn);
      await shown(
        req,
        view.candidates.map((c) => c.caseId),
        'tab-chair',
        view.series.id,
      );
      return view;
    }),
  );
  tabWorkRoutes(router, deps, authenticate, handle);
  tabMeetingRoutes(router, deps, authenticate, handle);
  tabRecordsRoutes(router, deps, authenticate, handle);
  tabAuditRoutes(router, deps, authenticate, handle);
  router.use('/api/tab', (_req, res) => {
    res.status(404).json({ error: 'no such tab API endpoint' });
  });

  // ---- errors of our routes ------------------------------------------------------------------
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api/tab') && !req.path.startsWith('/api/dev') && !req.path.startsWith('/dev') && !req.path.startsWith('/tab')) {
      next(err);
      return;
    }
    if (res.headersSent) {
      next(err);
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    const refused = requestProblem(err as { status?: number; type?: string; name?: string; limit?: number });
    if (err instanceof AuthenticationError) {
      res.setHeader('WWW-Authenticate', `Bearer error="invalid_token"`);
      res.status(401).json({ error: err.message });
    } else if (err instanceof SigningKeysUnavailableError) {
      logger.error('tab API sign-in refused: the signing keys could not be fetched', { path: req.path, detail: err.detail });
      res.setHeader('Retry-After', '30');
      res.status(503).json({ error: err.message });
    } else if (err instanceof StoreBusyError) {
      logger.warn('tab API request refused: the database is busy (another process holds its lock)', { path: req.path, method: req.method });
      res.setHeader('Retry-After', '10');
      res.status(503).json({ error: 'The case records are busy just now (an update is being loaded): nothing was saved. Try again in a minute.' });
    } else if (err instanceof AccessLogUnavailableError) {
      res.setHeader('Retry-After', '30');
      res.status(503).json({ error: err.message });
    } else if (err instanceof AuditNotFound) {
      res.status(404).json({ error: `${err.message} An audit is shown to its auditor, its moderator and QA officers (docs/rules.md section 7).` });
    } else if (err instanceof CaseNotFound) {
      res.status(404).json({ error: `${err.message} ${CASE_NOT_FOUND_HELP}` });
    } else if (refused) {
      res.status(refused.status).json({ error: refused.error });
    } else if (err instanceof AccessDeniedError) {
      res.status(403).json({ error: err.message });
    } else if (err instanceof NotFoundError) {
      res.status(404).json({ error: err.message });
    } else if (err instanceof FormProblems) {
      res.status(400).json({ error: err.message, errors: err.errors });
    } else if (err instanceof z.ZodError) {
      res.status(400).json({ error: err.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ') });
    } else if (err instanceof BadRequestError || err instanceof StoreValidationError) {
      res.status(400).json({ error: err.message });
    } else if (err instanceof ConflictError) {
      res.status(409).json({ error: err.message });
    } else if (err instanceof SyntaxError && 'body' in (err as object)) {
      res.status(400).json({ error: 'the request body is not JSON' });
    } else {
      logger.error('tab API request failed', { path: req.path, method: req.method, error: err instanceof Error ? `${err.name}: ${err.message}` : 'unknown' });
      res.status(500).json({ error: 'Something went wrong on the server. Try again; if it keeps happening, tell your administrator the time it happened.' });
    }
  });

  return router;
}
