// The agenda service (docs/rules.md section 5; issue 5): CMOOE and CiC CMOOE agendas, the weekly team
// manager agenda and the termly notice, as JSON, Markdown, Word and a channel card; where they go
// (channels, the document library) and when (the poster); actions agreed at meetings.
export {
  agendaChannelCard,
  agendaDocumentPath,
  agendaDocx,
  agendaJson,
  agendaMarkdown,
  agendaSummaryText,
  buildAgenda,
  buildAgendaFromFile,
  TERMLY_TITLE,
  WEEKLY_TITLE,
  type AgendaRequest,
  type BuiltAgenda,
} from './build.js';
export { agendaCard, cmooeCardData, termlyCardData, weeklyCardData, type AgendaCardData, type AgendaCardLinks } from './card.js';
export { cmooeAgendaDocument, weeklyAgendaDocument, termlyNoticeDocument, docxBuffer, longDate, shortDate, type AgendaNames } from './docx.js';
export { DOCX_CONTENT_TYPE, documentStoreFor, GraphDocumentStore, LocalDocumentStore, checkDocumentPath, type DocumentStore, type SavedDocument } from './documents.js';
export {
  AGENDA_CHANNELS_SETTING,
  DEFAULT_LEAD_WORKING_DAYS,
  DEFAULT_POST_AT,
  agendasOfChannel,
  parseAgendaChannels,
  readAgendaChannels,
  writeAgendaChannels,
  type AgendaChannels,
} from './channels.js';
export { AGENDA_CRON, agendaPoster, dueAgendas, postDueAgendas, startAgendaSchedule, type AgendaPosterDeps, type AgendaSchedule, type DueAgenda, type PostResult } from './poster.js';
export { agendaForChannel, parseAgendaText, AGENDA_HELP, type AgendaChatDeps, type AgendaChatReply, type AgendaChatRequest } from './chat.js';
export { recordAction, closeAction, type NewAction, type ActionDeps } from './actions.js';
