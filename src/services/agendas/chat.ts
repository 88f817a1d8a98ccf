// A chair asks the bot in the meeting's channel for a fresh agenda at any time:
//   "agenda"             the next meeting of the channel's series on or after today
//   "agenda next"        the meeting after that one
//   "agenda 2026-12-10"  the meeting on that date (it must be a meeting of the series)
// In the service managers' channel the same words give the weekly agenda (this week's Monday, next
// week's, the week of the date); in Business Support's channel, the termly notice (the next configured
// term, the one after, the term containing the date). The reply is the channel card (case references
// and initials only) linking to a freshly saved Word file.
import { Calendar } from '../../domain/calendar/index.js';
import { isMeetingDay, meetingOnOrAfter, meetingOnOrBefore, scheduleOf } from '../../domain/cmooe.js';
import { fromDay, isIsoDate, toDay } from '../../domain/dates.js';
import { mondayOf } from '../../domain/agenda/weekly.js';
import type { CaseStore } from '../../store/port.js';
import type { Logger } from '../log.js';
import type { AdaptiveCardJson } from '../messenger.js';
import { agendaChannelCard, agendaDocumentPath, agendaDocx, agendaSummaryText, buildAgenda, type AgendaRequest } from './build.js';
import { agendasOfChannel, readAgendaChannels } from './channels.js';
import { DOCX_CONTENT_TYPE, type DocumentStore } from './documents.js';

export interface AgendaChatDeps {
  readonly store: CaseStore;
  readonly documents: DocumentStore;
  readonly logger?: Logger;
  readonly calendar?: Calendar;
}

export interface AgendaChatRequest {
  readonly teamId: string;
  readonly channelId: string;
  /** What the user typed (the bot's mention already removed), e.g. "agenda next". */
  readonly text: string;
  /** Today in Europe/London (YYYY-MM-DD). */
  readonly today: string;
}

export type AgendaChatReply =
  | { readonly kind: 'card'; readonly card: AdaptiveCardJson; readonly summaryText: string; readonly request: AgendaRequest; readonly documentUrl: string }
  | { readonly kind: 'text'; readonly text: string };

export const AGENDA_HELP = 'Say "agenda" for the next meeting, "agenda next" for the one after, or "agenda YYYY-MM-DD" for a given meeting.';

/** Parse "agenda", "agenda next", "agenda 2026-12-10" (case-insensitive); null if it is not an agenda request. */
export function parseAgendaText(text: string): { which: 'next' | 'after-next' } | { which: 'date'; date: string } | { which: 'bad'; word: string } | null {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words[0] !== 'agenda') return null;
  if (words.length === 1) return { which: 'next' };
  if (words.length === 2 && words[1] === 'next') return { which: 'after-next' };
  if (words.length === 2 && isIsoDate(words[1]!)) return { which: 'date', date: words[1]! };
  return { which: 'bad', word: words.slice(1).join(' ') };
}

/** Build the card the bot posts in reply to an agenda request in a channel. */
export async function agendaForChannel(deps: AgendaChatDeps, req: AgendaChatRequest): Promise<AgendaChatReply> {
  const parsed = parseAgendaText(req.text);
  if (parsed === null) return { kind: 'text', text: AGENDA_HELP };
  if (parsed.which === 'bad') return { kind: 'text', text: `I did not understand "${parsed.word}". ${AGENDA_HELP}` };
  const config = await readAgendaChannels(deps.store);
  const agendas = agendasOfChannel(config, req.teamId, req.channelId);
  if (agendas.length === 0) return { kind: 'text', text: 'This channel is not set up for an agenda. An administrator sets the channels of the CMOOE, weekly and termly agendas (setting agenda.channels).' };
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
        ? terms.find((t) => t.start <= parsed.date && parsed.date <= t.end) ?? terms.find((t) => t.start >= parsed.date)
        : terms.filter((t) => t.start > req.today)[parsed.which === 'after-next' ? 1 : 0];
    if (!chosen) return { kind: 'text', text: 'No term is configured for that date (setting agenda.channels, termly.terms).' };
    request = { kind: 'termly', termStart: chosen.start, termEnd: chosen.end };
  }
  const built = await buildAgenda(deps.store, request, deps.calendar);
  const saved = await deps.documents.save(agendaDocumentPath(built), await agendaDocx(built), DOCX_CONTENT_TYPE);
  deps.logger?.info('agenda requested in channel', { teamId: req.teamId, channelId: req.channelId, kind: request.kind });
  return {
    kind: 'card',
    card: agendaChannelCard(built, { documentUrl: saved.url, tabUrl: config.tabUrl ?? null }),
    summaryText: agendaSummaryText(built),
    request,
    documentUrl: saved.url,
  };
}
