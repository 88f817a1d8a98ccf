// The tab's API for doing the work where you are (issue 15), over the real SQLite store and HTTP: the
// forecast, the case list, exports (the Excel file opened with ExcelJS), recording with the bot's
// validation, Done with a past date and Snooze, each as the person may (rules section 7). The small
// service is tests/bot/support.ts (Monday 23 November 2026); expected figures are worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { caseFileSchema } from '../../src/domain/model.js';
import type { CaseStore } from '../../src/store/port.js';
import { AAD, fixture } from '../bot/support.js';
import { entraToken, getJson, makeKey, openTestStore, sendJson, startApi, type RunningApi } from './support.js';

const TODAY = '2026-11-23';
let api: RunningApi;
let store: CaseStore;
const token: Record<string, string> = {};

beforeAll(async () => {
  const key = await makeKey('k1');
  ({ store } = await openTestStore(caseFileSchema.parse(fixture)));
  // Advice asked of health on 1 Oct 2026: due 1 Oct + 6 weeks = 12 Nov (PS 5.17), overdue, Alex's.
  await store.addCase(
    caseFileSchema.parse({
      cases: [
        {
          id: 'C-1004',
          childName: 'Sky Advice',
          dateOfBirth: '2015-05-05',
          team: 'North',
          locality: 'North',
          leadProfessionalId: 'p1',
          adviceRequests: [{ agency: 'health', requestedOn: '2026-10-01' }],
        },
      ],
    }).cases[0]!,
  );
  api = await startApi(store, { now: `${TODAY}T10:00:00Z`, trusted: [key] });
  for (const [name, oid] of Object.entries(AAD)) token[name] = await entraToken(key, { oid });
});
afterAll(async () => {
  await api?.close();
  await store?.close();
});

const get = (path: string, who: string) => getJson(api.base, path, token[who]);

describe('the forecast', () => {
  it("gives a team manager her team's next 8 weeks by kind and by person", async () => {
    const r = await get('/api/tab/forecast', 'adele');
    expect(r.status).toBe(200);
    expect(r.body.scope).toMatchObject({ kind: 'team', id: 'North', title: 'team North' });
    // Week of 30 Nov: C-1002's decision (20 Oct + 6 weeks = 1 Dec), the summaries for the meetings of
    // 10 Dec (deadline 3 Dec) and, in care, 11 Dec (4 Dec).
    expect(r.body.summary.weeks[1]).toMatchObject({ from: '2026-11-30', to: '2026-12-06', total: 3, byKind: { 'assessment-decision': 1, 'cmooe-summary': 2 } });
    // Overdue now: C-1001's decision, two summaries, Alex's supervision, C-1004's advice.
    expect(r.body.summary.overdueNow.total).toBe(5);
    expect(r.body.summary.byOwner.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['Alex Wilber', 'Megan Bowen', 'Adele Vance']));
    expect(JSON.stringify(r.body)).not.toMatch(/C-2001|Casey/);
  });

  it('lists the items behind a week and kind', async () => {
    const r = await get('/api/tab/forecast?week=1&kind=cmooe-summary', 'adele');
    expect(r.body.rows.map((x: { caseId: string; due: string }) => [x.caseId, x.due])).toEqual([
      ['C-1001', '2026-12-03'],
      ['C-1003', '2026-12-04'],
    ]);
  });

  it("refuses another team's forecast, saying what the person can see", async () => {
    const r = await get('/api/tab/forecast?scope=team&id=North', 'south');
    expect(r.status).toBe(403);
    expect(r.body.error).toBe("You can see your own forecast, not team North's.");
  });

  it('gives a caseworker their own, and only what falls on them', async () => {
    const r = await get('/api/tab/forecast', 'alex');
    expect(r.body.scope.kind).toBe('person');
    expect(new Set(r.body.rows.map((x: { owner: string }) => x.owner))).toEqual(new Set(['Alex Wilber']));
  });
});

