// The sections of a subject access export, in the order the Word document shows them. Each collects
// one kind of record about the child. To add a kind (e.g. meeting records and minutes), write a
// SarSection beside these and add it to SAR_SECTIONS; the bundle, the JSON, the Word document and the
// check that no other child is named follow.
import { meetingForNomination, scheduleOf } from '../../domain/cmooe.js';
import { WEEKLY_SERIES_ID } from '../../domain/agenda/weekly.js';
import { cmooeReasonLabel } from '../../domain/agenda/markdown.js';
import { ACCESS_REASON_LABELS, ACCESS_VIA, isAccessVia } from '../../domain/access-log.js';
import { fromDay, londonOffsetMs, toDay } from '../../domain/dates.js';
import { obligationLabel } from '../../domain/kinds.js';
import { compareObligations, toObligationJson } from '../../domain/obligation.js';
import { obligationsOfActions, obligationsOfCase } from '../../domain/obligations.js';
import { buildAgenda } from '../agendas/build.js';
import { AUDIT_TYPE_LABELS, GRADE_LABELS } from '../../domain/audits/types.js';
import type { SarBlock, SarSection, SarSectionContent } from './types.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "3 November 2026" (a date), "" for none. */
export function longDay(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}

/** An instant in UK time: "3 November 2026, 10:05". */
export function ukMoment(iso: string): string {
  const ms = Date.parse(iso);
  const local = new Date(ms + londonOffsetMs(ms)).toISOString();
  return `${longDay(local.slice(0, 10))}, ${local.slice(11, 16)}`;
}

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
const NEEDS: Record<string, string> = {
  SPLD: 'Specific learning difficulty',
  MLD: 'Moderate learning difficulty',
  SLD: 'Severe learning difficulty',
  PMLD: 'Profound and multiple learning difficulty',
  SEMH: 'Social, emotional and mental health',
  SLCN: 'Speech, language and communication needs',
  HI: 'Hearing impairment',
  VI: 'Visual impairment',
  MSI: 'Multi-sensory impairment',
  PD: 'Physical disability',
  ASD: 'Autistic spectrum disorder',
  DS: 'Down syndrome',
  OTH: 'Other difficulty or disability',
};

function content(json: unknown, count: number, blocks: SarBlock[]): SarSectionContent {
  return { json, count, blocks };
}

// ---- the sections --------------------------------------------------------------------------------

