// The SharePoint lists of the store: one per entity, typed columns for the SharePoint UI and for every
// query the port makes (each filtered column indexed), and the full record as JSON in `Record` (a
// plain multi-line text column) for a lossless round-trip. `Ordinal` keeps the file order.
// `RecordKey` is unique (enforceUniqueValues, which SharePoint requires to be indexed): it makes a
// retried create answer 409 instead of storing a second copy, and it is the reminder ledger's key.

export type ColumnKind = 'text' | 'note' | 'number' | 'date' | 'instant' | 'choice' | 'boolean';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly indexed?: boolean;
  readonly unique?: boolean;
  readonly choices?: readonly string[];
}

export type ListKey =
  | 'people'
  | 'meetingSeries'
  | 'cases'
  | 'supervisions'
  | 'nominations'
  | 'selections'
  | 'actions'
  | 'audits'
  | 'meetingRecords'
  | 'tombstones'
  | 'ledger'
  | 'snoozes'
  | 'settings'
  | 'conversations'
  | 'accessLog';

export interface ListSpec {
  readonly key: ListKey;
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
}

const common: ColumnSpec[] = [
  { name: 'RecordKey', kind: 'text', indexed: true, unique: true },
  { name: 'Record', kind: 'note' },
];
/** Entities of the case file carry the import generation they belong to, their order and their id. */
const fileColumns: ColumnSpec[] = [...common, { name: 'Generation', kind: 'text', indexed: true }, { name: 'Ordinal', kind: 'number' }, { name: 'EntityId', kind: 'text', indexed: true }];

