// The records pages of the tab (issue 16; docs/rules.md section 7), in Debian's chromium over the demo
// service: a caseworker opens a case; the information governance officer finds that opening in the
// access record by case, downloads the child's subject access export and sees the retention review;
// a service manager has the access record but not subject access or retention. Each page checked
// with axe.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import { generateDemo, INFORMATION_GOVERNANCE_NAME } from '../../src/domain/demo.js';
import { sharedAccessLog } from '../../src/services/access-log.js';
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

maybe('the records pages', () => {
  it('information governance finds who opened a case, makes the subject access export, and sees the retention review', async () => {
    // Alex Wilber opens one of his cases.
    const alex = file.people.find((p) => p.name === 'Alex Wilber')!;
    const own = file.cases.find((c) => c.leadProfessionalId === alex.id)!;
    const caseworker = await signIn(browser, api.base, 'Alex Wilber', `/tab/#/case/${own.id}`);
    await caseworker.getByRole('heading', { level: 1, name: new RegExp(`^${own.id}:`) }).waitFor();
    await caseworker.context().close();
    await sharedAccessLog(api.deps).flush();

    const page = await signIn(browser, api.base, INFORMATION_GOVERNANCE_NAME);
    await page.getByRole('heading', { level: 1, name: 'Access record' }).waitFor();
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['Access record', 'Subject access', 'Retention']);
    await page.getByRole('textbox', { name: 'Case' }).fill(own.id);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(new RegExp(`#/access-record\\?caseId=${own.id}`));
    const table = page.getByRole('table', { name: 'Access record entries, newest first' });
    await table.waitFor();
    const row = table.locator('tbody tr').filter({ hasText: 'Alex Wilber' }).filter({ hasText: 'Case page (tab)' });
    await row.first().waitFor();
    expect(await row.first().textContent()).toContain('leads the case (lead professional)');
    // No child's name on the page: references only.
    expect(await page.locator('main').textContent()).not.toContain(own.childName);
    expect(await axe(page)).toEqual([]);
    await shot(page, 'records-access-record');

    await page.getByRole('link', { name: 'Openings outside own and team' }).click();
    await page.getByText(/or more cases outside their own and their team/).waitFor();
    expect(await axe(page)).toEqual([]);

    await page.getByRole('tab', { name: 'Subject access' }).click();
    await page.getByRole('heading', { level: 1, name: 'Subject access' }).waitFor();
    await page.getByRole('textbox', { name: /Case reference/ }).fill(own.id.toLowerCase());
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Word document' }).click()]);
    expect(download.suggestedFilename()).toBe(`${own.id}-subject-access-${TODAY}.docx`);
    await page.getByText(/The export is recorded in the child's access record/).waitFor();
    expect(await axe(page)).toEqual([]);
    await shot(page, 'records-subject-access');

    await page.getByRole('tab', { name: 'Retention' }).click();
    await page.getByRole('heading', { level: 1, name: 'Retention review' }).waitFor();
    // The demo's oldest child is 24: nothing is past 25 years from birth yet.
    await page.getByText('No record is past retention.').waitFor();
    expect(await axe(page)).toEqual([]);
    expect(page.errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('a service manager has the access record, not subject access or retention; a caseworker has none of them', async () => {
    const page = await signIn(browser, api.base, 'Patti Fernandez', '/tab/#/access-record');
    await page.getByRole('heading', { level: 1, name: 'Access record' }).waitFor();
    const tabs = await page.getByRole('tab').allInnerTexts();
    expect(tabs).toContain('Access record');
    expect(tabs).not.toContain('Subject access');
    expect(tabs).not.toContain('Retention');
    await page.goto(`${api.base}/tab/#/retention`);
    await page.getByRole('heading', { level: 1, name: 'Retention review' }).waitFor();
    await page
      .getByRole('alert')
      .getByText(/information governance/)
      .waitFor();
    await page.context().close();

    const caseworker = await signIn(browser, api.base, 'Alex Wilber', '/tab/#/access-record');
    await caseworker
      .getByRole('alert')
      .getByText(/information governance/)
      .waitFor();
    // Audits too when the programme gave Alex an audit of their own (docs/rules.md section 8): never a records page.
    const alex = file.people.find((p) => p.name === 'Alex Wilber')!;
    const audits = file.audits.some((a) => a.auditorId === alex.id || a.moderation?.moderatorId === alex.id) ? ['Audits'] : [];
    expect(await caseworker.getByRole('tab').allInnerTexts()).toEqual(['My work', 'Cases', 'Forecast', ...audits]);
    await caseworker.context().close();
  }, 180_000);
});
