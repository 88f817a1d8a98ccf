// The bot fits the person (issue 15): a team manager's "team" and "forecast", help by role, "my cases"
// saying whose the open items are, digest buttons only for what the person may do, and "Show them"
// for what is still overdue. Through botbuilder's TestAdapter on a real SQLite store; the fixture is
// tests/bot/support.ts (Monday 23 November 2026), the figures below worked out by hand from it.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { digestCard } from '../../src/services/reminders/cards.js';
import { runSweep } from '../../src/services/reminders/sweep.js';
import { cardProblems } from '../support/cards.js';
import { AAD, cardText, NOON_23_NOV, say, world, type World } from './support.js';
import { cardActions, fakeMessenger, fakeTimeLimiter } from '../reminders/support.js';

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => {
  const log = w.logger.lines.join('\n');
  for (const secret of ['Jamie', 'Riley', 'Casey', 'Robin', '2014-03-10', 'SEMH']) expect(log).not.toContain(secret);
  await w.close();
});

describe('"team": a team manager gets their team\'s figures', () => {
  // Team North on 23 Nov 2026, overdue now: Alex's decision for C-1001 (requested 1 Sep + 6 weeks = 13 Oct,
  // PS 5.3); Megan's CMOOE summaries for C-1001 (meeting 26 Nov - 7 = 19 Nov) and C-1003 (CiC meeting
  // 27 Nov - 7 = 20 Nov, PS 4.2); Adele's supervision of Alex (20 Oct + 1 month = 20 Nov, PS 6.13).
  // Nothing else falls due by Sunday 29 Nov (C-1002's decision is due 1 Dec; the summaries 3 and 4 Dec).
  it('overdue now and due this week, by person, the most overdue first, and nothing of team South', async () => {
    const card = await say(w.bot, AAD.adele, 'team');
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('Team North: overdue now and due this week');
    expect(text).toContain('4 overdue now, 0 due by Sunday 29 November (today is 2026-11-23).');
    const people = text.split('\n');
    const at = (name: string) => people.indexOf(name);
    expect(at('Megan Bowen')).toBeGreaterThan(-1);
    expect(people[at('Megan Bowen') + 1]).toBe('2 overdue (2 fortnightly CMOOE case summary), 0 due this week');
    expect(people[at('Adele Vance') + 1]).toBe('1 overdue (1 monthly supervision), 0 due this week');
    expect(people[at('Alex Wilber') + 1]).toBe('1 overdue (1 decide whether to assess), 0 due this week');
    expect(at('Megan Bowen')).toBeLessThan(at('Adele Vance'));
    expect(text).not.toMatch(/Sam South|C-2001|Casey/);
  });

  it('understands "what\'s overdue for my team" the same way', async () => {
    expect(cardText(await say(w.bot, AAD.adele, "what's overdue for my team?"))).toBe(cardText(await say(w.bot, AAD.adele, 'team')));
  });

  it('a caseworker asking "team" is told it is for managers and pointed to their own work', async () => {
    const text = cardText(await say(w.bot, AAD.alex, 'team'));
    expect(text).toContain('for managers');
    expect(text).toContain("what's due");
    expect(text).not.toContain('Megan Bowen');
  });

  it('"forecast" gives the team\'s next 8 weeks, week by week', async () => {
    const card = await say(w.bot, AAD.adele, 'forecast');
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('What is coming: team North');
    expect(text).toContain('This week (to 29 Nov)');
    expect(text).toContain('w/c 30 Nov');
    // The week of 30 Nov: C-1002's decision (1 Dec), the summaries of 3 and 4 Dec, and the notes of Alex's
    // supervision if held today (23 Nov + 10 working days = 7 Dec: the week after).
    expect(text).toMatch(/w\/c 30 Nov\n3: 2 fortnightly CMOOE case summary, 1 decide whether to assess/);
  });
});

describe('help fits the person', () => {
  it("a caseworker's help shows no manager command", async () => {
    const text = cardText(await say(w.bot, AAD.alex, 'help'));
    expect(text).not.toMatch(/^team$/m);
    expect(text).not.toMatch(/^forecast$/m);
    expect(text).not.toContain('Team');
  });

  it("a team manager's help shows team and forecast, with a Team button", async () => {
    const text = cardText(await say(w.bot, AAD.adele, 'help'));
    expect(text).toMatch(/^team$/m);
    expect(text).toMatch(/^forecast$/m);
  });
});

describe('"my cases" says whose the open items are', () => {
  it("C-1001: Alex's overdue decision, Megan's overdue and coming CMOOE summaries", async () => {
    const text = cardText(await say(w.bot, AAD.alex, 'my cases'));
    expect(text).toContain("2 overdue, 1 due soon: 1 overdue yours; 1 overdue and 1 due soon Megan Bowen's");
  });

  it('a team manager who holds no cases is pointed to "team"', async () => {
    const text = cardText(await say(w.bot, AAD.adele, 'my cases'));
    expect(text).toContain('Type **team**');
  });
});

describe('digest buttons only for what the person may do', () => {
  it("a manager's digest offers no one else's form, but nominate for a CMOOE child (PS 4.2) and the case in the tab", async () => {
    // Wednesday 25 Nov: Megan's summary due 19 Nov is more than 5 days overdue, escalated to Adele, and
    // its meeting (26 Nov) is still ahead (once it is held the summary is missed, on nobody's digest).
    const messenger = fakeMessenger();
    w.setNow(NOON_23_NOV + 2 * 86_400_000);
    await runSweep({ ...w.deps, messenger }, { limiter: fakeTimeLimiter(), today: '2026-11-25' });
    const sent = messenger.sent.find((s) => s.personId === 'p3' && JSON.stringify(s.card).includes("Your team's overdue work"))!;
    expect(sent).toBeDefined();
    expect(cardProblems(sent.card)).toEqual([]);
    const verbs = cardActions(sent.card).map((a) => a.verb);
    expect(verbs).not.toContain('form.summary');
    expect(verbs).toContain('form.nominate');
    expect(cardText(sent.card)).toContain('Open C-1001');
    // Megan's own digest still offers her the summary form.
    const megan = messenger.sent.find((s) => s.personId === 'p2')!;
    expect(cardActions(megan.card).map((a) => a.verb)).toContain('form.summary');
  });

  it('"Still overdue from earlier days" comes with "Show them"', () => {
    const base = { day: '2026-11-23', lines: [], graceDays: 5, tabUrl: 'https://tab.example/tab/', links: { teamsAppId: null, tabEndpoint: 'https://tab.example' } };
    const own = digestCard({ ...base, card: 'digest', stillOverdue: 11 });
    expect(cardProblems(own)).toEqual([]);
    expect(JSON.stringify(own)).toContain('"title":"Show them","data":{"command":"what\'s due"}');
    const manager = digestCard({ ...base, card: 'manager-digest', stillOverdue: 4 });
    expect(JSON.stringify(manager)).toContain('"title":"Show them","url":"https://tab.example/tab/#/forecast?week=-1"');
    expect(JSON.stringify(manager)).toContain('"title":"Open the team view","url":"https://tab.example/tab/#/dashboard"');
  });
});
