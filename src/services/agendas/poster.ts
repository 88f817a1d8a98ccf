// Posting agendas to their channels at the right time, exactly once per meeting across instances:
// - a CMOOE series: from `postAt` (default 08:00 Europe/London) on the day `leadWorkingDays` working
//   days before the meeting (default two), until the meeting day;
// - the weekly meeting: every Monday from `postAt`, to the service managers' channel (PS 4.1);
// - the termly notice: from two weeks before each configured term starts (PS 7.6), to Business Support.
// Each post is a card of the card ledger, key `agenda/<series>/<date>`, posted exactly once across
// instances and crashes (src/services/card-ledger.ts: the claim, a placeholder whose place is recorded,
// then the card filled in); a claim left by a crash or a failure is taken over by a run after the
// retry time (5 minutes), and a stopping server (options.signal) claims nothing new.
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { TabLinkConfig } from '../deep-links.js';
import type { Calendar } from '../../domain/calendar/index.js';
import { calendarFor } from '../../domain/obligations.js';
import { meetingOnOrAfter, scheduleOf } from '../../domain/cmooe.js';
import { fromDay, londonDayOfInstant, londonOffsetMs, toDay, weekday, type Day } from '../../domain/dates.js';
import { TERMLY_NOTICE_LEAD_DAYS } from '../../domain/agenda/termly.js';
import { WEEKLY_SERIES_ID } from '../../domain/agenda/weekly.js';
import type { MeetingSeries } from '../../domain/model.js';
import type { CardClaim, CaseStore } from '../../store/port.js';
import { placeholderCard, postClaimedCard } from '../card-ledger.js';
import type { Logger } from '../log.js';
import type { Messenger } from '../messenger.js';
import { limiterFor, type SendLimiter } from '../reminders/limiter.js';
import { StoppingError, type Shutdown } from '../shutdown.js';
import { publishDueMinutes } from '../minutes.js';
import { SnapshotSource } from '../dashboard.js';
import { fortnightCard, fortnightMessage, postDueFortnightCards, refreshUserIds, rememberAgendaDocument } from '../fortnight.js';
import { agendaChannelCard, agendaDocumentPath, agendaDocx, agendaSummaryText, buildAgenda, buildAgendaFromFile, type AgendaRequest } from './build.js';
import { AGENDA_POSTER, agendaCaseIds, recordDocument } from './access.js';
import { directRecorder, type AccessRecorder } from '../access-log.js';
import { DEFAULT_LEAD_WORKING_DAYS, DEFAULT_POST_AT, readAgendaChannels, type AgendaChannels } from './channels.js';
import { DOCX_CONTENT_TYPE, type DocumentStore } from './documents.js';

export interface AgendaPosterDeps {
  readonly store: CaseStore;
  readonly messenger: Messenger;
  readonly documents: DocumentStore;
  readonly logger: Logger;
  /** The service calendar; default: bank holidays and the store's school holidays. */
  readonly calendar?: Calendar;
  /** Default: the limiter of the messenger (one per process). */
  readonly limiter?: SendLimiter;
  /** The process's shutdown (a server): scheduled runs go through it, so SIGTERM stops them cleanly. */
  readonly shutdown?: Shutdown;
  /** The server's snapshot of the service (read-model.ts): the series, the calendar and the agendas'
   * cases are read from it (one delta round of the change feed) instead of from the store. */
  readonly snapshots?: SnapshotSource;
  /** Where the access record of the Word documents goes (the server's access log); default: the store, directly. */
  readonly access?: AccessRecorder;
}

export interface PostOptions {
  /** Where the cards link: the tab (`tabUrl`), and the exact pages when `tabLinks` is given. */
  readonly tabUrl?: string;
  readonly tabLinks?: TabLinkConfig;
  /** When aborted, nothing new is claimed (a post under way is finished). */
  readonly signal?: AbortSignal;
  /** A claim older than this that was never posted is taken over (default 5). */
  readonly retryAfterMinutes?: number;
}

export interface DueAgenda {
  /** The ledger key: agenda/<series>/<meeting date> (weekly: the Monday; termly: the term start). */
  readonly key: string;
  readonly request: AgendaRequest;
  readonly teamId: string;
  readonly channelId: string;
}

