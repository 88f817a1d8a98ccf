// A fortnight of oversight meetings through the real server (createApp: the tab's API with its local
// sign-in and the bot's /api/messages on botbuilder's CloudAdapter) on a SQLite file, posting to a Bot
// Connector on 127.0.0.1 (issue 13; docs/rules.md sections 4, 5 and 7). The clock is moved by the test:
//  - Mon 23 Nov 2026: a summary is submitted; the CMOOE chair selects C-1001 for Thu 26 Nov (in the window
//    M - 7 .. M); refused for 10 Dec (window opens 3 Dec), for the Children in Care series, and for
//    Business Support;
//  - Thu 26 Nov: the chair records the meeting in the tab (outcome, an action for Alex due 4 Dec,
//    attendance), and the minutes go to the channel with the reference and initials only;
//  - Fri 27 Nov: the sweep sends Alex his digest with the action; he closes it from the card with a line;
//    the agenda of 10 Dec shows it closed; Adele marks her supervision notes shared from her digest;
//  - Mon 30 Nov: the service manager's weekly meeting gives Adele an action; she closes it in the tab; the
//    next weekly agenda shows it closed and the dashboard counts it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBotRuntime } from '../../bot/index.js';
import { agendaHandler } from '../../bot/agenda.js';
import { caseFileSchema, type CaseFileInput } from '../../src/domain/model.js';
import { createApp } from '../../src/server/app.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { buildAgenda, LocalDocumentStore, parseAgendaChannels, writeAgendaChannels } from '../../src/services/agendas/index.js';
import { memoryLogger } from '../../src/services/log.js';
import { runSweep } from '../../src/services/reminders/sweep.js';
import { Calendar } from '../../src/domain/calendar/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { CaseStore } from '../../src/store/port.js';
import { AAD, fixture } from '../bot/support.js';
import { cardOf, startBotConnector, type BotConnector } from '../support/bot-connector/server.js';

const BEA = '00000000-0000-0000-0000-0000000000027';
const CARA = '00000000-0000-0000-0000-0000000000028';
const SARA = '00000000-0000-0000-0000-0000000000029';
const file: CaseFileInput = {
  ...fixture,
  people: [
    ...(fixture.people ?? []).map((p) => (p.id === 'p4' ? { ...p, chairs: ['cmooe'] } : p)),
    { id: 'p6', name: 'Cara Care', aadObjectId: CARA, roles: ['cmooe-chair'], chairs: ['cic-cmooe'], team: null },
    { id: 'p7', name: 'Bea Support', aadObjectId: BEA, roles: ['business-support'], team: null },
    { id: 'p8', name: 'Sara Manager', aadObjectId: SARA, roles: ['service-manager'], team: null },
  ],
  // Alex's supervision of Fri 20 Nov: its notes are due 10 working days later, 4 Dec (PS 11.4), with Adele.
  supervisions: [...(fixture.supervisions ?? []), { superviseeId: 'p1', supervisorId: 'p3', heldOn: '2026-11-20', notesSharedOn: null }],
};

