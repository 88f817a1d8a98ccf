// send-oversight obligations: every obligation of the service on a day (docs/rules.md section 3),
// as the JSON array of docs/case-file.md or as a table grouped by owner.
import { fromInstant, isIsoInstant, londonDateTime, toInstant } from '../../domain/dates.js';
import type { Person } from '../../domain/model.js';
import { obligationLabel } from '../../domain/kinds.js';
import { computeObligations } from '../../domain/obligations.js';
import { toObligationJson, type Obligation, type ObligationStatus } from '../../domain/obligation.js';
import { intOption, parseOptions, runCommand, todayOption, UsageError, EXIT_OK } from '../args.js';
import { chunked, type CliCommand, type CliIo } from '../io.js';
import { caseFileAndPolicy } from '../policy.js';

const usage = `Usage: send-oversight obligations [--input FILE] [--today YYYY-MM-DD] [--lookahead DAYS] [--json] [--owner PERSON_ID]

Lists every obligation of the service on a day (docs/rules.md section 3), each with where its due
date comes from, under the policy profile the case file names (section 9: "policy", e.g. "durham").

  --input FILE         the case file (JSON, docs/case-file.md); without it, the configured store
                       (SEND_STORE, SEND_DB_PATH) is read
  --today YYYY-MM-DD   the day to judge against (default: today in Europe/London)
  --lookahead DAYS     open obligations due within DAYS are "due-soon" (default: the profile's, 14 days
                       in both shipped profiles)
  --json               print the JSON array of docs/case-file.md instead of the table
  --owner PERSON_ID    only the obligations owned by this person
  -h, --help           show this help
`;

/** Open work first, then done: the table's order of statuses within an owner. */
const STATUS_ORDER: readonly ObligationStatus[] = ['overdue', 'due-soon', 'upcoming', 'excepted', 'breached', 'missed', 'met-late', 'met', 'ok'];

export const command: CliCommand = {
  name: 'obligations',
  summary: 'list the obligations due, overdue and done (table or --json)',
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { values } = parseOptions(argv, {
        input: { type: 'string' },
        today: { type: 'string' },
        lookahead: { type: 'string' },
        json: { type: 'boolean' },
        owner: { type: 'string' },
      });
      const today = todayOption(values.today, io);
      const lookaheadOption = intOption('lookahead', values.lookahead, undefined, 0, 3660);
      if (values.owner !== undefined && values.owner.trim() === '') throw new UsageError('--owner: needs a person id');
      const found = await caseFileAndPolicy(io, values.input, command.name);
      if (found === null) return 2; // errors already printed
      const { file, policy } = found;
      const lookaheadDays = lookaheadOption ?? policy.policy.parameters.reminderLookaheadDays;
      const people = new Map(file.people.map((p) => [p.id, p]));
      if (values.owner !== undefined && !people.has(values.owner)) throw new UsageError(`--owner: no person with id ${JSON.stringify(values.owner)} in the case file`);

      // The current instant matters only for today's casework deadlines: pass it when judging today.
      const now = values.today === undefined ? fromInstant(io.clock()) : undefined;
      let obligations = computeObligations(file, { today, lookaheadDays, policy: policy.policy, ...(now !== undefined ? { now } : {}) });
      if (values.owner !== undefined) obligations = obligations.filter((o) => o.ownerId === values.owner);

      if (values.json) {
        writeJsonArray(obligations, io);
      } else {
        const out = chunked(io.stdout);
        writeObligationTable(obligations, people, { today, lookaheadDays, policy: `${policy.policy.name} (${policy.from})` }, out.write);
        out.flush();
      }
      return EXIT_OK;
    }),
};

/** The docs/case-file.md array, 2-space indented, written in chunks (it can be large). */
function writeJsonArray(obligations: readonly Obligation[], io: CliIo): void {
  if (obligations.length === 0) {
    io.stdout('[]\n');
    return;
  }
  const out = chunked(io.stdout);
  out.write('[\n');
  obligations.forEach((o, i) => {
    const text = JSON.stringify(toObligationJson(o), null, 2).replace(/\n/g, '\n  ');
    out.write(`  ${text}${i < obligations.length - 1 ? ',' : ''}\n`);
  });
  out.write(']\n');
  out.flush();
}

