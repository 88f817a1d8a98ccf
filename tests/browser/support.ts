// What the browser tests share: signing in as a demo person (AUTH_MODE=dev) in a theme and a width,
// the axe check (WCAG 2.2 AA, no serious or critical violation), screenshots, and reading the theme.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';

// UPDATE_SCREENSHOTS=1 refreshes the README's screenshots in docs/screenshots; otherwise they go to
// tmp/screenshots (ignored by git), so that a test run leaves the work tree clean.
export const SHOTS = join(process.cwd(), ...(process.env.UPDATE_SCREENSHOTS === '1' ? ['docs', 'screenshots'] : ['tmp', 'screenshots']));

export type Theme = 'light' | 'dark';

export interface Look {
  readonly theme?: Theme;
  /** 1280 (a desktop Teams window) or 480 (Teams on a phone, a narrow side panel). */
  readonly width?: number;
}

export type TestPage = Page & { errors: string[] };

export async function signIn(browser: Browser, base: string, name: string, path = '/tab/', look: Look = {}): Promise<TestPage> {
  const theme = look.theme ?? 'light';
  const context = await browser.newContext({ viewport: { width: look.width ?? 1280, height: 900 }, colorScheme: theme, acceptDownloads: true });
  const page = (await context.newPage()) as TestPage;
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  const url = `${base}${path}${theme === 'dark' ? `${path.includes('?') ? '&' : '?'}theme=dark` : ''}`;
  await page.goto(url);
  await page.waitForURL(/\/dev\/sign-in/);
  await page.getByRole('button', { name }).click();
  await page.waitForURL(/\/tab\//);
  return page;
}

export async function axe(page: Page): Promise<string[]> {
  // No hover state under the pointer while checking contrast.
  await page.mouse.move(1, 1);
  // Nothing half faded in: a message appearing (Fluent's enter animations) has less contrast until it has
  // arrived. Finite animations only (a spinner never finishes). A string: no DOM library in this file.
  await page.evaluate(`Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => null)))`);
  // Fluent UI's focus manager (tabster) puts aria-hidden "dummy" <i tabindex=0> sentinels around focus
  // groups; they pass focus on at once and are never read out. They are the only thing excluded.
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).exclude('[data-tabster-dummy]').analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(' ')})`);
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

export async function backgroundIsDark(page: Page): Promise<boolean> {
  // Evaluated in the page (a string: this file is type-checked without the DOM library).
  return page.evaluate<boolean>(`(() => {
    const rgb = getComputedStyle(document.querySelector('.fui-FluentProvider')).backgroundColor.match(/\\d+/g).map(Number);
    return (rgb[0] + rgb[1] + rgb[2]) / 3 < 80;
  })()`);
}

/** Does anything stick out sideways (the page itself scrolls horizontally)? Regions that scroll on
 * purpose (wide tables) are fine; the page is not. */
export async function pageOverflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth + 1');
}

/** Pairs of visible text boxes that overlap each other within the main content (headings, badges,
 * cells): the symptom of a layout squeezed below its width. */
export async function overlappingText(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const boxes = [];
    for (const el of document.querySelectorAll('main h1, main h2, main .fui-Badge, main td, main th, main dt, main dd')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('[role="region"]')) continue;
      boxes.push([el, r]);
    }
    const out = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i];
      const [b, rb] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (x > 2 && y > 2) out.push((a.textContent || '').slice(0, 30) + ' / ' + (b.textContent || '').slice(0, 30));
    }
    return out;
  })()`);
}

/** Headings whose lines would overlap when they wrap (a line height smaller than the font). */
export async function crampedHeadings(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const out = [];
    for (const h of document.querySelectorAll('main h1, main h2, main h3')) {
      const s = getComputedStyle(h);
      const line = s.lineHeight === 'normal' ? Infinity : parseFloat(s.lineHeight);
      if (line < parseFloat(s.fontSize)) out.push((h.textContent || '').slice(0, 40) + ': ' + s.lineHeight + ' < ' + s.fontSize);
    }
    return out;
  })()`);
}
