// The import and export commands on the SQLite store, run in-process with a fake CliIo.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { command as importCommand } from '../../src/cli/commands/import.js';
import { command as exportCommand } from '../../src/cli/commands/export.js';
import { readCaseFile } from '../../src/domain/validate.js';
import { fakeIo, tempDir } from '../cli/support.js';
import { contractFixture } from './contract/fixture.js';

const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

let tmp: ReturnType<typeof tempDir>;
let env: Record<string, string>;
beforeEach(() => {
  tmp = tempDir();
  env = { SEND_STORE: 'sqlite', SEND_DB_PATH: 'db/store.db' };
  mkdirSync(join(tmp.dir, 'db'));
});
afterEach(() => tmp.remove());

async function run(cmd: typeof importCommand, argv: string[], environment = env) {
  const io = fakeIo({ cwd: tmp.dir, env: environment });
  const code = await cmd.run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('import FILE', () => {
  it('imports a valid case file into the store and prints the counts; export gives the same file back', async () => {
    const fixture = contractFixture();
    tmp.write('service.json', fixture);
    const result = await run(importCommand, ['service.json']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      `imported service.json into sqlite db/store.db: ${n(fixture.cases.length, 'case')}, ${fixture.people.length} people, ` +
        `${n(fixture.supervisions.length, 'supervision')}, 2 meeting series, ${n(fixture.nominations.length, 'nomination')}, ` +
        `${n(fixture.selections.length, 'selection')}, ${n(fixture.actions.length, 'action')}\n`,
    );
    // the relative SEND_DB_PATH is resolved against the working directory
    expect(existsSync(join(tmp.dir, 'db/store.db'))).toBe(true);
    const exported = await run(exportCommand, []);
    expect(exported.code).toBe(0);
    expect(readCaseFile(JSON.parse(exported.out))).toEqual(contractFixture());
    expect(JSON.parse(exported.out)).toEqual(JSON.parse(JSON.stringify(contractFixture())));
  });

  it('a file with errors: every error with its path, exit 2, and the store keeps its content', async () => {
    tmp.write('good.json', contractFixture());
    expect((await run(importCommand, ['good.json'])).code).toBe(0);
    const bad = JSON.parse(JSON.stringify(contractFixture())) as Record<string, any>;
    bad.cases[0].dateOfBirth = '2012-02-30';
    bad.cases[2].leadProfessionalId = 'p-nobody';
    bad.people[1].favouriteColour = 'green';
    tmp.write('bad.json', bad);
    const result = await run(importCommand, ['bad.json']);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toContain('cases[0].dateOfBirth: not a date "2012-02-30"');
    expect(result.err).toContain('cases[2].leadProfessionalId: no person with id "p-nobody"');
    expect(result.err).toContain('people[1].favouriteColour: unknown field');
    expect(result.err).toContain('bad.json: 3 errors');
    expect(result.err).toContain('nothing was imported');
    const exported = await run(exportCommand, []);
    expect(readCaseFile(JSON.parse(exported.out))).toEqual(contractFixture());
  });

  it('a problem only the store sees (the same selection twice) is listed too, exit 2, nothing imported', async () => {
    const file = contractFixture();
    file.selections.push({ ...file.selections[0]! });
    tmp.write('dup.json', file);
    const result = await run(importCommand, ['dup.json']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/selections\[\d+\]: the same case, series and meeting as selections\[0\]/);
    expect(JSON.parse((await run(exportCommand, [])).out).cases).toEqual([]);
  });

  it('usage mistakes and unreadable files exit 2 with one clear line', async () => {
    const missing = await run(importCommand, []);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('FILE is required');
    const absent = await run(importCommand, ['nope.json']);
    expect(absent.code).toBe(2);
    expect(absent.err).toContain('cannot read "nope.json": no such file');
    tmp.write('x.json', '{}');
    const wrongStore = await run(importCommand, ['x.json'], { SEND_STORE: 'mysql' });
    expect(wrongStore.code).toBe(2);
    expect(wrongStore.err).toContain('SEND_STORE must be "sqlite" or "sharepoint", got "mysql"');
  });
});

describe('SEND_DB_PATH: a new store only where one is meant to be made', () => {
  it('export of a store that does not exist: one line naming SEND_DB_PATH and the path, exit 2, no file made', async () => {
    const result = await run(exportCommand, [], { SEND_DB_PATH: 'db/mistyped.db' });
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toBe(
      `send-oversight export: SEND_DB_PATH: there is no database at ${join(tmp.dir, 'db/mistyped.db')} (check the path; \`npm start\` or \`send-oversight import\` creates a new one)\n`,
    );
    expect(existsSync(join(tmp.dir, 'db/mistyped.db'))).toBe(false);
  });

  it('SEND_STORE=sharepoint without its settings: one line naming the variable, exit 2', async () => {
    const result = await run(exportCommand, [], { SEND_STORE: 'sharepoint' });
    expect(result).toEqual({ code: 2, out: '', err: 'send-oversight export: SEND_SP_SITE_ID is not set (needed for SEND_STORE=sharepoint)\n' });
  });

  it('import creates the file, but not a missing folder; a folder named as the file is refused', async () => {
    tmp.write('service.json', contractFixture());
    const noFolder = await run(importCommand, ['service.json'], { SEND_DB_PATH: 'dta/store.db' });
    expect(noFolder.code).toBe(2);
    expect(noFolder.err).toBe(`send-oversight import: SEND_DB_PATH: the folder ${join(tmp.dir, 'dta')} does not exist (check the path, or create the folder first)\n`);
    expect(existsSync(join(tmp.dir, 'dta'))).toBe(false);
    const folder = await run(importCommand, ['service.json'], { SEND_DB_PATH: 'db' });
    expect(folder.code).toBe(2);
    expect(folder.err).toBe(`send-oversight import: SEND_DB_PATH names a folder, not a database file: ${join(tmp.dir, 'db')}\n`);
  });

  it('the default ./data/send-oversight.db: import makes ./data; export before any import says there is no store', async () => {
    tmp.write('service.json', contractFixture());
    const before = await run(exportCommand, [], {});
    expect(before.code).toBe(2);
    expect(before.err).toContain(`SEND_DB_PATH: there is no database at ${join(tmp.dir, 'data/send-oversight.db')}`);
    expect((await run(importCommand, ['service.json'], {})).code).toBe(0);
    expect(existsSync(join(tmp.dir, 'data/send-oversight.db'))).toBe(true);
    expect(JSON.parse((await run(exportCommand, [], {})).out).cases).toHaveLength(contractFixture().cases.length);
  });
});

describe('export [--out FILE]', () => {
  it('writes the store content to a file, which imports again to the same content', async () => {
    tmp.write('service.json', contractFixture());
    await run(importCommand, ['service.json']);
    const result = await run(exportCommand, ['--out', 'copy.json']);
    expect(result.code).toBe(0);
    expect(result.out).toBe('');
    expect(result.err).toBe(`wrote copy.json from sqlite db/store.db: ${contractFixture().cases.length} cases, ${contractFixture().people.length} people\n`);
    const copy = readFileSync(join(tmp.dir, 'copy.json'), 'utf8');
    expect(readCaseFile(JSON.parse(copy))).toEqual(contractFixture());
    env = { SEND_DB_PATH: 'other.db' };
    expect((await run(importCommand, ['copy.json'])).code).toBe(0);
    expect(JSON.parse((await run(exportCommand, [])).out)).toEqual(JSON.parse(copy));
  });

  it('an empty store exports the empty case file; a bad option is named', async () => {
    tmp.write('empty.json', {});
    expect((await run(importCommand, ['empty.json'])).code).toBe(0);
    const result = await run(exportCommand, []);
    expect(JSON.parse(result.out)).toEqual(JSON.parse(JSON.stringify(readCaseFile({}))));
    const bad = await run(exportCommand, ['--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown option --format');
  });
});
