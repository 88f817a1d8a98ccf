// The browser tests' set-up installs nothing: without chromium they skip locally and fail under CI.
import { describe, expect, it } from '@jest/globals';
import { checkChromium } from './chromium.js';

describe('checkChromium', () => {
  const missing = '/nonexistent/chromium';
  it('skips with one line naming the missing browser outside CI', () => {
    const check = checkChromium({}, missing);
    expect(check).toEqual({ state: 'skip', reason: `browser tests skipped: ${missing} is missing (apt-get install chromium to run them)` });
    expect(checkChromium({ CI: 'false' }, missing).state).toBe('skip');
  });
  it('fails under CI=true', () => {
    expect(checkChromium({ CI: 'true' }, missing)).toEqual({
      state: 'fail',
      reason: `${missing} is missing and CI=true: the browser tests must run in CI (.ci/run installs Debian's chromium)`,
    });
    expect(checkChromium({ CI: '1' }, missing).state).toBe('fail');
  });
  it('runs them when the browser is there', () => {
    expect(checkChromium({ CI: 'true' }, process.execPath)).toEqual({ state: 'present' });
  });
});
