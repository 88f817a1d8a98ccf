// The fortnight's card in a CMOOE meeting's channel (issue 17), through the real server (createApp: the
// real botbuilder CloudAdapter, the tab's API) over SQLite, with a fake Bot Framework connector that keeps
// the channel's messages and their updates: the card at M − 7 (and not twice), a chair choosing from it
// (the tab's chair view shows the same selection), refusals for non-chairs and after the meeting, the
// refresh that gives chairs their buttons, "Remind" once per case, the agenda at M − 2 updating the same
// message, and no child's name on the card (checked against every demo name).
import http, { type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createApp } from '../../src/server/app.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { caseFileSchema, type CaseFileInput } from '../../src/domain/model.js';
import { generateDemo } from '../../src/domain/demo.js';
import { FIRST_NAMES, LAST_NAMES } from '../../src/domain/demo-names.js';
import { memoryLogger } from '../../src/services/log.js';
import { LocalDocumentStore } from '../../src/services/agendas/documents.js';
import { postDueAgendas, writeAgendaChannels } from '../../src/services/agendas/index.js';
import { postDueFortnightCards } from '../../src/services/fortnight.js';
import { openStore } from '../../src/store/index.js';
import type { CaseStore, ConversationRecord } from '../../src/store/port.js';
import { cardOf, startBotConnector, type BotConnector, type ConnectorMessage } from '../support/bot-connector/server.js';
import { AAD, fixture } from './support.js';

const TEAM = '19:send-team@thread.tacv2';
const CHANNEL = '19:cmooe@thread.tacv2';
const BEA = '00000000-0000-0000-0000-0000000000025';
const CHRIS = '00000000-0000-0000-0000-0000000000027';
/** The meeting: Thursday 10 December 2026 (every 14 days from 26 November); summaries due Thursday 3 December. */
const MEETING = '2026-12-10';
const at = (iso: string) => Date.parse(iso);

type CaseInput = NonNullable<CaseFileInput['cases']>[number];
const file: CaseFileInput = {
  ...fixture,
  people: [
    ...(fixture.people ?? []).map((p) => (p.id === 'p4' ? { ...p, chairs: ['cmooe'] } : p)),
    { id: 'p6', name: 'Lynne Robbins', email: 'lynner@example.com', aadObjectId: BEA, roles: ['business-support'], team: null },
    { id: 'p7', name: 'Chris Care', email: 'chris@example.com', aadObjectId: CHRIS, roles: ['cmooe-chair'], team: null, chairs: ['cic-cmooe'] },
  ],
  cases: [
    ...(fixture.cases ?? []).map((c): CaseInput =>
      c.id === 'C-1001' ? { ...c, cmooeSummaries: [{ submittedOn: '2026-12-02', authorId: 'p2', actionsToDate: 'Tutor found', currentSteps: 'Start date', keyDates: 'Review 2027-01-10' }] } : c,
    ),
    {
      id: 'C-1004',
      childName: 'Taylor Quinn',
      dateOfBirth: '2013-05-01',
      team: 'North',
      locality: 'North',
      setting: 'Meadow School',
      primaryNeed: 'ASD',
      leadProfessionalId: 'p1',
      inclusionLeadId: 'p2',
      cmooe: [{ from: '2026-10-12', to: null, reason: 'suspended-no-provision' }],
    },
  ],
  nominations: [
    { caseId: 'C-1001', seriesId: 'cmooe', byId: 'p1', concern: 'Jamie has had no tuition since October half term', madeOn: '2026-11-30' },
    { caseId: 'C-1004', seriesId: 'cmooe', byId: 'p1', concern: 'Part-time timetable continuing beyond six weeks.', madeOn: '2026-11-30' },
  ],
};

let connector: BotConnector;
let docs: string;

beforeAll(async () => {
  connector = await startBotConnector();
  docs = await mkdtemp(path.join(os.tmpdir(), 'fortnight-'));
});
afterAll(async () => {
  await connector.close();
  await rm(docs, { recursive: true, force: true });
});

