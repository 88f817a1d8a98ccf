// Which channel each agenda goes to, and when: the service's setting `agenda.channels`
// (store.getSetting / putSetting), validated with zod so a typo names the field.
import { z } from 'zod';
import { isIsoDate } from '../../domain/dates.js';
import type { CaseStore } from '../../store/port.js';

export const AGENDA_CHANNELS_SETTING = 'agenda.channels';
/** Default lead time: the agenda is posted two working days before the meeting. */
export const DEFAULT_LEAD_WORKING_DAYS = 2;
/** Default time of day (Europe/London) from which a due agenda is posted. */
export const DEFAULT_POST_AT = '08:00';

const date = z.string().refine(isIsoDate, { error: (iss) => `not a date ${JSON.stringify(iss.input)}` });
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'not a time HH:MM' });

const channel = {
  teamId: z.string().min(1),
  channelId: z.string().min(1),
  /** Post from this time of day (Europe/London). */
  postAt: time.optional(),
};

export const seriesChannelSchema = z.strictObject({
  ...channel,
  /** Working days before the meeting on which the agenda is posted (default 2). */
  leadWorkingDays: z.number().int().min(0).max(20).optional(),
});

export const termlyChannelSchema = z.strictObject({
  ...channel,
  /** The terms whose notice is due two weeks before they start (PS 7.6). */
  terms: z.array(z.strictObject({ start: date, end: date })).optional(),
});

export const agendaChannelsSchema = z.strictObject({
  /** CMOOE series by id (cmooe, cic-cmooe). */
  series: z.record(z.string(), seriesChannelSchema).optional(),
  /** The service managers' channel (weekly meeting, every Monday). */
  weekly: z.strictObject(channel).optional(),
  /** Business Support's channel (termly notice). */
  termly: termlyChannelSchema.optional(),
  /** Where the tab is (a Teams deep link), for the card's "open in the tab" button. */
  tabUrl: z.url().optional(),
});

export type AgendaChannels = z.output<typeof agendaChannelsSchema>;
export type SeriesChannel = z.output<typeof seriesChannelSchema>;

function problems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

export function parseAgendaChannels(value: unknown): AgendaChannels {
  const parsed = agendaChannelsSchema.safeParse(value ?? {});
  if (!parsed.success) throw new Error(`setting ${AGENDA_CHANNELS_SETTING} is not valid: ${problems(parsed.error)}`);
  if (parsed.data.series && 'weekly' in parsed.data.series) {
    throw new Error(`setting ${AGENDA_CHANNELS_SETTING} is not valid: series.weekly: the weekly meeting's channel goes under "weekly", not "series"`);
  }
  return parsed.data;
}

export async function readAgendaChannels(store: Pick<CaseStore, 'getSetting'>): Promise<AgendaChannels> {
  return parseAgendaChannels(await store.getSetting(AGENDA_CHANNELS_SETTING));
}

/** Validate and store the configuration (nothing is written if it is invalid). */
export async function writeAgendaChannels(store: Pick<CaseStore, 'putSetting'>, value: unknown): Promise<AgendaChannels> {
  const parsed = parseAgendaChannels(value);
  await store.putSetting(AGENDA_CHANNELS_SETTING, parsed);
  return parsed;
}

export type ChannelAgenda = { kind: 'series'; seriesId: string; config: SeriesChannel } | { kind: 'weekly' } | { kind: 'termly' };

/** Which agenda a channel is configured for (a channel may carry several; the series come first). */
export function agendasOfChannel(config: AgendaChannels, teamId: string, channelId: string): ChannelAgenda[] {
  const out: ChannelAgenda[] = [];
  for (const [seriesId, c] of Object.entries(config.series ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (c.teamId === teamId && c.channelId === channelId) out.push({ kind: 'series', seriesId, config: c });
  }
  if (config.weekly && config.weekly.teamId === teamId && config.weekly.channelId === channelId) out.push({ kind: 'weekly' });
  if (config.termly && config.termly.teamId === teamId && config.termly.channelId === channelId) out.push({ kind: 'termly' });
  return out;
}
