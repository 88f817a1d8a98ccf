// The tab's API for doing the work where you are (issue 15): the forecast, the case list, exports of
// every table, and recording from the tab (case note, CMOOE summary, supervision, nomination, Done
// with a date, Snooze) through the same services and validation as the bot. Mounted by tabApiRoutes
// with its authentication; each route parses its input, calls one service and answers JSON (or a file).
import express, { type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Person } from '../domain/model.js';
import { caseListView, type CaseListFilter } from '../services/case-list.js';
import { AccessDeniedError, BadRequestError, dashboard, defaultPeriod, drillDown, myWork, type Snapshot } from '../services/dashboard.js';
import { caseListTable, dashboardTable, drillTable, EXPORT_FORMATS, forecastTable, myWorkTable, recordExport, renderExport, type ExportTable } from '../services/export.js';
import { forecastView, parseScope } from '../services/forecast.js';
import { CaseNotFound, normaliseCaseId, visibleCase } from '../services/myWork.js';
import { canSeeCase } from '../services/access.js';
import {
  mayNominate,
  maySummarise,
  nominationPreview,
  recordCaseNote,
  recordCmooeSummary,
  recordNomination,
  recordSupervision,
  summaryTarget,
  supervisees,
  supervisionFollowUps,
  type FieldErrors,
} from '../services/recording.js';
import { completeObligation, snoozeObligation, type ActionRefusal } from '../services/reminders/actions.js';
import { initials } from '../services/access.js';
import { recordShown, recordShownIds, sharedAccessLog } from '../services/access-log.js';
import type { ServerDeps } from './deps.js';

type Authed = { person: Person; snapshot: Snapshot };
type Handle = (fn: (req: express.Request & Partial<Authed>, res: Response) => unknown) => RequestHandler;

/** A form that did not validate: each problem by its field, nothing stored (400). */
export class FormProblems extends Error {
  constructor(readonly errors: FieldErrors) {
    super(errors.form ?? 'Some answers need changing: see each field.');
    this.name = 'FormProblems';
  }
}

