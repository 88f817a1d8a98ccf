// The agenda service on the real SQLite store: the targeted CMOOE load gives the same agenda as the
// whole file, two instances on one database post an agenda once, and actions round-trip.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDemo } from '../../src/domain/demo.js';
import { meetingOnOrAfter, scheduleOf } from '../../src/domain/cmooe.js';
import { fromDay, toDay } from '../../src/domain/dates.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { CaseStore } from '../../src/store/port.js';
import { agendaJson, buildAgenda, buildAgendaFromFile, closeAction, LocalDocumentStore, postDueAgendas, recordAction, writeAgendaChannels } from '../../src/services/agendas/index.js';
import { memoryLogger } from '../../src/services/log.js';
import type { Messenger } from '../../src/services/messenger.js';
import { Calendar } from '../../src/domain/calendar/index.js';

const demo = generateDemo({ cases: 400, seed: 5, today: '2026-11-23' });
let dir: string;
let a: CaseStore;
let b: CaseStore;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'agenda-sqlite-'));
  const db = path.join(dir, 'send.db');
  a = openSqliteStore(db);
  await a.importCaseFile(demo);
  b = openSqliteStore(db); // a second instance on the same database
});
afterAll(async () => {
  await a.close();
  await b.close();
  rmSync(dir, { recursive: true, force: true });
});

const nextMeeting = (seriesId: string) => fromDay(meetingOnOrAfter(scheduleOf(demo.meetingSeries.find((s) => s.id === seriesId)!), toDay('2026-11-23')));

describe('agendas on the SQLite store', () => {
  it.each(['cmooe', 'cic-cmooe'])('the %s agenda read from the store equals the one built from the whole file', async (seriesId) => {
    const meetingOn = nextMeeting(seriesId);
    const fromStore = await buildAgenda(a, { kind: 'cmooe', seriesId, meetingOn }, new Calendar());
    const fromFile = buildAgendaFromFile(demo, { kind: 'cmooe', seriesId, meetingOn }, new Calendar());
    expect(agendaJson(fromStore)).toBe(agendaJson(fromFile));
    expect(fromFile.kind === 'cmooe' && fromFile.agenda.items.length + fromFile.agenda.rolledOver.length + fromFile.agenda.openActions.length).toBeGreaterThan(0);
  });

  it('two instances posting at the same moment post once', async () => {
    await writeAgendaChannels(a, { series: { cmooe: { teamId: 'T', channelId: 'C' } } });
    const sent: string[] = [];
    const messenger: Messenger = {
      sendToPerson: async () => {
        throw new Error('not expected');
      },
      sendToChannel: async (teamId, channelId) => {
        sent.push(`${teamId}/${channelId}`);
        return { conversationId: 'c', activityId: String(sent.length) };
      },
      updateCard: async () => {},
    };
    const meetingOn = nextMeeting('cmooe');
    // 08:00 London on the meeting day: due whatever the lead time
    const now = Date.parse(`${meetingOn}T08:00:00Z`);
    const docs = new LocalDocumentStore(path.join(dir, 'agendas'));
    const [x, y] = await Promise.all([
      postDueAgendas({ store: a, messenger, documents: docs, logger: memoryLogger() }, now),
      postDueAgendas({ store: b, messenger, documents: docs, logger: memoryLogger() }, now),
    ]);
    expect(sent).toEqual(['T/C']);
    expect([...x.posted, ...y.posted].map((p) => p.key)).toEqual([`agenda/cmooe/${meetingOn}`]);
    expect([...x.alreadyPosted, ...y.alreadyPosted]).toEqual([`agenda/cmooe/${meetingOn}`]);
  });

  it('an action recorded at one meeting is on the next agendas until closed', async () => {
    const meetingOn = nextMeeting('cmooe');
    const owner = demo.people.find((p) => p.roles.includes('inclusion-lead'))!;
    const action = await recordAction({ store: a }, { seriesId: 'cmooe', meetingOn, text: 'Review alternative provision capacity', ownerId: owner.id, dueOn: meetingOn });
    const next = fromDay(toDay(meetingOn) + 14);
    const after = fromDay(toDay(meetingOn) + 28);
    const ids = async (on: string) => {
      const built = await buildAgenda(b, { kind: 'cmooe', seriesId: 'cmooe', meetingOn: on });
      return built.kind === 'cmooe' ? built.agenda.openActions.map((x) => x.id) : [];
    };
    expect(await ids(next)).toContain(action.id);
    await closeAction({ store: b }, action.id, fromDay(toDay(next) + 1));
    expect(await ids(next)).toContain(action.id); // still open when that meeting was held
    expect(await ids(after)).not.toContain(action.id);
  });
});
