// send-oversight import-sheet FILE.xlsx|.csv --map MAP.json [--dry-run] [--errors FILE.xlsx]
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseJsonText } from '../../domain/json.js';
import { importSheet, parseMapping, readSheet, writeErrorsWorkbook, type SheetImportReport, type SheetRows } from '../../services/import-sheet/index.js';
import { parseOptions, runCommand, todayOption, UsageError, EXIT_OK, EXIT_USAGE } from '../args.js';
import { CliFileError, readTextFile, resolvePath, type CliCommand, type CliIo } from '../io.js';
import { openStoreForCommand } from './import.js';

const usage = `Usage: send-oversight import-sheet FILE.xlsx|FILE.csv --map MAP.json [--dry-run] [--errors ERRORS.xlsx] [--today YYYY-MM-DD]

Moves a register kept in Excel (one row per child) into the store. MAP.json says which column
heading fills which case-file field (see docs/sample-mapping.json). Dates may be written 12/03/2026,
12/3/26, 12 Mar 2026, 2026-03-12 or be Excel dates. Rows that cannot be read are listed with their
row number, column and reason, and written to ERRORS.xlsx; every other row is imported. Running the
same sheet again changes nothing.

The staff the register names (lead professional, inclusion lead) must be in the store already, by
name, email or id. On a new, empty store, import them first: for the sample register,
  send-oversight import docs/sample-register-people.json
  send-oversight import-sheet docs/sample-register.xlsx --map docs/sample-mapping.json

  --map MAP.json         the mapping from column headings to case-file fields (required)
  --dry-run              read and check everything and report what would change; writes nothing
                         (neither the store nor the errors workbook)
  --errors ERRORS.xlsx   where to list the rows not imported (default: FILE.errors.xlsx)
  --today YYYY-MM-DD     the day a CMOOE flag without a start date starts (default: today in Europe/London)
  -h, --help             show this help

Exit 0 when every row was imported; 2 when some row could not be (the others are imported), or the
command line, the mapping or the file is wrong.
`;

/** Reads the register, with every failure as one line naming the file as the user wrote it. */
async function readRegister(io: CliIo, file: string, sheetName: string | undefined): Promise<SheetRows> {
  const full = resolvePath(io, file);
  if (!existsSync(full)) throw new CliFileError(`cannot read ${JSON.stringify(file)}: no such file`);
  if (statSync(full).isDirectory()) throw new CliFileError(`cannot read ${JSON.stringify(file)}: it is a directory`);
  try {
    return await readSheet(full, sheetName);
  } catch (e) {
    const message = (e as Error).message;
    if (message.startsWith(`${full}: `)) throw new CliFileError(`${file}: ${message.slice(full.length + 2)}`);
    throw new CliFileError(`${file}: not an Excel workbook that can be read (save it from Excel as .xlsx, or as .csv)`);
  }
}

function progressBar(io: CliIo): ((done: number, total: number) => void) | undefined {
  if (io.env.CI || !process.stderr.isTTY) return undefined;
  let last = -1;
  return (done, total) => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (pct === last && done !== total) return;
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    io.stderr(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} rows${done === total ? '\n' : ''}`);
  };
}

/** "row 4", "rows 4-6", "rows 4-6, 9 and 12" (rows in increasing order). */
export function rowList(rows: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j += 1;
    runs.push(j > i ? `${rows[i]}-${rows[j]}` : `${rows[i]}`);
    i = j + 1;
  }
  const list = runs.length === 1 ? runs[0]! : `${runs.slice(0, -1).join(', ')} and ${runs[runs.length - 1]!}`;
  return `${rows.length === 1 ? 'row' : 'rows'} ${list}`;
}

export function formatReport(report: SheetImportReport, source: string): string {
  const verb = report.dryRun ? 'would be' : 'were';
  const lines = [
    `${source}: headings on row ${report.headerRow}, ${report.rowsRead} rows read`,
    `  ${report.added.length} cases ${verb} added, ${report.updated.length} ${verb} updated, ${report.unchanged.length} unchanged, ${new Set(report.errors.map((e) => e.row)).size} rows not imported`,
  ];
  // The same problem in many rows (a person missing from the store, say) is one line naming the rows;
  // the errors workbook still lists every row.
  const groups = new Map<string, { column: string; reason: string; rows: number[] }>();
  for (const e of report.errors) {
    const key = `${e.column}\u0000${e.reason}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { column: e.column, reason: e.reason, rows: [] }));
    if (g.rows[g.rows.length - 1] !== e.row) g.rows.push(e.row);
  }
  for (const g of groups.values()) lines.push(`  ${rowList(g.rows)}${g.column ? `, ${g.column}` : ''}: ${g.reason}`);
  if (report.dryRun) lines.push('  (dry run: nothing was written)');
  return lines.join('\n') + '\n';
}

export const command: CliCommand = {
  name: 'import-sheet',
  summary: 'move a register from Excel or CSV into the store (--map MAP.json, --dry-run)',
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { values, positionals } = parseOptions(argv, { map: { type: 'string' }, 'dry-run': { type: 'boolean' }, errors: { type: 'string' }, today: { type: 'string' } }, { min: 1, max: 1 });
      const file = positionals[0];
      if (file === undefined) throw new UsageError('FILE is required (the register, .xlsx or .csv)');
      if (values.map === undefined || values.map.trim() === '') throw new UsageError('--map MAP.json is required');
      if (values.errors !== undefined && !/\.xlsx$/i.test(values.errors)) throw new UsageError(`--errors: expected an .xlsx file name, got ${JSON.stringify(values.errors)}`);
      const today = todayOption(values.today, io);
      const dryRun = values['dry-run'] === true;
      if (!/\.(xlsx|csv)$/i.test(file)) throw new CliFileError(`${file}: expected an .xlsx or .csv file`);
      const json = parseJsonText(readTextFile(io, values.map));
      if (!json.ok) throw new CliFileError(`${values.map}: not valid JSON: ${json.message}`);
      const mapping = parseMapping(json.value);
      if (!mapping.ok) throw new CliFileError(`${values.map} is not a usable mapping: ${mapping.errors.join('; ')}`);
      const sheet = await readRegister(io, file, mapping.mapping.sheet);
      const store = await openStoreForCommand(io, command.name, { create: !dryRun });
      if (store === null) return EXIT_USAGE;
      try {
        const onProgress = progressBar(io);
        const report = await importSheet(store, sheet, mapping.mapping, { dryRun, today, ...(onProgress ? { onProgress } : {}) });
        io.stdout(formatReport(report, file));
        if (report.errors.length === 0) return EXIT_OK;
        if (!dryRun) {
          const errorsFile = values.errors ?? file.replace(/\.(xlsx|csv)$/i, '.errors.xlsx');
          try {
            await writeErrorsWorkbook(resolvePath(io, errorsFile), report.errors, path.basename(file));
          } catch (e) {
            throw new CliFileError(`cannot write ${JSON.stringify(errorsFile)}: ${(e as Error).message}`);
          }
          io.stdout(`  the rows not imported are listed in ${errorsFile}\n`);
        }
        return EXIT_USAGE;
      } catch (e) {
        // The register has no heading row the mapping names, or the like: the sheet, not a bug.
        if (e instanceof Error && e.name === 'SheetFormatError') throw new CliFileError(`${file}: ${e.message}`);
        throw e;
      } finally {
        await store.close();
      }
    }),
};