const TEAM = 'team-send';
const CHANNEL = '19:cmooe@thread.tacv2';
let dir: string;
let store: CaseStore;
let connector: BotConnector;
let server: Server;
let base = '';
let now = Date.parse('2026-11-23T12:00:00Z');
let deps: ServerDeps;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'send-meetings-'));
  connector = await startBotConnector();
  store = openSqliteStore(path.join(dir, 'send.db'));
  await store.importCaseFile(caseFileSchema.parse(file));
  await writeAgendaChannels(store, parseAgendaChannels({ series: { cmooe: { teamId: TEAM, channelId: CHANNEL } } }));
  await store.saveConversation({
    id: CHANNEL,
    scope: 'team',
    personId: null,
    aadObjectId: null,
    teamId: TEAM,
    channelId: CHANNEL,
    reference: { channelId: 'msteams', serviceUrl: connector.serviceUrl, bot: { id: '28:bot' }, conversation: { id: CHANNEL, conversationType: 'channel', tenantId: 't1' } },
    updatedAt: '2026-11-01T09:00:00Z',
  });
  for (const [personId, aad] of [
    ['p1', AAD.alex],
    ['p3', AAD.adele],
  ] as const) {
    await store.saveConversation({
      id: `a:${personId}`,
      scope: 'personal',
      personId,
      aadObjectId: aad,
      teamId: null,
      channelId: null,
      reference: {
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        bot: { id: '28:bot', name: 'SEND Oversight' },
        user: { id: `29:${personId}` },
        conversation: { id: `a:${personId}`, conversationType: 'personal', tenantId: 't1' },
      },
      updatedAt: '2026-11-01T09:00:00Z',
    });
  }
  const logger = memoryLogger();
  const documents = new LocalDocumentStore(path.join(dir, 'documents'));
  deps = { store, logger, clock: () => now, env: { AUTH_MODE: 'dev', REMINDERS: 'off' }, documents };
  const runtime = createBotRuntime(deps, { appId: '', tabUrl: 'https://tab.example/tab/', agenda: agendaHandler(documents) });
  deps.messenger = runtime.messenger;
  const app = createApp(deps, runtime);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const id of ['p1', 'p2', 'p3', 'p4', 'p6', 'p7', 'p8']) {
    const res = await fetch(`${base}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: id }) });
    tokens[id] = ((await res.json()) as { token: string }).token;
  }
}, 30_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await store?.close();
  await connector?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, route: string, who: string, payload?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + route, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Press an Action.Execute button on a card in a person's 1:1 (Teams posts an invoke to /api/messages). */
async function press(personId: string, aad: string, verb: string, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `invoke-${verb}-${Math.random()}`,
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      from: { id: `29:${personId}`, aadObjectId: aad, name: personId },
      recipient: { id: '28:bot', name: 'SEND Oversight' },
      conversation: { id: `a:${personId}`, conversationType: 'personal', tenantId: 't1' },
      channelData: { tenant: { id: 't1' } },
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    }),
  });
  expect(res.status).toBe(200);
  // The invoke's answer: { statusCode, type, value: the card that replaces the pressed one }.
  const body = (await res.json()) as { value?: Record<string, unknown> };
  return body.value ?? {};
}

function text(x: unknown): string {
  return JSON.stringify(x);
}

/** The Action.Execute actions of a card (ShowCard's inner ones included). */
function executes(card: unknown): Array<{ verb: string; title: string; data: Record<string, unknown> }> {
  const out: Array<{ verb: string; title: string; data: Record<string, unknown> }> = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'Action.Execute') out.push({ verb: String(o.verb), title: String(o.title), data: (o.data ?? {}) as Record<string, unknown> });
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(card);
  return out;
}

const latestCardIn = (conversationId: string) => {
  const messages = connector.messagesIn(conversationId);
  if (messages.length === 0) throw new Error(`nothing was posted to ${conversationId}`);
  return cardOf(messages[messages.length - 1]!);
};
/** The channel's messages (each post to a channel starts a thread of its own). */
const channelMessages = () => connector.messages.filter((m) => m.conversationId.startsWith(CHANNEL));
const digestsTo = (personId: string) => connector.messagesIn(`a:${personId}`).map(cardOf);

let actionId = '';

describe('a fortnight of the CMOOE meeting', () => {
  it('Mon 23 Nov: a summary is in, the chair selects in the window, and is refused outside it, for the other series, and Business Support cannot select', async () => {
    const summary = await call('POST', '/api/tab/record/summary', 'p2', { caseId: 'C-1001', actionsToDate: 'Tuition sought', currentSteps: 'Provider found', keyDates: 'Meeting 26 Nov' });
    if (summary.status !== 201) throw new Error(JSON.stringify(summary));
    const view = await call('GET', '/api/tab/chair', 'p4');
    expect(view.status).toBe(200);
    expect(text(view.body)).toContain('C-1001');
    // The CMOOE chair sees nothing of the Children in Care series' cases.
    expect(text(view.body)).not.toContain('C-1003');
    expect((await call('GET', '/api/tab/chair?series=cic-cmooe', 'p4')).status).toBe(403);

    const selected = await call('POST', '/api/tab/chair/selections', 'p4', { caseId: 'C-1001', seriesId: 'cmooe', meetingOn: '2026-11-26' });
    expect(selected.status).toBe(201);
    const tooEarly = await call('POST', '/api/tab/chair/selections', 'p4', { caseId: 'C-1001', seriesId: 'cmooe', meetingOn: '2026-12-10' });
    expect(tooEarly.status).toBeGreaterThanOrEqual(400);
    expect(tooEarly.body.error).toMatch(/2026-12-03|3 Dec/);
    const otherSeries = await call('POST', '/api/tab/chair/selections', 'p4', { caseId: 'C-1003', seriesId: 'cic-cmooe', meetingOn: '2026-11-27' });
    // The case is not the CMOOE chair's to see: the one answer for a case one may not see.
    expect([403, 404]).toContain(otherSeries.status);
    const support = await call('POST', '/api/tab/chair/selections', 'p7', { caseId: 'C-1001', seriesId: 'cmooe', meetingOn: '2026-11-26' });
    expect(support.status).toBe(403);
    // Business Support sees the chair's view (to prepare the meeting), without selecting.
    expect((await call('GET', '/api/tab/chair?series=cmooe', 'p7')).status).toBe(200);
    expect((await store.listSelections({ seriesId: 'cmooe' })).map((s) => s.caseId)).toEqual(['C-1001']);
  });

  it('Thu 26 Nov: the chair records the meeting in the tab, case by case, with clear errors, and the minutes reach the channel with initials only', async () => {
    now = Date.parse('2026-11-26T15:00:00Z');
    const route = '/api/tab/meetings/cmooe/2026-11-26';
    const page = await call('GET', route, 'p4');
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('C-1001');
    // Nobody but the chair and Business Support records it.
    expect((await call('GET', route, 'p1')).status).toBe(403);
    expect((await call('GET', '/api/tab/meetings/cmooe/2026-11-26', 'p6')).status).toBe(403);
    const bad = await call('POST', `${route}/items`, 'p4', { caseId: 'C-1001', outcome: 'x', actions: [{ text: 'Confirm the provider', ownerId: 'p1', dueOn: '4 Dec' }] });
    expect(bad.status).toBe(400);
    expect(text(bad.body)).toMatch(/due date is not a date/);
    const saved = await call('POST', `${route}/items`, 'p4', {
      caseId: 'C-1001',
      outcome: 'Tuition to start 1 Dec; school to plan a part-time return.',
      actions: [{ text: 'Confirm the tuition provider and start date', ownerId: 'p1', dueOn: '2026-12-04' }],
    });
    expect(saved.status).toBe(201);
    const attendance = await call('PUT', `${route}/attendees`, 'p7', { attendees: ['p4', 'p7', 'p1'] });
    expect(attendance.status).toBe(200);
    const [action] = (await store.listActions({ seriesId: 'cmooe' })).filter((a) => a.caseId === 'C-1001');
    expect(action).toMatchObject({ ownerId: 'p1', dueOn: '2026-12-04', closedOn: null, meetingOn: '2026-11-26' });
    actionId = action!.id;

    const minutes = await call('POST', `${route}/minutes`, 'p4');
    expect(minutes.status).toBe(200);
    expect(minutes.body.outcome).toBe('posted');
    expect(channelMessages()).toHaveLength(1);
    const card = cardOf(channelMessages()[0]!);
    expect(text(card)).toContain('C-1001');
    expect(text(card)).toContain('J.E.');
    expect(text(card)).not.toMatch(/Jamie|Example|2014-03-10|SEMH/);
    // Published once: asking again posts nothing more.
    const again = await call('POST', `${route}/minutes`, 'p4');
    expect(again.body.outcome).toBe('already');
    expect(channelMessages()).toHaveLength(1);
  });

  it("Fri 27 Nov: the action is in its owner's digest; Done asks for a line, and closes it; the next agenda shows it closed", async () => {
    now = Date.parse('2026-11-27T08:00:00Z');
    // After the meeting its selections are read-only.
    const late = await call('DELETE', '/api/tab/chair/selections/cmooe/2026-11-26/C-1001', 'p4');
    expect(late.status).toBeGreaterThanOrEqual(400);
    const report = await runSweep({ store, messenger: deps.messenger, clock: deps.clock, logger: deps.logger, env: {} });
    expect(report.counts.sent).toBeGreaterThanOrEqual(2);
    const digest = latestCardIn('a:p1');
    expect(text(digest)).toContain('Confirm the tuition provider');
    const close = executes(digest).find((e) => e.title === 'Close the action');
    expect(close).toBeDefined();
    const noteField = String(close!.data.noteField);
    // Without the line, nothing changes.
    const empty = await press('p1', AAD.alex, close!.verb, { ...close!.data, [noteField]: ' ' });
    expect(text(empty)).toMatch(/say what was done/);
    expect((await store.listActions({ seriesId: 'cmooe' })).find((a) => a.id === actionId)?.closedOn).toBeNull();
    const done = await press('p1', AAD.alex, close!.verb, { ...close!.data, [noteField]: 'Provider confirmed; tuition starts Tue 1 Dec' });
    expect(text(done)).toContain(`Closed: action ${actionId}`);
    expect((await store.listActions({ seriesId: 'cmooe' })).find((a) => a.id === actionId)).toMatchObject({ closedOn: '2026-11-27', closedNote: 'Provider confirmed; tuition starts Tue 1 Dec' });

    const next = await buildAgenda(store, { kind: 'cmooe', seriesId: 'cmooe', meetingOn: '2026-12-10' }, new Calendar());
    if (next.kind !== 'cmooe') throw new Error('expected a CMOOE agenda');
    expect(next.agenda.openActions.map((a) => a.id)).not.toContain(actionId);
    expect(next.agenda.closedActions).toEqual([expect.objectContaining({ id: actionId, closedOn: '2026-11-27', closedNote: 'Provider confirmed; tuition starts Tue 1 Dec' })]);
  });

  it('Fri 27 Nov: "notes shared" from the supervisor\'s digest completes supervision-notes on the same supervision', async () => {
    const awaited = await call('GET', '/api/tab/supervision/notes', 'p3');
    expect(awaited.status).toBe(200);
    expect(text(awaited.body)).toContain('2026-11-20');
    const digest = digestsTo('p3');
    const line = executes(digest).find((e) => e.verb === 'reminder.done' && text(e.data).includes('supervision-notes'));
    expect(line).toBeDefined();
    const answer = await press('p3', AAD.adele, line!.verb, line!.data);
    expect(text(answer)).toMatch(/shared on 2026-11-27/);
    const supervisions = (await store.exportCaseFile()).supervisions.filter((s) => s.superviseeId === 'p1');
    expect(supervisions.map((s) => [s.heldOn, s.notesSharedOn])).toEqual([
      ['2026-10-20', '2026-10-29'],
      ['2026-11-20', '2026-11-27'],
    ]);
    expect(text((await call('GET', '/api/tab/supervision/notes', 'p3')).body)).not.toContain('2026-11-20');
  });
});

describe("the weekly team-manager meeting's actions", () => {
  it('Mon 30 Nov: the service manager gives a team manager an action; she closes it in the tab; the next weekly agenda shows it closed and the dashboard counts it', async () => {
    now = Date.parse('2026-11-30T10:00:00Z');
    expect((await call('GET', '/api/tab/weekly', 'p4')).status).toBe(403);
    const week = await call('GET', '/api/tab/weekly', 'p8');
    expect(week.status).toBe(200);
    expect(week.body.meetingOn).toBe('2026-11-30');
    const notTm = await call('POST', '/api/tab/weekly/2026-11-30/actions', 'p8', { text: 'Chase health advice', ownerId: 'p1', dueOn: '2026-12-04' });
    expect(notTm.status).toBe(400);
    const added = await call('POST', '/api/tab/weekly/2026-11-30/actions', 'p8', { text: 'Chase health advice for the North team', ownerId: 'p3', dueOn: '2026-12-04' });
    expect(added.status).toBe(201);
    const [agreed] = added.body.agreed as Array<{ id: string }>;
    expect(agreed).toBeDefined();
    // Nobody else closes it: a caseworker is refused.
    expect((await call('POST', `/api/tab/actions/${agreed!.id}/close`, 'p1', { note: 'done' })).status).toBe(403);
    // Tue 1 Dec: it is in Adele's digest, with Done asking for a line.
    now = Date.parse('2026-12-01T08:00:00Z');
    const before = connector.messagesIn('a:p3').length;
    await runSweep({ store, messenger: deps.messenger, clock: deps.clock, logger: deps.logger, env: {} });
    const digest = connector
      .messagesIn('a:p3')
      .slice(before)
      .map(cardOf)
      .find((c) => text(c).includes('Your reminders'));
    expect(text(digest)).toContain('Chase health advice for the North team');
    expect(executes(digest).filter((e) => e.title === 'Close the action')).toHaveLength(1);
    now = Date.parse('2026-12-02T10:00:00Z');
    // Closing needs the line on what was done.
    const noLine = await call('POST', `/api/tab/actions/${agreed!.id}/close`, 'p3', { note: '' });
    expect(noLine.status).toBe(400);
    const closed = await call('POST', `/api/tab/actions/${agreed!.id}/close`, 'p3', { note: 'Advice chased; due back 10 Dec' });
    expect(closed.status).toBe(200);
    const next = await call('GET', '/api/tab/weekly?meeting=2026-12-07', 'p8');
    expect(next.body.carried).toEqual([]);
    expect(text(next.body.agenda)).toContain('Advice chased; due back 10 Dec');
    // Both meetings' actions fall due on 4 Dec and were closed before it: 2 of 2 on time.
    const board = await call('GET', '/api/tab/dashboard?from=2026-11-01&to=2026-12-31', 'p8');
    expect(board.status).toBe(200);
    expect(JSON.stringify(board.body)).toMatch(/"meetingActionsOnTime":\{[^}]*"met":2,[^}]*"total":2/);
  });
});

describe('corrections, in the tab API', () => {
  it('a case note entered in error is corrected by its author within 7 days, the earlier version kept; refused to others, after 7 days, and for a date before the child was born', async () => {
    now = Date.parse('2026-12-02T11:00:00Z');
    const slip = await call('POST', '/api/tab/record/note', 'p1', { caseId: 'C-1001', eventDate: '1900-01-01', eventTime: '10:00', text: 'Visit' });
    expect(slip.status).toBe(400);
    expect(text(slip.body)).toMatch(/before the child was born|more than a year ago/);
    const made = await call('POST', '/api/tab/record/note', 'p1', { caseId: 'C-1001', eventDate: '2026-12-01', eventTime: '10:00', text: 'Visited home; spoke to the carer' });
    expect(made.status).toBe(201);
    const notes = (await store.getCase('C-1001'))!.case.caseNotes;
    const index = notes.findIndex((n) => n.text === 'Visited home; spoke to the carer');
    const recordedAt = notes[index]!.recordedAt;
    const route = `/api/tab/cases/C-1001/notes/${index}/correct`;
    // Megan did not write it and does not manage Alex.
    const notAuthor = await call('POST', route, 'p2', { recordedAt, text: 'Changed', reason: 'typo' });
    expect(notAuthor.status).toBe(400);
    expect(text(notAuthor.body)).toMatch(/who recorded it|line manager/);
    const before = await call('POST', route, 'p1', { recordedAt, eventDate: '2014-01-01', eventTime: '10:00', reason: 'wrong year' });
    expect(before.status).toBe(400);
    expect(before.body.errors.eventDate).toMatch(/before the child was born|more than a year ago/);
    const fixed = await call('POST', route, 'p1', { recordedAt, text: 'Visited school; spoke to the SENCo', reason: 'wrong place' });
    expect(fixed.status).toBe(200);
    const note = (await store.getCase('C-1001'))!.case.caseNotes[index]!;
    expect(note.text).toBe('Visited school; spoke to the SENCo');
    expect(note.corrections).toEqual([{ at: '2026-12-02T11:00:00.000Z', byId: 'p1', reason: 'wrong place', previous: { text: 'Visited home; spoke to the carer' } }]);
    // Eight days later it is part of the record.
    now = Date.parse('2026-12-10T11:00:00Z');
    const late = await call('POST', route, 'p1', { recordedAt, text: 'Again', reason: 'x' });
    expect(late.status).toBe(400);
    expect(text(late.body)).toMatch(/7 days/);
  });
});
