// The access record from the bot and the command line (issue 16; docs/rules.md section 7): the bot's
// "case" reply and a form opened for a case each leave an entry (who, which case, through what, why);
// a case refused leaves none. The command line's export and an agenda's Word document made from the
// store are recorded by cli:<user>, one entry per child named. Real botbuilder TestAdapter, real SQLite.
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { command as exportCommand } from '../../src/cli/commands/export.js';
import { command as agendaCommand } from '../../src/cli/commands/agenda.js';
import { caseFileSchema } from '../../src/domain/model.js';
import { sharedAccessLog } from '../../src/services/access-log.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { fakeIo, tempDir } from '../cli/support.js';
import { AAD, cardText, fixture, say, world, type World } from './support.js';

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => {
  await w.close();
});

async function entries() {
  await sharedAccessLog(w.deps).flush();
  return (await w.store.listAccess({ limit: 1000 })).map((e) => `${e.personId} ${e.caseId} ${e.via} ${e.reason} ${e.scope}${e.detail ? ` ${e.detail}` : ''}`).sort();
}

describe('the bot', () => {
  it('"case C-1001" to Alex, who leads it: one entry, his own, as lead', async () => {
    expect(cardText(await say(w.bot, AAD.alex, 'case C-1001'))).toContain('C-1001');
    expect(await entries()).toEqual(['p1 C-1001 bot-case lead own']);
  });

  it('"case C-1003" to Adele, who manages its team', async () => {
    await say(w.bot, AAD.adele, 'case C-1003');
    expect(await entries()).toEqual(['p3 C-1003 bot-case team-manager team']);
  });

  it("a case refused (another team's) or unknown leaves no entry", async () => {
    expect(cardText(await say(w.bot, AAD.alex, 'case C-2001'))).toContain('There is no case C-2001 that you can see');
    await say(w.bot, AAD.alex, 'case C-9999');
    expect(await entries()).toEqual([]);
  });

  it('the note form for a case is a reading of it', async () => {
    await say(w.bot, AAD.alex, 'note C-1002');
    expect(await entries()).toEqual(['p1 C-1002 bot-form lead own note']);
  });

  it('the entries carry no child name, date of birth or need', async () => {
    await say(w.bot, AAD.megan, 'case C-1001');
    await sharedAccessLog(w.deps).flush();
    const stored = JSON.stringify(await w.store.listAccess({ limit: 1000 }));
    for (const word of ['Jamie', 'Example', '2014-03-10', 'SEMH']) expect(stored).not.toContain(word);
  });
});

describe('the command line', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  const db = join(tmp.dir, 'send.db');
  const env = { SEND_DB_PATH: db, USER: 'itadmin' };

  it('export, and an agenda Word document from the store, record cli:<user> against each child', async () => {
    const setup = openSqliteStore(db);
    await setup.importCaseFile(
      caseFileSchema.parse({
        ...fixture,
        nominations: [{ caseId: 'C-1001', seriesId: 'cmooe', byId: 'p3', concern: 'Not in school', madeOn: '2026-11-18' }],
      }),
    );
    await setup.close();
    const io = fakeIo({ cwd: tmp.dir, env });
    expect(await exportCommand.run(['--out', 'all.json'], io)).toBe(0);
    const agendaIo = fakeIo({ cwd: tmp.dir, env });
    expect(await agendaCommand.run(['--series', 'cmooe', '--on', '2026-11-26', '--format', 'docx', '--out', 'agenda.docx'], agendaIo)).toBe(0);
    const store = openSqliteStore(db);
    try {
      const all = await store.listAccess({ personId: 'cli:itadmin', limit: 1000 });
      expect(
        all
          .filter((e) => e.via === 'export')
          .map((e) => e.caseId)
          .sort(),
      ).toEqual(['C-1001', 'C-1002', 'C-1003', 'C-2001']);
      const agenda = all.filter((e) => e.via === 'agenda-document');
      expect(agenda.map((e) => e.caseId)).toContain('C-1001');
      expect(agenda.every((e) => e.reason === 'command-line' && e.detail === 'agenda.docx')).toBe(true);
    } finally {
      await store.close();
    }
  });
});
