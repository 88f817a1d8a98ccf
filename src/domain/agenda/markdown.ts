// Markdown renderings of the agendas (pure). Children appear by case reference and initials only, so
// the Markdown may be pasted into a channel or an email; staff appear by name when a lookup is given.
import type { ClosedAction, CmooeAgenda, FigureValue, Minutes, TermlyNotice, WeeklyAgenda } from './types.js';

export interface MarkdownOptions {
  /** The meeting's title (e.g. the series title "CMOOE oversight"). */
  readonly title?: string;
  /** A staff member's name from their id (default: the id). */
  readonly personName?: (personId: string) => string;
}

/** Escape text for a Markdown table cell or line (pipes, newlines, emphasis and HTML). */
export function mdText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/([|*_`[\]<>#])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

const REASON_LABELS: Record<string, string> = {
  'suspended-no-provision': 'suspended, no provision',
  'excluded-no-provision': 'excluded, no provision',
  'permanent-exclusion': 'permanent exclusion',
  'missing-attendance': 'missing attendance',
};

export function cmooeReasonLabel(reason: string | null): string {
  return reason === null ? 'not currently CMOOE' : (REASON_LABELS[reason] ?? reason);
}

export function renderCmooeMarkdown(agenda: CmooeAgenda, options: MarkdownOptions = {}): string {
  const who = options.personName ?? ((id: string) => id);
  const lines: string[] = [];
  lines.push(`# ${mdText(options.title ?? agenda.seriesId)}: agenda for ${agenda.meetingOn}`, '');
  lines.push(`Summaries were due by ${agenda.summaryDeadline}. ${agenda.items.length} case${agenda.items.length === 1 ? '' : 's'} for discussion (PS 4.2).`, '');
  if (agenda.items.length > 0) {
    lines.push('| # | Case | Child | Why | CMOOE reason | Since | School days missing | Summary on time | Exclusion provision |');
    lines.push('|---|---|---|---|---|---|---|---|---|');
    agenda.items.forEach((it, i) => {
      const ex = it.exclusionProvision;
      const exText = ex === null ? '' : `${ex.overdue ? 'OVERDUE: ' : ''}due ${ex.provisionDueOn} (excluded ${ex.permanentFrom}, ${ex.citation})`;
      lines.push(
        `| ${i + 1} | ${mdText(it.caseId)} | ${mdText(it.initials)} | ${it.reasons.join(', ')} | ${cmooeReasonLabel(it.cmooeReason)} | ${it.cmooeSince ?? ''} | ${it.schoolDaysMissing} | ${it.summaryOnTime ? 'yes' : 'no'} | ${exText} |`,
      );
    });
    lines.push('');
  }
  agenda.items.forEach((it, i) => {
    lines.push(`## ${i + 1}. ${mdText(it.caseId)} (${mdText(it.initials)})`, '');
    for (const n of it.nominations) lines.push(`- Nominated on ${n.madeOn} by ${mdText(who(n.byId))}: ${mdText(n.concern)}`);
    if (it.reasons.includes('selected')) lines.push('- Selected by the chair');
    lines.push(`- ${it.schoolDaysMissing} school days missing out on education${it.cmooeSince ? ` since ${it.cmooeSince} (${cmooeReasonLabel(it.cmooeReason)})` : ''}`);
    if (it.exclusionProvision) {
      const ex = it.exclusionProvision;
      lines.push(`- Permanent exclusion from ${ex.permanentFrom}: provision due ${ex.provisionDueOn}, ${ex.basis} (${ex.citation})${ex.overdue ? ', **overdue**' : ''}`);
    }
    if (it.latestSummary) {
      const s = it.latestSummary;
      lines.push(`- Latest summary ${s.submittedOn}${it.summaryOnTime ? ' (on time)' : " (this fortnight's summary is missing)"}`);
      lines.push(`  - Actions to date: ${mdText(s.actionsToDate)}`);
      lines.push(`  - Current steps: ${mdText(s.currentSteps)}`);
      lines.push(`  - Key dates: ${mdText(s.keyDates)}`);
    } else {
      lines.push('- No summary recorded');
    }
    if (it.openActions.length > 0) {
      lines.push('- Open actions:');
      for (const a of it.openActions) lines.push(`  - ${mdText(a.id)}: ${mdText(a.text)} (${mdText(who(a.ownerId))}, due ${a.dueOn}: ${mdText(a.basis)})`);
    }
    lines.push('');
  });
  if (agenda.openActions.length > 0) {
    lines.push('## Other open actions', '');
    for (const a of agenda.openActions) {
      lines.push(`- ${mdText(a.id)}${a.caseId ? ` (${mdText(a.caseId)})` : ''}: ${mdText(a.text)} (${mdText(who(a.ownerId))}, due ${a.dueOn}, agreed ${a.agreedOn})`);
    }
    lines.push('');
  }
  closedActionLines(lines, agenda.closedActions, who);
  if (agenda.rolledOver.length > 0) {
    lines.push('## Nominations rolled over', '');
    for (const r of agenda.rolledOver) lines.push(`- ${mdText(r.caseId)}: nominated ${r.madeOn}, after the cut-off; goes to ${r.toMeetingOn}`);
    lines.push('');
  }
  return lines.join('\n');
}

export function figureText(v: FigureValue, unit: 'percent' | 'count' | 'days'): string {
  if (unit === 'percent') return v.value === null ? 'none due' : `${v.value}% (${v.met}/${v.total})`;
  return v.value === null ? '-' : String(v.value);
}

export function changeText(change: number | null, unit: 'percent' | 'count' | 'days'): string {
  if (change === null) return '';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const n = Math.abs(Math.round(change * 10) / 10);
  return `${sign}${n}${unit === 'percent' ? ' pts' : ''}`;
}

export function renderWeeklyMarkdown(agenda: WeeklyAgenda, options: MarkdownOptions = {}): string {
  const who = options.personName ?? ((id: string) => id);
  const lines: string[] = [];
  lines.push(`# ${mdText(options.title ?? 'Weekly team manager meeting')}: week of ${agenda.weekOf}`, '');
  lines.push(`Meeting on ${agenda.meetingOn}. Figures for ${agenda.period.from} to ${agenda.period.to}, against ${agenda.previousPeriod.from} to ${agenda.previousPeriod.to} (PS 4.1).`, '');
  for (const g of agenda.groups) {
    lines.push(`## ${g.groupBy === 'service' ? '' : g.groupBy === 'team' ? 'Team: ' : 'Locality: '}${mdText(g.name)}`, '');
    lines.push('| Measure | This week | Last week | Change |', '|---|---|---|---|');
    for (const f of g.figures) lines.push(`| ${mdText(f.label)} | ${figureText(f.current, f.unit)} | ${figureText(f.previous, f.unit)} | ${changeText(f.change, f.unit)} |`);
    lines.push('');
    if (g.exceptions.length > 0) {
      lines.push('Exceptions (overdue now):', '');
      for (const e of g.exceptions) {
        const refs = [...e.caseIds, ...e.personIds.map(who)];
        const shown = refs.slice(0, 20).map(mdText).join(', ');
        lines.push(`- ${mdText(e.label)}: ${e.count}${refs.length > 0 ? ` (${shown}${refs.length > 20 ? `, and ${refs.length - 20} more` : ''})` : ''}`);
        // The longest overdue, each with where its due date came from.
        for (const o of e.items.slice(0, 3)) {
          lines.push(`  - ${mdText(o.caseId ?? (o.personId !== null ? who(o.personId) : ''))} due ${o.due.slice(0, 10)}: ${mdText(o.basis)} (${mdText(o.citation)})`);
        }
      }
      lines.push('');
    }
    if (g.coming.total > 0) {
      lines.push(`Coming in the next 4 weeks: ${g.coming.total}${g.coming.projected > 0 ? ` (${g.coming.projected} expected, not yet set)` : ''}.`, '');
      lines.push(`| Obligation | ${g.coming.weeks.map((w, i) => (i === 0 ? `${w.from} to ${w.to}` : `w/c ${w.from}`)).join(' | ')} | Total |`, `|---|${g.coming.weeks.map(() => '---|').join('')}---|`);
      for (const k of g.coming.byKind) lines.push(`| ${mdText(k.label)} | ${k.perWeek.join(' | ')} | ${k.total} |`);
      lines.push('');
    } else {
      lines.push('Coming in the next 4 weeks: nothing.', '');
    }
  }
  lines.push('## Actions carried over', '');
  if (agenda.carriedActions.length === 0) lines.push('None.');
  for (const a of agenda.carriedActions)
    lines.push(`- ${mdText(a.id)}${a.caseId ? ` (${mdText(a.caseId)})` : ''}: ${mdText(a.text)} (${mdText(who(a.ownerId))}, due ${a.dueOn}, agreed ${a.agreedOn})`);
  lines.push('');
  closedActionLines(lines, agenda.closedActions, who);
  return lines.join('\n');
}

/** "Actions closed since the last meeting": each with its owner, when it was closed and what was done. */
function closedActionLines(lines: string[], closed: readonly ClosedAction[], who: (id: string) => string): void {
  if (closed.length === 0) return;
  lines.push('## Actions closed since the last meeting', '');
  for (const a of closed) {
    const note = a.closedNote ? `: ${mdText(a.closedNote)}` : '';
    lines.push(`- ${mdText(a.id)}${a.caseId ? ` (${mdText(a.caseId)})` : ''}: ${mdText(a.text)} (${mdText(who(a.ownerId))}, due ${a.dueOn}, closed ${a.closedOn}${a.onTime ? '' : ', late'})${note}`);
  }
  lines.push('');
}

export interface MinutesMarkdownOptions extends MarkdownOptions {
  /** "Revised at ..." when the minutes were published before and the record has changed since. */
  readonly revisedAt?: string | null;
}

/** The minutes as Markdown: children by case reference and initials, outcomes and actions in full. */
export function renderMinutesMarkdown(minutes: Minutes, options: MinutesMarkdownOptions = {}): string {
  const who = options.personName ?? ((id: string) => id);
  const lines: string[] = [];
  lines.push(`# ${mdText(options.title ?? minutes.seriesId)}: minutes of the meeting on ${minutes.meetingOn}${options.revisedAt ? ' (revised)' : ''}`, '');
  lines.push(`Recorded by ${mdText(who(minutes.recordedById))}${minutes.recordedAt ? `, last saved ${minutes.recordedAt}` : ''}.${options.revisedAt ? ` Revised ${options.revisedAt}.` : ''}`, '');
  lines.push(`Attended: ${minutes.attendees.length > 0 ? minutes.attendees.map((a) => mdText(who(a))).join(', ') : 'not recorded'}.`, '');
  lines.push(`## Cases discussed (${minutes.cases.length})`, '');
  if (minutes.cases.length === 0) lines.push('None recorded.', '');
  minutes.cases.forEach((c, i) => {
    lines.push(`### ${i + 1}. ${mdText(c.caseId)} (${mdText(c.initials)})`, '');
    lines.push(`Outcome: ${mdText(c.outcome)}`, '');
    for (const a of c.actions) lines.push(`- Action ${mdText(a.id)}: ${mdText(a.text)} (${mdText(who(a.ownerId))}, due ${a.dueOn}${a.closedOn ? `, closed ${a.closedOn}` : ''})`);
    if (c.actions.length > 0) lines.push('');
  });
  if (minutes.otherActions.length > 0) {
    lines.push('## Other actions agreed', '');
    for (const a of minutes.otherActions) lines.push(`- Action ${mdText(a.id)}: ${mdText(a.text)} (${mdText(who(a.ownerId))}, due ${a.dueOn}${a.closedOn ? `, closed ${a.closedOn}` : ''})`);
    lines.push('');
  }
  closedActionLines(lines, minutes.closedSinceLast, who);
  return lines.join('\n');
}

export function renderTermlyMarkdown(notice: TermlyNotice, options: MarkdownOptions = {}): string {
  const who = options.personName ?? ((id: string) => id);
  const lines: string[] = [];
  lines.push(`# ${mdText(options.title ?? 'Annual reviews due next term')}: ${notice.termStart} to ${notice.termEnd}`, '');
  lines.push(`Notice to settings due by ${notice.noticeDueOn}, two weeks before the term starts (PS 7.6).`, '');
  if (notice.settings.length === 0) lines.push('No annual reviews fall due in the term.', '');
  for (const s of notice.settings) {
    lines.push(`## ${mdText(s.setting)}${s.settingUrn ? ` (URN ${mdText(s.settingUrn)})` : ''}`, '');
    lines.push('| Case | Child | Review due | Transition (phase transfer) | Preparing for adulthood | Lead professional |', '|---|---|---|---|---|---|');
    for (const r of s.reviews) {
      lines.push(
        `| ${mdText(r.caseId)} | ${mdText(r.initials)} | ${r.dueOn} (${mdText(r.basis)}) | ${r.phaseTransfer ? 'yes' : ''} | ${r.preparingForAdulthood ? 'yes' : ''} | ${r.leadProfessionalId ? mdText(who(r.leadProfessionalId)) : ''} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