interface Running {
  readonly url: string;
  readonly store: CaseStore;
  readonly deps: ServerDeps;
  setNow(iso: string): void;
  stop(): Promise<void>;
}

function channelRecord(): ConversationRecord {
  return {
    id: `${CHANNEL}`,
    scope: 'team',
    personId: null,
    aadObjectId: null,
    teamId: TEAM,
    channelId: CHANNEL,
    reference: {
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      bot: { id: '28:bot', name: 'SEND Oversight' },
      conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: 't1' },
    },
    updatedAt: '2026-11-01T09:00:00Z',
  };
}

function personalRecord(personId: string, aad: string): ConversationRecord {
  const id = `a:personal-${aad}`;
  return {
    id,
    scope: 'personal',
    personId,
    aadObjectId: aad,
    teamId: null,
    channelId: null,
    reference: {
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      bot: { id: '28:bot', name: 'SEND Oversight' },
      user: { id: `29:${aad}` },
      conversation: { id, conversationType: 'personal', tenantId: 't1' },
    },
    updatedAt: '2026-11-01T09:00:00Z',
  };
}

async function start(input: CaseFileInput = file): Promise<Running> {
  const store = await openStore({ SEND_DB_PATH: ':memory:' });
  await store.importCaseFile(caseFileSchema.parse(input));
  await writeAgendaChannels(store, { series: { cmooe: { teamId: TEAM, channelId: CHANNEL } } });
  await store.saveConversation(channelRecord());
  await store.saveConversation(personalRecord('p2', AAD.megan));
  await store.saveConversation(personalRecord('p4', AAD.isaiah));
  let now = at('2026-12-03T09:00:00Z');
  const deps: ServerDeps = { store, logger: memoryLogger(), clock: () => now, env: { TAB_BUILD: 'off', AUTH_MODE: 'dev' }, documents: new LocalDocumentStore(docs) };
  const server: Server = http.createServer(createApp(deps));
  const url = await new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
  return {
    url,
    store,
    deps,
    setNow: (iso) => {
      now = at(iso);
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    },
  };
}

const poster = (r: Running) => ({ store: r.store, messenger: r.deps.messenger!, logger: r.deps.logger, documents: r.deps.documents! });

