// End to end as a user in the Microsoft 365 Agents Playground: `npm run playground` (scripts/playground.mjs)
// starts the server on a fresh SQLite store with the demo data and the playground, both on 127.0.0.1;
// the test chats as Alex Wilber through the playground's own HTTP and WebSocket API (no browser):
// "what's due", then a case note form, submitted once with a missing field and once correctly.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { openStore } from '../../src/store/index.js';
import { myObligations } from '../../src/services/myWork.js';

interface PlaygroundMessage {
  messageId: string;
  attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
  text?: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, seconds: number): Promise<void> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      if (Date.now() > until) throw new Error(`${url} did not come up`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function textOf(card: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if (typeof v === 'string' && ['text', 'title', 'value', 'label'].includes(k)) out.push(v);
        else walk(v);
      }
    }
  };
  walk(card);
  return out.join('\n');
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'send-playground-'));
const dbPath = path.join(dir, 'store.db');
let run: ChildProcess;
let base = '';
let conversationId = '';
let botId = '';
let botName = '';
const channelInbox: PlaygroundMessage[] = [];
let ws: WebSocket;
const inbox: PlaygroundMessage[] = [];
const waiters: Array<() => void> = [];

async function nextMessage(seconds = 20, from: PlaygroundMessage[] = inbox): Promise<PlaygroundMessage> {
  const until = Date.now() + seconds * 1000;
  while (from.length === 0) {
    if (Date.now() > until) throw new Error('no reply from the bot');
    await new Promise<void>((r) => {
      waiters.push(r);
      setTimeout(r, 200);
    });
  }
  return from.shift()!;
}

async function say(text: string): Promise<PlaygroundMessage> {
  const res = await fetch(`${base}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: { id: 'user-id-0' }, text, textFormat: 'plain' }),
  });
  expect(res.status).toBe(200);
  return nextMessage();
}

/** In a team channel the bot hears only messages that @mention it (as in Teams). */
async function sayInChannel(text: string): Promise<PlaygroundMessage> {
  const mention = `<at>${botName}</at>`;
  const res = await fetch(`${base}/_conversation/v1/conversations/team-id/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      from: { id: 'user-id-0' },
      text: `${mention} ${text}`,
      textFormat: 'plain',
      mentions: [{ id: 0, mentionText: botName, text: mention, mentioned: { id: botId, name: botName } }],
    }),
  });
  expect(res.status).toBe(200);
  return nextMessage(20, channelInbox);
}

