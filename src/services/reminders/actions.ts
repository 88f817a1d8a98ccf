// The digest's buttons (Action.Execute, routed here by the bot for verbs `reminder.*`):
//   reminder.done     record the completion (one date set to today on the case), for the kinds that
//                     have a single completion date; other kinds answer with their form or the tab;
//   reminder.snooze   leave the obligation out of this person's digests for N days;
//   reminder.refresh  redraw the card.
// Every answer is the refreshed digest card (Teams replaces the card in place), with the acted-on line
// shown done or snoozed. The person must be allowed to see the case (docs/rules.md section 7).
import { z } from 'zod';
import { fromInstant, isIsoDate, londonToday } from '../../domain/dates.js';
import type { Case, Person } from '../../domain/model.js';
import { obligationsOfActions, obligationsOfCase, obligationsOfPerson } from '../../domain/obligations.js';
import type { Obligation } from '../../domain/obligation.js';
import { KINDS, obligationLabel } from '../../domain/kinds.js';
import { backOn, lineAction, snoozeUntil, type DigestCard, type ReminderStage } from '../../domain/reminders.js';
import { ConflictError, StoreValidationError, type CasePatch, type CaseStore, type StoredCase } from '../../store/port.js';
import { canSeeCase, initials } from '../access.js';
import { TAB_ROUTES, tabLink } from '../deep-links.js';
import { storeRuleContext } from '../rule-context.js';
import type { AdaptiveCardJson } from '../messenger.js';
import { digestCard, reminderNoteCard, type DigestCardInput, type DigestLine } from './cards.js';
import { readReminderConfig } from './config.js';
import { sentDigestLines, type ReminderDeps } from './sweep.js';
import { pushAll } from '../../domain/lists.js';
import { closeMeetingAction } from '../meetings.js';
import { markNotesShared } from '../supervision.js';

const actionData = z.object({
  key: z.string().min(1, { error: 'must not be empty' }),
  caseId: z.string().min(1).nullable().optional(),
  card: z.enum(['digest', 'manager-digest']).optional(),
  day: z.string().refine(isIsoDate, { error: 'not a date' }).optional(),
  still: z.number().int().min(0).optional(),
  days: z.number().int().min(1).max(60).optional(),
  /** For a meeting's action: the id of the card's input holding the line on what was done. */
  noteField: z
    .string()
    .regex(/^note-\d{1,3}$/)
    .optional(),
});

/** Everything one obligation needs for an action: the obligation now, its case (if any) and version. */
interface Located {
  readonly obligation: Obligation;
  readonly stored: StoredCase | null;
}

type Ctx = Awaited<ReturnType<typeof storeRuleContext>>;

/** The obligation with this key as it is now (by key, else the one open obligation of the same kind and
 * prefix: a due date can move with school holidays the store does not expose). */
function pick(all: readonly Obligation[], key: string): Obligation | null {
  const exact = all.find((o) => o.key === key);
  if (exact) return exact;
  const [owner, kind] = key.split('/');
  const same = all.filter((o) => o.key.startsWith(`${owner}/${kind}/`) && o.completedOn === null);
  return same.length === 1 ? same[0]! : null;
}

async function obligationsOfKeys(store: CaseStore, keys: readonly string[], { people, ctx }: Ctx): Promise<{ byKey: Map<string, Obligation>; cases: Map<string, StoredCase> }> {
  const owners = [...new Set(keys.map((k) => k.split('/')[0]!))];
  const stored = owners.length > 0 ? await store.queryCases({ ids: owners }) : [];
  const cases = new Map(stored.map((s) => [s.case.id, s]));
  const all: Obligation[] = [];
  for (const s of stored) pushAll(all, obligationsOfCase(s.case, ctx));
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const id of owners) {
    const p = byId.get(id);
    if (!p || cases.has(id)) continue;
    pushAll(all, obligationsOfPerson(p, await store.listSupervisions({ superviseeId: id }), ctx));
  }
  // Actions agreed at meetings are the service's, not a case's (their key is <case or owner>/meeting-action/…).
  if (keys.some((k) => k.split('/')[1] === 'meeting-action')) all.push(...obligationsOfActions(await store.listActions(), ctx));
  const byKey = new Map<string, Obligation>();
  for (const k of keys) {
    const o = pick(all, k);
    if (o) byKey.set(k, o);
  }
  return { byKey, cases };
}

