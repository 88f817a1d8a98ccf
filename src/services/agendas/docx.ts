// The agendas as Word documents, laid out as a council circulates them: title, date, chair, the item
// table, the case summaries and the actions. The Word file carries full names (staff and children): it
// is saved to the SharePoint site's document library, whose permissions the council controls; it is
// never attached to a channel post (the card links to it).
import { AlignmentType, BorderStyle, Document, Footer, HeadingLevel, Packer, PageNumber, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, ShadingType } from 'docx';
import { civilFromDay, toDay, weekday } from '../../domain/dates.js';
import { changeText, cmooeReasonLabel, figureText } from '../../domain/agenda/markdown.js';
import type { ClosedAction, CmooeAgenda, Minutes, TermlyNotice, WeeklyAgenda } from '../../domain/agenda/types.js';

/** Full names for the Word document (staff by person id, children by case id). */
export interface AgendaNames {
  person: (personId: string) => string;
  child: (caseId: string) => string;
}

export interface DocxMeta {
  readonly title: string;
  /** The chair's full name (or the sender, for the termly notice). */
  readonly chair: string | null;
  /** Circulated by (default Business Support, PS 4.2). */
  readonly circulatedBy?: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "Thursday 26 November 2026". */
export function longDate(iso: string): string {
  const day = toDay(iso);
  const c = civilFromDay(day);
  return `${WEEKDAYS[weekday(day)]} ${c.day} ${MONTHS[c.month - 1]} ${c.year}`;
}

/** "26 Nov 2026" for table cells. */
export function shortDate(iso: string): string {
  const c = civilFromDay(toDay(iso));
  return `${c.day} ${MONTHS[c.month - 1]!.slice(0, 3)} ${c.year}`;
}

const FONT = 'Arial';
const HEADER_FILL = 'D9E2F3';

export function text(value: string, options: { bold?: boolean; size?: number; color?: string } = {}): TextRun {
  return new TextRun({ text: value, font: FONT, bold: options.bold, size: options.size ?? 20, color: options.color });
}

export function para(value: string | TextRun[], options: { heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]; spacingAfter?: number; bullet?: boolean } = {}): Paragraph {
  return new Paragraph({
    children: typeof value === 'string' ? [text(value)] : value,
    heading: options.heading,
    spacing: { after: options.spacingAfter ?? 80 },
    bullet: options.bullet ? { level: 0 } : undefined,
  });
}

export function labelled(label: string, value: string): Paragraph {
  return para([text(`${label}: `, { bold: true }), text(value)]);
}

function cell(value: string, options: { header?: boolean; width?: number } = {}): TableCell {
  return new TableCell({
    children: value.split('\n').map((line) => new Paragraph({ children: [text(line, { bold: options.header, size: 18 })] })),
    shading: options.header ? { type: ShadingType.CLEAR, color: 'auto', fill: HEADER_FILL } : undefined,
    width: options.width ? { size: options.width, type: WidthType.PERCENTAGE } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
  });
}

export function table(headers: string[], rows: string[][], widths?: number[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, { header: true, width: widths?.[i] })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, { width: widths?.[i] })) })),
    ],
    borders: {
      top: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
      bottom: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
      left: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
      right: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
      insideHorizontal: { style: BorderStyle.SINGLE, size: 2, color: 'BFBFBF' },
      insideVertical: { style: BorderStyle.SINGLE, size: 2, color: 'BFBFBF' },
    },
  });
}

export function heading(value: string, level: 1 | 2 | 3): Paragraph {
  const map = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
  const size = { 1: 32, 2: 26, 3: 22 }[level];
  return new Paragraph({ heading: map[level], keepNext: true, keepLines: true, children: [text(value, { bold: true, size, color: '1F3864' })], spacing: { before: 200, after: 100 } });
}

const MARKING = 'OFFICIAL-SENSITIVE (personal data). Share only with those who need it.';

