// Issue 11, finding 1: a Teams user is a person by Entra object id, within an allowed tenant. An email
// (or UPN) match may only bind a person who has no object id yet, and the binding is stored and
// logged; someone else's email on another object id is "not set up". In the bot and in the tab's API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { CaseFileInput } from '../../src/domain/model.js';
import { AAD } from '../bot/support.js';
import { entraToken, getJson, makeKey, openTestStore, startApi, type TestKeys } from '../api/support.js';
import { caseFileSchema } from '../../src/domain/model.js';
import { cardText, fakeConnector, fixture, post, startBotApp, teamsMessage, type FakeConnector, type RunningBotApp } from './support.js';

const NEWCOMER = 'bbbbbbbb-0000-0000-0000-000000000001';
const IMPOSTOR = 'eeeeeeee-0000-0000-0000-000000000666';

/** The fixture with Megan not yet bound to an Entra object id (email only). */
const meganUnbound: CaseFileInput = {
  ...fixture,
  people: fixture.people!.map((p) => (p.id === 'p2' ? { ...p, aadObjectId: null } : p)),
};

const emails: Record<string, string> = { [IMPOSTOR]: 'AlexW@example.com', [NEWCOMER]: 'meganb@example.com' };

describe('the bot recognises a Teams user by object id within an allowed tenant', () => {
  let connector: FakeConnector;
  let app: RunningBotApp;
  beforeAll(async () => {
    connector = await fakeConnector({
      member: (userId) => {
        const oid = userId.replace(/^29:/, '');
        return emails[oid] ? { id: userId, name: 'Someone', aadObjectId: oid, email: emails[oid], userPrincipalName: emails[oid] } : null;
      },
    });
  });
  afterAll(async () => {
    await connector.stop();
  });
  afterEach(async () => {
    await app.stop();
    connector.requests.length = 0;
  });

  const lastCard = () => connector.lastCard();

  it('takes another object id with a bound person\'s email for no one ("not set up")', async () => {
    app = await startBotApp({ AAD_ALLOWED_TENANTS: 't1' }, meganUnbound);
    const res = await post(`${app.url}/api/messages`, teamsMessage(connector.url, "what's due", { user: { aadObjectId: IMPOSTOR } }));
    expect(res.status).toBe(200);
    const text = cardText(lastCard());
    expect(text).toContain('You are not set up in SEND Oversight');
    expect(text).not.toContain('Alex Wilber');
    expect(text).not.toContain('C-1001');
    // Nothing was bound: the impostor's object id still names no one.
    expect(await app.store.findPerson({ aadObjectId: IMPOSTOR })).toBeNull();
    expect(app.logger.lines.join('\n')).toMatch(/another Entra object id/);
  });

  it('refuses a user of a tenant that is not allowed, even with a known object id, without asking Teams who they are', async () => {
    app = await startBotApp({ AAD_ALLOWED_TENANTS: 't1' }, meganUnbound);
    const res = await post(`${app.url}/api/messages`, teamsMessage(connector.url, "what's due", { user: { aadObjectId: AAD.alex }, tenant: 'other-tenant' }));
    expect(res.status).toBe(200);
    expect(cardText(lastCard())).toContain('You are not set up in SEND Oversight');
    expect(connector.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
    // The tenant in channelData must agree with the conversation's.
    const mixed = teamsMessage(connector.url, "what's due", { user: { aadObjectId: AAD.alex } });
    (mixed.channelData as { tenant: { id: string } }).tenant.id = 'other-tenant';
    await post(`${app.url}/api/messages`, mixed);
    expect(cardText(lastCard())).toContain('You are not set up in SEND Oversight');
    // The allowed tenant, the same person: answered.
    await post(`${app.url}/api/messages`, teamsMessage(connector.url, "what's due", { user: { aadObjectId: AAD.alex } }));
    expect(cardText(lastCard())).toContain("What's due for Alex Wilber");
  });

  it('binds a person who has no object id yet by their email, stores the binding and logs it', async () => {
    app = await startBotApp({ AAD_ALLOWED_TENANTS: 't1' }, meganUnbound);
    await post(`${app.url}/api/messages`, teamsMessage(connector.url, 'my cases', { user: { aadObjectId: NEWCOMER } }));
    expect(cardText(lastCard())).toContain('C-1001');
    expect((await app.store.findPerson({ aadObjectId: NEWCOMER }))?.id).toBe('p2');
    expect(app.logger.lines.join('\n')).toMatch(/bound.*p2|p2.*bound/);
    // Next time the object id matches: no member lookup.
    connector.requests.length = 0;
    await post(`${app.url}/api/messages`, teamsMessage(connector.url, 'my cases', { user: { aadObjectId: NEWCOMER } }));
    expect(cardText(lastCard())).toContain('C-1001');
    expect(connector.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
  });

  it('refuses to start with bot credentials but no allowed tenant', async () => {
    const started = startBotApp({ MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'x', MicrosoftAppType: 'MultiTenant' });
    app = await started.catch(() => startBotApp({})); // stopped by afterEach either way
    await expect(started).rejects.toThrow(/AAD_ALLOWED_TENANTS/);
  });
});

describe('the tab API recognises a user by object id; email only binds an unbound person', () => {
  let trusted: TestKeys;
  beforeAll(async () => {
    trusted = await makeKey('tenant-key-1');
  });

  it("refuses another object id carrying a bound person's email (403, not set up)", async () => {
    const { store } = await openTestStore(caseFileSchema.parse(meganUnbound));
    const api = await startApi(store, { now: '2026-11-23T10:00:00Z', trusted: [trusted] });
    try {
      const r = await getJson(api.base, '/api/tab/me', await entraToken(trusted, { oid: IMPOSTOR, preferred_username: 'alexw@example.com' }));
      expect(r.status).toBe(403);
      expect(JSON.stringify(r.body)).not.toContain('Alex Wilber');
      expect(await store.findPerson({ aadObjectId: IMPOSTOR })).toBeNull();
    } finally {
      await api.close();
      await store.close();
    }
  });

  it('binds an unbound person on first sign-in by email, and stores it', async () => {
    const { store } = await openTestStore(caseFileSchema.parse(meganUnbound));
    const api = await startApi(store, { now: '2026-11-23T10:00:00Z', trusted: [trusted] });
    try {
      const r = await getJson(api.base, '/api/tab/me', await entraToken(trusted, { oid: NEWCOMER, preferred_username: 'MeganB@example.com' }));
      expect(r.status).toBe(200);
      expect(r.body.name).toBe('Megan Bowen');
      expect((await store.findPerson({ aadObjectId: NEWCOMER }))?.id).toBe('p2');
      expect(api.logLines.join('\n')).toMatch(/bound/);
      // A second object id with the same email is now someone else.
      const other = await getJson(api.base, '/api/tab/me', await entraToken(trusted, { oid: IMPOSTOR, preferred_username: 'meganb@example.com' }));
      expect(other.status).toBe(403);
    } finally {
      await api.close();
      await store.close();
    }
  });

  it('refuses a token that names no object id (401)', async () => {
    const { store } = await openTestStore(caseFileSchema.parse(meganUnbound));
    const api = await startApi(store, { now: '2026-11-23T10:00:00Z', trusted: [trusted] });
    try {
      const r = await getJson(api.base, '/api/tab/me', await entraToken(trusted, { preferred_username: 'meganb@example.com' }));
      expect(r.status).toBe(401);
      expect(r.body.error).toMatch(/object id|oid/);
    } finally {
      await api.close();
      await store.close();
    }
  });

  it('still checks the tenant of the token (401 for another tenant)', async () => {
    const { store } = await openTestStore(caseFileSchema.parse(fixture));
    const api = await startApi(store, { now: '2026-11-23T10:00:00Z', trusted: [trusted] });
    try {
      const r = await getJson(api.base, '/api/tab/me', await entraToken(trusted, { oid: AAD.alex, tid: '99999999-0000-0000-0000-000000000000' }));
      expect(r.status).toBe(401);
      expect(r.body.error).toMatch(/tenant|iss/);
    } finally {
      await api.close();
      await store.close();
    }
  });
});
