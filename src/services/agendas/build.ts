// Building agendas from the store (or a case file) and rendering them: JSON, Markdown, Word, card.
import { Calendar } from '../../domain/calendar/index.js';
import { cmooeAgenda, seriesSchedule } from '../../domain/agenda/cmooe.js';
import { renderCmooeMarkdown, renderTermlyMarkdown, renderWeeklyMarkdown } from '../../domain/agenda/markdown.js';
import { termlyNotice } from '../../domain/agenda/termly.js';
import type { CmooeAgenda, TermlyNotice, WeeklyAgenda } from '../../domain/agenda/types.js';
import { WEEKLY_SERIES_ID, weeklyAgenda } from '../../domain/agenda/weekly.js';
import { fromDay, toDay } from '../../domain/dates.js';
import type { CaseFile } from '../../domain/model.js';
import { calendarFor } from '../../domain/obligations.js';
import type { Policy } from '../../domain/policy.js';
import type { CaseStore } from '../../store/port.js';
import { chairsSeries, initials } from '../access.js';
import { cardBytes, TEAMS_CARD_LIMIT_BYTES } from '../cards.js';
import { servicePolicy } from '../policy.js';
import type { AdaptiveCardJson } from '../messenger.js';
import { documentLinkOf } from './documents.js';
import { TAB_ROUTES, tabLink } from '../deep-links.js';
import { agendaCard, cmooeCardData, termlyCardData, weeklyCardData, type AgendaCardLinks } from './card.js';
import { cmooeAgendaDocument, docxBuffer, termlyNoticeDocument, weeklyAgendaDocument, type AgendaNames } from './docx.js';

export type AgendaRequest =
  | { readonly kind: 'cmooe'; readonly seriesId: string; readonly meetingOn: string }
  | { readonly kind: 'weekly'; readonly meetingOn: string }
  | { readonly kind: 'termly'; readonly termStart: string; readonly termEnd: string };

export type BuiltAgenda =
  | { readonly kind: 'cmooe'; readonly agenda: CmooeAgenda; readonly title: string; readonly chair: string | null; readonly names: AgendaNames }
  | { readonly kind: 'weekly'; readonly agenda: WeeklyAgenda; readonly title: string; readonly chair: string | null; readonly names: AgendaNames }
  | { readonly kind: 'termly'; readonly agenda: TermlyNotice; readonly title: string; readonly chair: string | null; readonly names: AgendaNames };

export const WEEKLY_TITLE = 'Weekly team manager meeting';
export const TERMLY_TITLE = 'Annual reviews due next term';

type Source = Pick<CaseFile, 'meetingSeries' | 'people' | 'cases' | 'nominations' | 'selections' | 'actions' | 'supervisions' | 'schoolHolidays'> & Partial<Pick<CaseFile, 'policy'>>;

