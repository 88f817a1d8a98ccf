// The tab in Debian's chromium (playwright-core), against express() + tabApiRoutes on 127.0.0.1 with a
// demo service and AUTH_MODE=dev: a team manager drills down from an overdue figure to a case; a chair
// selects a case and sees it in the agenda preview; the same pages in the dark theme; an axe check
// (WCAG 2.2 AA) with no serious or critical violation; keyboard use. Screenshots of each page.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { generateDemo } from '../../src/domain/demo.js';
import { ensureTabBuilt } from '../../src/server/tab-api.js';
import { openTestStore, startApi, type RunningApi } from '../api/support.js';
import { browserGate, CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

const TODAY = '2026-11-23';
// UPDATE_SCREENSHOTS=1 refreshes the README's screenshots in docs/screenshots; otherwise they go to
// tmp/screenshots (ignored by git), so that a test run leaves the work tree clean.
const SHOTS = join(process.cwd(), ...(process.env.UPDATE_SCREENSHOTS === '1' ? ['docs', 'screenshots'] : ['tmp', 'screenshots']));
const skipReason = browserGate();
const maybe = skipReason === null ? describe : describe.skip;

let api: RunningApi;
let browser: Browser;

beforeAll(async () => {
  if (skipReason !== null) return;
  mkdirSync(SHOTS, { recursive: true });
  await ensureTabBuilt(); // rebuilt if older than the tab's sources
  const { store } = await openTestStore(generateDemo({ cases: 300, seed: 1, today: TODAY }));
  api = await startApi(store, { now: `${TODAY}T10:00:00Z`, env: { AUTH_MODE: 'dev', BOT_ID: '00000000-0000-0000-0000-00000000b07a' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function signIn(name: string, path = '/tab/', theme?: 'dark'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: theme === 'dark' ? 'dark' : 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${api.base}${path}${theme ? `${path.includes('?') ? '&' : '?'}theme=${theme}` : ''}`);
  await page.waitForURL(/\/dev\/sign-in/);
  await page.getByRole('button', { name }).click();
  await page.waitForURL(/\/tab\//);
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

async function axe(page: Page): Promise<string[]> {
  // No hover state under the pointer while checking contrast.
  await page.mouse.move(1, 1);
  // Fluent UI's focus manager (tabster) puts aria-hidden "dummy" <i tabindex=0> sentinels around focus
  // groups; they pass focus on at once and are never read out. They are the only thing excluded.
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).exclude('[data-tabster-dummy]').analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(' ')})`);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

async function backgroundIsDark(page: Page): Promise<boolean> {
  // Evaluated in the page (a string: this file is type-checked without the DOM library).
  return page.evaluate<boolean>(`(() => {
    const rgb = getComputedStyle(document.querySelector('.fui-FluentProvider')).backgroundColor.match(/\\d+/g).map(Number);
    return (rgb[0] + rgb[1] + rgb[2]) / 3 < 80;
  })()`);
}

maybe('team manager: dashboard, drill-down from an overdue figure, case page', () => {
  for (const theme of [undefined, 'dark'] as const) {
    it(`works in the ${theme ?? 'light'} theme`, async () => {
      const page = await signIn('Adele Vance', '/tab/', theme);
      await expect(page.getByRole('heading', { level: 1, name: 'SEND data dashboard' }).waitFor()).resolves.toBeUndefined();
      const tile = page.getByRole('group', { name: 'Annual reviews overdue now' });
      await tile.waitFor();
      expect(await backgroundIsDark(page)).toBe(theme === 'dark');
      await shot(page, `dashboard-${theme ?? 'light'}`);
      expect(await axe(page)).toEqual([]);

      await tile.getByRole('link', { name: /Show \d+ case/ }).click();
      await page.getByRole('heading', { level: 1, name: /Annual reviews overdue now/ }).waitFor();
      const firstCase = page.getByRole('table', { name: 'Cases behind the figure' }).getByRole('link').first();
      const caseId = (await firstCase.textContent())!.trim();
      await shot(page, `drill-down-${theme ?? 'light'}`);
      expect(await axe(page)).toEqual([]);

      await firstCase.click();
      await page.getByRole('heading', { level: 1, name: new RegExp(`^${caseId}:`) }).waitFor();
      const timeline = page.getByRole('list', { name: 'Open obligations, overdue first' });
      await expect(timeline.getByText('Annual review').first().waitFor()).resolves.toBeUndefined();
      expect(await timeline.getByText('Overdue').count()).toBeGreaterThan(0);
      await shot(page, `case-${theme ?? 'light'}`);
      expect(await axe(page)).toEqual([]);
      expect((page as Page & { errors?: string[] }).errors).toEqual([]);
      await page.context().close();
    }, 120_000);
  }
});

maybe('chair: select a case, see it in the agenda preview', () => {
  for (const theme of [undefined, 'dark'] as const) {
    it(`works in the ${theme ?? 'light'} theme`, async () => {
      const page = await signIn('Isaiah Langer', '/tab/?view=chair', theme);
      await page.getByRole('heading', { level: 1, name: "Chair's view" }).waitFor();
      const table = page.getByRole('table', { name: 'CMOOE cases to select from' });
      await table.waitFor();
      const box = table.getByRole('checkbox', { checked: false }).first();
      const label = (await box.getAttribute('aria-label')) ?? (await box.evaluate((el) => (el as unknown as { labels?: { textContent: string | null }[] }).labels?.[0]?.textContent ?? ''));
      const caseId = /Select (\S+)/.exec(label)![1]!;
      // The box follows the server: it turns on once the selection is stored.
      await box.click();
      await page.getByText(`${caseId} is on the agenda`).waitFor();
      const agenda = page.getByRole('list', { name: 'Agenda items' });
      await agenda.getByText(new RegExp(`^${caseId} \\(.*selected by the chair`)).waitFor();
      expect(await backgroundIsDark(page)).toBe(theme === 'dark');
      await shot(page, `chair-${theme ?? 'light'}`);
      expect(await axe(page)).toEqual([]);
      // Take it off again so the other theme's run starts from the same agenda.
      const selected = table.getByRole('checkbox', { name: new RegExp(`Select ${caseId} `) });
      expect(await selected.isChecked()).toBe(true);
      await selected.click();
      await page.getByText(`${caseId} is off the agenda`).waitFor();
      expect(await selected.isChecked()).toBe(false);
      expect(await agenda.getByText(new RegExp(`^${caseId} \\(`)).count()).toBe(0);
      expect((page as Page & { errors?: string[] }).errors).toEqual([]);
      await page.context().close();
    }, 120_000);
  }
});

maybe('my work', () => {
  it('lists a caseworker’s obligations overdue first, each with a way to record it', async () => {
    const page = await signIn('Alex Wilber', '/tab/?view=my-work');
    await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
    const table = page.getByRole('table', { name: 'My obligations, overdue first' });
    await table.waitFor();
    const statuses = await table.locator('tbody tr td:nth-child(4)').allTextContents();
    const firstNotOverdue = statuses.findIndex((s) => s !== 'Overdue');
    expect(statuses.slice(firstNotOverdue === -1 ? statuses.length : firstNotOverdue)).not.toContain('Overdue');
    expect(await table.getByRole('button', { name: /^Done…: / }).count()).toBeGreaterThan(0);
    // Each due date says where it comes from; the header says which profile's rules are in force.
    const dueCells = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    // (the date, then its basis: "… 6 weeks after the assessment request was received on …")
    expect(dueCells.filter((t) => !/\d{4}.*\b(after|before|of the|day|date set)\b.* \d{4}/.test(t))).toEqual([]);
    await page.getByText('Rules: Dorset SEND Practice Standards').waitFor();
    await shot(page, 'my-work-light');
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  }, 120_000);
});

/** Wait until the focus is on the page's h1 (polling: the tab's CSP forbids the eval behind waitForFunction). */
async function headingFocused(page: Page): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await page.evaluate<boolean>('document.activeElement !== null && document.activeElement.tagName === "H1"')) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`focus is not on the page heading but on ${await page.evaluate<string>('document.activeElement && document.activeElement.outerHTML.slice(0, 80)')}`);
}

maybe('keyboard', () => {
  it('reaches the drill-down and a case with the keyboard alone, and focus lands on each new page’s heading', async () => {
    const page = await signIn('Patti Fernandez');
    await page.getByRole('heading', { level: 1, name: 'SEND data dashboard' }).waitFor();
    const tile = page.getByRole('group', { name: 'Annual reviews overdue now' });
    await tile.waitFor();
    // The first control in the page is the skip link; from the heading, Tab goes on to the filters.
    expect(await page.evaluate<string>('document.querySelector("a[href], button, input, select").textContent')).toBe('Skip to content');
    await headingFocused(page);
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.tagName')).toBe('SELECT');
    await tile.getByRole('link', { name: /Show \d+ case/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Annual reviews overdue now/ }).waitFor();
    await headingFocused(page);
    const firstCase = page.getByRole('table', { name: 'Cases behind the figure' }).getByRole('link').first();
    const caseId = (await firstCase.textContent())!.trim();
    await firstCase.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${caseId}:`) }).waitFor();
    await headingFocused(page);
    // Back with the keyboard too.
    await page.getByRole('link', { name: '← Back to the list' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Annual reviews overdue now/ }).waitFor();
    await page.context().close();
  }, 120_000);
});