async function submitCard(card: PlaygroundMessage, value: Record<string, unknown>): Promise<PlaygroundMessage> {
  const res = await fetch(`${base}/_conversation/v1/submit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conversation: { id: conversationId }, from: { id: 'user-id-0' }, replyToId: card.messageId, value }),
  });
  expect(res.status).toBe(200);
  return nextMessage();
}

beforeAll(async () => {
  const [port, playgroundPort] = [await freePort(), await freePort()];
  base = `http://127.0.0.1:${playgroundPort}`;
  run = spawn(process.execPath, ['scripts/playground.mjs'], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: String(port), PLAYGROUND_PORT: String(playgroundPort), SEND_DB_PATH: dbPath, TEAMSAPPTESTER_BROWSER: 'none', REMINDERS: 'off', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await waitFor(`${base}/_internal/v1/config`, 90);
  const config = (await (await fetch(`${base}/_internal/v1/config`)).json()) as { config: { personalChat: { id: string }; currentUser: { name: string }; bot: { id: string; name: string } } };
  expect(config.config.currentUser.name).toBe('Alex Wilber');
  conversationId = config.config.personalChat.id;
  botId = config.config.bot.id;
  botName = config.config.bot.name;
  ws = new WebSocket(`ws://127.0.0.1:${playgroundPort}/_ws_conversation/v1/conversations/stream`);
  ws.on('message', (data) => {
    const event = JSON.parse((Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8')) as {
      action: string;
      actionConversationId?: string;
      message?: PlaygroundMessage;
    };
    if (event.action !== 'createMessage' || !event.message) return;
    if (event.actionConversationId === conversationId) inbox.push(event.message);
    else if (event.actionConversationId?.startsWith('team-id')) channelInbox.push(event.message);
    else return;
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
}, 120_000);

afterAll(async () => {
  ws?.close();
  if (run && run.exitCode === null) {
    const exited = new Promise((r) => run.once('exit', r));
    run.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('chatting with the bot in the Agents Playground', () => {
  let noteCaseId = '';

  it("answers what's due with Alex's obligations, overdue first, each with its standard", async () => {
    const reply = await say("what's due");
    const card = reply.attachments?.[0]?.content;
    expect(card?.version).toBe('1.5');
    const text = textOf(card);
    expect(text).toContain("What's due for Alex Wilber");
    expect(text).toMatch(/\d+ overdue, \d+ due in the next 14 days/);
    expect(text).toMatch(/PS \d+\.\d+/);
    const overdueAt = text.indexOf('Overdue (');
    const soonAt = text.indexOf('Due in the next');
    if (overdueAt >= 0 && soonAt >= 0) expect(overdueAt).toBeLessThan(soonAt);
    // The same figures as the service computes from the store (read after the run, below).
    const m = /(\d+) overdue, (\d+) due in the next/.exec(text)!;
    (globalThis as { seen?: [number, number] }).seen = [Number(m[1]), Number(m[2])];
  }, 60_000);

  it('records a case note through the form: a missing field comes back beside it, then it is saved', async () => {
    const cases = await say('my cases');
    const first = /\*\*(C-\d+)\*\*/.exec(textOf(cases.attachments?.[0]?.content))!;
    noteCaseId = first[1]!;
    const form = await say(`note ${noteCaseId}`);
    expect(textOf(form.attachments?.[0]?.content)).toContain(`Record casework for ${noteCaseId}`);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const bad = await submitCard(form, { action: 'submit.note', caseId: noteCaseId, eventDate: yesterday, eventTime: '10:00', text: '' });
    const badCard = bad.attachments![0]!.content;
    const body = badCard.body as Array<Record<string, unknown>>;
    const textInput = body.findIndex((e) => e.id === 'text');
    expect(body[textInput + 1]!.text).toBe('What happened is required');
    expect(body.find((e) => e.id === 'eventDate')!.value).toBe(yesterday);
    const good = await submitCard(bad, { action: 'submit.note', caseId: noteCaseId, eventDate: yesterday, eventTime: '10:00', text: 'Met the family at school' });
    expect(textOf(good.attachments?.[0]?.content)).toContain(`Casework recorded for ${noteCaseId}`);
  }, 60_000);

  let channelText = '';
  it("in a team channel, once installed, sends an @mention's personal answer to the 1:1 chat and says only that in the channel", async () => {
    const install = await fetch(`${base}/_debug/conversation/team-id/installation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'install' }) });
    expect(install.status).toBe(200);
    expect(textOf((await nextMessage(20, channelInbox)).attachments?.[0]?.content)).toContain('case references and initials only');
    channelText = textOf((await sayInChannel("what's due")).attachments?.[0]?.content);
    expect(channelText).toContain("I've sent it to you privately");
    expect(channelText).not.toMatch(/C-\d+/);
    const privately = textOf((await nextMessage(20, inbox)).attachments?.[0]?.content);
    expect(privately).toContain("What's due for Alex Wilber");
  }, 60_000);

  it('left the note (only the good one) in the store, and the card figures match the service', async () => {
    ws.close();
    const exited = new Promise((r) => run.once('exit', r));
    run.kill('SIGTERM');
    await exited;
    const store = await openStore({ SEND_DB_PATH: dbPath });
    try {
      const notes = (await store.getCase(noteCaseId))!.case.caseNotes.filter((n) => n.text === 'Met the family at school' || n.text === '');
      expect(notes).toHaveLength(1);
      expect(notes[0]!.authorId).toBe((await store.findPerson({ email: 'alexw@example.com' }))!.id);
      const alex = (await store.findPerson({ aadObjectId: '00000000-0000-0000-0000-0000000000020' }))!;
      const work = await myObligations({ store, clock: () => Date.now() }, alex);
      const seen = (globalThis as { seen?: [number, number] }).seen!;
      // The note just recorded is met, so it changes neither count.
      expect([work.overdue.length, work.dueSoon.length]).toEqual(seen);
      // The channel card named no child: none of the demo children's names appears in it.
      const children = (await store.queryCases({})).map((c) => c.case.childName);
      expect(children.length).toBeGreaterThan(0);
      for (const name of children) expect(channelText).not.toContain(name);
      // The team installation was stored (for channel posts by the reminders and agendas).
      expect((await store.listConversations({ scope: 'team' })).map((r) => r.teamId)).toEqual(['team-id']);
    } finally {
      await store.close();
    }
  }, 60_000);
});
