// The fortnight card's poster (M − 7, services/fortnight.ts) killed at every point of a post, then the next
// run: exactly one fortnight card in the channel, through the real botbuilder adapter to a fake Bot
// Connector, on a real SQLite store. (The same sweep as the agenda poster's, tests/agendas/faults.test.ts.)
//
// "Killed after step k": the poster's first k calls to the store and to Teams are carried out, and from
// then on nothing the process does reaches anyone (each call is refused, as in a dead process; the k-th
// call's effect stays, its answer is lost, as when a process dies waiting for it). Ten minutes later a
// fresh instance runs the poster on the same store.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAdapter } from '../../bot/adapter.js';
import { createTeamsMessenger } from '../../bot/teamsMessenger.js';
import { LocalDocumentStore, parseAgendaChannels, writeAgendaChannels } from '../../src/services/agendas/index.js';
import { postDueFortnightCards } from '../../src/services/fortnight.js';
import { memoryLogger } from '../../src/services/log.js';
import type { Messenger } from '../../src/services/messenger.js';
import { SendLimiter } from '../../src/services/reminders/limiter.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { CaseStore } from '../../src/store/port.js';
import { cardOf, startBotConnector, type BotConnector } from '../support/bot-connector/server.js';
import { child, service } from './fixture.js';

const file = service({
  cases: [child('C-1001', { childName: 'Jamie Example', cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }] })],
  nominations: [{ caseId: 'C-1001', seriesId: 'cmooe', byId: 'p9', concern: 'No placement', madeOn: '2026-11-18' }],
});
const NOW = Date.parse('2026-11-19T08:05:00Z'); // the summary deadline (M − 7) of the meeting of Thursday 26 November

class Killed extends Error {}

/** The store and the messenger of a process that dies after `after` calls. */
function mortal<T extends object>(target: T, life: { calls: number; after: number }): T {
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

let dir: string;
let connector: BotConnector;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fortnight-faults-'));
  connector = await startBotConnector();
});
afterEach(async () => {
  await connector.close();
  rmSync(dir, { recursive: true, force: true });
});

async function setUp(db: string): Promise<void> {
  const store = openSqliteStore(db);
  await store.importCaseFile(file);
  await writeAgendaChannels(store, parseAgendaChannels({ series: { cmooe: { teamId: 'team-send', channelId: '19:cmooe@thread.tacv2' } } }));
  await store.saveConversation({
    id: '19:general@thread.tacv2',
    scope: 'team',
    personId: null,
    aadObjectId: null,
    teamId: 'team-send',
    channelId: '19:general@thread.tacv2',
    reference: { channelId: 'msteams', serviceUrl: connector.serviceUrl, bot: { id: '28:bot' }, conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: 't1' } },
    updatedAt: '2026-11-01T09:00:00Z',
  });
  await store.close();
}

function poster(store: CaseStore, messenger: Messenger) {
  return { store, messenger, documents: new LocalDocumentStore(path.join(dir, 'docs')), logger: memoryLogger(), limiter: new SendLimiter({ perSecond: 10_000, perConversationPerSecond: 10_000 }) };
}

function teams(store: CaseStore): Messenger {
  const logger = memoryLogger();
  return createTeamsMessenger(createAdapter({}, logger), store, '', logger);
}

/** Fortnight cards in the channel as they read now: filled in or a placeholder left behind. */
function channelCards(): { agendas: number; strays: number } {
  let agendas = 0;
  let strays = 0;
  for (const m of connector.messages) {
    const text = JSON.stringify(cardOf(m));
    if (text.includes('The cases follow.')) strays++;
    else if (text.includes('C-1001')) agendas++;
  }
  return { agendas, strays };
}

describe('the fortnight card poster killed at any point of a post', () => {
  it('a run that is not killed makes a fixed number of calls (the points to kill at)', async () => {
    const db = path.join(dir, 'clean.db');
    await setUp(db);
    const life = { calls: 0, after: Number.POSITIVE_INFINITY };
    const store = openSqliteStore(db);
    const result = await postDueFortnightCards(poster(mortal(store, life), mortal(teams(store), life)), NOW);
    await store.close();
    expect(result.posted).toEqual(['fortnight/cmooe/2026-11-26']);
    expect(channelCards()).toEqual({ agendas: 1, strays: 0 });
    expect(life.calls).toBeGreaterThan(6);
  });

  it('killed after each of its calls, the next run leaves exactly one fortnight card in the channel', async () => {
    const calls = await (async () => {
      const db = path.join(dir, 'count.db');
      await setUp(db);
      const life = { calls: 0, after: Number.POSITIVE_INFINITY };
      const store = openSqliteStore(db);
      await postDueFortnightCards(poster(mortal(store, life), mortal(teams(store), life)), NOW);
      await store.close();
      connector.messages.length = 0;
      return life.calls;
    })();
    const outcomes: string[] = [];
    for (let after = 1; after <= calls; after++) {
      connector.messages.length = 0;
      const db = path.join(dir, `killed-${after}.db`);
      await setUp(db);
      const dying = openSqliteStore(db);
      const life = { calls: 0, after };
      await postDueFortnightCards(poster(mortal(dying, life), mortal(teams(dying), life)), NOW).catch((e: unknown) => {
        if (!(e instanceof Killed)) throw e;
      });
      await dying.close();
      // Ten minutes later, another instance.
      const next = openSqliteStore(db);
      const result = await postDueFortnightCards(poster(next, teams(next)), NOW + 10 * 60_000);
      const again = await postDueFortnightCards(poster(next, teams(next)), NOW + 20 * 60_000);
      const unsettled = (await next.listUnsettledCards()).length;
      await next.close();
      const cards = channelCards();
      outcomes.push(
        `killed after call ${after}: ${cards.agendas} card, ${cards.strays} placeholder left, next run posted ${result.posted.length}, then ${again.posted.length}, ${unsettled} unsettled`,
      );
      expect({ after, agendas: cards.agendas, unsettled, againPosted: again.posted.length }).toEqual({ after, agendas: 1, unsettled: 0, againPosted: 0 });
    }
    // A placeholder is left behind only when the process died with its POST on the wire.
    expect(outcomes.filter((o) => !o.includes(' 0 placeholder')).length).toBeLessThanOrEqual(1);
  }, 120_000);
});
