// The channel card of an agenda: case references and initials only (PS 10.2, 10.3; docs/rules.md section 7),
// linking to the Word document (full names, in the council's document library) and to the tab.
import { changeText, cmooeReasonLabel, figureText } from '../../domain/agenda/markdown.js';
import type { CmooeAgenda, TermlyNotice, WeeklyAgenda } from '../../domain/agenda/types.js';
import { renderCard } from '../cards.js';
import type { TabLinkConfig } from '../deep-links.js';
import type { AdaptiveCardJson } from '../messenger.js';
import { longDate, shortDate } from './docx.js';

export interface AgendaCardData {
  title: string;
  subtitle: string;
  lead: string;
  items: Array<{ title: string; value: string }>;
  notes: string[];
  documentUrl: string;
  tabUrl: string;
  /** A CMOOE agenda's "Record outcomes" (the chair or Business Support get the form in their 1:1 chat). */
  recordSeriesId?: string;
  recordMeetingOn?: string;
}

export interface AgendaCardLinks {
  readonly documentUrl?: string | null;
  readonly tabUrl?: string | null;
  /** When given, a CMOOE agenda links to the chair's view of its series and the weekly agenda to the
   * dashboard (deep-links.ts), instead of `tabUrl`. */
  readonly tabLinks?: TabLinkConfig | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function cmooeCardData(agenda: CmooeAgenda, seriesTitle: string, links: AgendaCardLinks): AgendaCardData {
  const items = agenda.items.map((it) => {
    const parts = [
      `${plural(it.schoolDaysMissing, 'school day')} missing`,
      it.cmooeReason ? cmooeReasonLabel(it.cmooeReason) : 'not currently CMOOE',
      it.reasons.join(' + '),
      it.summaryOnTime ? 'summary on time' : it.latestSummary ? 'summary not on time' : 'no summary',
    ];
    if (it.exclusionProvision) parts.push(`provision ${it.exclusionProvision.overdue ? 'OVERDUE' : 'due'} ${shortDate(it.exclusionProvision.provisionDueOn)}`);
    if (it.openActions.length > 0) parts.push(plural(it.openActions.length, 'open action'));
    return { title: `${it.caseId} ${it.initials}`, value: parts.join(' · ') };
  });
  const notes: string[] = [];
  if (agenda.openActions.length > 0) notes.push(`${plural(agenda.openActions.length, 'other open action')} carried from earlier meetings (see the document).`);
  if (agenda.rolledOver.length > 0) {
    const shown = agenda.rolledOver
      .slice(0, 10)
      .map((r) => r.caseId)
      .join(', ');
    notes.push(`Nominated after the cut-off, going to ${longDate(agenda.rolledOver[0]!.toMeetingOn)}: ${shown}${agenda.rolledOver.length > 10 ? ` and ${agenda.rolledOver.length - 10} more` : ''}.`);
  }
  notes.push("Names and summaries are in the Word document, in the council's document library.");
  return {
    title: `${seriesTitle}: agenda`,
    subtitle: `${longDate(agenda.meetingOn)} · summaries were due ${shortDate(agenda.summaryDeadline)}`,
    lead: agenda.items.length === 0 ? 'No cases were nominated or selected for this meeting.' : `${plural(agenda.items.length, 'case')} for discussion, most school days missing first:`,
    items,
    notes,
    documentUrl: links.documentUrl ?? '',
    tabUrl: links.tabUrl ?? '',
    recordSeriesId: agenda.seriesId,
    recordMeetingOn: agenda.meetingOn,
  };
}

/** Figures shown per team on the weekly card (the document has all of them). */
const WEEKLY_CARD_FIGURES = ['reviewsOnTime', 'decisionsWithin6Weeks', 'ehcpWithin20Weeks', 'cmooeCurrent'];

export function weeklyCardData(agenda: WeeklyAgenda, links: AgendaCardLinks): AgendaCardData {
  const items = agenda.groups.map((g) => {
    const parts = g.figures
      .filter((f) => WEEKLY_CARD_FIGURES.includes(f.id))
      .map((f) => `${f.label}: ${figureText(f.current, f.unit)}${f.change !== null ? ` (${changeText(f.change, f.unit)})` : ''}`);
    const overdue = g.exceptions.reduce((n, e) => n + e.count, 0);
    parts.push(`${overdue} overdue`);
    parts.push(`${g.coming.total} due in the next 4 weeks`);
    return { title: g.groupBy === 'service' ? g.name : `${g.groupBy === 'team' ? 'Team' : 'Locality'} ${g.name}`, value: parts.join(' · ') };
  });
  return {
    title: `Weekly team manager meeting: week of ${longDate(agenda.weekOf)}`,
    subtitle: `Figures ${shortDate(agenda.period.from)} to ${shortDate(agenda.period.to)}, change against the week before (PS 4.1)`,
    lead: 'By team and locality:',
    items,
    notes: [`${plural(agenda.carriedActions.length, 'action')} carried over.`, 'Exceptions with their case references are in the document.'],
    documentUrl: links.documentUrl ?? '',
    tabUrl: links.tabUrl ?? '',
  };
}

export function termlyCardData(notice: TermlyNotice, links: AgendaCardLinks): AgendaCardData {
  const total = notice.settings.reduce((n, s) => n + s.reviews.length, 0);
  const shown = notice.settings.slice(0, 60);
  const items = shown.map((s) => {
    const transition = s.reviews.filter((r) => r.phaseTransfer).length;
    const pfa = s.reviews.filter((r) => r.preparingForAdulthood).length;
    return { title: s.setting, value: `${plural(s.reviews.length, 'review')}${transition ? ` · ${transition} transition` : ''}${pfa ? ` · ${pfa} preparing for adulthood` : ''}` };
  });
  const notes = [`Send each setting its list by ${longDate(notice.noticeDueOn)} (PS 7.6).`];
  if (notice.settings.length > shown.length) notes.unshift(`And ${notice.settings.length - shown.length} more settings: see the document.`);
  return {
    title: `Termly notice of annual reviews: ${shortDate(notice.termStart)} to ${shortDate(notice.termEnd)}`,
    subtitle: `${plural(total, 'review')} due in the term across ${plural(notice.settings.length, 'setting')}`,
    lead: 'Reviews due by setting:',
    items,
    notes,
    documentUrl: links.documentUrl ?? '',
    tabUrl: links.tabUrl ?? '',
  };
}

export function agendaCard(data: AgendaCardData): AdaptiveCardJson {
  return renderCard('agenda', { recordSeriesId: '', recordMeetingOn: '', ...data });
}
