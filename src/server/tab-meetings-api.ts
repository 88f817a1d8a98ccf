// The tab's API for meetings and what they leave behind (issue 13; docs/rules.md sections 4 and 5): the
// record of a CMOOE meeting (saved per case), attendance, the minutes, the actions (close, hand on), the
// service manager's weekly meeting and its actions, supervision notes shared, and corrections. Mounted
// by tabApiRoutes with its authentication; each route parses its input, calls one service and answers
// JSON. A form's problems come back as 400 with each problem by its field (FormProblems).
import express, { type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Person } from '../domain/model.js';
import type { Snapshot } from '../services/dashboard.js';
import { AccessDeniedError } from '../services/dashboard.js';
import { correctCaseNote, correctCmooeSummary, correctSupervision } from '../services/corrections.js';
import { closeMeetingAction, meetingRecordView, reassignMeetingAction, saveMeetingItem, setAttendance, weeklyMeetingView, type ActionResult } from '../services/meetings.js';
import { minutesStatus, publishMinutes } from '../services/minutes.js';
import { markNotesShared, notesAwaited } from '../services/supervision.js';
import { sharedSnapshots } from '../services/read-model.js';
import { tabLinkConfig } from '../services/deep-links.js';
import { NotFoundError } from '../store/port.js';
import type { ServerDeps } from './deps.js';
import { FormProblems } from './tab-work-api.js';

type Authed = { person: Person; snapshot: Snapshot };
type Handle = (fn: (req: express.Request & Partial<Authed>, res: Response) => unknown) => RequestHandler;

/** The tab's links for a card, when the server can make them (a test server may not). */
function linksOf(env: ServerDeps['env']) {
  try {
    return tabLinkConfig(env);
  } catch {
    return null;
  }
}

function answer<T>(r: ActionResult<T>, actionId: string): T {
  if (r.ok) return r.value;
  if (r.status === 403) throw new AccessDeniedError(r.errors.form ?? 'Not yours to change.');
  if (r.status === 404) throw new NotFoundError('action', actionId);
  throw new FormProblems(r.errors);
}

