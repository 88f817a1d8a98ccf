// A Bot Framework connector on 127.0.0.1 (node:http, port 0) speaking the part of the Bot Connector
// REST API (v3) that the real botbuilder CloudAdapter uses to talk to Teams, for tests and benches:
//
//  - POST /v3/conversations/{id}/activities            send to a conversation (201 { id })
//  - POST /v3/conversations/{id}/activities/{replyTo}  reply (201 { id })
//  - PUT  /v3/conversations/{id}/activities/{id}       update a message in place (200 { id }; 404 unknown)
//  - POST /v3/conversations                            create a 1:1 with a user (by Teams id or Entra
//                                                      object id; 403 when the app is not installed for
//                                                      them) or a new channel thread (with its first activity)
//
// As Teams does: message ids are assigned by the connector (the sender cannot choose them), a message is
// recorded once its request has arrived whole, whether or not the sender lives to read the answer, and a
// conversation Teams no longer knows answers 404 (or 403 when the bot was removed or blocked).
// Faults: conversations that are gone, 429 with Retry-After, answers delayed by a random time.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorMessage {
  readonly conversationId: string;
  readonly activityId: string;
  /** The activity as first posted. */
  readonly posted: Record<string, unknown>;
  /** The activity as it reads now (after updates). */
  current: Record<string, unknown>;
  updates: number;
  readonly at: number;
}

export interface BotConnector {
  /** The serviceUrl to put in conversation references: http://127.0.0.1:PORT/ */
  readonly serviceUrl: string;
  /** Every message, in the order they arrived. */
  readonly messages: ConnectorMessage[];
  /** Every request (method, path, status), in order. */
  readonly log: Array<{ method: string; path: string; status: number }>;
  /** Users (Teams user id or Entra object id) for whom the app is installed: a 1:1 can be created. */
  readonly installedFor: Set<string>;
  /** Conversations Teams no longer knows (404) or where the bot was removed or blocked (403). */
  readonly gone: Map<string, 403 | 404>;
  readonly faults: {
    /** The next `count` requests answer 429 with Retry-After. */
    throttle(count: number, retryAfterSeconds?: number): void;
    /** Each answer waits a random time in [min, max] ms (after the request was recorded). */
    delay(minMs: number, maxMs: number): void;
  };
  /** Called after each request is recorded (its number, from 1): tests trigger faults from it. */
  onRequest: ((count: number) => void) | null;
  /** Messages of a conversation, as they read now. */
  messagesIn(conversationId: string): ConnectorMessage[];
  close(): Promise<void>;
}

function attachmentsOf(activity: Record<string, unknown>): Array<{ contentType?: string; content?: unknown }> {
  return Array.isArray(activity.attachments) ? (activity.attachments as Array<{ contentType?: string; content?: unknown }>) : [];
}

/** The Adaptive Card a message carries now (null for plain text). */
export function cardOf(m: ConnectorMessage): Record<string, unknown> | null {
  const a = attachmentsOf(m.current).find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive');
  return a && a.content && typeof a.content === 'object' ? (a.content as Record<string, unknown>) : null;
}

export async function startBotConnector(): Promise<BotConnector> {
  const messages: ConnectorMessage[] = [];
  const log: BotConnector['log'] = [];
  const installedFor = new Set<string>();
  const gone = new Map<string, 403 | 404>();
  let throttleLeft = 0;
  let retryAfter = 1;
  let delay: [number, number] = [0, 0];
  let next = 1;
  const newId = () => `${Date.now()}${String(next++).padStart(5, '0')}`;

  const reply = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const [min, max] = delay;
    const wait = max > 0 ? min + Math.random() * (max - min) : 0;
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (wait > 0) setTimeout(send, wait);
    else send();
  };
  const error = (code: string, message: string) => ({ error: { code, message } });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const path = (req.url ?? '/').split('?')[0]!;
      const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
        log.push({ method, path, status });
        reply(res, status, body, headers);
        connector.onRequest?.(log.length);
      };
      let body: Record<string, unknown>;
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        answer(400, error('BadSyntax', 'the body is not JSON'));
        return;
      }
      if (throttleLeft > 0) {
        throttleLeft--;
        answer(429, error('Throttled', 'Too many requests'), { 'Retry-After': String(retryAfter) });
        return;
      }
      const segs = path
        .split('/')
        .filter(Boolean)
        .map((s) => decodeURIComponent(s));
      if (segs[0] !== 'v3' || segs[1] !== 'conversations') {
        answer(404, error('NotFound', `no route ${method} ${path}`));
        return;
      }
      // POST /v3/conversations: create a conversation
      if (segs.length === 2 && method === 'POST') {
        const channel = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
        if (body.isGroup === true && channel) {
          const activityId = newId();
          const conversationId = `${channel};messageid=${activityId}`;
          if (body.activity && typeof body.activity === 'object') {
            const activity = body.activity as Record<string, unknown>;
            messages.push({ conversationId, activityId, posted: activity, current: activity, updates: 0, at: Date.now() });
          }
          answer(201, { id: conversationId, activityId });
          return;
        }
        const member = Array.isArray(body.members) ? (body.members[0] as { id?: string; aadObjectId?: string } | undefined) : undefined;
        const who = [member?.id, member?.aadObjectId].filter((x): x is string => typeof x === 'string' && x.length > 0);
        const user = who.find((x) => installedFor.has(x));
        if (body.isGroup === true || !user) {
          answer(403, error('Forbidden', 'The bot is not installed for the user (BotNotInConversationRoster)'));
          return;
        }
        answer(201, { id: `a:created-${user}` });
        return;
      }
      const conversationId = segs[2];
      if (!conversationId || segs[3] !== 'activities') {
        answer(404, error('NotFound', `no route ${method} ${path}`));
        return;
      }
      const refusal = gone.get(conversationId);
      if (refusal !== undefined) {
        answer(refusal, refusal === 404 ? error('ConversationNotFound', 'Conversation not found.') : error('Forbidden', 'The bot is not part of the conversation roster.'));
        return;
      }
      if (method === 'POST') {
        const activityId = newId();
        messages.push({ conversationId, activityId, posted: body, current: body, updates: 0, at: Date.now() });
        answer(201, { id: activityId });
        return;
      }
      if (method === 'PUT' && segs[4]) {
        const m = messages.find((x) => x.conversationId === conversationId && x.activityId === segs[4]);
        if (!m) {
          answer(404, error('ActivityNotFound', 'The activity was not found.'));
          return;
        }
        m.current = body;
        m.updates++;
        answer(200, { id: m.activityId });
        return;
      }
      answer(405, error('MethodNotAllowed', `${method} ${path}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const connector: BotConnector = {
    serviceUrl: `http://127.0.0.1:${port}/`,
    onRequest: null,
    messages,
    log,
    installedFor,
    gone,
    faults: {
      throttle(count, seconds = 1) {
        throttleLeft = count;
        retryAfter = seconds;
      },
      delay(minMs, maxMs) {
        delay = [minMs, maxMs];
      },
    },
    messagesIn: (conversationId) => messages.filter((m) => m.conversationId === conversationId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return connector;
}
