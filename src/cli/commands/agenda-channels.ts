// send-oversight agenda-channels [--set FILE]: shows, or replaces, which Teams channel each agenda is
// posted to (the store setting agenda.channels: src/services/agendas/channels.ts). In Teams the same
// is done from the channel itself: "agenda here cmooe".
import { writeAgendaChannels, readAgendaChannels } from '../../services/agendas/channels.js';
import { parseOptions, runCommand, UsageError, EXIT_OK, EXIT_USAGE } from '../args.js';
import { CliFileError, readTextFile, type CliCommand } from '../io.js';
import { openStoreForCommand } from './import.js';
import { parseJsonText } from '../../domain/json.js';

const usage = `Usage: send-oversight agenda-channels [--set FILE]

Shows which Teams channel each agenda is posted to (JSON), or with --set replaces that setting with
the JSON in FILE, after checking it (nothing is changed if it has an error). The shape:

  {
    "series": { "cmooe": { "teamId": "…", "channelId": "…", "postAt": "08:00", "leadWorkingDays": 2 },
                "cic-cmooe": { "teamId": "…", "channelId": "…" } },
    "weekly": { "teamId": "…", "channelId": "…", "postAt": "08:00" },
    "termly": { "teamId": "…", "channelId": "…", "terms": [ { "start": "2027-01-04", "end": "2027-03-26" } ] },
    "tabUrl": "https://teams.microsoft.com/l/entity/…"
  }

postAt (Europe/London) and leadWorkingDays are optional (08:00, 2 working days before the meeting).
In Teams, business support, a service manager or a CMOOE chair can say "agenda here cmooe" (or
cic-cmooe, weekly, termly) in a channel instead.

  --set FILE   the new setting (JSON)
  -h, --help   show this help
`;

export const command: CliCommand = {
  name: 'agenda-channels',
  summary: 'show or set which Teams channel each agenda is posted to',
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { values } = parseOptions(argv, { set: { type: 'string' } });
      let value: unknown;
      if (values.set !== undefined) {
        if (values.set.trim() === '') throw new UsageError('--set: needs a file name');
        const json = parseJsonText(readTextFile(io, values.set));
        if (!json.ok) throw new CliFileError(`${values.set}: not valid JSON: ${json.message}`);
        value = json.value;
      }
      const store = await openStoreForCommand(io, command.name);
      if (store === null) return EXIT_USAGE;
      try {
        if (values.set === undefined) {
          io.stdout(`${JSON.stringify(await readAgendaChannels(store), null, 2)}\n`);
          return EXIT_OK;
        }
        let saved;
        try {
          saved = await writeAgendaChannels(store, value);
        } catch (e) {
          throw new CliFileError(`${values.set}: ${(e as Error).message}; nothing was changed`);
        }
        const series = Object.keys(saved.series ?? {});
        const parts = [...series, ...(saved.weekly ? ['weekly'] : []), ...(saved.termly ? ['termly'] : [])];
        io.stderr(`agenda channels set: ${parts.length ? parts.join(', ') : 'none'}\n`);
        return EXIT_OK;
      } finally {
        await store.close();
      }
    }),
};
