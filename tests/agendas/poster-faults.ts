// The harness of the channel posters' fault tests (faults.test.ts: the agenda; fortnight-faults.test.ts:
// the fortnight card): a process that dies after k calls to the store and to Teams, a fresh SQLite store
// with the CMOOE channel set up for each run, the real botbuilder adapter to a fake Bot Connector, and a
// count of the cards in the channel.
import { afterEach, beforeEach } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAdapter } from '../../bot/adapter.js';
import { createTeamsMessenger } from '../../bot/teamsMessenger.js';
import type { CaseFile } from '../../src/domain/model.js';
import { LocalDocumentStore, parseAgendaChannels, writeAgendaChannels } from '../../src/services/agendas/index.js';
import { memoryLogger } from '../../src/services/log.js';
import type { Messenger } from '../../src/services/messenger.js';
import { SendLimiter } from '../../src/services/reminders/limiter.js';
import type { CaseStore } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { cardOf, startBotConnector, type BotConnector } from '../support/bot-connector/server.js';

export class Killed extends Error {}

/** The store and the messenger of a process that dies after `after` calls: from then on each call is
 * refused; the `after`-th call's effect stays, its answer is lost. */
export function mortal<T extends object>(target: T, life: { calls: number; after: number }): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const v = Reflect.get(t, prop, receiver) as unknown;
      if (typeof v !== 'function' || prop === 'close') return v;
      return async (...args: unknown[]) => {
        if (life.calls >= life.after) throw new Killed('the process is dead');
        life.calls++;
        const result = await (v as (...a: unknown[]) => Promise<unknown>).apply(t, args);
        if (life.calls >= life.after) throw new Killed('the process died before it heard the answer');
        return result;
      };
    },
  });
}

/** Registers its own beforeEach/afterEach (a temporary folder and the fake Bot Connector). `stray` is the
 * text only a placeholder left behind holds; a card naming C-1001 otherwise counts as the card. */
export function posterFaultHarness(options: { file: CaseFile; tmpPrefix: string; stray: string }) {
  let dir = '';
  let connector: BotConnector | null = null;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), options.tmpPrefix));
    connector = await startBotConnector();
  });
  afterEach(async () => {
    await connector?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const bot = (): BotConnector => {
    if (connector === null) throw new Error('the fake Bot Connector is not running');
    return connector;
  };
  return {
    dbPath: (name: string) => path.join(dir, name),
    clearChannel: () => {
      bot().messages.length = 0;
    },
    setUp: async (db: string): Promise<void> => {
      const store = openSqliteStore(db);
      await store.importCaseFile(options.file);
      await writeAgendaChannels(store, parseAgendaChannels({ series: { cmooe: { teamId: 'team-send', channelId: '19:cmooe@thread.tacv2' } } }));
      await store.saveConversation({
        id: '19:general@thread.tacv2',
        scope: 'team',
        personId: null,
        aadObjectId: null,
        teamId: 'team-send',
        channelId: '19:general@thread.tacv2',
        reference: { channelId: 'msteams', serviceUrl: bot().serviceUrl, bot: { id: '28:bot' }, conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: 't1' } },
        updatedAt: '2026-11-01T09:00:00Z',
      });
      await store.close();
    },
    poster: (store: CaseStore, messenger: Messenger) => {
      return { store, messenger, documents: new LocalDocumentStore(path.join(dir, 'docs')), logger: memoryLogger(), limiter: new SendLimiter({ perSecond: 10_000, perConversationPerSecond: 10_000 }) };
    },
    teams: (store: CaseStore): Messenger => {
      const logger = memoryLogger();
      return createTeamsMessenger(createAdapter({}, logger), store, '', logger);
    },
    /** The cards in the channel as they read now: filled in, or a placeholder left behind. */
    channelCards: (): { agendas: number; strays: number } => {
      let agendas = 0;
      let strays = 0;
      for (const m of bot().messages) {
        const text = JSON.stringify(cardOf(m));
        if (text.includes(options.stray)) strays++;
        else if (text.includes('C-1001')) agendas++;
      }
      return { agendas, strays };
    },
  };
}