function namesOf(file: Pick<CaseFile, 'people' | 'cases'>): AgendaNames {
  const people = new Map(file.people.map((p) => [p.id, p.name]));
  const children = new Map(file.cases.map((c) => [c.id, c.childName]));
  return { person: (id) => people.get(id) ?? id, child: (id) => children.get(id) ?? id };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Build an agenda from a whole case file (the CLI's --input, the benchmark, tests). `policy`: the
 * profile the file names (services/policy.ts); without it, the file must be Dorset's. */
export function buildAgendaFromFile(file: Source, request: AgendaRequest, calendar: Calendar = calendarFor(file), policy?: Policy): BuiltAgenda {
  const names = namesOf(file);
  const profile = policy !== undefined ? { policy } : {};
  switch (request.kind) {
    case 'cmooe': {
      const agenda = cmooeAgenda(file, { seriesId: request.seriesId, meetingOn: request.meetingOn, calendar, initials, ...profile });
      const series = file.meetingSeries.find((s) => s.id === request.seriesId)!;
      // The chair: the chair of the series (people[].chairs), else whoever selected cases for this meeting.
      const selector = file.selections
        .filter((s) => s.seriesId === request.seriesId && s.meetingOn === request.meetingOn)
        .map((s) => s.byId)
        .sort()[0];
      const chairPerson =
        [...file.people].sort(byId).find((p) => chairsSeries(p, request.seriesId)) ??
        (selector !== undefined ? file.people.find((p) => p.id === selector && p.roles.includes('cmooe-chair')) : undefined);
      return { kind: 'cmooe', agenda, title: series.title, chair: chairPerson?.name ?? null, names };
    }
    case 'weekly': {
      const agenda = weeklyAgenda(file, { meetingOn: request.meetingOn, calendar, ...profile });
      const chair = [...file.people].sort(byId).find((p) => p.roles.includes('service-manager'));
      return { kind: 'weekly', agenda, title: WEEKLY_TITLE, chair: chair?.name ?? null, names };
    }
    case 'termly': {
      const agenda = termlyNotice(file, { termStart: request.termStart, termEnd: request.termEnd, calendar, initials, ...profile });
      return { kind: 'termly', agenda, title: TERMLY_TITLE, chair: null, names };
    }
  }
}

/** Build an agenda from the store. A CMOOE agenda reads only what it needs (the meeting's
 * nominations, selections, the series' actions and those cases); the weekly agenda and the termly
 * notice read the whole service. `calendar`: the service calendar; default: bank holidays and the
 * store's school holidays. */
export async function buildAgenda(store: CaseStore, request: AgendaRequest, calendar?: Calendar): Promise<BuiltAgenda> {
  // The profile the store's case file names (docs/rules.md section 9).
  const policy = await servicePolicy(store);
  if (request.kind !== 'cmooe') {
    const file = await store.exportCaseFile();
    return buildAgendaFromFile(file, request, calendar ?? calendarFor(file), policy);
  }
  const meetingSeries = await store.listMeetingSeries();
  const schedule = seriesSchedule({ meetingSeries }, request.seriesId);
  const meeting = toDay(request.meetingOn);
  // Nominations for M were made after M-7-every (M-21 for a fortnightly series); those rolled over
  // from M were made up to M.
  const from = fromDay(meeting - 7 - schedule.every + 1);
  const [nominations, selections, seriesActions, people, schoolHolidays] = await Promise.all([
    store.listNominations({ from, to: request.meetingOn }),
    store.listSelections({ from: request.meetingOn, to: request.meetingOn }),
    store.listActions({ seriesId: request.seriesId }),
    store.listPeople(),
    store.listSchoolHolidays(),
  ]);
  const ids = new Set<string>();
  for (const n of nominations) ids.add(n.caseId);
  for (const s of selections) ids.add(s.caseId);
  for (const a of seriesActions) if (a.caseId !== null) ids.add(a.caseId);
  const cases = ids.size === 0 ? [] : (await store.queryCases({ ids: [...ids].sort() })).map((s) => s.case);
  const file: Source = { policy: policy.name, meetingSeries, people, cases, nominations, selections, actions: seriesActions, supervisions: [], schoolHolidays };
  return buildAgendaFromFile(file, request, calendar ?? calendarFor(file), policy);
}

export function agendaJson(built: BuiltAgenda): string {
  return JSON.stringify(built.agenda, null, 2) + '\n';
}

export function agendaMarkdown(built: BuiltAgenda): string {
  const options = { title: built.title, personName: built.names.person };
  switch (built.kind) {
    case 'cmooe':
      return renderCmooeMarkdown(built.agenda, options);
    case 'weekly':
      return renderWeeklyMarkdown(built.agenda, options);
    case 'termly':
      return renderTermlyMarkdown(built.agenda, options);
  }
}

export async function agendaDocx(built: BuiltAgenda): Promise<Buffer> {
  const meta = { title: built.title, chair: built.chair };
  switch (built.kind) {
    case 'cmooe':
      return docxBuffer(cmooeAgendaDocument(built.agenda, built.names, meta));
    case 'weekly':
      return docxBuffer(weeklyAgendaDocument(built.agenda, built.names, meta));
    case 'termly':
      return docxBuffer(termlyNoticeDocument(built.agenda, built.names, meta));
  }
}

export function agendaChannelCard(built: BuiltAgenda, given: AgendaCardLinks): AdaptiveCardJson {
  // The exact page: the chair's view of the meeting's series, the dashboard for the weekly meeting.
  const page = given.tabLinks ? (built.kind === 'cmooe' ? TAB_ROUTES.chair(built.agenda.seriesId) : built.kind === 'weekly' ? TAB_ROUTES.dashboard() : null) : null;
  const document = given.documentUrl ? documentLinkOf(given.documentUrl) : null;
  const linked: AgendaCardLinks = { ...given, documentUrl: document?.url ?? null };
  const links: AgendaCardLinks = page !== null && given.tabLinks ? { ...linked, tabUrl: tabLink(given.tabLinks, page) } : linked;
  const made = built.kind === 'cmooe' ? cmooeCardData(built.agenda, built.title, links) : built.kind === 'weekly' ? weeklyCardData(built.agenda, links) : termlyCardData(built.agenda, links);
  // A local file cannot be opened from Teams: the card says where it is instead of a file:/// link.
  const data = document?.note ? { ...made, notes: [...made.notes, document.note] } : made;
  let card = agendaCard(data);
  // Teams refuses cards over 28 KB: a very long agenda shows its first items and points to the document.
  let shown = data.items.length;
  while (cardBytes(card) > CARD_BUDGET_BYTES && shown > 1) {
    shown = Math.floor(shown * 0.8);
    card = agendaCard({ ...data, items: data.items.slice(0, shown), notes: [`Showing the first ${shown} of ${data.items.length}; the rest are in the document.`, ...data.notes] });
  }
  return card;
}

/** Room left under Teams' 28 KB limit for the activity around the card. */
const CARD_BUDGET_BYTES = TEAMS_CARD_LIMIT_BYTES - 2 * 1024;

/** The one-line text that goes with the card (notifications, screen readers): no names. */
export function agendaSummaryText(built: BuiltAgenda): string {
  switch (built.kind) {
    case 'cmooe':
      return `${built.title} agenda for ${built.agenda.meetingOn}: ${built.agenda.items.length} case(s)`;
    case 'weekly':
      return `${WEEKLY_TITLE} agenda, week of ${built.agenda.weekOf}`;
    case 'termly':
      return `Termly notice of annual reviews, term starting ${built.agenda.termStart}`;
  }
}

/** Where the Word file goes in the document store: one file per meeting, replaced when rebuilt. */
export function agendaDocumentPath(built: BuiltAgenda): string {
  switch (built.kind) {
    case 'cmooe':
      return `${built.agenda.seriesId}/${built.agenda.meetingOn} ${built.agenda.seriesId} agenda.docx`;
    case 'weekly':
      return `${WEEKLY_SERIES_ID}/${built.agenda.weekOf} weekly agenda.docx`;
    case 'termly':
      return `termly/${built.agenda.termStart} termly notice.docx`;
  }
}
