// send-oversight minutes: the minutes of a CMOOE / CiC CMOOE meeting as recorded (docs/rules.md section 5),
// as JSON, Markdown or a Word document: the cases discussed with outcomes, the actions agreed with owners
// and due dates, attendance, and the series' actions closed since the previous meeting.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { londonToday } from '../../domain/dates.js';
import { buildMinutesFromFile, minutesDocx, minutesJson, minutesMarkdown } from '../../services/minutes.js';
import { dateOption, parseOptions, runCommand, UsageError, EXIT_OK } from '../args.js';
import { CliFileError, resolvePath, writeFileAtomically, type CliCommand, type CliIo } from '../io.js';
import { caseFileAndPolicy } from '../policy.js';

const usage = `Usage: send-oversight minutes --series cmooe|cic-cmooe [--on YYYY-MM-DD] [options]

The minutes of a CMOOE meeting as recorded (docs/rules.md section 5).

  --series ID          a CMOOE meeting series (cmooe, cic-cmooe)
  --on DATE            the meeting (default: the series' latest recorded meeting on or before today)
  --format FORMAT      json (default), md or docx (docx needs --out)
  --out FILE           write to FILE instead of standard output
  --input FILE         the case file (JSON); without it, the configured store (SEND_STORE, SEND_DB_PATH)
  -h, --help           show this help

JSON and Markdown have case references and initials only; the Word document has full names (it is for
the council's document library, as the agenda). The outcomes and actions are as the meeting recorded them.
`;

export const command: CliCommand = {
  name: 'minutes',
  summary: 'the minutes of a CMOOE meeting as recorded (JSON, Markdown or Word)',
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { values } = parseOptions(argv, { series: { type: 'string' }, on: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, input: { type: 'string' } });
      if (values.series === undefined || values.series.trim() === '') throw new UsageError('--series: needs a series id (cmooe or cic-cmooe)');
      if (values.series === 'weekly') throw new UsageError('--series weekly: the weekly meeting keeps actions, not minutes; see its agenda (agenda --weekly)');
      const format = values.format ?? 'json';
      if (format !== 'json' && format !== 'md' && format !== 'docx') throw new UsageError(`--format: must be json, md or docx, not ${JSON.stringify(format)}`);
      if (format === 'docx' && values.out === undefined) throw new UsageError('--format docx needs --out FILE (a Word document is not text)');
      const on = values.on === undefined ? undefined : dateOption('on', values.on, '');
      const found = await caseFileAndPolicy(io, values.input, command.name);
      if (found === null) return 2; // errors already printed
      const { file } = found;
      const seriesId = values.series;
      if (!file.meetingSeries.some((s) => s.id === seriesId)) {
        throw new UsageError(`--series: no meeting series ${JSON.stringify(seriesId)} in the case file (it has: ${file.meetingSeries.map((s) => s.id).join(', ') || 'none'})`);
      }
      const today = londonToday(io.clock());
      const recorded = file.meetingRecords
        .filter((r) => r.seriesId === seriesId)
        .map((r) => r.meetingOn)
        .sort();
      const meetingOn = on ?? recorded.filter((d) => d <= today).pop();
      if (meetingOn === undefined) throw new UsageError(`no ${seriesId} meeting is recorded on or before ${today}: give --on DATE`);
      if (!recorded.includes(meetingOn)) {
        const near = recorded.slice(-3).join(', ');
        throw new UsageError(`nothing is recorded for the ${seriesId} meeting on ${meetingOn}${near ? ` (recorded: ${near})` : ''}: it is recorded in the tab, on the meeting's page`);
      }
      const built = buildMinutesFromFile(file, seriesId, meetingOn);
      if (format === 'docx') {
        writeBinaryAtomically(io, values.out!, await minutesDocx(built));
        return EXIT_OK;
      }
      const text = format === 'json' ? minutesJson(built) : minutesMarkdown(built);
      if (values.out !== undefined) writeFileAtomically(io, values.out, (write) => write(text));
      else io.stdout(text);
      return EXIT_OK;
    }),
};

function writeBinaryAtomically(io: CliIo, file: string, content: Buffer): void {
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
