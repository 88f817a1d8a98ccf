// The weekly agenda and the termly notice as people receive them: Word (full names) and card (no
// children's names), built from the demo service.
import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import { generateDemo } from '../../src/domain/demo.js';
import { agendaChannelCard, agendaDocx, agendaJson, buildAgendaFromFile } from '../../src/services/agendas/index.js';
import { cardProblems } from '../support/cards.js';

const require = createRequire(import.meta.url);
const mammoth = require('mammoth') as { extractRawText(input: { buffer: Buffer }): Promise<{ value: string }> };
const demo = generateDemo({ cases: 600, seed: 3, today: '2026-11-23' });

function noChildNames(text: string): string[] {
  const leaks: string[] = [];
  for (const c of demo.cases) {
    if (text.includes(c.childName)) leaks.push(`${c.id}: name`);
    if (text.includes(c.dateOfBirth)) leaks.push(`${c.id}: date of birth`);
  }
  return leaks;
}

describe('weekly agenda outputs', () => {
  const built = buildAgendaFromFile(demo, { kind: 'weekly', meetingOn: '2026-11-23' });
  it('the Word document has the title, chair (a service manager), each team and the measures', async () => {
    const { value } = await mammoth.extractRawText({ buffer: await agendaDocx(built) });
    const chair = demo.people.filter((p) => p.roles.includes('service-manager')).sort((a, b) => (a.id < b.id ? -1 : 1))[0]!;
    expect(value).toContain('Weekly team manager meeting: week of Monday 23 November 2026');
    expect(value).toContain(`Chair: ${chair.name}`);
    for (const team of new Set(demo.cases.map((c) => c.team))) expect(value).toContain(`Team: ${team}`);
    expect(value).toContain('Annual reviews on time');
    expect(value).toContain('Actions carried over');
  });
  it('the card is valid and carries no child’s name or date of birth; the JSON neither', () => {
    const card = agendaChannelCard(built, { documentUrl: 'https://x.example/w.docx' });
    expect(cardProblems(card)).toEqual([]);
    expect(noChildNames(JSON.stringify(card))).toEqual([]);
    expect(noChildNames(agendaJson(built))).toEqual([]);
  });
});

describe('termly notice outputs', () => {
  const built = buildAgendaFromFile(demo, { kind: 'termly', termStart: '2027-01-04', termEnd: '2027-03-26' });
  it('lists settings with reviews due, and the Word document names the children for the settings', async () => {
    if (built.kind !== 'termly') throw new Error('expected the termly notice');
    expect(built.agenda.settings.length).toBeGreaterThan(0);
    const first = built.agenda.settings[0]!;
    const review = first.reviews[0]!;
    const childName = demo.cases.find((c) => c.id === review.caseId)!.childName;
    const { value } = await mammoth.extractRawText({ buffer: await agendaDocx(built) });
    expect(value).toContain('Annual reviews due next term');
    expect(value).toContain('Notice due: Monday 21 December 2026 (two weeks before the term starts, PS 7.6)');
    expect(value).toContain(first.setting);
    expect(value).toContain(childName);
    const card = agendaChannelCard(built, {});
    expect(cardProblems(card)).toEqual([]);
    expect(noChildNames(JSON.stringify(card))).toEqual([]);
  });
});
