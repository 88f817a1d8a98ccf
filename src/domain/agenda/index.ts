// Agenda building (docs/rules.md section 5): pure builders and Markdown renderings.
export * from './types.js';
export { cmooeAgenda, actionOpenAt, exclusionClock, seriesSchedule, type CmooeAgendaInput, type CmooeAgendaOptions } from './cmooe.js';
export { weeklyAgenda, mondayOf, WEEKLY_FIGURES, WEEKLY_SERIES_ID, type WeeklyAgendaInput, type WeeklyAgendaOptions } from './weekly.js';
export { termlyNotice, TERMLY_NOTICE_LEAD_DAYS, NO_SETTING, type TermlyNoticeOptions } from './termly.js';
export { renderCmooeMarkdown, renderWeeklyMarkdown, renderTermlyMarkdown, cmooeReasonLabel, figureText, changeText, mdText, type MarkdownOptions } from './markdown.js';