describe('the case list', () => {
  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id);

  it("sorts a caseworker's cases by what needs doing: most overdue, then longest overdue", async () => {
    const r = await get('/api/tab/cases', 'alex');
    // C-1001: decision (13 Oct) and summary (19 Nov) overdue; C-1004: advice (12 Nov); C-1003: summary (20 Nov); C-1002: nothing overdue.
    expect(ids(r.body)).toEqual(['C-1001', 'C-1004', 'C-1003', 'C-1002']);
    expect(r.body.items[0]).toMatchObject({ overdue: 2, oldestOverdue: '2026-10-13', overdueKinds: ['Decide whether to assess', 'Fortnightly CMOOE case summary'] });
  });

  it.each([
    ['C-1002', ['C-1002']],
    ['c1002', ['C-1002']],
    ['1002', ['C-1002']],
    ['J.E.', ['C-1001']],
    ['je', ['C-1001']],
    ['robin', ['C-1003']],
    ['C-2001', []],
    ['Casey', []],
  ])('searches by reference, initials or name, within what the person may see: %s', async (q, expected) => {
    expect(ids((await get(`/api/tab/cases?q=${encodeURIComponent(q)}`, 'alex')).body)).toEqual(expected);
  });

  it('filters: CMOOE, a kind overdue, a team', async () => {
    expect(ids((await get('/api/tab/cases?cmooe=1', 'alex')).body)).toEqual(['C-1001', 'C-1003']);
    expect(ids((await get('/api/tab/cases?overdue=agency-advice', 'alex')).body)).toEqual(['C-1004']);
    expect(ids((await get('/api/tab/cases?team=South', 'alex')).body)).toEqual([]);
    expect((await get('/api/tab/cases?overdue=nonsense', 'alex')).status).toBe(400);
  });
});

