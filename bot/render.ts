// The bot's cards: bot/cards/*.json bound to their data (services/cards renderCard). Lists are
// capped so that a card stays well under Teams' 28 KB: a long list is summarised with a link to the tab.
import { randomUUID } from 'node:crypto';
import { ageOn, londonDateTime, toDay } from '../src/domain/dates.js';
import type { Person } from '../src/domain/model.js';
import { renderCard } from '../src/services/cards.js';
import type { AdaptiveCardJson } from '../src/services/messenger.js';
import type { CaseDetails, DueItem, MyCase, MyObligations } from '../src/services/myWork.js';
import type { FieldErrors, SummaryTarget } from '../src/services/recording.js';
import { lowerFirst, type ForecastView, type TeamFigures } from '../src/services/forecast.js';
import { KIND_LABELS } from '../src/domain/kinds.js';
import { accessReason } from '../src/services/access.js';

export type Scope = 'personal' | 'team' | 'groupChat';

/** At most this many obligations of each kind (overdue, due soon) on a card; the rest are counted. */
export const MAX_DUE_ITEMS = 10;
export const MAX_CASE_ROWS = 25;
export const MAX_CASE_OBLIGATIONS = 12;

export interface Button {
  readonly title: string;
  readonly command: string;
}

export function messageCard(
  title: string,
  lines: readonly string[],
  options: { facts?: Array<{ title: string; value: string }>; buttons?: Button[]; color?: 'Default' | 'Good' | 'Attention' | 'Warning' } = {},
): AdaptiveCardJson {
  return renderCard('message', {
    title,
    lines: [...lines],
    facts: options.facts ?? [],
    buttons: options.buttons ?? [],
    color: options.color ?? 'Default',
  });
}

export function welcomeCard(name: string, scope: Scope): AdaptiveCardJson {
  return renderCard('welcome', { name, scope, scopeName: scope === 'team' ? 'team' : 'chat' });
}

export function notSetUpCard(): AdaptiveCardJson {
  return renderCard('not-set-up', {});
}

/** The profile in force, as the help card names it (docs/rules.md section 9). */
export interface PolicyShown {
  readonly name: string;
  readonly title: string;
}

/** What the person's roles let them do, for "help" (only what they can use). */
export interface HelpAbilities {
  /** Writes CMOOE summaries (an inclusion lead, PS 6.14, 6.15). */
  readonly summary: boolean;
  /** Records casework (caseworkers, inclusion leads, team managers: PS 11.2). */
  readonly note: boolean;
  /** Manages someone, so records their supervision (PS 6.13). */
  readonly supervision: boolean;
  /** Nominates for CMOOE (inclusion leads, team managers, the virtual school: PS 4.2). */
  readonly nominate: boolean;
  /** Team managers and the all-cases roles: team and forecast. */
  readonly manager: boolean;
  /** Chooses a channel for an agenda (business support, service managers, chairs). */
  readonly agendaHere: boolean;
}

export function helpCard(scope: Scope, tabUrl: string, agendaAvailable: boolean, can: HelpAbilities, policy: PolicyShown | null = null): AdaptiveCardJson {
  const personal = [
    { words: "what's due", what: 'Your work: overdue first, then what falls due soon, each with its standard', when: true },
    { words: 'my cases', what: 'The cases you lead or hold, and whose their open items are', when: true },
    { words: 'case C-1001', what: "A case's details and open obligations (1:1 chat only)", when: true },
    { words: 'team', what: "Your team's work overdue now and due this week, by person", when: can.manager },
    { words: 'forecast', what: 'What falls due for your team in the next 8 weeks, week by week', when: can.manager },
    { words: 'summary C-1001', what: 'Write the fortnightly CMOOE summary (PS 6.15)', when: can.summary },
    { words: 'note C-1001', what: 'Record casework; the standard is within 48 hours (PS 11.2)', when: can.note },
    { words: 'supervision', what: 'Record a supervision held and when its notes were shared (PS 6.13, 11.4)', when: can.supervision },
    { words: 'nominate C-1001', what: 'Nominate a child for the CMOOE or Children in Care CMOOE meeting (PS 4.2)', when: can.nominate },
    { words: 'help', what: 'This list', when: true },
  ];
  const channel = [
    { words: "what's due, my cases, case C-1001", what: 'Sent to you in our 1:1 chat, never shown here', when: true },
    {
      words: 'agenda, agenda next, agenda 2026-12-10',
      what: "This channel's meeting agenda (from the summary deadline: the fortnight's card, where the chair chooses the cases)",
      when: agendaAvailable,
    },
    { words: 'agenda here cmooe (cic-cmooe, weekly, termly)', what: 'Post that agenda in this channel', when: agendaAvailable && can.agendaHere },
    { words: 'help', what: 'This list', when: true },
  ];
  const commands = (scope === 'personal' ? personal : channel).filter((c) => c.when).map(({ words, what }) => ({ words, what }));
  return renderCard('help', {
    scope,
    tabUrl,
    commands,
    supervision: scope === 'personal' && can.supervision,
    manager: scope === 'personal' && can.manager,
    policyText: policy ? `Timescales follow the ${policy.title} profile ("${policy.name}"): every due date says where it comes from.` : '',
  });
}

