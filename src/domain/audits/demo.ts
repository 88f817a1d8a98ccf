// The demo service's audit history (docs/rules.md section 8): the programme run on the first working day
// of each of the last twelve months, as the product would have run it, each audit completed a few days
// to a few weeks later with a grade (about four in five Good or better, the framework's target), its
// criteria judged to match, actions for the weaker ones, and the quarter's moderation; this month's
// run open, some audits begun as drafts. Deterministic: the random numbers come from the demo's own
// generator (after everything else is made, so no other date of a seed's file changes).
import type { Calendar } from '../calendar/index.js';
import { addMonths, civilFromDay, dayFromCivil, fromDay, type Day } from '../dates.js';
import { AUDIT_SERIES_ID, type Action, type Audit, type AuditGrade, type CaseFile, type Judgement } from '../model.js';
import { actionOwners } from './complete.js';
import { auditByHand, planRun } from './plan.js';
import { DORSET_PROGRAMME } from './programme.js';
import { gradeNeedsAction } from './types.js';

const COMMENTS: Record<Exclude<Judgement, 'met'>, readonly string[]> = {
  partly: [
    "The child's views are recorded but do not yet inform the outcomes.",
    'Outcomes are not all SMART: two are not measurable.',
    'Health advice arrived late, after the 6 weeks.',
    'Provision is described but not quantified (hours of support).',
    'Transition to the next stage is mentioned but not planned.',
    'Case notes are recorded but the chronology has gaps.',
  ],
  'not-met': [
    'No record that the family was consulted about the plan.',
    'The decision was notified after the 4 weeks (timescale missed).',
    'Social care advice was never received; no agency contribution recorded.',
    'Preparing for adulthood is not considered although the young person is in Year 10.',
    'Outcomes describe provision, not what the child will achieve.',
  ],
};

const FINDINGS = [
  'A clear, person-centred plan; the family recognised their child in it.',
  'Good multi-agency work; timescales mostly met.',
  'The voice of the child is strong; outcomes need to be more specific.',
  'Timescales slipped while advice was awaited; the plan itself is sound.',
  'Recording is thin: the case notes do not show the work done.',
] as const;

const ACTION_TEXTS = [
  'Meet the family to record their views and review the outcomes',
  'Rewrite the outcomes so that each is specific and measurable',
  'Chase the outstanding advice and update the plan',
  'Quantify the provision in section F',
  'Add a transition plan for the next phase',
] as const;

/** Grades with the framework's target in mind: about 80 % Good or better. */
function pickGrade(r: number): AuditGrade {
  if (r < 0.14) return 'outstanding';
  if (r < 0.8) return 'good';
  if (r < 0.95) return 'requires-improvement';
  return 'inadequate';
}

function workingDayOnOrAfter(calendar: Calendar, day: Day): Day {
  let d = day;
  while (!calendar.isWorkingDay(d)) d += 1;
  return d;
}

