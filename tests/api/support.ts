// Test support for the tab API: the real SQLite store loaded with a demo service, an express app with the tab's
// routes, and Entra-like tokens signed by a test key that the server trusts through a local JWKS.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { CaseFile } from '../../src/domain/model.js';
import type { CaseStore } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { memoryLogger } from '../../src/services/log.js';
import { tabApiRoutes } from '../../src/server/tab-api.js';
import type { ServerDeps } from '../../src/server/deps.js';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const CLIENT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const APP_ID_URI = `api://send.example.org/${CLIENT_ID}`;

/** The real SQLite store (in memory) loaded with `file`. */
export async function openTestStore(file: CaseFile): Promise<{ store: CaseStore; kind: 'sqlite' }> {
  const store = openSqliteStore(':memory:');
  await store.importCaseFile(file);
  return { store, kind: 'sqlite' };
}

export interface TestKeys {
  readonly privateKey: Parameters<SignJWT['sign']>[0];
  readonly jwk: JWK;
}

export async function makeKey(kid: string): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { privateKey, jwk };
}

export interface TokenClaims {
  oid?: string;
  preferred_username?: string;
  tid?: string;
  aud?: string;
  iss?: string;
  /** Seconds from now (negative: already expired). */
  expiresIn?: number;
}

export async function entraToken(key: TestKeys, claims: TokenClaims = {}): Promise<string> {
  const tid = claims.tid ?? TENANT;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ oid: claims.oid, preferred_username: claims.preferred_username, tid, name: 'Test user', ver: '2.0' })
    .setProtectedHeader({ alg: 'RS256', kid: key.jwk.kid!, typ: 'JWT' })
    .setIssuer(claims.iss ?? `https://login.microsoftonline.com/${tid}/v2.0`)
    .setAudience(claims.aud ?? APP_ID_URI)
    .setIssuedAt(now - 60)
    .setNotBefore(now - 60)
    .setExpirationTime(now + (claims.expiresIn ?? 3600))
    .sign(key.privateKey);
}

export interface RunningApi {
  readonly base: string;
  readonly deps: ServerDeps;
  readonly logLines: string[];
  close(): Promise<void>;
}

/** express() + tabApiRoutes(deps) on 127.0.0.1, trusting `trusted` keys as the tenant's JWKS. */
export async function startApi(store: CaseStore, options: { now: string; trusted?: TestKeys[]; env?: Record<string, string> }): Promise<RunningApi> {
  const logger = memoryLogger();
  const deps: ServerDeps = { store, logger, clock: () => Date.parse(options.now), env: { ...(options.env ?? {}) } };
  const app = express();
  app.use(
    tabApiRoutes(deps, {
      entra: { clientId: CLIENT_ID, audiences: [APP_ID_URI, CLIENT_ID], allowedTenants: [TENANT], jwks: createLocalJWKSet({ keys: (options.trusted ?? []).map((k) => k.jwk) }) },
    }),
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    deps,
    logLines: logger.lines,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

export async function getJson(base: string, path: string, token?: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body, headers: res.headers };
}

export async function sendJson(base: string, method: string, path: string, token: string, payload?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
  return { status: res.status, body: await res.json() };
}
