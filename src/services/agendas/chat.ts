// A chair asks the bot in the meeting's channel for a fresh agenda at any time:
//   "agenda"             the next meeting of the channel's series on or after today
//   "agenda next"        the meeting after that one
//   "agenda 2026-12-10"  the meeting on that date (it must be a meeting of the series)
// In the service managers' channel the same words give the weekly agenda (this week's Monday, next
// week's, the week of the date); in Business Support's channel, the termly notice (the next configured
// term, the one after, the term containing the date). The reply is the channel card (case references
// and initials only) linking to a freshly saved Word file.
//   "agenda here cmooe"  (cic-cmooe, weekly, termly) makes this channel the one that agenda is posted to;
//                        business support, a service manager or a CMOOE chair may say it (PS 4.1, 4.2).
import { Calendar } from '../../domain/calendar/index.js';
import { isMeetingDay, meetingOnOrAfter, meetingOnOrBefore, scheduleOf } from '../../domain/cmooe.js';
import { fromDay, isIsoDate, toDay } from '../../domain/dates.js';
import { mondayOf } from '../../domain/agenda/weekly.js';
import type { Person, Role } from '../../domain/model.js';
import type { CaseStore } from '../../store/port.js';
import { createLogger, type Logger } from '../log.js';
import type { TabLinkConfig } from '../deep-links.js';
import type { AdaptiveCardJson } from '../messenger.js';
import { agendaChannelCard, agendaDocumentPath, agendaDocx, agendaSummaryText, buildAgenda, type AgendaRequest } from './build.js';
import { agendaCaseIds, recordDocument } from './access.js';
import { directRecorder, type AccessRecorder } from '../access-log.js';
import { agendasOfChannel, readAgendaChannels, writeAgendaChannels, DEFAULT_LEAD_WORKING_DAYS, DEFAULT_POST_AT, type AgendaChannels } from './channels.js';
import { DOCX_CONTENT_TYPE, documentLinkOf, type DocumentStore } from './documents.js';
import type { Messenger } from '../messenger.js';
import type { SnapshotSource } from '../dashboard.js';
import { fortnightKey, fortnightMessage, fortnightOpen, postFortnightCard, saveAgendaDocument, updateFortnightCard } from '../fortnight.js';

export interface AgendaChatDeps {
  readonly store: CaseStore;
  readonly documents: DocumentStore;
  readonly logger?: Logger;
  readonly calendar?: Calendar;
  /** For links to the exact page of the tab (the chair's view, the dashboard). */
  readonly tabLinks?: TabLinkConfig | null;
  /** With these, "agenda" for a meeting whose fortnight card is in the channel updates that card (one
   * living agenda, services/fortnight.ts) instead of posting another copy. */
  readonly messenger?: Messenger;
  readonly snapshots?: SnapshotSource;
  /** The server's clock (claims of the fortnight card); default: the system's. */
  readonly clock?: () => number;
  /** Where the access record of the Word document goes (the server's access log); default: the store, directly. */
  readonly access?: AccessRecorder;
}

export interface AgendaChatRequest {
  readonly teamId: string;
  readonly channelId: string;
  /** What the user typed (the bot's mention already removed), e.g. "agenda next". */
  readonly text: string;
  /** Today in Europe/London (YYYY-MM-DD). */
  readonly today: string;
  /** Who is asking (needed to set a channel up: "agenda here …"). */
  readonly person?: Pick<Person, 'id' | 'roles' | 'chairs'>;
}

export type AgendaChatReply =
  | { readonly kind: 'card'; readonly card: AdaptiveCardJson; readonly summaryText: string; readonly request: AgendaRequest; readonly documentUrl: string }
  | { readonly kind: 'text'; readonly text: string };

export const AGENDA_HELP =
  'Say "agenda" for the next meeting, "agenda next" for the one after, or "agenda YYYY-MM-DD" for a given meeting. To have an agenda posted in this channel: "agenda here cmooe" (or cic-cmooe, weekly, termly).';

/** Who may choose the channel an agenda is posted to: Business Support circulates the CMOOE agendas,
 * the service manager chairs the weekly meeting, the chair runs the CMOOE meeting (PS 4.1, 4.2). */
export const AGENDA_SETUP_ROLES: readonly Role[] = ['business-support', 'service-manager', 'cmooe-chair'];

