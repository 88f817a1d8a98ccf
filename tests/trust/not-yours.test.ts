// Issue 11, finding 3: one answer for "not yours" and "not there". Whether a case exists is itself
// something only the people who may see it learn: the bot and the tab's API answer a case you may not
// see exactly as they answer one that does not exist (404 in the API, with the same words), and forms
// and their error cards for such a case carry no initials and no meeting date.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { caseFileSchema } from '../../src/domain/model.js';
import { AAD, cardText, say, submit, world, type World } from '../bot/support.js';
import { getJson, openTestStore, startApi, type RunningApi } from '../api/support.js';
import { fixture } from './support.js';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => {
  await w.close();
});

/** The card's words with the case reference taken out, so two answers can be compared. */
const without = (text: string, caseId: string) => text.split(caseId).join('<case>');

describe('the bot', () => {
  it.each([['case'], ['note'], ['summary'], ['nominate']])('answers "%s C-2001" (not Alex\'s) exactly as "%s C-9999" (no such case)', async (command) => {
    const hidden = cardText(await say(w.bot, AAD.megan, `${command} C-2001`));
    const missing = cardText(await say(w.bot, AAD.megan, `${command} C-9999`));
    expect(without(hidden, 'C-2001')).toBe(without(missing, 'C-9999'));
    expect(hidden).toContain('C-2001');
    expect(hidden).not.toMatch(/C\.H\.|Casey|Hidden|2026-1[12]-\d\d/);
  });

  it('submitting a form for a case you may not see reveals nothing either (no initials, no meeting date)', async () => {
    const forms = [
      { action: 'submit.note', caseId: 'C-2001', eventDate: '', eventTime: '', text: '' },
      { action: 'submit.summary', caseId: 'C-2001', actionsToDate: '', currentSteps: '', keyDates: '' },
      { action: 'submit.nominate', caseId: 'C-2001', seriesId: 'cmooe', concern: '' },
    ];
    for (const value of forms) {
      const hidden = cardText(await submit(w.bot, AAD.megan, value));
      const missing = cardText(await submit(w.bot, AAD.megan, { ...value, caseId: 'C-9999' }));
      expect(hidden).not.toMatch(/C\.H\.|Casey|2026-1[12]-\d\d/);
      expect(without(hidden, 'C-2001')).toBe(without(missing, 'C-9999'));
    }
  });

  it('still shows the forms of a case you may see', async () => {
    expect(cardText(await say(w.bot, AAD.alex, 'note C-1001'))).toContain('J.E.');
    expect(cardText(await say(w.bot, AAD.megan, 'nominate C-1001'))).toContain('J.E.');
  });
});

describe('the tab API', () => {
  let api: RunningApi;
  let alexToken: string;
  let isaiahToken: string;
  beforeAll(async () => {
    const { store } = await openTestStore(caseFileSchema.parse(fixture));
    api = await startApi(store, { now: '2026-11-23T10:00:00Z', env: { AUTH_MODE: 'dev' } });
    const token = async (personId: string) => {
      const res = await fetch(`${api.base}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId }) });
      return ((await res.json()) as { token: string }).token;
    };
    alexToken = await token('p1');
    isaiahToken = await token('p4');
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers 404 with the same words for a case you may not see and for one that does not exist', async () => {
    const hidden = await getJson(api.base, '/api/tab/cases/C-2001', alexToken);
    const missing = await getJson(api.base, '/api/tab/cases/C-9999', alexToken);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(without(hidden.body.error, 'C-2001')).toBe(without(missing.body.error, 'C-9999'));
    expect(JSON.stringify(hidden.body)).not.toMatch(/Casey|C\.H\./);
  });

  it("answers a chair's selection of a case she may not see as one that does not exist", async () => {
    const select = async (caseId: string) => {
      const res = await fetch(`${api.base}/api/tab/chair/selections`, {
        method: 'POST',
        headers: { authorization: `Bearer ${isaiahToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ caseId, seriesId: 'cmooe', meetingOn: '2026-12-10' }),
      });
      return { status: res.status, error: ((await res.json()) as { error: string }).error };
    };
    // C-1002 is not CMOOE, so the chair may not see it; C-9999 does not exist.
    const hidden = await select('C-1002');
    const missing = await select('C-9999');
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(without(hidden.error, 'C-1002')).toBe(without(missing.error, 'C-9999'));
  });
});
