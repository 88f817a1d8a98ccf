// Agenda building (docs/rules.md section 5): pure builders and Markdown renderings.
export * from './types.js';
export { cmooeAgenda, actionOpenAt, actionsClosedBetween, exclusionClock, seriesSchedule, type CmooeAgendaInput, type CmooeAgendaOptions } from './cmooe.js';
export { weeklyAgenda, mondayOf, WEEKLY_FIGURES, WEEKLY_SERIES_ID, type WeeklyAgendaInput, type WeeklyAgendaOptions } from './weekly.js';
export { termlyNotice, TERMLY_NOTICE_LEAD_DAYS, NO_SETTING, type TermlyNoticeOptions } from './termly.js';
export { meetingMinutes, type MinutesInput, type MinutesOptions } from './minutes.js';
export {
  renderCmooeMarkdown,
  renderWeeklyMarkdown,
  renderTermlyMarkdown,
  renderMinutesMarkdown,
  type MinutesMarkdownOptions,
  cmooeReasonLabel,
  figureText,
  changeText,
  mdText,
  type MarkdownOptions,
} from './markdown.js';