const record: SarSection = {
  id: 'record',
  title: 'The record we keep',
  intro: 'The details recorded about your child and the steps of their education, health and care (EHC) needs assessment and plan.',
  async collect(ctx) {
    const c = ctx.case;
    const { caseNotes: _notes, cmooeSummaries: _summaries, ...rest } = c;
    const facts: Array<[string, string]> = [
      ['Case reference', c.id],
      ['Name', c.childName],
      ['Date of birth', longDay(c.dateOfBirth)],
      ['In the care of the local authority', yesNo(c.childInCare)],
      ['Area (locality) and team', [c.locality, c.team].filter(Boolean).join(', ') || 'not recorded'],
      ['School or setting', c.setting ? `${c.setting}${c.settingUrn ? ` (URN ${c.settingUrn})` : ''}` : 'not recorded'],
      ['Main need', c.primaryNeed ? `${NEEDS[c.primaryNeed] ?? c.primaryNeed} (${c.primaryNeed})` : 'not recorded'],
      ['Lead professional', c.leadProfessionalId ? ctx.personName(c.leadProfessionalId) : 'none recorded'],
      ['Inclusion lead', c.inclusionLeadId ? ctx.personName(c.inclusionLeadId) : 'none recorded'],
      ['Consent to share information', c.consentToShare ? `given by ${c.consentToShare.givenBy}, recorded on ${longDay(c.consentToShare.recordedOn)}` : 'not recorded'],
    ];
    if (c.ncYearOverride !== null) facts.push(['National Curriculum year (taught out of year group)', String(c.ncYearOverride)]);
    const blocks: SarBlock[] = [{ kind: 'facts', rows: facts }];
    if (c.assessment) {
      const a = c.assessment;
      blocks.push(
        { kind: 'heading', text: 'EHC needs assessment' },
        {
          kind: 'facts',
          rows: [
            ['Request received', longDay(a.requestedOn)],
            [
              'Decision whether to assess',
              a.decisionOn ? `${a.decision === 'assess' ? 'to assess' : a.decision === 'not-assess' ? 'not to assess' : 'made'} on ${longDay(a.decisionOn)}` : 'not yet made',
            ],
            [
              'Outcome',
              a.outcome === 'issue'
                ? 'a plan to be issued'
                : a.outcome === 'not-issue'
                  ? `no plan to be issued${a.outcomeNoticeOn ? `, notice sent ${longDay(a.outcomeNoticeOn)}` : ''}`
                  : 'not yet decided',
            ],
            ['Draft plan sent', longDay(a.draftSentOn) || 'not yet'],
            ['Exceptional circumstances recorded', a.exceptionReason ?? 'none'],
          ],
        },
      );
    }
    if (c.adviceRequests.length) {
      blocks.push(
        { kind: 'heading', text: 'Advice asked for' },
        { kind: 'table', columns: ['From', 'Asked for', 'Received'], rows: c.adviceRequests.map((r) => [r.agency, longDay(r.requestedOn), longDay(r.receivedOn) || 'not yet']) },
      );
    }
    if (c.plan) {
      const p = c.plan;
      blocks.push(
        { kind: 'heading', text: 'EHC plan' },
        {
          kind: 'facts',
          rows: [
            ['Final plan issued', longDay(p.issuedOn) || 'not yet'],
            ...(p.ceaseNoticeOn ? [['Told of a decision to cease the plan', longDay(p.ceaseNoticeOn)] as [string, string]] : []),
            ...(p.ceasedOn ? [['Plan ceased', longDay(p.ceasedOn)] as [string, string]] : []),
            ...(p.transferredOutOn ? [['Plan transferred to another local authority', longDay(p.transferredOutOn)] as [string, string]] : []),
          ],
        },
      );
    }
    if (c.reviews.length) {
      blocks.push(
        { kind: 'heading', text: 'Annual reviews' },
        {
          kind: 'table',
          columns: ['Review meeting', 'Advice circulated', 'Outcome sent'],
          rows: c.reviews.map((r) => [longDay(r.meetingOn), longDay(r.adviceCirculatedOn) || '—', longDay(r.outcomeSentOn) || '—']),
        },
      );
    }
    if (c.phaseTransfer)
      blocks.push(
        { kind: 'heading', text: 'Moving to the next phase of education' },
        {
          kind: 'facts',
          rows: [
            ['Move', longDay(c.phaseTransfer.moveOn)],
            ['Review and amendments completed', longDay(c.phaseTransfer.completedOn) || 'not yet'],
          ],
        },
      );
    if (c.amendments.length)
      blocks.push(
        { kind: 'heading', text: 'Changes to the plan' },
        { kind: 'table', columns: ['Notice of proposed changes', 'Amended plan issued'], rows: c.amendments.map((a) => [longDay(a.noticeOn), longDay(a.issuedOn) || 'not yet']) },
      );
    if (c.laTransfer)
      blocks.push(
        { kind: 'heading', text: 'Moving to another local authority' },
        {
          kind: 'facts',
          rows: [
            ['Move', longDay(c.laTransfer.moveOn)],
            ['Notice of the move', longDay(c.laTransfer.noticeOn)],
            ['Plan transferred', longDay(c.laTransfer.transferredOn) || 'not yet'],
          ],
        },
      );
    if (c.mediations.length)
      blocks.push(
        { kind: 'heading', text: 'Mediation' },
        { kind: 'table', columns: ['Asked for', 'Session held'], rows: c.mediations.map((m) => [longDay(m.requestedOn), longDay(m.sessionOn) || 'not yet']) },
      );
    if (c.cmooe.length) {
      blocks.push(
        { kind: 'heading', text: 'Times recorded as missing out on education (CMOOE)' },
        {
          kind: 'table',
          columns: ['From', 'To', 'Why'],
          rows: c.cmooe.map((p) => [longDay(p.from), longDay(p.to) || 'still open', cmooeReasonLabel(p.reason)]),
        },
      );
    }
    if (c.exclusions.length)
      blocks.push(
        { kind: 'heading', text: 'Permanent exclusions' },
        { kind: 'table', columns: ['Excluded from', 'Education provided from'], rows: c.exclusions.map((e) => [longDay(e.permanentFrom), longDay(e.provisionFrom) || 'not yet']) },
      );
    return content(rest, 1, blocks);
  },
};

