// The minutes of a CMOOE meeting (docs/rules.md section 5), published like the agenda: a Word document in
// the same library (`Minutes/<series>/<date>.docx`, full names), a card in the meeting's channel (case
// references and initials only: no outcome or action text, which may name a child), and JSON, Markdown
// or Word from the CLI.
//
// Exactly once: each version of the record (its `recordedAt`) is a card of the card ledger, key
// `minutes/<series>/<date>/<recordedAt>`, claimed before anything is posted (services/card-ledger.ts), so
// two instances never post it twice and a crash is completed by the next run. A later version is the
// same channel message updated in place, marked "revised" with the time.
import { randomUUID } from 'node:crypto';
import { meetingMinutes } from '../domain/agenda/minutes.js';
import { renderMinutesMarkdown } from '../domain/agenda/markdown.js';
import type { Minutes } from '../domain/agenda/types.js';
import { fromDay, londonOffsetMs, londonToday, toDay } from '../domain/dates.js';
import type { CaseFile, MeetingRecord } from '../domain/model.js';
import type { CardClaim, CaseStore } from '../store/port.js';
import { chairsSeries, initials } from './access.js';
import { placeholderCard, postClaimedCard } from './card-ledger.js';
import { cardBytes, renderCard, TEAMS_CARD_LIMIT_BYTES } from './cards.js';
import { TAB_ROUTES, tabLink, type TabLinkConfig } from './deep-links.js';
import type { Logger } from './log.js';
import type { AdaptiveCardJson, Messenger } from './messenger.js';
import { limiterFor, type SendLimiter } from './reminders/limiter.js';
import { readAgendaChannels } from './agendas/channels.js';
import { DOCX_CONTENT_TYPE, documentLinkOf, type DocumentStore } from './agendas/documents.js';
import { docxBuffer, longDate, minutesDocument, shortDate, type AgendaNames } from './agendas/docx.js';

export interface BuiltMinutes {
  readonly minutes: Minutes;
  readonly title: string;
  readonly chair: string | null;
  readonly names: AgendaNames;
}

/** The minutes of the series' meeting from the store (the record, the series' actions, the cases named). */
export async function buildMinutes(store: CaseStore, seriesId: string, meetingOn: string): Promise<BuiltMinutes> {
  const [meetingSeries, records, actions, people] = await Promise.all([
    store.listMeetingSeries(),
    store.listMeetingRecords({ seriesId, from: meetingOn, to: meetingOn }),
    store.listActions({ seriesId }),
    store.listPeople(),
  ]);
  const series = meetingSeries.find((s) => s.id === seriesId);
  if (series === undefined) throw new RangeError(`no meeting series "${seriesId}" is configured (configured: ${meetingSeries.map((s) => s.id).join(', ') || 'none'})`);
  const ids = new Set<string>();
  for (const r of records) for (const c of r.cases) ids.add(c.caseId);
  for (const a of actions) if (a.caseId !== null) ids.add(a.caseId);
  const cases = ids.size === 0 ? [] : (await store.queryCases({ ids: [...ids].sort() })).map((s) => s.case);
  const minutes = meetingMinutes({ meetingSeries, cases, actions, meetingRecords: records }, { seriesId, meetingOn, initials });
  const personName = new Map(people.map((p) => [p.id, p.name]));
  const childName = new Map(cases.map((c) => [c.id, c.childName]));
  const chair = people.find((p) => chairsSeries(p, seriesId));
  return {
    minutes,
    title: series.title,
    chair: chair?.name ?? null,
    names: { person: (id) => personName.get(id) ?? id, child: (id) => childName.get(id) ?? id },
  };
}

/** The same from a whole case file (the CLI's --input, or the store read whole). */
export function buildMinutesFromFile(file: CaseFile, seriesId: string, meetingOn: string): BuiltMinutes {
  const series = file.meetingSeries.find((s) => s.id === seriesId);
  if (series === undefined) throw new RangeError(`no meeting series "${seriesId}" is configured (configured: ${file.meetingSeries.map((s) => s.id).join(', ') || 'none'})`);
  const minutes = meetingMinutes(file, { seriesId, meetingOn, initials });
  const personName = new Map(file.people.map((p) => [p.id, p.name]));
  const childName = new Map(file.cases.map((c) => [c.id, c.childName]));
  const chair = file.people.find((p) => chairsSeries(p, seriesId));
  return { minutes, title: series.title, chair: chair?.name ?? null, names: { person: (id) => personName.get(id) ?? id, child: (id) => childName.get(id) ?? id } };
}