export const LISTS: readonly ListSpec[] = [
  {
    key: 'people',
    name: 'People',
    columns: [
      ...fileColumns,
      { name: 'PersonId', kind: 'text', indexed: true },
      { name: 'Email', kind: 'text', indexed: true },
      { name: 'AadObjectId', kind: 'text', indexed: true },
      { name: 'Team', kind: 'text' },
      { name: 'Locality', kind: 'text' },
    ],
  },
  {
    key: 'meetingSeries',
    name: 'MeetingSeries',
    columns: [...fileColumns, { name: 'SeriesId', kind: 'text', indexed: true }, { name: 'FirstMeetingOn', kind: 'date' }, { name: 'EveryDays', kind: 'number' }],
  },
  {
    key: 'cases',
    name: 'Cases',
    columns: [
      ...fileColumns,
      { name: 'CaseId', kind: 'text', indexed: true },
      { name: 'LeadProfessionalId', kind: 'text', indexed: true },
      { name: 'InclusionLeadId', kind: 'text', indexed: true },
      { name: 'Team', kind: 'text', indexed: true },
      { name: 'Locality', kind: 'text', indexed: true },
      { name: 'CaseStatus', kind: 'choice', indexed: true, choices: ['open', 'ceased', 'transferred'] },
      { name: 'CmooeSeries', kind: 'choice', indexed: true, choices: ['cmooe', 'cic-cmooe'] },
      { name: 'HasCmooe', kind: 'boolean', indexed: true },
      { name: 'ChildInCare', kind: 'boolean' },
      { name: 'PlanIssuedOn', kind: 'date' },
      { name: 'Setting', kind: 'text' },
    ],
  },
  {
    key: 'supervisions',
    name: 'Supervisions',
    columns: [...fileColumns, { name: 'SuperviseeId', kind: 'text', indexed: true }, { name: 'SupervisorId', kind: 'text', indexed: true }, { name: 'HeldOn', kind: 'date' }],
  },
  {
    key: 'nominations',
    name: 'Nominations',
    columns: [...fileColumns, { name: 'CaseId', kind: 'text', indexed: true }, { name: 'SeriesId', kind: 'text', indexed: true }, { name: 'MadeOn', kind: 'date', indexed: true }],
  },
  {
    key: 'selections',
    name: 'Selections',
    columns: [...fileColumns, { name: 'CaseId', kind: 'text', indexed: true }, { name: 'SeriesId', kind: 'text', indexed: true }, { name: 'MeetingOn', kind: 'date', indexed: true }],
  },
  {
    key: 'actions',
    name: 'Actions',
    columns: [
      ...fileColumns,
      { name: 'ActionId', kind: 'text', indexed: true },
      { name: 'SeriesId', kind: 'text', indexed: true },
      { name: 'CaseId', kind: 'text', indexed: true },
      { name: 'OwnerId', kind: 'text', indexed: true },
      { name: 'IsOpen', kind: 'boolean', indexed: true },
      { name: 'DueOn', kind: 'date' },
      // `submit|{submitId}|{n}`: the n-th action of a meeting item written for a form, so a repeat finds it.
      { name: 'SubmitKey', kind: 'text', indexed: true },
    ],
  },
  // Case-file audits (docs/rules.md section 8): every column a query filters on is indexed (a QA officer's
  // list of open audits, an auditor's, a case's for a subject access export, a programme run's).
  {
    key: 'audits',
    name: 'Audits',
    columns: [
      ...fileColumns,
      { name: 'AuditId', kind: 'text', indexed: true },
      { name: 'AuditType', kind: 'text', indexed: true },
      { name: 'CaseId', kind: 'text', indexed: true },
      { name: 'AuditorId', kind: 'text', indexed: true },
      { name: 'ModeratorId', kind: 'text', indexed: true },
      { name: 'Run', kind: 'text', indexed: true },
      { name: 'IsOpen', kind: 'boolean', indexed: true },
      { name: 'AssignedOn', kind: 'date' },
      { name: 'CompletedOn', kind: 'date', indexed: true },
      { name: 'Grade', kind: 'choice', choices: ['outstanding', 'good', 'requires-improvement', 'inadequate'] },
    ],
  },
  // The meeting record (docs/rules.md section 5): one item per meeting of a series. `AppliedSubmits`
  // holds the latest form submissions written into it (JSON), so that a repeat changes nothing.
  {
    key: 'meetingRecords',
    name: 'MeetingRecords',
    columns: [...fileColumns, { name: 'SeriesId', kind: 'text', indexed: true }, { name: 'MeetingOn', kind: 'date', indexed: true }, { name: 'AppliedSubmits', kind: 'note' }],
  },
  { key: 'tombstones', name: 'Tombstones', columns: [...common, { name: 'Entity', kind: 'text', indexed: true }, { name: 'EntityId', kind: 'text' }] },
  {
    key: 'ledger',
    name: 'ReminderLedger',
    columns: [
      ...common,
      { name: 'RecipientId', kind: 'text', indexed: true },
      { name: 'IsSent', kind: 'boolean', indexed: true },
      { name: 'ClaimedAt', kind: 'instant' },
      { name: 'SentAt', kind: 'instant' },
      { name: 'ClaimToken', kind: 'text' },
    ],
  },
  { key: 'snoozes', name: 'Snoozes', columns: [...common, { name: 'RecipientId', kind: 'text', indexed: true }, { name: 'Until', kind: 'date' }] },
  { key: 'settings', name: 'Settings', columns: [...common] },
  {
    key: 'conversations',
    name: 'Conversations',
    columns: [...common, { name: 'Scope', kind: 'choice', indexed: true, choices: ['personal', 'team', 'groupChat'] }, { name: 'PersonId', kind: 'text', indexed: true }],
  },
  // The access record (docs/rules.md section 7; issue 16): one item per entry, appended by the app only
  // (the runbook takes the site members' rights on this list away); its own retention (a retention
  // label, and the app's pruning by the profile's accessLogRetentionYears).
  {
    key: 'accessLog',
    name: 'AccessLog',
    columns: [
      ...common,
      { name: 'At', kind: 'instant', indexed: true },
      { name: 'PersonId', kind: 'text', indexed: true },
      { name: 'CaseId', kind: 'text', indexed: true },
      { name: 'Via', kind: 'text', indexed: true },
      { name: 'Scope', kind: 'choice', indexed: true, choices: ['own', 'team', 'other'] },
    ],
  },
];

export const DEFAULT_LIST_PREFIX = 'SendOversight_';

/** The columnDefinition body Graph expects (POST lists or lists/{id}/columns). */
export function columnDefinition(c: ColumnSpec): Record<string, unknown> {
  const base: Record<string, unknown> = { name: c.name, displayName: c.name, indexed: c.indexed === true };
  if (c.unique) base.enforceUniqueValues = true;
  switch (c.kind) {
    case 'text':
      return { ...base, text: { allowMultipleLines: false, maxLength: 255 } };
    case 'note':
      return { ...base, text: { allowMultipleLines: true, textType: 'plain', appendChangesToExistingText: false } };
    case 'number':
      return { ...base, number: { decimalPlaces: 'none' } };
    case 'date':
      return { ...base, dateTime: { format: 'dateOnly', displayAs: 'standard' } };
    case 'instant':
      return { ...base, dateTime: { format: 'dateTime', displayAs: 'standard' } };
    case 'choice':
      return { ...base, choice: { choices: [...(c.choices ?? [])], displayAs: 'dropDownMenu', allowTextEntry: false } };
    case 'boolean':
      return { ...base, boolean: {} };
  }
}

/** A date column's value: YYYY-MM-DD -> the dateTime SharePoint stores (midnight UTC). */
export function dateValue(d: string | null | undefined): string | null {
  return d ? `${d}T00:00:00Z` : null;
}
