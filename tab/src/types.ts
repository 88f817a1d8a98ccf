// The shapes the tab API returns (src/services/dashboard.ts and chair.ts), as the tab reads them.
export type Status = 'met' | 'met-late' | 'overdue' | 'due-soon' | 'upcoming' | 'excepted' | 'missed' | 'ok' | 'breached';

export interface Me {
  id: string;
  name: string;
  roles: string[];
  team: string | null;
  views: string[];
  series: { id: string; title: string }[];
  /** The policy profile in force (docs/rules.md section 9). */
  policy: { name: string; title: string };
  botId: string | null;
  today: string;
}

export interface Ratio {
  met: number;
  total: number;
  percent: number | null;
}

export interface Measures {
  from: string;
  to: string;
  ehcpWithin20Weeks: Ratio & { excepted: { count: number } };
  decisionsWithin6Weeks: Ratio;
  reviewsOnTime: Ratio & { overdueNow: { count: number } };
  reviewOutcomeWithin4Weeks: Ratio;
  adviceWithin6Weeks: Ratio & { byAgency: Record<string, Ratio> };
  supervision: { supervisedInLastMonth: Ratio; notesWithin10WorkingDays: Ratio };
  caseworkWithin48Hours: Ratio;
  cmooe: {
    current: { count: number };
    schoolDaysMissing: { median: number | null; max: number | null };
    summariesOnTime: Ratio & { deadlines: string[] };
    exclusionsWithoutProvision: { count: number };
  };
}

export type TrendFigure = 'ehcpWithin20Weeks' | 'decisionsWithin6Weeks' | 'reviewsOnTime' | 'reviewOutcomeWithin4Weeks' | 'adviceWithin6Weeks' | 'caseworkWithin48Hours';

export interface TrendPoint {
  from: string;
  to: string;
  figures: Record<TrendFigure, { met: number; total: number; percent: number | null; small: boolean }>;
}

export interface Trend {
  unit: 'week' | 'month';
  minBase: number;
  points: TrendPoint[];
}

export interface Filter {
  from: string;
  to: string;
  team: string | null;
  locality: string | null;
}

export interface DashboardView {
  today: string;
  filter: Filter;
  teams: string[];
  localities: string[];
  measures: Measures;
  byTeam: { team: string; figures: Record<string, Ratio | { count: number }> }[];
  trend: Trend;
  ehcpLatest12Months: { from: string; to: string; met: number; total: number; percent: number | null; excepted: number } | null;
}

export interface DrillDown {
  figure: string;
  which: 'all' | 'missed';
  entity: 'case' | 'person';
  total: number;
  rows: (CaseRow | PersonRow)[];
}

export interface CaseRow {
  id: string;
  childName: string;
  initials: string;
  team: string | null;
  locality: string | null;
  leadProfessional: string | null;
  obligations: {
    kind: string;
    label: string;
    due: string;
    status: Status;
    completedOn: string | null;
    citation: string;
    basis: string;
    subject: string | null;
    key: string;
    record: RecordKind | null;
  }[];
  overdue: number;
}

export interface PersonRow {
  id: string;
  name: string;
  team: string | null;
  manager: string | null;
  lastSupervision: string | null;
}

export interface TimelineEntry {
  key: string;
  kind: string;
  label: string;
  due: string;
  status: Status;
  phase: 'met' | 'late' | 'overdue' | 'upcoming' | 'excepted' | 'missed' | 'ok' | 'breached';
  completedOn: string | null;
  citation: string;
  /** Where the due date comes from. */
  basis: string;
  subject: string | null;
  owner: string | null;
  meetingOn: string | null;
  pfa: boolean | null;
  record: RecordKind | null;
  personId: string | null;
}

/** How the tab records an item: Done with a date, or one of the forms. */
export type RecordKind = 'done' | 'summary' | 'note' | 'supervision';

export interface CaseDetail {
  today: string;
  access: string;
  case: {
    id: string;
    childName: string;
    dateOfBirth: string;
    ncYear: number;
    childInCare: boolean;
    team: string | null;
    locality: string | null;
    setting: string | null;
    primaryNeed: string | null;
    leadProfessional: string | null;
    inclusionLead: string | null;
    planIssuedOn: string | null;
    cmooeNow: { from: string; reason: string; series: string } | null;
  };
  timeline: TimelineEntry[];
  summaries: { submittedOn: string; author: string; actionsToDate: string; currentSteps: string; keyDates: string }[];
  notes: { eventAt: string; recordedAt: string; author: string; text: string; onTime: boolean }[];
  nominations: { seriesId: string; by: string; concern: string; madeOn: string }[];
  actions: { id: string; text: string; owner: string; dueOn: string; closedOn: string | null; meetingOn: string }[];
  can: { note: boolean; summary: boolean; nominate: boolean };
}

