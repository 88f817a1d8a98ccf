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

export interface TrendWeek {
  from: string;
  to: string;
  ehcpWithin20Weeks: number | null;
  decisionsWithin6Weeks: number | null;
  reviewsOnTime: number | null;
  reviewOutcomeWithin4Weeks: number | null;
  adviceWithin6Weeks: number | null;
  caseworkWithin48Hours: number | null;
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
  trend: TrendWeek[];
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
  leadProfessional: string | null;
  obligations: { kind: string; label: string; due: string; status: Status; completedOn: string | null; citation: string; basis: string; subject: string | null }[];
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
}

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
}
