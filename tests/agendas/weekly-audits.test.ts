// The weekly agenda shows the month's audit figure (docs/rules.md section 8, issue 14): audits completed
// from the first of the meeting's month to the day before the meeting, graded Good or better / all,
// for the service, each team and each locality, beside last week's.
import { describe, expect, it } from '@jest/globals';
import { Calendar } from '../../src/domain/calendar/index.js';
import { renderWeeklyMarkdown, weeklyAgenda } from '../../src/domain/agenda/index.js';
import type { Audit } from '../../src/domain/model.js';
import { child, service } from './fixture.js';

const calendar = new Calendar();

function audit(id: string, caseId: string, completedOn: string | null, grade: Audit['grade']): Audit {
  return {
    id,
    type: 'ehcp',
    caseId,
    auditorId: 'p9',
    auditorRole: 'team-manager',
    assignedOn: '2026-10-01',
    completedOn,
    grade,
    criteria: [],
    summary: null,
    actions: [],
    run: null,
    sampledFrom: null,
    moderation: null,
  };
}

describe('the weekly agenda for Mon 2026-11-30', () => {
  const north = { team: 'North', locality: 'East' };
  const south = { team: 'South', locality: 'West' };
  const file = service({ cases: [child('N-1', north), child('N-2', north), child('S-1', south)] });
  const audits = [
    audit('Q-1', 'N-1', '2026-11-10', 'good'), // last week and this week
    audit('Q-2', 'N-2', '2026-11-25', 'inadequate'), // this week only
    audit('Q-3', 'S-1', '2026-11-26', 'outstanding'), // this week only
    audit('Q-4', 'S-1', '2026-10-30', 'inadequate'), // October: not this month
    audit('Q-5', 'N-2', '2026-11-30', 'good'), // the meeting day: not yet
    audit('Q-6', 'N-1', null, null), // open
  ];
  const agenda = weeklyAgenda({ ...file, audits }, { meetingOn: '2026-11-30', calendar });
  const figure = (name: string) => agenda.groups.find((g) => g.name === name)!.figures.find((f) => f.id === 'auditsGoodOrBetter');

  it.each([
    ['Whole service', { value: 67, met: 2, total: 3 }, { value: 100, met: 1, total: 1 }],
    ['North', { value: 50, met: 1, total: 2 }, { value: 100, met: 1, total: 1 }],
    ['West', { value: 100, met: 1, total: 1 }, { value: null, met: 0, total: 0 }],
  ])('%s: this month so far %j, as last week saw it %j', (name, current, previous) => {
    expect(figure(name)).toMatchObject({ label: 'Audits graded Good or better this month (target 80%)', unit: 'percent', current, previous });
  });

  it('is on the Markdown agenda, and absent for a service with no audits', () => {
    expect(renderWeeklyMarkdown(agenda)).toContain('Audits graded Good or better this month (target 80%)');
    expect(weeklyAgenda(file, { meetingOn: '2026-11-30', calendar }).groups[0]!.figures.some((f) => f.id === 'auditsGoodOrBetter')).toBe(false);
  });
});
