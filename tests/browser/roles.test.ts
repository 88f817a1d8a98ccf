// The tab as each person of the demo service sees it (issue 15), in Debian's chromium: a caseworker,
// an inclusion lead, a team manager, a service manager, a CMOOE chair, and a caseworker refused what
// is not theirs (in the service's words, saying what they can do instead). Each page is checked with
// axe; with UPDATE_SCREENSHOTS=1 the screenshots go to docs/screenshots (role-*.png).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import { generateDemo } from '../../src/domain/demo.js';
import { ensureTabBuilt } from '../../src/server/tab-api.js';
import { openTestStore, startApi, type RunningApi } from '../api/support.js';
import { browserGate, CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { axe, shot, signIn } from './support.js';

const TODAY = '2026-11-23';
const skipReason = browserGate();
const maybe = skipReason === null ? describe : describe.skip;
const file = generateDemo({ cases: 300, seed: 1, today: TODAY });

let api: RunningApi;
let browser: Browser;

beforeAll(async () => {
  if (skipReason !== null) return;
  await ensureTabBuilt();
  const { store } = await openTestStore(file);
  api = await startApi(store, { now: `${TODAY}T10:00:00Z`, env: { AUTH_MODE: 'dev' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

maybe('each role', () => {
  it('a caseworker: My work, the case list searched by initials, a case open first, their own forecast', async () => {
    const page = await signIn(browser, api.base, 'Alex Wilber', '/tab/?view=my-work');
    await page.getByRole('table', { name: 'My obligations, overdue first' }).waitFor();
    // Audits too when the programme gave them an audit (a provision lead's learning audit, docs/rules.md section 8).
    const alex = file.people.find((p) => p.name === 'Alex Wilber')!;
    const audits = file.audits.some((a) => a.auditorId === alex.id || a.moderation?.moderatorId === alex.id) ? ['Audits'] : [];
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['My work', 'Cases', 'Forecast', ...audits]);
    await shot(page, 'role-caseworker-my-work');
    await page.getByRole('tab', { name: 'Cases' }).click();
    const cases = page.getByRole('table', { name: 'Cases, what needs doing first' });
    await cases.waitFor();
    const first = (await cases.locator('tbody tr').first().locator('td').first().textContent())!;
    const [, ref, name] = /^(C-\d+) (.+)$/.exec(first.trim())!;
    const initials = name!
      .split(' ')
      .map((w) => `${w[0]}.`)
      .join('');
    await page.getByRole('searchbox', { name: /Reference, initials or name/ }).fill(initials);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(new RegExp(`#/cases\\?q=${encodeURIComponent(initials).replace(/\./g, '\\.')}`));
    await cases.getByRole('link', { name: ref }).waitFor();
    expect(await axe(page)).toEqual([]);
    await shot(page, 'role-caseworker-cases');
    await cases.getByRole('link', { name: ref }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${ref}:`) }).waitFor();
    // The case page opens with what is open, overdue first; team and locality labelled.
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings[0]).toBe('Open now');
    await page.getByText('Locality', { exact: true }).waitFor();
    expect(await axe(page)).toEqual([]);
    await shot(page, 'role-caseworker-case', true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Record a case note' }).isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: '← Back to the list' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { level: 2, name: 'Open now' }).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('tab', { name: 'Forecast' }).click();
    await page.getByRole('heading', { level: 1, name: 'What is coming' }).waitFor();
    await page
      .getByText(/for Alex Wilber/)
      .first()
      .waitFor();
    await shot(page, 'role-caseworker-forecast');
    expect(page.errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('an inclusion lead: the CMOOE summary form from My work', async () => {
    const page = await signIn(browser, api.base, 'Megan Bowen', '/tab/?view=my-work');
    const table = page.getByRole('table', { name: 'My obligations, overdue first' });
    await table.waitFor();
    await table
      .getByRole('button', { name: /^Write summary: / })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: /Write the fortnightly CMOOE summary for C-/ });
    await dialog.getByText(/For the CMOOE|For the Children in Care CMOOE/).waitFor();
    expect(await axe(page)).toEqual([]);
    await shot(page, 'role-inclusion-lead-summary');
    await page.context().close();
  }, 120_000);

  it('a team manager: the dashboard with the 12-month EHCP figure when the period has none, and the forecast', async () => {
    const page = await signIn(browser, api.base, 'Adele Vance', '/tab/');
    await page.getByRole('heading', { level: 1, name: 'SEND data dashboard' }).waitFor();
    const ehcp = page.getByRole('group', { name: 'EHCPs issued within 20 weeks' });
    await ehcp.getByText(/No final plan was issued in the period chosen: this is the latest 12 months/).waitFor();
    await shot(page, 'role-team-manager-dashboard');
    await page.getByRole('tab', { name: 'Forecast' }).click();
    await page.getByRole('heading', { level: 1, name: 'What is coming' }).waitFor();
    await page.getByRole('img', { name: /stacked by kind/ }).waitFor();
    await shot(page, 'role-team-manager-forecast', true);
    await page.context().close();
  }, 120_000);

  it('a service manager: 12 months, a monthly trend that follows the period, and the date boxes that show it', async () => {
    const page = await signIn(browser, api.base, 'Patti Fernandez', '/tab/');
    await page.getByRole('heading', { level: 1, name: 'SEND data dashboard' }).waitFor();
    await page.getByRole('combobox', { name: 'Period' }).selectOption('365');
    await page.getByRole('heading', { level: 2, name: /^Monthly trend \(13 months to 23 Nov 2026\)/ }).waitFor();
    expect(await page.getByLabel('From').inputValue()).toBe('2025-11-24');
    // Dashboard again (the address keeps the filter; back to the default period, the boxes follow).
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { level: 2, name: /^Weekly trend \(12 weeks to 23 Nov 2026\)/ }).waitFor();
    expect(await page.getByLabel('From').inputValue()).toBe('2026-10-27');
    await page.goBack();
    await page.getByRole('heading', { level: 2, name: /^Monthly trend/ }).waitFor();
    expect(await page.getByLabel('From').inputValue()).toBe('2025-11-24');
    expect(await axe(page)).toEqual([]);
    await shot(page, 'role-service-manager-dashboard-12-months', true);
    // Printed: no navigation, filters or buttons; the figures and the tables.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Views' }).isVisible()).toBe(false);
    expect(await page.getByRole('form', { name: 'Choose the period, team and locality' }).isVisible()).toBe(false);
    expect(
      await page
        .getByRole('button', { name: /as Excel$/ })
        .first()
        .isVisible(),
    ).toBe(false);
    expect(await page.getByRole('table', { name: 'Figures by team' }).isVisible()).toBe(true);
    await shot(page, 'role-service-manager-dashboard-print', true);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('tab', { name: 'Forecast' }).click();
    await page.getByRole('table', { name: 'What falls due, by team and week' }).waitFor();
    await shot(page, 'role-service-manager-forecast');
    expect(page.errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it("a CMOOE chair: the chair's view and the cases missing out on education", async () => {
    const page = await signIn(browser, api.base, 'Isaiah Langer', '/tab/?view=chair');
    await page.getByRole('table', { name: 'CMOOE cases to select from' }).waitFor();
    await shot(page, 'role-chair');
    await page.getByRole('tab', { name: 'Cases' }).click();
    const cases = page.getByRole('table', { name: 'Cases, what needs doing first' });
    await cases.waitFor();
    const flags = await cases.locator('tbody tr td:nth-child(6)').allTextContents();
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) expect(f).toContain('CMOOE');
    await page.context().close();
  }, 120_000);

  it("refused: a caseworker asking for the dashboard and for another team's case is told what they can do instead", async () => {
    const alex = file.people.find((p) => p.name === 'Alex Wilber')!;
    const other = file.cases.find((c) => c.team !== alex.team)!;
    const page = await signIn(browser, api.base, 'Alex Wilber', '/tab/?view=my-work');
    await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
    await page.goto(`${api.base}/tab/#/dashboard`);
    const alert = page.getByRole('alert');
    await alert.getByText('The dashboard is for team managers, service managers, QA officers and Business Support. Use "My work" for your own obligations.').waitFor();
    expect(await alert.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await shot(page, 'role-refused-dashboard');
    await page.goto(`${api.base}/tab/#/case/${other.id}`);
    await page.getByRole('heading', { level: 1, name: `Case ${other.id}` }).waitFor();
    const refusal = page.getByRole('alert');
    await refusal.getByText(`There is no case ${other.id} that you can see.`, { exact: false }).waitFor();
    expect(await refusal.textContent()).not.toMatch(/standards|\.md|Try again/);
    expect(await axe(page)).toEqual([]);
    await shot(page, 'role-refused-case');
    await page.context().close();
  }, 120_000);
});