export interface PostResult {
  readonly posted: Array<DueAgenda & { readonly documentUrl: string; readonly activityId: string }>;
  /** Already posted (claimed by this or another instance). */
  readonly alreadyPosted: string[];
  readonly failed: Array<{ readonly key: string; readonly error: string }>;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Is it time on `today` (at London minute `minute`) for something posted from `postOn` at `postAt`? */
function reached(today: Day, minute: number, postOn: Day, postAt: string): boolean {
  return today > postOn || (today === postOn && minute >= minutesOf(postAt));
}

/** What is due to be posted at the instant `now` (pure: the configuration, series and calendar in). */
export function dueAgendas(config: AgendaChannels, meetingSeries: readonly MeetingSeries[], calendar: Calendar, now: number): DueAgenda[] {
  const today = londonDayOfInstant(now);
  const minute = Math.floor(((((now + londonOffsetMs(now)) % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
  const out: DueAgenda[] = [];
  for (const [seriesId, c] of Object.entries(config.series ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const series = meetingSeries.find((s) => s.id === seriesId);
    if (!series) continue;
    const meeting = meetingOnOrAfter(scheduleOf(series), today);
    const postOn = calendar.addWorkingDays(meeting, -(c.leadWorkingDays ?? DEFAULT_LEAD_WORKING_DAYS));
    if (reached(today, minute, postOn, c.postAt ?? DEFAULT_POST_AT)) {
      const meetingOn = fromDay(meeting);
      out.push({ key: `agenda/${seriesId}/${meetingOn}`, request: { kind: 'cmooe', seriesId, meetingOn }, teamId: c.teamId, channelId: c.channelId });
    }
  }
  if (config.weekly && weekday(today) === 0 && minute >= minutesOf(config.weekly.postAt ?? DEFAULT_POST_AT)) {
    const meetingOn = fromDay(today);
    out.push({ key: `agenda/${WEEKLY_SERIES_ID}/${meetingOn}`, request: { kind: 'weekly', meetingOn }, teamId: config.weekly.teamId, channelId: config.weekly.channelId });
  }
  if (config.termly) {
    for (const term of config.termly.terms ?? []) {
      const start = toDay(term.start);
      if (today < start && reached(today, minute, start - TERMLY_NOTICE_LEAD_DAYS, config.termly.postAt ?? DEFAULT_POST_AT)) {
        out.push({ key: `agenda/termly/${term.start}`, request: { kind: 'termly', termStart: term.start, termEnd: term.end }, teamId: config.termly.teamId, channelId: config.termly.channelId });
      }
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Post every agenda due at `now` that no instance has posted yet. Failures are logged and returned
 * (never swallowed); a failed post keeps its claim, taken over by a run after the retry time. */
export async function postDueAgendas(deps: AgendaPosterDeps, now: number, links: PostOptions = {}): Promise<PostResult> {
  const config = await readAgendaChannels(deps.store);
  const snapshot = deps.snapshots ? await deps.snapshots.get() : null;
  const calendar = deps.calendar ?? snapshot?.calendar ?? calendarFor({ schoolHolidays: await deps.store.listSchoolHolidays() });
  const due = dueAgendas(config, snapshot ? snapshot.file.meetingSeries : await deps.store.listMeetingSeries(), calendar, now);
  const result: PostResult = { posted: [], alreadyPosted: [], failed: [] };
  if (due.length === 0) return result;
  const at = new Date(now).toISOString();
  const staleBefore = now - (links.retryAfterMinutes ?? 5) * 60_000;
  const holder = randomUUID();
  const limiter = deps.limiter ?? limiterFor(deps.messenger);
  for (const d of due) {
    if (links.signal?.aborted) break;
    const existing = (await deps.store.listCards(d.key)).find((c) => c.key === d.key) ?? null;
    const takeable = (c: CardClaim) => c.state === 'released' || c.state === 'unreachable' || Date.parse(c.claimedAt) < staleBefore;
    if (existing && (existing.state === 'sent' || existing.state === 'superseded' || !takeable(existing))) {
      result.alreadyPosted.push(d.key);
      continue;
    }
    const [claim] = await deps.store.claimCards([
      { key: d.key, recipientId: `channel:${d.teamId}/${d.channelId}`, holder, at, lines: [], ...(existing ? { replaces: { holder: existing.holder, version: existing.version } } : {}) },
    ]);
    if (!claim) {
      result.alreadyPosted.push(d.key);
      continue;
    }
    try {
      const built = snapshot ? buildAgendaFromFile(snapshot.file, d.request, calendar, snapshot.policy.policy) : await buildAgenda(deps.store, d.request, calendar);
      const saved = await deps.documents.save(agendaDocumentPath(built), await agendaDocx(built), DOCX_CONTENT_TYPE);
      await recordDocument(deps.access ?? directRecorder(deps.store), AGENDA_POSTER, agendaCaseIds(built), agendaDocumentPath(built), at);
      let card = agendaChannelCard(built, { documentUrl: saved.url, tabUrl: links.tabUrl ?? config.tabUrl ?? null, tabLinks: links.tabLinks ?? null });
      const summary = agendaSummaryText(built);
      let placed = claim;
      // One living agenda: where the fortnight's card of this meeting is in the channel, the agenda is
      // that message updated (its cases, the chair's selection, the Word link), not a second post.
      const fortnight = d.request.kind === 'cmooe' ? await fortnightMessage(deps.store, d.request.seriesId, d.request.meetingOn) : null;
      if (fortnight !== null && d.request.kind === 'cmooe') {
        await rememberAgendaDocument(deps.store, d.request.seriesId, d.request.meetingOn, saved.url);
        const snapshot = await new SnapshotSource(deps.store, () => now).get();
        card = fortnightCard(snapshot, d.request.seriesId, d.request.meetingOn, {
          viewer: null,
          refreshUserIds: await refreshUserIds(deps.store, snapshot, d.request.seriesId),
          documentUrl: saved.url,
          tabLinks: links.tabLinks ?? null,
        });
        if (placed.message === null) {
          const [onCard] = await deps.store.updateCards([{ key: claim.key, holder, version: claim.version, state: 'posted', message: fortnight }]);
          if (!onCard) {
            result.alreadyPosted.push(d.key);
            continue;
          }
          placed = onCard;
        }
      }
      const outcome = await postClaimedCard(
        { store: deps.store, messenger: deps.messenger, limiter },
        placed,
        { kind: 'channel', teamId: d.teamId, channelId: d.channelId },
        { card: placeholderCard(summary, 'The agenda follows.'), summary },
        card,
      );
      if (outcome.kind === 'lost') {
        result.alreadyPosted.push(d.key);
        continue;
      }
      if (outcome.kind === 'unreachable') throw new Error(`the bot is not installed in team ${d.teamId}, or cannot post to channel ${d.channelId}`);
      await deps.store.updateCards([{ key: claim.key, holder, version: outcome.claim.version, state: 'sent', sentAt: at }]);
      deps.logger.info('agenda posted', { key: d.key, teamId: d.teamId, channelId: d.channelId, activityId: outcome.message.activityId, recovered: existing !== null });
      result.posted.push({ ...d, documentUrl: saved.url, activityId: outcome.message.activityId });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      deps.logger.error('agenda not posted', { key: d.key, teamId: d.teamId, channelId: d.channelId, error: e instanceof Error ? e.name : 'error' });
      result.failed.push({ key: d.key, error });
    }
  }
  return result;
}

/** The poster as a job for the server's scheduler: call it every few minutes. */
export function agendaPoster(deps: AgendaPosterDeps, clock: () => number, links: PostOptions = {}): () => Promise<PostResult> {
  return () => postDueAgendas(deps, clock(), links);
}

/** Agendas are checked every ten minutes on weekdays (each is posted once, from its time on its day). */
export const AGENDA_CRON = '0 */10 * * * 1-5';

export interface AgendaSchedule {
  stop(): void;
  /** The next run, for logs and tests. */
  nextRun(): Date | null;
}

/** The in-process schedule (croner, Europe/London) of the poster; runs never overlap. */
export function startAgendaSchedule(deps: AgendaPosterDeps, clock: () => number, links: PostOptions = {}): AgendaSchedule {
  const job = new Cron(AGENDA_CRON, { timezone: 'Europe/London', protect: true }, async () => {
    try {
      const run = (signal?: AbortSignal) => postDueAgendas(deps, clock(), { ...links, ...(signal ? { signal } : {}) });
      // The fortnight's card first (M − 7): the agenda of the same meeting is then that message updated.
      const cards = (signal?: AbortSignal) => postDueFortnightCards({ ...deps, tabLinks: links.tabLinks ?? null }, clock(), signal ? { signal } : {});
      const fortnight = await (deps.shutdown ? deps.shutdown.track(cards) : cards());
      if (fortnight.posted.length || fortnight.failed.length) deps.logger.info('fortnight card run', { posted: fortnight.posted.length, failed: fortnight.failed.length });
      const result = await (deps.shutdown ? deps.shutdown.track(run) : run());
      if (result.posted.length || result.failed.length) deps.logger.info('agenda run', { posted: result.posted.length, failed: result.failed.length });
      // The minutes of meetings recorded since, once their record has settled (services/minutes.ts).
      const minutes = () => publishDueMinutes(deps, clock(), { tabUrl: links.tabUrl ?? null, tabLinks: links.tabLinks ?? null });
      const published = await (deps.shutdown ? deps.shutdown.track(minutes) : minutes());
      if (published.published.length || published.failed.length) deps.logger.info('minutes run', { published: published.published.length, failed: published.failed.length });
    } catch (e) {
      if (e instanceof StoppingError) return;
      deps.logger.error('scheduled agenda run failed', { error: e instanceof Error ? e.message : String(e) });
    }
  });
  return { stop: () => job.stop(), nextRun: () => job.nextRun() };
}
