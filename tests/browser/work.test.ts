// Doing the work where you are (issue 15), in Debian's chromium (playwright-core) against the real
// server routes on 127.0.0.1 with a 300-case demo service, in the light and dark themes, at 1280 and
// 480 px wide, each page checked with axe (WCAG 2.2 AA) and for text that overlaps or a page that
// scrolls sideways:
//   - a caseworker records a case note (a problem first, shown beside its field) and a Done with a
//     past date from My work;
//   - a team manager exports a drill-down to Excel; the file opens with ExcelJS and holds the rows shown;
//   - a team manager sees the forecast for the team and opens the items behind a number.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { chromium, type Browser } from 'playwright-core';
import { generateDemo } from '../../src/domain/demo.js';
import { ensureTabBuilt } from '../../src/server/tab-api.js';
import { openTestStore, startApi, type RunningApi } from '../api/support.js';
import { browserGate, CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { axe, backgroundIsDark, crampedHeadings, overlappingText, pageOverflowsSideways, shot, signIn, type Look, type TestPage } from './support.js';

const TODAY = '2026-11-23';
const skipReason = browserGate();
const maybe = skipReason === null ? describe : describe.skip;
const LOOKS: Array<Required<Look>> = [
  { theme: 'light', width: 1280 },
  { theme: 'dark', width: 1280 },
  { theme: 'light', width: 480 },
  { theme: 'dark', width: 480 },
];
const lookName = (l: Required<Look>) => `${l.theme}-${l.width}`;
/** docs/screenshots keeps two of the four looks (light at 1280, dark at 480); tmp/screenshots all. */
const keep = (l: Required<Look>) => process.env.UPDATE_SCREENSHOTS !== '1' || (l.theme === 'light' && l.width === 1280) || (l.theme === 'dark' && l.width === 480);

let api: RunningApi;
let browser: Browser;
const file = generateDemo({ cases: 300, seed: 1, today: TODAY });

beforeAll(async () => {
  if (skipReason !== null) return;
  await ensureTabBuilt();
  const { store } = await openTestStore(file);
  api = await startApi(store, { now: `${TODAY}T10:00:00Z`, env: { AUTH_MODE: 'dev', BOT_ID: '00000000-0000-0000-0000-00000000b07a' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** The page is usable at its width: nothing overlaps, the page itself does not scroll sideways, and
 * axe finds nothing serious. */
async function checkPage(page: TestPage, look: Required<Look>): Promise<void> {
  expect(await backgroundIsDark(page)).toBe(look.theme === 'dark');
  expect(await overlappingText(page)).toEqual([]);
  expect(await crampedHeadings(page)).toEqual([]);
  expect(await pageOverflowsSideways(page)).toBe(false);
  expect(await axe(page)).toEqual([]);
}

async function tabApi(path: string, personId: string): Promise<Record<string, unknown>> {
  const { token } = (await (await fetch(`${api.base}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId }) })).json()) as {
    token: string;
  };
  return (await (await fetch(`${api.base}/api/tab/${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, unknown>;
}

maybe('a caseworker records a note and a Done with a past date from My work', () => {
  const alex = file.people.find((p) => p.name === 'Alex Wilber')!;
  for (const look of LOOKS) {
    it(`in the ${look.theme} theme at ${look.width} px`, async () => {
      const page = await signIn(browser, api.base, 'Alex Wilber', '/tab/?view=my-work', look);
      await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
      const table = page.getByRole('table', { name: 'My obligations, overdue first' });
      await table.waitFor();
      await checkPage(page, look);
      if (keep(look)) await shot(page, `my-work-${lookName(look)}`);

      // A case note: a problem is shown beside its field and what was typed is kept; then it is saved.
      const caseId = (await table.getByRole('link').first().textContent())!.trim();
      const notesBefore = (await api.deps.store.getCase(caseId))!.case.caseNotes.length;
      await page.getByRole('button', { name: 'Record a case note' }).click();
      const dialog = page.getByRole('dialog', { name: 'Record casework' });
      await dialog.waitFor();
      await dialog.getByLabel(/Case reference/).fill(caseId);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.getByText('What happened is required').waitFor();
      expect(await dialog.getByLabel(/Case reference/).inputValue()).toBe(caseId);
      expect(await axe(page)).toEqual([]);
      if (keep(look)) await shot(page, `record-note-${lookName(look)}`);
      await dialog.getByLabel(/Time of the event/).fill('09:00');
      await dialog.getByRole('textbox', { name: /What happened/ }).fill(`Phone call with the family (${lookName(look)})`);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByText(`Casework recorded for ${caseId}`).waitFor();
      expect((await api.deps.store.getCase(caseId))!.case.caseNotes.length).toBe(notesBefore + 1);

      // Done with a past date: the first item recorded with a date, done last Friday.
      const done = table.getByRole('button', { name: /^Done…: / }).first();
      const label = (await done.getAttribute('aria-label'))!;
      const what = /^Done…: (.+), (C-\d+)/.exec(label)!;
      const doneCount = await table.getByRole('button', { name: /^Done…: / }).count();
      await done.click();
      const doneDialog = page.getByRole('dialog', { name: 'Record it done' });
      await doneDialog.waitFor();
      const dateBox = doneDialog.getByLabel(/The date it was done/);
      expect(await dateBox.inputValue()).toBe(TODAY);
      await dateBox.fill('2026-11-20');
      await doneDialog.getByRole('button', { name: 'Save' }).click();
      await page.getByText(`Recorded: ${what[1]} for ${what[2]}, done on 2026-11-20`).waitFor();
      await table
        .getByRole('button', { name: /^Done…: / })
        .nth(doneCount - 2)
        .waitFor();
      expect(await table.getByRole('button', { name: /^Done…: / }).count()).toBe(doneCount - 1);
      // The case page says so: done on 20 Nov.
      const detail = await tabApi(`cases/${what[2]}`, alex.id);
      const entries = (detail.timeline as Array<{ label: string; completedOn: string | null }>).filter((t) => t.label === what[1]);
      expect(entries.map((t) => t.completedOn)).toContain('2026-11-20');
      await checkPage(page, look);
      expect(page.errors).toEqual([]);
      await page.context().close();
    }, 180_000);
  }
});

maybe('a team manager exports a drill-down to Excel', () => {
  for (const look of LOOKS) {
    it(`in the ${look.theme} theme at ${look.width} px: the file holds the rows shown`, async () => {
      const page = await signIn(browser, api.base, 'Adele Vance', '/tab/', look);
      await page.getByRole('heading', { level: 1, name: 'SEND data dashboard' }).waitFor();
      const tile = page.getByRole('group', { name: 'Annual reviews overdue now' });
      await tile.getByRole('link', { name: /Show \d+ case/ }).click();
      await page.getByRole('heading', { level: 1, name: /Annual reviews overdue now/ }).waitFor();
      const table = page.getByRole('table', { name: 'Cases behind the figure' });
      await table.waitFor();
      await checkPage(page, look);
      if (keep(look)) await shot(page, `drill-down-${lookName(look)}`);
      const shown = (await table.locator('tbody tr td:first-child a').allTextContents()).map((t) => t.trim());
      expect(shown.length).toBeGreaterThan(0);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /as Excel$/ }).click()]);
      expect(download.suggestedFilename()).toBe('send-oversight-drill-reviewsOverdueNow-2026-11-23.xlsx');
      await page.getByText(/^Downloaded send-oversight-drill/).waitFor();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(await download.path());
      const sheet = workbook.worksheets[0]!;
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
      const ids: string[] = [];
      const statuses = new Set<unknown>();
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const ref = row.getCell(1).value;
        ids.push(typeof ref === 'string' ? ref : JSON.stringify(ref));
        statuses.add(row.getCell(8).value);
        expect(row.getCell(7).value).toBeInstanceOf(Date); // the due date, a real date
      });
      expect([...new Set(ids)]).toEqual(shown);
      expect(statuses).toEqual(new Set(['overdue']));
      expect(page.errors).toEqual([]);
      await page.context().close();
    }, 180_000);
  }
});

maybe('a team manager sees the forecast for the team', () => {
  for (const look of LOOKS) {
    it(`in the ${look.theme} theme at ${look.width} px`, async () => {
      const page = await signIn(browser, api.base, 'Adele Vance', '/tab/', look);
      await page.getByRole('heading', { level: 1, name: 'SEND data dashboard' }).waitFor();
      await page.getByRole('tab', { name: 'Forecast' }).click();
      await page.getByRole('heading', { level: 1, name: 'What is coming' }).waitFor();
      await page.getByText(/What falls due in each of the next 8 weeks for team North/).waitFor();
      await page.getByRole('img', { name: /What falls due each week, stacked by kind/ }).waitFor();
      const kinds = page.getByRole('table', { name: 'What falls due, by kind and week' });
      await kinds.waitFor();
      expect(await page.getByRole('table', { name: 'What falls due, by person and week' }).getByRole('rowheader').count()).toBeGreaterThan(1);
      await checkPage(page, look);
      if (keep(look)) await shot(page, `forecast-${lookName(look)}`);
      // The items behind the first number of the week of 30 November.
      const link = kinds.getByRole('link', { name: /w\/c 30 Nov: show them/ }).first();
      const n = Number(await link.textContent());
      await link.click();
      await page.getByRole('heading', { level: 2, name: /^The items: w\/c 30 Nov/ }).waitFor();
      const items = page.getByRole('table', { name: 'The items behind the forecast' });
      await items.waitFor();
      expect(await items.locator('tbody tr').count()).toBe(n);
      await checkPage(page, look);
      expect(page.errors).toEqual([]);
      await page.context().close();
    }, 180_000);
  }
});

maybe('a malformed address', () => {
  it('shows the not-found page with a way on, not a blank page', async () => {
    const page = await signIn(browser, api.base, 'Alex Wilber', '/tab/');
    await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
    await page.goto(`${api.base}/tab/#/case/%E0%A4%A`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.getByRole('link', { name: 'Go to My work' }).waitFor();
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  }, 60_000);
});
