// What people receive: the Word document (full names, as circulated), the Markdown and JSON (case
// references and initials only) and the channel card (Adaptive Card 1.5, under 28 KB, no names).
import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import JSZip from 'jszip';
import { generateDemo } from '../../src/domain/demo.js';
import { agendaChannelCard, agendaDocx, agendaJson, agendaMarkdown, buildAgendaFromFile } from '../../src/services/agendas/index.js';
import { cardBytes } from '../../src/services/cards.js';
import { cardProblems } from '../support/cards.js';
import { child, service } from './fixture.js';

const require = createRequire(import.meta.url);
const mammoth = require('mammoth') as { extractRawText(input: { buffer: Buffer }): Promise<{ value: string }> };

const file = service({
  cases: [
    child('C-1001', {
      childName: 'Jamie Example',
      dateOfBirth: '2012-10-15',
      cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }],
      cmooeSummaries: [{ submittedOn: '2026-11-19', authorId: 'p3', actionsToDate: 'Tuition offered twice', currentSteps: 'Meeting the family', keyDates: 'Panel on 2 Dec' }],
      exclusions: [{ permanentFrom: '2026-11-02', provisionFrom: null }],
    }),
    child('C-1002', { childName: 'Robin Sample', cmooe: [{ from: '2026-11-16', to: null, reason: 'suspended-no-provision' }] }),
  ],
  nominations: [
    { caseId: 'C-1001', seriesId: 'cmooe', byId: 'p9', concern: 'No suitable placement found', madeOn: '2026-11-18' },
    { caseId: 'C-1002', seriesId: 'cmooe', byId: 'p9', concern: 'Late nomination', madeOn: '2026-11-20' },
  ],
  selections: [{ caseId: 'C-1001', seriesId: 'cmooe', meetingOn: '2026-11-26', byId: 'p30' }],
  actions: [{ id: 'A-1', seriesId: 'cmooe', meetingOn: '2026-11-12', caseId: 'C-1001', text: 'Chase the tuition provider', ownerId: 'p3', dueOn: '2026-11-20', closedOn: null }],
});
const built = buildAgendaFromFile(file, { kind: 'cmooe', seriesId: 'cmooe', meetingOn: '2026-11-26' });

describe('the CMOOE agenda JSON', () => {
  it('has the fields of issue 5, in order', () => {
    const json = JSON.parse(agendaJson(built));
    // With the actions closed since the previous meeting, and the line on what was done (issue 13).
    expect(Object.keys(json)).toEqual(['seriesId', 'meetingOn', 'summaryDeadline', 'items', 'rolledOver', 'openActions', 'closedActions']);
    expect(json.items[0]).toEqual({
      caseId: 'C-1001',
      initials: 'J.E.',
      reasons: ['nominated', 'selected'],
      nominations: [{ byId: 'p9', concern: 'No suitable placement found', madeOn: '2026-11-18' }],
      cmooeReason: 'missing-attendance',
      cmooeSince: '2026-10-01',
      schoolDaysMissing: 40,
      latestSummary: { submittedOn: '2026-11-19', actionsToDate: 'Tuition offered twice', currentSteps: 'Meeting the family', keyDates: 'Panel on 2 Dec' },
      summaryOnTime: true,
      exclusionProvision: {
        permanentFrom: '2026-11-02',
        provisionDueOn: '2026-11-09',
        schoolDaysExcluded: 18,
        overdue: true,
        citation: 'PS 6.17',
        basis: 'school day 6 after the permanent exclusion from 2 Nov 2026',
      },
      openActions: [{ id: 'A-1', text: 'Chase the tuition provider', ownerId: 'p3', dueOn: '2026-11-20', basis: 'the date set at the CMOOE oversight meeting on 12 Nov 2026' }],
    });
    expect(json.rolledOver).toEqual([{ caseId: 'C-1002', madeOn: '2026-11-20', toMeetingOn: '2026-12-10' }]);
  });
  it('JSON and Markdown are byte-identical when rebuilt from the same records and date', () => {
    const again = buildAgendaFromFile(structuredClone(file), { kind: 'cmooe', seriesId: 'cmooe', meetingOn: '2026-11-26' });
    expect(agendaJson(again)).toBe(agendaJson(built));
    expect(agendaMarkdown(again)).toBe(agendaMarkdown(built));
  });
  it('Markdown has initials and staff names, not the child’s name', () => {
    const md = agendaMarkdown(built);
    expect(md).toContain('| 1 | C-1001 | J.E. | nominated, selected | missing attendance | 2026-10-01 | 40 | yes |');
    expect(md).toContain('Nominated on 2026-11-18 by Sam Okoro: No suitable placement found');
    expect(md).toContain('A-1: Chase the tuition provider (Priya Shah, due 2026-11-20: the date set at the CMOOE oversight meeting on 12 Nov 2026)');
    expect(md).toContain('provision due 2026-11-09, school day 6 after the permanent exclusion from 2 Nov 2026 (PS 6.17)');
    expect(md).toContain('C-1002: nominated 2026-11-20, after the cut-off; goes to 2026-12-10');
    expect(md).not.toMatch(/Jamie|Robin/);
  });
});