export function minutesJson(built: BuiltMinutes): string {
  return JSON.stringify(built.minutes, null, 2) + '\n';
}

export function minutesMarkdown(built: BuiltMinutes, revisedAt: string | null = null): string {
  return renderMinutesMarkdown(built.minutes, { title: built.title, personName: built.names.person, revisedAt: revisedAt === null ? null : londonTime(revisedAt) });
}

export async function minutesDocx(built: BuiltMinutes, revisedAt: string | null = null): Promise<Buffer> {
  return docxBuffer(minutesDocument(built.minutes, built.names, { title: built.title, chair: built.chair, revisedAt: revisedAt === null ? null : londonTime(revisedAt) }));
}

/** Where the Word file goes: `Minutes/<series>/<date>.docx`, replaced by a revision. */
export function minutesDocumentPath(seriesId: string, meetingOn: string): string {
  return `Minutes/${seriesId}/${meetingOn}.docx`;
}

/** "27 Nov 2026 at 14:05" (Europe/London). */
export function londonTime(instant: string): string {
  const ms = Date.parse(instant);
  return `${shortDate(londonToday(ms))} at ${new Date(ms + londonOffsetMs(ms)).toISOString().slice(11, 16)}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The minutes' channel card: references, initials, staff names and dates only. */
export function minutesCard(built: BuiltMinutes, links: { documentUrl?: string | null; tabUrl?: string | null; revisedAt?: string | null }): AdaptiveCardJson {
  const m = built.minutes;
  const ownerLine = (a: { ownerId: string; dueOn: string }) => `${built.names.person(a.ownerId)} by ${shortDate(a.dueOn)}`;
  const items = m.cases.map((c) => ({
    title: `${c.caseId} ${c.initials}`,
    value: `outcome recorded${c.actions.length > 0 ? ` · ${plural(c.actions.length, 'action')}: ${c.actions.map(ownerLine).join('; ')}` : ' · no action'}`,
  }));
  const notes: string[] = [];
  if (m.otherActions.length > 0) notes.push(`${plural(m.otherActions.length, 'other action')} agreed: ${m.otherActions.map(ownerLine).join('; ')}.`);
  const late = m.closedSinceLast.filter((a) => !a.onTime).length;
  notes.push(
    m.closedSinceLast.length === 0
      ? 'No action was closed since the last meeting.'
      : `${plural(m.closedSinceLast.length, 'action')} closed since the last meeting${late > 0 ? ` (${late} late)` : ''}.`,
  );
  notes.push("Outcomes and actions in full are in the Word document, in the council's document library.");
  const document = links.documentUrl ? documentLinkOf(links.documentUrl) : null;
  if (document?.note) notes.push(document.note);
  const data = {
    title: `${built.title}: minutes`,
    subtitle: `${longDate(m.meetingOn)}${links.revisedAt ? ` · revised ${londonTime(links.revisedAt)}` : ''}`,
    revised: Boolean(links.revisedAt),
    lead: `Recorded by ${built.names.person(m.recordedById)}; ${m.attendees.length > 0 ? `${plural(m.attendees.length, 'person', 'people')} attended` : 'attendance not recorded'}. ${plural(m.cases.length, 'case')} discussed:`,
    items,
    notes,
    documentUrl: document?.url ?? '',
    tabUrl: links.tabUrl ?? '',
  };
  let card = renderCard('minutes', data);
  // Teams refuses cards over 28 KB: a very long record shows its first cases and points to the document.
  let shown = items.length;
  while (cardBytes(card) > TEAMS_CARD_LIMIT_BYTES - 2048 && shown > 1) {
    shown = Math.floor(shown * 0.8);
    card = renderCard('minutes', { ...data, items: items.slice(0, shown), notes: [`Showing the first ${shown} of ${items.length} cases; the rest are in the document.`, ...notes] });
  }
  return card;
}

/** The notification text (no names). */
export function minutesSummaryText(built: BuiltMinutes, revised: boolean): string {
  return `${built.title} minutes for ${built.minutes.meetingOn}${revised ? ' (revised)' : ''}: ${plural(built.minutes.cases.length, 'case')}`;
}

// ---- publishing ---------------------------------------------------------------------------------------

export const MINUTES_PREFIX = 'minutes/';

/** The ledger key of one version of a meeting's minutes. */
export function minutesKey(r: Pick<MeetingRecord, 'seriesId' | 'meetingOn' | 'recordedAt'>): string {
  return `${MINUTES_PREFIX}${r.seriesId}/${r.meetingOn}/${r.recordedAt ?? 'first'}`;
}

export interface MinutesStatus {
  /** Some version has been posted to the channel. */
  readonly published: boolean;
  /** When the latest version posted was sent, and whether it is the record as it is now. */
  readonly publishedAt: string | null;
  readonly upToDate: boolean;
  /** Versions posted (2 and more: revised). */
  readonly versions: number;
}

export async function minutesStatus(store: CaseStore, record: MeetingRecord): Promise<MinutesStatus> {
  const cards = (await store.listCards(`${MINUTES_PREFIX}${record.seriesId}/${record.meetingOn}/`)).filter((c) => c.state === 'sent');
  const latest = [...cards].sort((a, b) => ((a.sentAt ?? '') < (b.sentAt ?? '') ? 1 : -1))[0];
  return { published: cards.length > 0, publishedAt: latest?.sentAt ?? null, upToDate: cards.some((c) => c.key === minutesKey(record)), versions: cards.length };
}

export interface MinutesDeps {
  readonly store: CaseStore;
  readonly messenger: Messenger;
  readonly documents: DocumentStore;
  readonly logger: Logger;
  readonly limiter?: SendLimiter;
}

export interface PublishOptions {
  readonly tabUrl?: string | null;
  readonly tabLinks?: TabLinkConfig | null;
  /** A claim older than this that was never posted is taken over (default 5). */
  readonly retryAfterMinutes?: number;
}

export type PublishOutcome =
  | { readonly kind: 'posted' | 'revised'; readonly key: string; readonly documentUrl: string; readonly activityId: string }
  | { readonly kind: 'already'; readonly key: string }
  | { readonly kind: 'no-record' | 'no-channel'; readonly message: string };

/** Publish the minutes of the series' meeting as recorded now, once per version of the record. */
export async function publishMinutes(deps: MinutesDeps, seriesId: string, meetingOn: string, now: number, options: PublishOptions = {}): Promise<PublishOutcome> {
  const [record] = await deps.store.listMeetingRecords({ seriesId, from: meetingOn, to: meetingOn });
  if (record === undefined) return { kind: 'no-record', message: `Nothing is recorded for the ${seriesId} meeting on ${meetingOn}: record the meeting first.` };
  const config = await readAgendaChannels(deps.store);
  const channel = config.series?.[seriesId];
  if (channel === undefined) {
    return { kind: 'no-channel', message: `No channel is set up for the ${seriesId} meeting: say "agenda here ${seriesId}" in its channel, and the minutes will be posted there.` };
  }
  const key = minutesKey(record);
  const prefix = `${MINUTES_PREFIX}${seriesId}/${meetingOn}/`;
  const cards = await deps.store.listCards(prefix);
  const existing = cards.find((c) => c.key === key) ?? null;
  const staleBefore = now - (options.retryAfterMinutes ?? 5) * 60_000;
  const takeable = (c: CardClaim) => c.state === 'released' || c.state === 'unreachable' || Date.parse(c.claimedAt) < staleBefore;
  if (existing && (existing.state === 'sent' || existing.state === 'superseded' || !takeable(existing))) return { kind: 'already', key };
  // The message of the latest version posted: a revision updates it in place.
  const previous = cards.filter((c) => c.key !== key && c.message !== null && c.state === 'sent').sort((a, b) => ((a.sentAt ?? '') < (b.sentAt ?? '') ? 1 : -1))[0] ?? null;
  const holder = randomUUID();
  const at = new Date(now).toISOString();
  const [claimed] = await deps.store.claimCards([
    { key, recipientId: `channel:${channel.teamId}/${channel.channelId}`, holder, at, lines: [], ...(existing ? { replaces: { holder: existing.holder, version: existing.version } } : {}) },
  ]);
  if (!claimed) return { kind: 'already', key };
  let claim = claimed;
  const revisedAt = previous !== null ? record.recordedAt : null;
  const built = await buildMinutes(deps.store, seriesId, meetingOn);
  const saved = await deps.documents.save(minutesDocumentPath(seriesId, meetingOn), await minutesDocx(built, revisedAt), DOCX_CONTENT_TYPE);
  const tabUrl = options.tabLinks ? tabLink(options.tabLinks, TAB_ROUTES.chair(seriesId)) : (options.tabUrl ?? config.tabUrl ?? null);
  const card = minutesCard(built, { documentUrl: saved.url, tabUrl, revisedAt });
  const summary = minutesSummaryText(built, revisedAt !== null);
  if (claim.message === null && previous?.message) {
    // A revision: the card already in the channel is the place to fill in (no new message).
    const [placed] = await deps.store.updateCards([{ key, holder, version: claim.version, state: 'posted', message: previous.message }]);
    if (!placed) return { kind: 'already', key };
    claim = placed;
  }
  const limiter = deps.limiter ?? limiterFor(deps.messenger);
  const outcome = await postClaimedCard(
    { store: deps.store, messenger: deps.messenger, limiter },
    claim,
    { kind: 'channel', teamId: channel.teamId, channelId: channel.channelId },
    { card: placeholderCard(summary, 'The minutes follow.'), summary },
    card,
  );
  if (outcome.kind === 'lost') return { kind: 'already', key };
  if (outcome.kind === 'unreachable') throw new Error(`the bot is not installed in team ${channel.teamId}, or cannot post to channel ${channel.channelId}`);
  await deps.store.updateCards([{ key, holder, version: outcome.claim.version, state: 'sent', sentAt: at }]);
  deps.logger.info('minutes posted', { key, teamId: channel.teamId, channelId: channel.channelId, activityId: outcome.message.activityId, revised: revisedAt !== null, recovered: existing !== null });
  return { kind: revisedAt !== null ? 'revised' : 'posted', key, documentUrl: saved.url, activityId: outcome.message.activityId };
}

/** Minutes are published by the poster once a record has not changed for this long (a chair saving
 * case after case publishes once, when done). */
export const MINUTES_SETTLE_MINUTES = 15;

/** Publish the minutes of every recent record (meetings in the last 30 days) whose latest version is not
 * yet posted and was last saved at least MINUTES_SETTLE_MINUTES ago, for series with a channel.
 * Failures are logged and returned, never swallowed. */
export async function publishDueMinutes(deps: MinutesDeps, now: number, options: PublishOptions = {}): Promise<{ published: string[]; failed: Array<{ key: string; error: string }> }> {
  const config = await readAgendaChannels(deps.store);
  const result = { published: [] as string[], failed: [] as Array<{ key: string; error: string }> };
  const since = fromDay(toDay(londonToday(now)) - 30);
  for (const seriesId of Object.keys(config.series ?? {}).sort()) {
    for (const record of await deps.store.listMeetingRecords({ seriesId, from: since })) {
      if (record.recordedAt === null || Date.parse(record.recordedAt) > now - MINUTES_SETTLE_MINUTES * 60_000) continue;
      const status = await minutesStatus(deps.store, record);
      if (status.upToDate) continue;
      const key = minutesKey(record);
      try {
        const outcome = await publishMinutes(deps, seriesId, record.meetingOn, now, options);
        if (outcome.kind === 'posted' || outcome.kind === 'revised') result.published.push(key);
      } catch (e) {
        deps.logger.error('minutes not posted', { key, error: e instanceof Error ? e.name : 'error' });
        result.failed.push({ key, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  return result;
}