/** May `person` act on this obligation? Cases: whoever may see the case. Supervision: the manager who
 * owns it, the supervisee, or the owner's manager. */
function mayAct(person: Person, located: Located, people: readonly Person[], today: string): boolean {
  // An action agreed at a meeting is its owner's, whichever case it concerns (docs/rules.md section 5).
  if (located.obligation.kind === 'meeting-action' && located.obligation.ownerId === person.id) return true;
  if (located.stored) return canSeeCase(person, located.stored.case, today);
  const o = located.obligation;
  const owner = people.find((p) => p.id === o.ownerId);
  return o.ownerId === person.id || o.personId === person.id || owner?.managerId === person.id;
}

/** One-date completions that can be set from a card (the table of kinds, kinds.ts `card`), each tried
 * until the obligation reads as done. */
function completionPatches(c: Case, o: Obligation, today: string): CasePatch[] {
  const card = KINDS[o.kind].card;
  return card.type === 'done' ? card.patches(c, o, today) : [];
}

/** Record the completion on the case (optimistic concurrency: re-read once on a conflict). */
async function recordDone(store: CaseStore, stored: StoredCase, key: string, ctx: Ctx['ctx'], today: string): Promise<'recorded' | 'already' | 'impossible'> {
  let current = stored;
  for (let attempt = 0; attempt < 2; attempt++) {
    const now = pick(obligationsOfCase(current.case, ctx), key);
    if (!now) return 'impossible';
    if (now.completedOn !== null) return 'already';
    const patch = completionPatches(current.case, now, today).find((p) => {
      const after = pick(obligationsOfCase({ ...current.case, ...p }, ctx), now.key);
      return after !== null && after.completedOn !== null;
    });
    if (!patch) return 'impossible';
    try {
      await store.updateCase(current.case.id, current.version, patch);
      return 'recorded';
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt > 0) throw e;
      const again = await store.getCase(current.case.id);
      if (!again) return 'impossible';
      current = again;
    }
  }
  return 'impossible';
}

/** What a digest button answers: the refreshed digest (Teams replaces the card in place), or a message
 * to send in the chat while the card stays as it was (a refusal, a problem, a form to use instead). */
export type ReminderActionAnswer = { readonly kind: 'card'; readonly card: AdaptiveCardJson } | { readonly kind: 'message'; readonly card: AdaptiveCardJson; readonly text: string };

const say = (text: string, card: AdaptiveCardJson): ReminderActionAnswer => ({ kind: 'message', card, text });