describe('the Word document', () => {
  it('is laid out as circulated: title, date, chair, item table, summaries, actions, with full names', async () => {
    const buffer = await agendaDocx(built);
    const { value: text } = await mammoth.extractRawText({ buffer });
    const order = [
      'CMOOE oversight: agenda',
      'Thursday 26 November 2026',
      'Chair: Chris Chair',
      'Summaries due by: Thursday 19 November 2026',
      'Cases for discussion (1)',
      'Jamie Example',
      '1. C-1001: Jamie Example',
      '40 school days missing out on education since Thursday 1 October 2026 (missing attendance)',
      'Nominated by Sam Okoro on 18 Nov 2026: No suitable placement found',
      'education provision due from Monday 9 November 2026, school day 6 after the permanent exclusion from 2 Nov 2026 (PS 6.17)',
      'Latest case summary',
      'Actions taken to date: Tuition offered twice',
      'Current steps: Meeting the family',
      'Meetings and key dates: Panel on 2 Dec',
      'Open actions from earlier meetings',
      'A-1: Chase the tuition provider',
      'Priya Shah',
      '20 Nov 2026: the date set at the CMOOE oversight meeting on 12 Nov 2026',
      'Nominations received after the cut-off',
      'Robin Sample',
      'Actions agreed at this meeting',
    ];
    let at = 0;
    for (const piece of order) {
      const found = text.indexOf(piece, at);
      expect({ piece, found: found >= 0 }).toEqual({ piece, found: true });
      at = found + piece.length;
    }
  });
  it('is a real Word package: landscape A4 pages, the title in its core properties', async () => {
    const zip = await JSZip.loadAsync(await agendaDocx(built));
    const documentXml = await zip.file('word/document.xml')!.async('string');
    expect(documentXml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('<dc:title>CMOOE oversight: agenda 2026-11-26</dc:title>');
  });
});

describe('the channel card', () => {
  const card = agendaChannelCard(built, { documentUrl: 'https://council.sharepoint.com/sites/send/Agendas/a.docx', tabUrl: 'https://teams.microsoft.com/l/entity/app/agendas' });
  it('passes the Adaptive Cards 1.5 schema and parser', () => {
    expect(cardProblems(card)).toEqual([]);
  });
  it('has case references and initials, links to the document and the tab, and no names', () => {
    const text = JSON.stringify(card);
    expect(text).toContain('C-1001 J.E.');
    expect(text).toContain('40 school days missing');
    expect(text).toContain('https://council.sharepoint.com/sites/send/Agendas/a.docx');
    expect(text).toContain('https://teams.microsoft.com/l/entity/app/agendas');
    expect(text).not.toMatch(/Jamie|Example|Robin|Sample|2012-10-15/);
  });

  it('for a 40-item agenda of the demo service: under 28 KB, valid, and no child’s name or date of birth', () => {
    const demo = generateDemo({ cases: 2000, seed: 7, today: '2026-11-23' });
    // Put 40 CMOOE cases on the 2026-11-26 agenda by the chair's selection.
    const cmooeCases = demo.cases.filter((c) => !c.childInCare).slice(0, 40);
    expect(cmooeCases.length).toBe(40);
    const chair = demo.people.find((p) => p.roles.includes('cmooe-chair'))!;
    const big = { ...demo, selections: cmooeCases.map((c) => ({ caseId: c.id, seriesId: 'cmooe', meetingOn: nextCmooeMeeting(demo), byId: chair.id })) };
    const agenda = buildAgendaFromFile(big, { kind: 'cmooe', seriesId: 'cmooe', meetingOn: nextCmooeMeeting(demo) });
    if (agenda.kind !== 'cmooe') throw new Error('expected a CMOOE agenda');
    expect(agenda.agenda.items.length).toBeGreaterThanOrEqual(40);
    const bigCard = agendaChannelCard(agenda, { documentUrl: 'https://council.sharepoint.com/sites/send/Shared%20Documents/Agendas/x.docx', tabUrl: 'https://teams.microsoft.com/l/entity/x/y' });
    expect(cardProblems(bigCard)).toEqual([]);
    expect(cardBytes(bigCard)).toBeLessThan(28 * 1024);
    const text = JSON.stringify(bigCard);
    const leaks: string[] = [];
    for (const c of demo.cases) {
      for (const part of [c.childName, c.dateOfBirth]) if (text.includes(part)) leaks.push(`${c.id}: ${part}`);
      // Each name part of 3+ letters that is not an ordinary word of the card
      for (const word of c.childName.split(/\s+/)) if (word.length >= 3 && new RegExp(`\\b${word}\\b`).test(text)) leaks.push(`${c.id}: ${word}`);
    }
    expect(leaks).toEqual([]);
  });
});

describe('a very long agenda', () => {
  it('keeps its card under 28 KB by showing the first items and pointing to the document', () => {
    const many = Array.from({ length: 400 }, (_, i) => `C-${5000 + i}`);
    const big = service({
      cases: many.map((id) => child(id, { cmooe: [{ from: '2026-10-01', to: null, reason: 'excluded-no-provision' }] })),
      selections: many.map((caseId) => ({ caseId, seriesId: 'cmooe', meetingOn: '2026-11-26', byId: 'p30' })),
    });
    const card = agendaChannelCard(buildAgendaFromFile(big, { kind: 'cmooe', seriesId: 'cmooe', meetingOn: '2026-11-26' }), { documentUrl: 'https://x.example/a.docx' });
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toMatch(/Showing the first \d+ of 400; the rest are in the document\./);
  });
});

function nextCmooeMeeting(f: { meetingSeries: Array<{ id: string; firstMeetingOn: string; everyDays: number }> }): string {
  const s = f.meetingSeries.find((x) => x.id === 'cmooe')!;
  const first = Date.parse(`${s.firstMeetingOn}T00:00:00Z`) / 86_400_000;
  const today = Date.parse('2026-11-23T00:00:00Z') / 86_400_000;
  const n = Math.max(0, Math.ceil((today - first) / s.everyDays));
  return new Date((first + n * s.everyDays) * 86_400_000).toISOString().slice(0, 10);
}
