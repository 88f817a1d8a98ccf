// The service's school holidays reach every place that counts school days, not only the sweep and
// the dashboard (which read the whole case file): the bot's "what's due" (myWork) and the agendas
// read them from the store. PS 6.17: education provision from the sixth school day of a permanent
// exclusion; the Christmas holiday is not school days.
import { describe, expect, it } from '@jest/globals';
import { myObligations } from '../../src/services/myWork.js';
import { agendaJson, buildAgenda } from '../../src/services/agendas/build.js';
import type { Person } from '../../src/domain/model.js';
import { fixture, world } from '../bot/support.js';

// Excluded on Friday 18 December 2026 (school day 1). Without the holiday, days 2-6 are 21, 22, 23,
// 24 and 29 December (25 December and Monday 28 December, the Boxing Day substitute, are bank
// holidays): due 29 December. With the school holiday of 21 December to 1 January, days 2-6 are
// 4 to 8 January 2027: due 8 January.
const excluded = {
  id: 'C-1004',
  childName: 'Ari Holiday',
  dateOfBirth: '2013-05-05',
  team: 'North',
  locality: 'North',
  setting: 'Hillside Academy',
  primaryNeed: 'SEMH' as const,
  leadProfessionalId: 'p1',
  inclusionLeadId: 'p2',
  exclusions: [{ permanentFrom: '2026-12-18' }],
};
const CHRISTMAS = [{ from: '2026-12-21', to: '2027-01-01', name: 'Christmas' }];
const WED_30_DEC = Date.parse('2026-12-30T12:00:00Z');

async function megansWork(schoolHolidays: typeof CHRISTMAS) {
  const w = await world({}, { ...fixture, schoolHolidays, cases: [...fixture.cases!, excluded] });
  try {
    w.setNow(WED_30_DEC);
    const megan = (await w.store.getPerson('p2')) as Person;
    const work = await myObligations(w.deps, megan);
    return [...work.overdue, ...work.dueSoon].filter((o) => o.caseId === 'C-1004' && o.kind === 'exclusion-provision');
  } finally {
    await w.close();
  }
}

describe('school holidays in the store', () => {
  it('without school holidays, provision is due on 29 December and is overdue on the 30th', async () => {
    expect(await megansWork([])).toEqual([expect.objectContaining({ due: '2026-12-29', status: 'overdue', citation: 'PS 6.17' })]);
  });

  it('with the Christmas holiday, "what\'s due" says provision is due on 8 January (due soon, not overdue)', async () => {
    expect(await megansWork(CHRISTMAS)).toEqual([expect.objectContaining({ due: '2027-01-08', status: 'due-soon', citation: 'PS 6.17' })]);
  });

  it('a CMOOE agenda built from the store counts school days missing without the holiday', async () => {
    const w = await world({}, { ...fixture, schoolHolidays: CHRISTMAS });
    try {
      // C-1001 is CMOOE from Thursday 1 October 2026; the meeting of Thursday 7 January 2027.
      await w.store.addNomination({ caseId: 'C-1001', seriesId: 'cmooe', madeOn: '2026-12-18', byId: 'p3', concern: 'long absence' });
      const built = await buildAgenda(w.store, { kind: 'cmooe', seriesId: 'cmooe', meetingOn: '2027-01-07' });
      const agenda = JSON.parse(agendaJson(built)) as { items: Array<{ caseId: string; schoolDaysMissing: number }> };
      // Section 4: the school days d with 1 Oct 2026 <= d < 7 Jan 2027. October 22 (1-2, then four
      // full weeks), November 21, December to the 18th 14, none in the holiday, then 4-6 January 3:
      // 60. (Without the holiday, 21-24 and 29-31 December would add 7.)
      expect(agenda.items.find((i) => i.caseId === 'C-1001')?.schoolDaysMissing).toBe(60);
    } finally {
      await w.close();
    }
  });
});
