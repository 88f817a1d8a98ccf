// Debian's chromium for the browser tests. The tests never install it (`npm test` changes nothing on
// the system): `.ci/run` installs it on CI's machine, and a developer runs `apt-get install chromium`.
// Without it, a local run skips the browser tests with one line saying so; under CI (CI=true) a
// missing browser is a failure, so that CI cannot pass without having run them.
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type ChromiumCheck = { readonly state: 'present' } | { readonly state: 'skip' | 'fail'; readonly reason: string };

/** Whether the browser tests can run here; `env` is the process's environment by default. */
export function checkChromium(env: Readonly<Record<string, string | undefined>> = process.env, path = CHROMIUM): ChromiumCheck {
  if (existsSync(path)) return { state: 'present' };
  if (/^(1|true|yes)$/i.test(env.CI ?? '')) {
    return { state: 'fail', reason: `${path} is missing and CI=true: the browser tests must run in CI (.ci/run installs Debian's chromium)` };
  }
  return { state: 'skip', reason: `browser tests skipped: ${path} is missing (apt-get install chromium to run them)` };
}
