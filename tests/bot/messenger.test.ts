// The Teams messenger over a fake Bot Framework connector: proactive 1:1 sends through the stored
// conversation reference, channel posts as a new thread, card updates in place, and Teams' refusals
// mapped to the Messenger's errors (throttled: retry later; not installed: not reachable).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '../../bot/adapter.js';
import { createTeamsMessenger } from '../../bot/teamsMessenger.js';
import { memoryLogger } from '../../src/services/log.js';
import { NotReachableError, TransientSendError, type Messenger } from '../../src/services/messenger.js';
import { openStore } from '../../src/store/index.js';
import type { CaseStore } from '../../src/store/port.js';

interface Hit {
  method: string;
  url: string;
  body: Record<string, unknown>;
}
let connector: Server;
let connectorUrl = '';
const hits: Hit[] = [];
let answer: { status: number; headers?: Record<string, string> } = { status: 200 };

beforeAll(async () => {
  connector = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', body: data ? JSON.parse(data) : {} });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
      if (req.method === 'POST' && req.url === '/v3/conversations') res.end(JSON.stringify({ id: '19:chan@thread.tacv2;messageid=777', activityId: '777' }));
      else res.end(JSON.stringify(answer.status === 200 ? { id: `act-${hits.length}` } : { error: { code: 'x', message: 'refused' } }));
    });
  });
  await new Promise<void>((r) => connector.listen(0, '127.0.0.1', () => r()));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise<void>((r) => connector.close(() => r()));
});

let store: CaseStore;
let messenger: Messenger;
const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'C-1001 J.E.: annual review due' }] };

beforeEach(async () => {
  hits.length = 0;
  answer = { status: 200 };
  store = await openStore({ SEND_DB_PATH: ':memory:' });
  const logger = memoryLogger();
  messenger = createTeamsMessenger(createAdapter({}, logger), store, '', logger);
  const reference = (id: string, type: string) => ({
    activityId: 'x',
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    locale: 'en-GB',
    bot: { id: '28:bot', name: 'SEND Oversight' },
    user: { id: '29:alex' },
    conversation: { id, conversationType: type, tenantId: 't1', isGroup: type !== 'personal' },
  });
  await store.saveConversation({
    id: 'a:alex',
    scope: 'personal',
    personId: 'p1',
    aadObjectId: 'aad-1',
    teamId: null,
    channelId: null,
    reference: reference('a:alex', 'personal'),
    updatedAt: '2026-11-23T09:00:00Z',
  });
  await store.saveConversation({
    id: '19:general@thread.tacv2',
    scope: 'team',
    personId: null,
    aadObjectId: null,
    teamId: '19:team@thread.tacv2',
    channelId: '19:general@thread.tacv2',
    reference: reference('19:general@thread.tacv2', 'channel'),
    updatedAt: '2026-11-23T09:00:00Z',
  });
});

describe('Teams messenger', () => {
  it('sends a card to a person through their stored 1:1 conversation', async () => {
    const sent = await messenger.sendToPerson('p1', card, 'Annual review due');
    expect(sent.conversationId).toBe('a:alex');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.method).toBe('POST');
    expect(hits[0]!.url).toMatch(/^\/v3\/conversations\/a%3Aalex\/activities/);
    expect(hits[0]!.body).toMatchObject({ type: 'message', summary: 'Annual review due', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    expect(sent.activityId).toBe('act-1');
    await store.close();
  });

  it('posts to a channel as a new thread through the team installation', async () => {
    const sent = await messenger.sendToChannel('19:team@thread.tacv2', '19:chan@thread.tacv2', card, 'Agenda');
    expect(hits[0]!.url).toBe('/v3/conversations');
    expect(hits[0]!.body).toMatchObject({ isGroup: true, channelData: { channel: { id: '19:chan@thread.tacv2' } } });
    expect(sent).toMatchObject({ conversationId: '19:chan@thread.tacv2;messageid=777', activityId: '777' });
    await store.close();
  });

  it('updates a card in place', async () => {
    await messenger.updateCard({ conversationId: 'a:alex', activityId: 'act-9' }, card);
    expect(hits[0]!.method).toBe('PUT');
    expect(hits[0]!.url).toBe('/v3/conversations/a%3Aalex/activities/act-9');
    await store.close();
  });

  it('says a person or team without the bot is not reachable, without calling Teams', async () => {
    await expect(messenger.sendToPerson('p2', card, 'x')).rejects.toBeInstanceOf(NotReachableError);
    await expect(messenger.sendToChannel('19:other@thread.tacv2', '19:c', card, 'x')).rejects.toBeInstanceOf(NotReachableError);
    expect(hits).toHaveLength(0);
    await store.close();
  });

  it('maps throttling to a transient error with the retry-after, and a removed bot to not reachable', async () => {
    answer = { status: 429, headers: { 'retry-after': '1' } };
    const throttled = await messenger.sendToPerson('p1', card, 'x').catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(TransientSendError);
    expect((throttled as TransientSendError).retryAfterMs).toBe(1000);
    answer = { status: 403 };
    await expect(messenger.sendToPerson('p1', card, 'x')).rejects.toBeInstanceOf(NotReachableError);
    await store.close();
  });
});
