// The agendas of docs/rules.md section 5 as data: the JSON the CLI prints and every rendering (Markdown,
// Word, the channel card) starts from. Field names of the CMOOE agenda are fixed by issue 5.
import type { CmooeReason } from '../model.js';

export type AgendaReason = 'nominated' | 'selected';

export interface AgendaNomination {
  byId: string;
  concern: string;
  madeOn: string;
}

export interface AgendaSummary {
  submittedOn: string;
  actionsToDate: string;
  currentSteps: string;
  keyDates: string;
}

/** The exclusion-provision clock of an open permanent exclusion (PS 6.17; PS 6.18 for a child in care). */
export interface ExclusionClock {
  permanentFrom: string;
  /** Provision due from this school day: day 6 of the exclusion, day 1 for a child in care. */
  provisionDueOn: string;
  /** School days d of the exclusion with permanentFrom <= d < meeting. */
  schoolDaysExcluded: number;
  /** The meeting is after the due date and no provision is recorded. */
  overdue: boolean;
  citation: string;
  /** Where the due date comes from ("school day 6 after the permanent exclusion from 2 Nov 2026"). */
  basis: string;
}

export interface AgendaAction {
  id: string;
  text: string;
  ownerId: string;
  dueOn: string;
  /** Where the due date comes from ("the date set at the CMOOE oversight meeting on 12 Nov 2026"). */
  basis: string;
}

/** An open action not shown under an item: agreed for no case, or for a case not on this agenda. */
export interface CarriedAction extends AgendaAction {
  caseId: string | null;
  agreedOn: string;
}

/** An action closed since the series' previous meeting (it no longer comes on the agenda as open):
 * the agenda shows it closed, with the line on what was done (docs/rules.md section 5). */
export interface ClosedAction {
  id: string;
  caseId: string | null;
  agreedOn: string;
  text: string;
  ownerId: string;
  dueOn: string;
  closedOn: string;
  closedNote: string | null;
  /** Closed on or before its due date. */
  onTime: boolean;
}

export interface CmooeAgendaItem {
  caseId: string;
  initials: string;
  reasons: AgendaReason[];
  nominations: AgendaNomination[];
  cmooeReason: CmooeReason | null;
  cmooeSince: string | null;
  schoolDaysMissing: number;
  latestSummary: AgendaSummary | null;
  summaryOnTime: boolean;
  exclusionProvision: ExclusionClock | null;
  openActions: AgendaAction[];
}

export interface RolledOverNomination {
  caseId: string;
  madeOn: string;
  toMeetingOn: string;
}

export interface CmooeAgenda {
  seriesId: string;
  meetingOn: string;
  summaryDeadline: string;
  items: CmooeAgendaItem[];
  rolledOver: RolledOverNomination[];
  /** Open actions of the series from earlier meetings that belong to no item of this agenda. */
  openActions: CarriedAction[];
  /** Actions of the series closed since the previous meeting (closed on or after it, before this one). */
  closedActions: ClosedAction[];
}

// ---- weekly team-manager meeting (PS 4.1) -----------------------------------------------------

/** One figure on one side of the comparison: a ratio (met of total, whole percent) or a count. */
export interface FigureValue {
  /** The percent for a ratio (null when nothing was due), the count or number of days otherwise. */
  value: number | null;
  met: number | null;
  total: number | null;
}

export interface WeeklyFigure {
  /** The measure (measures.ts figure names, plus cmooeDaysMissingMedian / cmooeDaysMissingMax). */
  id: string;
  label: string;
  unit: 'percent' | 'count' | 'days';
  /** The 7 days before the meeting. */
  current: FigureValue;
  /** The 7 days before those, as last week's meeting saw them. */
  previous: FigureValue;
  /** current - previous (percentage points, count or days); null when either is null. */
  change: number | null;
}

/** One overdue obligation behind an exception, with where its due date came from. */
export interface WeeklyExceptionItem {
  caseId: string | null;
  personId: string | null;
  label: string;
  due: string;
  basis: string;
  citation: string;
}

export interface WeeklyException {
  kind: string;
  label: string;
  count: number;
  caseIds: string[];
  personIds: string[];
  /** Every overdue obligation of the kind, the longest overdue first. */
  items: WeeklyExceptionItem[];
}

/** What falls due in the next 4 weeks from the meeting (the forecast, domain/forecast.ts). */
export interface WeeklyComing {
  /** The meeting's week from the meeting day, then three whole weeks Monday to Sunday. */
  weeks: Array<{ from: string; to: string; total: number }>;
  /** By kind, in the rule book's order: the count in each week. */
  byKind: Array<{ kind: string; label: string; perWeek: number[]; total: number }>;
  total: number;
  /** Of them, expected rather than set yet (computed forward: later CMOOE summaries, supervisions). */
  projected: number;
}

export interface WeeklyGroup {
  /** The whole service, a team or a locality. */
  groupBy: 'service' | 'team' | 'locality';
  name: string;
  figures: WeeklyFigure[];
  exceptions: WeeklyException[];
  /** Coming in the next 4 weeks. */
  coming: WeeklyComing;
}

export interface WeeklyAgenda {
  meeting: 'weekly';
  weekOf: string;
  meetingOn: string;
  /** The 7 days measured: from..to inclusive; previous: the 7 days before. */
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  groups: WeeklyGroup[];
  carriedActions: CarriedAction[];
  /** The weekly meeting's actions closed since last week's meeting. */
  closedActions: ClosedAction[];
}

// ---- termly notice to settings (PS 7.6) --------------------------------------------------------

export interface TermlyReview {
  caseId: string;
  initials: string;
  dueOn: string;
  status: string;
  /** Where the due date comes from ("12 months after the review meeting on 3 Nov 2025"). */
  basis: string;
  /** A phase transfer is planned: the review is focused on transition (PS 7.6, 7.10). */
  phaseTransfer: boolean;
  /** Preparing for adulthood: NC year 9 or above at the due date (PS 7.11). */
  preparingForAdulthood: boolean;
  leadProfessionalId: string | null;
}

export interface TermlySetting {
  setting: string;
  settingUrn: string | null;
  reviews: TermlyReview[];
}

export interface TermlyNotice {
  notice: 'termly';
  termStart: string;
  termEnd: string;
  /** Two weeks before the term starts (PS 7.6). */
  noticeDueOn: string;
  settings: TermlySetting[];
}

// ---- the minutes of a CMOOE meeting (docs/rules.md section 5) -----------------------------------

export interface MinutesAction {
  id: string;
  text: string;
  ownerId: string;
  dueOn: string;
  closedOn: string | null;
}

export interface MinutesCase {
  caseId: string;
  initials: string;
  outcome: string;
  actions: MinutesAction[];
}

/** The record of meeting M as published: cases discussed with outcomes, actions with owners and due
 * dates, attendance, and the actions closed since the previous meeting. */
export interface Minutes {
  seriesId: string;
  meetingOn: string;
  recordedById: string;
  /** When the record was last saved (a later publication is "revised" at this time). */
  recordedAt: string | null;
  attendees: string[];
  cases: MinutesCase[];
  /** Actions agreed at M for no case. */
  otherActions: MinutesAction[];
  closedSinceLast: ClosedAction[];
}
