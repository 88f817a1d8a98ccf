// The fortnight card's poster (M − 7, services/fortnight.ts) killed at every point of a post, then the next
// run: exactly one fortnight card in the channel, through the real botbuilder adapter to a fake Bot
// Connector, on a real SQLite store. (The same sweep as the agenda poster's, tests/agendas/faults.test.ts.)
//
// "Killed after step k": the poster's first k calls to the store and to Teams are carried out, and from
// then on nothing the process does reaches anyone (each call is refused, as in a dead process; the k-th
// call's effect stays, its answer is lost, as when a process dies waiting for it). Ten minutes later a
// fresh instance runs the poster on the same store.
import { describe, expect, it } from '@jest/globals';
import { postDueFortnightCards } from '../../src/services/fortnight.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { child, service } from './fixture.js';
import { Killed, mortal, posterFaultHarness } from './poster-faults.js';

const file = service({
  cases: [child('C-1001', { childName: 'Jamie Example', cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }] })],
  nominations: [{ caseId: 'C-1001', seriesId: 'cmooe', byId: 'p9', concern: 'No placement', madeOn: '2026-11-18' }],
});
const NOW = Date.parse('2026-11-19T08:05:00Z'); // the summary deadline (M − 7) of the meeting of Thursday 26 November

const { dbPath, clearChannel, setUp, poster, teams, channelCards } = posterFaultHarness({ file, tmpPrefix: 'fortnight-faults-', stray: 'The cases follow.' });

describe('the fortnight card poster killed at any point of a post', () => {
  it('a run that is not killed makes a fixed number of calls (the points to kill at)', async () => {
    const db = dbPath('clean.db');
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
      const db = dbPath('count.db');
      await setUp(db);
      const life = { calls: 0, after: Number.POSITIVE_INFINITY };
      const store = openSqliteStore(db);
      await postDueFortnightCards(poster(mortal(store, life), mortal(teams(store), life)), NOW);
      await store.close();
      clearChannel();
      return life.calls;
    })();
    const outcomes: string[] = [];
    for (let after = 1; after <= calls; after++) {
      clearChannel();
      const db = dbPath(`killed-${after}.db`);
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
