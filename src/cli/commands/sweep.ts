// send-oversight sweep [--dry-run] [--today YYYY-MM-DD]: run the reminder sweep on the configured store.
// With --dry-run nothing is claimed or sent: it prints who would get which digest, line by line
// (case references only). Without it, cards go out through the bot (MicrosoftAppId credentials and the
// bot's stored conversations), exactly once per person per day, like the in-process schedule.
import { KIND_LABELS } from '../../domain/kinds.js';
import type { ObligationKind } from '../../domain/obligation.js';
import type { ServerDeps } from '../../server/deps.js';
import { createLogger } from '../../services/log.js';
import type { SweepReport } from '../../services/reminders/index.js';
import { parseOptions, runCommand, todayOption, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../args.js';
import type { CliCommand, CliIo } from '../io.js';
import { openStoreForCommand } from './import.js';

const usage = `Usage: send-oversight sweep [--dry-run] [--today YYYY-MM-DD] [--json]

Runs the reminder sweep: each person's digest of what became due soon or overdue (one card a day at
most, weekdays only), and the manager digest of work overdue beyond GRACE_DAYS (default 5).
The store is the one named by SEND_STORE / SEND_DB_PATH.

  --dry-run            claim and send nothing; print who would get what
  --today YYYY-MM-DD   the day to sweep (default: today in Europe/London)
  --json               print the sweep report as JSON
  -h, --help           show this help
`;

function describe(report: SweepReport, names: ReadonlyMap<string, string>): string {
  if (report.skipped === 'weekend') return `${report.today} is not a weekday: reminders go out Monday to Friday, nothing to send.\n`;
  const out: string[] = [];
  const verb = report.dryRun ? 'would get' : 'got';
  const shown = report.deliveries.filter((d) => d.status === 'sent' || d.status === 'would-send');
  out.push(`${report.today}: ${report.openObligations} open obligations due soon or overdue; ${shown.length} ${report.dryRun ? 'cards would be sent' : 'cards sent'}.`);
  for (const d of shown) {
    const who = `${names.get(d.recipientId) ?? d.recipientId} (${d.recipientId})`;
    out.push(
      `\n${who} ${verb} the ${d.card === 'digest' ? 'digest' : 'manager digest'}: ${d.lines.length} new, ${d.stillOverdue} still overdue${d.recovered ? ' (recovering a send that did not finish)' : ''}`,
    );
    for (const l of d.lines)
      out.push(`  ${l.stage.padEnd(9)} ${(l.caseId ?? '-').padEnd(8)} ${KIND_LABELS[l.kind as ObligationKind] ?? l.kind}, due ${l.due.slice(0, 10)}${l.carried ? ' (carried over)' : ''}`);
  }
  const others = (['already-sent', 'in-progress', 'unreachable', 'failed', 'released'] as const).filter((s) => report.counts[s] > 0).map((s) => `${s}: ${report.counts[s]}`);
  if (others.length) out.push(`\n${others.join(', ')}`);
  if (report.counts.released > 0) out.push('stopped: the cards not sent were released; the next sweep sends them');
  if (report.delivery.staleConversationsRemoved + report.delivery.conversationsCreated > 0) {
    out.push(`1:1 chats: ${report.delivery.staleConversationsRemoved} that Teams said were gone removed, ${report.delivery.conversationsCreated} created`);
  }
  for (const d of report.deliveries.filter((x) => x.status === 'failed')) out.push(`failed: ${d.recipientId} ${d.card}: ${d.error ?? ''}`);
  return out.join('\n') + '\n';
}

export const command: CliCommand = {
  name: 'sweep',
  summary: 'send (or with --dry-run, list) the reminder digests due today',
  usage,
  run: (argv, io: CliIo) =>
    runCommand(command, argv, io, async () => {
      const { values } = parseOptions(argv, { 'dry-run': { type: 'boolean' }, today: { type: 'string' }, json: { type: 'boolean' } });
      const today = todayOption(values.today, io);
      const dryRun = values['dry-run'] ?? false;
      const store = await openStoreForCommand(io, 'sweep');
      if (store === null) return EXIT_USAGE;
      try {
        const logger = createLogger({ level: 'warn', write: (line) => io.stderr(line + '\n'), clock: io.clock });
        const deps: ServerDeps = { store, logger, clock: io.clock, env: io.env };
        if (!dryRun) {
          // The bot's Teams messenger: proactive messages through the stored conversation references.
          const { createBotRuntime } = await import('../../../bot/index.js');
          const { readConfig } = await import('../../server/config.js');
          const config = readConfig(io.env);
          if (!config.authenticated) {
            io.stderr('send-oversight sweep: MicrosoftAppId is not set, so no cards can be sent to Teams; use --dry-run to see who would get what\n');
            return EXIT_USAGE;
          }
          deps.messenger = createBotRuntime(deps, { appId: config.appId, tabUrl: config.tabUrl }).messenger;
        }
        const { runSweep } = await import('../../services/reminders/index.js');
        // SIGTERM or Ctrl-C: no new claims; the cards being posted are finished, the claimed ones
        // released for the next run; the report says so, and the command ends normally.
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGTERM', onSignal);
        process.once('SIGINT', onSignal);
        let report: SweepReport;
        try {
          report = await runSweep(deps, { dryRun, today, signal: stop.signal });
        } finally {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
        }
        if (values.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
        else io.stdout(describe(report, new Map((await store.listPeople()).map((p) => [p.id, p.name]))));
        return report.counts.failed > 0 ? EXIT_FAILURE : EXIT_OK;
      } finally {
        await store.close();
      }
    }),
};
