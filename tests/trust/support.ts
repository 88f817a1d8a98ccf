// Support for the "trust under attack and under faults" tests (issue 11): the real server (createApp
// over the real SQLite store and botbuilder's CloudAdapter) on 127.0.0.1, and a fake Bot Framework
// connector that records what the bot sends and answers Teams' member lookup and conversation creation.
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/server/app.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { memoryLogger } from '../../src/services/log.js';
import { openStore } from '../../src/store/index.js';
import type { CaseStore } from '../../src/store/port.js';
import { caseFileSchema, type CaseFileInput } from '../../src/domain/model.js';
import { fixture, NOON_23_NOV } from '../bot/support.js';

export function listen(server: Server, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => server.listen(0, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`)));
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

export interface ConnectorRequest {
  readonly method: string;
  readonly url: string;
  readonly body: Record<string, unknown>;
}

export interface FakeConnector {
  readonly url: string;
  readonly requests: ConnectorRequest[];
  /** The Adaptive Cards posted to a conversation (replies and new messages), in order. */
  cardsIn(conversationId: string): Record<string, unknown>[];
  /** The card of the last activity posted with one (a reply or a new message), anywhere. */
  lastCard(): Record<string, unknown> | undefined;
  stop(): Promise<void>;
}

export interface ConnectorOptions {
  /** Teams' member lookup (GET .../members/{id}): the member, or null for 404. */
  member?: (userId: string) => Record<string, unknown> | null;
  /** Creating a conversation (POST /v3/conversations): the new id, or null to refuse with 403. */
  createConversation?: (body: Record<string, unknown>) => string | null;
}

/** A Bot Framework connector on 127.0.0.1 that accepts every activity and records it. */
export async function fakeConnector(options: ConnectorOptions = {}): Promise<FakeConnector> {
  const requests: ConnectorRequest[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      const url = req.url ?? '';
      const body = (data ? JSON.parse(data) : {}) as Record<string, unknown>;
      requests.push({ method: req.method ?? '', url, body });
      const member = /\/members\/([^/?]+)$/.exec(url);
      if (req.method === 'GET' && member) {
        const found = options.member?.(decodeURIComponent(member[1]!)) ?? null;
        if (found === null) {
          res.statusCode = 404;
          res.end(JSON.stringify({ error: { code: 'MemberNotFoundInConversation', message: 'not a member' } }));
        } else res.end(JSON.stringify(found));
        return;
      }
      if (req.method === 'POST' && /^\/v3\/conversations\/?$/.test(url)) {
        const id = options.createConversation ? options.createConversation(body) : null;
        if (id === null) {
          res.statusCode = 403;
          res.end(JSON.stringify({ error: { code: 'Forbidden', message: 'the bot cannot start a chat with this user' } }));
        } else res.end(JSON.stringify({ id, activityId: 'created-1' }));
        return;
      }
      res.end(JSON.stringify({ id: `activity-${requests.length}` }));
    });
  });
  const url = await listen(server);
  return {
    url: `${url}/`,
    requests,
    cardsIn(conversationId) {
      const prefix = `/v3/conversations/${encodeURIComponent(conversationId)}/activities`;
      return requests
        .filter((r) => r.method === 'POST' && r.url.startsWith(prefix))
        .flatMap((r) => (r.body.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined) ?? [])
        .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
        .map((a) => a.content);
    },
    lastCard() {
      const posted = requests.filter((r) => r.method === 'POST' && Array.isArray(r.body.attachments));
      const last = posted.at(-1)?.body.attachments as Array<{ content: Record<string, unknown> }> | undefined;
      return last?.[0]?.content;
    },
    stop: () => close(server),
  };
}

export interface RunningBotApp {
  readonly url: string;
  readonly store: CaseStore;
  readonly deps: ServerDeps;
  readonly logger: ReturnType<typeof memoryLogger>;
  stop(): Promise<void>;
}

/** createApp (the bot endpoint, the tab API, health) over a real SQLite store loaded with `file`. */
export async function startBotApp(env: Record<string, string> = {}, file: CaseFileInput = fixture, store?: CaseStore): Promise<RunningBotApp> {
  const s = store ?? (await openStore({ SEND_DB_PATH: ':memory:' }));
  if (!store) await s.importCaseFile(caseFileSchema.parse(file));
  const logger = memoryLogger();
  const deps: ServerDeps = { store: s, logger, clock: () => NOON_23_NOV, env: { TAB_BUILD: 'off', ...env } };
  const server = http.createServer(createApp(deps));
  const url = await listen(server);
  return {
    url,
    store: s,
    deps,
    logger,
    stop: async () => {
      await close(server);
      await s.close();
    },
  };
}

export interface TeamsUser {
  readonly id?: string;
  readonly aadObjectId?: string;
  readonly name?: string;
}

/** A Teams message activity as the channel sends it. */
export function teamsMessage(
  serviceUrl: string,
  text: string,
  options: { user?: TeamsUser; tenant?: string; scope?: 'personal' | 'groupChat' | 'channel'; conversationId?: string } = {},
): Record<string, unknown> {
  const user = options.user ?? {};
  const tenant = options.tenant ?? 't1';
  const scope = options.scope ?? 'personal';
  const conversationId = options.conversationId ?? (scope === 'personal' ? `a:personal-${user.aadObjectId ?? 'x'}` : scope === 'groupChat' ? '19:group@thread.v2' : '19:general@thread.tacv2');
  return {
    type: 'message',
    id: 'm1',
    text,
    channelId: 'msteams',
    serviceUrl,
    from: { id: user.id ?? `29:${user.aadObjectId ?? 'x'}`, name: user.name ?? 'Someone', ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}) },
    recipient: { id: '28:send-oversight', name: 'SEND Oversight' },
    conversation: { id: conversationId, conversationType: scope, tenantId: tenant, ...(scope === 'personal' ? {} : { isGroup: true }) },
    channelData: scope === 'channel' ? { tenant: { id: tenant }, team: { id: '19:team@thread.tacv2' }, channel: { id: '19:general@thread.tacv2' } } : { tenant: { id: tenant } },
  };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: Headers; ms: number }> {
  const started = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, ms: Date.now() - started };
}

/** All the text a user sees on a card, one string. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      for (const k of ['text', 'title', 'value', 'label']) if (typeof o[k] === 'string') out.push(o[k]);
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(card);
  return out.join('\n');
}

export { fixture, NOON_23_NOV };
