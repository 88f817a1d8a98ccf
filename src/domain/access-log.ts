// The access record (docs/rules.md section 7): every time a person is shown a child's details, one
// entry per case: who, when, which case, through what, and why they were allowed. The pure part: the
// entry, the ways in (`via`), the reasons, and the report of people who opened many cases outside
// their own and their team's. Entries hold identifiers only (case reference, person id, the kind of
// view, a table or document name): never a child's name, date of birth or need.

/** The ways a child's details reach a person, and whether each opens the record or only lists it. */
export const ACCESS_VIA = {
  'tab-case': { label: 'Case page (tab)', kind: 'opened' },
  'tab-drill': { label: 'Dashboard drill-down (tab)', kind: 'listed' },
  'tab-cases': { label: 'Case list (tab)', kind: 'listed' },
  'tab-my-work': { label: 'My work (tab)', kind: 'listed' },
  'tab-forecast': { label: 'Forecast (tab)', kind: 'listed' },
  'tab-chair': { label: "Chair's view (tab)", kind: 'listed' },
  'tab-form': { label: 'A form for the case (tab)', kind: 'opened' },
  'bot-case': { label: 'The bot\'s "case" reply', kind: 'opened' },
  'bot-form': { label: 'A form for the case (bot)', kind: 'opened' },
  export: { label: 'Export (Excel, CSV or case file)', kind: 'listed' },
  'agenda-document': { label: 'Agenda document with names', kind: 'document' },
  'minutes-document': { label: 'Minutes document with names', kind: 'document' },
  sar: { label: 'Subject access export', kind: 'opened' },
  'retention-review': { label: 'Retention review list', kind: 'listed' },
  destroyed: { label: 'Record destroyed', kind: 'destroyed' },
} as const satisfies Record<string, { label: string; kind: 'opened' | 'listed' | 'document' | 'destroyed' }>;

export type AccessVia = keyof typeof ACCESS_VIA;
export const ACCESS_VIAS = Object.keys(ACCESS_VIA) as AccessVia[];

export function isAccessVia(x: string): x is AccessVia {
  return Object.prototype.hasOwnProperty.call(ACCESS_VIA, x);
}

/** Why the person was allowed (docs/rules.md section 7). The case rules' reasons (services/access.ts
 * accessReason), and those of the record's own keepers. A reason not listed here is shown as stored. */
export const ACCESS_REASON_LABELS: Readonly<Record<string, string>> = {
  lead: 'leads the case (lead professional)',
  holds: 'holds the case (inclusion lead)',
  'team-manager': "manages the case's team",
  'cmooe-chair': 'chairs the CMOOE series the child is in',
  'all-cases': 'sees every case (service manager, QA officer or business support)',
  auditor: 'has an open audit of the case',
  'information-governance': 'information governance (a subject access request, the retention review)',
  'meeting-papers': "the meeting's papers (an agenda or minutes with names, made by the service)",
  'command-line': 'the command line (IT, on the server)',
  nominator: 'may nominate the child for a CMOOE meeting (virtual school, inclusion lead, team manager)',
  'no-rule': 'shown without a rule of docs/rules.md section 7 allowing it: report it',
};

/** Where the case stands to the person: their own (they lead or hold it), their team's, or neither. */
export type AccessScope = 'own' | 'team' | 'other';
export const ACCESS_SCOPES: readonly AccessScope[] = ['own', 'team', 'other'];

export interface AccessEntry {
  /** Unique: a write repeated after a lost answer stores the entry once. */
  readonly id: string;
  /** The instant (ISO 8601, UTC). */
  readonly at: string;
  /** A person of the service, or `cli:<user>` / `system:<job>` for the command line and the service's own jobs. */
  readonly personId: string;
  readonly caseId: string;
  readonly via: AccessVia;
  readonly reason: string;
  readonly scope: AccessScope;
  /** What exactly: the export's table, the document's name, the reason a record was destroyed. No child's details. */
  readonly detail: string | null;
}

/** The scope of a case for a person: own (lead or inclusion lead), team (the person's team), other. */
export function accessScope(
  person: { readonly id: string; readonly team: string | null },
  c: { readonly leadProfessionalId: string | null; readonly inclusionLeadId: string | null; readonly team: string | null },
): AccessScope {
  if (c.leadProfessionalId === person.id || c.inclusionLeadId === person.id) return 'own';
  if (person.team !== null && c.team === person.team) return 'team';
  return 'other';
}

/** One line of the report of people who opened many cases outside their own and their team's. */
export interface OutsideRow {
  readonly personId: string;
  /** Distinct cases opened (a case page, the bot's case, a form, a subject access export) outside own and team. */
  readonly opened: number;
  /** Distinct cases that appeared in lists, exports or documents shown to them, outside own and team. */
  readonly listed: number;
  /** Entries counted (openings outside own and team). */
  readonly openings: number;
  /** The reasons they were allowed, with the number of openings for each. */
  readonly reasons: Readonly<Record<string, number>>;
  readonly firstAt: string;
  readonly lastAt: string;
}

/** People who opened at least `threshold` distinct cases outside their own and their team's, most first.
 * Only openings count towards the threshold (a list page shows hundreds of rows at once); cases that
 * only appeared in lists are counted beside it. */
export function outsideOwnReport(entries: Iterable<AccessEntry>, threshold: number): OutsideRow[] {
  interface Acc {
    opened: Set<string>;
    listed: Set<string>;
    openings: number;
    reasons: Map<string, number>;
    firstAt: string;
    lastAt: string;
  }
  const byPerson = new Map<string, Acc>();
  for (const e of entries) {
    if (e.scope !== 'other') continue;
    const kind = isAccessVia(e.via) ? ACCESS_VIA[e.via].kind : 'opened';
    if (kind === 'destroyed') continue;
    let acc = byPerson.get(e.personId);
    if (acc === undefined) byPerson.set(e.personId, (acc = { opened: new Set(), listed: new Set(), openings: 0, reasons: new Map(), firstAt: e.at, lastAt: e.at }));
    if (e.at < acc.firstAt) acc.firstAt = e.at;
    if (e.at > acc.lastAt) acc.lastAt = e.at;
    if (kind === 'opened') {
      acc.opened.add(e.caseId);
      acc.openings += 1;
      acc.reasons.set(e.reason, (acc.reasons.get(e.reason) ?? 0) + 1);
    } else acc.listed.add(e.caseId);
  }
  const rows: OutsideRow[] = [];
  for (const [personId, a] of byPerson) {
    if (a.opened.size < threshold) continue;
    rows.push({
      personId,
      opened: a.opened.size,
      listed: a.listed.size,
      openings: a.openings,
      reasons: Object.fromEntries([...a.reasons].sort((x, y) => y[1] - x[1])),
      firstAt: a.firstAt,
      lastAt: a.lastAt,
    });
  }
  return rows.sort((a, b) => b.opened - a.opened || b.listed - a.listed || (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
}

/** Does a key or a piece of stored JSON name this case as a whole segment ("stage/p1/C-1001/…",
 * "p1|C-1001/…", "\"C-1001\"")? C-100 is not C-1001. For clearing a destroyed case from the ledgers. */
export function refersToCase(text: string, caseId: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(caseId, from);
    if (at < 0) return false;
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + caseId.length] ?? '';
    if (!/[A-Za-z0-9_-]/.test(before) && !/[A-Za-z0-9_-]/.test(after)) return true;
    from = at + 1;
  }
}