/** A press on the card, as Teams sends it: an invoke `adaptiveCard/action` in the channel. */
async function press(r: Running, aad: string, verb: string, data: Record<string, unknown>): Promise<{ status: number; card: Record<string, unknown> }> {
  const activity = {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `invoke-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    from: { id: `29:${aad}`, name: 'someone', aadObjectId: aad },
    recipient: { id: '28:bot', name: 'SEND Oversight' },
    conversation: { id: `${CHANNEL};messageid=1`, conversationType: 'channel', isGroup: true, tenantId: 't1' },
    channelData: { tenant: { id: 't1' }, team: { id: TEAM }, channel: { id: CHANNEL } },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: verb === 'fortnight.refresh' ? 'automatic' : 'manual' },
  };
  const res = await fetch(`${r.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const body = (await res.json()) as { statusCode: number; type: string; value: Record<string, unknown> };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return { status: res.status, card: body.value };
}

async function token(r: Running, personId: string): Promise<string> {
  const res = await fetch(`${r.url}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId }) });
  return ((await res.json()) as { token: string }).token;
}

async function chairViewOf(r: Running, personId: string): Promise<{ selections: Array<{ caseId: string }>; agenda: { items: Array<{ caseId: string }> } }> {
  const res = await fetch(`${r.url}/api/tab/chair?series=cmooe&meeting=${MEETING}`, { headers: { authorization: `Bearer ${await token(r, personId)}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { selections: Array<{ caseId: string }>; agenda: { items: Array<{ caseId: string }> } };
}

/** Say something in the channel (a Teams message through the real adapter); the bot's text replies. */
async function say(r: Running, aad: string, text: string): Promise<string> {
  const thread = `${CHANNEL};messageid=say-${Math.random()}`;
  const res = await fetch(`${r.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: 'm1',
      text,
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      from: { id: `29:${aad}`, name: 'someone', aadObjectId: aad },
      recipient: { id: '28:bot', name: 'SEND Oversight' },
      conversation: { id: thread, conversationType: 'channel', isGroup: true, tenantId: 't1' },
      channelData: { tenant: { id: 't1' }, team: { id: TEAM }, channel: { id: CHANNEL } },
    }),
  });
  expect(res.status).toBeLessThan(300);
  return connector
    .messagesIn(thread)
    .map((m) => `${typeof m.current.text === 'string' ? m.current.text : ''}\n${cardText(cardOf(m))}`)
    .join('\n');
}

/** All the text a user sees on a card. */
function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      for (const k of ['text', 'title', 'value', 'label']) if (typeof o[k] === 'string') out.push(o[k]);
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(card);
  return out.join('\n');
}

/** The buttons of a card (Action.Execute), as "verb caseId". */
function buttons(card: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'Action.Execute' && typeof o.verb === 'string' && o.verb !== 'fortnight.refresh') out.push(`${o.verb} ${String((o.data as { caseId?: string }).caseId)}`);
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh' && typeof v === 'object') walk(v);
    }
  };
  walk(card);
  return out.sort();
}

const channelCards = (): ConnectorMessage[] => connector.messages.filter((m) => m.conversationId.startsWith(CHANNEL));

describe('the fortnight card in the channel', () => {
  let r: Running;
  beforeEach(async () => {
    connector.messages.length = 0;
    r = await start();
  });
  afterEach(async () => {
    await r.stop();
  });

  it('is posted on the summary deadline morning, once, with references, initials and the summaries missing', async () => {
    r.setNow('2026-12-03T07:30:00Z'); // before 08:00 on M − 7: not yet
    expect((await postDueFortnightCards(poster(r), r.deps.clock())).posted).toEqual([]);
    expect(channelCards()).toHaveLength(0);
    r.setNow('2026-12-03T08:10:00Z');
    expect((await postDueFortnightCards(poster(r), r.deps.clock())).posted).toEqual([`fortnight/cmooe/${MEETING}`]);
    // a second run (or a second instance) posts nothing
    expect((await postDueFortnightCards(poster(r), r.deps.clock())).alreadyPosted).toEqual([`fortnight/cmooe/${MEETING}`]);
    expect(channelCards()).toHaveLength(1);
    const card = cardOf(channelCards()[0]!)!;
    const text = cardText(card);
    expect(text).toContain('Thursday 10 December 2026');
    expect(text).toContain('C-1001 J.E.');
    expect(text).toContain('C-1004 T.Q.');
    expect(text).toContain('1 summary missing');
    expect(text).toMatch(/C-1001 J\.E\.\n.*summary on time/);
    expect(text).toMatch(/C-1004 T\.Q\.\n.*summary missing/);
    // the concern naming the child is not shown; the one naming no one shows its first words
    expect(text).toContain('concern recorded');
    expect(text).toContain('"Part-time timetable continuing beyond six weeks."');
    expect(text).not.toMatch(/Jamie|Example|Taylor|Quinn|Robin/);
    // the child in care belongs to the other series: not on this card
    expect(text).not.toContain('C-1003');
    // read-only for everyone; the chair (and Business Support) refresh for their buttons
    expect(buttons(card)).toEqual([]);
    // where Teams does not refresh by itself, the chair asks for their buttons
    expect((card.actions as Array<{ title: string; verb?: string }>).find((a) => a.title === "Chair's buttons")?.verb).toBe('fortnight.refresh');
    const refresh = card.refresh as { action: { verb: string }; userIds: string[] };
    expect(refresh.action.verb).toBe('fortnight.refresh');
    expect(refresh.userIds.sort()).toEqual([`29:${AAD.isaiah}`, `8:orgid:${BEA}`].sort());
  });

  it('the refresh shows the chair Select per case and "Open in the tab"; a non-chair gets no buttons', async () => {
    await postDueFortnightCards(poster(r), r.deps.clock());
    const chair = await press(r, AAD.isaiah, 'fortnight.refresh', { seriesId: 'cmooe', meetingOn: MEETING });
    expect(buttons(chair.card)).toEqual(['fortnight.remind C-1004', 'fortnight.select C-1001', 'fortnight.select C-1004']);
    expect(cardText(chair.card)).toContain('Open in the tab');
    const url = (chair.card.actions as Array<{ title: string; url: string }>).find((a) => a.title === 'Open in the tab')!.url;
    expect(url).toContain('chair');
    expect(url).toContain(MEETING);
    const support = await press(r, BEA, 'fortnight.refresh', { seriesId: 'cmooe', meetingOn: MEETING });
    expect(buttons(support.card)).toEqual(['fortnight.remind C-1004']);
    const other = await press(r, AAD.alex, 'fortnight.refresh', { seriesId: 'cmooe', meetingOn: MEETING });
    expect(buttons(other.card)).toEqual([]);
    expect(cardText(other.card)).not.toContain('Open in the tab');
    expect(cardText(other.card)).toContain('Choosing the cases is for the chair of CMOOE oversight');
    // the chair of the other series has no buttons on this one
    expect(buttons((await press(r, CHRIS, 'fortnight.refresh', { seriesId: 'cmooe', meetingOn: MEETING })).card)).toEqual([]);
  });

  it('a chair selects from the card: the tab shows the selection, and the card in the channel is updated in place', async () => {
    await postDueFortnightCards(poster(r), r.deps.clock());
    const answer = await press(r, AAD.isaiah, 'fortnight.select', { seriesId: 'cmooe', meetingOn: MEETING, caseId: 'C-1004' });
    expect(cardText(answer.card)).toContain('C-1004 is on the agenda of Thursday 10 December 2026.');
    expect(buttons(answer.card)).toContain('fortnight.withdraw C-1004');
    const view = await chairViewOf(r, 'p4');
    expect(view.selections.map((s) => s.caseId)).toEqual(['C-1004']);
    // one message in the channel, updated (not reposted), saying "selected" to everyone
    expect(channelCards()).toHaveLength(1);
    const message = channelCards()[0]!;
    expect(message.updates).toBeGreaterThanOrEqual(2);
    expect(cardText(cardOf(message))).toMatch(/C-1004 T\.Q\.\n.*selected/);
    expect(buttons(cardOf(message)!)).toEqual([]);
    // withdrawn the same way
    await press(r, AAD.isaiah, 'fortnight.withdraw', { seriesId: 'cmooe', meetingOn: MEETING, caseId: 'C-1004' });
    expect((await chairViewOf(r, 'p4')).selections).toEqual([]);
  });

  it('a press by anyone but the chair of the series is refused with the rule, and nothing changes', async () => {
    await postDueFortnightCards(poster(r), r.deps.clock());
    const before = channelCards()[0]!.updates;
    for (const who of [AAD.alex, BEA, CHRIS]) {
      const answer = await press(r, who, 'fortnight.select', { seriesId: 'cmooe', meetingOn: MEETING, caseId: 'C-1004' });
      expect(answer.status).toBe(200);
      expect(cardText(answer.card)).toMatch(/chair|Business Support|not shown to you|no case/i);
      expect(buttons(answer.card)).not.toContain('fortnight.withdraw C-1004');
    }
    expect(cardText((await press(r, BEA, 'fortnight.select', { seriesId: 'cmooe', meetingOn: MEETING, caseId: 'C-1004' })).card)).toContain("selecting cases is the chair's (PS 4.2)");
    expect((await chairViewOf(r, 'p4')).selections).toEqual([]);
    expect(channelCards()[0]!.updates).toBe(before);
  });

  it('a press after the meeting is refused, naming the rule; the record of the meeting does not change', async () => {
    await postDueFortnightCards(poster(r), r.deps.clock());
    await press(r, AAD.isaiah, 'fortnight.select', { seriesId: 'cmooe', meetingOn: MEETING, caseId: 'C-1001' });
    r.setNow('2026-12-11T10:00:00Z');
    const late = await press(r, AAD.isaiah, 'fortnight.withdraw', { seriesId: 'cmooe', meetingOn: MEETING, caseId: 'C-1001' });
    expect(cardText(late.card)).toContain('has taken place: its selections are part of its record and cannot change (docs/rules.md section 4)');
    expect(buttons(late.card)).toEqual([]);
    const view = await chairViewOf(r, 'p4');
    expect(view.selections.map((s) => s.caseId)).toEqual(['C-1001']);
  });

  it('"Remind" sends the inclusion lead the summary form in 1:1, once per case per meeting', async () => {
    await postDueFortnightCards(poster(r), r.deps.clock());
    const first = await press(r, AAD.isaiah, 'fortnight.remind', { seriesId: 'cmooe', meetingOn: MEETING, caseId: 'C-1004' });
    expect(cardText(first.card)).toContain('Megan Bowen has been sent the summary form for C-1004.');
    const again = await press(r, BEA, 'fortnight.remind', { seriesId: 'cmooe', meetingOn: MEETING, caseId: 'C-1004' });
    expect(cardText(again.card)).toContain('Megan Bowen was already reminded about C-1004');
    const toMegan = connector.messagesIn(`a:personal-${AAD.megan}`);
    expect(toMegan).toHaveLength(1);
    const card = cardOf(toMegan[0]!)!;
    expect(cardText(card)).toContain('C-1004 T.Q.');
    const form = (card.actions as Array<{ verb?: string; data?: { caseId?: string } }>).find((a) => a.verb === 'form.summary');
    expect(form?.data?.caseId).toBe('C-1004');
    // an inclusion lead cannot remind
    expect(cardText((await press(r, AAD.megan, 'fortnight.remind', { seriesId: 'cmooe', meetingOn: MEETING, caseId: 'C-1004' })).card)).toContain('for the chair of the meeting and Business Support');
  });

  it('the agenda two working days before is the same message updated, listing exactly the chosen cases; "agenda" refreshes it', async () => {
    await postDueFortnightCards(poster(r), r.deps.clock());
    await press(r, AAD.isaiah, 'fortnight.select', { seriesId: 'cmooe', meetingOn: MEETING, caseId: 'C-1004' });
    r.setNow('2026-12-08T08:30:00Z'); // Tuesday: two working days before Thursday 10 December
    const run = await postDueAgendas(poster(r), r.deps.clock());
    expect(run.posted.map((p) => p.key)).toEqual([`agenda/cmooe/${MEETING}`]);
    expect(channelCards()).toHaveLength(1);
    const text = cardText(cardOf(channelCards()[0]!));
    // nominated (C-1001, C-1004) and selected (C-1004): the agenda of the chair's view
    const view = await chairViewOf(r, 'p4');
    expect(text).toContain(
      `Agenda: ${view.agenda.items.length} cases: ${view.agenda.items
        .map((i) => i.caseId)
        .map((id) => (id === 'C-1001' ? 'C-1001 J.E.' : 'C-1004 T.Q.'))
        .join(', ')}`,
    );
    // locally the card says where the Word file is, never a file:/// link
    expect(JSON.stringify(cardOf(channelCards()[0]!))).not.toContain('file:');
    expect(text).toContain(`saved on the server at ${docs}`);
    // the agenda card's "Record outcomes" is on the living agenda too
    const record = (cardOf(channelCards()[0]!)!.actions as Array<{ title: string; data?: unknown }>).find((a) => a.title === 'Record outcomes');
    expect(record?.data).toEqual({ action: 'meeting.record', seriesId: 'cmooe', meetingOn: MEETING });
    // "agenda" in the channel refreshes the same message
    const updates = channelCards()[0]!.updates;
    expect(await say(r, AAD.isaiah, 'agenda')).toContain("The agenda of 2026-12-10 is the fortnight's card in this channel: I have brought it up to date");
    const fortnightCards = channelCards().filter((m) => cardText(cardOf(m)).includes("the fortnight's summaries"));
    expect(fortnightCards).toHaveLength(1);
    expect(fortnightCards[0]!.updates).toBe(updates + 1);
  });

  it('"agenda" in the window before the schedule has posted the card posts it, once; before the window it gives the agenda as before', async () => {
    r.setNow('2026-12-01T10:00:00Z'); // before M − 7: the agenda card in reply, no fortnight card
    await say(r, AAD.isaiah, 'agenda');
    expect(channelCards().filter((m) => m.conversationId === CHANNEL)).toHaveLength(0);
    r.setNow('2026-12-04T10:00:00Z');
    expect(await say(r, AAD.alex, 'agenda')).toContain("The agenda of 2026-12-10 is the fortnight's card in this channel: I have posted it");
    expect(await say(r, AAD.alex, 'agenda')).toContain('I have brought it up to date');
    expect((await postDueFortnightCards(poster(r), r.deps.clock())).alreadyPosted).toEqual([`fortnight/cmooe/${MEETING}`]);
    const cards = channelCards().filter((m) => m.conversationId === CHANNEL || (m.conversationId.startsWith(`${CHANNEL};messageid=`) && cardText(cardOf(m)).includes("the fortnight's summaries")));
    expect(cards).toHaveLength(1);
  });
});

describe('a series with very many CMOOE cases', () => {
  it('shows as many as Teams takes (under 28 KB) and says how many more are in the tab', async () => {
    const many: CaseInput[] = Array.from({ length: 150 }, (_, i) => ({
      id: `C-${3000 + i}`,
      childName: `Child Number${i}`,
      dateOfBirth: '2013-05-01',
      team: 'North',
      locality: 'North',
      setting: 'Meadow School',
      primaryNeed: 'ASD',
      leadProfessionalId: 'p1',
      inclusionLeadId: 'p2',
      cmooe: [{ from: '2026-10-12', to: null, reason: 'missing-attendance' }],
    }));
    const r = await start({ ...file, cases: [...(file.cases ?? []), ...many] });
    try {
      connector.messages.length = 0;
      await postDueFortnightCards(poster(r), r.deps.clock());
      const card = cardOf(channelCards()[0]!)!;
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
      expect(cardText(card)).toMatch(/Showing \d+ of 152 cases \(too many for one card\): the others are in the tab's chair's view\./);
      const chair = await press(r, AAD.isaiah, 'fortnight.refresh', { seriesId: 'cmooe', meetingOn: MEETING });
      expect(Buffer.byteLength(JSON.stringify(chair.card))).toBeLessThan(28 * 1024);
    } finally {
      await r.stop();
    }
  });
});

describe('the card over the demo service', () => {
  it('names no child: no demo first or last name appears on the card', async () => {
    const demo = generateDemo({ cases: 300, today: '2026-12-03' });
    const r = await start(demo);
    try {
      connector.messages.length = 0;
      const result = await postDueFortnightCards(poster(r), at('2026-12-03T09:00:00Z'));
      expect(result.failed).toEqual([]);
      expect(result.posted).toHaveLength(1);
      const card = cardOf(channelCards()[0]!)!;
      const text = cardText(card);
      expect(text).toMatch(/C-\d+ [A-Z]\.[A-Z]\./);
      for (const name of [...FIRST_NAMES, ...LAST_NAMES, ...demo.cases.map((c) => c.childName)]) {
        expect(text).not.toMatch(new RegExp(`\\b${name}\\b`));
      }
    } finally {
      await r.stop();
    }
  });
});