export async function handleReminderAction(deps: ReminderDeps, person: Person, verb: string, data: Record<string, unknown>): Promise<ReminderActionAnswer> {
  const config = readReminderConfig(deps.env);
  const nowMs = deps.clock();
  const today = londonToday(nowMs);
  const parsed = actionData.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`);
    return say(
      'This button could not be used',
      reminderNoteCard({
        title: 'This button could not be used',
        lines: [`The card's data is not valid (${problems.join('; ')}). Open My work in the tab instead.`],
        color: 'Attention',
        tabUrl: config.tabUrl,
      }),
    );
  }
  const d = parsed.data;
  const card: DigestCard = d.card ?? 'digest';
  const day = d.day ?? today;
  const context = await storeRuleContext(deps.store, today, fromInstant(nowMs));
  const { byKey, cases } = await obligationsOfKeys(deps.store, [d.key], context);
  const obligation = byKey.get(d.key);
  const subjectCase = obligation?.caseId ? (cases.get(obligation.caseId) ?? null) : null;
  if (!obligation) {
    return say(
      'That item is no longer open',
      reminderNoteCard({ title: 'That item is no longer open', lines: ['Its dates have changed since the card was sent. Open My work for the current list.'], tabUrl: config.tabUrl }),
    );
  }
  const located: Located = { obligation, stored: subjectCase };
  if (!mayAct(person, located, context.people, today)) {
    deps.logger.warn('reminder action refused: no access', { personId: person.id, caseId: obligation.caseId, kind: obligation.kind });
    const title = obligation.caseId ? `You cannot act on ${obligation.caseId}` : 'You cannot act on this item';
    return say(
      title,
      reminderNoteCard({
        title,
        lines: [
          obligation.caseId
            ? 'It is not a case you lead, hold or manage, so nothing was changed. Its lead professional or their team manager can record it.'
            : 'It is about someone you do not supervise, so nothing was changed. Their manager can record it.',
        ],
        color: 'Attention',
      }),
    );
  }
  const what = obligationLabel(obligation);
  const ref = obligation.caseId ?? 'supervision';
  let notice: DigestCardInput['notice'] = null;

  switch (verb) {
    case 'reminder.done': {
      const action = lineAction(obligation.kind);
      if (action.type === 'close' || action.type === 'notes-shared') {
        const done = action.type === 'close' ? await closeFromCard(deps, person, obligation, data, d.noteField) : await notesSharedFromCard(deps, person, obligation);
        if (done.kind !== 'notice') return done;
        notice = done.notice;
        break;
      }
      if (action.type === 'form') {
        return say(
          `${what}: use the form`,
          reminderNoteCard({ title: `${what}: use the form`, lines: ['This is recorded with a form, not with one date.'], form: { verb: action.verb, caseId: obligation.caseId } }),
        );
      }
      if (action.type === 'tab' || !subjectCase) {
        return say(
          `${what}: not recorded from a card`,
          reminderNoteCard({
            title: `${what}: not recorded from a card`,
            lines: [action.type === 'tab' ? action.why : 'This needs more than a date (for example the decision itself).'],
            tabUrl: tabLink(config.links, obligation.caseId ? TAB_ROUTES.case(obligation.caseId) : TAB_ROUTES.myWork()),
          }),
        );
      }
      let outcome: 'recorded' | 'already' | 'impossible';
      try {
        outcome = await recordDone(deps.store, subjectCase, d.key, context.ctx, today);
      } catch (e) {
        if (e instanceof StoreValidationError || e instanceof ConflictError) {
          const lines =
            e instanceof ConflictError ? [`Someone changed case ${ref} at the same moment. Press the button again.`] : [e.problems.map((p) => p.replace(/^[^:]*:\s*/, '')).join('; ') || e.message];
          return say(`${what} was not recorded`, reminderNoteCard({ title: `${what} was not recorded`, lines, color: 'Attention', tabUrl: tabLink(config.links, TAB_ROUTES.case(ref)) }));
        }
        throw e;
      }
      deps.logger.info('reminder action: done', { personId: person.id, caseId: obligation.caseId, kind: obligation.kind, outcome });
      notice =
        outcome === 'recorded'
          ? { text: `Recorded: ${what} for ${ref}, done on ${today}.`, color: 'Good' }
          : outcome === 'already'
            ? { text: `${what} for ${ref} was already recorded as done.`, color: 'Good' }
            : { text: `${what} for ${ref} could not be recorded from the card: open the tab.`, color: 'Warning' };
      break;
    }
    case 'reminder.snooze': {
      const days = d.days ?? 3;
      const until = await snooze(deps, person, d.key, days, today);
      deps.logger.info('reminder action: snoozed', { personId: person.id, caseId: obligation.caseId, kind: obligation.kind, days });
      notice = { text: `Snoozed: ${what} for ${ref} is back in your reminders on ${backOn(until)}.`, color: 'Good' };
      break;
    }
    case 'reminder.refresh':
      break;
    default:
      return say('Unknown button', reminderNoteCard({ title: 'Unknown button', lines: [`I do not know the action ${verb}. Type help to see what I can do.`], color: 'Attention' }));
  }
  return { kind: 'card', card: await refreshedDigest(deps, person, { card, day, still: d.still ?? 0, notice, fallbackKey: d.key, today, context }) };
}

type CardOutcome = ReminderActionAnswer | { readonly kind: 'notice'; readonly notice: NonNullable<DigestCardInput['notice']> };

