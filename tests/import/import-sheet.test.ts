// Moving in from the spreadsheet: real .xlsx files written with exceljs, imported into a real
// SQLite store through the command line's own command module.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { fileURLToPath } from 'node:url';
import { command, rowList } from '../../src/cli/commands/import-sheet.js';
import { generateDemo } from '../../src/domain/demo.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { CaseStore } from '../../src/store/port.js';
import { readCaseFile } from '../../src/domain/validate.js';
import { derivedCaseId } from '../../src/services/import-sheet/index.js';

const MAPPING = {
  columns: {
    'Case ref': 'id',
    'Child name': 'childName',
    DOB: 'dateOfBirth',
    School: 'setting',
    'Lead professional': 'leadProfessional',
    'Request received': 'assessment.requestedOn',
    Decision: 'assessment.decision',
    'Decision date': 'assessment.decisionOn',
    'Final plan issued': 'plan.issuedOn',
    'Last review': 'lastReviewOn',
    CMOOE: 'cmooe',
    'CMOOE reason': 'cmooeReason',
    'Excluded on': 'exclusionOn',
  },
  values: {
    'assessment.decision': { Yes: 'assess', No: 'not-assess' },
    cmooeReason: { 'Missing attendance': 'missing-attendance', 'Perm ex': 'permanent-exclusion' },
  },
  defaults: { team: 'North', locality: 'North' },
};
const HEADINGS = Object.keys(MAPPING.columns);

const SERVICE = readCaseFile({
  meetingSeries: [{ id: 'cmooe', title: 'CMOOE', firstMeetingOn: '2026-11-26', everyDays: 14 }],
  people: [
    { id: 'p1', name: 'Alex Reed', email: 'alex.reed@example.org', roles: ['provision-lead'], team: 'North' },
    { id: 'p2', name: 'Jo Bloggs', email: 'jo.b@example.org', roles: ['provision-lead'], team: 'North' },
    { id: 'p3', name: 'Jo Bloggs', email: 'jo.bloggs2@example.org', roles: ['provision-lead'], team: 'South' },
  ],
});

let dir: string;
let dbPath: string;
let out: string[];
let err: string[];
const io = () => ({
  stdout: (t: string) => void out.push(t),
  stderr: (t: string) => void err.push(t),
  env: { SEND_STORE: 'sqlite', SEND_DB_PATH: dbPath, CI: 'true' },
  clock: () => Date.parse('2026-11-23T09:00:00Z'),
  cwd: dir,
});

async function withStore<T>(f: (s: CaseStore) => Promise<T>): Promise<T> {
  const s = openSqliteStore(dbPath);
  try {
    return await f(s);
  } finally {
    await s.close();
  }
}

async function writeXlsx(name: string, rows: unknown[][], merges: string[] = []): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Register');
  for (const r of rows) ws.addRow(r);
  for (const m of merges) ws.mergeCells(m);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sheet-'));
  dbPath = path.join(dir, 'store.db');
  writeFileSync(path.join(dir, 'map.json'), JSON.stringify(MAPPING));
  out = [];
  err = [];
  await withStore((s) => s.importCaseFile(SERVICE));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const d = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));

