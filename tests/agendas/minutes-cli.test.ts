// send-oversight minutes, run in-process on a case file holding the record of the CMOOE meeting of
// Thu 26 Nov 2026: one case discussed, an action agreed for Alex, one of the meeting of 12 Nov closed since.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { command } from '../../src/cli/commands/minutes.js';
import { fakeIo, tempDir } from '../cli/support.js';
import { child, service } from './fixture.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const file = tmp.write(
  'service.json',
  service({
    cases: [child('C-1001', { childName: 'Jamie Example', cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }] })],
    meetingRecords: [
      {
        seriesId: 'cmooe',
        meetingOn: '2026-11-26',
        recordedById: 'p30',
        attendees: ['p30', 'p1'],
        cases: [{ caseId: 'C-1001', outcome: 'Tuition to start 1 Dec' }],
        recordedAt: '2026-11-26T15:00:00Z',
      },
    ],
    actions: [
      { id: 'A-1', seriesId: 'cmooe', meetingOn: '2026-11-26', caseId: 'C-1001', text: 'Confirm the tuition provider', ownerId: 'p1', dueOn: '2026-12-04', closedOn: null, closedNote: null },
      {
        id: 'A-0',
        seriesId: 'cmooe',
        meetingOn: '2026-11-12',
        caseId: 'C-1001',
        text: 'Ask the school for attendance',
        ownerId: 'p3',
        dueOn: '2026-11-20',
        closedOn: '2026-11-19',
        closedNote: 'Attendance 62%',
      },
    ],
  }),
);

async function run(...argv: string[]) {
  const io = fakeIo({ cwd: tmp.dir, clock: Date.parse('2026-11-30T10:00:00Z') });
  const code = await command.run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('send-oversight minutes', () => {
  it('--series cmooe --on D: the cases with outcomes, the actions with owners and dates, attendance, actions closed since; initials only', async () => {
    const r = await run('--series', 'cmooe', '--on', '2026-11-26', '--input', file);
    expect([r.code, r.err]).toEqual([0, '']);
    const json = JSON.parse(r.out);
    expect(json.cases).toEqual([
      { caseId: 'C-1001', initials: 'J.E.', outcome: 'Tuition to start 1 Dec', actions: [{ id: 'A-1', text: 'Confirm the tuition provider', ownerId: 'p1', dueOn: '2026-12-04', closedOn: null }] },
    ]);
    expect(json.attendees).toEqual(['p30', 'p1']);
    expect(json.closedSinceLast.map((a: { id: string }) => a.id)).toEqual(['A-0']);
    expect(r.out).not.toContain('Jamie');
  });

  it('without --on, the latest meeting recorded on or before today; Markdown names owners, not children', async () => {
    const r = await run('--series', 'cmooe', '--input', file, '--format', 'md');
    expect(r.code).toBe(0);
    expect(r.out).toContain('C-1001');
    expect(r.out).toContain('Alex Reed');
    expect(r.out).toContain('2026-12-04');
    expect(r.out).not.toContain('Jamie');
  });

  it('--format docx --out FILE writes a Word document with full names (for the library)', async () => {
    const r = await run('--series', 'cmooe', '--on', '2026-11-26', '--input', file, '--format', 'docx', '--out', 'minutes.docx');
    expect([r.code, r.err]).toEqual([0, '']);
    const zip = await JSZip.loadAsync(readFileSync(join(tmp.dir, 'minutes.docx')));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('Jamie Example');
    expect(xml).toContain('Confirm the tuition provider');
  });

  it('refuses a meeting with no record, an unknown series, and docx without --out, saying what to do', async () => {
    const none = await run('--series', 'cmooe', '--on', '2026-12-10', '--input', file);
    expect(none.code).toBe(2);
    expect(none.err).toContain('nothing is recorded for the cmooe meeting on 2026-12-10 (recorded: 2026-11-26)');
    expect((await run('--series', 'nope', '--input', file)).err).toContain('no meeting series "nope"');
    expect((await run('--series', 'cmooe', '--input', file, '--format', 'docx')).err).toContain('--format docx needs --out FILE');
    expect((await run('--series', 'cic-cmooe', '--input', file)).err).toContain('no cic-cmooe meeting is recorded on or before 2026-11-30');
  });
});
