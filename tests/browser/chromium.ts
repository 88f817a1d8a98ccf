// Debian's chromium for the browser tests. The tests never install it (`npm test` changes nothing on
// the system): `.ci/run` installs it on CI's machine, and a developer runs `apt-get install chromium`.
// Without it, a local run skips the browser tests with one line saying so; under CI (CI=true) a
// missing browser is a failure, so that CI cannot pass without having run them.
import { existsSync } from 'node:fs';
import { it } from '@jest/globals';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export type ChromiumCheck = { readonly state: 'present' } | { readonly state: 'skip' | 'fail'; readonly reason: string };

/** Whether the browser tests can run here; `env` is the process's environment by default. */
export function checkChromium(env: Readonly<Record<string, string | undefined>> = process.env, path = CHROMIUM): ChromiumCheck {
  if (existsSync(path)) return { state: 'present' };
  if (/^(1|true|yes)$/i.test(env.CI ?? '')) {
    return { state: 'fail', reason: `${path} is missing and CI=true: the browser tests must run in CI (.ci/run installs Debian's chromium)` };
  }
  return { state: 'skip', reason: `browser tests skipped: ${path} is missing (apt-get install chromium to run them)` };
}

/** For a browser test file: null when its tests can run here, else why they are skipped (printed once).
 * Under CI a missing browser adds a failing test instead, so a run without the browser cannot pass. */
export function browserGate(): string | null {
  const check = checkChromium();
  if (check.state === 'present') return null;
  if (check.state === 'skip') process.stderr.write(`${check.reason}\n`);
  else {
    it('has a browser to run in', () => {
      throw new Error(check.reason);
    });
  }
  return check.reason;
}