/** The audit history of a demo file (the file is not changed); the audit actions go with it. */
export function demoAudits(file: CaseFile, today: Day, random: () => number, calendar: Calendar): { audits: Audit[]; actions: Action[] } {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const casesById = new Map(file.cases.map((c) => [c.id, c]));
  const audits: Audit[] = [];
  const actions: Action[] = [];
  const { year, month } = civilFromDay(today);
  const thisMonth = dayFromCivil(year, month, 1);
  for (let k = 12; k >= 0; k -= 1) {
    const planDay = workingDayOnOrAfter(calendar, addMonths(thisMonth, -k));
    if (planDay > today) continue;
    const plan = planRun({ cases: file.cases, people: file.people, audits }, { on: fromDay(planDay), programme: DORSET_PROGRAMME, calendar });
    for (const m of plan.moderation) {
      const i = audits.findIndex((a) => a.id === m.auditId);
      const a = audits[i]!;
      const on = planDay + int(4, 25);
      // The moderator mostly agrees (QA §5: 90 % of panel decisions agreed); one in six grades differently.
      const agree = random() < 0.84;
      const grade: AuditGrade = agree ? a.grade! : a.grade === 'good' ? pick(['outstanding', 'requires-improvement'] as const) : 'good';
      audits[i] = { ...a, moderation: { moderatorId: m.moderatorId, assignedOn: fromDay(planDay), grade: on <= today ? grade : null, on: on <= today ? fromDay(on) : null, comment: null } };
    }
    for (const d of plan.draws) {
      const c = casesById.get(d.audit.caseId)!;
      const spec = DORSET_PROGRAMME.types[d.audit.type];
      const done = planDay + int(3, 32);
      if (done > today) {
        // Open: some begun (a draft with the first few criteria judged).
        const begun = random() < 0.4 ? int(1, Math.max(1, spec.criteria.length - 1)) : 0;
        audits.push({ ...d.audit, criteria: d.audit.criteria.map((x, j) => (j < begun ? { ...x, judgement: 'met' as const } : x)) });
        continue;
      }
      const grade = pickGrade(random());
      const weak = grade === 'outstanding' ? 0 : grade === 'good' ? int(0, 1) : grade === 'requires-improvement' ? int(2, 3) : int(3, 4);
      const judged = spec.criteria.map((x, j) => {
        if (j >= weak) return { id: x.id, judgement: 'met' as Judgement, comment: null };
        const judgement: Judgement = grade === 'inadequate' || (grade === 'requires-improvement' && j === 0) ? 'not-met' : 'partly';
        return { id: x.id, judgement, comment: pick(COMMENTS[judgement === 'not-met' ? 'not-met' : 'partly']) };
      });
      // Weak criteria first in the list above; put them back in a varied place.
      const shift = int(0, spec.criteria.length - 1);
      const criteria = spec.criteria.map((x, j) => ({ ...judged[(j + shift) % judged.length]!, id: x.id }));
      const completedOn = fromDay(Math.min(done, today));
      const owners = actionOwners(c, file.people);
      const raised =
        gradeNeedsAction(grade) && owners.length > 0
          ? Array.from({ length: grade === 'inadequate' ? 2 : 1 }, (_, n) => ({
              id: `${d.audit.id}-A${n + 1}`,
              criterionId: criteria.find((x) => x.judgement !== 'met')?.id ?? null,
              text: pick(ACTION_TEXTS),
              ownerId: owners[n % owners.length]!.id,
              dueOn: fromDay(Math.min(done, today) + int(14, 42)),
            }))
          : [];
      audits.push({ ...d.audit, criteria, grade, completedOn, summary: pick(FINDINGS), actions: raised });
      for (const x of raised) {
        const closed = Math.min(done, today) + int(7, 50);
        actions.push({
          id: x.id,
          seriesId: AUDIT_SERIES_ID,
          meetingOn: completedOn,
          caseId: c.id,
          text: x.text,
          ownerId: x.ownerId,
          dueOn: x.dueOn,
          closedOn: closed <= today ? fromDay(closed) : null,
          closedNote: closed <= today ? 'Done: see the case notes.' : null,
        });
      }
    }
  }
  // The demo's team manager (Adele Vance, p3) has an audit to do this month, so that the tab shows one:
  // a dip sample of a case of another team, chosen by hand, if the run gave her none.
  const adele = file.people.find((p) => p.id === 'p3');
  if (adele !== undefined && !audits.some((a) => a.completedOn === null && a.auditorId === adele.id)) {
    const open = new Set(audits.filter((a) => a.completedOn === null).map((a) => a.caseId));
    const c = file.cases.find((x) => x.team !== adele.team && x.plan?.issuedOn && !open.has(x.id) && x.leadProfessionalId !== null);
    const on = workingDayOnOrAfter(calendar, thisMonth);
    if (c !== undefined && on <= today) {
      audits.push(
        auditByHand({
          id: `Q-${fromDay(thisMonth).slice(0, 7)}-dip-sample-1`,
          type: 'dip-sample',
          caseId: c.id,
          auditorId: adele.id,
          auditorRole: 'team-manager',
          on: fromDay(on),
          reason: 'chosen by the QA officer: a dip sample of plans issued this year',
          programme: DORSET_PROGRAMME,
        }),
      );
    }
  }
  return { audits, actions };
}
