// send-oversight import-sheet FILE.xlsx|.csv --map MAP.json [--dry-run] [--errors FILE.xlsx]
import { parseArgs } from 'node:util';
import path from 'node:path';
import { isIsoDate, londonToday } from '../../domain/dates.js';
import { importSheet, parseMapping, readSheet, writeErrorsWorkbook, type SheetImportReport } from '../../services/import-sheet/index.js';
import { openStore } from '../../store/index.js';
import { readTextFile, resolvePath, type CliCommand, type CliIo } from '../io.js';

const usage = `usage: send-oversight import-sheet FILE.xlsx|FILE.csv --map MAP.json [--dry-run] [--errors ERRORS.xlsx] [--today YYYY-MM-DD]

Moves a register kept in Excel (one row per child) into the store. MAP.json says which column
heading fills which case-file field (see docs/sample-mapping.json). Dates may be written 12/03/2026,
12/3/26, 12 Mar 2026, 2026-03-12 or be Excel dates. Rows that cannot be read are listed with their
row number, column and reason, and written to ERRORS.xlsx (default: FILE.errors.xlsx); every other
row is imported. Running the same sheet again changes nothing.
  --dry-run   read and check everything, report what would change, write nothing`;

function fail(io: CliIo, message: string): number {
  io.stderr(`${usage}\n\nimport-sheet: ${message}\n`);
  return 2;
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

export function formatReport(report: SheetImportReport, source: string): string {
  const verb = report.dryRun ? 'would be' : 'were';
  const lines = [
    `${source}: headings on row ${report.headerRow}, ${report.rowsRead} rows read`,
    `  ${report.added.length} cases ${verb} added, ${report.updated.length} ${verb} updated, ${report.unchanged.length} unchanged, ${new Set(report.errors.map((e) => e.row)).size} rows not imported`,
  ];
  for (const e of report.errors) lines.push(`  row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.reason}`);
  if (report.dryRun) lines.push('  (dry run: nothing was written)');
  return lines.join('\n') + '\n';
}

export const command: CliCommand = {
  name: 'import-sheet',
  summary: 'move a register from Excel or CSV into the store (--map MAP.json, --dry-run)',
  usage,
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { map: { type: 'string' }, 'dry-run': { type: 'boolean' }, errors: { type: 'string' }, today: { type: 'string' }, help: { type: 'boolean' } },
      });
    } catch (e) {
      return fail(io, (e as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout(usage + '\n');
      return 0;
    }
    if (positionals.length !== 1) return fail(io, positionals.length ? `one sheet at a time, got ${positionals.length}` : 'name the sheet to import');
    if (!values.map) return fail(io, '--map MAP.json is required');
    const today = values.today ?? londonToday(io.clock());
    if (!isIsoDate(today)) return fail(io, `--today: not a date "${today}"`);
    const file = positionals[0]!;
    if (!/\.(xlsx|csv)$/i.test(file)) return fail(io, `${file}: expected an .xlsx or .csv file`);
    let mappingJson: unknown;
    try {
      mappingJson = JSON.parse(readTextFile(io, values.map));
    } catch (e) {
      return fail(io, `${values.map}: ${(e as Error).message}`);
    }
    const mapping = parseMapping(mappingJson);
    if (!mapping.ok) return fail(io, `${values.map} is not a usable mapping:\n  ${mapping.errors.join('\n  ')}`);
    let sheet;
    try {
      sheet = await readSheet(resolvePath(io, file), mapping.mapping.sheet);
    } catch (e) {
      return fail(io, (e as Error).message);
    }
    const store = await openStore({ ...io.env });
    try {
      const onProgress = progressBar(io);
      const report = await importSheet(store, sheet, mapping.mapping, { dryRun: Boolean(values['dry-run']), today, ...(onProgress ? { onProgress } : {}) });
      io.stdout(formatReport(report, file));
      if (report.errors.length) {
        const errorsFile = values.errors ?? file.replace(/\.(xlsx|csv)$/i, '.errors.xlsx');
        await writeErrorsWorkbook(resolvePath(io, errorsFile), report.errors, path.basename(file));
        io.stdout(`  the rows not imported are listed in ${errorsFile}\n`);
        return 1;
      }
      return 0;
    } catch (e) {
      io.stderr(`import-sheet: ${(e as Error).message}\n`);
      return 2;
    } finally {
      await store.close();
    }
  },
};
