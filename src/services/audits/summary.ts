// The monthly learning summary (docs/rules.md section 8; QA §4): built from the store for a month, as
// text (the command line), a Word document (saved to the agendas' document library) and a card posted
// once to the service managers' channel (the weekly meeting's channel of `agenda.channels`). Both the
// card and the document name cases by reference and initials only and quote no free text.
// Posting is claimed in the card ledger under `audit-summary/<YYYY-MM>`: one post per month across
// instances and crashes (card-ledger.ts: the claim, a placeholder, the card).
import { randomUUID } from 'node:crypto';
import type { Document, Paragraph, Table } from 'docx';
import { learningSummary, type LearningSummary } from '../../domain/audits/summary.js';
import type { Programme } from '../../domain/audits/programme.js';
import { AUDIT_TYPE_LABELS, GRADE_LABELS } from '../../domain/audits/types.js';
import { AUDIT_SERIES_ID, type AuditGrade } from '../../domain/model.js';
import type { CardClaim, CaseStore } from '../../store/port.js';
import { initials } from '../access.js';
import { readAgendaChannels } from '../agendas/channels.js';
import { docxBuffer, document, heading, labelled, para, shortDate, table, text, titleBlock } from '../agendas/docx.js';
import { DOCX_CONTENT_TYPE, type DocumentStore } from '../agendas/documents.js';
import { placeholderCard, postClaimedCard } from '../card-ledger.js';
import { renderCard } from '../cards.js';
import type { Logger } from '../log.js';
import type { AdaptiveCardJson, Messenger } from '../messenger.js';
import { limiterFor, type SendLimiter } from '../reminders/limiter.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "November 2026". */
export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[m - 1]} ${y}`;
}

/** The learning summary of `month` (YYYY-MM) from the store. */
export async function buildLearningSummary(store: CaseStore, programme: Programme, month: string): Promise<LearningSummary> {
  const [cases, people, audits, actions] = await Promise.all([store.queryCases({}), store.listPeople(), store.listAudits(), store.listActions({ seriesId: AUDIT_SERIES_ID })]);
  const byId = new Map(cases.map((s) => [s.case.id, s.case]));
  return learningSummary({ audits, cases: byId, people, actions }, programme, month, initials);
}

const pct = (p: number | null) => (p === null ? '–' : `${p}%`);
const gradeWords = (g: AuditGrade) => GRADE_LABELS[g];

/** The summary as text (the command line). */
export function learningSummaryText(s: LearningSummary): string {
  const lines: string[] = [];
  const o = s.figures.overall;
  lines.push(`Audit learning summary: ${monthName(s.month)} (${s.from} to ${s.to})`);
  lines.push(`${o.total} audits completed; ${o.good} Good or better: ${pct(o.percent)} (target ${s.target}%)${o.meetsTarget === false ? ': below target' : ''}`);
  lines.push(`Grades: ${(Object.entries(s.figures.byGrade) as [AuditGrade, number][]).map(([g, n]) => `${gradeWords(g)} ${n}`).join(', ')}`);
  if (s.rows.length > 0) {
    lines.push('', 'By type and locality:');
    for (const r of s.rows) lines.push(`  ${r.label}, ${r.locality}: ${r.good}/${r.total} Good or better (${pct(r.percent)})`);
  }
  if (s.criteriaNotMet.length > 0) {
    lines.push('', 'Criteria most often not met:');
    for (const c of s.criteriaNotMet) lines.push(`  ${c.notMet} not met, ${c.partly} partly, of ${c.judged} (${AUDIT_TYPE_LABELS[c.type]}): ${c.text}`);
  }
  if (s.themes.length > 0) {
    lines.push('', "Themes in the auditors' findings:");
    for (const t of s.themes) lines.push(`  ${t.title}: ${t.audits} audit${t.audits === 1 ? '' : 's'}`);
  }
  if (s.exceptions.length > 0) {
    lines.push('', 'Exceptions for the monthly management meeting (graded Inadequate):');
    for (const e of s.exceptions) lines.push(`  ${e.caseId} ${e.initials} (${AUDIT_TYPE_LABELS[e.type]}, ${e.locality ?? 'no locality'}): audit ${e.auditId}`);
  }
  lines.push('', `Audit actions open at the end of the month: ${s.openActions.length} (${s.openActions.filter((a) => a.overdue).length} overdue)`);
  for (const a of s.openActions.slice(0, 50))
    lines.push(`  ${a.id} ${a.caseId ?? ''} ${a.initials ?? ''}: ${a.owner}, due ${a.dueOn}${a.overdue ? ' (overdue)' : ''}${a.criterion ? ` — ${a.criterion}` : ''}`);
  return lines.join('\n') + '\n';
}

/** The Word document of the summary (references and initials only). */
export function learningSummaryDocument(s: LearningSummary): Document {
  const o = s.figures.overall;
  const body: Array<Paragraph | Table> = [
    ...titleBlock(`Audit learning summary: ${monthName(s.month)}`, [
      ['Audits completed', `${o.total} between ${shortDate(s.from)} and ${shortDate(s.to)}`],
      ['Good or better', `${o.good} of ${o.total}: ${pct(o.percent)} (target ${s.target}%, QA §3)`],
      ['For', 'SEND team managers and service managers (QA §4: learning shared monthly)'],
    ]),
  ];
  body.push(heading('Grades by type and locality', 2));
  body.push(
    s.rows.length === 0
      ? para('No audit was completed this month.')
      : table(
          ['Type of audit', 'Locality', 'Good or better', 'Completed', 'Share'],
          s.rows.map((r) => [r.label, r.locality, String(r.good), String(r.total), pct(r.percent)]),
          [34, 18, 16, 16, 16],
        ),
  );
  body.push(heading('Criteria most often not met', 2));
  body.push(
    s.criteriaNotMet.length === 0
      ? para('Every criterion judged was met.')
      : table(
          ['Criterion', 'Type', 'Not met', 'Partly', 'Judged'],
          s.criteriaNotMet.map((c) => [c.text, AUDIT_TYPE_LABELS[c.type], String(c.notMet), String(c.partly), String(c.judged)]),
          [52, 18, 10, 10, 10],
        ),
  );
  body.push(heading("Themes in the auditors' findings", 2));
  body.push(para("Counted from the auditors' comments (the comments themselves stay in each audit)."));
  if (s.themes.length === 0) body.push(para('No theme stood out.'));
  for (const t of s.themes) body.push(para(`${t.title}: ${t.audits} audit${t.audits === 1 ? '' : 's'} (${t.auditIds.join(', ')})`, { bullet: true }));
  body.push(heading('Exceptions for the monthly management meeting', 2));
  body.push(
    s.exceptions.length === 0
      ? para('No audit was graded Inadequate.')
      : table(
          ['Case', 'Initials', 'Type', 'Locality', 'Audit'],
          s.exceptions.map((e) => [e.caseId, e.initials, AUDIT_TYPE_LABELS[e.type], e.locality ?? '', e.auditId]),
          [15, 12, 33, 15, 25],
        ),
  );
  body.push(heading('Audit actions still open', 2));
  body.push(
    s.openActions.length === 0
      ? para('None.')
      : table(
          ['Action', 'Case', 'Initials', 'Criterion', 'Owner', 'Due'],
          s.openActions.map((a) => [a.id, a.caseId ?? '', a.initials ?? '', a.criterion ?? '', a.owner, `${shortDate(a.dueOn)}${a.overdue ? ' (overdue)' : ''}`]),
          [18, 10, 8, 34, 18, 12],
        ),
  );
  body.push(heading('Audits completed', 2));
  body.push(
    s.completed.length === 0
      ? para('None.')
      : table(
          ['Audit', 'Case', 'Initials', 'Type', 'Locality', 'Grade', 'Completed'],
          s.completed.map((a) => [a.auditId, a.caseId, a.initials, AUDIT_TYPE_LABELS[a.type], a.locality ?? '', gradeWords(a.grade), shortDate(a.completedOn)]),
          [22, 10, 8, 22, 12, 14, 12],
        ),
  );
  body.push(labelled('Privacy', 'Cases are named by reference and initials only; full records are in SEND Oversight.'));
  body.push(para([text('Generated by SEND Oversight from the audits recorded in it (docs/rules.md section 8).', { size: 16, color: '7F7F7F' })]));
  return document(`Audit learning summary ${s.month}`, body, false);
}

export async function learningSummaryDocx(s: LearningSummary): Promise<Buffer> {
  return docxBuffer(learningSummaryDocument(s));
}

export function summaryDocumentPath(month: string): string {
  return `audits/${month} audit learning summary.docx`;
}

/** The channel card (references and initials only; names are in neither the card nor the document). */
export function learningSummaryCard(s: LearningSummary, links: { documentUrl?: string | null; tabUrl?: string | null } = {}): AdaptiveCardJson {
  const o = s.figures.overall;
  const fact = (label: string, good: number, total: number, percent: number | null) => ({ title: label, value: `${pct(percent)} (${good} of ${total})` });
  return renderCard('learning-summary', {
    title: `Audit learning summary: ${monthName(s.month)}`,
    subtitle: `${o.total} audit${o.total === 1 ? '' : 's'} completed ${shortDate(s.from)} to ${shortDate(s.to)}`,
    headline: o.total === 0 ? 'No audit was completed this month.' : `${pct(o.percent)} Good or better against a target of ${s.target}%`,
    headlineColor: o.meetsTarget === false ? 'Attention' : 'Good',
    byType: s.figures.byType.map((t) => fact(t.label, t.good, t.total, t.percent)),
    byLocality: s.figures.byLocality.map((l) => fact(l.locality, l.good, l.total, l.percent)),
    criteria: s.criteriaNotMet.slice(0, 5).map((c) => `${c.notMet} not met, ${c.partly} partly met (${AUDIT_TYPE_LABELS[c.type]}): ${c.text}`),
    themes: s.themes.slice(0, 5).map((t) => `${t.title}: ${t.audits} audit${t.audits === 1 ? '' : 's'}`),
    exceptions: s.exceptions.slice(0, 10).map((e) => `${e.caseId} ${e.initials}: ${AUDIT_TYPE_LABELS[e.type]} graded Inadequate (${e.locality ?? 'no locality'})`),
    actions: `Audit actions still open: ${s.openActions.length}, of which ${s.openActions.filter((a) => a.overdue).length} overdue.`,
    privacy: 'Cases are named by reference and initials only. The Word document has the tables in full.',
    documentUrl: links.documentUrl ?? '',
    tabUrl: links.tabUrl ?? '',
  });
}

export interface SummaryPostDeps {
  readonly store: CaseStore;
  readonly programme: Programme;
  readonly messenger: Messenger;
  readonly documents: DocumentStore;
  readonly logger?: Logger;
  readonly limiter?: SendLimiter;
}

export type SummaryPostStatus = 'posted' | 'already-posted' | 'under-way' | 'no-channel';

export const SUMMARY_CLAIM_PREFIX = 'audit-summary/';

/** Post `month`'s summary to the service managers' channel, once (see the top of this file). */
export async function postLearningSummary(
  deps: SummaryPostDeps,
  month: string,
  now: number,
  options: { tabUrl?: string | null; retryAfterMs?: number; signal?: AbortSignal } = {},
): Promise<{ status: SummaryPostStatus; documentUrl: string | null; message: string }> {
  const config = await readAgendaChannels(deps.store);
  const channel = config.weekly;
  if (!channel)
    return { status: 'no-channel', documentUrl: null, message: 'No service managers\' channel is set (the weekly meeting\'s channel: say "agenda here weekly" in it): the summary was not posted.' };
  const key = `${SUMMARY_CLAIM_PREFIX}${month}`;
  const existing = (await deps.store.listCards(key)).find((c) => c.key === key) ?? null;
  if (existing !== null && (existing.state === 'sent' || existing.state === 'superseded'))
    return { status: 'already-posted', documentUrl: null, message: `The ${monthName(month)} learning summary was posted on ${existing.sentAt ?? existing.claimedAt}.` };
  const takeable = (c: CardClaim) => c.state === 'released' || c.state === 'unreachable' || Date.parse(c.claimedAt) <= now - (options.retryAfterMs ?? 5 * 60_000);
  if (existing !== null && !takeable(existing)) return { status: 'under-way', documentUrl: null, message: 'Another run is posting it now.' };
  if (options.signal?.aborted) return { status: 'under-way', documentUrl: null, message: 'The server is stopping: not posted.' };
  const holder = randomUUID();
  const at = new Date(now).toISOString();
  const recipientId = `channel:${channel.teamId}/${channel.channelId}`;
  const [claim] = await deps.store.claimCards([{ key, recipientId, holder, at, lines: [], ...(existing ? { replaces: { holder: existing.holder, version: existing.version } } : {}) }]);
  if (!claim) return { status: 'under-way', documentUrl: null, message: 'Another run is posting it now.' };
  const summary = await buildLearningSummary(deps.store, deps.programme, month);
  const saved = await deps.documents.save(summaryDocumentPath(month), await learningSummaryDocx(summary), DOCX_CONTENT_TYPE);
  const card = learningSummaryCard(summary, { documentUrl: saved.url, tabUrl: options.tabUrl ?? config.tabUrl ?? null });
  const title = `Audit learning summary: ${monthName(month)}`;
  const outcome = await postClaimedCard(
    { store: deps.store, messenger: deps.messenger, limiter: deps.limiter ?? limiterFor(deps.messenger) },
    claim,
    { kind: 'channel', teamId: channel.teamId, channelId: channel.channelId },
    { card: placeholderCard(title, 'The summary follows.'), summary: title },
    card,
  );
  if (outcome.kind === 'lost') return { status: 'under-way', documentUrl: saved.url, message: 'Another run took the post over.' };
  if (outcome.kind === 'unreachable') throw new Error(`the bot is not installed in team ${channel.teamId}, or cannot post to channel ${channel.channelId}`);
  await deps.store.updateCards([{ key, holder, version: outcome.claim.version, state: 'sent', sentAt: at }]);
  deps.logger?.info('audit learning summary posted', { month, teamId: channel.teamId, channelId: channel.channelId, activityId: outcome.message.activityId });
  return { status: 'posted', documentUrl: saved.url, message: `Posted the ${monthName(month)} learning summary.` };
}
