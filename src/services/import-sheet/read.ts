// Reading a register: an .xlsx workbook (exceljs) or a .csv file, as rows of plain cell values.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';

/** A cell as the importer sees it: text, a number, a date, a boolean, or empty. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRows {
  /** rows[i] is spreadsheet row i + 1; cells[j] is column j + 1. */
  readonly rows: CellValue[][];
  readonly sheetName: string;
}

export async function readSheet(file: string, sheetName?: string): Promise<SheetRows> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return { rows: parseCsv(await readFile(file, 'utf8')), sheetName: path.basename(file) };
  if (ext !== '.xlsx') throw new Error(`${file}: expected an .xlsx or .csv file`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = sheetName ? workbook.getWorksheet(sheetName) : workbook.worksheets[0];
  if (!sheet) {
    const names = workbook.worksheets.map((w) => `"${w.name}"`).join(', ');
    throw new Error(`${file}: no worksheet ${sheetName ? `"${sheetName}"` : ''} (it has ${names || 'none'})`);
  }
  const rows: CellValue[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellValue(cell.value);
    });
    rows[rowNumber - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return { rows, sheetName: sheet.name };
}

/** exceljs cell values (rich text, formulas, hyperlinks, errors) flattened to plain values. */
export function cellValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('') || null;
    if ('formula' in v || 'sharedFormula' in v) return cellValue((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v && typeof (v as { text: unknown }).text === 'string') return (v as { text: string }).text;
    if ('error' in v) return null;
    // A kind of cell not known here: its content as JSON, so that an error about it shows what it holds.
    return JSON.stringify(v);
  }
  return String(v);
}

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and line breaks inside quotes, a BOM. */
export function parseCsv(text: string): CellValue[][] {
  const rows: CellValue[][] = [];
  let row: CellValue[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    row.push(field.trim() === '' ? null : field);
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}
