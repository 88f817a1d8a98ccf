// The access record through the tab's API (issue 16; docs/rules.md section 7), over the real SQLite store
// and HTTP: every page that shows a child's details leaves one entry per case (who, which case, through
// what, why they may), a page refused leaves none; information governance and service managers search
// it, others may not; the subject access export and the retention review are for information
// governance. The small service is tests/bot/support.ts (Monday 23 November 2026) with an information
// governance officer and a service manager added.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { caseFileSchema, type CaseFileInput } from '../../src/domain/model.js';
import type { AccessEntry } from '../../src/domain/access-log.js';
import type { CaseStore } from '../../src/store/port.js';
import { sharedAccessLog } from '../../src/services/access-log.js';
import { AAD, fixture } from '../bot/support.js';
import { entraToken, getJson, makeKey, openTestStore, sendJson, startApi, type RunningApi } from './support.js';

const TODAY = '2026-11-23';
const IG_AAD = '00000000-0000-0000-0000-00000000aa01';
const MANAGER_AAD = '00000000-0000-0000-0000-00000000aa02';
const file: CaseFileInput = {
  ...fixture,
  people: [
    ...(fixture.people ?? []),
    { id: 'p60', name: 'Diego Siciliani', aadObjectId: IG_AAD, roles: ['information-governance'], team: null },
    { id: 'p61', name: 'Patti Fernandez', aadObjectId: MANAGER_AAD, roles: ['service-manager'], team: null },
  ],
};
const AADS: Record<string, string> = { ...AAD, diego: IG_AAD, patti: MANAGER_AAD };

let api: RunningApi;
let store: CaseStore;
const token: Record<string, string> = {};

beforeAll(async () => {
  const key = await makeKey('k1');
  ({ store } = await openTestStore(caseFileSchema.parse(file)));
  api = await startApi(store, { now: `${TODAY}T10:00:00Z`, trusted: [key] });
  for (const [name, oid] of Object.entries(AADS)) token[name] = await entraToken(key, { oid });
});
afterAll(async () => {
  await api?.close();
  await store?.close();
});

let before = new Set<string>();
beforeEach(async () => {
  await sharedAccessLog(api.deps).flush();
  before = new Set((await store.listAccess({ limit: 100_000 })).map((e) => e.id));
});

/** The entries written since the test began, once the queued writer has written them. */
async function newEntries(): Promise<AccessEntry[]> {
  await sharedAccessLog(api.deps).flush();
  return (await store.listAccess({ limit: 100_000 })).filter((e) => !before.has(e.id));
}
const brief = (es: AccessEntry[]) => es.map((e) => `${e.personId} ${e.caseId} ${e.via} ${e.reason} ${e.scope}`).sort();
const get = (path: string, who: string) => getJson(api.base, path, token[who]);

describe('every page with a child on it leaves an entry per case', () => {
  it('the case page: Alex leads C-1001 (his own), Adele manages its team', async () => {
    expect((await get('/api/tab/cases/C-1001', 'alex')).status).toBe(200);
    expect((await get('/api/tab/cases/C-1001', 'adele')).status).toBe(200);
    expect(brief(await newEntries())).toEqual(['p1 C-1001 tab-case lead own', 'p3 C-1001 tab-case team-manager team']);
  });

  it("a case page refused (another team's child) leaves no entry, and shows nothing", async () => {
    const r = await get('/api/tab/cases/C-2001', 'alex');
    expect([403, 404]).toContain(r.status);
    expect(JSON.stringify(r.body)).not.toContain('Casey');
    expect(await newEntries()).toEqual([]);
  });

  it('the case list, my work and the forecast list the cases they show', async () => {
    const cases = await get('/api/tab/cases', 'alex');
    expect(cases.status).toBe(200);
    const listed = new Set((await newEntries()).filter((e) => e.via === 'tab-cases').map((e) => e.caseId));
    expect(listed).toEqual(new Set(['C-1001', 'C-1002', 'C-1003']));

    before = new Set((await store.listAccess({ limit: 100_000 })).map((e) => e.id));
    expect((await get('/api/tab/my-work', 'alex')).status).toBe(200);
    const mine = await newEntries();
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.via === 'tab-my-work' && e.personId === 'p1' && e.scope === 'own')).toBe(true);

    before = new Set((await store.listAccess({ limit: 100_000 })).map((e) => e.id));
    expect((await get('/api/tab/forecast?week=1&kind=cmooe-summary', 'adele')).status).toBe(200);
    expect(brief(await newEntries())).toEqual(['p3 C-1001 tab-forecast team-manager team', 'p3 C-1003 tab-forecast team-manager team']);
  });

  it("the chair's view and a dashboard drill-down with names", async () => {
    expect((await get('/api/tab/chair', 'isaiah')).status).toBe(200);
    const chair = await newEntries();
    expect(chair.length).toBeGreaterThan(0);
    expect(chair.every((e) => e.via === 'tab-chair' && e.personId === 'p4' && e.reason === 'cmooe-chair')).toBe(true);

    before = new Set((await store.listAccess({ limit: 100_000 })).map((e) => e.id));
    const d = await get(`/api/tab/dashboard/drill?figure=decisionsWithin6Weeks&from=2026-01-01&to=${TODAY}`, 'adele');
    expect(d.status).toBe(200);
    expect(d.body.rows.length).toBeGreaterThan(0);
    const drilled = await newEntries();
    expect(drilled.map((e) => e.caseId).sort()).toEqual(d.body.rows.map((r: { id: string }) => r.id).sort());
    expect(drilled.every((e) => e.via === 'tab-drill' && e.detail === 'decisionsWithin6Weeks')).toBe(true);
  });

  it('a form for a case, and an export', async () => {
    expect((await get('/api/tab/forms/note?caseId=C-1002', 'alex')).status).toBe(200);
    expect(brief(await newEntries())).toEqual(['p1 C-1002 tab-form lead own']);

    before = new Set((await store.listAccess({ limit: 100_000 })).map((e) => e.id));
    const x = await fetch(`${api.base}/api/tab/export/cases.csv`, { headers: { authorization: `Bearer ${token.adele}` } });
    expect(x.status).toBe(200);
    const exported = await newEntries();
    expect(new Set(exported.map((e) => e.caseId))).toEqual(new Set(['C-1001', 'C-1002', 'C-1003']));
    expect(exported.every((e) => e.via === 'export' && e.personId === 'p3')).toBe(true);
  });
});

