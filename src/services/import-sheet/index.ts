// `send-oversight import-sheet`: moving a council's register (one row per child) into the store.
// Each row is read on its own: a row that cannot be read is reported with its row number, column
// and reason, and no valid row is lost because of another's error. Re-running the same sheet
// changes nothing (cases are matched by reference, or by name and date of birth).
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import ExcelJS from 'exceljs';
import { PRIMARY_NEEDS, CMOOE_REASONS, caseSchema, type Case, type CaseFile, type Person } from '../../domain/model.js';
import { parseSheetDate } from '../../domain/sheet-dates.js';
import { parseCaseFile } from '../../domain/validate.js';
import type { CasePatch, CaseStore } from '../../store/port.js';
import { normaliseHeading, TARGETS, type SheetMapping, type Target } from './mapping.js';
import type { CellValue, SheetRows } from './read.js';
import { pushAll } from '../../domain/lists.js';

export { parseMapping, type SheetMapping } from './mapping.js';
export { readSheet, type SheetRows } from './read.js';

/** The sheet cannot be imported at all (no heading row the mapping names): the message says why. */
export class SheetFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SheetFormatError';
  }
}

export interface RowError {
  /** The spreadsheet row number (1-based, as Excel shows it). */
  readonly row: number;
  /** The column heading, or empty for a problem with the whole row. */
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

export interface SheetImportReport {
  readonly headerRow: number;
  readonly rowsRead: number;
  readonly added: string[];
  readonly updated: string[];
  readonly unchanged: string[];
  readonly errors: RowError[];
  readonly dryRun: boolean;
}

/** What one row says about one child, before it meets the store. */
interface RowCase {
  readonly row: number;
  readonly id: string;
  readonly fields: Map<Target, unknown>;
}

const HEADER_SCAN_ROWS = 15;

/** The header row: the given one, or among the first rows the one naming most mapped headings
 * (so title rows and merged group headings above it are passed over). */
export function findHeaderRow(rows: CellValue[][], mapping: SheetMapping): { row: number; columns: Map<number, Target> } | { error: string } {
  const wanted = new Map(Object.entries(mapping.columns).map(([h, t]) => [normaliseHeading(h), t] as const));
  const columnsOf = (cells: CellValue[]) => {
    const cols = new Map<number, Target>();
    cells.forEach((c, i) => {
      const t = typeof c === 'string' ? wanted.get(normaliseHeading(c)) : undefined;
      if (t) cols.set(i, t);
    });
    return cols;
  };
  if (mapping.headerRow) {
    const cols = columnsOf(rows[mapping.headerRow - 1] ?? []);
    if (cols.size === 0) return { error: `row ${mapping.headerRow} has none of the mapped headings` };
    return { row: mapping.headerRow, columns: cols };
  }
  let best = { row: 0, columns: new Map<number, Target>() };
  for (let r = 0; r < Math.min(rows.length, HEADER_SCAN_ROWS); r++) {
    const cols = columnsOf(rows[r] ?? []);
    if (cols.size > best.columns.size) best = { row: r + 1, columns: cols };
  }
  if (best.columns.size === 0) return { error: `none of the mapped headings (${[...wanted.keys()].join(', ')}) is in the first ${HEADER_SCAN_ROWS} rows` };
  const found = new Set(best.columns.values());
  const missing = Object.entries(mapping.columns)
    .filter(([, t]) => !found.has(t))
    .map(([h]) => `"${h}"`);
  if (missing.length) return { error: `row ${best.row} looks like the headings but has no column ${missing.join(', ')}` };
  return best;
}

function display(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

const YES = new Set(['yes', 'y', 'true', '1', 'x', '✓']);
const NO = new Set(['no', 'n', 'false', '0']);

/** People are named in registers by name, email or id. */
function personIndex(people: readonly Person[]): Map<string, Person[]> {
  const index = new Map<string, Person[]>();
  const add = (key: string | null, p: Person) => {
    if (!key) return;
    const k = key.trim().toLowerCase();
    const list = index.get(k);
    if (list) {
      if (!list.includes(p)) list.push(p);
    } else index.set(k, [p]);
  };
  for (const p of people) {
    add(p.id, p);
    add(p.email, p);
    add(p.name, p);
  }
  return index;
}

/** Read one cell for a target; returns the case-file value or a reason it cannot be read. */
function readCell(target: Target, raw: CellValue, mapping: SheetMapping, people: Map<string, Person[]>): { value: unknown } | { reason: string } {
  const mapped = mapping.values?.[target];
  let v: CellValue = raw;
  if (mapped && typeof v === 'string') {
    const key = Object.keys(mapped).find((k) => k.trim().toLowerCase() === (v as string).trim().toLowerCase());
    if (key !== undefined) v = mapped[key] as CellValue;
  }
  if (v === null) return { value: null };
  switch (TARGETS[target]) {
    case 'date': {
      const d = parseSheetDate(v);
      if (d === null) return { value: null };
      return d.ok ? { value: d.date } : { reason: d.reason };
    }
    case 'boolean': {
      if (typeof v === 'boolean') return { value: v };
      const t = String(v).trim().toLowerCase();
      if (YES.has(t)) return { value: true };
      if (NO.has(t)) return { value: false };
      return { reason: `expected Yes or No, got "${display(v)}"` };
    }
    case 'integer': {
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      return Number.isInteger(n) ? { value: n } : { reason: `expected a whole number, got "${display(v)}"` };
    }
    case 'need': {
      const t = String(v).trim().toUpperCase();
      return (PRIMARY_NEEDS as readonly string[]).includes(t) ? { value: t } : { reason: `"${display(v)}" is not an SEN2 need code (${PRIMARY_NEEDS.join(', ')}); map it in "values"` };
    }
    case 'person': {
      const found = people.get(String(v).trim().toLowerCase()) ?? [];
      if (found.length === 1) return { value: found[0]!.id };
      if (found.length > 1) return { reason: `"${display(v)}" names ${found.length} people; use their email` };
      return { reason: `no person "${display(v)}" in the service (match a name, email or id of the people list)` };
    }
    case 'choice': {
      const t = String(v).trim();
      const allowed: Record<string, readonly string[]> = {
        'assessment.decision': ['assess', 'not-assess'],
        'assessment.outcome': ['issue', 'not-issue'],
        cmooeReason: CMOOE_REASONS,
      };
      const options = allowed[target] ?? [];
      return options.includes(t) ? { value: t } : { reason: `"${t}" is not one of ${options.join(', ')}; map it in "values"` };
    }
    default:
      return { value: typeof v === 'string' ? v.trim() : display(v) };
  }
}

/** A stable case reference for a register without one: from the child's name and date of birth. */
export function derivedCaseId(childName: string, dateOfBirth: string): string {
  const key = `${childName.trim().toLowerCase().replace(/\s+/g, ' ')}|${dateOfBirth}`;
  return `R-${createHash('sha256').update(key).digest('hex').slice(0, 8).toUpperCase()}`;
}

/** Turn the sheet's rows into per-child records, collecting every row error. */
export function readRows(sheet: SheetRows, mapping: SheetMapping, people: readonly Person[]): { header: number; cases: RowCase[]; errors: RowError[]; rowsRead: number } | { error: string } {
  const header = findHeaderRow(sheet.rows, mapping);
  if ('error' in header) return { error: header.error };
  const headingOf = new Map<Target, string>();
  for (const [h, t] of Object.entries(mapping.columns)) headingOf.set(t, h);
  const index = personIndex(people);
  const errors: RowError[] = [];
  const cases: RowCase[] = [];
  const seen = new Map<string, number>();
  let rowsRead = 0;
  for (let r = header.row; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r] ?? [];
    const rowNumber = r + 1;
    if ([...header.columns.keys()].every((c) => cells[c] === null || cells[c] === undefined)) continue; // blank line
    rowsRead++;
    const fields = new Map<Target, unknown>();
    const rowErrors: RowError[] = [];
    for (const [col, target] of header.columns) {
      const raw = cells[col] ?? null;
      const read = readCell(target, raw, mapping, index);
      if ('reason' in read) rowErrors.push({ row: rowNumber, column: headingOf.get(target) ?? target, value: display(raw), reason: read.reason });
      else fields.set(target, read.value);
    }
    for (const required of ['childName', 'dateOfBirth'] as const) {
      if ((fields.get(required) ?? null) === null && !rowErrors.some((e) => e.column === headingOf.get(required))) {
        rowErrors.push({ row: rowNumber, column: headingOf.get(required) ?? required, value: '', reason: 'required: the row has no value here' });
      }
    }
    if (rowErrors.length) {
      pushAll(errors, rowErrors);
      continue;
    }
    const id = (fields.get('id') as string | null) ?? derivedCaseId(fields.get('childName') as string, fields.get('dateOfBirth') as string);
    const first = seen.get(id);
    if (first !== undefined) {
      errors.push({ row: rowNumber, column: headingOf.get('id') ?? '', value: id, reason: `the same child as row ${first} (case ${id}); keep one row per child` });
      continue;
    }
    seen.set(id, rowNumber);
    cases.push({ row: rowNumber, id, fields });
  }
  return { header: header.row, cases, errors, rowsRead };
}

const SIMPLE: Partial<Record<Target, keyof Case>> = {
  childName: 'childName',
  dateOfBirth: 'dateOfBirth',
  setting: 'setting',
  settingUrn: 'settingUrn',
  team: 'team',
  locality: 'locality',
  primaryNeed: 'primaryNeed',
  childInCare: 'childInCare',
  ncYearOverride: 'ncYearOverride',
  leadProfessional: 'leadProfessionalId',
  inclusionLead: 'inclusionLeadId',
};

/** The case a row describes, merged onto what the store already has (or a new case). Only the
 * fields the sheet maps are touched; history is only ever added to. */
export function mergeRow(existing: Case | null, row: RowCase, mapping: SheetMapping, today: string): Case {
  const base: Record<string, unknown> = existing ? structuredClone(existing) : { id: row.id };
  const f = row.fields;
  const has = (t: Target) => f.has(t) && f.get(t) !== null;
  for (const [target, key] of Object.entries(SIMPLE) as Array<[Target, keyof Case]>) {
    if (f.has(target)) base[key] = target === 'childInCare' ? (f.get(target) ?? false) : f.get(target);
  }
  if (!existing) {
    if (!f.has('team') && mapping.defaults?.team) base.team = mapping.defaults.team;
    if (!f.has('locality') && mapping.defaults?.locality) base.locality = mapping.defaults.locality;
  }
  const sub = (group: 'assessment' | 'plan', keys: string[]) => {
    const given = keys.filter((k) => f.has(`${group}.${k}` as Target));
    if (given.length === 0) return;
    const anyValue = given.some((k) => f.get(`${group}.${k}` as Target) !== null);
    const current = (base[group] as Record<string, unknown> | null | undefined) ?? null;
    if (!current && !anyValue) return;
    const next: Record<string, unknown> = { ...(current ?? {}) };
    for (const k of given) next[k] = f.get(`${group}.${k}` as Target);
    base[group] = next;
  };
  sub('assessment', ['requestedOn', 'decisionOn', 'decision', 'outcome', 'outcomeNoticeOn', 'draftSentOn', 'exceptionReason']);
  sub('plan', ['issuedOn', 'ceasedOn', 'transferredOutOn']);
  const reviews = [...((base.reviews as Case['reviews'] | undefined) ?? [])];
  for (const t of ['lastReviewOn', 'nextReviewOn'] as const) {
    if (has(t) && !reviews.some((rv) => rv.meetingOn === f.get(t))) {
      reviews.push({ meetingOn: f.get(t) as string, specialistNoticeOn: null, adviceCirculatedOn: null, outcomeSentOn: null });
      reviews.sort((a, b) => (a.meetingOn < b.meetingOn ? -1 : a.meetingOn > b.meetingOn ? 1 : 0));
    }
  }
  base.reviews = reviews;
  const periods = [...((base.cmooe as Case['cmooe'] | undefined) ?? [])];
  if (f.get('cmooe') === true && !periods.some((p) => p.to === null)) {
    periods.push({ from: (f.get('cmooeFrom') as string | null) ?? today, to: null, reason: (f.get('cmooeReason') as Case['cmooe'][number]['reason'] | null) ?? 'missing-attendance' });
  }
  base.cmooe = periods;
  const exclusions = [...((base.exclusions as Case['exclusions'] | undefined) ?? [])];
  if (has('exclusionOn')) {
    const at = exclusions.findIndex((x) => x.permanentFrom === f.get('exclusionOn'));
    const provisionFrom = (f.get('provisionFrom') as string | null | undefined) ?? null;
    if (at < 0) exclusions.push({ permanentFrom: f.get('exclusionOn') as string, provisionFrom });
    else if (f.has('provisionFrom')) exclusions[at] = { ...exclusions[at]!, provisionFrom };
  }
  base.exclusions = exclusions;
  return caseSchema.parse(base);
}

/** Case-file paths that do not carry a target's name. */
const FIELD_TARGETS: ReadonlyArray<readonly [string, Target]> = [
  ['leadProfessionalId', 'leadProfessional'],
  ['inclusionLeadId', 'inclusionLead'],
  ['reviews', 'lastReviewOn'],
  ['cmooe', 'cmooe'],
  ['exclusions', 'exclusionOn'],
];

/** The sheet heading to show for a case-file path in an error (`plan.issuedOn` -> "Final plan issued"). */
function headingForField(field: string, mapping: SheetMapping): string {
  const target = (Object.keys(TARGETS) as Target[]).find((t) => field === t) ?? FIELD_TARGETS.find(([prefix]) => field.startsWith(prefix))?.[1];
  return Object.entries(mapping.columns).find(([, t]) => t === target)?.[0] ?? field;
}

/** The people a case names (any string in it equal to a person's id), with their managers up the
 * line: all that the case's cross-checks look at, so a row is checked without re-checking the whole
 * service's people list each time (5,000 rows x 600 people was most of an import's time). */
function peopleNamedBy(c: Case, byId: ReadonlyMap<string, CaseFile['people'][number]>): CaseFile['people'] {
  const named = new Map<string, CaseFile['people'][number]>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (let p = byId.get(v); p !== undefined && !named.has(p.id); p = p.managerId ? byId.get(p.managerId) : undefined) named.set(p.id, p);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(c);
  return [...named.values()];
}

/** Check a merged case against the rest of the service (references, dates in order). */
function crossCheck(c: Case, file: Pick<CaseFile, 'meetingSeries'> & { peopleById: ReadonlyMap<string, CaseFile['people'][number]> }, row: number, headingOf: (field: string) => string): RowError[] {
  const r = parseCaseFile({ people: peopleNamedBy(c, file.peopleById), meetingSeries: file.meetingSeries, cases: [c] });
  if (r.ok) return [];
  // One line per column and reason: five reviews before the plan's date are one mistake in the row.
  const seen = new Set<string>();
  const errors: RowError[] = [];
  for (const e of r.errors) {
    const column = headingOf(e.path.replace(/^cases\[0\]\.?/, ''));
    const key = `${column}\u0000${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ row, column, value: '', reason: e.message });
  }
  return errors;
}

export interface ImportSheetOptions {
  readonly dryRun: boolean;
  /** Today in Europe/London (a CMOOE flag with no start date starts today). */
  readonly today: string;
  /** Called after each row, for a progress bar. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Import a register into the store. Each row is written on its own (addCase, or updateCase with
 * the version just read): a bad row never stops or spoils a good one. */
export async function importSheet(store: CaseStore, sheet: SheetRows, mapping: SheetMapping, options: ImportSheetOptions): Promise<SheetImportReport> {
  const [people, meetingSeries] = await Promise.all([store.listPeople(), store.listMeetingSeries()]);
  const read = readRows(sheet, mapping, people);
  if ('error' in read) throw new SheetFormatError(read.error);
  const headingFor = (field: string) => headingForField(field, mapping);
  const peopleById = new Map(people.map((p) => [p.id, p]));
  const report = { headerRow: read.header, rowsRead: read.rowsRead, added: [] as string[], updated: [] as string[], unchanged: [] as string[], errors: [...read.errors], dryRun: options.dryRun };
  let done = 0;
  for (const row of read.cases) {
    try {
      const stored = await store.getCase(row.id);
      let merged: Case;
      try {
        merged = mergeRow(stored?.case ?? null, row, mapping, options.today);
      } catch (e) {
        report.errors.push({ row: row.row, column: '', value: row.id, reason: (e as Error).message.split('\n')[0]! });
        continue;
      }
      const problems = crossCheck(merged, { peopleById, meetingSeries }, row.row, headingFor);
      if (problems.length) {
        pushAll(report.errors, problems);
        continue;
      }
      if (!stored) {
        if (!options.dryRun) await store.addCase(merged);
        report.added.push(row.id);
      } else if (isDeepStrictEqual(stored.case, merged)) {
        report.unchanged.push(row.id);
      } else {
        const patch: Record<string, unknown> = {};
        for (const key of Object.keys(merged) as Array<keyof Case>) {
          if (!isDeepStrictEqual(stored.case[key], merged[key])) patch[key] = merged[key];
        }
        if (!options.dryRun) {
          const { reviews, ...fields } = patch as CasePatch & { reviews?: Case['reviews'] };
          if (Object.keys(fields).length) await store.updateCase(row.id, stored.version, fields);
          for (const review of reviews ?? []) {
            if (!stored.case.reviews.some((r) => r.meetingOn === review.meetingOn)) await store.addReview(row.id, review);
          }
        }
        report.updated.push(row.id);
      }
    } catch (e) {
      report.errors.push({ row: row.row, column: '', value: row.id, reason: `not saved: ${(e as Error).message.split('\n')[0]}` });
    } finally {
      options.onProgress?.(++done, read.cases.length);
    }
  }
  report.errors.sort((a, b) => a.row - b.row);
  return report;
}

/** The errors workbook: one line per problem, with the row number, column, value and reason. */
export async function writeErrorsWorkbook(file: string, errors: readonly RowError[], source: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Rows not imported');
  sheet.columns = [
    { header: 'Row', key: 'row', width: 8 },
    { header: 'Column', key: 'column', width: 28 },
    { header: 'Value', key: 'value', width: 28 },
    { header: 'Problem', key: 'reason', width: 90 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const e of errors) sheet.addRow(e);
  sheet.addRow([]);
  sheet.addRow([`From ${source}. Correct these rows in the register and run the import again; rows already imported are left as they are.`]);
  await workbook.xlsx.writeFile(file);
}
