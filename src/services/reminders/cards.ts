// The digest cards (bot/cards/digest.json, manager-digest.json): one card a day per person, each line
// with its buttons (Action.Execute, card 1.5): mark done, open the right form, snooze. 1:1 chat only,
// and still only case references and initials (no names, dates of birth or needs of children).
import { toDay } from '../../domain/dates.js';
import { lineAction, MAX_CARD_LINES, SECTION_ORDER, SECTION_TITLES, sectionOf, type DigestCard, type ReminderStage } from '../../domain/reminders.js';
import type { Person } from '../../domain/model.js';
import type { ObligationKind } from '../../domain/obligation.js';
import { placeholderCard } from '../card-ledger.js';
import { renderCard } from '../cards.js';
import { TAB_ROUTES, tabLink, type TabLinkConfig } from '../deep-links.js';
import type { AdaptiveCardJson } from '../messenger.js';
import { NOMINATOR_ROLES } from '../recording.js';

export const SNOOZE_DAYS = 3;

/** One line of a digest as shown: an obligation, its stage, and what has happened to it since. */
export interface DigestLine {
  readonly obligationKey: string;
  readonly kind: ObligationKind;
  /** The line's words (kinds.ts obligationLabel: an advice line names its agency, an action its action). */
  readonly label: string;
  readonly caseId: string | null;
  /** The child's initials (case obligations) or the staff member's name (supervision). */
  readonly who: string;
  /** For the manager digest: whose obligation it is. */
  readonly ownerName: string | null;
  readonly due: string;
  readonly stage: ReminderStage;
  readonly citation: string;
  /** Where the due date comes from (the obligation's basis). */
  readonly basis: string;
  /** A supervisee told that notes are not yet shared: no buttons to act. */
  readonly forInformation: boolean;
  readonly state: 'open' | 'done' | 'snoozed';
  /** For done: the date recorded; for snoozed: the day it comes back. */
  readonly stateOn: string | null;
  /** An audit (or its moderation): the line opens the audit form, not the case (docs/rules.md section 8). */
  readonly auditId?: string | null;
}

export interface DigestCardInput {
  readonly card: DigestCard;
  readonly day: string;
  readonly lines: readonly DigestLine[];
  readonly stillOverdue: number;
  readonly graceDays: number;
  readonly tabUrl: string;
  /** A line at the top after a button was used ("Recorded: …"). */
  readonly notice?: { readonly text: string; readonly color: 'Good' | 'Attention' | 'Warning' } | null;
  /** For links to each line's case and to the team view (else every link is `tabUrl`). */
  readonly links?: TabLinkConfig;
  /** Who the card is for: its buttons are only the actions they may take. */
  readonly recipient?: Pick<Person, 'id' | 'roles'>;
}

const STAGE_RANK: Record<ReminderStage, number> = { escalated: 0, overdue: 1, 'due-soon': 2 };

export function compareLines(a: DigestLine, b: DigestLine): number {
  return STAGE_RANK[a.stage] - STAGE_RANK[b.stage] || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) || (a.obligationKey < b.obligationKey ? -1 : a.obligationKey > b.obligationKey ? 1 : 0);
}

function when(due: string, day: string): string {
  const d = toDay(day) - toDay(due.slice(0, 10));
  if (d > 0) return `overdue by ${d} day${d === 1 ? '' : 's'}`;
  if (d === 0) return 'due today';
  return `due in ${-d} day${d === -1 ? '' : 's'}`;
}

function lineText(line: DigestLine, card: DigestCard): string {
  if (line.forInformation) return `**Your supervision notes** are not yet shared with you`;
  const ref = line.caseId ? `**${line.caseId} (${line.who})**` : `**${line.who}**`;
  const owner = card === 'manager-digest' && line.ownerName ? `, for ${line.ownerName}` : '';
  return `${ref}: ${line.label}${owner}`;
}