/** Parse "agenda", "agenda next", "agenda 2026-12-10" (case-insensitive); null if it is not an agenda request. */
export function parseAgendaText(text: string): { which: 'next' | 'after-next' } | { which: 'date'; date: string } | { which: 'here'; target: string } | { which: 'bad'; word: string } | null {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words[0] !== 'agenda') return null;
  if (words.length === 1) return { which: 'next' };
  if (words[1] === 'here') return words.length === 3 ? { which: 'here', target: words[2]! } : { which: 'bad', word: words.slice(1).join(' ') };
  if (words.length === 2 && words[1] === 'next') return { which: 'after-next' };
  if (words.length === 2 && isIsoDate(words[1]!)) return { which: 'date', date: words[1]! };
  return { which: 'bad', word: words.slice(1).join(' ') };
}

/** Build the card the bot posts in reply to an agenda request in a channel. */
export async function agendaForChannel(deps: AgendaChatDeps, req: AgendaChatRequest): Promise<AgendaChatReply> {
  const parsed = parseAgendaText(req.text);
  if (parsed === null) return { kind: 'text', text: AGENDA_HELP };
  if (parsed.which === 'bad') return { kind: 'text', text: `I did not understand "${parsed.word}". ${AGENDA_HELP}` };
  if (parsed.which === 'here') return { kind: 'text', text: await setUpChannel(deps, req, parsed.target) };
  const config = await readAgendaChannels(deps.store);
  const agendas = agendasOfChannel(config, req.teamId, req.channelId);
  if (agendas.length === 0) {
    return { kind: 'text', text: 'This channel is not set up for an agenda. Business support, a service manager or a CMOOE chair can say "agenda here cmooe" (or cic-cmooe, weekly, termly) in it.' };
  }
  const today = toDay(req.today);
  const target = agendas[0]!;
  let request: AgendaRequest;
  if (target.kind === 'series') {
    const series = (await deps.store.listMeetingSeries()).find((s) => s.id === target.seriesId);
    if (!series) return { kind: 'text', text: `The meeting series "${target.seriesId}" of this channel is not configured.` };
    const schedule = scheduleOf(series);
    let meeting: number;
    if (parsed.which === 'date') {
      meeting = toDay(parsed.date);
      if (!isMeetingDay(schedule, meeting)) {
        const before = meetingOnOrBefore(schedule, meeting);
        const after = meetingOnOrAfter(schedule, meeting);
        return { kind: 'text', text: `${parsed.date} is not a ${series.title} meeting. The nearest are ${before !== null ? `${fromDay(before)} and ` : ''}${fromDay(after)}.` };
      }
    } else {
      meeting = meetingOnOrAfter(schedule, today) + (parsed.which === 'after-next' ? schedule.every : 0);
    }
    request = { kind: 'cmooe', seriesId: series.id, meetingOn: fromDay(meeting) };
  } else if (target.kind === 'weekly') {
    const base = parsed.which === 'date' ? toDay(parsed.date) : today;
    const monday = mondayOf(base) + (parsed.which === 'after-next' ? 7 : 0);
    request = { kind: 'weekly', meetingOn: fromDay(monday) };
  } else {
    const terms = [...(config.termly?.terms ?? [])].sort((a, b) => (a.start < b.start ? -1 : 1));
    const chosen =
      parsed.which === 'date'
        ? (terms.find((t) => t.start <= parsed.date && parsed.date <= t.end) ?? terms.find((t) => t.start >= parsed.date))
        : terms.filter((t) => t.start > req.today)[parsed.which === 'after-next' ? 1 : 0];
    if (!chosen) return { kind: 'text', text: 'No term is configured for that date (setting agenda.channels, termly.terms).' };
    request = { kind: 'termly', termStart: chosen.start, termEnd: chosen.end };
  }
  // One living agenda (services/fortnight.ts): from the summary deadline the meeting's agenda is its
  // fortnight card in this channel, brought up to date (or posted, if the schedule has not yet).
  if (request.kind === 'cmooe' && deps.messenger && deps.snapshots) {
    const { seriesId, meetingOn } = request;
    const posted = (await fortnightMessage(deps.store, seriesId, meetingOn)) !== null;
    const snapshot = await deps.snapshots.fresh();
    if (posted || fortnightOpen(snapshot, meetingOn)) {
      const documentUrl = await saveAgendaDocument(deps.store, deps.documents, seriesId, meetingOn, snapshot, {
        by: req.person ?? { id: 'system:agenda-chat', reason: 'meeting-papers' },
        access: deps.access ?? null,
        at: new Date((deps.clock ?? Date.now)()).toISOString(),
      });
      const fortnightDeps = { store: deps.store, messenger: deps.messenger, tabLinks: deps.tabLinks ?? null, logger: deps.logger ?? createLogger({ write: () => undefined }) };
      const due = { key: fortnightKey(seriesId, meetingOn), seriesId, meetingOn, teamId: req.teamId, channelId: req.channelId };
      const outcome = posted ? 'updated' : await postFortnightCard(fortnightDeps, due, snapshot, (deps.clock ?? Date.now)(), { retryAfterMinutes: 5, documentUrl });
      if (outcome !== 'posted') await updateFortnightCard(fortnightDeps, snapshot, seriesId, meetingOn, documentUrl);
      deps.logger?.info('living agenda from the channel', { teamId: req.teamId, channelId: req.channelId, seriesId, meetingOn, outcome });
      const where = documentLinkOf(documentUrl);
      const how = outcome === 'posted' ? 'I have posted it' : 'I have brought it up to date';
      return {
        kind: 'text',
        text: `The agenda of ${meetingOn} is the fortnight's card in this channel: ${how} (cases, the chair's selection${where.url ? ' and the Word document' : ''}).${where.note ? ` ${where.note}` : ''}`,
      };
    }
  }
  const built = await buildAgenda(deps.store, request, deps.calendar);
  const saved = await deps.documents.save(agendaDocumentPath(built), await agendaDocx(built), DOCX_CONTENT_TYPE);
  await recordDocument(
    deps.access ?? directRecorder(deps.store),
    req.person ?? { id: 'system:agenda-chat', reason: 'meeting-papers' },
    agendaCaseIds(built),
    agendaDocumentPath(built),
    new Date().toISOString(),
  );
  deps.logger?.info('agenda requested in channel', { teamId: req.teamId, channelId: req.channelId, kind: request.kind });
  return {
    kind: 'card',
    card: agendaChannelCard(built, { documentUrl: saved.url, tabUrl: config.tabUrl ?? null, tabLinks: deps.tabLinks ?? null }),
    summaryText: agendaSummaryText(built),
    request,
    documentUrl: saved.url,
  };
}