const notes: SarSection = {
  id: 'caseNotes',
  title: 'Notes written by staff',
  intro: 'Notes of contact and casework, as the member of staff wrote them.',
  async collect(ctx) {
    const list = ctx.case.caseNotes;
    return content(
      list,
      list.length,
      list.length
        ? [{ kind: 'table', columns: ['When it happened', 'Written', 'By', 'Note'], rows: list.map((n) => [ukMoment(n.eventAt), ukMoment(n.recordedAt), ctx.personName(n.authorId), n.text]) }]
        : [],
    );
  },
};

const summaries: SarSection = {
  id: 'cmooeSummaries',
  title: 'Fortnightly summaries while missing out on education',
  intro: 'The summaries the inclusion lead writes before each oversight meeting while a child is missing out on education.',
  async collect(ctx) {
    const list = ctx.case.cmooeSummaries;
    return content(
      list,
      list.length,
      list.flatMap((s): SarBlock[] => [
        { kind: 'heading', text: `Summary of ${longDay(s.submittedOn)}, by ${ctx.personName(s.authorId)}` },
        {
          kind: 'facts',
          rows: [
            ['Actions taken so far', s.actionsToDate],
            ['Current steps', s.currentSteps],
            ['Dates of meetings and key actions', s.keyDates],
          ],
        },
      ]),
    );
  },
};

const nominations: SarSection = {
  id: 'nominations',
  title: 'Nominations for oversight meetings',
  intro: 'When a member of staff asked for your child to be discussed at an oversight meeting, and why.',
  async collect(ctx) {
    const list = await ctx.store.listNominations({ caseId: ctx.case.id });
    return content(
      list,
      list.length,
      list.length
        ? [{ kind: 'table', columns: ['Meeting', 'Nominated on', 'By', 'Concern'], rows: list.map((n) => [ctx.seriesTitle(n.seriesId), longDay(n.madeOn), ctx.personName(n.byId), n.concern]) }]
        : [],
    );
  },
};

const selections: SarSection = {
  id: 'selections',
  title: "Chosen for discussion by a meeting's chair",
  intro: 'The meetings whose chair chose your child for discussion.',
  async collect(ctx) {
    const list = await ctx.store.listSelections({ caseId: ctx.case.id });
    return content(
      list,
      list.length,
      list.length ? [{ kind: 'table', columns: ['Meeting', 'Date', 'Chosen by'], rows: list.map((s) => [ctx.seriesTitle(s.seriesId), longDay(s.meetingOn), ctx.personName(s.byId)]) }] : [],
    );
  },
};

const actions: SarSection = {
  id: 'actions',
  title: 'Actions agreed at meetings',
  intro: 'What was agreed at meetings about your child, who was to do it and by when.',
  async collect(ctx) {
    const list = await ctx.store.listActions({ caseId: ctx.case.id });
    return content(
      list,
      list.length,
      list.length
        ? [
            {
              kind: 'table',
              columns: ['Agreed at', 'Action', 'Who', 'By', 'Done'],
              rows: list.map((a) => [
                `${ctx.seriesTitle(a.seriesId)}, ${longDay(a.meetingOn)}`,
                a.text,
                ctx.personName(a.ownerId),
                longDay(a.dueOn),
                a.closedOn ? `${longDay(a.closedOn)}${a.closedNote ? `: ${a.closedNote}` : ''}` : 'not yet',
              ]),
            },
          ]
        : [],
    );
  },
};

