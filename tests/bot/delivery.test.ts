// Delivery of 1:1 cards through the real botbuilder adapter to a fake Bot Connector: a person's stored
// conversations are tried newest first, those Teams says are gone (404, or 403 when the bot was removed)
// are removed from the store, a new 1:1 chat is created from the tenant's installation when none works,
// and the person is "not reachable" only when all of that fails.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createAdapter } from '../../bot/adapter.js';
import { createTeamsMessenger } from '../../bot/teamsMessenger.js';
import { memoryLogger } from '../../src/services/log.js';
import { NotReachableError, type Messenger } from '../../src/services/messenger.js';
import { openStore } from '../../src/store/index.js';
import type { CaseStore, ConversationRecord } from '../../src/store/port.js';
import { readCaseFile } from '../../src/domain/validate.js';
import { cardOf, startBotConnector, type BotConnector } from '../support/bot-connector/server.js';

let connector: BotConnector;
let store: CaseStore;
let messenger: Messenger;
const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'C-1001 J.E.: annual review due' }] };

beforeAll(async () => {
  connector = await startBotConnector();
});
afterAll(async () => {
  await connector.close();
});

function personal(id: string, personId: string, updatedAt: string, aadObjectId: string | null = 'aad-alex'): ConversationRecord {
  return {
    id,
    scope: 'personal',
    personId,
    aadObjectId,
    teamId: null,
    channelId: null,
    reference: {
      activityId: 'x',
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      locale: 'en-GB',
      bot: { id: '28:bot', name: 'SEND Oversight' },
      user: { id: `29:${personId}` },
      conversation: { id, conversationType: 'personal', tenantId: 't1' },
    },
    updatedAt,
  };
}

beforeEach(async () => {
  connector.messages.length = 0;
  connector.gone.clear();
  connector.installedFor.clear();
  store = await openStore({ SEND_DB_PATH: ':memory:' });
  await store.importCaseFile(
    readCaseFile({
      people: [
        { id: 'p1', name: 'Alex Reed', roles: ['provision-lead'], aadObjectId: 'aad-alex' },
        { id: 'p2', name: 'Jo Other', roles: ['provision-lead'], aadObjectId: 'aad-jo' },
      ],
      cases: [],
    }),
  );
  const logger = memoryLogger();
  messenger = createTeamsMessenger(createAdapter({}, logger), store, '', logger);
});

const ids = async (personId: string) => (await store.listConversations({ scope: 'personal', personId })).map((r) => r.id).sort();

describe('delivering a 1:1 card', () => {
  it('a stale conversation (404) does not hide a newer, valid one: the card arrives, the stale one is removed', async () => {
    // The stale one sorts first by id and is older: Teams forgot it when Alex reinstalled the bot.
    await store.saveConversation(personal('a:1-stale', 'p1', '2026-10-01T09:00:00Z'));
    await store.saveConversation(personal('a:2-valid', 'p1', '2026-11-20T09:00:00Z'));
    connector.gone.set('a:1-stale', 404);
    const sent = await messenger.sendToPerson('p1', card, 'Annual review due');
    expect(sent.conversationId).toBe('a:2-valid');
    expect(connector.messagesIn('a:2-valid').map(cardOf)).toEqual([card]);
    // Newest first: the valid one was tried first, so the stale one is still stored (never tried).
    expect(await ids('p1')).toEqual(['a:1-stale', 'a:2-valid']);
    await store.close();
  });

  it('tries the conversations newest first, and removes each one Teams says is gone (404 or 403)', async () => {
    await store.saveConversation(personal('a:1-valid', 'p1', '2026-09-01T09:00:00Z'));
    await store.saveConversation(personal('a:2-removed', 'p1', '2026-10-01T09:00:00Z'));
    await store.saveConversation(personal('a:3-gone', 'p1', '2026-11-01T09:00:00Z'));
    connector.gone.set('a:2-removed', 403);
    connector.gone.set('a:3-gone', 404);
    const sent = await messenger.sendToPerson('p1', card, 'x');
    expect(sent.conversationId).toBe('a:1-valid');
    expect(sent.delivery).toEqual({ staleRemoved: 2, created: false });
    expect(await ids('p1')).toEqual(['a:1-valid']);
    await store.close();
  });

  it('when no stored conversation works, creates a 1:1 chat from the tenant installation and keeps it', async () => {
    await store.saveConversation(personal('a:old', 'p1', '2026-10-01T09:00:00Z'));
    connector.gone.set('a:old', 404);
    connector.installedFor.add('aad-alex');
    const sent = await messenger.sendToPerson('p1', card, 'x');
    expect(sent.delivery).toEqual({ staleRemoved: 1, created: true });
    expect(connector.messagesIn(sent.conversationId).map(cardOf)).toEqual([card]);
    expect(await ids('p1')).toEqual([sent.conversationId]);
    // and the next card goes there directly
    const again = await messenger.sendToPerson('p1', card, 'x');
    expect(again.conversationId).toBe(sent.conversationId);
    expect(again.delivery).toEqual({ staleRemoved: 0, created: false });
    await store.close();
  });

  it('a person with no conversation at all gets a 1:1 created through another installation of the tenant', async () => {
    await store.saveConversation(personal('a:jo', 'p2', '2026-11-01T09:00:00Z', 'aad-jo'));
    connector.installedFor.add('aad-alex');
    const sent = await messenger.sendToPerson('p1', card, 'x');
    expect(sent.delivery?.created).toBe(true);
    expect(connector.messagesIn(sent.conversationId)).toHaveLength(1);
    await store.close();
  });

  it('is "not reachable" only when every conversation and the creation fail', async () => {
    await store.saveConversation(personal('a:old', 'p1', '2026-10-01T09:00:00Z'));
    connector.gone.set('a:old', 403);
    const error = await messenger.sendToPerson('p1', card, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotReachableError);
    expect(await ids('p1')).toEqual([]);
    expect(connector.messages).toHaveLength(0);
    await store.close();
  });
});