/** Done on a meeting's action: closed today with the line typed under the button (services/meetings.ts). */
async function closeFromCard(deps: ReminderDeps, person: Person, o: Obligation, data: Record<string, unknown>, noteField: string | undefined): Promise<CardOutcome> {
  const raw = noteField !== undefined ? data[noteField] : undefined;
  const note = typeof raw === 'string' ? raw.trim() : '';
  const id = o.actionId ?? '';
  if (note === '') {
    return say(
      `Action ${id}: say what was done`,
      reminderNoteCard({
        title: `Action ${id}: say what was done`,
        lines: ['Type one line on what was done in the box under Done, then press Close the action. Nothing was changed.'],
        color: 'Warning',
      }),
    );
  }
  const r = await closeMeetingAction({ store: deps.store, clock: deps.clock, logger: deps.logger }, person, { actionId: id, note });
  if (!r.ok) {
    return say(`Action ${id} was not closed`, reminderNoteCard({ title: `Action ${id} was not closed`, lines: Object.values(r.errors), color: 'Attention' }));
  }
  deps.logger.info('reminder action: meeting action closed', { personId: person.id, actionId: id, already: r.value.already });
  return {
    kind: 'notice',
    notice: r.value.already
      ? { text: `Action ${id} was already closed on ${r.value.action.closedOn ?? ''}.`, color: 'Good' }
      : { text: `Closed: action ${id}, done on ${r.value.action.closedOn ?? ''}: ${note}`, color: 'Good' },
  };
}

/** Done on supervision notes: the supervision's notes shared today (services/supervision.ts). */
async function notesSharedFromCard(deps: ReminderDeps, person: Person, o: Obligation): Promise<CardOutcome> {
  const r = await markNotesShared({ store: deps.store, clock: deps.clock, logger: deps.logger }, person, { superviseeId: o.personId, supervisorId: o.ownerId, heldOn: o.subject });
  if (!r.ok) {
    return say('The notes were not recorded as shared', reminderNoteCard({ title: 'The notes were not recorded as shared', lines: Object.values(r.errors), color: 'Attention' }));
  }
  const v = r.value;
  return {
    kind: 'notice',
    notice: v.already
      ? { text: `The notes of ${v.supervisee}'s supervision on ${v.heldOn} were already shared on ${v.sharedOn}.`, color: 'Good' }
      : {
          text: `Recorded: the notes of ${v.supervisee}'s supervision on ${v.heldOn} shared on ${v.sharedOn}${v.onTime ? '' : ` (after ${v.notesDueOn}: late, PS 11.4)`}.`,
          color: v.onTime ? 'Good' : 'Warning',
        },
  };
}

/** Leave an obligation out of the person's digests for `days` days; returns the snooze's last day. */
async function snooze(deps: ReminderDeps, person: Person, key: string, days: number, today: string): Promise<string> {
  const until = snoozeUntil(today, days);
  // The snooze keeps its date after it ends: that is how a later sweep knows to announce the
  // obligation once more when it is over.
  await deps.store.snoozeReminder(person.id, key, until);
  return until;
}

// ---- the same actions from the tab: Done with the date it was done, and Snooze --------------------

/** Why an action from the tab was not taken, in words for the person (never a file name). */
export type ActionRefusal =
  | { readonly ok: false; readonly reason: 'not-found'; readonly message: string }
  | { readonly ok: false; readonly reason: 'not-allowed'; readonly message: string }
  | { readonly ok: false; readonly reason: 'use-form'; readonly message: string; readonly form: 'summary' | 'note' | 'supervision' | 'nominate' }
  | { readonly ok: false; readonly reason: 'not-from-here'; readonly message: string }
  | { readonly ok: false; readonly reason: 'bad-date'; readonly message: string }
  /** A meeting's action: closed with a line on what was done (POST /api/tab/actions/:id/close). */
  | { readonly ok: false; readonly reason: 'use-close'; readonly message: string; readonly actionId: string }
  | { readonly ok: false; readonly reason: 'conflict'; readonly message: string };