describe('import-sheet', () => {
  it('imports a clean register, and running it again changes nothing', async () => {
    await writeXlsx('clean.xlsx', [
      HEADINGS,
      ['C-2001', 'Amara Okafor', d(2014, 5, 2), 'Hillside Academy', 'Alex Reed', d(2026, 6, 1), 'Yes', d(2026, 7, 10), d(2026, 10, 12), null, 'No', null, null],
      ['C-2002', 'Ben Carter', '03/09/2019', 'Oak Primary', 'alex.reed@example.org', '12/01/2025', 'Yes', '20/02/2025', '25/05/2025', '21/05/2026', 'Yes', 'Missing attendance', null],
    ]);
    expect(await command.run(['clean.xlsx', '--map', 'map.json'], io())).toBe(0);
    expect(out.join('')).toContain('2 cases were added, 0 were updated, 0 unchanged, 0 rows not imported');

    const after = await withStore(async (s) => {
      const c1 = (await s.getCase('C-2001'))!.case;
      const c2 = (await s.getCase('C-2002'))!.case;
      return { c1, c2, token: (await s.changesSince(null)).token };
    });
    expect(after.c1.dateOfBirth).toBe('2014-05-02');
    expect(after.c1.plan?.issuedOn).toBe('2026-10-12');
    expect(after.c1.team).toBe('North');
    expect(after.c2.dateOfBirth).toBe('2019-09-03');
    expect(after.c2.assessment).toMatchObject({ requestedOn: '2025-01-12', decision: 'assess', decisionOn: '2025-02-20' });
    expect(after.c2.reviews.map((r) => r.meetingOn)).toEqual(['2026-05-21']);
    expect(after.c2.cmooe).toEqual([{ from: '2026-11-23', to: null, reason: 'missing-attendance' }]);
    expect(after.c2.leadProfessionalId).toBe('p1');

    out = [];
    expect(await command.run(['clean.xlsx', '--map', 'map.json'], io())).toBe(0);
    expect(out.join('')).toContain('0 cases were added, 0 were updated, 2 unchanged');
    const changes = await withStore((s) => s.changesSince(after.token));
    expect(changes.changes).toEqual([]);
  });

  it('reads a messy register: title and merged group rows, blank lines, serial and written dates; reports the bad rows exactly and keeps the good ones', async () => {
    await writeXlsx(
      'messy.xlsx',
      [
        ['SEND register — North locality (exported 20/11/2026)'],
        ['Child', null, null, null, null, 'Assessment', null, null, 'Plan', null, 'CMOOE', null, 'Exclusion'],
        HEADINGS,
        [],
        ['C-3001', 'Chloe Davies', 43160, 'Hillside Academy', 'Alex Reed', '12 Mar 2026', 'Yes', '20 Apr 2026', null, null, 'no', null, null],
        ['C-3002', 'Dev Patel', '31/02/2015', 'Oak Primary', 'Alex Reed', null, null, null, null, null, 'no', null, null],
        [],
        ['C-3003', 'Ella Hughes', '07/07/2012', 'Oak Primary', 'Sam Nobody', null, null, null, null, null, 'no', null, null],
        ['C-3001', 'Chloe Davies', 43160, 'Hillside Academy', 'Alex Reed', null, null, null, null, null, 'no', null, null],
        ['C-3004', 'Finn Walsh', '15/10/2013', 'Oak Primary', 'Jo Bloggs', null, null, null, null, null, 'yes', 'Perm ex', '02/11/2026'],
        ['C-3005', 'Grace Lee', '01/01/2016', 'Oak Primary', 'jo.b@example.org', '01/06/2026', 'Yes', null, '01/05/2026', null, 'maybe', null, null],
        ['C-3006', 'Hal Moss', '01/01/2016', 'Oak Primary', 'jo.b@example.org', '01/06/2026', 'Yes', null, '01/05/2026', null, 'no', null, null],
      ],
      ['A1:M1', 'A2:E2', 'F2:H2', 'I2:J2', 'K2:L2'],
    );
    expect(await command.run(['messy.xlsx', '--map', 'map.json'], io())).toBe(2);
    const text = out.join('');
    expect(text).toContain('messy.xlsx: headings on row 3, 7 rows read');
    expect(text).toContain('1 cases were added, 0 were updated, 0 unchanged, 6 rows not imported');
    const errorLines = text.split('\n').filter((l) => l.startsWith('  row '));
    expect(errorLines).toEqual([
      '  row 6, DOB: not a date "31/02/2015"',
      '  row 8, Lead professional: no person "Sam Nobody" in the service (match a name, email or id of the people list)',
      '  row 9, Case ref: the same child as row 5 (case C-3001); keep one row per child',
      '  row 10, Lead professional: "Jo Bloggs" names 2 people; use their email',
      '  row 11, CMOOE: expected Yes or No, got "maybe"',
      '  row 12, Final plan issued: final plan issued before its assessment request',
    ]);
    const chloe = await withStore(async (s) => (await s.getCase('C-3001'))!.case);
    expect(chloe.dateOfBirth).toBe('2018-03-01');
    expect(chloe.assessment).toMatchObject({ requestedOn: '2026-03-12', decisionOn: '2026-04-20' });
    expect(await withStore((s) => s.getCase('C-3002'))).toBeNull();

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'messy.errors.xlsx'));
    const sheet = wb.getWorksheet('Rows not imported')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Row', 'Column', 'Value', 'Problem']);
    expect(sheet.getRow(2).values).toEqual([undefined, 6, 'DOB', '31/02/2015', 'not a date "31/02/2015"']);
    expect(sheet.getRow(3).getCell(3).value).toBe('Sam Nobody');
  });

  it('--dry-run reports what would happen and writes nothing', async () => {
    await writeXlsx('dry.xlsx', [HEADINGS, ['C-4001', 'Ivy Stone', '02/02/2017', 'Oak', 'Alex Reed', null, null, null, null, null, 'no', null, null]]);
    expect(await command.run(['dry.xlsx', '--map', 'map.json', '--dry-run'], io())).toBe(0);
    expect(out.join('')).toContain('1 cases would be added');
    expect(out.join('')).toContain('(dry run: nothing was written)');
    expect(await withStore((s) => s.getCase('C-4001'))).toBeNull();
  });

  it('updates only what the sheet changed, and reads CSV too; a register without references gets stable ones', async () => {
    const csvMap = { columns: { Name: 'childName', 'Date of birth': 'dateOfBirth', School: 'setting', 'Last review': 'lastReviewOn', 'Plan issued': 'plan.issuedOn' } };
    writeFileSync(path.join(dir, 'csvmap.json'), JSON.stringify(csvMap));
    writeFileSync(path.join(dir, 'reg.csv'), '\uFEFFName,Date of birth,School,Plan issued,Last review\r\n"Jay ""JJ"" Kerr",05/06/2015,"Elm, Upper School",10/10/2024,\r\n');
    expect(await command.run(['reg.csv', '--map', 'csvmap.json'], io())).toBe(0);
    const id = derivedCaseId('Jay "JJ" Kerr', '2015-06-05');
    expect(id).toMatch(/^R-[0-9A-F]{8}$/);
    const first = await withStore(async (s) => (await s.getCase(id))!);
    expect(first.case.setting).toBe('Elm, Upper School');

    writeFileSync(path.join(dir, 'reg.csv'), 'Name,Date of birth,School,Plan issued,Last review\n"Jay ""JJ"" Kerr",05/06/2015,"Elm, Upper School",10/10/2024,01/10/2025\n');
    out = [];
    expect(await command.run(['reg.csv', '--map', 'csvmap.json'], io())).toBe(0);
    expect(out.join('')).toContain('0 cases were added, 1 were updated, 0 unchanged');
    const second = await withStore(async (s) => (await s.getCase(id))!.case);
    expect(second.reviews.map((r) => r.meetingOn)).toEqual(['2025-10-01']);
    expect(second.setting).toBe('Elm, Upper School');
  });

  it('bad arguments and a bad mapping are named, exit 2, nothing written', async () => {
    expect(await command.run(['x.xlsx'], io())).toBe(2);
    expect(err.join('')).toBe('send-oversight import-sheet: --map MAP.json is required\nRun `send-oversight import-sheet --help` for its usage.\n');
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ columns: { Name: 'childname', DOB: 'dateOfBirth' }, colour: 'red' }));
    err = [];
    expect(await command.run(['x.xlsx', '--map', 'bad.json'], io())).toBe(2);
    expect(err.join('')).toMatch(/columns\.Name: unknown field "childname"/);
    expect(err.join('')).toMatch(/unknown field colour/);
    err = [];
    expect(await command.run(['notes.txt', '--map', 'map.json'], io())).toBe(2);
    expect(err.join('')).toContain('expected an .xlsx or .csv file');
    expect(existsSync(path.join(dir, 'x.errors.xlsx'))).toBe(false);
  });

  it('option mistakes in the words of the other commands, with a one-line hint, exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [['x.xlsx', '--map', 'map.json', '--bogus'], 'unknown option --bogus'],
      [['x.xlsx', '--map'], 'option --map needs a value'],
      [['x.xlsx', 'y.xlsx', '--map', 'map.json'], 'unexpected argument "y.xlsx"'],
      [['--map', 'map.json'], 'FILE is required (the register, .xlsx or .csv)'],
      [['x.xlsx', '--map', 'map.json', '--today', '31/12/2026'], '--today: not a date "31/12/2026" (expected YYYY-MM-DD, a real calendar date)'],
      [['x.xlsx', '--map', 'map.json', '--dry-run=yes'], 'option --dry-run does not take a value'],
      [['x.xlsx', '--map', 'map.json', '--errors', 'errors.csv'], '--errors: expected an .xlsx file name, got "errors.csv"'],
    ];
    for (const [args, message] of cases) {
      err = [];
      expect([args, await command.run(args, io())]).toEqual([args, 2]);
      expect(err.join('')).toBe(`send-oversight import-sheet: ${message}\nRun \`send-oversight import-sheet --help\` for its usage.\n`);
    }
  });

  it('a file that is not a workbook, a missing file, a folder and a mapping that is not JSON: one line naming the file, exit 2', async () => {
    writeFileSync(path.join(dir, 'notes.xlsx'), 'just some text, saved with the wrong name\n');
    writeFileSync(path.join(dir, 'broken.json'), '{\n  "columns": {\n    "Name": "childName",\n  }\n}\n');
    const cases: Array<[string[], string]> = [
      [['notes.xlsx', '--map', 'map.json'], 'notes.xlsx: not an Excel workbook that can be read (save it from Excel as .xlsx, or as .csv)'],
      [['missing.xlsx', '--map', 'map.json'], 'cannot read "missing.xlsx": no such file'],
      [['missing.xlsx', '--map', 'nomap.json'], 'cannot read "nomap.json": no such file'],
      [['notes.xlsx', '--map', 'broken.json'], 'broken.json: not valid JSON: line 4, column 3: Expected double-quoted property name'],
    ];
    mkdirSync(path.join(dir, 'folder.xlsx'));
    cases.push([['folder.xlsx', '--map', 'map.json'], 'cannot read "folder.xlsx": it is a directory']);
    for (const [args, message] of cases) {
      err = [];
      expect([args, await command.run(args, io())]).toEqual([args, 2]);
      expect(err.join('')).toBe(`send-oversight import-sheet: ${message}\n`);
    }
    expect(readdirSync(dir).filter((f) => f.includes('errors'))).toEqual([]);
  });

  it('--dry-run with bad rows lists them but writes no file at all (no errors workbook), and changes nothing', async () => {
    await writeXlsx('dry-bad.xlsx', [HEADINGS, ['C-5001', 'Ivy Stone', '31/02/2017', 'Oak', 'Alex Reed', null, null, null, null, null, 'no', null, null]]);
    const before = readdirSync(dir).sort();
    expect(await command.run(['dry-bad.xlsx', '--map', 'map.json', '--dry-run'], io())).toBe(2);
    expect(out.join('')).toContain('  row 2, DOB: not a date "31/02/2017"');
    expect(out.join('')).toContain('(dry run: nothing was written)');
    expect(out.join('')).not.toContain('errors.xlsx');
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('the same problem in many rows is one line naming the rows; a problem is not repeated within a row', async () => {
    await writeXlsx('many.xlsx', [
      HEADINGS,
      ['C-6001', 'A One', '01/01/2015', 'Oak', 'Sam Nobody', null, null, null, null, null, 'no', null, null],
      ['C-6002', 'B Two', '01/01/2015', 'Oak', 'Sam Nobody', null, null, null, null, null, 'no', null, null],
      ['C-6003', 'C Three', '01/01/2015', 'Oak', 'Sam Nobody', null, null, null, null, null, 'no', null, null],
      ['C-6004', 'D Four', '01/01/2015', 'Oak', 'Alex Reed', null, null, null, null, null, 'no', null, null],
      ['C-6005', 'E Five', '01/01/2015', 'Oak', 'Sam Nobody', null, null, null, null, null, 'no', null, null],
    ]);
    expect(await command.run(['many.xlsx', '--map', 'map.json'], io())).toBe(2);
    const lines = out.join('').split('\n');
    expect(lines.filter((l) => /^ {2}rows? /.test(l))).toEqual(['  rows 2-4 and 6, Lead professional: no person "Sam Nobody" in the service (match a name, email or id of the people list)']);
    expect(lines[1]).toBe('  1 cases were added, 0 were updated, 0 unchanged, 4 rows not imported');
    // the workbook still has one line per row
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'many.errors.xlsx'));
    const sheet = wb.getWorksheet('Rows not imported')!;
    const listed: unknown[] = [];
    sheet.eachRow((row) => {
      if (row.getCell(3).value === 'Sam Nobody') listed.push(row.getCell(1).value);
    });
    expect(listed).toEqual([2, 3, 4, 6]);
  });

  it('a row whose merge breaks the same rule several times (three reviews before the plan) says so once', async () => {
    await withStore(async (s) => {
      const file = await s.exportCaseFile();
      await s.importCaseFile(
        readCaseFile({
          ...file,
          cases: [
            {
              id: 'C-7001',
              childName: 'Kit Marsh',
              dateOfBirth: '2014-01-01',
              leadProfessionalId: 'p1',
              plan: { issuedOn: '2024-01-10' },
              reviews: [{ meetingOn: '2025-01-08' }, { meetingOn: '2025-06-11' }, { meetingOn: '2025-12-10' }],
            },
          ],
        }),
      );
    });
    await writeXlsx('late-plan.xlsx', [HEADINGS, ['C-7001', 'Kit Marsh', '01/01/2014', 'Oak', 'Alex Reed', null, null, null, '01/06/2026', null, 'no', null, null]]);
    expect(await command.run(['late-plan.xlsx', '--map', 'map.json'], io())).toBe(2);
    const problems = out
      .join('')
      .split('\n')
      .filter((l) => /^ {2}rows? /.test(l));
    expect(problems).toEqual(['  row 2, Last review: review meeting before the plan was issued']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'late-plan.errors.xlsx'));
    const reasons: unknown[] = [];
    wb.getWorksheet('Rows not imported')!.eachRow((row) => {
      if (row.getCell(1).value === 2) reasons.push(row.getCell(4).value);
    });
    expect(reasons).toEqual(['review meeting before the plan was issued']);
  });

  it('rowList names rows and runs of rows', () => {
    expect(rowList([4])).toBe('row 4');
    expect(rowList([4, 5])).toBe('rows 4-5');
    expect(rowList([4, 5, 6, 9, 12, 13])).toBe('rows 4-6, 9 and 12-13');
  });
});

