// POST /api/jobs/sweep: run the reminder sweep now (an external scheduler, e.g. an Azure Logic App or a
// timer, can trigger it). Authenticated: the header X-Sweep-Secret equal to SWEEP_SECRET (compared in
// constant time), or an Entra ID bearer token (an app's client-credentials token) checked with jose
// against the tenant's signing keys: SWEEP_JWKS_URL (default the tenant's v2.0 keys), issuer
// SWEEP_TOKEN_ISSUER (default https://login.microsoftonline.com/{AAD_APP_TENANT_ID}/v2.0) and audience
// SWEEP_TOKEN_AUDIENCE (default AAD_APP_CLIENT_ID). Anything else is 401.
// Body (optional JSON): { "dryRun": true, "today": "YYYY-MM-DD" }. Answers with the sweep report.
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates.js';
import { runSweep } from '../services/reminders/index.js';
import type { ServerDeps } from './deps.js';

const sweepBody = z
  .object({
    dryRun: z.boolean().optional(),
    today: z.string().refine(isIsoDate, { error: 'not a date YYYY-MM-DD' }).optional(),
  })
  .strict();

interface TokenCheck {
  readonly jwks: JWTVerifyGetKey;
  readonly issuer: string;
  readonly audience: string;
}

function tokenCheck(env: ServerDeps['env']): TokenCheck | null {
  const tenant = env.AAD_APP_TENANT_ID?.trim();
  const issuer = env.SWEEP_TOKEN_ISSUER?.trim() || (tenant ? `https://login.microsoftonline.com/${tenant}/v2.0` : '');
  const audience = env.SWEEP_TOKEN_AUDIENCE?.trim() || env.AAD_APP_CLIENT_ID?.trim() || '';
  const jwksUrl = env.SWEEP_JWKS_URL?.trim() || (tenant ? `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys` : '');
  if (!issuer || !audience || !jwksUrl) return null;
  return { jwks: createRemoteJWKSet(new URL(jwksUrl)), issuer, audience };
}

function sameSecret(given: string, expected: string): boolean {
  // Hash both so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function jobRoutes(deps: ServerDeps): Router {
  const router = Router();
  const secret = deps.env.SWEEP_SECRET ?? '';
  const check = tokenCheck(deps.env);

  async function authenticated(req: Request): Promise<string | null> {
    const header = req.headers['x-sweep-secret'];
    if (typeof header === 'string' && secret.length > 0 && sameSecret(header, secret)) return 'secret';
    const auth = req.headers.authorization;
    const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth.trim()) : null;
    if (m && check) {
      try {
        await jwtVerify(m[1]!, check.jwks, { issuer: check.issuer, audience: check.audience, algorithms: ['RS256'], requiredClaims: ['exp'], clockTolerance: 60 });
        return 'entra';
      } catch (e) {
        deps.logger.warn('sweep request with a token that does not verify', { error: e instanceof Error ? e.name : 'error' });
        return null;
      }
    }
    return null;
  }

  router.post('/api/jobs/sweep', express.json({ limit: '16kb' }), async (req: Request, res: Response) => {
    const how = await authenticated(req);
    if (!how) {
      deps.logger.warn('sweep request refused: not authenticated', {});
      res.status(401).json({ error: 'authentication required: the X-Sweep-Secret header or an Entra ID bearer token' });
      return;
    }
    const parsed = sweepBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json({ error: 'bad request', problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) });
      return;
    }
    const dryRun = parsed.data.dryRun ?? false;
    if (!dryRun && !deps.messenger) {
      res.status(503).json({ error: 'the bot is not running in this process, so no cards can be sent (a dry run works)' });
      return;
    }
    if (deps.shutdown?.stopping) {
      res.status(503).set('Retry-After', '30').json({ error: 'the server is shutting down; ask again in a moment (another instance, or this one restarted)' });
      return;
    }
    deps.logger.info('sweep requested', { by: how, dryRun });
    const options = { dryRun, ...(parsed.data.today ? { today: parsed.data.today } : {}) };
    // Through the shutdown: a SIGTERM meanwhile stops the sweep claiming, and the report says what was released.
    const report = await (deps.shutdown ? deps.shutdown.track((signal) => runSweep(deps, { ...options, signal })) : runSweep(deps, options));
    res.json(report);
  });
  return router;
}