/** An obligation the person may act on, by key, with its case; or why not. */
async function locateForAction(deps: ReminderDeps, person: Person, key: string, today: string, nowMs: number): Promise<{ located: Located; context: Ctx } | ActionRefusal> {
  const context = await storeRuleContext(deps.store, today, fromInstant(nowMs));
  const { byKey, cases } = await obligationsOfKeys(deps.store, [key], context);
  const obligation = byKey.get(key);
  if (!obligation) return { ok: false, reason: 'not-found', message: 'That item is no longer open: its dates have changed. Reload the page for the current list.' };
  const located: Located = { obligation, stored: obligation.caseId ? (cases.get(obligation.caseId) ?? null) : null };
  if (!mayAct(person, located, context.people, today)) {
    deps.logger.warn('tab action refused: no access', { personId: person.id, caseId: obligation.caseId, kind: obligation.kind });
    return {
      ok: false,
      reason: 'not-allowed',
      message: obligation.caseId
        ? `You cannot record anything on ${obligation.caseId}: it is not a case you lead, hold or manage. Ask its lead professional or their team manager.`
        : 'You cannot record this: it is about someone you do not supervise. Ask their manager.',
    };
  }
  return { located, context };
}

/** Record an obligation done on `doneOn` (the tab's Done, which asks for the date; the card's Mark
 * done records today). Only the kinds done with one date (lineAction "done") are recorded here; the
 * others say which form records them. */
export async function completeObligation(
  deps: ReminderDeps,
  person: Person,
  key: string,
  doneOn: string,
): Promise<{ readonly ok: true; readonly outcome: 'recorded' | 'already'; readonly what: string; readonly ref: string; readonly doneOn: string } | ActionRefusal> {
  const nowMs = deps.clock();
  const today = londonToday(nowMs);
  if (!isIsoDate(doneOn)) return { ok: false, reason: 'bad-date', message: `The date it was done is not a date (YYYY-MM-DD): ${JSON.stringify(doneOn)}.` };
  if (doneOn > today) return { ok: false, reason: 'bad-date', message: `The date it was done cannot be in the future (today is ${today}).` };
  const found = await locateForAction(deps, person, key, today, nowMs);
  if ('ok' in found) return found;
  const { obligation, stored } = found.located;
  const what = obligationLabel(obligation);
  const ref = obligation.caseId ?? 'supervision';
  const action = lineAction(obligation.kind);
  if (action.type === 'close') {
    return { ok: false, reason: 'use-close', actionId: obligation.actionId ?? '', message: `Action ${obligation.actionId ?? ''} is closed with a line on what was done.` };
  }
  if (action.type === 'notes-shared') {
    const r = await markNotesShared({ store: deps.store, clock: deps.clock, logger: deps.logger }, person, {
      superviseeId: obligation.personId,
      supervisorId: obligation.ownerId,
      heldOn: obligation.subject,
      sharedOn: doneOn,
    });
    if (!r.ok) return { ok: false, reason: 'bad-date', message: `The notes were not recorded as shared: ${Object.values(r.errors).join('; ')}` };
    deps.logger.info('tab action: notes shared', { personId: person.id, kind: obligation.kind, doneOn });
    return { ok: true, outcome: r.value.already ? 'already' : 'recorded', what, ref: r.value.supervisee, doneOn: r.value.sharedOn };
  }
  if (action.type === 'form') {
    const form = action.verb.slice(5) as 'summary' | 'note' | 'supervision' | 'nominate';
    return { ok: false, reason: 'use-form', form, message: `${what} is recorded with its form, not with a date.` };
  }
  if (action.type === 'tab' || !stored) {
    return {
      ok: false,
      reason: 'not-from-here',
      // Why, from the table of kinds (kinds.ts `card`).
      message: action.type === 'tab' ? action.why : 'This needs more than a date (for example the decision itself): record it in your case management system.',
    };
  }
  let outcome: 'recorded' | 'already' | 'impossible';
  try {
    outcome = await recordDone(deps.store, stored, key, found.context.ctx, doneOn);
  } catch (e) {
    if (e instanceof ConflictError) return { ok: false, reason: 'conflict', message: `${what} was not recorded: someone changed case ${ref} at the same moment. Reload and try again.` };
    if (e instanceof StoreValidationError) {
      // The store's problems name a field path ("cases[0].adviceRequests[0].receivedOn: advice received
      // before it was requested"): the person needs the words after it.
      const words = e.problems.length > 0 ? e.problems.map((p) => p.replace(/^[^:]*:\s*/, '')).join('; ') : e.message;
      return { ok: false, reason: 'bad-date', message: `${what} was not recorded: ${words}. Check the date it was done.` };
    }
    throw e;
  }
  deps.logger.info('tab action: done', { personId: person.id, caseId: obligation.caseId, kind: obligation.kind, outcome, doneOn });
  if (outcome === 'impossible') return { ok: false, reason: 'not-from-here', message: `${what} for ${ref} could not be recorded with a date: record it in your case management system.` };
  return { ok: true, outcome, what, ref, doneOn };
}

