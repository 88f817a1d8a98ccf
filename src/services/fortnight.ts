// The fortnight's card (docs/rules.md sections 4, 5 and 7; issue 17): on the summary deadline of each CMOOE
// meeting (M − 7, from the series' posting time, default 08:00 Europe/London) a card in the series'
// channel lists the series' CMOOE cases by reference and initials: reason, school days missing, whether
// this fortnight's summary is in (on time, late, missing), nominated or not, selected or not.
//
// - Posted once: a card of the card ledger, key `fortnight/<series>/<meeting date>` (services/card-ledger.ts).
// - Choosing there: the card is an Action.Execute card whose `refresh` names the chairs of the series
//   (and Business Support, who may remind): they see "Select"/"Withdraw" and "Remind" per case and "Open
//   in the tab"; everyone else the read-only card. A press is the chair's view's own service call
//   (services/chair.ts selectCase/unselectCase: same rules, same errors, same store record), and the card
//   is then updated in place for everyone (the activity, never a new post).
// - Remind: the case's inclusion lead gets a 1:1 card opening the summary form, once per case per meeting
//   (ledger key `fortnight-remind/<series>/<meeting>/<case>`).
// - One living agenda: the agenda of the meeting (posted two working days before, or asked for with
//   "agenda") is this same message, updated, with the Word document's link (services/agendas/poster.ts).
//
// Nothing on the card names a child: references, initials, and the nominating concern's first words only
// when they name no one (else "concern recorded").
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { cmooeReasonLabel } from '../domain/agenda/markdown.js';
import { meetingOnOrAfter, scheduleOf, summaryDeadline } from '../domain/cmooe.js';
import { fromDay, londonDayOfInstant, londonOffsetMs, toDay } from '../domain/dates.js';
import type { Person } from '../domain/model.js';
import type { CardClaim, CardMessage, CaseStore } from '../store/port.js';
import { NotFoundError } from '../store/port.js';
import { CaseNotFound, chairsSeries } from './access.js';
import { placeholderCard, postClaimedCard } from './card-ledger.js';
import { cardBytes, renderCard, TEAMS_CARD_LIMIT_BYTES } from './cards.js';
import { chairView, selectCase, unselectCase, type ChairView } from './chair.js';
import { AccessDeniedError, BadRequestError, SnapshotSource, type Snapshot } from './dashboard.js';
import { tabLink, type TabLinkConfig } from './deep-links.js';
import type { Logger } from './log.js';
import type { AdaptiveCardJson, Messenger } from './messenger.js';
import { limiterFor, type SendLimiter } from './reminders/limiter.js';
import { agendaDocumentPath, agendaDocx, buildAgenda } from './agendas/build.js';
import { DEFAULT_POST_AT, readAgendaChannels } from './agendas/channels.js';
import { DOCX_CONTENT_TYPE, documentLinkOf, type DocumentStore } from './agendas/documents.js';
import { longDate, shortDate } from './agendas/docx.js';
import { agendaCaseIds, recordDocument } from './agendas/access.js';
import { directRecorder, type AccessRecorder, type Actor } from './access-log.js';

export const FORTNIGHT_PREFIX = 'fortnight/';
export const REMIND_PREFIX = 'fortnight-remind/';

export function fortnightKey(seriesId: string, meetingOn: string): string {
  return `${FORTNIGHT_PREFIX}${seriesId}/${meetingOn}`;
}

export function remindKey(seriesId: string, meetingOn: string, caseId: string): string {
  return `${REMIND_PREFIX}${seriesId}/${meetingOn}/${caseId}`;
}

export interface FortnightDeps {
  readonly store: CaseStore;
  readonly messenger: Messenger;
  readonly logger: Logger;
  /** Where the agenda's Word file is saved (the living agenda); without it the card carries no link. */
  readonly documents?: DocumentStore | null;
  readonly limiter?: SendLimiter;
  /** Links to the chair's view (deep-links.ts); none: the card has no "Open in the tab". */
  readonly tabLinks?: TabLinkConfig | null;
  /** The snapshot to read (the server's shared one); default: a fresh one from the store at `now`. */
  readonly snapshots?: SnapshotSource;
  /** Where the access record of a saved agenda document goes (the server's access log); default: the store. */
  readonly access?: AccessRecorder | null;
}

