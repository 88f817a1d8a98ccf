// send-oversight sar --case C-1234 --out DIR --by PERSON_ID: the subject access export of one child
// (docs/rules.md section 7; issue 16): a Word document a family can read and the same as JSON.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { entriesFor } from '../../services/access-log.js';
import { CaseNotFound } from '../../services/access.js';
import { normaliseCaseId } from '../../services/myWork.js';
import { isInformationGovernance } from '../../services/retention.js';
import { buildSubjectAccess, subjectAccessDocx, subjectAccessFileName, subjectAccessJson } from '../../services/sar/index.js';
import { londonToday } from '../../domain/dates.js';
import { EXIT_OK, EXIT_USAGE, parseOptions, runCommand, UsageError } from '../args.js';
import { resolvePath, type CliCommand } from '../io.js';
import { writeBinaryAtomically } from './agenda.js';
import { openStoreForCommand } from './import.js';

const usage = `Usage: send-oversight sar --case C-1234 --out DIR --by PERSON_ID

The subject access export of one child (docs/rules.md section 7): everything SEND Oversight holds about
them (the case record, notes, summaries, nominations, selections, actions, the timescales with their
history, their part of the meeting agendas, and who has looked at their record), as a Word document a
family can read and as JSON, written into DIR. Other children named in notes or shared documents are
replaced by "[another child]" / "[another case]".

  --case C-1234     the child's case reference
  --out DIR         the folder to write into (made if missing); files are named by the case and the day
  --by PERSON_ID    the information governance officer making it (a person with the
                    information-governance role); the export is recorded in the access record
  -h, --help        show this help
`;

export const command: CliCommand = {
  name: 'sar',
  summary: 'subject access export of one child: a Word document and JSON',
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { values } = parseOptions(argv, { case: { type: 'string' }, out: { type: 'string' }, by: { type: 'string' } });
      if (!values.case?.trim()) throw new UsageError('--case: which child? (a case reference, e.g. C-1234)');
      if (!values.out?.trim()) throw new UsageError('--out: the folder to write the export into');
      if (!values.by?.trim()) throw new UsageError('--by: the person id of the information governance officer making the export');
      const dir = resolvePath(io, values.out);
      if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--out: ${values.out} is a file, not a folder`);
      const caseId = normaliseCaseId(values.case);
      const store = await openStoreForCommand(io, command.name);
      if (store === null) return EXIT_USAGE;
      try {
        const by = await store.getPerson(values.by.trim());
        if (by === null) throw new UsageError(`--by: no person ${JSON.stringify(values.by)} in the store`);
        if (!isInformationGovernance(by)) throw new UsageError(`--by: ${by.id} (${by.name}) does not have the information-governance role; subject access exports are made by information governance`);
        const now = io.clock();
        let bundle;
        try {
          bundle = await buildSubjectAccess(store, caseId, { now, preparedBy: by });
        } catch (e) {
          if (e instanceof CaseNotFound) throw new UsageError(`--case: there is no case ${caseId}`);
          throw e;
        }
        const today = londonToday(now);
        const stored = await store.getCase(caseId);
        if (stored) await store.appendAccess(entriesFor(by, [stored.case], 'sar', today, new Date(now).toISOString(), { reason: 'information-governance', detail: 'docx+json (command line)' }));
        mkdirSync(dir, { recursive: true });
        const docx = join(dir, subjectAccessFileName(caseId, today, 'docx'));
        const json = join(dir, subjectAccessFileName(caseId, today, 'json'));
        writeBinaryAtomically(io, docx, await subjectAccessDocx(bundle));
        writeBinaryAtomically(io, json, Buffer.from(subjectAccessJson(bundle), 'utf8'));
        const held = bundle.sections
          .filter((s) => s.count > 0)
          .map((s) => `${s.id} ${s.count}`)
          .join(', ');
        io.stdout(`wrote ${docx}\nwrote ${json}\n${caseId}: ${held}\n`);
        return EXIT_OK;
      } finally {
        await store.close();
      }
    }),
};