describe('exports', () => {
  it('the case list as Excel: a frozen header, filters, real dates, the rows shown', async () => {
    const res = await fetch(`${api.base}/api/tab/export/cases.xlsx`, { headers: { authorization: `Bearer ${token.adele}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="send-oversight-cases-2026-11-23.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getRow(1).getCell(1).value).toBe('Case');
    const shown = (await get('/api/tab/cases', 'adele')).body.items.map((i: { id: string }) => i.id);
    const rows: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push(row.getCell(1).value);
    });
    expect(rows).toEqual(shown);
    const oldest = sheet.getRow(2).getCell(8).value;
    expect(oldest).toBeInstanceOf(Date);
    expect((oldest as Date).toISOString().slice(0, 10)).toBe('2026-10-13');
  });

  it('as CSV, and every export is logged with its count and filter but no search text or child name', async () => {
    const res = await fetch(`${api.base}/api/tab/export/cases.csv?q=Jamie`, { headers: { authorization: `Bearer ${token.alex}` } });
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe('Case,Child,Team,Locality,Lead professional,Overdue,Overdue: what,Oldest overdue,Due soon,Next,Next due,CMOOE now,Phase transfer move');
    expect(text.split('\r\n')[1]).toMatch(/^C-1001,Jamie Example,North,North,Alex Wilber,2,Decide whether to assess; Fortnightly CMOOE case summary,2026-10-13,/);
    const line = api.logLines.filter((l) => l.includes('"message":"export"')).at(-1)!;
    expect(JSON.parse(line)).toMatchObject({ personId: 'p1', table: 'cases', format: 'csv', rows: 1 });
    expect(line).toContain('searched');
    expect(line).not.toMatch(/Jamie|Example/);
  });

  it('refuses an export of a table the person may not see (a caseworker and the dashboard)', async () => {
    const r = await get('/api/tab/export/dashboard.xlsx', 'alex');
    expect(r.status).toBe(403);
    expect((await get('/api/tab/export/secrets.xlsx', 'alex')).status).toBe(400);
  });
});

describe('recording from the tab', () => {
  it("a case note with the bot's validation: each problem by field, nothing stored; then stored", async () => {
    const bad = await sendJson(api.base, 'POST', '/api/tab/record/note', token.alex!, { caseId: 'C-1002', eventDate: '', eventTime: '09:00', text: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual({ eventDate: 'The date of the event is required', text: 'What happened is required' });
    expect((await store.getCase('C-1002'))!.case.caseNotes).toHaveLength(0);
    const ok = await sendJson(api.base, 'POST', '/api/tab/record/note', token.alex!, { caseId: 'C-1002', eventDate: '2026-11-23', eventTime: '09:00', text: 'Visited school' });
    expect(ok.status).toBe(201);
    expect(ok.body.title).toBe('Casework recorded for C-1002');
    expect((await store.getCase('C-1002'))!.case.caseNotes).toHaveLength(1);
  });

  it("the summary form is refused to someone who is not the case's inclusion lead", async () => {
    const r = await get('/api/tab/forms/summary?caseId=C-1001', 'alex');
    expect(r.status).toBe(403);
    expect(r.body.error).toContain('written by its inclusion lead');
    const megan = await get('/api/tab/forms/summary?caseId=C-1001', 'megan');
    expect(megan.body).toMatchObject({ caseId: 'C-1001', meetingOn: '2026-12-10', deadline: '2026-12-03' });
  });

  it('Done with a past date records that date; a future date, a date before the request and another team are refused', async () => {
    const work = (await get('/api/tab/my-work', 'alex')).body.items as Array<{ key: string; caseId: string; record: string | null }>;
    const advice = work.find((i) => i.caseId === 'C-1004')!;
    expect(advice.record).toBe('done');
    const future = await sendJson(api.base, 'POST', '/api/tab/done', token.alex!, { key: advice.key, doneOn: '2026-11-30' });
    expect(future.status).toBe(400);
    expect(future.body.error).toBe('The date it was done cannot be in the future (today is 2026-11-23).');
    const early = await sendJson(api.base, 'POST', '/api/tab/done', token.alex!, { key: advice.key, doneOn: '2026-09-01' });
    expect(early.status).toBe(400);
    expect(early.body.error).toContain('advice received before it was requested');
    const other = await sendJson(api.base, 'POST', '/api/tab/done', token.south!, { key: advice.key, doneOn: '2026-11-10' });
    expect(other.status).toBe(403);
    expect((await store.getCase('C-1004'))!.case.adviceRequests[0]!.receivedOn).toBeNull();
    const ok = await sendJson(api.base, 'POST', '/api/tab/done', token.alex!, { key: advice.key, doneOn: '2026-11-10' });
    expect(ok.status).toBe(200);
    expect(ok.body.title).toBe('Recorded: Advice from health for C-1004, done on 2026-11-10');
    expect((await store.getCase('C-1004'))!.case.adviceRequests[0]!.receivedOn).toBe('2026-11-10');
    // Received 10 Nov, due 12 Nov: met, on the case page.
    const page = await get('/api/tab/cases/C-1004', 'alex');
    expect(page.body.timeline.find((t: { kind: string }) => t.kind === 'agency-advice')).toMatchObject({ status: 'met', completedOn: '2026-11-10' });
  });

  it('a CMOOE summary item says to use its form', async () => {
    const work = (await get('/api/tab/my-work', 'megan')).body.items as Array<{ key: string; kind: string; record: string | null }>;
    const summary = work.find((i) => i.kind === 'cmooe-summary')!;
    expect(summary.record).toBe('summary');
    const r = await sendJson(api.base, 'POST', '/api/tab/done', token.megan!, { key: summary.key, doneOn: TODAY });
    expect(r.status).toBe(400);
    expect(r.body.form).toBe('summary');
  });

  it('Snooze from the tab leaves the item out of the reminders until the day it comes back', async () => {
    const work = (await get('/api/tab/my-work', 'alex')).body.items as Array<{ key: string; caseId: string; kind: string }>;
    const decision = work.find((i) => i.caseId === 'C-1002' && i.kind === 'assessment-decision')!;
    const r = await sendJson(api.base, 'POST', '/api/tab/snooze', token.alex!, { key: decision.key, days: 3 });
    expect(r.status).toBe(200);
    // Three days from Monday 23 Nov: out of the digests of 23, 24 and 25 Nov, back on Thursday 26 Nov.
    expect(r.body.title).toBe('Snoozed: Decide whether to assess for C-1002 is back in your reminders on 2026-11-26');
    expect(await store.listSnoozes('p1', TODAY)).toEqual(new Map([[decision.key, '2026-11-25']]));
  });
});
