// Issue 11, finding 2: nothing private in shared conversations. In a group chat or a channel, "what's
// due", "my cases", "case …" and the forms answer "I've sent it to you privately" there, and the answer
// goes to the person's 1:1 chat: the stored one, or one created from the tenant when none is stored.
import { afterEach, describe, expect, it } from '@jest/globals';
import { AAD } from '../bot/support.js';
import http from 'node:http';
import { cardText, close, fakeConnector, listen, post, startBotApp, teamsMessage, type FakeConnector, type RunningBotApp } from './support.js';

const GROUP = '19:group@thread.v2';
const CHANNEL = '19:general@thread.tacv2';
const ALEX = { id: '29:alex', aadObjectId: AAD.alex, name: 'Alex Wilber' };

let app: RunningBotApp | null = null;
let connector: FakeConnector | null = null;
afterEach(async () => {
  await app?.stop();
  await connector?.stop();
  app = null;
  connector = null;
});

describe('personal commands in a group chat or channel', () => {
  it('creates a 1:1 chat from the tenant when none is stored, sends the list there, and says so in the group', async () => {
    const created: Array<Record<string, unknown>> = [];
    connector = await fakeConnector({ createConversation: (body) => (created.push(body), 'a:alex-new-personal') });
    app = await startBotApp();
    const res = await post(`${app.url}/api/messages`, teamsMessage(connector.url, "what's due", { user: ALEX, scope: 'groupChat' }));
    expect(res.status).toBe(200);
    // In the group: the promise, and no reference, initials or flag.
    const inGroup = connector.cardsIn(GROUP).map(cardText).join('\n');
    expect(inGroup).toContain("I've sent it to you privately");
    expect(inGroup).not.toMatch(/C-\d{4}|J\.E\.|CMOOE/);
    // A 1:1 chat was created with Alex, in the tenant of the group chat.
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ isGroup: false, members: [{ id: '29:alex' }], tenantId: 't1' });
    const privately = connector.cardsIn('a:alex-new-personal').map(cardText).join('\n');
    expect(privately).toContain("What's due for Alex Wilber");
    expect(privately).toContain('C-1001');
    // ... and stored, so that next time (and the reminders) use it.
    const stored = await app.store.listConversations({ scope: 'personal', personId: 'p1' });
    expect(stored.map((r) => r.id)).toEqual(['a:alex-new-personal']);
  });

  it('uses the stored 1:1 chat for "my cases" in a channel and for a form', async () => {
    connector = await fakeConnector({ createConversation: () => 'a:should-not-be-created' });
    app = await startBotApp();
    // Alex has talked to the bot 1:1 before (the reference is stored).
    await post(`${app.url}/api/messages`, teamsMessage(connector.url, 'help', { user: ALEX, conversationId: 'a:alex-1to1' }));
    connector.requests.length = 0;
    await post(`${app.url}/api/messages`, teamsMessage(connector.url, 'my cases', { user: ALEX, scope: 'channel' }));
    await post(`${app.url}/api/messages`, teamsMessage(connector.url, 'note C-1001', { user: ALEX, scope: 'channel' }));
    await post(`${app.url}/api/messages`, teamsMessage(connector.url, 'case C-1001', { user: ALEX, scope: 'channel' }));
    const inChannel = connector.cardsIn(CHANNEL).map(cardText);
    expect(inChannel).toHaveLength(3);
    for (const text of inChannel) {
      expect(text).toContain("I've sent it to you privately");
      expect(text).not.toMatch(/C-\d{4}|J\.E\.|R\.S\.|Jamie/);
    }
    const privately = connector.cardsIn('a:alex-1to1').map(cardText);
    expect(privately).toHaveLength(3);
    expect(privately[0]).toContain('**C-1001** J.E.');
    expect(privately[1]).toMatch(/C-1001/);
    expect(privately[2]).toContain('C-1001: Jamie Example');
    expect(connector.requests.filter((r) => r.url === '/v3/conversations' || r.url === '/v3/conversations/')).toHaveLength(0);
  });

  it('creates a 1:1 chat when the stored one cannot be reached', async () => {
    connector = await fakeConnector({ createConversation: () => 'a:alex-fresh' });
    app = await startBotApp();
    // A 1:1 chat stored with an address that no longer answers (a closed port).
    const probe = http.createServer();
    const dead = await listen(probe);
    await close(probe);
    await app.store.saveConversation({
      id: 'a:alex-old',
      scope: 'personal',
      personId: 'p1',
      aadObjectId: AAD.alex,
      teamId: null,
      channelId: null,
      updatedAt: '2026-11-20T09:00:00Z',
      reference: { channelId: 'msteams', serviceUrl: `${dead}/`, conversation: { id: 'a:alex-old', conversationType: 'personal' }, bot: { id: '28:send-oversight' }, user: { id: '29:alex' } },
    });
    await post(`${app.url}/api/messages`, teamsMessage(connector.url, 'my cases', { user: ALEX, scope: 'groupChat' }));
    expect(connector.cardsIn(GROUP).map(cardText).join('\n')).toContain("I've sent it to you privately");
    expect(connector.cardsIn('a:alex-fresh').map(cardText).join('\n')).toContain('**C-1001** J.E.');
  }, 30_000);

  it('says so in the group when no 1:1 chat can be opened, and shows nothing there', async () => {
    connector = await fakeConnector({ createConversation: () => null });
    app = await startBotApp();
    await post(`${app.url}/api/messages`, teamsMessage(connector.url, "what's due", { user: ALEX, scope: 'groupChat' }));
    const inGroup = connector.cardsIn(GROUP).map(cardText).join('\n');
    expect(inGroup).toMatch(/could not send it to you privately/i);
    expect(inGroup).not.toMatch(/C-\d{4}|J\.E\./);
    expect(app.logger.lines.join('\n')).toMatch(/1:1 chat could not be created/);
  });

  it('still answers help in the group itself', async () => {
    connector = await fakeConnector({ createConversation: () => 'a:unused' });
    app = await startBotApp();
    await post(`${app.url}/api/messages`, teamsMessage(connector.url, 'help', { user: ALEX, scope: 'groupChat' }));
    expect(connector.cardsIn(GROUP).map(cardText).join('\n')).toContain('What I can do');
  });
});