export function tabMeetingRoutes(router: Router, deps: ServerDeps, authenticate: RequestHandler, handle: Handle): void {
  const { store, logger } = deps;
  const source = sharedSnapshots(deps);
  const work = { store, clock: deps.clock, logger };
  const authed = (req: Partial<Authed>): Authed => {
    if (!req.person || !req.snapshot) throw new Error('tab route used without authentication');
    return { person: req.person, snapshot: req.snapshot };
  };
  const json = express.json({ limit: '64kb' });

  // ---- the record of a CMOOE meeting -------------------------------------------------------------
  const recordView = async (person: Person, seriesId: string, meetingOn: string) => {
    const snapshot = await source.fresh();
    const view = meetingRecordView(snapshot, person, seriesId, meetingOn);
    const record = snapshot.file.meetingRecords.find((r) => r.seriesId === seriesId && r.meetingOn === meetingOn);
    return { ...view, minutes: record ? await minutesStatus(store, record) : null };
  };
  router.get(
    '/api/tab/meetings/:seriesId/:meetingOn',
    authenticate,
    handle(async (req) => recordView(authed(req).person, String(req.params.seriesId), String(req.params.meetingOn))),
  );
  router.post(
    '/api/tab/meetings/:seriesId/:meetingOn/items',
    authenticate,
    json,
    handle(async (req, res) => {
      const a = authed(req);
      const body = {
        ...(typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {}),
        seriesId: String(req.params.seriesId),
        meetingOn: String(req.params.meetingOn),
      };
      const r = await saveMeetingItem(work, a.person, body);
      if (!r.ok) throw new FormProblems(r.errors);
      res.status(201);
      return { saved: r.value, view: await recordView(a.person, body.seriesId, body.meetingOn) };
    }),
  );
  router.put(
    '/api/tab/meetings/:seriesId/:meetingOn/attendees',
    authenticate,
    json,
    handle(async (req) => {
      const a = authed(req);
      const seriesId = String(req.params.seriesId);
      const meetingOn = String(req.params.meetingOn);
      const body = z.object({ attendees: z.array(z.string()) }).parse(req.body);
      const r = await setAttendance(work, a.person, { seriesId, meetingOn, attendees: body.attendees });
      if (!r.ok) throw new FormProblems(r.errors);
      return recordView(a.person, seriesId, meetingOn);
    }),
  );
  router.post(
    '/api/tab/meetings/:seriesId/:meetingOn/minutes',
    authenticate,
    handle(async (req, res) => {
      const a = authed(req);
      const seriesId = String(req.params.seriesId);
      const meetingOn = String(req.params.meetingOn);
      // Only who may record the meeting publishes its minutes (the view refuses anyone else).
      meetingRecordView(a.snapshot, a.person, seriesId, meetingOn);
      if (!deps.messenger || !deps.documents) {
        res.status(503);
        return { error: 'This server cannot post to Teams or save documents, so the minutes cannot be published from it.' };
      }
      const outcome = await publishMinutes({ store, messenger: deps.messenger, documents: deps.documents, logger }, seriesId, meetingOn, deps.clock(), { tabLinks: linksOf(deps.env) });
      if (outcome.kind === 'no-record' || outcome.kind === 'no-channel') {
        res.status(400);
        return { error: outcome.message };
      }
      logger.info('minutes published from the tab', { seriesId, meetingOn, outcome: outcome.kind, by: a.person.id });
      return { outcome: outcome.kind, view: await recordView(a.person, seriesId, meetingOn) };
    }),
  );

  // ---- actions -------------------------------------------------------------------------------------
  router.post(
    '/api/tab/actions/:actionId/close',
    authenticate,
    json,
    handle(async (req) => {
      const a = authed(req);
      const body = z.object({ note: z.unknown().optional(), closedOn: z.unknown().optional() }).parse(req.body ?? {});
      const r = answer(await closeMeetingAction(work, a.person, { actionId: String(req.params.actionId), note: body.note, closedOn: body.closedOn }), String(req.params.actionId));
      return {
        title: r.already ? `Action ${r.action.id} was already closed on ${r.action.closedOn ?? ''}` : `Closed: action ${r.action.id}, done on ${r.action.closedOn ?? ''}`,
        lines: r.action.closedNote ? [r.action.closedNote] : [],
      };
    }),
  );
  router.post(
    '/api/tab/actions/:actionId/reassign',
    authenticate,
    json,
    handle(async (req) => {
      const a = authed(req);
      const body = z.object({ ownerId: z.unknown().optional(), dueOn: z.unknown().optional() }).parse(req.body ?? {});
      const r = answer(await reassignMeetingAction(work, a.person, { actionId: String(req.params.actionId), ownerId: body.ownerId, dueOn: body.dueOn }), String(req.params.actionId));
      const owner = (await store.getPerson(r.action.ownerId))?.name ?? r.action.ownerId;
      return { title: `Action ${r.action.id} is now ${owner}'s, due ${r.action.dueOn}`, lines: [] };
    }),
  );

  // ---- the weekly team-manager meeting (PS 4.1) --------------------------------------------------------
  router.get(
    '/api/tab/weekly',
    authenticate,
    handle(async (req) => {
      const a = authed(req);
      const q = z.object({ meeting: z.string().min(1).optional() }).parse(req.query);
      return weeklyMeetingView(a.snapshot, a.person, q.meeting ?? null);
    }),
  );
  router.post(
    '/api/tab/weekly/:meetingOn/actions',
    authenticate,
    json,
    handle(async (req, res) => {
      const a = authed(req);
      const meetingOn = String(req.params.meetingOn);
      const body = z.object({ text: z.unknown(), ownerId: z.unknown(), dueOn: z.unknown(), submitId: z.string().optional() }).parse(req.body ?? {});
      const r = await saveMeetingItem(work, a.person, {
        seriesId: 'weekly',
        meetingOn,
        actions: [{ text: body.text, ownerId: body.ownerId, dueOn: body.dueOn }],
        ...(body.submitId ? { submitId: body.submitId } : {}),
      });
      if (!r.ok) {
        // The action's fields by their own names (the form has one action).
        const errors: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.errors)) errors[k.replace(/^actions\[0\]\./, '').replace(/^actions$/, 'form')] = v;
        throw new FormProblems(errors);
      }
      res.status(201);
      return weeklyMeetingView(await source.fresh(), a.person, meetingOn);
    }),
  );

  // ---- supervision notes shared, and corrections ----------------------------------------------------
  router.get(
    '/api/tab/supervision/notes',
    authenticate,
    handle(async (req) => ({ awaited: await notesAwaited(work, authed(req).person) })),
  );
  router.post(
    '/api/tab/supervision/notes-shared',
    authenticate,
    json,
    handle(async (req) => {
      const a = authed(req);
      const body = z.object({ superviseeId: z.unknown(), supervisorId: z.unknown().optional(), heldOn: z.unknown(), sharedOn: z.unknown().optional() }).parse(req.body ?? {});
      const r = await markNotesShared(work, a.person, body);
      if (!r.ok) throw new FormProblems(r.errors);
      const v = r.value;
      return {
        title: v.already
          ? `The notes of ${v.supervisee}'s supervision on ${v.heldOn} were already shared on ${v.sharedOn}`
          : `Recorded: notes of ${v.supervisee}'s supervision on ${v.heldOn} shared on ${v.sharedOn}`,
        lines: [v.onTime ? `Within 10 working days (by ${v.notesDueOn}, PS 11.4).` : `After the 10 working days (due by ${v.notesDueOn}, PS 11.4): late.`],
      };
    }),
  );
  const index = z.coerce.number().int().min(0);
  router.post(
    '/api/tab/cases/:caseId/notes/:index/correct',
    authenticate,
    json,
    handle(async (req) => {
      const a = authed(req);
      const body = z
        .object({ recordedAt: z.string(), eventDate: z.unknown().optional(), eventTime: z.unknown().optional(), text: z.unknown().optional(), reason: z.unknown().optional() })
        .parse(req.body ?? {});
      const r = await correctCaseNote(work, a.person, { caseId: String(req.params.caseId), index: index.parse(req.params.index), ...body });
      if (!r.ok) throw new FormProblems(r.errors);
      return { title: `The note on ${r.value.caseId} was corrected; the earlier version is kept with it`, lines: [] };
    }),
  );
  router.post(
    '/api/tab/cases/:caseId/summaries/:index/correct',
    authenticate,
    json,
    handle(async (req) => {
      const a = authed(req);
      const body = z
        .object({ submittedOn: z.string(), actionsToDate: z.unknown().optional(), currentSteps: z.unknown().optional(), keyDates: z.unknown().optional(), reason: z.unknown().optional() })
        .parse(req.body ?? {});
      const r = await correctCmooeSummary(work, a.person, { caseId: String(req.params.caseId), index: index.parse(req.params.index), ...body });
      if (!r.ok) throw new FormProblems(r.errors);
      return { title: `The CMOOE summary on ${r.value.caseId} was corrected; the earlier version is kept with it`, lines: [] };
    }),
  );
  router.post(
    '/api/tab/supervision/correct',
    authenticate,
    json,
    handle(async (req) => {
      const a = authed(req);
      const body = z
        .object({
          superviseeId: z.string().min(1),
          supervisorId: z.string().min(1),
          heldOn: z.string().min(1),
          newHeldOn: z.unknown().optional(),
          notesSharedOn: z.unknown().optional(),
          reason: z.unknown().optional(),
        })
        .parse(req.body ?? {});
      const r = await correctSupervision(work, a.person, body);
      if (!r.ok) throw new FormProblems(r.errors);
      return { title: `The supervision was corrected (held on ${r.value.heldOn}); the earlier version is kept with it`, lines: [] };
    }),
  );
}
