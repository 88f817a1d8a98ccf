// Exports (issue 15): every table of the tab as an Excel workbook (real dates, a frozen header row,
// filters on every column) or CSV. The rows are those the page shows, built by the same services with
// the same access checks (rules section 7); this module only turns them into a file. Every export is
// recorded by `recordExport` (the one place): in the server's log, who exported which table, in which
// format, how many rows and with which filter, never a child's name; and in the access record (issue 16)
// one entry for each case whose details the file holds.
import ExcelJS from 'exceljs';
import type { CaseListView } from './case-list.js';
import type { DashboardView, DrillDown, CaseRow, PersonRow, WorkItem } from './dashboard.js';
import type { ForecastView } from './forecast.js';
import type { Logger } from './log.js';
import type { Case, Person } from '../domain/model.js';
import { recordShownIds, type AccessRecorder } from './access-log.js';
import type { AccessSearchView, OutsideReportView } from './access-search.js';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A cell: text, a number, a date (YYYY-MM-DD, written as a real date in Excel), or empty. */
export type Cell = string | number | { readonly date: string } | null;

export interface ExportColumn {
  readonly header: string;
  readonly type: 'text' | 'number' | 'date' | 'percent';
  /** Width in characters (Excel). */
  readonly width?: number;
}

export interface ExportTable {
  /** The table's name in the file name and the log (no personal data). */
  readonly name: string;
  /** Worksheet name (at most 31 characters). */
  readonly sheet: string;
  readonly columns: readonly ExportColumn[];
  readonly rows: readonly Cell[][];
  /** The filter the rows were chosen by, for the log (identifiers, dates and counts only). */
  readonly filter: Readonly<Record<string, string | number | boolean | null>>;
  /** The cases whose details (a child's name) the rows hold: each gets an access record entry. */
  readonly caseIds?: readonly string[];
}

export interface ExportFile {
  readonly filename: string;
  readonly contentType: string;
  readonly body: Buffer;
}

const date = (iso: string | null | undefined): Cell => (iso ? { date: iso.slice(0, 10) } : null);

// ---- the tables ----------------------------------------------------------------------------------

const TEAM_FIGURES: ReadonlyArray<readonly [string, string]> = [
  ['ehcpWithin20Weeks', 'EHCPs issued within 20 weeks'],
  ['ehcpExcepted', 'EHCPs issued with an exception'],
  ['decisionsWithin6Weeks', 'Decisions within 6 weeks'],
  ['reviewsOnTime', 'Annual reviews on time'],
  ['reviewsOverdueNow', 'Annual reviews overdue now'],
  ['reviewOutcomeWithin4Weeks', 'Review outcomes within 4 weeks'],
  ['adviceWithin6Weeks', 'Advice within 6 weeks'],
  ['supervisedInLastMonth', 'Supervised in the last month'],
  ['notesWithin10WorkingDays', 'Supervision notes within 10 working days'],
  ['caseworkWithin48Hours', 'Casework recorded within 48 hours'],
  ['cmooeCurrent', 'Children missing out on education now'],
  ['summariesOnTime', 'CMOOE summaries on time this fortnight'],
  ['exclusionsWithoutProvision', 'Permanent exclusions without provision'],
];

/** The dashboard's "by team" table: each ratio as percent, on time and due; each count as a number. */
export function dashboardTable(view: DashboardView): ExportTable {
  const first = view.byTeam[0];
  const columns: ExportColumn[] = [{ header: 'Team', type: 'text', width: 18 }];
  const figures = TEAM_FIGURES.filter(([k]) => first === undefined || k in first.figures);
  for (const [key, label] of figures) {
    const sample = first?.figures[key];
    if (sample !== undefined && 'count' in sample) columns.push({ header: label, type: 'number', width: 14 });
    else columns.push({ header: `${label}: %`, type: 'percent', width: 14 }, { header: `${label}: on time`, type: 'number', width: 12 }, { header: `${label}: due`, type: 'number', width: 10 });
  }
  const rows = view.byTeam.map((row) => {
    const cells: Cell[] = [row.team];
    for (const [key] of figures) {
      const v = row.figures[key];
      if (v === undefined) cells.push(null);
      else if ('count' in v) cells.push(v.count);
      else cells.push(v.percent === null ? null : v.percent / 100, v.met, v.total);
    }
    return cells;
  });
  return { name: 'dashboard-by-team', sheet: 'By team', columns, rows, filter: { ...view.filter } };
}

