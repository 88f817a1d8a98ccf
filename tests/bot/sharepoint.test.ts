// The bot on SharePoint (the Graph test server, over HTTP): its read-only replies come from the server's
// snapshot, kept current by the change feed (issue 18): the same answer as on SQLite, a change recorded
// elsewhere (the tab, another instance) shown on the next reply, and one Graph request a reply (the delta
// round, in one $batch) instead of a query per case, person and action.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { caseFileSchema } from '../../src/domain/model.js';
import { memoryLogger } from '../../src/services/log.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { sharedAccessLog } from '../../src/services/access-log.js';
import { createSharePointStore } from '../../src/store/sharepoint/index.js';
import { staticTokenProvider } from '../../src/store/graph/auth.js';
import type { CaseStore } from '../../src/store/port.js';
import { SendOversightBot } from '../../bot/bot.js';
import { startGraphServer, type GraphTestServer } from '../support/graph-server/server.js';
import { AAD, cardText, fixture, NOON_23_NOV, say, world, type World } from './support.js';

let server: GraphTestServer;
let store: CaseStore;
let bot: SendOversightBot;
let sqlite: World;
let deps: ServerDeps;

beforeAll(async () => {
  server = await startGraphServer();
  store = await createSharePointStore({ siteId: server.siteId, baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), provision: true });
  await store.importCaseFile(caseFileSchema.parse(fixture));
  deps = { store, logger: memoryLogger(), clock: () => NOON_23_NOV, env: {} };
  bot = new SendOversightBot(deps, { tabUrl: 'https://tab.example/tab/?view=my-work' });
  sqlite = await world();
}, 60_000);

afterAll(async () => {
  await sqlite.close();
  await store.close();
  await server.close();
});

describe("the bot's replies on SharePoint", () => {
  it('answers "what\'s due", "my cases" and a case as on SQLite', async () => {
    for (const text of ["what's due", 'my cases', 'case C-1001', 'help']) {
      expect(cardText(await say(bot, AAD.alex, text))).toBe(cardText(await say(sqlite.bot, AAD.alex, text)));
    }
    expect(cardText(await say(bot, AAD.adele, "what's due"))).toContain('Supervision of Alex Wilber');
  });

  it('costs one Graph request a reply once the snapshot is loaded (the change feed, in one $batch)', async () => {
    // (A person's first message records their 1:1 chat: a write, once.)
    await say(bot, AAD.alex, "what's due");
    await say(bot, AAD.megan, "what's due");
    // The access record of the case shown in the test before (a write of its own, queued and flushed in
    // the background) is written now, not in the middle of the replies counted.
    await sharedAccessLog(deps).flush();
    const before = server.log.length;
    await say(bot, AAD.alex, "what's due");
    await say(bot, AAD.megan, 'my cases');
    const topLevel = server.log.slice(before).filter((r) => !r.inBatch);
    expect(topLevel.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /$batch', 'POST /$batch']);
  });

  it('shows a decision recorded elsewhere on the next reply', async () => {
    // C-1002: requested 20 Oct 2026, decision due 1 Dec (PS 5.3): due soon until the decision is recorded.
    expect(cardText(await say(bot, AAD.alex, "what's due"))).toContain('**C-1002 R.S.** Decide whether to assess');
    const stored = await store.getCase('C-1002');
    const assessment = stored?.case.assessment;
    if (!stored || !assessment) throw new Error('C-1002 or its assessment is missing');
    await store.updateCase('C-1002', stored.version, { assessment: { ...assessment, decisionOn: '2026-11-20', decision: 'assess' } });
    const text = cardText(await say(bot, AAD.alex, "what's due"));
    expect(text).not.toContain('**C-1002 R.S.** Decide whether to assess');
    expect(text).toContain('**C-1001 J.E.** Decide whether to assess');
  });
});
