// send-oversight agenda-channels: IT's way to see and set which channel each agenda goes to, on the
// real SQLite store; a bad file changes nothing and says what is wrong.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { command } from '../../src/cli/commands/agenda-channels.js';
import { openStore } from '../../src/store/index.js';
import { fakeIo, tempDir } from './support.js';

let tmp: ReturnType<typeof tempDir>;
let env: Record<string, string>;
beforeEach(async () => {
  tmp = tempDir();
  env = { SEND_DB_PATH: join(tmp.dir, 'store.db') };
  await (await openStore(env, { create: true })).close(); // the store exists (made by npm start or import)
});
afterEach(() => tmp.remove());

const run = async (...argv: string[]) => {
  const io = fakeIo({ cwd: tmp.dir, env });
  const code = await command.run(argv, io);
  return { code, out: io.out(), err: io.err() };
};

describe('agenda-channels', () => {
  it('on a store that does not exist: one line naming SEND_DB_PATH, exit 2', async () => {
    env = { SEND_DB_PATH: join(tmp.dir, 'elsewhere.db') };
    expect(await run()).toEqual({
      code: 2,
      out: '',
      err: `send-oversight agenda-channels: SEND_DB_PATH: there is no database at ${join(tmp.dir, 'elsewhere.db')} (check the path; \`npm start\` or \`send-oversight import\` creates a new one)\n`,
    });
  });

  it('shows an empty setting, sets one from a file, and shows it back', async () => {
    expect(await run()).toEqual({ code: 0, out: '{}\n', err: '' });
    const setting = {
      series: { cmooe: { teamId: 'team-1', channelId: 'chan-cmooe', postAt: '07:30' } },
      weekly: { teamId: 'team-1', channelId: 'chan-heads' },
    };
    tmp.write('channels.json', setting);
    expect(await run('--set', 'channels.json')).toEqual({ code: 0, out: '', err: 'agenda channels set: cmooe, weekly\n' });
    const shown = await run();
    expect(JSON.parse(shown.out)).toEqual(setting);
  });

  it('refuses a setting with a mistake, naming the field, and keeps the previous one', async () => {
    tmp.write('good.json', { weekly: { teamId: 'team-1', channelId: 'chan-heads' } });
    await run('--set', 'good.json');
    tmp.write('bad.json', { weekly: { teamId: 'team-1', channelId: 'chan-heads', postAt: '8am' }, series: { cmooe: { teamId: 'team-1' } } });
    const bad = await run('--set', 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('send-oversight agenda-channels: bad.json: setting agenda.channels is not valid:');
    expect(bad.err).toContain('weekly.postAt: not a time HH:MM');
    expect(bad.err).toContain('series.cmooe.channelId');
    expect(bad.err).toContain('nothing was changed');
    tmp.write('broken.json', '{ "weekly": ');
    expect((await run('--set', 'broken.json')).err).toMatch(/^send-oversight agenda-channels: broken\.json: not valid JSON: line 1, column \d+: /);
    expect(JSON.parse((await run()).out)).toEqual({ weekly: { teamId: 'team-1', channelId: 'chan-heads' } });
  });
});
