// Debian's chromium for browser tests. CI's machine starts without it: install it with apt-get (under
// /tmp/apt.lock, shared with other set-ups). Without root it cannot be installed: say so loudly.
import { execFileSync } from 'node:child_process';
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

/** Returns null when chromium is there (installing it if needed), else the reason it is not. */
export function ensureChromium(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (process.getuid?.() !== 0) {
    const reason = `${CHROMIUM} is missing and this process is not root, so it cannot run apt-get install chromium: BROWSER TESTS SKIPPED`;
    process.stderr.write(`\n*** ${reason} ***\n\n`);
    return reason;
  }
  execFileSync('flock', ['/tmp/apt.lock', 'sh', '-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'], { stdio: 'inherit', timeout: 600_000 });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get install chromium did not give ${CHROMIUM}`);
  return null;
}