/** The cases (or staff) behind one dashboard figure. */
export function drillTable(d: DrillDown): ExportTable {
  const filter = { ...d.filter, figure: d.figure, which: d.which };
  if (d.entity === 'person') {
    return {
      name: `drill-${d.figure}`,
      sheet: 'Staff',
      columns: [
        { header: 'Name', type: 'text', width: 24 },
        { header: 'Team', type: 'text', width: 16 },
        { header: 'Supervisor', type: 'text', width: 24 },
        { header: 'Last supervision', type: 'date', width: 16 },
      ],
      rows: (d.rows as PersonRow[]).map((r) => [r.name, r.team, r.manager, date(r.lastSupervision)]),
      filter,
    };
  }
  return {
    name: `drill-${d.figure}`,
    sheet: 'Cases',
    columns: [
      { header: 'Case', type: 'text', width: 10 },
      { header: 'Child', type: 'text', width: 24 },
      { header: 'Team', type: 'text', width: 14 },
      { header: 'Locality', type: 'text', width: 14 },
      { header: 'Lead professional', type: 'text', width: 22 },
      { header: 'Obligation', type: 'text', width: 34 },
      { header: 'Due', type: 'date', width: 12 },
      { header: 'Status', type: 'text', width: 10 },
      { header: 'Done on', type: 'date', width: 12 },
      { header: 'Standard', type: 'text', width: 12 },
      { header: 'Overdue on the case', type: 'number', width: 10 },
      { header: 'Where the due date comes from', type: 'text', width: 50 },
    ],
    // One row per obligation that puts the case in the figure (a case with none: one row).
    rows: (d.rows as CaseRow[]).flatMap((r) => {
      const head: Cell[] = [r.id, r.childName, r.team, r.locality, r.leadProfessional];
      if (r.obligations.length === 0) return [[...head, null, null, null, null, null, r.overdue, null]];
      // The label names an advice request's agency (kinds.ts obligationLabel).
      return r.obligations.map((o) => [...head, o.label, date(o.due), o.status, date(o.completedOn), o.citation, r.overdue, o.basis]);
    }),
    filter,
    caseIds: (d.rows as CaseRow[]).map((r) => r.id),
  };
}

export function myWorkTable(work: { today: string; items: WorkItem[] }, personId: string): ExportTable {
  return {
    name: 'my-work',
    sheet: 'My work',
    columns: [
      { header: 'What', type: 'text', width: 40 },
      { header: 'Case', type: 'text', width: 10 },
      { header: 'Child', type: 'text', width: 24 },
      { header: 'Person', type: 'text', width: 22 },
      { header: 'Due', type: 'date', width: 12 },
      { header: 'Status', type: 'text', width: 10 },
      { header: 'Standard', type: 'text', width: 12 },
      { header: 'Where the due date comes from', type: 'text', width: 50 },
    ],
    rows: work.items.map((i) => [i.label, i.caseId, i.childName, i.person, date(i.due), i.status, i.citation, i.basis]),
    filter: { person: personId, on: work.today },
    caseIds: work.items.flatMap((i) => (i.caseId !== null && i.childName !== null ? [i.caseId] : [])),
  };
}

