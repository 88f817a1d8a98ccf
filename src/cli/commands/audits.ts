// send-oversight audits plan --on D [--dry-run] | audits report --month YYYY-MM [--out FILE] [--post]:
// the audit programme (docs/rules.md section 8) from the command line, on the configured store.
import { writeFileSync } from 'node:fs';
import { ProgrammeInvalidError } from '../../domain/audits/programme.js';
import { AUDIT_TYPE_LABELS } from '../../domain/audits/types.js';
import { runOf } from '../../domain/audits/plan.js';
import { createLogger } from '../../services/log.js';
import { programmeFromEnv } from '../../services/audits/programme.js';
import { PlanRefused, runAuditPlan, type PlanReport } from '../../services/audits/plan.js';
import { buildLearningSummary, learningSummaryDocx, learningSummaryText, monthName, postLearningSummary, summaryDocumentPath } from '../../services/audits/summary.js';
import { dateOption, parseOptions, runCommand, UsageError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../args.js';
import { CliFileError, resolvePath, type CliCommand, type CliIo } from '../io.js';
import { openStoreForCommand } from './import.js';
import { londonToday } from '../../domain/dates.js';

const usage = `Usage: send-oversight audits plan [--on YYYY-MM-DD] [--dry-run] [--take-over] [--json]
       send-oversight audits report [--month YYYY-MM] [--out FILE.docx] [--post] [--json]

The audit programme of docs/rules.md section 8, on the store named by SEND_STORE / SEND_DB_PATH,
with the programme of SEND_QA_FILE (default qa/dorset.json).

plan     Draws the month's sample (each due audit type, per locality, from its window) and assigns
         each audit to an auditor, due 20 working days later; in January, April, July and October
         also the quarter's moderation. Once per month: a second run reports what the first stored.
  --on YYYY-MM-DD    the run's day (default: today in Europe/London); its month is the run
  --dry-run          draw and print the sample; store nothing
  --take-over        take over a run that was killed part way, now (otherwise after 10 minutes)
  --json             print the report as JSON

report   The learning summary of a month (QA §4): grades by type and locality, the criteria most
         often not met, themes, exceptions and open audit actions (case references and initials only).
  --month YYYY-MM    the month (default: last month)
  --out FILE.docx    also write the Word document
  --post             post it once to the service managers' channel (the bot's credentials needed)
  --json             print the summary as JSON

  -h, --help         show this help
`;

function describePlan(r: PlanReport, names: ReadonlyMap<string, string>, localities: ReadonlyMap<string, string | null>): string {
  const out: string[] = [];
  const head: Record<PlanReport['status'], string> = {
    planned: `Audit programme for ${r.run}: ${r.added.length} audit${r.added.length === 1 ? '' : 's'} added${r.existing.length ? `, ${r.existing.length} already stored` : ''}${r.tookOver ? ' (taking over a run that stopped part way)' : ''}.`,
    'dry-run': `Audit programme for ${r.run} (dry run, nothing stored): ${r.audits.length} audit${r.audits.length === 1 ? '' : 's'} would be assigned.`,
    'already-planned': `Audit programme for ${r.run} was run already (${r.claimedAt ?? ''}): nothing changed. Its audits:`,
    'under-way': `Audit programme for ${r.run} is being run by another process (claimed ${r.claimedAt ?? ''}): nothing changed. Use --take-over if that run was killed.`,
  };
  out.push(head[r.status]);
  out.push(`Window: ${r.plan.window.from} to ${r.plan.window.to}.`);
  out.push('', 'Types this month:');
  for (const t of r.plan.types) out.push(`  ${t.due ? '*' : ' '} ${t.title.padEnd(42)} ${t.why}`);
  const audits = [...r.audits].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.id < b.id ? -1 : 1));
  if (audits.length > 0) {
    out.push('', 'The sample (audit, type, locality, case, auditor, why):');
    for (const a of audits) {
      out.push(
        `  ${a.id.padEnd(36)} ${AUDIT_TYPE_LABELS[a.type].padEnd(38)} ${(localities.get(a.caseId) ?? '-').padEnd(10)} ${a.caseId.padEnd(8)} ${names.get(a.auditorId) ?? a.auditorId} (${a.auditorRole ?? ''}): ${a.sampledFrom ?? ''}`,
      );
    }
  }
  if (r.plan.unfilled.length > 0 && r.status !== 'already-planned') {
    out.push('', 'Not filled:');
    for (const u of r.plan.unfilled) out.push(`  ${AUDIT_TYPE_LABELS[u.type]}, ${u.locality ?? 'the service'} (${u.auditorRole}): ${u.drawn} of ${u.wanted}: ${u.why}`);
  }
  if (r.plan.moderationWindow !== null) {
    out.push(
      '',
      `Moderation of audits completed ${r.plan.moderationWindow.from} to ${r.plan.moderationWindow.to}: ${r.status === 'dry-run' ? r.plan.moderation.length : r.moderated.length} assigned${r.status === 'dry-run' ? ' (would be)' : ''}.`,
    );
    for (const m of r.plan.moderation) out.push(`  ${m.auditId.padEnd(36)} ${names.get(m.moderatorId) ?? m.moderatorId}`);
  }
  return out.join('\n') + '\n';
}