/** Snooze an obligation's reminders for `days` days from the tab (the digest's Snooze). */
export async function snoozeObligation(
  deps: ReminderDeps,
  person: Person,
  key: string,
  days: number,
): Promise<{ readonly ok: true; readonly what: string; readonly ref: string; readonly backOn: string } | ActionRefusal> {
  const nowMs = deps.clock();
  const today = londonToday(nowMs);
  if (!Number.isInteger(days) || days < 1 || days > 60) return { ok: false, reason: 'bad-date', message: `Snooze for 1 to 60 days, not ${days}.` };
  const found = await locateForAction(deps, person, key, today, nowMs);
  if ('ok' in found) return found;
  const { obligation } = found.located;
  const until = await snooze(deps, person, key, days, today);
  deps.logger.info('tab action: snoozed', { personId: person.id, caseId: obligation.caseId, kind: obligation.kind, days });
  return { ok: true, what: obligationLabel(obligation), ref: obligation.caseId ?? 'supervision', backOn: backOn(until) };
}

/** The digest as sent on `day`, each line with its state now (open, done, snoozed). */
async function refreshedDigest(
  deps: ReminderDeps,
  person: Person,
  p: { card: DigestCard; day: string; still: number; notice: DigestCardInput['notice']; fallbackKey: string; today: string; context: Ctx },
): Promise<AdaptiveCardJson> {
  const config = readReminderConfig(deps.env);
  const sent = await sentDigestLines(deps.store, person.id, p.card, p.day);
  const wanted: Array<{ obligationKey: string; stage: ReminderStage | null }> = sent ?? [{ obligationKey: p.fallbackKey, stage: null }];
  const [{ byKey, cases }, snoozes] = await Promise.all([
    obligationsOfKeys(
      deps.store,
      wanted.map((w) => w.obligationKey),
      p.context,
    ),
    deps.store.listSnoozes(person.id, p.today),
  ]);
  const peopleById = new Map(p.context.people.map((x) => [x.id, x]));
  const lines: DigestLine[] = [];
  for (const w of wanted) {
    const o = byKey.get(w.obligationKey);
    if (!o) continue;
    const stored = o.caseId ? cases.get(o.caseId) : undefined;
    if (stored && !canSeeCase(person, stored.case, p.today)) continue;
    const until = snoozes.get(o.key) ?? snoozes.get(w.obligationKey);
    const done = o.completedOn !== null || o.status === 'met' || o.status === 'met-late' || o.status === 'excepted';
    lines.push({
      obligationKey: w.obligationKey,
      kind: o.kind,
      label: obligationLabel(o),
      caseId: o.caseId,
      who: stored ? initials(stored.case.childName) : o.personId ? (peopleById.get(o.personId)?.name ?? o.personId) : '',
      ownerName: o.ownerId ? (peopleById.get(o.ownerId)?.name ?? o.ownerId) : null,
      due: o.due,
      stage: w.stage ?? (p.card === 'manager-digest' ? 'escalated' : o.status === 'overdue' ? 'overdue' : 'due-soon'),
      citation: o.citation,
      basis: o.basis,
      forInformation: p.card === 'digest' && o.kind === 'supervision-notes' && o.ownerId !== person.id,
      state: done ? 'done' : until !== undefined ? 'snoozed' : 'open',
      stateOn: done ? (o.completedOn?.slice(0, 10) ?? null) : until !== undefined ? backOn(until) : null,
    });
  }
  return digestCard({ card: p.card, day: p.day, lines, stillOverdue: p.still, graceDays: config.graceDays, tabUrl: config.tabUrl, notice: p.notice, links: config.links, recipient: person });
}