function ownerLabel(ownerId: string | null, role: string, people: ReadonlyMap<string, Person>): string {
  if (ownerId === null) return `No named owner (${role})`;
  const p = people.get(ownerId);
  return p ? `${p.name} (${p.roles.join(', ')})` : `${ownerId} (${role})`;
}

function subjectOf(o: Obligation, people: ReadonlyMap<string, Person>): string {
  if (o.caseId !== null) return o.caseId;
  if (o.personId !== null) return `${o.personId} ${people.get(o.personId)?.name ?? ''}`.trim();
  return '';
}

/** A readable table: one block per owner (overdue first, then due-soon, upcoming, then done), each
 * row with where its due date comes from. */
export function obligationTable(obligations: readonly Obligation[], people: ReadonlyMap<string, Person>, on: { today: string; lookaheadDays: number; policy?: string }): string {
  const parts: string[] = [];
  writeObligationTable(obligations, people, on, (text) => parts.push(text));
  return parts.join('');
}

/** The table of obligationTable, handed to `write` a line at a time (a whole service's table is too
 * large for one string: 100,000 cases have about 1.7 million obligations). */
export function writeObligationTable(
  obligations: readonly Obligation[],
  people: ReadonlyMap<string, Person>,
  on: { today: string; lookaheadDays: number; policy?: string },
  write: (text: string) => void,
): void {
  const counts = countByStatus(obligations);
  const profile = on.policy !== undefined ? `, policy profile ${on.policy}` : '';
  write(`Obligations on ${on.today} (due-soon = within ${on.lookaheadDays} days${profile}): ${obligations.length} in all${summary(counts)}\n`);
  if (obligations.length === 0) return;

  const groups = new Map<string, Obligation[]>();
  for (const o of obligations) {
    const key = o.ownerId ?? `\u0000${o.ownerRole}`;
    const g = groups.get(key);
    if (g) g.push(o);
    else groups.set(key, [o]);
  }
  const rank = (s: ObligationStatus) => STATUS_ORDER.indexOf(s);
  const cells = (o: Obligation) => [o.status, dueText(o.due), obligationLabel(o) + (o.pfa ? ' (preparing for adulthood)' : ''), subjectOf(o, people), o.citation, o.basis];
  const header = ['status', 'due', 'kind', 'case/person', 'citation', 'basis'];
  const blocks = [...groups.values()].map((list) => ({
    label: ownerLabel(list[0]!.ownerId, list[0]!.ownerRole, people),
    // stable: keeps the due order within a status
    list: list.sort((a, b) => rank(a.status) - rank(b.status)),
    overdue: overdue(list),
  }));
  // Owners with the most overdue work first, then by name.
  blocks.sort((a, b) => b.overdue - a.overdue || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  // Column widths by a loop over every row (never Math.max(...rows): millions of arguments overflow the stack).
  const widths = header.map((h) => h.length);
  for (const b of blocks) {
    for (const o of b.list) {
      cells(o).forEach((c, i) => {
        if (c.length > widths[i]!) widths[i] = c.length;
      });
    }
  }
  const format = (row: string[]) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  for (const b of blocks) {
    write(`\n${b.label}: ${b.list.length}${summary(countByStatus(b.list))}\n  ${format(header)}\n`);
    for (const o of b.list) write(`  ${format(cells(o))}\n`);
  }
}

/** A date as it is; an instant (casework-recording) as London wall-clock time. */
function dueText(due: string): string {
  return isIsoInstant(due) ? londonDateTime(toInstant(due)) : due;
}

function overdue(list: readonly Obligation[]): number {
  return list.filter((o) => o.status === 'overdue').length;
}

function countByStatus(list: readonly Obligation[]): Map<ObligationStatus, number> {
  const m = new Map<ObligationStatus, number>();
  for (const o of list) m.set(o.status, (m.get(o.status) ?? 0) + 1);
  return m;
}

function summary(counts: ReadonlyMap<ObligationStatus, number>): string {
  const parts = STATUS_ORDER.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