function lineDetail(line: DigestLine, day: string, graceDays: number): string {
  const state =
    line.state === 'done'
      ? `Done: recorded on ${line.stateOn ?? day}`
      : line.state === 'snoozed'
        ? `Snoozed: back on ${line.stateOn ?? ''}`
        : line.stage === 'escalated'
          ? `${when(line.due, day)} (more than the ${graceDays}-day grace)`
          : when(line.due, day);
  return `Due ${line.due.slice(0, 10)}: ${line.basis} · ${state} · ${line.citation}`;
}

function lineColor(line: DigestLine): string {
  if (line.state === 'done') return 'Good';
  if (line.state === 'snoozed') return 'Default';
  return line.stage === 'due-soon' ? 'Warning' : 'Attention';
}

function formTitle(verb: string): string {
  switch (verb) {
    case 'form.summary':
      return 'Write the summary';
    case 'form.supervision':
      return 'Record a supervision';
    case 'form.note':
      return 'Record casework';
    default:
      return 'Nominate for CMOOE';
  }
}

const UK_DATE = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function ukDate(day: string): string {
  return UK_DATE.format(new Date(`${day}T12:00:00Z`));
}

/** The card data (before template expansion), exposed for tests. */
export function digestCardData(input: DigestCardInput): Record<string, unknown> {
  const sorted = [...input.lines].sort(compareLines);
  const shown = sorted.slice(0, MAX_CARD_LINES);
  const more = sorted.length - shown.length;
  const manager = input.card === 'manager-digest';
  const common = { card: input.card, day: input.day, still: input.stillOverdue };
  const link = (caseId: string | null) => (input.links ? tabLink(input.links, caseId ? TAB_ROUTES.case(caseId) : TAB_ROUTES.myWork()) : input.tabUrl);
  const nominator = input.recipient?.roles.some((r) => (NOMINATOR_ROLES as readonly string[]).includes(r)) ?? false;
  // Each "what was done" box needs an id of its own in the card.
  let noteInputs = 0;
  const sections = SECTION_ORDER.map((section) => ({
    title: SECTION_TITLES[section],
    lines: shown
      .filter((l) => sectionOf(l.kind) === section)
      .map((l) => {
        const action = lineAction(l.kind);
        const open = l.state === 'open' && !l.forInformation;
        // Only the actions the recipient may take: a form is its owner's to fill in (on a manager's
        // card the owner is someone else); a manager who nominates may nominate a CMOOE child they are
        // told about (PS 4.2). Anything else opens the case in the tab.
        const formVerb = manager ? (nominator && sectionOf(l.kind) === 'cmooe' && l.caseId ? 'form.nominate' : null) : action.type === 'form' ? action.verb : null;
        // A meeting's action is closed by its owner, with a line on what was done (typed in a box that
        // Done opens); supervision notes are marked shared today. Neither needs a date typed.
        const close = action.type === 'close' && !manager;
        const noteField = close ? `note-${noteInputs++}` : '';
        return {
          text: lineText(l, input.card),
          detail: lineDetail(l, input.day, input.graceDays),
          color: lineColor(l),
          open,
          showDone: action.type === 'done' || action.type === 'notes-shared',
          showClose: close,
          noteField,
          notePrompt: action.type === 'close' ? action.prompt : '',
          closeData: { key: l.obligationKey, caseId: l.caseId, noteField, ...common },
          doneData: { key: l.obligationKey, caseId: l.caseId, ...common },
          showForm: formVerb !== null,
          formVerb: formVerb ?? 'form.note',
          formTitle: formTitle(formVerb ?? ''),
          formData: { caseId: l.caseId },
          showTab: action.type === 'tab' || (manager && formVerb === null && action.type !== 'done' && action.type !== 'notes-shared'),
          tabUrl: l.auditId ? (input.links ? tabLink(input.links, TAB_ROUTES.audit(l.auditId)) : input.tabUrl) : link(l.caseId),
          tabTitle: l.auditId ? `Open audit ${l.auditId}` : l.caseId ? `Open ${l.caseId}` : 'Open My work',
          snoozeDays: SNOOZE_DAYS,
          snoozeData: { key: l.obligationKey, caseId: l.caseId, days: SNOOZE_DAYS, ...common },
        };
      }),
  })).filter((s) => s.lines.length > 0);
  const overdueNew = input.lines.filter((l) => l.stage !== 'due-soon').length;
  const soonNew = input.lines.length - overdueNew;
  const intro = manager
    ? input.lines.length > 0
      ? `${input.lines.length} item${input.lines.length === 1 ? '' : 's'} of your team overdue by more than ${input.graceDays} days.`
      : `Nothing newly past the ${input.graceDays}-day grace today.`
    : input.lines.length > 0
      ? `New today: ${overdueNew} overdue, ${soonNew} due soon.`
      : 'Nothing new today.';
  return {
    title: manager ? `Your team's overdue work: ${ukDate(input.day)}` : `Your reminders: ${ukDate(input.day)}`,
    intro,
    notice: input.notice?.text ?? '',
    noticeColor: input.notice?.color ?? 'Default',
    sections,
    more,
    moreText: `…and ${more} more. Open the tab to see them all.`,
    stillOverdue: input.stillOverdue,
    stillText: manager ? `Still overdue beyond the grace from earlier days: ${input.stillOverdue}.` : `Still overdue from earlier days: ${input.stillOverdue}.`,
    // "Show them": a person's own list comes as a message (what's due); a manager's is the team's
    // overdue work in the tab (the forecast's "overdue now").
    showThemCommand: manager ? '' : "what's due",
    showThemUrl: manager ? (input.links ? tabLink(input.links, TAB_ROUTES.forecast({ week: '-1' })) : input.tabUrl) : '',
    tabUrl: input.tabUrl,
    teamViewUrl: input.links ? tabLink(input.links, TAB_ROUTES.dashboard()) : input.tabUrl,
  };
}

