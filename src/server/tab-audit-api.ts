// The tab's API for audits (docs/rules.md sections 6, 7 and 8): the Audits page, the audit form, drafts,
// completion, moderation, assigning by hand, the programme run (a QA officer), the dashboard's audit
// figure with its drill-down, and the month's learning summary. Mounted by tabApiRoutes with its
// authentication; each route parses its input, calls one service and answers JSON.
import express, { type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { isIsoDate, londonToday } from '../domain/dates.js';
import { AUDIT_TYPES, type Person } from '../domain/model.js';
import { auditDashboard, auditDrill } from '../services/audits/figures.js';
import { mayRunProgramme, PlanRefused, runAuditPlan } from '../services/audits/plan.js';
import { programmeFromEnv } from '../services/audits/programme.js';
import { buildLearningSummary } from '../services/audits/summary.js';
import { assignAudit, auditForm, auditList, AuditProblems, completeAuditAnswers, moderateAuditAnswer, saveAuditDraft, type AuditWorkDeps } from '../services/audits/work.js';
import { AccessDeniedError, BadRequestError, defaultPeriod, type Snapshot } from '../services/dashboard.js';
import { sharedSnapshots } from '../services/read-model.js';
import type { ServerDeps } from './deps.js';
import { FormProblems } from './tab-work-api.js';

type Authed = { person: Person; snapshot: Snapshot };
type Handle = (fn: (req: express.Request & Partial<Authed>, res: Response) => unknown) => RequestHandler;

const periodQuery = z.object({ from: z.string().optional(), to: z.string().optional(), team: z.string().min(1).optional(), locality: z.string().min(1).optional() });
const drillQuery = periodQuery.extend({
  which: z.enum(['completed', 'below-good', 'criterion', 'moderated', 'open']).optional(),
  type: z.enum(AUDIT_TYPES).optional(),
  criterion: z.string().max(200).optional(),
});
const planBody = z.strictObject({ on: z.string().refine(isIsoDate, { error: 'not a date YYYY-MM-DD' }).optional(), dryRun: z.boolean().optional() });

/** Problems with the answers: 400 with each problem by field, as the tab's other forms. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof AuditProblems) throw new FormProblems(e.errors);
    if (e instanceof PlanRefused) throw new BadRequestError(e.message);
    throw e;
  }
}

export function tabAuditRoutes(router: Router, deps: ServerDeps, authenticate: RequestHandler, handle: Handle): void {
  // A programme the server cannot follow stops it at start (ProgrammeInvalidError names the problem).
  const programme = programmeFromEnv(deps.env).programme;
  const source = sharedSnapshots(deps);
  const work: AuditWorkDeps = { store: deps.store, programme, clock: deps.clock, logger: deps.logger };
  const authed = (req: Partial<Authed>): Authed => ({ person: req.person!, snapshot: req.snapshot! });
  const filterOf = (req: express.Request & Partial<Authed>) => {
    const q = periodQuery.parse(req.query);
    // The audit figure's default period: the 12 months to today (audits are a few a month).
    const d = defaultPeriod(req.snapshot!.today);
    const yearAgo = `${Number(d.to.slice(0, 4)) - 1}${d.to.slice(4, 8)}01`;
    return { from: q.from ?? yearAgo, to: q.to ?? d.to, team: q.team ?? null, locality: q.locality ?? null };
  };

  router.get(
    '/api/tab/audits',
    authenticate,
    handle((req) => {
      const a = authed(req);
      return auditList(a.snapshot, a.person, programme);
    }),
  );
  router.get(
    '/api/tab/audits/figures',
    authenticate,
    handle((req) => auditDashboard(req.snapshot!, req.person!, programme, filterOf(req))),
  );
  router.get(
    '/api/tab/audits/drill',
    authenticate,
    handle((req) => {
      const q = drillQuery.parse(req.query);
      return auditDrill(req.snapshot!, req.person!, programme, { ...filterOf(req), which: q.which ?? 'completed', type: q.type ?? null, criterion: q.criterion ?? null });
    }),
  );
  router.get(
    '/api/tab/audits/summary',
    authenticate,
    handle(async (req) => {
      const a = authed(req);
      if (!(a.person.roles.includes('qa-officer') || a.person.roles.includes('service-manager') || a.person.roles.includes('team-manager'))) {
        throw new AccessDeniedError('The learning summary is shared with team managers, service managers and QA officers (QA §4).');
      }
      const q = z
        .object({
          month: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'a month is YYYY-MM' })
            .optional(),
        })
        .parse(req.query);
      return buildLearningSummary(deps.store, programme, q.month ?? a.snapshot.today.slice(0, 7));
    }),
  );
  router.post(
    '/api/tab/audits/plan',
    authenticate,
    express.json({ limit: '4kb' }),
    handle(async (req, res) => {
      const a = authed(req);
      if (!mayRunProgramme(a.person)) throw new AccessDeniedError('The audit programme is run by a QA officer (docs/rules.md section 8).');
      const body = planBody.parse(req.body ?? {});
      const report = await answering(() =>
        runAuditPlan(
          { store: deps.store, programme, logger: deps.logger, clock: deps.clock, records: async () => (await source.fresh()).file },
          { on: body.on ?? londonToday(deps.clock()), dryRun: body.dryRun ?? false },
        ),
      );
      if (report.status === 'planned') {
        source.invalidate();
        res.status(201);
      }
      deps.logger.info('audit programme run from the tab', { run: report.run, status: report.status, by: a.person.id });
      return {
        status: report.status,
        run: report.run,
        on: report.on,
        window: report.plan.window,
        types: report.plan.types,
        added: report.added.length,
        existing: report.existing.length,
        moderated: report.moderated.length,
        unfilled: report.plan.unfilled,
        audits: report.audits.length,
      };
    }),
  );
  router.post(
    '/api/tab/audits',
    authenticate,
    express.json({ limit: '4kb' }),
    handle(async (req, res) => {
      const a = authed(req);
      const audit = await answering(() => assignAudit(work, a.snapshot, a.person, req.body));
      res.status(201);
      return { id: audit.id };
    }),
  );
  router.get(
    '/api/tab/audits/:auditId',
    authenticate,
    handle((req) => {
      const a = authed(req);
      return auditForm(work, a.snapshot, a.person, String(req.params.auditId));
    }),
  );
  router.put(
    '/api/tab/audits/:auditId/draft',
    authenticate,
    express.json({ limit: '200kb' }),
    handle(async (req) => {
      const a = authed(req);
      const saved = await answering(() => saveAuditDraft(work, a.snapshot, a.person, String(req.params.auditId), req.body));
      return { version: saved.version, saved: true };
    }),
  );
  router.post(
    '/api/tab/audits/:auditId/complete',
    authenticate,
    express.json({ limit: '200kb' }),
    handle(async (req) => {
      const a = authed(req);
      const done = await answering(() => completeAuditAnswers(work, a.snapshot, a.person, String(req.params.auditId), req.body));
      return { version: done.version, completedOn: done.audit.completedOn, grade: done.audit.grade, actions: done.actions };
    }),
  );
  router.post(
    '/api/tab/audits/:auditId/moderation',
    authenticate,
    express.json({ limit: '16kb' }),
    handle(async (req) => {
      const a = authed(req);
      const done = await answering(() => moderateAuditAnswer(work, a.snapshot, a.person, String(req.params.auditId), req.body));
      return { version: done.version, agreed: done.agreed, firstGrade: done.audit.grade, grade: done.audit.moderation?.grade ?? null };
    }),
  );
}
