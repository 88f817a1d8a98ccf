// The bot's cards: bot/cards/*.json bound to their data (services/cards renderCard). Lists are
// capped so that a card stays well under Teams' 28 KB: a long list is summarised with a link to the tab.
import { ageOn, toDay } from '../src/domain/dates.js';
import type { Person } from '../src/domain/model.js';
import { renderCard } from '../src/services/cards.js';
import type { AdaptiveCardJson } from '../src/services/messenger.js';
import type { CaseDetails, DueItem, MyCase, MyObligations } from '../src/services/myWork.js';
import type { FieldErrors, SummaryTarget } from '../src/services/recording.js';
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

export function messageCard(title: string, lines: readonly string[], options: { facts?: Array<{ title: string; value: string }>; buttons?: Button[]; color?: 'Default' | 'Good' | 'Attention' | 'Warning' } = {}): AdaptiveCardJson {
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

/** The profile in force, as the help card names it (standards.md section 9). */
export interface PolicyShown {
  readonly name: string;
  readonly title: string;
}

export function helpCard(scope: Scope, tabUrl: string, agendaAvailable: boolean, policy: PolicyShown | null = null): AdaptiveCardJson {
  const personal = [
    { words: "what's due", what: 'Your work: overdue first, then what falls due soon, each with its standard' },
    { words: 'my cases', what: 'The cases you lead or hold' },
    { words: 'case C-1001', what: "A case's details and open obligations (1:1 chat only)" },
    { words: 'summary C-1001', what: 'Write the fortnightly CMOOE summary (PS 6.15)' },
    { words: 'note C-1001', what: 'Record casework; the standard is within 48 hours (PS 11.2)' },
    { words: 'supervision', what: 'Record a supervision held and when its notes were shared (PS 6.13, 11.4)' },
    { words: 'nominate C-1001', what: 'Nominate a child for the CMOOE or Children in Care CMOOE meeting (PS 4.2)' },
    { words: 'help', what: 'This list' },
  ];
  const channel = [
    { words: "what's due", what: 'Your work, with case references and initials only' },
    ...(agendaAvailable
      ? [
          { words: 'agenda, agenda next, agenda 2026-12-10', what: "This channel's meeting agenda" },
          { words: 'agenda here cmooe (cic-cmooe, weekly, termly)', what: 'Post that agenda in this channel (business support, service managers, chairs)' },
        ]
      : []),
    { words: 'help', what: 'This list' },
  ];
  return renderCard('help', {
    scope,
    tabUrl,
    commands: scope === 'personal' ? personal : channel,
    policyText: policy ? `Timescales follow the ${policy.title} profile ("${policy.name}"): every due date says where it comes from.` : '',
  });
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

export function myCasesCard(person: Person, cases: readonly MyCase[], tabUrl: string): AdaptiveCardJson {
  const headline = cases.length === 0 ? 'You do not lead or hold any cases.' : `You lead or hold ${cases.length} case${cases.length === 1 ? '' : 's'}. Select one for its details.`;
  return renderCard('my-cases', {
    name: person.name,
    headline,
    tabUrl,
    cases: cases.slice(0, MAX_CASE_ROWS).map((c) => ({
      id: c.id,
      initials: c.initials,
      role: c.role,
      cmooeText: c.cmooe ? ' · CMOOE' : '',
      countsText: c.overdue + c.dueSoon === 0 ? 'nothing overdue or due soon' : `${c.overdue} overdue, ${c.dueSoon} due soon`,
    })),
    more: Math.max(0, cases.length - MAX_CASE_ROWS),
  });
}

const REASON_WORDS: Record<string, string> = {
  'all-cases': 'your role sees all cases',
  lead: 'its lead professional',
  holds: 'its inclusion lead',
  'team-manager': "your team's manager",
  'cmooe-chair': 'CMOOE chair',
};

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

export function noteForm(caseId: string, caseInitials: string, state: FormState = {}): AdaptiveCardJson {
  return renderCard('form-note', {
    caseId,
    initials: caseInitials,
    values: fill(NOTE_FIELDS, state.values),
    errors: fill(['form', ...NOTE_FIELDS], state.errors),
  });
}

export function summaryForm(caseId: string, caseInitials: string, target: SummaryTarget, state: FormState = {}): AdaptiveCardJson {
  return renderCard('form-summary', {
    caseId,
    initials: caseInitials,
    seriesTitle: target.seriesTitle,
    meetingOn: target.meetingOn,
    deadline: target.deadline,
    values: fill(SUMMARY_FIELDS, state.values),
    errors: fill(['form', ...SUMMARY_FIELDS], state.errors),
  });
}

export function supervisionForm(today: string, supervisees: ReadonlyArray<{ id: string; name: string }>, state: FormState = {}): AdaptiveCardJson {
  return renderCard('form-supervision', {
    today,
    supervisees: supervisees.map((p) => ({ id: p.id, name: p.name })),
    values: fill(SUPERVISION_FIELDS, state.values),
    errors: fill(['form', ...SUPERVISION_FIELDS], state.errors),
  });
}

export function nominateForm(caseId: string, caseInitials: string, meetingOn: string, defaultSeries: string, state: FormState = {}): AdaptiveCardJson {
  const values = fill(NOMINATE_FIELDS, state.values);
  if (values.seriesId === '' && state.values === undefined) values.seriesId = defaultSeries;
  return renderCard('form-nominate', {
    caseId,
    initials: caseInitials,
    meetingOn,
    values,
    errors: fill(['form', ...NOMINATE_FIELDS], state.errors),
  });
}
