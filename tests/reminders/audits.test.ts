// An auditor's digest lists their audits due (docs/rules.md section 8: an audit is completed within 20
// working days of being assigned, QA §6), on the real SQLite store with the sweep and a fake Messenger.
// Hand-worked on Monday 23 November 2026 (lookahead 14 days, grace 5; no bank holiday in the period):
// - Q-1 (C-1001, Dee South) assigned Mon 26 Oct → due Mon 23 Nov (20 working days): due soon → Dee;
// - Q-2 (C-1002, Dee South) assigned Mon 12 Oct → due Mon 9 Nov: overdue by 14 days → Dee, and her
//   manager Quinn (beyond the grace);
// - Q-3 (C-1003, Sam Okoro), completed 6 Nov, moderation by Quinn assigned Mon 2 Nov → due Mon 30 Nov:
//   due soon → Quinn;
// - Q-4 (C-1004, Dee South) completed: nothing.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { CaseFileInput } from '../../src/domain/model.js';
import { readCaseFile } from '../../src/domain/validate.js';
import type { AdaptiveCardJson } from '../../src/services/messenger.js';
import { runSweep } from '../../src/services/reminders/sweep.js';
import { cardProblems } from '../support/cards.js';
import { cardTexts, depsOf, fakeMessenger, fakeTimeLimiter, MONDAY_8AM, smallService, tempStore, type FakeMessenger } from './support.js';

let t: ReturnType<typeof tempStore>;
let messenger: FakeMessenger;
const clock = { now: MONDAY_8AM };

type AuditInput = NonNullable<CaseFileInput['audits']>[number];

const CRITERIA = ['views-recorded', 'smart-outcomes', 'holistic', 'needs-not-diagnosis', 'strengths', 'provision-specified'];
function audit(id: string, caseId: string, auditorId: string, assignedOn: string, extra: Partial<AuditInput> = {}): AuditInput {
  return {
    id,
    type: 'ehcp',
    caseId,
    auditorId,
    auditorRole: 'team-manager',
    assignedOn,
    completedOn: null,
    grade: null,
    criteria: [],
    summary: null,
    actions: [],
    run: null,
    sampledFrom: null,
    moderation: null,
    ...extra,
  };
}
const done = { completedOn: '2026-11-06', grade: 'good' as const, criteria: CRITERIA.map((id) => ({ id, judgement: 'met' as const, comment: null })) };

beforeEach(async () => {
  t = tempStore();
  messenger = fakeMessenger();
  clock.now = MONDAY_8AM;
  const base = smallService();
  const file = readCaseFile({
    ...base,
    people: [
      ...base.people,
      { id: 'p30', name: 'Quinn Auditor', roles: ['qa-officer'], team: null },
      { id: 'p21', name: 'Dee South', roles: ['team-manager'], team: 'South', locality: 'South', managerId: 'p30' },
    ],
    audits: [
      audit('Q-1', 'C-1001', 'p21', '2026-10-26'),
      audit('Q-2', 'C-1002', 'p21', '2026-10-12'),
      audit('Q-3', 'C-1003', 'p9', '2026-10-12', { ...done, moderation: { moderatorId: 'p30', assignedOn: '2026-11-02', grade: null, on: null, comment: null } }),
      audit('Q-4', 'C-1004', 'p21', '2026-10-19', done),
    ],
  });
  await t.store.importCaseFile(file);
});
afterEach(async () => {
  await t.remove();
});

const cardOf = (personId: string, manager = false) =>
  messenger.sent.find((s) => s.personId === personId && String((s.card as { body: Array<{ text?: string }> }).body[0]!.text).startsWith('Your team') === manager)!.card;
const lines = (card: AdaptiveCardJson) => cardTexts(card).filter((x) => x.startsWith('**'));

/** The card's links to audits (the card's own "Open my work" aside). */
function openUrls(card: AdaptiveCardJson): Array<{ title: string; url: string }> {
  const out: Array<{ title: string; url: string }> = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'Action.OpenUrl') out.push({ title: String(o.title), url: String(o.url) });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.filter((a) => a.title.startsWith('Open audit'));
}

describe("an auditor's digest", () => {
  it('lists their audits due soon and overdue, with the case reference and initials, each opening its audit', async () => {
    await runSweep(depsOf(t.store, messenger, clock, { TAB_ENDPOINT: 'https://send.example.org' }), { limiter: fakeTimeLimiter() });
    const dee = cardOf('p21');
    expect(cardProblems(dee)).toEqual([]);
    expect(cardTexts(dee)).toContain('Case-file audits');
    // Overdue first, then due soon; the completed Q-4 is not there.
    expect(lines(dee)).toEqual(['**C-1002 (R.S.)**: Audit Q-2', '**C-1001 (J.E.)**: Audit Q-1']);
    expect(cardTexts(dee)).toContain('Due 2026-11-09: 20 working days after the EHC plan audit was assigned on 12 Oct 2026 · overdue by 14 days · QA §6');
    expect(JSON.stringify(dee)).not.toMatch(/Jamie|Robin/);
    expect(openUrls(dee)).toEqual([
      { title: 'Open audit Q-2', url: 'https://send.example.org/tab/#/audit/Q-2' },
      { title: 'Open audit Q-1', url: 'https://send.example.org/tab/#/audit/Q-1' },
    ]);
  });

  it("gives the moderator their moderation, and the auditor's manager the audit overdue beyond the grace", async () => {
    await runSweep(depsOf(t.store, messenger, clock, { TAB_ENDPOINT: 'https://send.example.org' }), { limiter: fakeTimeLimiter() });
    expect(lines(cardOf('p30'))).toEqual(['**C-1003 (C.T.)**: Moderate audit Q-3']);
    expect(openUrls(cardOf('p30'))).toEqual([{ title: 'Open audit Q-3', url: 'https://send.example.org/tab/#/audit/Q-3' }]);
    expect(lines(cardOf('p30', true))).toEqual(['**C-1002 (R.S.)**: Audit Q-2, for Dee South']);
  });
});
