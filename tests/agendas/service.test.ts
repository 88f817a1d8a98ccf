// The agenda service around the builders: when agendas are posted (and only once), what a chair gets
// by asking in the channel, where the Word file goes, and actions recorded and closed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Calendar } from '../../src/domain/calendar/index.js';
import {
  agendaForChannel,
  buildAgenda,
  closeAction,
  documentStoreFor,
  dueAgendas,
  GraphDocumentStore,
  LocalDocumentStore,
  parseAgendaChannels,
  postDueAgendas,
  recordAction,
  startAgendaSchedule,
  writeAgendaChannels,
  type AgendaChannels,
} from '../../src/services/agendas/index.js';
import { memoryLogger } from '../../src/services/log.js';
import type { AdaptiveCardJson, Messenger } from '../../src/services/messenger.js';
import { cardProblems } from '../support/cards.js';
import { child, service } from './fixture.js';
import { memoryStore } from './memory-store.js';
import { SnapshotSource } from '../../src/services/dashboard.js';

const config: AgendaChannels = parseAgendaChannels({
  series: {
    cmooe: { teamId: 'team-send', channelId: 'chan-cmooe' },
    'cic-cmooe': { teamId: 'team-send', channelId: 'chan-cic' },
  },
  weekly: { teamId: 'team-send', channelId: 'chan-managers' },
  termly: {
    teamId: 'team-send',
    channelId: 'chan-bs',
    terms: [
      { start: '2027-01-04', end: '2027-03-26' },
      { start: '2027-06-07', end: '2027-07-21' },
    ],
  },
  tabUrl: 'https://teams.microsoft.com/l/entity/app-id/agendas',
});
const series = service().meetingSeries;
const calendar = new Calendar();
const at = (iso: string) => Date.parse(iso);
const keysAt = (iso: string, c: AgendaChannels = config) => dueAgendas(c, series, calendar, at(iso)).map((d) => d.key);

describe('what is due to be posted (default: 08:00 London, two working days before the meeting)', () => {
  // cmooe meets Thu 2026-11-26, 12-10, 12-24, 2027-01-07; cic-cmooe Fri 2026-11-27, 12-11, 12-25, 2027-01-08.
  const table: Array<[string, string[]]> = [
    ['2026-11-23T07:59:00Z', []], // Monday before 08:00
    ['2026-11-23T08:00:00Z', ['agenda/weekly/2026-11-23']], // the weekly agenda, Monday morning
    ['2026-11-24T07:59:00Z', []],
    ['2026-11-24T08:00:00Z', ['agenda/cmooe/2026-11-26']], // Tue: 2 working days before Thu
    ['2026-11-25T08:00:00Z', ['agenda/cic-cmooe/2026-11-27', 'agenda/cmooe/2026-11-26']],
    ['2026-11-26T16:00:00Z', ['agenda/cic-cmooe/2026-11-27', 'agenda/cmooe/2026-11-26']], // still due on the day if missed
    ['2026-11-27T12:00:00Z', ['agenda/cic-cmooe/2026-11-27']],
    ['2026-11-30T12:00:00Z', ['agenda/weekly/2026-11-30']], // next meetings 12-10 / 12-11 not due yet
    ['2026-12-21T08:00:00Z', ['agenda/termly/2027-01-04', 'agenda/weekly/2026-12-21']], // two weeks before the term
    ['2026-12-23T08:00:00Z', ['agenda/cic-cmooe/2026-12-25', 'agenda/cmooe/2026-12-24', 'agenda/termly/2027-01-04']],
    ['2027-05-24T06:59:00Z', []], // BST: 07:59 in London
    ['2027-05-24T07:00:00Z', ['agenda/termly/2027-06-07', 'agenda/weekly/2027-05-24']], // 08:00 BST
  ];
  it.each(table)('at %s', (instant, keys) => {
    expect(keysAt(instant)).toEqual(keys);
  });
  it('a longer lead time counts working days, skipping the New Year bank holiday', () => {
    const c = parseAgendaChannels({ series: { cmooe: { teamId: 't', channelId: 'c', leadWorkingDays: 4, postAt: '09:30' } } });
    // 4 working days before Thu 2027-01-07: Wed 6, Tue 5, Mon 4, (Fri 1 Jan bank holiday), Thu 31 Dec
    expect(keysAt('2026-12-31T09:29:00Z', c)).toEqual([]);
    expect(keysAt('2026-12-31T09:30:00Z', c)).toEqual(['agenda/cmooe/2027-01-07']);
  });
  it('a bad configuration is refused, naming the field', () => {
    expect(() => parseAgendaChannels({ series: { cmooe: { teamId: 't', channelId: 'c', postAt: '8am' } } })).toThrow('series.cmooe.postAt');
    expect(() => parseAgendaChannels({ weekly: { teamId: 't' } })).toThrow('weekly.channelId');
    expect(() => parseAgendaChannels({ series: { weekly: { teamId: 't', channelId: 'c' } } })).toThrow('series.weekly: the weekly meeting');
  });
});