const flag = z
  .enum(['1', 'true', '0', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const periodQuery = z.object({ from: z.string().optional(), to: z.string().optional(), team: z.string().min(1).optional(), locality: z.string().min(1).optional() });
const drillQuery = z.object({ figure: z.string().min(1), which: z.enum(['all', 'missed']).optional() });
const forecastQuery = z.object({
  scope: z.string().optional(),
  id: z.string().min(1).optional(),
  week: z.coerce.number().int().optional(),
  kind: z.string().min(1).optional(),
  owner: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(0).max(50_000).optional(),
});
const caseListQuery = z.object({
  q: z.string().max(100).optional(),
  team: z.string().min(1).optional(),
  overdue: z.string().min(1).optional(),
  cmooe: flag,
  phase: flag,
  limit: z.coerce.number().int().min(1).max(50_000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

function caseFilter(q: z.infer<typeof caseListQuery>): CaseListFilter {
  return { q: q.q ?? null, team: q.team ?? null, overdue: q.overdue ?? null, cmooe: q.cmooe, phaseTransfer: q.phase };
}

/** The tables of the tab that export, each built by the service behind its page with the viewer's access. */
const EXPORTS: Record<string, { title: string; build: (deps: ServerDeps, a: Authed, query: unknown) => Promise<ExportTable> | ExportTable }> = {
  dashboard: {
    title: 'SEND data dashboard: by team',
    build: (_deps, a, query) => {
      const q = periodQuery.parse(query);
      const d = defaultPeriod(a.snapshot.today);
      return dashboardTable(dashboard(a.snapshot, a.person, { from: q.from ?? d.from, to: q.to ?? d.to, team: q.team ?? null, locality: q.locality ?? null }));
    },
  },
  drill: {
    title: 'Cases behind a dashboard figure',
    build: (_deps, a, query) => {
      const q = periodQuery.merge(drillQuery).parse(query);
      const d = defaultPeriod(a.snapshot.today);
      return drillTable(
        drillDown(a.snapshot, a.person, { from: q.from ?? d.from, to: q.to ?? d.to, team: q.team ?? null, locality: q.locality ?? null, figure: q.figure, which: q.which ?? 'all', limit: 5000 }),
      );
    },
  },
  'my-work': {
    title: 'My work',
    build: (_deps, a) => myWorkTable(myWork(a.snapshot, a.person, null), a.person.id),
  },
  forecast: {
    title: 'Forecast: what falls due',
    build: async (deps, a, query) => {
      const q = forecastQuery.parse(query);
      const request = { scope: parseScope(q.scope, q.id), week: q.week ?? null, kind: q.kind ?? null, owner: q.owner ?? null, limit: 50_000 };
      return forecastTable(await forecastView(a.snapshot, deps.store, a.person, request), request);
    },
  },
  cases: {
    title: 'Cases',
    build: (_deps, a, query) => {
      const q = caseListQuery.parse(query);
      const filter = caseFilter(q);
      return caseListTable(caseListView(a.snapshot, a.person, filter, { limit: 50_000, offset: 0 }), {
        q: filter.q ?? null,
        team: filter.team ?? null,
        overdue: filter.overdue ?? null,
        cmooe: filter.cmooe === true,
        phaseTransfer: filter.phaseTransfer === true,
      });
    },
  },
};

export const EXPORT_TABLES = Object.keys(EXPORTS);

/** A refusal from the Done / Snooze services as an HTTP answer (their words, for the person). */
function refusal(res: Response, r: ActionRefusal): { error: string; form?: string; close?: string } {
  const status = r.reason === 'not-found' ? 404 : r.reason === 'not-allowed' ? 403 : r.reason === 'conflict' ? 409 : 400;
  res.status(status);
  return r.reason === 'use-form' ? { error: r.message, form: r.form } : r.reason === 'use-close' ? { error: r.message, close: r.actionId } : { error: r.message };
}

export function tabWorkRoutes(router: Router, deps: ServerDeps, authenticate: RequestHandler, handle: Handle): void {
  const { store, logger } = deps;
  const accessLog = sharedAccessLog(deps);
  const authed = (req: Partial<Authed>): Authed => {
    if (!req.person || !req.snapshot) throw new Error('tab route used without authentication');
    return { person: req.person, snapshot: req.snapshot };
  };

  // ---- the forecast and the case list --------------------------------------------------------------
  router.get(
    '/api/tab/forecast',
    authenticate,
    handle(async (req) => {
      const a = authed(req);
      const q = forecastQuery.parse(req.query);
      const view = await forecastView(a.snapshot, store, a.person, { scope: parseScope(q.scope, q.id), week: q.week ?? null, kind: q.kind ?? null, owner: q.owner ?? null, limit: q.limit ?? 500 });
      await recordShownIds(
        accessLog,
        deps.clock,
        a.person,
        a.snapshot.cases,
        view.rows.flatMap((r) => (r.childName !== null ? [r.caseId] : [])),
        'tab-forecast',
        a.snapshot.today,
      );
      return view;
    }),
  );
  router.get(
    '/api/tab/cases',
    authenticate,
    handle(async (req) => {
      const a = authed(req);
      const q = caseListQuery.parse(req.query);
      const view = caseListView(a.snapshot, a.person, caseFilter(q), { limit: q.limit ?? 500, offset: q.offset ?? 0 });
      await recordShownIds(
        accessLog,
        deps.clock,
        a.person,
        a.snapshot.cases,
        view.items.map((c) => c.id),
        'tab-cases',
        a.snapshot.today,
      );
      return view;
    }),
  );

  // ---- exports: /api/tab/export/<table>.<xlsx|csv>?<the table's own query> -----------------------
  router.get(
    '/api/tab/export/:file',
    authenticate,
    handle(async (req, res) => {
      const a = authed(req);
      const m = /^([a-z-]+)\.([a-z]+)$/.exec(String(req.params.file));
      const table = m ? EXPORTS[m[1]!] : undefined;
      const format = m?.[2] as (typeof EXPORT_FORMATS)[number] | undefined;
      if (!m || table === undefined || format === undefined || !EXPORT_FORMATS.includes(format)) {
        throw new BadRequestError(`export one of ${EXPORT_TABLES.map((t) => `${t}.xlsx, ${t}.csv`).join(', ')}; got ${JSON.stringify(String(req.params.file))}`);
      }
      const built = await table.build(deps, a, req.query);
      const file = await renderExport(built, format, { title: table.title, today: a.snapshot.today });
      await recordExport(logger, { personId: a.person.id, table: built, format }, { log: accessLog, clock: deps.clock, viewer: a.person, cases: a.snapshot.cases, today: a.snapshot.today });
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
      res.type(file.contentType).send(file.body);
      return undefined;
    }),
  );

  // ---- recording from the tab: the bot's forms and validation --------------------------------------
  const recordingDeps = { store, clock: deps.clock };
  router.get(
    '/api/tab/forms/:kind',
    authenticate,
    handle(async (req) => {
      const a = authed(req);
      const kind = String(req.params.kind);
      const caseIdText = typeof req.query.caseId === 'string' ? req.query.caseId : '';
      const today = a.snapshot.today;
      if (kind === 'supervision') {
        const reports = await supervisees(store, a.person);
        if (reports.length === 0)
          throw new AccessDeniedError(
            'You are not recorded as the manager of anyone, so there is no supervision for you to record. If that is wrong, ask your administrator to record who you manage.',
          );
        return { kind, today, supervisees: reports.map((p) => ({ id: p.id, name: p.name })) };
      }
      if (!['note', 'summary', 'nominate'].includes(kind)) throw new BadRequestError(`no form "${kind}": note, summary, supervision or nominate`);
      if (!caseIdText) throw new BadRequestError('caseId: which case? (for example C-1001)');
      if (kind === 'nominate') {
        const caseId = normaliseCaseId(caseIdText);
        const stored = await store.getCase(caseId);
        // A case the person may neither see nor nominate is answered as one that does not exist (section 7).
        if (!stored || (!canSeeCase(a.person, stored.case, today) && !mayNominate(a.person, stored.case, today))) throw new CaseNotFound(caseId);
        if (!mayNominate(a.person, stored.case, today)) {
          throw new AccessDeniedError(
            `You cannot nominate ${caseId}: nominations come from an inclusion lead, a team manager or the virtual school, for a case they can see (PS 4.2). Ask the case's inclusion lead or team manager.`,
          );
        }
        const preview = await nominationPreview(store, stored.case, today);
        await recordShown(accessLog, deps.clock, a.person, [stored.case], 'tab-form', today, { detail: kind, ...(canSeeCase(a.person, stored.case, today) ? {} : { reason: 'nominator' }) });
        return { kind, today, caseId, initials: initials(stored.case.childName), seriesId: preview.seriesId, meetingOn: preview.meetingOn };
      }
      const stored = await visibleCase(recordingDeps, a.person, caseIdText);
      const c = stored.case;
      await recordShown(accessLog, deps.clock, a.person, [c], 'tab-form', today, { detail: kind });
      if (kind === 'note') return { kind, today, caseId: c.id, initials: initials(c.childName) };
      if (!maySummarise(a.person, c)) {
        throw new AccessDeniedError(`The fortnightly CMOOE summary for ${c.id} is written by its inclusion lead (PS 6.14, 6.15). You can record a case note or nominate the case instead.`);
      }
      const target = await summaryTarget(store, c, today);
      if ('error' in target) throw new BadRequestError(target.error);
      return { kind, today, caseId: c.id, initials: initials(c.childName), ...target };
    }),
  );

  router.post(
    '/api/tab/record/:kind',
    authenticate,
    express.json({ limit: '32kb' }),
    handle(async (req, res) => {
      const a = authed(req);
      const kind = String(req.params.kind);
      const body: unknown = req.body;
      logger.info('tab form submitted', { form: kind, personId: a.person.id });
      let answer: { title: string; lines: string[] };
      switch (kind) {
        case 'note': {
          const r = await recordCaseNote(recordingDeps, a.person, body);
          if (!r.ok) throw new FormProblems(r.errors);
          answer = {
            title: `Casework recorded for ${r.value.caseId}`,
            lines: [r.value.onTime ? 'Recorded within 48 hours of the event: on time (PS 11.2).' : 'Recorded more than 48 hours after the event: late against the 48-hour standard (PS 11.2).'],
          };
          break;
        }
        case 'summary': {
          const r = await recordCmooeSummary(recordingDeps, a.person, body);
          if (!r.ok) throw new FormProblems(r.errors);
          answer = {
            title: `CMOOE summary recorded for ${r.value.caseId}`,
            lines: [`It counts for the ${r.value.seriesTitle} meeting on ${r.value.meetingOn} (deadline ${r.value.deadline}, PS 4.2, 6.15).`],
          };
          break;
        }
        case 'supervision': {
          const r = await recordSupervision(recordingDeps, a.person, body);
          if (!r.ok) throw new FormProblems(r.errors);
          const follow = supervisionFollowUps(r.value.heldOn);
          answer = {
            title: `Supervision of ${r.value.superviseeName} recorded`,
            lines: [
              r.value.notesSharedOn ? `Notes shared on ${r.value.notesSharedOn} (due by ${follow.notesBy}, PS 11.4).` : `Share the notes by ${follow.notesBy} (10 working days, PS 11.4).`,
              `The next supervision is due by ${follow.nextSupervisionBy} (PS 6.13).`,
            ],
          };
          break;
        }
        case 'nominate': {
          const r = await recordNomination(recordingDeps, a.person, body);
          if (!r.ok) throw new FormProblems(r.errors);
          const v = r.value;
          answer = {
            title: `${v.caseId} nominated for the ${v.seriesTitle} meeting`,
            lines: [
              v.rolledFrom
                ? `It was made after the cut-off (${v.missedCutoff ?? ''}) for ${v.rolledFrom}, so it goes to the meeting on ${v.meetingOn} (PS 4.2).`
                : `It goes on the agenda of the meeting on ${v.meetingOn} (PS 4.2).`,
            ],
          };
          break;
        }
        default:
          throw new BadRequestError(`no form "${kind}": note, summary, supervision or nominate`);
      }
      res.status(201);
      return answer;
    }),
  );

  const doneBody = z.object({ key: z.string().min(1, { error: 'which item? (key)' }), doneOn: z.string({ error: 'the date it was done is required' }) });
  router.post(
    '/api/tab/done',
    authenticate,
    express.json({ limit: '4kb' }),
    handle(async (req, res) => {
      const a = authed(req);
      const body = doneBody.parse(req.body);
      const r = await completeObligation(deps, a.person, body.key, body.doneOn.trim());
      if (!r.ok) return refusal(res, r);
      return {
        title: r.outcome === 'recorded' ? `Recorded: ${r.what} for ${r.ref}, done on ${r.doneOn}` : `${r.what} for ${r.ref} was already recorded as done`,
        lines: [],
      };
    }),
  );

  const snoozeBody = z.object({ key: z.string().min(1, { error: 'which item? (key)' }), days: z.number().int() });
  router.post(
    '/api/tab/snooze',
    authenticate,
    express.json({ limit: '4kb' }),
    handle(async (req, res) => {
      const a = authed(req);
      const body = snoozeBody.parse(req.body);
      const r = await snoozeObligation(deps, a.person, body.key, body.days);
      if (!r.ok) return refusal(res, r);
      return { title: `Snoozed: ${r.what} for ${r.ref} is back in your reminders on ${r.backOn}`, lines: [] };
    }),
  );
}