describe('searching the access record', () => {
  it('information governance finds who opened a case, with names and reasons', async () => {
    await get('/api/tab/cases/C-1003', 'megan');
    await sharedAccessLog(api.deps).flush();
    const r = await get('/api/tab/records/access?caseId=C-1003', 'diego');
    expect(r.status).toBe(200);
    const row = r.body.rows.find((x: { personId: string; via: string }) => x.personId === 'p2' && x.via === 'tab-case');
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).toContain('Megan Bowen');
    // By person and by date: Megan's openings today only.
    const byPerson = await get(`/api/tab/records/access?personId=p2&from=${TODAY}&to=${TODAY}`, 'diego');
    expect(byPerson.status).toBe(200);
    expect(byPerson.body.rows.length).toBeGreaterThan(0);
    expect(byPerson.body.rows.every((x: { personId: string }) => x.personId === 'p2')).toBe(true);
    // A service manager may search it too.
    expect((await get('/api/tab/records/access?caseId=C-1003', 'patti')).status).toBe(200);
  });

  it('information governance is sent to the access record, not to My work, when refused the dashboard', async () => {
    const r = await get('/api/tab/dashboard', 'diego');
    expect(r.status).toBe(403);
    expect(r.body.error).toContain('Use "Access record" for the record of who opened which case.');
    expect((await get('/api/tab/dashboard', 'alex')).body.error).toContain('Use "My work" for your own obligations.');
  });

  it('a caseworker or a team manager may not', async () => {
    for (const who of ['alex', 'adele']) {
      const r = await get('/api/tab/records/access?caseId=C-1001', who);
      expect(r.status).toBe(403);
      expect(r.body.error).toMatch(/information governance/i);
    }
  });

  it('the report of openings outside own and team names Sam, who looked at North children', async () => {
    // Sam South (p5) is a South caseworker: nothing of North is his. He is refused the case page,
    // so the outside openings here come from entries as the store holds them (a chair, or an old role).
    const at = `${TODAY}T09:00:00.000Z`;
    await store.appendAccess(
      ['C-1001', 'C-1002', 'C-1003'].map((caseId, i) => ({ id: `outside-${i}`, at, personId: 'p5', caseId, via: 'tab-case' as const, reason: 'no-rule', scope: 'other' as const, detail: null })),
    );
    const r = await get(`/api/tab/records/access/report?from=${TODAY}&to=${TODAY}&threshold=3`, 'diego');
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).toContain('Sam South');
    expect(JSON.stringify(r.body)).not.toContain('Alex Wilber');
    const xlsx = await fetch(`${api.base}/api/tab/records/export/report.xlsx?from=${TODAY}&to=${TODAY}&threshold=3`, { headers: { authorization: `Bearer ${token.diego}` } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
  });
});

describe('subject access and retention in the tab', () => {
  it('information governance downloads the Word document; it is recorded; others are refused', async () => {
    const r = await fetch(`${api.base}/api/tab/records/sar/C-1001.docx`, { headers: { authorization: `Bearer ${token.diego}` } });
    expect(r.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await r.arrayBuffer()));
    const words = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(words).toContain('Jamie Example');
    for (const other of ['Riley Stone', 'Casey Hidden', 'Robin Care']) expect(words).not.toContain(other);
    expect(brief(await newEntries())).toEqual(['p60 C-1001 sar information-governance other']);
    const refused = await get('/api/tab/records/sar/C-1001.json', 'patti');
    expect(refused.status).toBe(403);
  });

  it('the retention review is empty for a young service; destruction of a record not past it is refused', async () => {
    const r = await get('/api/tab/records/retention', 'diego');
    expect(r.status).toBe(200);
    expect(r.body.rows).toEqual([]);
    const d = await sendJson(api.base, 'POST', '/api/tab/records/retention/destroy', token.diego!, { caseId: 'C-1001', reason: 'past retention, review of 2026-11-23', confirm: 'C-1001' });
    expect(d.status).toBe(400);
    expect(d.body.error).toMatch(/not past retention/);
    expect(await store.getCase('C-1001')).not.toBeNull();
    expect((await get('/api/tab/records/retention', 'adele')).status).toBe(403);
  });
});
