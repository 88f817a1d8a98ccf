// The tab's API for the records themselves (issue 16; docs/rules.md section 7): the access record
// (search, the report of openings outside own and team, their exports) for information governance and
// service managers; the subject access export, the retention review and the destruction of a record
// for information governance only. Mounted by tabApiRoutes with its authentication; each route parses
// its input, calls one service and answers JSON or a file.
import express, { type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Person } from '../domain/model.js';
import { entriesFor, sharedAccessLog } from '../services/access-log.js';
import { outsideReport, searchAccessRecord } from '../services/access-search.js';
import { BadRequestError, type Snapshot } from '../services/dashboard.js';
import { accessRecordTable, EXPORT_FORMATS, outsideReportTable, recordExport, renderExport, type ExportFormat } from '../services/export.js';
import { destroyRecord, requireInformationGovernance, retentionReview } from '../services/retention.js';
import { buildSubjectAccess, subjectAccessDocx, subjectAccessFileName, subjectAccessJson } from '../services/sar/index.js';
import { normaliseCaseId } from '../services/myWork.js';
import type { ServerDeps } from './deps.js';

type Authed = { person: Person; snapshot: Snapshot };
type Handle = (fn: (req: express.Request & Partial<Authed>, res: Response) => unknown) => RequestHandler;

const searchQuery = z.object({
  caseId: z.string().max(40).optional(),
  personId: z.string().max(80).optional(),
  via: z.string().max(40).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(50_000).optional(),
});
const reportQuery = z.object({ from: z.string().optional(), to: z.string().optional(), threshold: z.coerce.number().int().min(1).max(100_000).optional() });
const destroyBody = z.object({
  caseId: z.string().min(1, { error: 'which case? (caseId)' }),
  reason: z.string({ error: 'reason: say why the record is destroyed' }),
  confirm: z.string({ error: 'confirm: type the case reference again to confirm' }),
});

function sendFile(res: Response, file: { filename: string; contentType: string; body: Buffer }): undefined {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.type(file.contentType).send(file.body);
  return undefined;
}

export function tabRecordsRoutes(router: Router, deps: ServerDeps, authenticate: RequestHandler, handle: Handle): void {
  const { store, logger } = deps;
  const accessLog = sharedAccessLog(deps);
  const authed = (req: Partial<Authed>): Authed => {
    if (!req.person || !req.snapshot) throw new Error('tab route used without authentication');
    return { person: req.person, snapshot: req.snapshot };
  };
  const search = (q: z.infer<typeof searchQuery>) => ({ caseId: q.caseId ?? null, personId: q.personId ?? null, via: q.via ?? null, from: q.from ?? null, to: q.to ?? null });

  // ---- the access record: information governance and service managers ----------------------------
  router.get(
    '/api/tab/records/access',
    authenticate,
    handle(async (req) => {
      const a = authed(req);
      const q = searchQuery.parse(req.query);
      const view = await searchAccessRecord(store, a.person, { ...search(q), limit: q.limit ?? 500 });
      logger.info('access record searched', { personId: a.person.id, byCase: Boolean(q.caseId), byPerson: Boolean(q.personId), rows: view.rows.length });
      return view;
    }),
  );
  router.get(
    '/api/tab/records/access/report',
    authenticate,
    handle(async (req) => {
      const a = authed(req);
      const q = reportQuery.parse(req.query);
      return outsideReport(store, a.person, { from: q.from ?? null, to: q.to ?? null, threshold: q.threshold, now: deps.clock() });
    }),
  );
  router.get(
    '/api/tab/records/export/:file',
    authenticate,
    handle(async (req, res) => {
      const a = authed(req);
      const m = /^(access|report)\.([a-z]+)$/.exec(String(req.params.file));
      const format = m?.[2] as ExportFormat | undefined;
      if (!m || format === undefined || !EXPORT_FORMATS.includes(format))
        throw new BadRequestError(`export access.xlsx, access.csv, report.xlsx or report.csv; got ${JSON.stringify(String(req.params.file))}`);
      let table;
      if (m[1] === 'access') {
        const q = searchQuery.parse(req.query);
        const view = await searchAccessRecord(store, a.person, { ...search(q), limit: q.limit ?? 50_000 });
        table = accessRecordTable(view, { ...search(q), rows: view.rows.length });
      } else {
        const q = reportQuery.parse(req.query);
        table = outsideReportTable(await outsideReport(store, a.person, { from: q.from ?? null, to: q.to ?? null, threshold: q.threshold, now: deps.clock() }));
      }
      const file = await renderExport(table, format, { title: 'SEND Oversight: the access record', today: a.snapshot.today });
      await recordExport(logger, { personId: a.person.id, table, format }, { log: accessLog, clock: deps.clock, viewer: a.person, cases: a.snapshot.cases, today: a.snapshot.today });
      return sendFile(res, file);
    }),
  );

  // ---- subject access: information governance -------------------------------------------------------
  router.get(
    '/api/tab/records/sar/:file',
    authenticate,
    handle(async (req, res) => {
      const a = authed(req);
      requireInformationGovernance(a.person, 'A subject access export');
      const m = /^([^.]+)\.(docx|json)$/.exec(String(req.params.file));
      if (!m) throw new BadRequestError('ask for C-1234.docx (the Word document) or C-1234.json');
      const caseId = normaliseCaseId(m[1]!);
      const now = deps.clock();
      const bundle = await buildSubjectAccess(store, caseId, { now, preparedBy: a.person });
      const stored = await store.getCase(caseId);
      // The export is a reading of the whole record: recorded before it is handed over.
      if (stored) await accessLog.add(entriesFor(a.person, [stored.case], 'sar', a.snapshot.today, new Date(now).toISOString(), { reason: 'information-governance', detail: m[2]! }));
      logger.info('subject access export made', { caseId, personId: a.person.id, format: m[2]! });
      const format = m[2] as 'docx' | 'json';
      const body = format === 'docx' ? await subjectAccessDocx(bundle) : Buffer.from(subjectAccessJson(bundle), 'utf8');
      return sendFile(res, {
        filename: subjectAccessFileName(caseId, a.snapshot.today, format),
        contentType: format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/json; charset=utf-8',
        body,
      });
    }),
  );

  // ---- retention: information governance -------------------------------------------------------------
  router.get(
    '/api/tab/records/retention',
    authenticate,
    handle(async (req) => {
      const a = authed(req);
      return retentionReview({ store, log: accessLog }, a.person, deps.clock());
    }),
  );
  router.post(
    '/api/tab/records/retention/destroy',
    authenticate,
    express.json({ limit: '8kb' }),
    handle(async (req) => {
      const a = authed(req);
      requireInformationGovernance(a.person, 'Destroying a record');
      const body = destroyBody.parse(req.body);
      const caseId = normaliseCaseId(body.caseId);
      if (normaliseCaseId(body.confirm) !== caseId) throw new BadRequestError(`confirm: type ${caseId} again to confirm that this record is to be destroyed`);
      const done = await destroyRecord(store, { caseId, by: a.person, reason: body.reason, now: deps.clock() });
      deps.snapshots?.invalidate();
      logger.info('record destroyed', { caseId, by: a.person.id, ...Object.fromEntries(Object.entries(done.report.removed).map(([k, n]) => [`removed_${k}`, n])) });
      return { caseId, destroyedAt: done.entry.at, by: a.person.name, removed: done.report.removed };
    }),
  );
}
