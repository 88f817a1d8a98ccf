// "Record the meeting" in Debian's chromium (playwright-core) against the real server routes on 127.0.0.1
// with a 300-case demo service, on the day of a CMOOE meeting, in the light theme at 1280 px and the dark
// at 480 px, each checked with axe (WCAG 2.2 AA) and for overlapping text or sideways scrolling: the
// chair's view offers "Record the meeting"; a case's row is saved with an action whose due date is
// missing (the problem is shown beside it, what was typed kept), then saved whole.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import { generateDemo } from '../../src/domain/demo.js';
import { meetingOnOrAfter, scheduleOf } from '../../src/domain/cmooe.js';
import { fromDay, toDay } from '../../src/domain/dates.js';
import { ensureTabBuilt } from '../../src/server/tab-api.js';
import { openTestStore, startApi, type RunningApi } from '../api/support.js';
import { browserGate, CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { axe, backgroundIsDark, overlappingText, pageOverflowsSideways, signIn, type Look, type TestPage } from './support.js';

const TODAY = '2026-11-23';
const skipReason = browserGate();
const maybe = skipReason === null ? describe : describe.skip;
const file = generateDemo({ cases: 300, seed: 1, today: TODAY });
const series = file.meetingSeries.find((s) => s.id === 'cmooe')!;
const MEETING = fromDay(meetingOnOrAfter(scheduleOf(series), toDay(TODAY)));
const chair = file.people.find((p) => p.chairs?.includes('cmooe'))!;

let api: RunningApi;
let browser: Browser;

async function tabCall(method: string, path: string, personId: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const { token } = (await (await fetch(`${api.base}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId }) })).json()) as {
    token: string;
  };
  const res = await fetch(`${api.base}/api/tab/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  if (skipReason !== null) return;
  await ensureTabBuilt();
  const { store } = await openTestStore(file);
  api = await startApi(store, { now: `${MEETING}T14:00:00Z`, env: { AUTH_MODE: 'dev' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  // The chair puts one more case on the agenda on the day (the window is M - 7 .. M).
  const view = await tabCall('GET', 'chair?series=cmooe', chair.id);
  const candidate = (view.body.candidates as Array<{ caseId: string; selected: boolean; nominated: boolean }>).find((c) => !c.selected && !c.nominated);
  if (candidate) expect((await tabCall('POST', 'chair/selections', chair.id, { caseId: candidate.caseId, seriesId: 'cmooe', meetingOn: MEETING })).status).toBe(201);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function checkPage(page: TestPage, look: Required<Look>): Promise<void> {
  expect(await backgroundIsDark(page)).toBe(look.theme === 'dark');
  expect(await overlappingText(page)).toEqual([]);
  expect(await pageOverflowsSideways(page)).toBe(false);
  expect(await axe(page)).toEqual([]);
}

maybe('the chair records the meeting in the tab', () => {
  const looks: Array<Required<Look>> = [
    { theme: 'light', width: 1280 },
    { theme: 'dark', width: 480 },
  ];
  for (const [n, look] of looks.entries()) {
    it(`in the ${look.theme} theme at ${look.width} px`, async () => {
      const page = await signIn(browser, api.base, chair.name, '/tab/', look);
      await page.goto(`${api.base}/tab/${look.theme === 'dark' ? '?theme=dark' : ''}#/chair?series=cmooe`);
      await page.getByRole('link', { name: 'Record the meeting' }).click();
      await page.getByRole('heading', { level: 1, name: /Record the meeting/ }).waitFor();
      await checkPage(page, look);

      const rows = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: /^Save C-/ }) });
      const row = rows.nth(n);
      const caseId = ((await row.getByRole('button', { name: /^Save C-/ }).textContent()) ?? '').replace('Save ', '').trim();
      await row.getByLabel(`Outcome for ${caseId}`).fill('Tuition agreed; the school plans a part-time return.');
      await row.getByRole('button', { name: 'Add action' }).click();
      await row.getByLabel('What is to be done').fill('Confirm the tuition start date');
      await row.getByLabel('Owner').selectOption({ index: 1 });
      await row.getByRole('button', { name: `Save ${caseId}` }).click();
      await row
        .getByText(/The due date is not a date/)
        .first()
        .waitFor();
      expect(await row.getByLabel('What is to be done').inputValue()).toBe('Confirm the tuition start date');
      expect((await api.deps.store.listActions({ seriesId: 'cmooe' })).filter((a) => a.meetingOn === MEETING && a.caseId === caseId)).toEqual([]);
      await checkPage(page, look);

      await row.getByLabel('Due by').fill(fromDay(toDay(MEETING) + 8));
      await row.getByRole('button', { name: `Save ${caseId}` }).click();
      await page.getByText(`${caseId} saved with 1 action.`).waitFor();
      const saved = (await api.deps.store.listActions({ seriesId: 'cmooe' })).filter((a) => a.meetingOn === MEETING && a.caseId === caseId);
      expect(saved.map((a) => [a.text, a.dueOn])).toEqual([['Confirm the tuition start date', fromDay(toDay(MEETING) + 8)]]);
      const [record] = await api.deps.store.listMeetingRecords({ seriesId: 'cmooe', from: MEETING, to: MEETING });
      expect(record?.cases.find((c) => c.caseId === caseId)?.outcome).toBe('Tuition agreed; the school plans a part-time return.');
      await row.getByText('Confirm the tuition start date').first().waitFor();
      expect(page.errors).toEqual([]);
      await page.context().close();
    }, 120_000);
  }
});

maybe("the service manager's weekly page", () => {
  const manager = file.people.find((p) => p.roles.includes('service-manager'))!;
  it('adds an action for a team manager (a problem first, beside its field), shown as agreed; axe clean', async () => {
    const look: Required<Look> = { theme: 'light', width: 1280 };
    const page = await signIn(browser, api.base, manager.name, '/tab/', look);
    await page.goto(`${api.base}/tab/#/weekly`);
    await page.getByRole('heading', { level: 1, name: 'Weekly team manager meeting' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Add an action for a team manager' }).waitFor();
    await checkPage(page, look);
    await page.getByLabel('What is to be done').fill('Review the overdue advice with health');
    await page.getByLabel('Due by').fill(fromDay(toDay(MEETING) + 7));
    await page.getByRole('button', { name: 'Add action' }).click();
    await page.getByText('Choose who owns the action').first().waitFor();
    expect(await page.getByLabel('What is to be done').inputValue()).toBe('Review the overdue advice with health');
    await page.getByLabel('Team manager', { exact: true }).selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Add action' }).click();
    await page.getByText(/^Action added for /).waitFor();
    const weekly = (await api.deps.store.listActions({ seriesId: 'weekly' })).filter((a) => a.text === 'Review the overdue advice with health');
    expect(weekly).toHaveLength(1);
    const owner = file.people.find((p) => p.id === weekly[0]!.ownerId)!;
    expect(owner.roles).toContain('team-manager');
    await page.getByRole('region', { name: 'Agreed at this meeting' }).getByText('Review the overdue advice with health').waitFor();
    await checkPage(page, look);
    expect(page.errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
