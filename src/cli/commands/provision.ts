// send-oversight provision --site SITE_ID: creates the SharePoint lists of the store, or completes
// them with the columns they lack (typed, indexed where queried, the record key unique). Idempotent:
// run twice, the second run changes nothing and says so.
import { parseOptions, runCommand, UsageError, EXIT_FAILURE, EXIT_OK } from '../args.js';
import type { CliCommand } from '../io.js';
import { connectionFromEnv, provisionLists, DEFAULT_LIST_PREFIX } from '../../store/sharepoint/index.js';

const usage = `Usage: send-oversight provision --site SITE_ID [--prefix PREFIX]

Creates the SharePoint lists that the SharePoint store (SEND_STORE=sharepoint) keeps its records in,
or adds the columns an existing list lacks. Running it again changes nothing and says so.

  --site SITE_ID    the site id (host,siteCollectionId,webId; default: SEND_SP_SITE_ID)
  --prefix PREFIX   list name prefix (default: SEND_SP_LIST_PREFIX or ${DEFAULT_LIST_PREFIX})
  -h, --help        show this help

Credentials come from the environment: SEND_SP_TENANT_ID, SEND_SP_CLIENT_ID and SEND_SP_CLIENT_SECRET
(or SEND_SP_CERT_THUMBPRINT + SEND_SP_CERT_KEY_FILE), or SEND_GRAPH_TOKEN; the app needs the right to
manage lists on the site (Sites.Manage.All, or Sites.Selected with manage).
`;

export const command: CliCommand = {
  name: 'provision',
  summary: 'create or complete the SharePoint lists of the store',
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const { values } = parseOptions(argv, { site: { type: 'string' }, prefix: { type: 'string' } });
      const site = (values.site ?? io.env.SEND_SP_SITE_ID ?? '').trim();
      if (!site) throw new UsageError('--site: the SharePoint site id is needed (or set SEND_SP_SITE_ID)');
      const prefix = (values.prefix ?? io.env.SEND_SP_LIST_PREFIX ?? DEFAULT_LIST_PREFIX).trim();
      const report = await provisionLists(connectionFromEnv(io.env), site, prefix);
      for (const name of report.createdLists) io.stdout(`created list ${name}\n`);
      for (const name of report.addedColumns) io.stdout(`added column ${name}\n`);
      for (const problem of report.mismatches) io.stderr(`needs attention: ${problem} (change it in the list settings)\n`);
      if (!report.changed) io.stdout(`nothing to do: all ${Object.keys(report.listIds).length} lists and their columns are in place\n`);
      else io.stdout(`done: ${report.createdLists.length} lists created, ${report.addedColumns.length} columns added\n`);
      return report.mismatches.length ? EXIT_FAILURE : EXIT_OK;
    }),
};