// ---- what the card says ---------------------------------------------------------------------------

/** Words that start with a capital letter but name no one (the start of a sentence aside). */
const NOT_NAMES = new Set([
  'I',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Year',
]);

/** The first words of a nominating concern, if they name no one; null otherwise (the card then says
 * "concern recorded"). Conservative: any word of a known name (a child's or a person's), and any
 * capitalised word after the first that is not an acronym, a day or a month, counts as a name. */
export function concernOpening(concern: string, knownNames: readonly string[], words = 6): string | null {
  const all = concern.trim().split(/\s+/).filter(Boolean);
  if (all.length === 0) return null;
  const shown = all.slice(0, words);
  const known = new Set(
    knownNames
      .flatMap((n) => n.toLowerCase().split(/[\s-]+/))
      .map((w) => w.replace(/[^\p{L}]/gu, ''))
      .filter((w) => w.length > 1),
  );
  for (const [i, raw] of shown.entries()) {
    const w = raw.replace(/[^\p{L}'-]/gu, '');
    const letters = w.replace(/[^\p{L}]/gu, '');
    if (letters.length === 0) continue;
    if (known.has(letters.toLowerCase())) return null;
    if (w.split(/['-]/).some((part) => known.has(part.toLowerCase()))) return null;
    const capital = /^\p{Lu}/u.test(letters);
    const acronym = letters.length > 1 && letters === letters.toUpperCase();
    if (i > 0 && capital && !acronym && !NOT_NAMES.has(letters)) return null;
  }
  return `${shown.join(' ')}${all.length > words ? '…' : ''}`;
}

/** The reader of the channel: what anyone in the channel sees is what a chair of the series sees of
 * its cases, without the chair's buttons (chairView's candidates are the same for every chair). */
function channelReader(seriesId: string): Person {
  return { id: 'channel', name: 'channel', email: null, aadObjectId: null, roles: ['cmooe-chair'], team: null, locality: null, managerId: null, startedOn: null, chairs: [seriesId] };
}

/** May this person remind from the card: a chair of the series or Business Support. */
export function mayRemind(person: Person, seriesId: string): boolean {
  return chairsSeries(person, seriesId) || person.roles.includes('business-support');
}

export interface CardOptions {
  /** The person the card is for (their buttons), or null: the read-only card everyone sees. */
  readonly viewer: Person | null;
  /** Teams user ids (MRIs) whose client refreshes the card for their own buttons. */
  readonly refreshUserIds: readonly string[];
  /** The agenda's Word document, once saved (the living agenda). */
  readonly documentUrl?: string | null;
  /** A line for the viewer only (what their press did, or why it was refused). */
  readonly notice?: { readonly text: string; readonly color: 'Good' | 'Attention' } | null;
  readonly tabLinks?: TabLinkConfig | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Room left under Teams' 28 KB limit for the activity around the card. */
const CARD_BUDGET_BYTES = TEAMS_CARD_LIMIT_BYTES - 2 * 1024;

/** The card of one meeting, from the chair's view of the same snapshot (docs/rules.md section 4). A
 * series with very many CMOOE cases shows as many as fit (summaries in first, then the most school
 * days missing) and says how many more are in the tab. */
export function fortnightCard(snapshot: Snapshot, seriesId: string, meetingOn: string, options: CardOptions): AdaptiveCardJson {
  const view: ChairView = chairView(snapshot, channelReader(seriesId), seriesId, meetingOn);
  let shown = view.candidates.length;
  let card = cardOf(snapshot, view, seriesId, options, shown);
  while (cardBytes(card) > CARD_BUDGET_BYTES && shown > 1) {
    shown = Math.floor(shown * 0.8);
    card = cardOf(snapshot, view, seriesId, options, shown);
  }
  return card;
}

function cardOf(snapshot: Snapshot, view: ChairView, seriesId: string, options: CardOptions, shown: number): AdaptiveCardJson {
  const viewer = options.viewer;
  const chair = viewer !== null && chairsSeries(viewer, seriesId);
  const reminds = viewer !== null && mayRemind(viewer, seriesId);
  const selectable = chair && view.selection.state === 'open';
  const names = [...snapshot.file.cases.map((c) => c.childName), ...snapshot.file.people.map((p) => p.name)];
  const concern = new Map(view.nominations.map((n) => [n.caseId, concernOpening(n.concern, names)]));
  const missing = view.candidates.filter((c) => c.summary === null).length;

  const body: Array<Record<string, unknown>> = [
    { type: 'TextBlock', text: `${view.series.title}: the fortnight's summaries`, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: `Meeting ${longDate(view.meetingOn)} · summaries were due ${shortDate(view.summaryDeadline)}`, isSubtle: true, spacing: 'None', wrap: true },
  ];
  if (options.notice) body.push({ type: 'TextBlock', text: options.notice.text, color: options.notice.color, weight: 'Bolder', wrap: true });
  body.push({
    type: 'TextBlock',
    wrap: true,
    text:
      view.candidates.length === 0
        ? 'No case of this series is CMOOE today.'
        : `${plural(view.candidates.length, 'CMOOE case')}; ${plural(missing, 'summary', 'summaries')} missing; ${view.nominations.length} nominated; ${view.selections.length} selected.`,
  });
  for (const c of view.candidates.slice(0, shown)) {
    const summary = c.summary === null ? 'summary missing' : `summary ${c.summary.onTime ? 'on time' : 'late'} (${shortDate(c.summary.submittedOn)})`;
    const opening = concern.get(c.caseId);
    const nominated = c.nominated ? `nominated: ${opening ? `"${opening}"` : 'concern recorded'}` : 'not nominated';
    const parts = [cmooeReasonLabel(c.cmooeReason), `${plural(c.schoolDaysMissing, 'school day')} missing`, summary, nominated];
    if (c.selected) parts.push('selected');
    const item: Record<string, unknown> = {
      type: 'Container',
      separator: true,
      items: [
        { type: 'TextBlock', text: `${c.caseId} ${c.initials}`, weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: parts.join(' · '), spacing: 'None', wrap: true, ...(c.summary === null ? { color: 'Attention' } : {}) },
      ],
    };
    const buttons: Array<Record<string, unknown>> = [];
    const data = { seriesId, meetingOn: view.meetingOn, caseId: c.caseId };
    if (selectable) {
      buttons.push(
        c.selected ? { type: 'Action.Execute', title: 'Withdraw', verb: 'fortnight.withdraw', data } : { type: 'Action.Execute', title: 'Select', verb: 'fortnight.select', data, style: 'positive' },
      );
    }
    if (reminds && c.summary === null && view.selection.state !== 'after') buttons.push({ type: 'Action.Execute', title: 'Remind', verb: 'fortnight.remind', data });
    if (buttons.length > 0) (item.items as unknown[]).push({ type: 'ActionSet', actions: buttons });
    body.push(item);
  }
  if (shown < view.candidates.length) {
    body.push({ type: 'TextBlock', wrap: true, text: `Showing ${shown} of ${view.candidates.length} cases (too many for one card): the others are in the tab's chair's view.` });
  }
  if (chair && !selectable && view.selection.why) body.push({ type: 'TextBlock', text: view.selection.why, isSubtle: true, wrap: true });
  // The living agenda: the agenda as it stands (what the agenda posted two working days before lists).
  const items = view.agenda.items.map((i) => `${i.caseId} ${i.initials}`);
  body.push({
    type: 'TextBlock',
    separator: true,
    wrap: true,
    text: items.length === 0 ? 'Agenda: no case is nominated or selected yet.' : `Agenda: ${plural(items.length, 'case')}: ${items.join(', ')}`,
  });
  const document = options.documentUrl ? documentLinkOf(options.documentUrl) : null;
  if (document?.note) body.push({ type: 'TextBlock', text: document.note, isSubtle: true, size: 'Small', wrap: true });
  body.push({ type: 'TextBlock', text: 'Names and summaries are in the Word document and the tab, never in the channel (docs/rules.md section 7).', isSubtle: true, size: 'Small', wrap: true });

  const actions: Array<Record<string, unknown>> = [];
  if (document?.url) actions.push({ type: 'Action.OpenUrl', title: 'Open the agenda (Word)', url: document.url });
  // Where Teams does not refresh the card by itself (more than 60 chairs and Business Support, someone
  // recognised only by email, a client without Universal Actions' refresh): the chair asks for it.
  if (viewer === null && view.selection.state !== 'after') actions.push({ type: 'Action.Execute', title: "Chair's buttons", verb: 'fortnight.refresh', data: { seriesId, meetingOn: view.meetingOn } });
  // The agenda card's "Record outcomes" (the chair or Business Support get the forms in their 1:1 chat):
  // on the living agenda once the agenda is out, or from the meeting day.
  if (options.documentUrl || view.record.state !== 'before') {
    actions.push({ type: 'Action.Submit', title: 'Record outcomes', data: { action: 'meeting.record', seriesId, meetingOn: view.meetingOn } });
  }
  if ((chair || reminds) && options.tabLinks) {
    actions.push({ type: 'Action.OpenUrl', title: 'Open in the tab', url: tabLink(options.tabLinks, { path: ['chair'], query: { series: seriesId, meeting: view.meetingOn } }) });
  }
  const refreshData = { seriesId, meetingOn: view.meetingOn };
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    refresh: { action: { type: 'Action.Execute', title: 'Refresh', verb: 'fortnight.refresh', data: refreshData }, userIds: [...options.refreshUserIds] },
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/** The Teams user ids (MRIs) of the chairs of the series and of Business Support: those refreshing the
 * card for their buttons. A stored 1:1 conversation's user id where known, else the Entra form. */
export async function refreshUserIds(store: CaseStore, snapshot: Snapshot, seriesId: string): Promise<string[]> {
  const out: string[] = [];
  // The chairs first: Teams refreshes for the first 60 only.
  const people = [...snapshot.file.people.filter((p) => chairsSeries(p, seriesId)), ...snapshot.file.people.filter((p) => !chairsSeries(p, seriesId))];
  for (const p of people) {
    if (!mayRemind(p, seriesId)) continue;
    const [conversation] = await store.listConversations({ scope: 'personal', personId: p.id });
    const user = (conversation?.reference as { user?: { id?: unknown } } | undefined)?.user?.id;
    if (typeof user === 'string' && user.length > 0) out.push(user);
    else if (p.aadObjectId) out.push(`8:orgid:${p.aadObjectId}`);
  }
  // Teams refreshes automatically for at most 60 users.
  return [...new Set(out)].slice(0, 60);
}

// ---- posting on the deadline ----------------------------------------------------------------------

export interface DueFortnight {
  readonly key: string;
  readonly seriesId: string;
  readonly meetingOn: string;
  readonly teamId: string;
  readonly channelId: string;
}

/** The fortnight cards due at `now`: for each series with a channel, its next meeting M (today or
 * later), from the summary deadline (M − lead days) at the posting time until M. */
export async function dueFortnightCards(store: CaseStore, snapshot: Snapshot, now: number): Promise<DueFortnight[]> {
  const config = await readAgendaChannels(store);
  const today = londonDayOfInstant(now);
  const minute = Math.floor(((((now + londonOffsetMs(now)) % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
  const lead = snapshot.policy.policy.parameters.cmooeSummaryLeadDays;
  const out: DueFortnight[] = [];
  for (const [seriesId, c] of Object.entries(config.series ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const series = snapshot.file.meetingSeries.find((s) => s.id === seriesId);
    if (!series) continue;
    const meeting = meetingOnOrAfter(scheduleOf(series), today);
    const postOn = summaryDeadline(meeting, lead);
    const postAt = c.postAt ?? DEFAULT_POST_AT;
    const at = Number(postAt.slice(0, 2)) * 60 + Number(postAt.slice(3, 5));
    if (today > postOn || (today === postOn && minute >= at)) {
      const meetingOn = fromDay(meeting);
      out.push({ key: fortnightKey(seriesId, meetingOn), seriesId, meetingOn, teamId: c.teamId, channelId: c.channelId });
    }
  }
  return out;
}

export interface FortnightRun {
  readonly posted: string[];
  readonly alreadyPosted: string[];
  readonly failed: Array<{ readonly key: string; readonly error: string }>;
}

function takeable(c: CardClaim, staleBefore: number): boolean {
  return c.state === 'released' || c.state === 'unreachable' || Date.parse(c.claimedAt) < staleBefore;
}

/** Post every fortnight card due at `now` that no instance has posted (claimed first, then posted). */
export async function postDueFortnightCards(deps: FortnightDeps, now: number, options: { signal?: AbortSignal; retryAfterMinutes?: number } = {}): Promise<FortnightRun> {
  const result: FortnightRun = { posted: [], alreadyPosted: [], failed: [] };
  const config = await readAgendaChannels(deps.store);
  if (Object.keys(config.series ?? {}).length === 0) return result;
  const snapshot = await new SnapshotSource(deps.store, () => now).get();
  for (const d of await dueFortnightCards(deps.store, snapshot, now)) {
    if (options.signal?.aborted) break;
    try {
      const outcome = await postFortnightCard(deps, d, snapshot, now, { retryAfterMinutes: options.retryAfterMinutes ?? 5, documentUrl: null });
      (outcome === 'posted' ? result.posted : result.alreadyPosted).push(d.key);
    } catch (e) {
      deps.logger.error('fortnight card not posted', { key: d.key, error: e instanceof Error ? e.name : 'error' });
      result.failed.push({ key: d.key, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return result;
}

/** Post one meeting's fortnight card unless some instance has: 'already' when it is posted or being
 * posted elsewhere. Failures are thrown (the claim is taken over by a run after the retry time). */
export async function postFortnightCard(
  deps: FortnightDeps,
  d: DueFortnight,
  snapshot: Snapshot,
  now: number,
  options: { readonly retryAfterMinutes: number; readonly documentUrl: string | null },
): Promise<'posted' | 'already'> {
  const existing = (await deps.store.listCards(d.key)).find((c) => c.key === d.key) ?? null;
  if (existing && (existing.state === 'sent' || existing.state === 'superseded' || !takeable(existing, now - options.retryAfterMinutes * 60_000))) return 'already';
  const holder = randomUUID();
  const at = new Date(now).toISOString();
  const [claim] = await deps.store.claimCards([
    { key: d.key, recipientId: `channel:${d.teamId}/${d.channelId}`, holder, at, lines: [], ...(existing ? { replaces: { holder: existing.holder, version: existing.version } } : {}) },
  ]);
  if (!claim) return 'already';
  const card = fortnightCard(snapshot, d.seriesId, d.meetingOn, {
    viewer: null,
    refreshUserIds: await refreshUserIds(deps.store, snapshot, d.seriesId),
    documentUrl: options.documentUrl,
    tabLinks: deps.tabLinks ?? null,
  });
  const title = snapshot.file.meetingSeries.find((s) => s.id === d.seriesId)?.title ?? d.seriesId;
  const summary = `${title}: the fortnight's summaries for the meeting of ${d.meetingOn}`;
  const limiter = deps.limiter ?? limiterFor(deps.messenger);
  const outcome = await postClaimedCard(
    { store: deps.store, messenger: deps.messenger, limiter },
    claim,
    { kind: 'channel', teamId: d.teamId, channelId: d.channelId },
    { card: placeholderCard(summary, 'The cases follow.'), summary },
    card,
  );
  if (outcome.kind === 'lost') return 'already';
  if (outcome.kind === 'unreachable') throw new Error(`the bot is not installed in team ${d.teamId}, or cannot post to channel ${d.channelId}`);
  await deps.store.updateCards([{ key: d.key, holder, version: outcome.claim.version, state: 'sent', sentAt: at }]);
  deps.logger.info('fortnight card posted', { key: d.key, activityId: outcome.message.activityId, recovered: existing !== null });
  return 'posted';
}

/** Is the meeting's selection window open on the snapshot's day (M − lead days to M)? */
export function fortnightOpen(snapshot: Snapshot, meetingOn: string): boolean {
  const deadline = fromDay(summaryDeadline(toDay(meetingOn), snapshot.policy.policy.parameters.cmooeSummaryLeadDays));
  return deadline <= snapshot.today && snapshot.today <= meetingOn;
}

/** Where the fortnight card of a meeting is in Teams (null: not posted). */
export async function fortnightMessage(store: CaseStore, seriesId: string, meetingOn: string): Promise<CardMessage | null> {
  const key = fortnightKey(seriesId, meetingOn);
  const claim = (await store.listCards(key)).find((c) => c.key === key);
  return claim?.message ?? null;
}

/** Has the agenda of this meeting been posted (two working days before)? */
async function agendaPosted(store: CaseStore, seriesId: string, meetingOn: string): Promise<boolean> {
  const key = `agenda/${seriesId}/${meetingOn}`;
  return (await store.listCards(key)).some((c) => c.key === key && c.state === 'sent');
}

/** Where the agenda documents of recent meetings were saved ("<series>/<date>" -> link): the card's
 * Word link comes from here, never from the card's own data (which the client sends back). */
export const AGENDA_DOCUMENTS_SETTING = 'agenda.documents';

export async function agendaDocumentOf(store: CaseStore, seriesId: string, meetingOn: string): Promise<string | null> {
  const all = (await store.getSetting(AGENDA_DOCUMENTS_SETTING)) as Record<string, unknown> | null;
  const url = all?.[`${seriesId}/${meetingOn}`];
  return typeof url === 'string' ? url : null;
}

/** Remember where a meeting's agenda document is (meetings of the last 60 days are kept). */
export async function rememberAgendaDocument(store: CaseStore, seriesId: string, meetingOn: string, url: string): Promise<void> {
  const all = ((await store.getSetting(AGENDA_DOCUMENTS_SETTING)) ?? {}) as Record<string, unknown>;
  const since = new Date(Date.parse(`${meetingOn}T00:00:00Z`) - 60 * 86_400_000).toISOString().slice(0, 10);
  const kept = Object.fromEntries(Object.entries(all).filter(([k, v]) => typeof v === 'string' && (k.split('/')[1] ?? '') >= since));
  await store.putSetting(AGENDA_DOCUMENTS_SETTING, { ...kept, [`${seriesId}/${meetingOn}`]: url });
}

/** Save the meeting's agenda (Word) as it stands now, and remember where: its link. The document names
 * children, so who had it made goes in the access record (docs/rules.md section 7). */
export async function saveAgendaDocument(
  store: CaseStore,
  documents: DocumentStore,
  seriesId: string,
  meetingOn: string,
  snapshot: Snapshot,
  made: { readonly by: Pick<Person, 'id'> | Actor; readonly access?: AccessRecorder | null; readonly at: string },
): Promise<string> {
  const built = await buildAgenda(store, { kind: 'cmooe', seriesId, meetingOn }, snapshot.calendar);
  const { url } = await documents.save(agendaDocumentPath(built), await agendaDocx(built), DOCX_CONTENT_TYPE);
  await recordDocument(made.access ?? directRecorder(store), made.by, agendaCaseIds(built), agendaDocumentPath(built), made.at);
  await rememberAgendaDocument(store, seriesId, meetingOn, url);
  return url;
}

/** Update the card in the channel in place (the read-only card, for everyone): false if it was never posted. */
export async function updateFortnightCard(
  deps: Pick<FortnightDeps, 'store' | 'messenger' | 'tabLinks'>,
  snapshot: Snapshot,
  seriesId: string,
  meetingOn: string,
  documentUrl: string | null,
): Promise<boolean> {
  const message = await fortnightMessage(deps.store, seriesId, meetingOn);
  if (message === null) return false;
  const card = fortnightCard(snapshot, seriesId, meetingOn, { viewer: null, refreshUserIds: await refreshUserIds(deps.store, snapshot, seriesId), documentUrl, tabLinks: deps.tabLinks ?? null });
  await deps.messenger.updateCard(message, card);
  return true;
}

// ---- presses on the card (Action.Execute) -----------------------------------------------------------

export type FortnightAnswer = { readonly kind: 'card'; readonly card: AdaptiveCardJson };

const actionData = z.object({
  seriesId: z.string().min(1),
  meetingOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  caseId: z.string().min(1).optional(),
});

/** A refusal the person should read (the chair's view's own errors). */
function refusal(e: unknown): string | null {
  if (e instanceof AccessDeniedError || e instanceof BadRequestError || e instanceof CaseNotFound || e instanceof NotFoundError) return e.message;
  return null;
}

/** Answer a press on the fortnight card: `fortnight.refresh`, `fortnight.select`, `fortnight.withdraw`,
 * `fortnight.remind`. The answer is the card as this person sees it; a change also updates the card in
 * the channel for everyone. */
export async function handleFortnightAction(deps: FortnightDeps & { readonly clock: () => number }, person: Person, verb: string, raw: Record<string, unknown>): Promise<FortnightAnswer> {
  const parsed = actionData.safeParse(raw);
  const source = deps.snapshots ?? new SnapshotSource(deps.store, deps.clock);
  if (!parsed.success) {
    return { kind: 'card', card: problemCard('This card is not one I can act on (it lacks its meeting). Say "agenda" in the channel for a fresh one.') };
  }
  const data = parsed.data;
  const saved = await agendaDocumentOf(deps.store, data.seriesId, data.meetingOn);
  const render = async (snapshot: Snapshot, notice: CardOptions['notice'] = null, documentUrl: string | null = saved) =>
    fortnightCard(snapshot, data.seriesId, data.meetingOn, {
      viewer: person,
      refreshUserIds: await refreshUserIds(deps.store, snapshot, data.seriesId),
      documentUrl,
      notice,
      tabLinks: deps.tabLinks ?? null,
    });
  const before = await source.get();
  // The card is for the channel of the series: the same rules as the chair's view for who sees what.
  try {
    if (verb === 'fortnight.refresh') {
      // Someone with no buttons here who asked for them (the refresh itself comes only for those named).
      const none = !chairsSeries(person, data.seriesId) && !mayRemind(person, data.seriesId);
      const title = before.file.meetingSeries.find((s) => s.id === data.seriesId)?.title ?? data.seriesId;
      return {
        kind: 'card',
        card: await render(
          before,
          none ? { text: `Choosing the cases is for the chair of ${title}, and reminding for the chair and Business Support (docs/rules.md section 4).`, color: 'Attention' } : null,
        ),
      };
    }
    if (verb !== 'fortnight.select' && verb !== 'fortnight.withdraw' && verb !== 'fortnight.remind') {
      return { kind: 'card', card: await render(before, { text: `I do not know the button "${verb}".`, color: 'Attention' }) };
    }
    const caseId = data.caseId;
    if (caseId === undefined) return { kind: 'card', card: await render(before, { text: 'This button lacks its case reference.', color: 'Attention' }) };
    if (verb === 'fortnight.remind') {
      const text = await remind(deps, before, person, data.seriesId, data.meetingOn, caseId);
      return { kind: 'card', card: await render(before, { text, color: 'Good' }) };
    }
    const request = { caseId, seriesId: data.seriesId, meetingOn: data.meetingOn };
    if (verb === 'fortnight.select') await selectCase(deps.store, source, person, request);
    else await unselectCase(deps.store, source, person, request);
    deps.logger.info(verb === 'fortnight.select' ? 'chair selected a case from the channel card' : 'chair withdrew a selection from the channel card', { ...request, by: person.id });
    source.invalidate();
    const after = await source.fresh();
    // The living agenda: once the agenda is posted, its Word document follows the selection.
    let documentUrl = saved;
    if (deps.documents && (await agendaPosted(deps.store, data.seriesId, data.meetingOn))) {
      documentUrl = await saveAgendaDocument(deps.store, deps.documents, data.seriesId, data.meetingOn, after, { by: person, access: deps.access ?? null, at: new Date(deps.clock()).toISOString() });
    }
    await updateFortnightCard(deps, after, data.seriesId, data.meetingOn, documentUrl);
    const done = verb === 'fortnight.select' ? `${caseId} is on the agenda of ${longDate(data.meetingOn)}.` : `${caseId} is off the agenda of ${longDate(data.meetingOn)}.`;
    return { kind: 'card', card: await render(after, { text: done, color: 'Good' }, documentUrl) };
  } catch (e) {
    const why = refusal(e);
    if (why === null) throw e;
    deps.logger.info('fortnight card press refused', { verb, by: person.id, seriesId: data.seriesId, meetingOn: data.meetingOn, error: e instanceof Error ? e.name : 'error' });
    return { kind: 'card', card: await render(before, { text: why, color: 'Attention' }) };
  }
}

function problemCard(text: string): AdaptiveCardJson {
  return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text, wrap: true, color: 'Attention' }] };
}

/** "Remind": the inclusion lead of a case whose summary is missing gets a 1:1 card opening the summary
 * form, once per case per meeting. Returns what to tell the person who pressed. */
async function remind(deps: FortnightDeps & { readonly clock: () => number }, snapshot: Snapshot, person: Person, seriesId: string, meetingOn: string, caseId: string): Promise<string> {
  if (!mayRemind(person, seriesId)) throw new AccessDeniedError('Reminding an inclusion lead from this card is for the chair of the meeting and Business Support.');
  const view = chairView(snapshot, channelReader(seriesId), seriesId, meetingOn);
  const candidate = view.candidates.find((c) => c.caseId === caseId);
  if (candidate === undefined) throw new CaseNotFound(caseId);
  if (candidate.summary !== null) return `${caseId}: this fortnight's summary is in (${shortDate(candidate.summary.submittedOn)}); no reminder is needed.`;
  if (view.selection.state === 'after') throw new BadRequestError(`The meeting of ${longDate(meetingOn)} has taken place.`);
  const c = snapshot.cases.get(caseId);
  const leadId = c?.inclusionLeadId ?? null;
  const lead = leadId !== null ? snapshot.people.get(leadId) : undefined;
  if (lead === undefined) throw new BadRequestError(`${caseId} has no inclusion lead recorded to remind: set one in the case file.`);
  const key = remindKey(seriesId, meetingOn, caseId);
  const existing = (await deps.store.listCards(key)).find((k) => k.key === key) ?? null;
  const now = deps.clock();
  if (existing && (existing.state === 'sent' || existing.state === 'posted' || !takeable(existing, now - 5 * 60_000))) {
    return `${lead.name} was already reminded about ${caseId} for this meeting${existing.sentAt ? ` (${existing.sentAt.slice(0, 10)})` : ''}.`;
  }
  const holder = randomUUID();
  const at = new Date(now).toISOString();
  const [claim] = await deps.store.claimCards([{ key, recipientId: lead.id, holder, at, lines: [], ...(existing ? { replaces: { holder: existing.holder, version: existing.version } } : {}) }]);
  if (!claim) return `${lead.name} was already reminded about ${caseId} for this meeting.`;
  const title = `CMOOE summary needed: ${caseId} ${candidate.initials}`;
  const card = renderCard('reminder-note', {
    title,
    lines: [
      `${view.series.title} meets on ${longDate(meetingOn)}. This fortnight's summary for ${caseId} was due on ${shortDate(view.summaryDeadline)} and is not in yet.`,
      `${person.name} asked for it from the meeting's channel.`,
    ],
    color: 'Attention',
    showForm: true,
    formVerb: 'form.summary',
    formTitle: 'Write the summary',
    formData: { caseId },
    showTab: false,
    tabUrl: '',
  });
  const outcome = await postClaimedCard(
    { store: deps.store, messenger: deps.messenger, limiter: deps.limiter ?? limiterFor(deps.messenger) },
    claim,
    { kind: 'person', personId: lead.id },
    { card: placeholderCard(title, 'The summary form follows.'), summary: title },
    card,
  );
  if (outcome.kind === 'lost') return `${lead.name} was already reminded about ${caseId} for this meeting.`;
  if (outcome.kind === 'unreachable') throw new BadRequestError(`${lead.name} cannot be reached in Teams (the app is not installed for them); tell them another way.`);
  await deps.store.updateCards([{ key, holder, version: outcome.claim.version, state: 'sent', sentAt: at }]);
  deps.logger.info('summary reminder sent from the channel card', { caseId, seriesId, meetingOn, to: lead.id, by: person.id });
  return `${lead.name} has been sent the summary form for ${caseId}.`;
}