describe('the sample register (docs/sample-register.xlsx with docs/sample-mapping.json), as the README shows', () => {
  const docs = path.resolve(fileURLToPath(new URL('../../docs/', import.meta.url)));
  const sample = ['sample-register.xlsx', '--map', 'sample-mapping.json'];
  const docsIo = () => ({ ...io(), cwd: docs, env: { SEND_DB_PATH: dbPath, CI: 'true' } });

  it('on a demo service: every row is added as a new case, and running it again changes nothing', async () => {
    rmSync(dbPath, { force: true });
    await withStore((s) => s.importCaseFile(generateDemo({ cases: 200, seed: 1, today: '2026-11-23' })));
    expect(await command.run([...sample, '--dry-run'], docsIo())).toBe(0);
    expect(out.join('')).toContain('25 cases would be added, 0 would be updated, 0 unchanged, 0 rows not imported');
    out = [];
    expect(await command.run(sample, docsIo())).toBe(0);
    expect(out.join('')).toContain('25 cases were added, 0 were updated, 0 unchanged, 0 rows not imported');
    out = [];
    expect(await command.run(sample, docsIo())).toBe(0);
    expect(out.join('')).toContain('0 cases were added, 0 were updated, 25 unchanged, 0 rows not imported');
    expect((await withStore((s) => s.exportCaseFile())).cases).toHaveLength(225);
  });

  it('on an empty store: after importing docs/sample-register-people.json every row is added; before, the missing staff are named once each', async () => {
    rmSync(dbPath, { force: true });
    await withStore((s) => s.importCaseFile(readCaseFile({})));
    expect(await command.run([...sample, '--dry-run'], docsIo())).toBe(2);
    const missing = out
      .join('')
      .split('\n')
      .filter((l) => /^ {2}rows? /.test(l));
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.length).toBeLessThan(5);
    expect(missing[0]).toMatch(/^ {2}rows 4-28, Lead professional: no person "[^"]+" in the service/);
    const people = JSON.parse(readFileSync(path.join(docs, 'sample-register-people.json'), 'utf8')) as unknown;
    await withStore((s) => s.importCaseFile(readCaseFile(people)));
    out = [];
    expect(await command.run(sample, docsIo())).toBe(0);
    expect(out.join('')).toContain('25 cases were added, 0 were updated, 0 unchanged, 0 rows not imported');
    expect(readdirSync(docs).filter((f) => f.includes('errors'))).toEqual([]);
  });

  it('--dry-run on a store that does not exist: one line naming SEND_DB_PATH, exit 2, no store made', async () => {
    rmSync(dbPath, { force: true });
    expect(await command.run([...sample, '--dry-run'], docsIo())).toBe(2);
    expect(err.join('')).toBe(`send-oversight import-sheet: SEND_DB_PATH: there is no database at ${dbPath} (check the path; \`npm start\` or \`send-oversight import\` creates a new one)\n`);
    expect(existsSync(dbPath)).toBe(false);
  });
});
