// Nothing in the domain depends on the machine's time zone: the same results under UTC,
// Pacific/Auckland (UTC+13 in November) and America/Los_Angeles (UTC-8).
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDemo } from '../../src/domain/demo.js';

function probe(tz: string, fixture: string): unknown {
  const text = execFileSync(process.execPath, ['--import', 'tsx', 'tests/support/tz-probe.ts', fixture], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(text);
}

describe('time zone independence', () => {
  it('gives identical calendar and obligation results under three machine time zones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'send-tz-'));
    const fixture = path.join(dir, 'demo.json');
    writeFileSync(fixture, JSON.stringify(generateDemo({ cases: 300, seed: 7, today: '2026-11-23' })));
    const utc = probe('UTC', fixture) as { obligations: unknown[]; todayAt: string; london: string[] };
    expect(utc.obligations.length).toBeGreaterThan(1000);
    expect(utc.todayAt).toBe('2026-07-02');
    expect(utc.london).toEqual(['2026-03-29', '2026-10-25', '2026-07-01']);
    expect(probe('Pacific/Auckland', fixture)).toEqual(utc);
    expect(probe('America/Los_Angeles', fixture)).toEqual(utc);
  }, 60_000);
});
