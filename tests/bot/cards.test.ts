// Every card the bot sends, bound to realistic worst-case data, passes the Adaptive Cards 1.5
// schema and parser and stays under Teams' 28 KB; channel-safe cards carry references and initials only.
import { describe, expect, it } from '@jest/globals';
import { cardProblems } from '../support/cards.js';
import { cardBytes } from '../../src/services/cards.js';
import type { Person } from '../../src/domain/model.js';
import type { DueItem, MyObligations } from '../../src/services/myWork.js';
import { caseCard, dueCard, helpCard, messageCard, teamCard, myCasesCard, nominateForm, noteForm, notSetUpCard, summaryForm, supervisionForm, welcomeCard } from '../../bot/render.js';

const person: Person = {
  id: 'p1',
  name: 'Alex Wilber',
  email: 'alexw@example.com',
  aadObjectId: 'x',
  roles: ['provision-lead'],
  team: 'North',
  locality: 'North',
  managerId: 'p3',
  startedOn: '2024-01-01',
};

function item(i: number, status: 'overdue' | 'due-soon'): DueItem {
  return {
    key: `k${i}`,
    caseId: `C-${10000 + i}`,
    who: 'J.E.',
    kind: 'phase-transfer-review',
    what: 'Issue the amended plan (or decision not to amend)',
    due: '2026-11-01',
    status,
    citation: 'PS 8.1, 8.2',
    subject: null,
    // The longest basis the rules write, so the card's size is tested at its worst.
    basis: '4 weeks before the 6-month point (6 months after the review meeting on 30 Sep 2026) (the child was under 5 then: reviewed every 6 months)',
  };
}

const worst: MyObligations = {
  today: '2026-11-23',
  lookaheadDays: 14,
  overdue: Array.from({ length: 60 }, (_, i) => item(i, 'overdue')),
  dueSoon: Array.from({ length: 60 }, (_, i) => item(i + 100, 'due-soon')),
};