export function digestCard(input: DigestCardInput): AdaptiveCardJson {
  return renderCard(input.card, digestCardData(input));
}

/** The card's placeholder (services/card-ledger.ts): its heading, posted first and then replaced by the
 * card. Worded so that, left alone after a crash, it still reads as the heading of the card below it. */
export function digestPlaceholderCard(card: DigestCard, day: string): AdaptiveCardJson {
  const title = card === 'manager-digest' ? `Your team's overdue work: ${ukDate(day)}` : `Your reminders: ${ukDate(day)}`;
  return placeholderCard(title, 'The list follows.');
}

/** Plain text for the notification (no child details). */
export function digestSummaryText(input: Pick<DigestCardInput, 'card' | 'lines' | 'stillOverdue'>): string {
  const n = input.lines.length;
  if (input.card === 'manager-digest') return `Your team: ${n} item${n === 1 ? '' : 's'} overdue beyond the grace period`;
  return n > 0 ? `Your reminders: ${n} new` : `Your reminders: ${input.stillOverdue} still overdue`;
}

/** A small card answering a button: a message, and a form or the tab to go on with. */
export function reminderNoteCard(input: {
  title: string;
  lines: string[];
  color?: 'Good' | 'Attention' | 'Warning' | 'Default';
  form?: { verb: string; caseId: string | null } | null;
  tabUrl?: string | null;
}): AdaptiveCardJson {
  return renderCard('reminder-note', {
    title: input.title,
    lines: input.lines,
    color: input.color ?? 'Default',
    showForm: Boolean(input.form),
    formVerb: input.form?.verb ?? 'form.note',
    formTitle: formTitle(input.form?.verb ?? ''),
    formData: { caseId: input.form?.caseId ?? null },
    showTab: Boolean(input.tabUrl),
    tabUrl: input.tabUrl ?? '',
  });
}
