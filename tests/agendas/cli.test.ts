// send-oversight agenda, run in-process on a case file.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { command } from '../../src/cli/commands/agenda.js';
import { fakeIo, tempDir } from '../cli/support.js';
import { child, service } from './fixture.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const file = tmp.write(
  'service.json',
  service({
    cases: [
      child('C-1001', { childName: 'Jamie Example', cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }], plan: { issuedOn: '2026-01-20' } }),
      child('C-1002', { childName: 'Robin Sample', childInCare: true, cmooe: [{ from: '2026-11-02', to: null, reason: 'permanent-exclusion' }] }),
    ],
    nominations: [
      { caseId: 'C-1001', seriesId: 'cmooe', byId: 'p9', concern: 'No placement', madeOn: '2026-11-18' },
      { caseId: 'C-1002', seriesId: 'cic-cmooe', byId: 'p31', concern: 'No provision', madeOn: '2026-11-18' },
    ],
  }),
);

async function run(...argv: string[]) {
  const io = fakeIo({ cwd: tmp.dir });
  const code = await command.run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('send-oversight agenda', () => {
  it('--series cmooe --on D prints the JSON agenda, identical on every run', async () => {
    const a = await run('--series', 'cmooe', '--on', '2026-11-26', '--input', file);
    const b = await run('--series', 'cmooe', '--on', '2026-11-26', '--input', file, '--format', 'json');
    expect([a.code, a.err]).toEqual([0, '']);
    expect(a.out).toBe(b.out);
    const json = JSON.parse(a.out);
    expect([json.seriesId, json.meetingOn, json.summaryDeadline, json.items.map((i: { caseId: string }) => i.caseId)]).toEqual(['cmooe', '2026-11-26', '2026-11-19', ['C-1001']]);
  });
  it('without --on, takes the next meeting of the series on or after today (clock 2026-11-23)', async () => {
    expect(JSON.parse((await run('--series', 'cic-cmooe', '--input', file)).out).meetingOn).toBe('2026-11-27');
  });
  it('--format md --out FILE writes Markdown', async () => {
    const r = await run('--series', 'cic-cmooe', '--on', '2026-11-27', '--input', file, '--format', 'md', '--out', 'cic.md');
    expect([r.code, r.out, r.err]).toEqual([0, '', '']);
    const md = readFileSync(join(tmp.dir, 'cic.md'), 'utf8');
    expect(md).toContain('# Children in Care CMOOE: agenda for 2026-11-27');
    expect(md).toContain('| 1 | C-1002 | R.S. |');
  });
  it('--format docx --out FILE writes a Word document', async () => {
    const r = await run('--weekly', '--on', '2026-11-23', '--input', file, '--format', 'docx', '--out', 'weekly.docx');
    expect(r.code).toBe(0);
    expect(readFileSync(join(tmp.dir, 'weekly.docx')).subarray(0, 2).toString()).toBe('PK');
  });
  it('--termly lists the reviews due in the term', async () => {
    const r = await run('--termly', '--term-start', '2027-01-04', '--term-end', '2027-03-26', '--input', file);
    const json = JSON.parse(r.out);
    expect(json.noticeDueOn).toBe('2026-12-21');
    expect(json.settings).toEqual([{ setting: 'Hillside Academy', settingUrn: null, reviews: [expect.objectContaining({ caseId: 'C-1001', initials: 'J.E.', dueOn: '2027-01-20' })] }]);
  });
  const mistakes: Array<[string[], string]> = [
    [['--on', '2026-11-26'], 'give exactly one of --series ID, --weekly or --termly'],
    [['--series', 'cmooe', '--weekly'], 'give exactly one of --series ID, --weekly or --termly'],
    [['--series', 'cmooe', '--on', '2026-11-27'], '2026-11-27 is not a meeting of series "cmooe" (it meets every 14 days from 2026-11-26)'],
    [['--series', 'cmooe', '--on', '2026-02-30'], '--on: not a date "2026-02-30"'],
    [['--series', 'nope'], '--series: no meeting series "nope" in the case file (it has: cmooe, cic-cmooe)'],
    [['--series', 'cmooe', '--format', 'pdf'], '--format: must be json, md or docx, not "pdf"'],
    [['--series', 'cmooe', '--format', 'docx'], '--format docx needs --out FILE'],
    [['--termly', '--term-start', '2027-01-04'], '--termly needs --term-start and --term-end'],
    [['--termly', '--term-start', '2027-01-04', '--term-end', '2027-01-01'], '--term-end 2027-01-01 is before --term-start 2027-01-04'],
  ];
  it.each(mistakes)('%j is refused with exit 2: %s', async (argv, message) => {
    const r = await run(...argv, '--input', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });
});