export function document(title: string, children: Array<Paragraph | Table>, landscape: boolean): Document {
  return new Document({
    creator: 'SEND Oversight',
    title,
    description: title,
    styles: { default: { document: { run: { font: FONT, size: 20 } } } },
    sections: [
      {
        properties: {
          page: {
            size: landscape ? { orientation: PageOrientation.LANDSCAPE, width: 11906, height: 16838 } : { width: 11906, height: 16838 },
            margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  text(`${MARKING}   Page `, { size: 16 }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 16, font: FONT }),
                  text(' of ', { size: 16 }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 16, font: FONT }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

export function titleBlock(title: string, lines: Array<[string, string]>): Paragraph[] {
  return [
    new Paragraph({ children: [text(title, { bold: true, size: 40, color: '1F3864' })], spacing: { after: 160 } }),
    ...lines.map(([l, v]) => labelled(l, v)),
    para([text(MARKING, { size: 16, color: '7F7F7F' })], { spacingAfter: 200 }),
  ];
}

export function cmooeAgendaDocument(agenda: CmooeAgenda, names: AgendaNames, meta: DocxMeta): Document {
  const body: Array<Paragraph | Table> = [];
  body.push(
    ...titleBlock(`${meta.title}: agenda`, [
      ['Meeting', longDate(agenda.meetingOn)],
      ['Chair', meta.chair ?? 'to be confirmed'],
      ['Summaries due by', longDate(agenda.summaryDeadline)],
      ['Circulated by', meta.circulatedBy ?? 'Business Support'],
    ]),
  );
  body.push(heading(`Cases for discussion (${agenda.items.length})`, 1));
  if (agenda.items.length === 0) body.push(para('No cases were nominated or selected for this meeting.'));
  else
    body.push(
      table(
        ['#', 'Case', 'Child', 'Why on the agenda', 'CMOOE reason', 'Since', 'School days missing', 'Summary on time', 'Exclusion provision'],
        agenda.items.map((it, i) => [
          String(i + 1),
          it.caseId,
          names.child(it.caseId),
          it.reasons.join(', '),
          cmooeReasonLabel(it.cmooeReason),
          it.cmooeSince ? shortDate(it.cmooeSince) : '',
          String(it.schoolDaysMissing),
          it.summaryOnTime ? 'Yes' : 'No',
          it.exclusionProvision ? `${it.exclusionProvision.overdue ? 'OVERDUE, ' : ''}due ${shortDate(it.exclusionProvision.provisionDueOn)} (${it.exclusionProvision.citation})` : '',
        ]),
        [4, 9, 15, 11, 13, 10, 9, 8, 21],
      ),
    );
  agenda.items.forEach((it, i) => {
    body.push(heading(`${i + 1}. ${it.caseId}: ${names.child(it.caseId)}`, 2));
    const days = `${it.schoolDaysMissing} school days missing out on education${it.cmooeSince ? ` since ${longDate(it.cmooeSince)} (${cmooeReasonLabel(it.cmooeReason)})` : ''}`;
    body.push(para(days));
    for (const n of it.nominations) body.push(para([text(`Nominated by ${names.person(n.byId)} on ${shortDate(n.madeOn)}: `, { bold: true }), text(n.concern)], { bullet: true }));
    if (it.reasons.includes('selected')) body.push(para('Selected by the chair from the fortnightly summaries.', { bullet: true }));
    if (it.exclusionProvision) {
      const ex = it.exclusionProvision;
      body.push(
        para(
          `Permanently excluded from ${longDate(ex.permanentFrom)}: education provision due from ${longDate(ex.provisionDueOn)}, ${ex.basis} (${ex.citation}); ${ex.schoolDaysExcluded} school days since the exclusion${ex.overdue ? '. OVERDUE' : ''}.`,
          { bullet: true },
        ),
      );
    }
    body.push(heading('Latest case summary', 3));
    if (it.latestSummary) {
      const s = it.latestSummary;
      body.push(para(`Submitted ${longDate(s.submittedOn)}${it.summaryOnTime ? ' (on time for this meeting)' : ". This fortnight's summary was not submitted on time."}`));
      body.push(labelled('Actions taken to date', s.actionsToDate), labelled('Current steps', s.currentSteps), labelled('Meetings and key dates', s.keyDates));
    } else body.push(para('No summary has been recorded.'));
    if (it.openActions.length > 0) {
      body.push(heading('Open actions from earlier meetings', 3));
      body.push(
        table(
          ['Action', 'Owner', 'Due'],
          it.openActions.map((a) => [`${a.id}: ${a.text}`, names.person(a.ownerId), `${shortDate(a.dueOn)}: ${a.basis}`]),
          [50, 20, 30],
        ),
      );
    }
  });
  if (agenda.openActions.length > 0) {
    body.push(heading('Other open actions', 1));
    body.push(
      table(
        ['Action', 'Case', 'Agreed', 'Owner', 'Due'],
        agenda.openActions.map((a) => [`${a.id}: ${a.text}`, a.caseId ? `${a.caseId} ${names.child(a.caseId)}` : '', shortDate(a.agreedOn), names.person(a.ownerId), shortDate(a.dueOn)]),
        [40, 20, 12, 16, 12],
      ),
    );
  }
  closedActionsSection(body, agenda.closedActions, names);
  if (agenda.rolledOver.length > 0) {
    body.push(heading('Nominations received after the cut-off', 1));
    body.push(para('These nominations arrived less than a week before the meeting and go to the next meeting (PS 4.2); the nominator has been told.'));
    body.push(
      table(
        ['Case', 'Child', 'Nominated', 'Goes to'],
        agenda.rolledOver.map((r) => [r.caseId, names.child(r.caseId), shortDate(r.madeOn), shortDate(r.toMeetingOn)]),
        [20, 40, 20, 20],
      ),
    );
  }
  body.push(heading('Actions agreed at this meeting', 1));
  body.push(
    table(
      ['Action', 'Case', 'Owner', 'Due'],
      [
        ['', '', '', ''],
        ['', '', '', ''],
      ],
      [45, 20, 20, 15],
    ),
  );
  return document(`${meta.title}: agenda ${agenda.meetingOn}`, body, true);
}

export function weeklyAgendaDocument(agenda: WeeklyAgenda, names: AgendaNames, meta: DocxMeta): Document {
  const body: Array<Paragraph | Table> = [];
  body.push(
    ...titleBlock(`${meta.title}: week of ${longDate(agenda.weekOf)}`, [
      ['Meeting', longDate(agenda.meetingOn)],
      ['Chair', meta.chair ?? 'to be confirmed'],
      ['Figures', `${shortDate(agenda.period.from)} to ${shortDate(agenda.period.to)}, against ${shortDate(agenda.previousPeriod.from)} to ${shortDate(agenda.previousPeriod.to)}`],
    ]),
  );
  for (const g of agenda.groups) {
    body.push(heading(g.groupBy === 'service' ? g.name : `${g.groupBy === 'team' ? 'Team' : 'Locality'}: ${g.name}`, 1));
    body.push(
      table(
        ['Measure', 'This week', 'Last week', 'Change'],
        g.figures.map((f) => [f.label, figureText(f.current, f.unit), figureText(f.previous, f.unit), changeText(f.change, f.unit)]),
        [52, 18, 18, 12],
      ),
    );
    if (g.exceptions.length > 0) {
      body.push(heading('Exceptions: overdue now', 3));
      body.push(
        table(
          ['Obligation', 'Overdue', 'Cases / people', 'Longest overdue, and why it was due then'],
          g.exceptions.map((e) => {
            const refs = [...e.caseIds, ...e.personIds.map((p) => names.person(p))];
            const oldest = e.items
              .slice(0, 3)
              .map((o) => `${o.caseId ?? (o.personId !== null ? names.person(o.personId) : '')} due ${shortDate(o.due.slice(0, 10))}: ${o.basis}`)
              .join('; ');
            return [e.label, String(e.count), refs.slice(0, 30).join(', ') + (refs.length > 30 ? `, and ${refs.length - 30} more` : ''), oldest];
          }),
          [24, 9, 35, 32],
        ),
      );
    }
    body.push(heading('Coming in the next 4 weeks', 3));
    if (g.coming.total === 0) body.push(para('Nothing falls due.'));
    else {
      if (g.coming.projected > 0) body.push(para(`${g.coming.total} in all; ${g.coming.projected} of them expected but not yet set (later CMOOE summaries, the next supervisions).`));
      const weekWidth = Math.floor(60 / g.coming.weeks.length);
      body.push(
        table(
          ['Obligation', ...g.coming.weeks.map((w, i) => (i === 0 ? `${shortDate(w.from)}–${shortDate(w.to)}` : `w/c ${shortDate(w.from)}`)), 'Total'],
          g.coming.byKind.map((k) => [k.label, ...k.perWeek.map(String), String(k.total)]),
          [30, ...g.coming.weeks.map(() => weekWidth), 10],
        ),
      );
    }
  }
  body.push(heading('Actions carried over', 1));
  if (agenda.carriedActions.length === 0) body.push(para('None.'));
  else
    body.push(
      table(
        ['Action', 'Agreed', 'Owner', 'Due'],
        agenda.carriedActions.map((a) => [`${a.id}${a.caseId ? ` (${a.caseId})` : ''}: ${a.text}`, shortDate(a.agreedOn), names.person(a.ownerId), shortDate(a.dueOn)]),
        [55, 15, 18, 12],
      ),
    );
  closedActionsSection(body, agenda.closedActions, names);
  return document(`${meta.title}: week of ${agenda.weekOf}`, body, false);
}

export function termlyNoticeDocument(notice: TermlyNotice, names: AgendaNames, meta: DocxMeta): Document {
  const body: Array<Paragraph | Table> = [];
  body.push(
    ...titleBlock(meta.title, [
      ['Term', `${longDate(notice.termStart)} to ${longDate(notice.termEnd)}`],
      ['Notice due', `${longDate(notice.noticeDueOn)} (two weeks before the term starts, PS 7.6)`],
      ['From', meta.circulatedBy ?? 'Business Support'],
    ]),
  );
  if (notice.settings.length === 0) body.push(para('No annual reviews fall due in the term.'));
  for (const s of notice.settings) {
    body.push(heading(`${s.setting}${s.settingUrn ? ` (URN ${s.settingUrn})` : ''}`, 1));
    body.push(
      table(
        ['Case', 'Child', 'Review due', 'Transition (phase transfer)', 'Preparing for adulthood', 'Lead professional'],
        s.reviews.map((r) => [
          r.caseId,
          names.child(r.caseId),
          `${shortDate(r.dueOn)} (${r.basis})`,
          r.phaseTransfer ? 'Yes' : '',
          r.preparingForAdulthood ? 'Yes' : '',
          r.leadProfessionalId ? names.person(r.leadProfessionalId) : '',
        ]),
        [12, 24, 14, 16, 16, 18],
      ),
    );
  }
  return document(`${meta.title} ${notice.termStart}`, body, false);
}

/** "Actions closed since the last meeting": what was done, by whom, when, and whether on time. */
function closedActionsSection(body: Array<Paragraph | Table>, closed: readonly ClosedAction[], names: AgendaNames): void {
  if (closed.length === 0) return;
  body.push(heading('Actions closed since the last meeting', 1));
  body.push(
    table(
      ['Action', 'Owner', 'Due', 'Closed', 'What was done'],
      closed.map((a) => [
        `${a.id}${a.caseId ? ` (${a.caseId})` : ''}: ${a.text}`,
        names.person(a.ownerId),
        shortDate(a.dueOn),
        `${shortDate(a.closedOn)}${a.onTime ? '' : ' (late)'}`,
        a.closedNote ?? '',
      ]),
      [34, 16, 12, 14, 24],
    ),
  );
}

/** The minutes of a CMOOE meeting (docs/rules.md section 5): full names, as the agenda's document. */
export function minutesDocument(minutes: Minutes, names: AgendaNames, meta: DocxMeta & { readonly revisedAt?: string | null }): Document {
  const body: Array<Paragraph | Table> = [];
  const lines: Array<[string, string]> = [
    ['Meeting', longDate(minutes.meetingOn)],
    ['Chair', meta.chair ?? 'to be confirmed'],
    ['Recorded by', names.person(minutes.recordedById)],
    ['Attended', minutes.attendees.length > 0 ? minutes.attendees.map((a) => names.person(a)).join(', ') : 'not recorded'],
  ];
  if (meta.revisedAt) lines.push(['Revised', meta.revisedAt]);
  body.push(...titleBlock(`${meta.title}: minutes${meta.revisedAt ? ' (revised)' : ''}`, lines));
  body.push(heading(`Cases discussed (${minutes.cases.length})`, 1));
  if (minutes.cases.length === 0) body.push(para('No case outcome was recorded.'));
  minutes.cases.forEach((c, i) => {
    body.push(heading(`${i + 1}. ${c.caseId}: ${names.child(c.caseId)}`, 2));
    body.push(labelled('Outcome', c.outcome));
    if (c.actions.length > 0)
      body.push(
        table(
          ['Action', 'Owner', 'Due'],
          c.actions.map((a) => [`${a.id}: ${a.text}${a.closedOn ? ` (closed ${shortDate(a.closedOn)})` : ''}`, names.person(a.ownerId), shortDate(a.dueOn)]),
          [60, 25, 15],
        ),
      );
    else body.push(para('No action agreed.'));
  });
  if (minutes.otherActions.length > 0) {
    body.push(heading('Other actions agreed', 1));
    body.push(
      table(
        ['Action', 'Owner', 'Due'],
        minutes.otherActions.map((a) => [`${a.id}: ${a.text}`, names.person(a.ownerId), shortDate(a.dueOn)]),
        [60, 25, 15],
      ),
    );
  }
  closedActionsSection(body, minutes.closedSinceLast, names);
  return document(`${meta.title}: minutes ${minutes.meetingOn}`, body, false);
}

export async function docxBuffer(doc: Document): Promise<Buffer> {
  return Packer.toBuffer(doc);
}