const longText = 'x'.repeat(4000);
const allCards: Array<[string, Record<string, unknown>]> = [
  ['welcome personal', welcomeCard('Alex Wilber', 'personal')],
  ['welcome team', welcomeCard('everyone', 'team')],
  ['not set up', notSetUpCard()],
  [
    'help personal, every ability',
    helpCard(
      'personal',
      'https://example.org/tab',
      false,
      { summary: true, note: true, supervision: true, nominate: true, manager: true, agendaHere: true },
      { name: 'durham', title: 'Durham SEND & Inclusion Toolkit' },
    ),
  ],
  ['help personal, a caseworker', helpCard('personal', 'https://example.org/tab', false, { summary: false, note: true, supervision: false, nominate: false, manager: false, agendaHere: false })],
  ['help channel with agendas', helpCard('team', 'https://example.org/tab', true, { summary: false, note: true, supervision: false, nominate: false, manager: false, agendaHere: true })],
  [
    'team, 300 people and 40 teams',
    teamCard(
      {
        today: '2026-11-23',
        title: 'The whole service',
        weekEnds: '2026-11-29',
        overdue: 900,
        dueThisWeek: 300,
        byPerson: Array.from({ length: 300 }, (_, i) => ({
          name: `Person ${i} With A Long Name`,
          overdue: 3,
          dueThisWeek: 1,
          topKinds: '2 issue the amended plan (or decision not to amend), 1 annual review',
        })),
        byTeam: Array.from({ length: 40 }, (_, i) => ({ team: `Team ${i}`, overdue: 22, dueThisWeek: 7 })),
      },
      'https://example.org/tab/#/forecast',
    ),
  ],
  ['team, nothing', teamCard({ today: '2026-11-23', title: 'Team North', weekEnds: '2026-11-29', overdue: 0, dueThisWeek: 0, byPerson: [], byTeam: [] }, 'https://example.org/tab/#/forecast')],
  ['due, 60 overdue and 60 due soon', dueCard(person, worst, 'https://example.org/tab')],
  ['due, nothing', dueCard(person, { today: '2026-11-23', lookaheadDays: 14, overdue: [], dueSoon: [] }, 'https://example.org/tab')],
  [
    'my cases, 300',
    myCasesCard(
      person,
      Array.from({ length: 300 }, (_, i) => ({
        id: `C-${i}`,
        initials: 'A.B.',
        role: 'lead professional' as const,
        cmooe: i % 2 === 0,
        overdue: 3,
        dueSoon: 2,
        owners: [
          { name: 'Alex Wilber', mine: true, overdue: 2, dueSoon: 2 },
          { name: 'Megan Bowen', mine: false, overdue: 1, dueSoon: 0 },
        ],
      })),
      'https://example.org/tab',
    ),
  ],
  ['my cases, none, a manager', myCasesCard(person, [], 'https://example.org/tab', { manager: true })],
  ['message with facts and buttons', messageCard('Recorded', ['line one', 'line two'], { facts: [{ title: 'a', value: 'b' }], buttons: [{ title: 'Help', command: 'help' }], color: 'Good' })],
  ['message plain', messageCard('Plain', ['just text'])],
  [
    'note form with errors and long input',
    noteForm('C-1001', 'J.E.', { values: { eventDate: '2026-11-20', eventTime: '10:00', text: longText }, errors: { form: 'bad', eventDate: 'future', eventTime: 'missing', text: 'too long' } }),
  ],
  ['note form empty', noteForm('C-1001', 'J.E.')],
  [
    'summary form with long input',
    summaryForm(
      'C-1001',
      'J.E.',
      { seriesId: 'cmooe', seriesTitle: 'CMOOE oversight', meetingOn: '2026-12-10', deadline: '2026-12-03' },
      { values: { actionsToDate: longText, currentSteps: longText, keyDates: longText }, errors: { keyDates: 'required' } },
    ),
  ],
  [
    'supervision form',
    supervisionForm(
      '2026-11-23',
      Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, name: `Person ${i}` })),
      { values: { superviseeId: 'p2', heldOn: '2026-12-01' }, errors: { heldOn: 'future' } },
      Array.from({ length: 30 }, (_, i) => ({ superviseeId: `p${i}`, supervisee: `Person ${i}`, heldOn: '2026-11-02', notesDueOn: '2026-11-16', overdue: i % 2 === 0 })),
    ),
  ],
  ['nominate form', nominateForm('C-1001', 'J.E.', '2026-12-10', 'cmooe', { values: { concern: longText }, errors: { seriesId: 'choose' } })],
  [
    'case details, 40 open obligations',
    caseCard(
      { ...person, roles: ['service-manager'] },
      {
        today: '2026-11-23',
        case: {
          id: 'C-1001',
          childName: 'Jamie Example',
          dateOfBirth: '2012-10-15',
          ncYearOverride: null,
          childInCare: true,
          locality: 'North',
          team: 'North',
          setting: 'Hillside Academy',
          settingUrn: '1',
          primaryNeed: 'ASD',
          leadProfessionalId: 'p1',
          inclusionLeadId: 'p2',
          consentToShare: null,
          assessment: null,
          adviceRequests: [],
          plan: null,
          reviews: [],
          phaseTransfer: null,
          amendments: [],
          laTransfer: null,
          mediations: [],
          cmooe: [],
          cmooeSummaries: [],
          exclusions: [],
          caseNotes: [],
        },
        open: Array.from({ length: 40 }, () => ({
          what: 'Annual review',
          due: '2027-01-01',
          status: 'upcoming',
          citation: 'PS 7.4',
          basis: '12 months after the review meeting on 1 Jan 2026',
          owner: 'Alex Wilber',
        })),
        cmooe: true,
        leadName: 'Alex Wilber',
        inclusionLeadName: 'Megan Bowen',
        latestSummary: { submittedOn: '2026-11-19', author: 'Megan Bowen', actionsToDate: longText, currentSteps: longText, keyDates: longText, corrected: true },
        recentNotes: Array.from({ length: 3 }, (_, i) => ({ eventAt: `2026-11-2${i}T10:00:00Z`, recordedAt: `2026-11-2${i}T11:00:00Z`, author: 'Alex Wilber', text: longText, corrected: i === 0 })),
        noteCount: 57,
      },
    ),
  ],
];

describe('bot cards', () => {
  it.each(allCards)('%s: valid Adaptive Card 1.5 under 28 KB', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toMatch(/\$\{/); // every template expression was bound
  });

  it('summarises 60 overdue items with a link to the tab instead of growing', () => {
    const card = dueCard(person, worst, 'https://example.org/tab');
    const text = JSON.stringify(card);
    expect(text).toContain('60 overdue, 60 due in the next 14 days');
    expect(text).toContain('and 50 more overdue');
    expect(text).toContain('https://example.org/tab');
    expect(cardBytes(card)).toBeLessThan(12 * 1024);
  });

  it('keeps the user input and names each problem beside its field', () => {
    const card = noteForm('C-1001', 'J.E.', { values: { eventDate: '2030-01-01', eventTime: '', text: 'visited school' }, errors: { eventDate: 'The event cannot be in the future' } });
    const body = card.body as Array<Record<string, unknown>>;
    const dateIndex = body.findIndex((e) => e.id === 'eventDate');
    expect(body[dateIndex]!.value).toBe('2030-01-01');
    expect(body[dateIndex + 1]!.text).toBe('The event cannot be in the future');
    expect(body.find((e) => e.id === 'text')!.value).toBe('visited school');
    expect(JSON.stringify(card)).not.toContain('Attention","wrap":true,"spacing":"None","text":""');
  });
});