describe('the sweep delivering through Teams', () => {
  it('counts stale conversations removed, chats created and people unreachable in its summary and its log, and tries the unreachable again on the next run', async () => {
    const { smallService, MONDAY_8AM } = await import('../reminders/support.js');
    const { runSweep } = await import('../../src/services/reminders/sweep.js');
    const { SendLimiter } = await import('../../src/services/reminders/limiter.js');
    await store.importCaseFile(smallService());
    // p1: a stale conversation and a newer good one (the good one is tried first); p3: only a conversation
    // the bot was removed from (403), but the app is installed for them: a chat is created; p9: nothing
    // at all (unreachable, until the bot is installed).
    await store.saveConversation(personal('a:1-stale', 'p1', '2026-10-01T09:00:00Z', 'aad-p1'));
    await store.saveConversation(personal('a:2-valid', 'p1', '2026-11-20T09:00:00Z', 'aad-p1'));
    connector.gone.set('a:1-stale', 404);
    await store.saveConversation(personal('a:p3-old', 'p3', '2026-09-01T09:00:00Z', 'aad-p3'));
    connector.gone.set('a:p3-old', 403);
    connector.installedFor.add('29:p3');
    const logger = memoryLogger();
    const limiter = new SendLimiter({ perSecond: 10_000, perConversationPerSecond: 10_000 });
    const deps = { store, messenger, clock: () => MONDAY_8AM, logger, env: {} };
    const first = await runSweep(deps, { limiter });
    expect(first.counts).toMatchObject({ sent: 2, unreachable: 2 });
    expect(first.delivery).toEqual({ staleConversationsRemoved: 1, conversationsCreated: 1 });
    const summary = logger.lines.find((l) => l.includes('reminder sweep finished'))!;
    expect(JSON.parse(summary)).toMatchObject({ sent: 2, unreachable: 2, staleConversationsRemoved: 1, conversationsCreated: 1 });
    // p9 installs the bot; the next run (08:20) reaches them, and sends nothing twice.
    await store.saveConversation(personal('a:p9', 'p9', '2026-11-23T08:10:00Z', 'aad-p9'));
    const next = await runSweep({ ...deps, clock: () => MONDAY_8AM + 20 * 60_000 }, { limiter });
    expect(next.counts).toMatchObject({ sent: 2, unreachable: 0, 'already-sent': 2 });
    expect(connector.messagesIn('a:p9').map((m) => JSON.stringify(cardOf(m)).includes('The list follows.'))).toEqual([false, false]);
    await store.close();
  });
});
