// send-oversight retention --list | --delete C-1234 --by PERSON_ID --reason TEXT (docs/rules.md
// sections 7 and 9; issue 16): the records past the policy profile's retention, and the destruction of
// one by information governance.
import { AccessDeniedError, BadRequestError } from '../../services/dashboard.js';
import { normaliseCaseId } from '../../services/myWork.js';
import { destroyRecord, retentionReview } from '../../services/retention.js';
import { directRecorder } from '../../services/access-log.js';
import { EXIT_OK, EXIT_USAGE, parseOptions, runCommand, UsageError } from '../args.js';
import type { CliCommand } from '../io.js';
import { cliActor } from '../access.js';
import { openStoreForCommand, storeDescription } from './import.js';

const usage = `Usage: send-oversight retention --list [--json]
       send-oversight retention --delete C-1234 --by PERSON_ID --reason TEXT

The records kept past the policy profile's retention (docs/rules.md section 9: by default 25 years from
the child's date of birth, and at least 6 years after a plan ceased or was transferred out), and their
destruction. The app never destroys a record by itself.

  --list            the records past retention, longest past first, with the rule and its dates
                    (the listing is recorded in the access record, by cli:<your user name>)
  --json            with --list: as JSON
  --delete C-1234   destroy this record: the case and everything about it (notes, summaries,
                    nominations, selections, actions, form entries, snoozes, reminder lines, its access
                    record) is removed from the store; one entry stays in the access record: that it
                    was destroyed, when, by whom and why. Refused if the record is not past retention
  --by PERSON_ID    with --delete: the information governance officer (information-governance role)
  --reason TEXT     with --delete: why (e.g. "past retention, review of 2026-12-01"); never the
                    child's name: it is kept after the record is gone
  -h, --help        show this help
`;

export const command: CliCommand = {
  name: 'retention',
  summary: 'records past retention (--list), and destroying one (--delete, information governance)',
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { values } = parseOptions(argv, { list: { type: 'boolean' }, json: { type: 'boolean' }, delete: { type: 'string' }, by: { type: 'string' }, reason: { type: 'string' } });
      if (values.list === true && values.delete !== undefined) throw new UsageError('--list and --delete: one at a time');
      if (values.list !== true && values.delete === undefined) throw new UsageError('say --list, or --delete C-1234 --by PERSON_ID --reason TEXT');
      if (values.list === true && (values.by !== undefined || values.reason !== undefined)) throw new UsageError('--by and --reason go with --delete');
      if (values.delete !== undefined) {
        if (!values.delete.trim()) throw new UsageError('--delete: which case? (a case reference, e.g. C-1234)');
        if (!values.by?.trim()) throw new UsageError('--by: the person id of the information governance officer destroying the record');
        if (values.reason === undefined) throw new UsageError('--reason: say why the record is destroyed');
      }
      const store = await openStoreForCommand(io, command.name);
      if (store === null) return EXIT_USAGE;
      try {
        if (values.list === true) {
          const review = await retentionReview({ store, log: directRecorder(store) }, cliActor(io), io.clock());
          if (values.json === true) {
            io.stdout(JSON.stringify(review, null, 2) + '\n');
            return EXIT_OK;
          }
          io.stdout(
            `Records past retention on ${review.today} (${review.policy.title}: ${review.policy.yearsFromBirth} years from birth; at least ${review.policy.yearsAfterClosure} years after a plan ended), ${storeDescription(io.env)}: ${review.rows.length}\n`,
          );
          for (const r of review.rows) {
            io.stdout(`${r.caseId}  ${r.initials.padEnd(6)} ${r.status.padEnd(11)} kept until ${r.keepUntil} (${r.pastByDays} days ago): ${r.reason}\n`);
          }
          return EXIT_OK;
        }
        const caseId = normaliseCaseId(values.delete!);
        const by = await store.getPerson(values.by!.trim());
        if (by === null) throw new UsageError(`--by: no person ${JSON.stringify(values.by)} in the store`);
        try {
          const done = await destroyRecord(store, { caseId, by, reason: values.reason!, now: io.clock() });
          const removed = Object.entries(done.report.removed)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ');
          io.stdout(`${caseId} destroyed by ${by.id} (${by.name}) at ${done.entry.at}: ${removed || 'nothing was left to remove'}. The access record keeps that it was destroyed, by whom and why.\n`);
          return EXIT_OK;
        } catch (e) {
          if (e instanceof AccessDeniedError || e instanceof BadRequestError) {
            io.stderr(`send-oversight retention: ${e.message}\n`);
            return EXIT_USAGE;
          }
          throw e;
        }
      } finally {
        await store.close();
      }
    }),
};