export function forecastTable(view: ForecastView, request: { week?: number | null; kind?: string | null; owner?: string | null }): ExportTable {
  const weekOf = (w: number) => (w < 0 ? 'Overdue now' : `Week ${w + 1}: ${view.summary.weeks[w]?.from ?? ''} to ${view.summary.weeks[w]?.to ?? ''}`);
  return {
    name: `forecast-${view.scope.kind}`,
    sheet: 'Forecast',
    columns: [
      { header: 'Week', type: 'text', width: 30 },
      { header: 'Due', type: 'date', width: 12 },
      { header: 'What', type: 'text', width: 40 },
      { header: 'Case', type: 'text', width: 10 },
      { header: 'Child', type: 'text', width: 24 },
      { header: 'Person', type: 'text', width: 22 },
      { header: 'Team', type: 'text', width: 14 },
      { header: 'Falls on', type: 'text', width: 22 },
      { header: 'Expected (computed forward)', type: 'text', width: 12 },
      { header: 'Where the due date comes from (why expected)', type: 'text', width: 50 },
      { header: 'Snoozed until', type: 'date', width: 14 },
      { header: 'Standard', type: 'text', width: 12 },
    ],
    rows: view.rows.map((r) => [weekOf(r.week), date(r.due), r.label, r.caseId, r.childName, r.person, r.team, r.owner, r.projected ? 'Yes' : 'No', r.basis, date(r.snoozedUntil), r.citation]),
    caseIds: view.rows.flatMap((r) => (r.caseId !== null && r.childName !== null ? [r.caseId] : [])),
    filter: { scope: view.scope.kind, id: 'id' in view.scope ? view.scope.id : null, week: request.week ?? null, kind: request.kind ?? null, owner: request.owner ?? null, on: view.today },
  };
}

export function caseListTable(view: CaseListView, filter: Readonly<Record<string, string | number | boolean | null>>): ExportTable {
  return {
    name: 'cases',
    sheet: 'Cases',
    columns: [
      { header: 'Case', type: 'text', width: 10 },
      { header: 'Child', type: 'text', width: 24 },
      { header: 'Team', type: 'text', width: 14 },
      { header: 'Locality', type: 'text', width: 14 },
      { header: 'Lead professional', type: 'text', width: 22 },
      { header: 'Overdue', type: 'number', width: 10 },
      { header: 'Overdue: what', type: 'text', width: 40 },
      { header: 'Oldest overdue', type: 'date', width: 14 },
      { header: 'Due soon', type: 'number', width: 10 },
      { header: 'Next', type: 'text', width: 34 },
      { header: 'Next due', type: 'date', width: 12 },
      { header: 'CMOOE now', type: 'text', width: 10 },
      { header: 'Phase transfer move', type: 'date', width: 14 },
    ],
    rows: view.items.map((c) => [
      c.id,
      c.childName,
      c.team,
      c.locality,
      c.leadProfessional,
      c.overdue,
      c.overdueKinds.join('; '),
      date(c.oldestOverdue),
      c.dueSoon,
      c.next?.label ?? null,
      date(c.next?.due),
      c.cmooe ? 'Yes' : 'No',
      date(c.phaseTransferMoveOn),
    ]),
    filter,
    caseIds: view.items.map((c) => c.id),
  };
}

// ---- the files -----------------------------------------------------------------------------------

/** An Excel workbook: one sheet, a bold frozen header row, filters on every column, dates as dates
 * (dd/mm/yyyy), percentages as percentages. */