/** Records channel posts as Teams shows them: a post's card is replaced when it is updated in place
 * (the poster posts a placeholder, then fills the card in). */
function fakeMessenger(): Messenger & { sent: Array<{ teamId: string; channelId: string; card: AdaptiveCardJson; text: string; activityId: string }> } {
  const sent: Array<{ teamId: string; channelId: string; card: AdaptiveCardJson; text: string; activityId: string }> = [];
  return {
    sent,
    async sendToPerson() {
      throw new Error('not expected');
    },
    async sendToChannel(teamId, channelId, card, text) {
      const activityId = `act-${sent.length + 1}`;
      sent.push({ teamId, channelId, card, text, activityId });
      return { conversationId: `${teamId}/${channelId}`, activityId };
    },
    async updateCard(message, card) {
      const post = sent.find((s) => s.activityId === message.activityId);
      if (!post) throw new Error(`no message ${message.activityId}`);
      post.card = card;
    },
  };
}

const file = service({
  cases: [
    child('C-1001', { childName: 'Jamie Example', cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }] }),
    child('C-2001', {
      childName: 'Taylor Incare',
      childInCare: true,
      cmooe: [{ from: '2026-11-02', to: null, reason: 'permanent-exclusion' }],
      exclusions: [{ permanentFrom: '2026-11-02', provisionFrom: null }],
    }),
  ],
  nominations: [
    { caseId: 'C-1001', seriesId: 'cmooe', byId: 'p9', concern: 'No placement', madeOn: '2026-11-18' },
    { caseId: 'C-2001', seriesId: 'cic-cmooe', byId: 'p31', concern: 'No provision after exclusion', madeOn: '2026-11-18' },
  ],
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'agendas-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('posting exactly once per meeting', () => {
  it('posts the card to the series channel, saves the Word file, and never twice (two instances at once)', async () => {
    const store = memoryStore(file);
    await writeAgendaChannels(store, config);
    const messenger = fakeMessenger();
    const logger = memoryLogger();
    const deps = { store, messenger, documents: new LocalDocumentStore(path.join(dir, 'once')), logger };
    const now = at('2026-11-24T08:05:00Z');
    const [a, b] = await Promise.all([postDueAgendas(deps, now), postDueAgendas(deps, now)]);
    const again = await postDueAgendas(deps, at('2026-11-24T10:00:00Z'));
    expect(messenger.sent.map((s) => [s.teamId, s.channelId])).toEqual([['team-send', 'chan-cmooe']]);
    expect([...a.posted, ...b.posted].map((p) => p.key)).toEqual(['agenda/cmooe/2026-11-26']);
    expect([...a.alreadyPosted, ...b.alreadyPosted, ...again.alreadyPosted]).toEqual(['agenda/cmooe/2026-11-26', 'agenda/cmooe/2026-11-26']);
    expect(store.claims.get('agenda/cmooe/2026-11-26')?.sentAt).toBe('2026-11-24T08:05:00.000Z');
    const saved = path.join(dir, 'once', 'cmooe', '2026-11-26 cmooe agenda.docx');
    expect(readFileSync(saved).subarray(0, 2).toString()).toBe('PK');
    // The Word document names the children: recorded once per child, by the service's poster, for the
    // meeting's papers (docs/rules.md section 7).
    expect(store.access.map((e) => [e.personId, e.caseId, e.via, e.reason])).toEqual([['system:agenda-poster', 'C-1001', 'agenda-document', 'meeting-papers']]);
    const card = messenger.sent[0]!.card;
    expect(cardProblems(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain('C-1001 J.E.');
    expect(text).not.toContain('Jamie');
    expect(text).not.toContain('C-2001'); // the child in care goes to the other channel
    expect(text).toContain('https://teams.microsoft.com/l/entity/app-id/agendas');
    expect(logger.lines.join('\n')).not.toMatch(/Jamie|Taylor/);
  });
  it("with the server's snapshot: the same card, the service read from the snapshot, the store only for the channels, the ledger and the access record of its Word document", async () => {
    const posted = async (snapshots: boolean) => {
      const store = memoryStore(file);
      await writeAgendaChannels(store, config);
      const messenger = fakeMessenger();
      const reads: string[] = [];
      const watched = new Proxy(store, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver) as unknown;
          if (typeof v !== 'function') return v;
          return (...args: unknown[]) => {
            reads.push(String(prop));
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      const clock = () => at('2026-11-24T08:05:00Z');
      const source = snapshots ? new SnapshotSource(watched, clock) : undefined;
      if (source) await source.get();
      reads.length = 0;
      const deps = { store: watched, messenger, documents: new LocalDocumentStore(path.join(dir, snapshots ? 'snap' : 'nosnap')), logger: memoryLogger(), ...(source ? { snapshots: source } : {}) };
      const result = await postDueAgendas(deps, clock());
      return { result, card: messenger.sent[0]?.card, reads: [...new Set(reads)].sort() };
    };
    const [direct, fromSnapshot] = [await posted(false), await posted(true)];
    expect(fromSnapshot.result.posted.map((p) => p.key)).toEqual(['agenda/cmooe/2026-11-26']);
    expect(JSON.stringify(fromSnapshot.card).replace(/snap|nosnap/g, '')).toEqual(JSON.stringify(direct.card).replace(/snap|nosnap/g, ''));
    expect(fromSnapshot.reads).toEqual(['appendAccess', 'changesSince', 'claimCards', 'getSetting', 'listCards', 'updateCards']);
    expect(direct.reads).toContain('listNominations');
  });

  it('a failed send is reported and logged, not swallowed, and keeps its claim', async () => {
    const store = memoryStore(file);
    await writeAgendaChannels(store, config);
    const messenger = fakeMessenger();
    messenger.sendToChannel = async () => {
      throw new Error('the bot is not installed for team-send/chan-cmooe');
    };
    const logger = memoryLogger();
    const result = await postDueAgendas({ store, messenger, documents: new LocalDocumentStore(path.join(dir, 'fail')), logger }, at('2026-11-24T08:05:00Z'));
    expect(result.failed).toEqual([{ key: 'agenda/cmooe/2026-11-26', error: 'the bot is not installed for team-send/chan-cmooe' }]);
    expect(logger.lines.some((l) => l.includes('"level":"error"') && l.includes('agenda/cmooe/2026-11-26'))).toBe(true);
    expect(store.claims.get('agenda/cmooe/2026-11-26')?.sentAt).toBeNull();
  });
});

describe('a chair asks in the channel', () => {
  const setup = async () => {
    const store = memoryStore(file);
    await writeAgendaChannels(store, config);
    return { store, documents: new LocalDocumentStore(path.join(dir, 'chat')) };
  };
  const table: Array<[string, string, string, string]> = [
    // channel, text, today, the agenda's date
    ['chan-cmooe', 'agenda', '2026-11-23', 'cmooe 2026-11-26'],
    ['chan-cmooe', 'Agenda', '2026-11-26', 'cmooe 2026-11-26'], // on the meeting day: today's
    ['chan-cmooe', 'agenda next', '2026-11-23', 'cmooe 2026-12-10'],
    ['chan-cmooe', 'agenda 2026-12-10', '2026-11-23', 'cmooe 2026-12-10'],
    ['chan-cic', 'agenda', '2026-11-23', 'cic-cmooe 2026-11-27'],
    ['chan-managers', 'agenda', '2026-11-25', 'weekly 2026-11-23'],
    ['chan-managers', 'agenda next', '2026-11-25', 'weekly 2026-11-30'],
    ['chan-bs', 'agenda', '2026-11-25', 'termly 2027-01-04'],
    ['chan-bs', 'agenda next', '2026-11-25', 'termly 2027-06-07'],
  ];
  it.each(table)('in %s, "%s" on %s gives %s', async (channelId, text, today, expected) => {
    const { store, documents } = await setup();
    const reply = await agendaForChannel({ store, documents }, { teamId: 'team-send', channelId, text, today });
    if (reply.kind !== 'card') throw new Error(`expected a card, got: ${reply.text}`);
    const r = reply.request;
    expect(r.kind === 'cmooe' ? `cmooe ${r.meetingOn}`.replace('cmooe', r.seriesId) : r.kind === 'weekly' ? `weekly ${r.meetingOn}` : `termly ${r.termStart}`).toBe(expected);
    expect(cardProblems(reply.card)).toEqual([]);
    expect(existsSync(new URL(reply.documentUrl))).toBe(true);
  });
  it('a date that is not a meeting names the nearest meetings', async () => {
    const { store, documents } = await setup();
    expect(await agendaForChannel({ store, documents }, { teamId: 'team-send', channelId: 'chan-cmooe', text: 'agenda 2026-12-09', today: '2026-11-23' })).toEqual({
      kind: 'text',
      text: '2026-12-09 is not a CMOOE oversight meeting. The nearest are 2026-11-26 and 2026-12-10.',
    });
  });
  it('a channel with no agenda configured says so', async () => {
    const { store, documents } = await setup();
    const reply = await agendaForChannel({ store, documents }, { teamId: 'team-send', channelId: 'general', text: 'agenda', today: '2026-11-23' });
    expect(reply.kind).toBe('text');
    expect(reply.kind === 'text' && reply.text).toMatch(/not set up for an agenda/);
  });
  it('an unknown word gets the help', async () => {
    const { store, documents } = await setup();
    const reply = await agendaForChannel({ store, documents }, { teamId: 'team-send', channelId: 'chan-cmooe', text: 'agenda tomorrow', today: '2026-11-23' });
    expect(reply).toEqual({
      kind: 'text',
      text: 'I did not understand "tomorrow". Say "agenda" for the next meeting, "agenda next" for the one after, or "agenda YYYY-MM-DD" for a given meeting. To have an agenda posted in this channel: "agenda here cmooe" (or cic-cmooe, weekly, termly).',
    });
  });
});

describe('choosing the channel an agenda goes to, from the channel', () => {
  const chair = { id: 'p30', roles: ['cmooe-chair' as const], chairs: ['cmooe', 'cic-cmooe'] };
  const ask = (
    store: ReturnType<typeof memoryStore>,
    channelId: string,
    text: string,
    person?: { id: string; roles: readonly ('cmooe-chair' | 'provision-lead' | 'business-support' | 'service-manager')[]; chairs?: string[] },
  ) =>
    agendaForChannel(
      { store, documents: new LocalDocumentStore(path.join(dir, 'setup')), logger: memoryLogger() },
      { teamId: 'team-new', channelId, text, today: '2026-11-23', ...(person ? { person: { id: person.id, roles: [...person.roles], ...(person.chairs ? { chairs: person.chairs } : {}) } } : {}) },
    );

  it('"agenda here cmooe" by the chair: the channel gets the CMOOE agenda, posted two working days before each meeting, and answers "agenda"', async () => {
    const store = memoryStore(file);
    const reply = await ask(store, 'chan-new', 'agenda here cmooe', chair);
    expect(reply).toEqual({
      kind: 'text',
      text: 'The CMOOE oversight agenda will be posted here 2 working days before each meeting, from 08:00. Anyone here can ask for it at any time: "agenda", "agenda next" or "agenda YYYY-MM-DD".',
    });
    expect(await store.getSetting('agenda.channels')).toEqual({ series: { cmooe: { teamId: 'team-new', channelId: 'chan-new' } } });
    // The poster now posts it there: Tuesday 24 November 08:00 for the meeting of Thursday 26 November.
    const due = dueAgendas(parseAgendaChannels(await store.getSetting('agenda.channels')), series, calendar, at('2026-11-24T08:00:00Z'));
    expect(due.map((d) => [d.key, d.teamId, d.channelId])).toEqual([['agenda/cmooe/2026-11-26', 'team-new', 'chan-new']]);
    const card = await ask(store, 'chan-new', 'agenda');
    expect(card.kind).toBe('card');
  });

  it('moving an agenda keeps its posting time and lead, and the termly terms; weekly and termly can be set too', async () => {
    const store = memoryStore(file);
    await writeAgendaChannels(store, { ...config, series: { cmooe: { teamId: 'team-send', channelId: 'chan-cmooe', postAt: '07:30', leadWorkingDays: 3 } } });
    expect(await ask(store, 'chan-moved', 'agenda here cmooe', { id: 'p40', roles: ['business-support'] })).toEqual({
      kind: 'text',
      text: 'The CMOOE oversight agenda will be posted here 3 working days before each meeting, from 07:30. Anyone here can ask for it at any time: "agenda", "agenda next" or "agenda YYYY-MM-DD".',
    });
    await ask(store, 'chan-heads', 'agenda here weekly', { id: 'p41', roles: ['service-manager'] });
    const termly = await ask(store, 'chan-office', 'agenda here termly', { id: 'p40', roles: ['business-support'] });
    expect(termly.kind === 'text' && termly.text).toMatch(/^The termly notice of annual reviews will be posted here two weeks before each term \(2 terms configured\)/);
    const saved = parseAgendaChannels(await store.getSetting('agenda.channels'));
    expect(saved.series?.cmooe).toEqual({ teamId: 'team-new', channelId: 'chan-moved', postAt: '07:30', leadWorkingDays: 3 });
    expect(saved.weekly).toEqual({ teamId: 'team-new', channelId: 'chan-heads' });
    expect(saved.termly).toEqual({ teamId: 'team-new', channelId: 'chan-office', terms: config.termly!.terms });
  });

  it('refuses someone without the role, an unknown series and a missing target, changing nothing', async () => {
    const store = memoryStore(file);
    await writeAgendaChannels(store, config);
    const before = await store.getSetting('agenda.channels');
    expect(await ask(store, 'chan-x', 'agenda here cmooe', { id: 'p1', roles: ['provision-lead'] })).toEqual({
      kind: 'text',
      text: 'Only business support, a service manager or a CMOOE chair can choose where an agenda is posted.',
    });
    expect(await ask(store, 'chan-x', 'agenda here cmooe')).toEqual({ kind: 'text', text: 'Only business support, a service manager or a CMOOE chair can choose where an agenda is posted.' });
    expect(await ask(store, 'chan-x', 'agenda here sen-panel', chair)).toEqual({
      kind: 'text',
      text: 'There is no meeting series "sen-panel". Say "agenda here" with one of: cmooe, cic-cmooe, weekly, termly.',
    });
    const bare = await ask(store, 'chan-x', 'agenda here', chair);
    expect(bare.kind === 'text' && bare.text).toMatch(/^I did not understand "here"/);
    expect(await store.getSetting('agenda.channels')).toEqual(before);
  });
});

describe('actions agreed at a meeting return until closed', () => {
  it('records, carries and closes an action through the store', async () => {
    const store = memoryStore(file);
    const action = await recordAction({ store }, { seriesId: 'cmooe', meetingOn: '2026-11-26', caseId: 'C-1001', text: ' Find a tuition place ', ownerId: 'p3', dueOn: '2026-12-04' });
    expect(action).toEqual({
      id: 'A-1',
      seriesId: 'cmooe',
      meetingOn: '2026-11-26',
      caseId: 'C-1001',
      text: 'Find a tuition place',
      ownerId: 'p3',
      dueOn: '2026-12-04',
      closedOn: null,
      closedNote: null,
    });
    const second = await recordAction({ store }, { seriesId: 'cmooe', meetingOn: '2026-11-26', text: 'Review the provider list', ownerId: 'p30', dueOn: '2026-12-10' });
    expect(second.id).toBe('A-2');
    const at1210 = await buildAgenda(store, { kind: 'cmooe', seriesId: 'cmooe', meetingOn: '2026-12-10' });
    expect(at1210.kind === 'cmooe' && at1210.agenda.openActions.map((a) => [a.id, a.caseId])).toEqual([
      ['A-1', 'C-1001'],
      ['A-2', null],
    ]);
    await closeAction({ store }, 'A-1', '2026-12-15');
    const at1224 = await buildAgenda(store, { kind: 'cmooe', seriesId: 'cmooe', meetingOn: '2026-12-24' });
    expect(at1224.kind === 'cmooe' && at1224.agenda.openActions.map((a) => a.id)).toEqual(['A-2']);
  });
  it('refuses a bad action, naming every problem, and writes nothing', async () => {
    const store = memoryStore(file);
    await expect(recordAction({ store }, { seriesId: 'cmooe-x', meetingOn: '2026-11-26', caseId: 'C-9', text: '', ownerId: 'p99', dueOn: '2026-11-20' })).rejects.toThrow(
      'the action was not recorded:\ntext: must not be empty\ndueOn: 2026-11-20 is before the meeting (2026-11-26)\nseriesId: no meeting series "cmooe-x" (configured: cmooe, cic-cmooe; add a series "weekly" for the weekly meeting\'s actions)\nownerId: no person with id "p99"\ncaseId: no case with id "C-9"',
    );
    expect(await store.listActions()).toEqual([]);
    await expect(closeAction({ store }, 'A-404', '2026-12-01')).rejects.toThrow('no action with id "A-404"');
  });
});

describe('the document store of the configured mode', () => {
  it('SQLite mode writes local files (SEND_AGENDA_DIR); SharePoint mode needs the Graph client', async () => {
    const local = documentStoreFor({ SEND_AGENDA_DIR: path.join(dir, 'mode') });
    const saved = await local.save('weekly/2026-11-23 weekly agenda.docx', Buffer.from('PK'), 'x');
    expect(readFileSync(path.join(dir, 'mode', 'weekly', '2026-11-23 weekly agenda.docx')).toString()).toBe('PK');
    expect(saved.url.startsWith('file://')).toBe(true);
    expect(() => documentStoreFor({ SEND_STORE: 'sharepoint', SEND_SP_SITE_ID: 's' })).toThrow('need a Graph client');
    expect(() =>
      documentStoreFor(
        { SEND_STORE: 'sharepoint' },
        {
          api: () => {
            throw new Error('unused');
          },
        },
      ),
    ).toThrow('SEND_SP_SITE_ID');
  });
});

describe('the Graph document store', () => {
  it('PUTs the file to the site drive under the agendas folder and returns its webUrl', async () => {
    const calls: Array<{ path: string; headers: Record<string, string>; body: unknown }> = [];
    const client = {
      api(p: string) {
        const headers: Record<string, string> = {};
        const req = {
          header(k: string, v: string) {
            headers[k] = v;
            return req;
          },
          async put(body: unknown) {
            calls.push({ path: p, headers, body });
            return { webUrl: 'https://council.sharepoint.com/sites/send/Shared%20Documents/Agendas/cmooe/x.docx' };
          },
        };
        return req;
      },
    };
    const docs = new GraphDocumentStore(client as never, 'site,123,456');
    const saved = await docs.save('cmooe/2026-11-26 cmooe agenda.docx', Buffer.from('PK'), 'application/x-test');
    expect(calls).toEqual([
      { path: '/sites/site%2C123%2C456/drive/root:/Agendas/cmooe/2026-11-26%20cmooe%20agenda.docx:/content', headers: { 'Content-Type': 'application/x-test' }, body: Buffer.from('PK') },
    ]);
    expect(saved.url).toBe('https://council.sharepoint.com/sites/send/Shared%20Documents/Agendas/cmooe/x.docx');
    await expect(docs.save('../escape.docx', Buffer.from(''), 'x')).rejects.toThrow('not a safe document path');
  });
});

describe('the agenda schedule', () => {
  it('runs on weekdays every ten minutes (Europe/London), and stops', () => {
    const store = memoryStore(file);
    const messenger = { sendToChannel: async () => ({ activityId: 'a' }) } as unknown as Messenger;
    const schedule = startAgendaSchedule({ store, messenger, documents: new LocalDocumentStore(path.join(dir, 'schedule')), logger: memoryLogger() }, () => Date.now());
    try {
      const next = schedule.nextRun()!;
      expect(next.getUTCMinutes() % 10).toBe(0);
      expect(next.getUTCSeconds()).toBe(0);
      const londonWeekday = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short' }).format(next);
      expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).toContain(londonWeekday);
    } finally {
      schedule.stop();
    }
    expect(schedule.nextRun()).toBeNull();
  });
});
