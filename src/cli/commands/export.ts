// send-oversight export [--out FILE]: writes the configured store's whole content as a case file
// (docs/case-file.md). Importing it again gives the same content.
import { parseOptions, runCommand, UsageError, EXIT_OK, EXIT_USAGE } from '../args.js';
import type { CliCommand } from '../io.js';
import { writeCaseFileOut } from './demo.js';
import { openStoreForCommand, storeDescription } from './import.js';
import { recordCli } from '../access.js';

const usage = `Usage: send-oversight export [--out FILE]

Writes the whole content of the store as a case file (JSON, docs/case-file.md): people, meeting series,
supervisions, cases with their history, nominations, selections and actions. The store is the one
named by SEND_STORE / SEND_DB_PATH (see \`send-oversight import --help\`). The export is recorded in
the access record (one entry per child, by cli:<your user name>; docs/rules.md section 7).

  --out FILE   write to FILE (written whole or not at all; default: standard output)
  -h, --help   show this help
`;

export const command: CliCommand = {
  name: 'export',
  summary: 'write the store content as a case file',
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { values } = parseOptions(argv, { out: { type: 'string' } });
      if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out: needs a file name');
      const store = await openStoreForCommand(io, 'export');
      if (store === null) return EXIT_USAGE;
      let file;
      try {
        file = await store.exportCaseFile();
        // Every child's record goes out: recorded before the file is written (docs/rules.md section 7).
        await recordCli(
          store,
          io,
          file.cases.map((c) => c.id),
          'export',
          'case file',
        );
      } finally {
        await store.close();
      }
      writeCaseFileOut(io, file, values.out);
      if (values.out !== undefined) {
        io.stderr(`wrote ${values.out} from ${storeDescription(io.env)}: ${file.cases.length} cases, ${file.people.length} people\n`);
      }
      return EXIT_OK;
    }),
};