export async function toXlsx(table: ExportTable, meta: { readonly title: string; readonly today: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SEND Oversight';
  workbook.title = meta.title;
  workbook.created = new Date(`${meta.today}T12:00:00Z`);
  const sheet = workbook.addWorksheet(table.sheet.slice(0, 31), { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(10, c.header.length + 2),
    style: c.type === 'date' ? { numFmt: 'dd/mm/yyyy' } : c.type === 'percent' ? { numFmt: '0%' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(row.map((cell) => (cell !== null && typeof cell === 'object' ? new Date(`${cell.date}T00:00:00Z`) : cell)));
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** CSV (RFC 4180, UTF-8 with a byte order mark so that Excel reads it as UTF-8): dates as YYYY-MM-DD,
 * percentages as whole numbers. Text starting with = + - @ is prefixed with ' so that a spreadsheet
 * never runs it as a formula. */
export function toCsv(table: ExportTable): string {
  const text = (cell: Cell, type: ExportColumn['type']): string => {
    if (cell === null) return '';
    if (typeof cell === 'object') return cell.date;
    if (typeof cell === 'number') return type === 'percent' ? String(Math.round(cell * 100)) : String(cell);
    const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const header = table.columns.map((c) => text(c.type === 'percent' ? c.header.replace(/: %$/, ': percent') : c.header, 'text')).join(',');
  const lines = table.rows.map((row) => row.map((cell, i) => text(cell, table.columns[i]?.type ?? 'text')).join(','));
  return `\ufeff${[header, ...lines].join('\r\n')}\r\n`;
}

/** The file of a table in a format, named by the table and the day (no personal data in the name). */
export async function renderExport(table: ExportTable, format: ExportFormat, meta: { readonly title: string; readonly today: string }): Promise<ExportFile> {
  const filename = `send-oversight-${table.name.replace(/[^A-Za-z0-9-]/g, '-')}-${meta.today}.${format}`;
  if (format === 'csv') return { filename, contentType: 'text/csv; charset=utf-8', body: Buffer.from(toCsv(table), 'utf8') };
  return { filename, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await toXlsx(table, meta) };
}

/** Record an export: who, which table, which format, how many rows, and the filter (identifiers,
 * dates, kinds and flags only: a search text is recorded as "searched", never as typed, since it may
 * be a child's name). The one place exports are recorded. */
export async function recordExport(
  logger: Logger,
  entry: { readonly personId: string; readonly table: ExportTable; readonly format: ExportFormat },
  access: { readonly log: AccessRecorder; readonly clock: () => number; readonly viewer: Person; readonly cases: ReadonlyMap<string, Case>; readonly today: string },
): Promise<void> {
  // The access record first: the file is not handed over unless its cases are recorded.
  await recordShownIds(access.log, access.clock, access.viewer, access.cases, entry.table.caseIds ?? [], 'export', access.today, { detail: `${entry.table.name}.${entry.format}` });
  const filter: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(entry.table.filter)) filter[k === 'q' ? 'searched' : k] = k === 'q' ? v !== null && v !== '' : v;
  logger.info('export', {
    personId: entry.personId,
    table: entry.table.name,
    format: entry.format,
    rows: entry.table.rows.length,
    filter: JSON.stringify(filter),
  });
}

// ---- the access record (issue 16) -----------------------------------------------------------------

/** A search of the access record, as the Access record page shows it (identifiers and staff names only). */
export function accessRecordTable(view: AccessSearchView, filter: Readonly<Record<string, string | number | boolean | null>>): ExportTable {
  return {
    name: 'access-record',
    sheet: 'Access record',
    columns: [
      { header: 'When (UTC)', type: 'text', width: 26 },
      { header: 'Date', type: 'date', width: 12 },
      { header: 'Who', type: 'text', width: 24 },
      { header: 'Person id', type: 'text', width: 12 },
      { header: 'Roles', type: 'text', width: 24 },
      { header: 'Case', type: 'text', width: 10 },
      { header: 'How', type: 'text', width: 30 },
      { header: 'Why they could see it', type: 'text', width: 40 },
      { header: 'Own, team or other', type: 'text', width: 12 },
      { header: 'Detail', type: 'text', width: 30 },
    ],
    rows: view.rows.map((r) => [r.at, date(r.at), r.person, r.personId, r.roles, r.caseId, r.viaLabel, r.reasonLabel, r.scope, r.detail]),
    filter,
  };
}

/** The report of people who opened many cases outside their own and their team's. */
export function outsideReportTable(view: OutsideReportView): ExportTable {
  return {
    name: 'access-outside-own',
    sheet: 'Outside own and team',
    columns: [
      { header: 'Who', type: 'text', width: 24 },
      { header: 'Person id', type: 'text', width: 12 },
      { header: 'Roles', type: 'text', width: 24 },
      { header: 'Team', type: 'text', width: 12 },
      { header: 'Cases opened outside own and team', type: 'number', width: 14 },
      { header: 'Openings', type: 'number', width: 10 },
      { header: 'Cases only listed', type: 'number', width: 12 },
      { header: 'Why they could see them', type: 'text', width: 50 },
      { header: 'First', type: 'date', width: 12 },
      { header: 'Last', type: 'date', width: 12 },
    ],
    rows: view.rows.map((r) => [r.person, r.personId, r.roles, r.team, r.opened, r.openings, r.listed, r.reasons, date(r.firstAt), date(r.lastAt)]),
    filter: { from: view.from, to: view.to, threshold: view.threshold },
  };
}