export interface WorkItem {
  key: string;
  kind: string;
  label: string;
  caseId: string | null;
  childName: string | null;
  person: string | null;
  due: string;
  status: Status;
  citation: string;
  /** Where the due date comes from. */
  basis: string;
  command: string;
  link: string | null;
  record: RecordKind | null;
  personId: string | null;
}

export interface ForecastWeek {
  from: string;
  to: string;
  total: number;
  projected: number;
  byKind: Record<string, number>;
}

export interface ForecastRow {
  key: string;
  kind: string;
  label: string;
  due: string;
  week: number;
  caseId: string | null;
  childName: string | null;
  initials: string | null;
  team: string | null;
  person: string | null;
  owner: string | null;
  projected: boolean;
  basis: string | null;
  citation: string;
  snoozedUntil: string | null;
}

export type ForecastScope = { kind: 'person' | 'team' | 'locality'; id: string; title: string } | { kind: 'service'; title: string };

export interface ForecastView {
  today: string;
  scope: ForecastScope;
  summary: {
    weeks: ForecastWeek[];
    overdueNow: { total: number; byKind: Record<string, number> };
    kinds: { kind: string; label: string }[];
    byOwner: { ownerId: string | null; name: string; overdue: number; perWeek: number[]; total: number }[];
    total: number;
  };
  byTeam: { team: string; overdue: number; perWeek: number[]; total: number }[];
  rows: ForecastRow[];
  totalRows: number;
  choices: { teams: string[]; localities: string[]; people: { id: string; name: string }[] };
}

export interface CaseListItem {
  id: string;
  childName: string;
  initials: string;
  team: string | null;
  locality: string | null;
  leadProfessional: string | null;
  access: string;
  overdue: number;
  overdueKinds: string[];
  oldestOverdue: string | null;
  dueSoon: number;
  next: { label: string; due: string } | null;
  cmooe: boolean;
  phaseTransferMoveOn: string | null;
}

export interface CaseListView {
  today: string;
  total: number;
  items: CaseListItem[];
  teams: string[];
  kinds: { kind: string; label: string }[];
  transferRound: { from: string; to: string };
}

/** What a form needs to open (GET /api/tab/forms/:kind). */
export interface FormContext {
  kind: 'note' | 'summary' | 'supervision' | 'nominate';
  today: string;
  caseId?: string;
  initials?: string;
  seriesId?: string;
  seriesTitle?: string;
  meetingOn?: string | null;
  deadline?: string;
  supervisees?: { id: string; name: string }[];
}

/** A recording's answer (201/200) or its problems (400: errors by field). */
export interface Recorded {
  title: string;
  lines: string[];
}

export interface ChairCandidate {
  caseId: string;
  childName: string;
  initials: string;
  team: string | null;
  cmooeSince: string;
  cmooeReason: string;
  schoolDaysMissing: number;
  summary: { submittedOn: string; onTime: boolean; author: string; actionsToDate: string; currentSteps: string; keyDates: string } | null;
  nominated: boolean;
  selected: boolean;
}

export interface AgendaItem {
  caseId: string;
  initials: string;
  reasons: ('nominated' | 'selected')[];
  nominations: { byId: string; concern: string; madeOn: string }[];
  cmooeReason: string | null;
  schoolDaysMissing: number;
  latestSummary: { submittedOn: string; currentSteps: string } | null;
  summaryOnTime: boolean;
  exclusionProvision: { provisionDueOn: string; overdue: boolean; citation: string; basis: string } | null;
  openActions: { id: string; text: string; ownerId: string; dueOn: string }[];
}

export interface ChairView {
  today: string;
  series: { id: string; title: string };
  meetingOn: string;
  summaryDeadline: string;
  summariesOpenAfter: string;
  candidates: ChairCandidate[];
  nominations: { caseId: string; initials: string; by: string; concern: string; madeOn: string }[];
  selections: { caseId: string; initials: string; by: string }[];
  agenda: { meetingOn: string; summaryDeadline: string; items: AgendaItem[]; rolledOver: { caseId: string; toMeetingOn: string }[] };
  /** Selecting (the chair, M - 7 .. M) and recording (the chair or Business Support, M .. M + 5 working days). */
  selection?: WindowState;
  record?: WindowState;
  /** The latest held meeting whose record is still open ("Record the meeting"), or null. */
  recordOpenFor?: string | null;
  previousMeetingOn?: string | null;
}

/** When something may be done about a meeting (docs/rules.md section 5), and why not. */
export interface WindowState {
  window: { opens: string; closes: string };
  state: 'before' | 'open' | 'after';
  allowed: boolean;
  why: string | null;
}

/** A meeting's action (src/services/meetings.ts ActionView). */
export interface MeetingAction {
  id: string;
  seriesId: string;
  meetingOn: string;
  caseId: string | null;
  initials: string | null;
  text: string;
  ownerId: string;
  owner: string;
  dueOn: string;
  closedOn: string | null;
  closedNote: string | null;
  overdue: boolean;
  canClose: boolean;
  canReassign: boolean;
}