/** "agenda here TARGET": this channel becomes the one TARGET's agenda is posted to (any other
 * channel it had is replaced; its posting time, lead and terms are kept). Returns the reply. */
async function setUpChannel(deps: AgendaChatDeps, req: AgendaChatRequest, target: string): Promise<string> {
  if (!req.person || !req.person.roles.some((r) => AGENDA_SETUP_ROLES.includes(r))) {
    return 'Only business support, a service manager or a CMOOE chair can choose where an agenda is posted.';
  }
  const series = await deps.store.listMeetingSeries();
  // A chair who is neither Business Support nor a service manager sets up the series they chair only.
  const chairOnly = !req.person.roles.some((r) => r === 'business-support' || r === 'service-manager');
  const known = target === 'weekly' || target === 'termly' || series.some((m) => m.id === target);
  if (chairOnly && known && !(req.person.chairs ?? []).includes(target)) {
    const own = req.person.chairs ?? [];
    return `As a chair you can choose the channel of the meeting you chair${own.length ? ` (${own.join(', ')})` : ''} only; Business Support or a service manager can set up the others.`;
  }
  const config: AgendaChannels = { ...(await readAgendaChannels(deps.store)) };
  const here = { teamId: req.teamId, channelId: req.channelId };
  let what: string;
  if (target === 'weekly') {
    config.weekly = { ...config.weekly, ...here };
    what = `The weekly team managers' agenda will be posted here every Monday from ${config.weekly.postAt ?? DEFAULT_POST_AT}`;
  } else if (target === 'termly') {
    config.termly = { ...config.termly, ...here };
    const terms = config.termly.terms?.length ?? 0;
    what = `The termly notice of annual reviews will be posted here two weeks before each term (${terms === 0 ? 'no terms are configured yet: setting agenda.channels, termly.terms' : `${terms} term${terms === 1 ? '' : 's'} configured`})`;
  } else {
    const s = series.find((m) => m.id === target && m.id !== 'weekly');
    if (!s) {
      const ids = series.map((m) => m.id).filter((id) => id !== 'weekly');
      return `There is no meeting series "${target}". Say "agenda here" with one of: ${[...ids, 'weekly', 'termly'].join(', ')}.`;
    }
    const existing = config.series?.[s.id];
    config.series = { ...config.series, [s.id]: { ...existing, ...here } };
    const lead = existing?.leadWorkingDays ?? DEFAULT_LEAD_WORKING_DAYS;
    what = `The ${s.title} agenda will be posted here ${lead} working day${lead === 1 ? '' : 's'} before each meeting, from ${existing?.postAt ?? DEFAULT_POST_AT}`;
  }
  await writeAgendaChannels(deps.store, config);
  deps.logger?.info('agenda channel set', { target, teamId: req.teamId, channelId: req.channelId, by: req.person.id });
  return `${what}. Anyone here can ask for it at any time: "agenda", "agenda next" or "agenda YYYY-MM-DD".`;
}