async function plan(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(argv, { on: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'take-over': { type: 'boolean' }, json: { type: 'boolean' } });
  const on = dateOption('on', values.on, londonToday(io.clock()));
  const programme = programmeFromEnv(io.env, io.cwd).programme;
  const store = await openStoreForCommand(io, 'audits plan');
  if (store === null) return EXIT_USAGE;
  try {
    const logger = createLogger({ level: 'warn', write: (line) => io.stderr(line + '\n'), clock: io.clock });
    const report = await runAuditPlan({ store, programme, logger, clock: io.clock }, { on, dryRun: values['dry-run'] ?? false, ...(values['take-over'] ? { retryAfterMs: 0 } : {}) });
    if (values.json) {
      io.stdout(
        JSON.stringify(
          {
            status: report.status,
            run: report.run,
            on: report.on,
            window: report.plan.window,
            added: report.added,
            existing: report.existing,
            moderated: report.moderated,
            unfilled: report.plan.unfilled,
            audits: report.audits,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      const [people, cases] = await Promise.all([store.listPeople(), store.queryCases({ ids: report.audits.map((a) => a.caseId) })]);
      io.stdout(describePlan(report, new Map(people.map((p) => [p.id, p.name])), new Map(cases.map((s) => [s.case.id, s.case.locality]))));
    }
    return report.status === 'under-way' ? EXIT_FAILURE : EXIT_OK;
  } finally {
    await store.close();
  }
}

async function report(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(argv, { month: { type: 'string' }, out: { type: 'string' }, post: { type: 'boolean' }, json: { type: 'boolean' } });
  const today = londonToday(io.clock());
  const lastMonth = (() => {
    const [y, m] = today.split('-').map(Number) as [number, number];
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  })();
  const month = values.month ?? lastMonth;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new UsageError(`--month: not a month ${JSON.stringify(month)} (expected YYYY-MM, e.g. ${runOf(today)})`);
  const programme = programmeFromEnv(io.env, io.cwd).programme;
  const store = await openStoreForCommand(io, 'audits report');
  if (store === null) return EXIT_USAGE;
  try {
    const summary = await buildLearningSummary(store, programme, month);
    if (values.json) io.stdout(JSON.stringify(summary, null, 2) + '\n');
    else io.stdout(learningSummaryText(summary));
    if (values.out !== undefined) {
      const target = resolvePath(io, values.out);
      try {
        writeFileSync(target, await learningSummaryDocx(summary));
      } catch (e) {
        throw new CliFileError(`cannot write ${JSON.stringify(values.out)}: ${(e as Error).message}`);
      }
      if (!values.json) io.stdout(`Word document written: ${values.out}\n`);
    }
    if (values.post) {
      const { readConfig } = await import('../../server/config.js');
      const config = readConfig(io.env);
      if (!config.authenticated) {
        io.stderr('send-oversight audits report: MicrosoftAppId is not set, so nothing can be posted to Teams; without --post the summary is printed (and written with --out)\n');
        return EXIT_USAGE;
      }
      const { createBotRuntime } = await import('../../../bot/index.js');
      const { documentStoreFor } = await import('../../services/agendas/index.js');
      const logger = createLogger({ level: 'warn', write: (line) => io.stderr(line + '\n'), clock: io.clock });
      const deps = { store, logger, clock: io.clock, env: io.env };
      const messenger = createBotRuntime(deps, { appId: config.appId, tabUrl: config.tabUrl }).messenger;
      const { SharePointCaseStore } = await import('../../store/sharepoint/store.js');
      const documents = documentStoreFor(io.env, store instanceof SharePointCaseStore ? store.graph : null);
      const posted = await postLearningSummary({ store, programme, messenger, documents, logger }, month, io.clock(), { tabUrl: config.tabUrl });
      io.stdout(`${posted.message}${posted.documentUrl ? ` (${posted.documentUrl}; ${summaryDocumentPath(month)})` : ''}\n`);
      return posted.status === 'posted' || posted.status === 'already-posted' ? EXIT_OK : EXIT_FAILURE;
    }
    if (!values.json && summary.figures.overall.total === 0) io.stdout(`(No audit was completed in ${monthName(month)}.)\n`);
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

export const command: CliCommand = {
  name: 'audits',
  summary: "the audit programme: draw a month's sample (plan), or a month's learning summary (report)",
  usage,
  run: (argv, io) =>
    runCommand(command, argv, io, async () => {
      const [sub, ...rest] = argv;
      try {
        if (sub === 'plan') return await plan(rest, io);
        if (sub === 'report') return await report(rest, io);
      } catch (e) {
        if (e instanceof ProgrammeInvalidError || e instanceof PlanRefused) {
          io.stderr(`send-oversight audits: ${e.message}\n`);
          return EXIT_USAGE;
        }
        throw e;
      }
      throw new UsageError(sub === undefined ? 'say what to do: plan or report' : `unknown sub-command ${JSON.stringify(sub)} (plan or report)`);
    }),
};