/** The record of a meeting (GET /api/tab/meetings/:series/:date). */
export interface MeetingRecordView {
  today: string;
  series: { id: string; title: string };
  meetingOn: string;
  record: WindowState;
  recordedBy: string | null;
  recordedAt: string | null;
  attendees: { id: string; name: string }[];
  items: { caseId: string; initials: string; childName: string | null; onAgenda: boolean; reasons: string[]; outcome: string | null; actions: MeetingAction[] }[];
  otherActions: MeetingAction[];
  openActions: MeetingAction[];
  people: { id: string; name: string; roles: string[]; team: string | null }[];
  minutes: { published: boolean; publishedAt: string | null; upToDate: boolean; versions: number } | null;
}

/** The service manager's weekly page (GET /api/tab/weekly). */
export interface WeeklyView {
  today: string;
  meetingOn: string;
  previousMeetingOn: string;
  nextMeetingOn: string;
  record: WindowState;
  agenda: {
    meetingOn: string;
    period: { from: string; to: string };
    groups: { groupBy: 'service' | 'team' | 'locality'; name: string; exceptions: { kind: string; label: string; count: number }[]; coming: { total: number } }[];
    closedActions: { id: string; text: string; ownerId: string; closedOn: string; closedNote: string | null }[];
  };
  names: Record<string, string>;
  agreed: MeetingAction[];
  carried: MeetingAction[];
  teamManagers: { id: string; name: string; team: string | null }[];
}

// ---- audits (docs/rules.md section 8; src/services/audits/work.ts and figures.ts) -----------------

export interface AuditRow {
  id: string;
  type: string;
  typeLabel: string;
  caseId: string;
  child: string;
  locality: string | null;
  team: string | null;
  auditor: string;
  assignedOn: string;
  due: string;
  completedOn: string | null;
  grade: string | null;
  state: 'not-started' | 'in-progress' | 'completed';
  overdue: boolean;
  role: 'auditor' | 'moderator' | 'reader';
  moderation: { moderator: string; state: 'to-do' | 'done'; agreed: boolean | null } | null;
  sampledFrom: string | null;
}

export interface AuditList {
  today: string;
  mine: AuditRow[];
  all: AuditRow[] | null;
  mayPlan: boolean;
  mayAssign: boolean;
}

export interface AuditCriterionAnswer {
  id: string;
  judgement: 'met' | 'partly' | 'not-met' | null;
  comment: string | null;
}

export interface AuditActionAnswer {
  criterionId: string | null;
  text: string;
  ownerId: string;
  dueOn: string;
}

export interface AuditFormView {
  today: string;
  role: 'auditor' | 'moderator' | 'reader';
  editable: boolean;
  version: string;
  audit: {
    id: string;
    type: string;
    typeLabel: string;
    caseId: string;
    auditor: string;
    assignedOn: string;
    due: string;
    completedOn: string | null;
    sampledFrom: string | null;
    answers: { grade: string | null; summary: string | null; criteria: AuditCriterionAnswer[]; actions: Array<AuditActionAnswer & { id: string }> } | null;
    moderation: { moderator: string; assignedOn: string | null; grade: string | null; on: string | null; comment: string | null } | null;
  };
  criteria: Array<{ id: string; text: string; source: string }>;
  grades: Array<{ grade: string; label: string; descriptor: string }>;
  owners: Array<{ id: string; name: string }>;
  facts: {
    id: string;
    childName: string;
    ncYear: number;
    childInCare: boolean;
    team: string | null;
    locality: string | null;
    setting: string | null;
    primaryNeed: string | null;
    leadProfessional: string | null;
    plan: { finalIssuedOn?: string | null } | null;
    timeliness: Array<{ label: string; due: string; status: string; completedOn: string | null; basis: string; citation: string }>;
    latestSummary: { submittedOn: string; actionsToDate: string; currentSteps: string; keyDates: string } | null;
    notes: Array<{ eventAt: string; author: string; text: string }>;
  } | null;
}

export interface AuditShare {
  good: number;
  total: number;
  percent: number | null;
  meetsTarget: boolean | null;
}

export interface AuditFigures {
  filter: { from: string; to: string; team: string | null; locality: string | null };
  target: number;
  overall: AuditShare;
  byType: Array<AuditShare & { type: string; label: string }>;
  byLocality: Array<AuditShare & { locality: string }>;
  criteriaNotMet: Array<{ type: string; typeLabel: string; criterionId: string; text: string; notMet: number; partly: number; judged: number }>;
  trend: Array<{ month: string; good: number; total: number; percent: number | null }>;
  moderation: { agreed: number; moderated: number; percent: number | null };
  open: number;
}

export interface AuditDrill {
  title: string;
  total: number;
  rows: Array<{
    id: string;
    typeLabel: string;
    caseId: string;
    initials: string;
    team: string | null;
    locality: string | null;
    auditor: string;
    completedOn: string | null;
    gradeLabel: string | null;
    notMet: string[];
  }>;
}
