// Auditing in the tab (docs/rules.md section 8), in Debian's chromium (playwright-core) against the real
// tab API on the SQLite store with the 300-case demo service: a team manager opens the audit the
// programme drew for her, tries to complete it empty (each problem shown beside its criterion), judges
// the criteria, grades it Requires improvement with an action, and completes it, with the keyboard only
// (no click, no fill), each step checked with axe (WCAG 2.2 AA). The service manager's audit figure and
// the month's learning summary then count it; the audit's action is the case lead's to do.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { generateDemo } from '../../src/domain/demo.js';
import { ensureTabBuilt } from '../../src/server/tab-api.js';
import { openTestStore, startApi, type RunningApi } from '../api/support.js';
import { browserGate, CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { axe, overlappingText, pageOverflowsSideways, shot, signIn } from './support.js';

const TODAY = '2026-11-23';
const skipReason = browserGate();
const maybe = skipReason === null ? describe : describe.skip;

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

async function tabApi<T>(path: string, personId: string): Promise<T> {
  const { token } = (await (await fetch(`${api.base}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId }) })).json()) as {
    token: string;
  };
  return (await (await fetch(`${api.base}/api/tab/${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
}

/** Focus by the keyboard's own means is a long walk of Tab presses; focusing the control and then
 * operating it with keys is what a keyboard user does once there. Nothing here clicks or fills. */
async function press(page: Page, target: Locator, key: string): Promise<void> {
  await target.focus();
  await page.keyboard.press(key);
}
async function typeInto(page: Page, target: Locator, text: string): Promise<void> {
  await target.focus();
  await page.keyboard.type(text);
}

type Figures = { overall: { good: number; total: number; percent: number | null } };
type Summary = { completed: Array<{ auditId: string; grade: string }>; openActions: Array<{ caseId: string | null; owner: string }> };

maybe('a team manager completes an audit in the tab, keyboard only', () => {
  it('shows the problems, completes the audit, and the figure and the learning summary count it', async () => {
    const amelia = file.people.find((p) => p.name === 'Amelia Ahmed')!;
    const patti = file.people.find((p) => p.roles.includes('service-manager'))!;
    const audit = file.audits.find((a) => a.auditorId === amelia.id && a.completedOn === null)!;
    const c = file.cases.find((x) => x.id === audit.caseId)!;
    const lead = file.people.find((p) => p.id === c.leadProfessionalId)!;
    const before = await tabApi<Figures>('audits/figures?from=2026-11-01&to=2026-11-30', patti.id);
    const summaryBefore = await tabApi<Summary>('audits/summary?month=2026-11', patti.id);
    expect(summaryBefore.completed.map((x) => x.auditId)).not.toContain(audit.id);

    const page = await signIn(browser, api.base, 'Amelia Ahmed', '/tab/?view=audits');
    await page.getByRole('heading', { level: 1, name: 'Audits' }).waitFor();
    const mine = page.getByRole('table', { name: 'My audits and moderations' });
    await mine.waitFor();
    // Her figures (team South) are on the page too.
    await page.getByRole('heading', { level: 2, name: 'Audit figures' }).waitFor();
    expect(await axe(page)).toEqual([]);
    expect(await pageOverflowsSideways(page)).toBe(false);
    await shot(page, 'audits-team-manager');

    await press(page, mine.getByRole('link', { name: new RegExp(`^Open .* ${audit.id} of ${audit.caseId}$`) }), 'Enter');
    await page.getByRole('heading', { level: 1, name: new RegExp(audit.id) }).waitFor();
    const form = page.getByRole('form', { name: `Audit ${audit.id}` });
    await form.waitFor();
    // The case's facts beside the criteria: the name is hers to see while the audit is open.
    await page.getByRole('heading', { level: 2, name: `The case: ${c.id} ${c.childName}` }).waitFor();
    expect(await axe(page)).toEqual([]);
    expect(await overlappingText(page)).toEqual([]);

    // Complete with nothing judged: each criterion and the grade say what they need; nothing stored.
    await press(page, form.getByRole('button', { name: 'Complete the audit' }), 'Enter');
    await form.getByText('judge this criterion: met, partly met or not met').first().waitFor();
    await form.getByText('choose a grade').waitFor();
    expect(await axe(page)).toEqual([]);
    await shot(page, 'audit-form-problems');

    const criteria = form.locator('fieldset');
    const n = await criteria.count();
    expect(n).toBe(6);
    for (let i = 0; i < n; i++) await press(page, criteria.nth(i).getByRole('radio', { name: 'Met', exact: true }), 'Space');
    // The first: not met (two steps along its radio group), with a comment.
    await press(page, criteria.nth(0).getByRole('radio', { name: 'Met', exact: true }), 'ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await criteria.nth(0).getByRole('radio', { name: 'Not met' }).isChecked()).toBe(true);
    await typeInto(page, criteria.nth(0).getByRole('textbox', { name: 'Comment' }), "The child's views are not recorded in section A.");
    await press(page, form.getByRole('radio', { name: /^Requires improvement/ }), 'Space');
    await typeInto(page, form.getByRole('textbox', { name: /^Findings/ }), 'Outcomes are specific; the voice of the child is missing.');

    // Requires improvement without an action is refused, saying why.
    await press(page, form.getByRole('button', { name: 'Complete the audit' }), 'Enter');
    await form.getByText(/graded Requires improvement needs at least one action/).waitFor();

    await press(page, form.getByRole('button', { name: 'Add an action' }), 'Enter');
    const action = form.getByRole('group', { name: 'Action 1' });
    await typeInto(page, action.getByRole('textbox', { name: /what must change/ }), "Record the child's views with the family.");
    // The owner: the case's lead professional (the first of the list).
    expect(await action.getByRole('combobox', { name: /Owner/ }).inputValue()).toBe(lead.id);
    await typeInto(page, action.getByLabel(/Due by/), '12182026'); // chromium's date field in its default en-US order (mm dd yyyy)
    expect(await action.getByLabel(/Due by/).inputValue()).toBe('2026-12-18');
    await press(page, form.getByRole('button', { name: 'Complete the audit' }), 'Enter');
    await page.getByText(`Audit ${audit.id} completed and graded Requires improvement.`).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Findings' }).waitFor();
    expect(await axe(page)).toEqual([]);
    expect(page.errors).toEqual([]);
    await page.context().close();

    const stored = (await api.deps.store.getAudit(audit.id))!.audit;
    expect(stored).toMatchObject({ completedOn: TODAY, grade: 'requires-improvement' });
    expect(stored.criteria[0]).toMatchObject({ judgement: 'not-met' });
    // The service's figure: one more audit completed, none more Good or better.
    const after = await tabApi<Figures>('audits/figures?from=2026-11-01&to=2026-11-30', patti.id);
    expect(after.overall).toMatchObject({ good: before.overall.good, total: before.overall.total + 1 });
    expect(after.overall.percent).toBe(Math.round((100 * before.overall.good) / (before.overall.total + 1)));
    const summaryAfter = await tabApi<Summary>('audits/summary?month=2026-11', patti.id);
    expect(summaryAfter.completed).toEqual(expect.arrayContaining([expect.objectContaining({ auditId: audit.id, grade: 'requires-improvement' })]));
    expect(summaryAfter.openActions.length).toBe(summaryBefore.openActions.length + 1);
    expect(JSON.stringify(summaryAfter)).not.toContain(c.childName);
    // The action is the lead professional's to do.
    const work = await tabApi<{ items: Array<{ label: string; caseId: string | null }> }>('my-work', lead.id);
    expect(work.items.some((i) => i.caseId === c.id && /Record the child's views/.test(i.label))).toBe(true);
  }, 180_000);

  it('gives a service manager the audit figure and its drill-down, initials only', async () => {
    const page = await signIn(browser, api.base, 'Patti Fernandez', '/tab/?view=dashboard');
    // The dashboard's audit tile opens the audit figures for the same period.
    await page.getByRole('heading', { level: 3, name: 'Audits graded Good or better' }).waitFor();
    expect(await axe(page)).toEqual([]);
    await press(page, page.getByRole('link', { name: 'Audit figures by type and locality' }), 'Enter');
    await page.getByRole('heading', { level: 1, name: 'Audits' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Audit figures' }).waitFor();
    await page.getByRole('table', { name: 'Criteria most often not met' }).waitFor();
    expect(await axe(page)).toEqual([]);
    await shot(page, 'audits-service-manager', true);
    await press(page, page.getByRole('link', { name: 'below Good' }), 'Enter');
    await page.getByRole('heading', { level: 1, name: 'Audits graded below Good' }).waitFor();
    const rows = page.getByRole('table', { name: 'Audits graded below Good' }).getByRole('row');
    expect(await rows.count()).toBeGreaterThan(1);
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  }, 120_000);
});
