// POST /api/jobs/sweep: a shared secret header or an Entra ID token (checked against a JWKS served
// locally here), anything else 401; answers with the sweep report.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import type { ServerDeps } from '../../src/server/deps.js';
import { jobRoutes } from '../../src/server/jobs.js';
import { memoryLogger } from '../../src/services/log.js';
import { depsOf, fakeMessenger, MONDAY_8AM, smallService, tempStore } from './support.js';

const ISSUER = 'https://login.microsoftonline.com/tenant-1/v2.0';
const AUDIENCE = 'api://send-oversight-jobs';
let t: ReturnType<typeof tempStore>;
let jwksServer: Server;
let app: Server;
let base: string;
let trustedKey: CryptoKey;
let otherKey: CryptoKey;
const messenger = fakeMessenger();

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  t = tempStore();
  await t.store.importCaseFile(smallService());
  const trusted = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  trustedKey = trusted.privateKey;
  otherKey = other.privateKey;
  const jwks = { keys: [{ ...(await exportJWK(trusted.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(jwks));
  });
  const jwksUrl = `${await listen(jwksServer)}/keys`;
  const clock = { now: MONDAY_8AM };
  const deps: ServerDeps = {
    ...depsOf(t.store, messenger, clock),
    logger: memoryLogger(),
    env: { SWEEP_SECRET: 'correct horse battery staple', SWEEP_JWKS_URL: jwksUrl, SWEEP_TOKEN_ISSUER: ISSUER, SWEEP_TOKEN_AUDIENCE: AUDIENCE, TAB_URL: 'https://teams.example/tab' },
    messenger,
  };
  const e = express();
  e.use(jobRoutes(deps));
  app = createServer(e);
  base = await listen(app);
});

afterAll(async () => {
  await new Promise((r) => app.close(r));
  await new Promise((r) => jwksServer.close(r));
  await t.remove();
});

async function token(key: CryptoKey, claims: { iss?: string; aud?: string; expSeconds?: number } = {}): Promise<string> {
  const now = Math.floor(MONDAY_8AM / 1000);
  return new SignJWT({ tid: 'tenant-1', roles: ['Jobs.Run'] })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(Math.floor(Date.now() / 1000) + (claims.expSeconds ?? 600))
    .sign(key);
}

async function post(headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${base}/api/jobs/sweep`, {
    method: 'POST',
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('POST /api/jobs/sweep', () => {
  it('refuses without credentials, with a wrong secret, and with tokens that do not verify (401)', async () => {
    expect((await post({})).status).toBe(401);
    expect((await post({ 'x-sweep-secret': 'correct horse battery' })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${await token(otherKey)}` })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${await token(trustedKey, { aud: 'api://something-else' })}` })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${await token(trustedKey, { iss: 'https://login.microsoftonline.com/evil/v2.0' })}` })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${await token(trustedKey, { expSeconds: -3600 })}` })).status).toBe(401);
    expect((await post({ authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(401);
    expect(messenger.sent).toEqual([]);
  });

  it('with the secret: a dry run reports who would get what; a bad body is 400 naming the field', async () => {
    const dry = await post({ 'x-sweep-secret': 'correct horse battery staple' }, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json.today).toBe('2026-11-23');
    expect((dry.json.counts as Record<string, number>)['would-send']).toBe(4);
    expect(messenger.sent).toEqual([]);
    const bad = await post({ 'x-sweep-secret': 'correct horse battery staple' }, { today: '2026-02-30' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.problems)).toContain('today');
  });

  it('with a valid Entra token: sweeps and sends, and a second call sends nothing more', async () => {
    const auth = { authorization: `Bearer ${await token(trustedKey)}` };
    const first = await post(auth);
    expect(first.status).toBe(200);
    expect((first.json.counts as Record<string, number>).sent).toBe(4);
    expect(messenger.sent).toHaveLength(4);
    const second = await post(auth);
    expect((second.json.counts as Record<string, number>)['already-sent']).toBe(4);
    expect(messenger.sent).toHaveLength(4);
  });
});