/** "team": a manager's team (or the service) overdue now and due this week, by person. */
export function teamCard(t: TeamFigures, forecastUrl: string): AdaptiveCardJson {
  const shown = t.byPerson.slice(0, MAX_CASE_ROWS);
  return renderCard('team', {
    title: `${t.title}: overdue now and due this week`,
    headline:
      t.overdue + t.dueThisWeek === 0
        ? `Nothing overdue and nothing due by ${longDay(t.weekEnds)} (today is ${t.today}).`
        : `${t.overdue} overdue now, ${t.dueThisWeek} due by ${longDay(t.weekEnds)} (today is ${t.today}).`,
    people: shown.map((p) => ({
      title: p.name,
      value: `${p.overdue} overdue${p.topKinds ? ` (${p.topKinds})` : ''}, ${p.dueThisWeek} due this week`,
    })),
    teams: t.byTeam.slice(0, MAX_CASE_ROWS).map((r) => ({ title: r.team, value: `${r.overdue} overdue, ${r.dueThisWeek} due this week` })),
    more: Math.max(0, t.byPerson.length - shown.length),
    forecastUrl,
  });
}

/** "forecast": what falls due in each of the next 8 weeks, by kind. */
export function forecastCard(f: ForecastView, forecastUrl: string): AdaptiveCardJson {
  const s = f.summary;
  const weeks = s.weeks.map((w, i) => {
    const kinds = Object.entries(w.byKind)
      .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
      .slice(0, 3)
      .map(([k, n]) => `${n} ${lowerFirst((KIND_LABELS as Record<string, string>)[k] ?? k)}`);
    const rest = Object.keys(w.byKind).length > 3 ? ', …' : '';
    return { title: i === 0 ? `This week (to ${shortDay(w.to)})` : `w/c ${shortDay(w.from)}`, value: w.total === 0 ? 'nothing' : `${w.total}: ${kinds.join(', ')}${rest}` };
  });
  const projected = s.weeks.reduce((n, w) => n + w.projected, 0);
  return renderCard('forecast', {
    title: `What is coming: ${f.scope.title}`,
    headline: `${s.total} falling due in the next ${s.weeks.length} weeks; ${s.overdueNow.total} overdue now (today is ${f.today}).`,
    weeks,
    note: projected > 0 ? `${projected} of them are expected rather than set yet (later CMOOE summaries, the next supervisions, plans after scheduled reviews).` : '',
    forecastUrl,
  });
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function longDay(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  return `${DAY_NAMES[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

function shortDay(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]!.slice(0, 3)}`;
}

function caseRef(item: DueItem): string {
  if (item.caseId) return `${item.caseId} ${item.who}`.trim();
  return item.kind === 'supervision' || item.kind === 'supervision-notes' ? `Supervision of ${item.who}` : item.who;
}

function dueRows(items: readonly DueItem[]) {
  return items.slice(0, MAX_DUE_ITEMS).map((i) => ({ caseRef: caseRef(i), what: i.what, due: i.due, basis: i.basis, citation: i.citation }));
}

export function dueCard(person: Person, work: MyObligations, tabUrl: string): AdaptiveCardJson {
  const overdueCount = work.overdue.length;
  const dueSoonCount = work.dueSoon.length;
  const lookahead = work.lookaheadDays;
  const headline =
    overdueCount + dueSoonCount === 0
      ? `Nothing overdue and nothing due in the next ${lookahead} days (today is ${work.today}).`
      : `${overdueCount} overdue, ${dueSoonCount} due in the next ${lookahead} days (today is ${work.today}).`;
  return renderCard('due', {
    name: person.name,
    headline,
    tabUrl,
    lookahead,
    overdueCount,
    dueSoonCount,
    overdue: dueRows(work.overdue),
    dueSoon: dueRows(work.dueSoon),
    overdueMore: Math.max(0, overdueCount - MAX_DUE_ITEMS),
    dueSoonMore: Math.max(0, dueSoonCount - MAX_DUE_ITEMS),
  });
}

/** Whose a case's open items are: "2 overdue, 1 due soon: 1 overdue yours; 1 overdue and 1 due soon Megan Bowen's". */
export function ownersText(c: MyCase): string {
  if (c.overdue + c.dueSoon === 0) return 'nothing overdue or due soon';
  const count = (o: { overdue: number; dueSoon: number }) => [o.overdue ? `${o.overdue} overdue` : '', o.dueSoon ? `${o.dueSoon} due soon` : ''].filter(Boolean).join(' and ');
  const whose = c.owners.map((o) => `${count(o)} ${o.mine ? 'yours' : `${o.name}'s`}`);
  return `${c.overdue} overdue, ${c.dueSoon} due soon: ${whose.join('; ')}`;
}

export function myCasesCard(person: Person, cases: readonly MyCase[], tabUrl: string, options: { manager?: boolean; chair?: boolean } = {}): AdaptiveCardJson {
  const none = options.manager
    ? "You do not lead or hold cases yourself. Type **team** for your team's work, or **forecast** for what is coming."
    : options.chair
      ? "You do not lead or hold cases yourself. As CMOOE chair, prepare the next meeting in the chair's view of the tab."
      : 'You do not lead or hold any cases.';
  const headline = cases.length === 0 ? none : `You lead or hold ${cases.length} case${cases.length === 1 ? '' : 's'}. Select one for its details.`;
  return renderCard('my-cases', {
    name: person.name,
    headline,
    tabUrl,
    cases: cases.slice(0, MAX_CASE_ROWS).map((c) => ({
      id: c.id,
      initials: c.initials,
      role: c.role,
      cmooeText: c.cmooe ? ' · CMOOE' : '',
      countsText: ownersText(c),
    })),
    more: Math.max(0, cases.length - MAX_CASE_ROWS),
    manager: options.manager === true,
  });
}

const REASON_WORDS: Record<string, string> = {
  'all-cases': 'your role sees all cases',
  lead: 'its lead professional',
  holds: 'its inclusion lead',
  'team-manager': "your team's manager",
  'cmooe-chair': 'CMOOE chair',
};

/** Recorded text read back in a card, cut to keep the card within Teams' 28 KB (the tab shows it whole). */
const READ_BACK_CHARS = 600;
function clip(text: string): string {
  return text.length <= READ_BACK_CHARS ? text : `${text.slice(0, READ_BACK_CHARS).trimEnd()}… (in full in the tab)`;
}

/** Full case details: only for a 1:1 chat with someone allowed to see the case (the caller checks). */
export function caseCard(viewer: Person, d: CaseDetails): AdaptiveCardJson {
  const c = d.case;
  const reason = accessReason(viewer, c, d.today);
  const facts = [
    { title: 'Date of birth', value: `${c.dateOfBirth} (age ${ageOn(toDay(c.dateOfBirth), toDay(d.today))})` },
    { title: 'Setting', value: c.setting ?? 'not recorded' },
    { title: 'Primary need', value: c.primaryNeed ?? 'not recorded' },
    { title: 'Team', value: c.team ?? 'not recorded' },
    { title: 'Lead professional', value: d.leadName ?? 'none' },
    { title: 'Inclusion lead', value: d.inclusionLeadName ?? 'none' },
    { title: 'Child in care', value: c.childInCare ? 'yes' : 'no' },
    { title: 'CMOOE today', value: d.cmooe ? 'yes' : 'no' },
    { title: 'EHC plan issued', value: c.plan?.issuedOn ?? 'no' },
  ];
  if (c.childInCare) facts.push({ title: 'Address', value: 'protected (child in care): not shown' });
  return renderCard('case', {
    id: c.id,
    childName: c.childName,
    reason: REASON_WORDS[reason ?? ''] ?? 'someone allowed to see it',
    facts,
    openCount: d.open.length,
    open: d.open.slice(0, MAX_CASE_OBLIGATIONS).map((o) => ({ ...o, ownerText: o.owner ? `owner ${o.owner}` : 'no owner recorded' })),
    openMore: Math.max(0, d.open.length - MAX_CASE_OBLIGATIONS),
    cmooe: d.cmooe,
    // What was recorded, read back (issue 13): the latest CMOOE summary and the last three notes.
    hasSummary: d.latestSummary !== null,
    summary: d.latestSummary
      ? {
          actionsToDate: clip(d.latestSummary.actionsToDate),
          currentSteps: clip(d.latestSummary.currentSteps),
          keyDates: clip(d.latestSummary.keyDates),
          heading: `Latest CMOOE summary: ${d.latestSummary.submittedOn}, by ${d.latestSummary.author}${d.latestSummary.corrected ? ' (corrected)' : ''}`,
        }
      : { heading: '', actionsToDate: '', currentSteps: '', keyDates: '' },
    hasNotes: d.recentNotes.length > 0,
    notesHeading: d.noteCount > d.recentNotes.length ? `Last ${d.recentNotes.length} case notes (of ${d.noteCount}; all in the tab)` : 'Case notes',
    notes: d.recentNotes.map((n) => ({ heading: `${londonDateTime(Date.parse(n.eventAt))}, ${n.author}${n.corrected ? ' (corrected)' : ''}`, text: clip(n.text) })),
  });
}

// ---- forms: values are the user's input (kept on a bad submit), errors are by field ---------------

function fill(fields: readonly string[], source: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = source?.[f];
    out[f] = typeof v === 'string' ? v : '';
  }
  return out;
}

export const NOTE_FIELDS = ['eventDate', 'eventTime', 'text'] as const;
export const SUMMARY_FIELDS = ['actionsToDate', 'currentSteps', 'keyDates'] as const;
export const SUPERVISION_FIELDS = ['superviseeId', 'heldOn', 'notesSharedOn'] as const;
export const NOMINATE_FIELDS = ['seriesId', 'concern'] as const;

export interface FormState {
  readonly values?: Record<string, unknown>;
  readonly errors?: FieldErrors;
}

/** Every form card carries a submit id, new each time the form is shown: a second submit of the same
 * card (a double click, a retried request) gets the first one's answer and records nothing more. */
function submitId(): string {
  return randomUUID();
}

export function noteForm(caseId: string, caseInitials: string, state: FormState = {}): AdaptiveCardJson {
  return renderCard('form-note', {
    submitId: submitId(),
    caseId,
    initials: caseInitials,
    values: fill(NOTE_FIELDS, state.values),
    errors: fill(['form', ...NOTE_FIELDS], state.errors),
  });
}

export function summaryForm(caseId: string, caseInitials: string, target: SummaryTarget, state: FormState = {}): AdaptiveCardJson {
  return renderCard('form-summary', {
    submitId: submitId(),
    caseId,
    initials: caseInitials,
    seriesTitle: target.seriesTitle,
    meetingOn: target.meetingOn,
    deadline: target.deadline,
    values: fill(SUMMARY_FIELDS, state.values),
    errors: fill(['form', ...SUMMARY_FIELDS], state.errors),
  });
}

export function supervisionForm(
  today: string,
  supervisees: ReadonlyArray<{ id: string; name: string }>,
  state: FormState = {},
  awaited: ReadonlyArray<{ superviseeId: string; supervisee: string; heldOn: string; notesDueOn: string; overdue: boolean }> = [],
): AdaptiveCardJson {
  return renderCard('form-supervision', {
    submitId: submitId(),
    today,
    // Supervisions held whose notes are not yet shared (at most 10 on the card; the tab lists them all).
    hasAwaited: awaited.length > 0,
    awaited: awaited.slice(0, 10).map((a) => ({
      text: `**${a.supervisee}**, held ${a.heldOn}: notes ${a.overdue ? `overdue since ${a.notesDueOn}` : `due by ${a.notesDueOn}`}`,
      color: a.overdue ? 'Attention' : 'Default',
      data: { action: 'submit.notes-shared', superviseeId: a.superviseeId, heldOn: a.heldOn },
    })),
    supervisees: supervisees.map((p) => ({ id: p.id, name: p.name })),
    values: fill(SUPERVISION_FIELDS, state.values),
    errors: fill(['form', ...SUPERVISION_FIELDS], state.errors),
  });
}

export function nominateForm(caseId: string, caseInitials: string, meetingOn: string, defaultSeries: string, state: FormState = {}): AdaptiveCardJson {
  const values = fill(NOMINATE_FIELDS, state.values);
  if (values.seriesId === '' && state.values === undefined) values.seriesId = defaultSeries;
  return renderCard('form-nominate', {
    submitId: submitId(),
    caseId,
    initials: caseInitials,
    meetingOn,
    values,
    errors: fill(['form', ...NOMINATE_FIELDS], state.errors),
  });
}

export const MEETING_ITEM_FIELDS = ['outcome', 'actionText', 'ownerId', 'dueOn'] as const;

/** The outcome of one case of a meeting's record, and an action, as a card form (1:1 only: it offers
 * the service's people by name). */
export function meetingItemForm(
  m: { seriesId: string; seriesTitle: string; meetingOn: string; closes: string; caseId: string; initials: string; agreed: string[]; people: ReadonlyArray<{ id: string; name: string }> },
  state: FormState = {},
): AdaptiveCardJson {
  return renderCard('form-meeting-item', {
    submitId: submitId(),
    ...m,
    people: m.people.map((p) => ({ id: p.id, name: p.name })),
    values: fill(MEETING_ITEM_FIELDS, state.values),
    errors: fill(['form', ...MEETING_ITEM_FIELDS], state.errors),
  });
}

/** The cases of a meeting's agenda to record, each a button opening its form (initials only). */
export function meetingCasesCard(title: string, lead: string, cases: ReadonlyArray<{ title: string; data: Record<string, string> }>): AdaptiveCardJson {
  return renderCard('meeting-cases', { title, lead, cases: cases.map((c) => ({ title: c.title, data: c.data })) });
}