const audits: SarSection = {
  id: 'audits',
  title: 'Quality audits of the case file',
  intro: "Checks of the quality of your child's case file by the service's own auditors: the grade, what was found and what was to be done.",
  async collect(ctx) {
    const list = await ctx.store.listAudits({ caseId: ctx.case.id });
    return content(
      list,
      list.length,
      list.length
        ? [
            {
              kind: 'table',
              columns: ['Audit', 'By', 'Assigned', 'Completed', 'Grade', 'Findings', 'Actions'],
              rows: list.map((a) => [
                AUDIT_TYPE_LABELS[a.type],
                ctx.personName(a.auditorId),
                longDay(a.assignedOn),
                a.completedOn ? longDay(a.completedOn) : 'not yet',
                a.completedOn && a.grade ? GRADE_LABELS[a.grade] : '',
                a.completedOn ? (a.summary ?? '') : '',
                a.actions.map((x) => `${x.text} (${ctx.personName(x.ownerId)}, by ${longDay(x.dueOn)})`).join('; '),
              ]),
            },
          ]
        : [],
    );
  },
};

const STATUS_WORDS: Record<string, string> = {
  met: 'done on time',
  'met-late': 'done late',
  overdue: 'overdue',
  'due-soon': 'due soon',
  upcoming: 'not yet due',
  missed: 'missed (the meeting went ahead without it)',
  excepted: 'exceptional circumstances recorded',
  ok: 'kept',
  breached: 'not kept',
};

const obligations: SarSection = {
  id: 'obligations',
  title: 'Timescales the service keeps, and whether they were met',
  intro: 'Each legal or local timescale that applies to your child, past and present: when it was due, why, and when it was done.',
  async collect(ctx) {
    const list = [...obligationsOfCase(ctx.case, ctx.rules), ...obligationsOfActions(await ctx.store.listActions({ caseId: ctx.case.id }), ctx.rules)].sort(compareObligations);
    const dateOf = (d: string | null) => (d === null ? '' : d.length > 10 ? ukMoment(d) : longDay(d));
    return content(
      list.map((o) => ({ ...toObligationJson(o), what: obligationLabel(o), owner: o.ownerId ? ctx.personName(o.ownerId) : null })),
      list.length,
      list.length
        ? [
            {
              kind: 'table',
              columns: ['What', 'Due', 'Why then', 'Status', 'Done on', 'Standard'],
              rows: list.map((o) => [obligationLabel(o), dateOf(o.due), o.basis, STATUS_WORDS[o.status] ?? o.status, dateOf(o.completedOn), o.citation]),
            },
          ]
        : [],
    );
  },
};

/** The CMOOE meetings the child was on the agenda of (nominated or chosen for it, or an action agreed
 * there), each rebuilt from the records, with the child's own item only: other children are not shown. */
