// What bench:bot (SQLite) and bench:sharepoint-bot (SharePoint) share: the demo service in which Alex
// Wilber leads `own` cases, and the real server (createApp, no bot credentials) on 127.0.0.1 answering
// "what's due" POSTed to /api/messages, its card reply going to a local fake connector.
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDemo, PLAYGROUND_USERS } from '../src/domain/demo.js';
import { londonToday } from '../src/domain/dates.js';
import { createApp } from '../src/server/app.js';
import { createLogger } from '../src/services/log.js';
import type { CaseStore } from '../src/store/port.js';

export function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Import a demo service of `cases` cases in which Alex Wilber leads the first `own`; returns how many he leads. */
export async function importAlexsService(store: CaseStore, cases: number, own: number): Promise<number> {
  const today = londonToday(Date.now());
  const file = generateDemo({ cases, seed: 7, today });
  const alex = file.people.find((p) => p.aadObjectId === PLAYGROUND_USERS[0].aadObjectId)!;
  const mine = file.cases.map((c, i) => (i < own ? { ...c, leadProfessionalId: alex.id } : c.leadProfessionalId === alex.id ? { ...c, leadProfessionalId: file.cases[own]!.leadProfessionalId } : c));
  await store.importCaseFile({ ...file, cases: mine });
  return (await store.queryCases({ leadProfessionalId: alex.id })).length;
}

/** The server and the fake connector; `once()` is one "what's due" from Alex, timed from the POST to its response. */
export async function startBotBench(store: CaseStore): Promise<{ once: () => Promise<number>; card: () => { bytes: number; headline: string }; close: () => Promise<void> }> {
  let cardBytes = 0;
  let lastHeadline = '';
  const connector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      cardBytes = Buffer.byteLength(JSON.stringify((JSON.parse(body) as { attachments: Array<{ content: unknown }> }).attachments[0]!.content));
      lastHeadline = /"(\d+ overdue, \d+ due[^"]*)"/.exec(body)?.[1] ?? lastHeadline;
      res.setHeader('content-type', 'application/json');
      res.end('{"id":"r"}');
    });
  });
  const connectorUrl = await listen(connector);
  const app = http.createServer(createApp({ store, logger: createLogger({ level: 'warn' }), clock: Date.now, env: {} }));
  const appUrl = await listen(app);
  const activity = JSON.stringify({
    type: 'message',
    id: 'm1',
    text: "what's due",
    channelId: 'msteams',
    serviceUrl: `${connectorUrl}/`,
    from: { id: '29:alex', name: 'Alex Wilber', aadObjectId: PLAYGROUND_USERS[0].aadObjectId },
    recipient: { id: '28:bot', name: 'SEND Oversight' },
    conversation: { id: 'a:alex', conversationType: 'personal', tenantId: 't' },
    channelData: { tenant: { id: 't' } },
  });
  return {
    once: async () => {
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${appUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: activity });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    },
    card: () => ({ bytes: cardBytes, headline: lastHeadline }),
    close: async () => {
      await new Promise<void>((r) => app.close(() => r()));
      await new Promise<void>((r) => connector.close(() => r()));
    },
  };
}
