// send-oversight agenda: the agenda of a CMOOE / CiC CMOOE meeting, the weekly team manager meeting or
// the termly notice to settings (docs/rules.md section 5), as JSON, Markdown or a Word document.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { meetingOnOrAfter, scheduleOf } from '../../domain/cmooe.js';
import { fromDay, londonToday, toDay } from '../../domain/dates.js';
import { mondayOf } from '../../domain/agenda/weekly.js';
import { agendaDocx, agendaJson, agendaMarkdown, buildAgendaFromFile, type AgendaRequest } from '../../services/agendas/build.js';
import { agendaCaseIds } from '../../services/agendas/access.js';
import { recordCli } from '../access.js';
import { dateOption, parseOptions, runCommand, UsageError, EXIT_OK } from '../args.js';
import { CliFileError, resolvePath, writeFileAtomically, type CliCommand, type CliIo } from '../io.js';
import { caseFileAndPolicy } from '../policy.js';

const usage = `Usage: send-oversight agenda --series cmooe|cic-cmooe [--on YYYY-MM-DD] [options]
       send-oversight agenda --weekly [--on YYYY-MM-DD] [options]
       send-oversight agenda --termly --term-start YYYY-MM-DD --term-end YYYY-MM-DD [options]

Builds a meeting agenda (docs/rules.md section 5; PS 4.1, 4.2, 7.6).

  --series ID          a CMOOE meeting series (cmooe, cic-cmooe); --on is the meeting date
                       (default: the series' next meeting on or after today)
  --weekly             the weekly team manager meeting; --on is the meeting date (default: this
                       week's Monday); figures for the 7 days before it against the 7 days before those
  --termly             the termly notice of annual reviews due in the term, by setting
  --term-start DATE    first day of the term (with --termly)
  --term-end DATE      last day of the term (with --termly)
  --format FORMAT      json (default), md or docx (docx needs --out)
  --out FILE           write to FILE instead of standard output
  --input FILE         the case file (JSON); without it, the configured store (SEND_STORE, SEND_DB_PATH)
  -h, --help           show this help

The same records and the same date always give the same JSON and Markdown. The Word document has
full names (it is for the council's document library); JSON and Markdown have case references and
initials only.
`;

export const command: CliCommand = {
  name: 'agenda',
  summary: 'build a CMOOE, weekly or termly agenda (JSON, Markdown or Word)',
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { values } = parseOptions(argv, {
        series: { type: 'string' },
        weekly: { type: 'boolean' },
        termly: { type: 'boolean' },
        on: { type: 'string' },
        'term-start': { type: 'string' },
        'term-end': { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        input: { type: 'string' },
      });
      const kinds = [values.series !== undefined, values.weekly === true, values.termly === true].filter(Boolean).length;
      if (kinds !== 1) throw new UsageError('give exactly one of --series ID, --weekly or --termly');
      const format = values.format ?? 'json';
      if (format !== 'json' && format !== 'md' && format !== 'docx') throw new UsageError(`--format: must be json, md or docx, not ${JSON.stringify(format)}`);
      if (format === 'docx' && values.out === undefined) throw new UsageError('--format docx needs --out FILE (a Word document is not text)');
      if (values.termly) {
        if (values.on !== undefined) throw new UsageError('--on does not apply to --termly (use --term-start and --term-end)');
        if (values['term-start'] === undefined || values['term-end'] === undefined) throw new UsageError('--termly needs --term-start and --term-end');
      } else if (values['term-start'] !== undefined || values['term-end'] !== undefined) {
        throw new UsageError('--term-start and --term-end go with --termly');
      }
      if (values.series !== undefined && values.series.trim() === '') throw new UsageError('--series: needs a series id (cmooe or cic-cmooe)');
      if (values.series === 'weekly') throw new UsageError('--series weekly: use --weekly for the weekly team manager meeting');
      const on = values.on === undefined ? undefined : dateOption('on', values.on, '');
      const termStart = values.termly ? dateOption('term-start', values['term-start'], '') : '';
      const termEnd = values.termly ? dateOption('term-end', values['term-end'], '') : '';
      if (values.termly && termEnd < termStart) throw new UsageError(`--term-end ${termEnd} is before --term-start ${termStart}`);

      const found = await caseFileAndPolicy(io, values.input, command.name);
      if (found === null) return 2; // errors already printed
      const { file } = found;

      const today = toDay(londonToday(io.clock()));
      let request: AgendaRequest;
      if (values.series !== undefined) {
        const series = file.meetingSeries.find((s) => s.id === values.series);
        if (!series) throw new UsageError(`--series: no meeting series ${JSON.stringify(values.series)} in the case file (it has: ${file.meetingSeries.map((s) => s.id).join(', ') || 'none'})`);
        const meetingOn = on ?? fromDay(meetingOnOrAfter(scheduleOf(series), today));
        request = { kind: 'cmooe', seriesId: series.id, meetingOn };
      } else if (values.weekly) {
        request = { kind: 'weekly', meetingOn: on ?? fromDay(mondayOf(today)) };
      } else {
        request = { kind: 'termly', termStart, termEnd };
      }
      let built;
      try {
        built = buildAgendaFromFile(file, request, undefined, found.policy.policy);
      } catch (e) {
        // A date that is not a meeting, an unknown series, a nomination naming an unknown case.
        if (e instanceof RangeError) throw new UsageError(e.message);
        throw e;
      }
      if (format === 'docx') {
        // The Word document carries the children's names: recorded when it comes from the store's records.
        if (values.input === undefined) {
          // Imported here, as policy.ts does: a command reading a file never loads the database driver.
          const { openStoreForCommand } = await import('./import.js');
          const store = await openStoreForCommand(io, command.name);
          if (store === null) return 2;
          try {
            await recordCli(store, io, agendaCaseIds(built), 'agenda-document', values.out!);
          } finally {
            await store.close();
          }
        }
        writeBinaryAtomically(io, values.out!, await agendaDocx(built));
        return EXIT_OK;
      }
      const text = format === 'json' ? agendaJson(built) : agendaMarkdown(built);
      if (values.out !== undefined) writeFileAtomically(io, values.out, (write) => write(text));
      else io.stdout(text);
      return EXIT_OK;
    }),
};

export function writeBinaryAtomically(io: CliIo, file: string, content: Buffer): void {
  const target = resolvePath(io, file);
  const temp = `${target}.tmp-${process.pid}`;
  try {
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new CliFileError(`cannot write ${JSON.stringify(file)}: ${(e as Error).message}`);
  }
}