const agendas: SarSection = {
  id: 'agendas',
  title: 'Meeting agendas your child was on',
  intro: "Your child's part of each oversight meeting's agenda, as it is rebuilt from the records. The rest of each agenda is about other children and is not included.",
  async collect(ctx) {
    const cmooeSeries = ctx.series.filter((s) => s.id !== WEEKLY_SERIES_ID);
    const meetings = new Map<string, { seriesId: string; meetingOn: string }>();
    const add = (seriesId: string, meetingOn: string) => {
      if (cmooeSeries.some((s) => s.id === seriesId)) meetings.set(`${seriesId}|${meetingOn}`, { seriesId, meetingOn });
    };
    for (const n of await ctx.store.listNominations({ caseId: ctx.case.id })) {
      const series = cmooeSeries.find((s) => s.id === n.seriesId);
      if (series) add(n.seriesId, fromDay(meetingForNomination(scheduleOf(series), toDay(n.madeOn), ctx.policy.parameters.nominationCutoffDays)));
    }
    for (const s of await ctx.store.listSelections({ caseId: ctx.case.id })) add(s.seriesId, s.meetingOn);
    for (const a of await ctx.store.listActions({ caseId: ctx.case.id })) add(a.seriesId, a.meetingOn);
    const json: unknown[] = [];
    const blocks: SarBlock[] = [];
    for (const m of [...meetings.values()].sort((a, b) => (a.meetingOn < b.meetingOn ? -1 : a.meetingOn > b.meetingOn ? 1 : a.seriesId < b.seriesId ? -1 : 1))) {
      const built = await buildAgenda(ctx.store, { kind: 'cmooe', seriesId: m.seriesId, meetingOn: m.meetingOn });
      if (built.kind !== 'cmooe') continue;
      const item = built.agenda.items.find((i) => i.caseId === ctx.case.id) ?? null;
      const carried = built.agenda.openActions.filter((a) => a.caseId === ctx.case.id);
      if (item === null && carried.length === 0) continue;
      json.push({ seriesId: m.seriesId, meetingOn: m.meetingOn, item, carriedActions: carried });
      blocks.push({ kind: 'heading', text: `${ctx.seriesTitle(m.seriesId)}, ${longDay(m.meetingOn)}` });
      if (item !== null) {
        const rows: Array<[string, string]> = [
          ['Why on the agenda', item.reasons.map((r) => (r === 'nominated' ? 'nominated by staff' : 'chosen by the chair')).join(' and ')],
          [
            'Missing out on education',
            item.cmooeReason ? `${cmooeReasonLabel(item.cmooeReason)} since ${longDay(item.cmooeSince)}; ${item.schoolDaysMissing} school days by the meeting` : 'not at the time of the meeting',
          ],
        ];
        for (const n of item.nominations) rows.push([`Nominated on ${longDay(n.madeOn)} by ${ctx.personName(n.byId)}`, n.concern]);
        if (item.latestSummary) rows.push([`Summary of ${longDay(item.latestSummary.submittedOn)}`, `${item.latestSummary.actionsToDate} ${item.latestSummary.currentSteps}`.trim()]);
        if (item.exclusionProvision) rows.push(['Education after the exclusion', `due from ${longDay(item.exclusionProvision.provisionDueOn)} (${item.exclusionProvision.basis})`]);
        for (const a of item.openActions) rows.push([`Open action for ${ctx.personName(a.ownerId)}, by ${longDay(a.dueOn)}`, a.text]);
        blocks.push({ kind: 'facts', rows });
      }
      for (const a of carried) blocks.push({ kind: 'facts', rows: [[`Open action agreed on ${longDay(a.agreedOn)} for ${ctx.personName(a.ownerId)}, by ${longDay(a.dueOn)}`, a.text]] });
    }
    return content(json, json.length, blocks);
  },
};

const accessRecord: SarSection = {
  id: 'accessRecord',
  title: "Who has looked at your child's record",
  intro: "Every time a member of staff was shown your child's details (the case page, lists with names, exports, meeting papers), when, and why they were allowed to see them.",
  async collect(ctx) {
    const list = (await ctx.store.listAccess({ caseId: ctx.case.id, limit: 100_000 })).reverse();
    const via = (v: string) => (isAccessVia(v) ? ACCESS_VIA[v].label : v);
    return content(
      list.map(({ id: _id, ...e }) => ({ ...e, person: ctx.personName(e.personId) })),
      list.length,
      list.length
        ? [
            {
              kind: 'table',
              columns: ['When', 'Who', 'How', 'Why they could see it'],
              rows: list.map((e) => [ukMoment(e.at), ctx.personName(e.personId), via(e.via), ACCESS_REASON_LABELS[e.reason] ?? e.reason]),
            },
          ]
        : [],
    );
  },
};

/** The sections of every subject access export, in order. Add new kinds of record here. */
export const SAR_SECTIONS: readonly SarSection[] = [record, notes, summaries, nominations, selections, actions, audits, obligations, agendas, accessRecord];
