// The audit programme as data (docs/rules.md section 8; QA §3, §5, §6): for each audit type, how often it
// is drawn, the sample, where it is drawn from and who audits it; its criteria and the grade
// descriptors; moderation. A council changes its grade descriptors, criteria or sample sizes by editing
// a JSON file (qa/dorset.json ships, SEND_QA_FILE names a council's own), validated here with every
// problem by its path. DORSET_PROGRAMME holds the same values as qa/dorset.json (a test keeps them equal).
// Pure: no I/O.
import { z } from 'zod';
import { AUDIT_GRADES, AUDIT_TYPES, ROLES, type AuditType, type Role } from '../model.js';

/** Where a type's sample is drawn from (the rule book's "sampled from" column, docs/rules.md section 8):
 * - assessment-outcome: assessments whose final plan was issued, or whose not-issuing notice was sent,
 *   in the window;
 * - advice-received: advice of the type's agencies received in the window;
 * - plan-issued: final plans issued in the window;
 * - review-held: review meetings held in the window (on or before the run's day);
 * - social-care: children in care, or whose lead professional is a social worker (known to social
 *   care), with a plan not ceased or transferred; no window;
 * - panel-decision: decisions whether to assess made in the window;
 * - by-hand: not drawn; a QA officer chooses the case (dip sample, thematic). */
export const POPULATIONS = ['assessment-outcome', 'advice-received', 'plan-issued', 'review-held', 'social-care', 'panel-decision', 'by-hand'] as const;
export type Population = (typeof POPULATIONS)[number];

/** The facts of the case the audit form shows beside the criteria. */
export const FACT_GROUPS = ['assessment', 'advice', 'plan', 'reviews', 'timeliness', 'cmooe', 'notes'] as const;
export type FactGroup = (typeof FACT_GROUPS)[number];

const text = z.string().trim().min(1, { error: 'must not be empty' });
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, { error: 'must be lower-case letters, digits and dashes (up to 60), e.g. "views-recorded"' });
const month = z
  .number()
  .int({ error: 'a month is a whole number, 1 (January) to 12 (December)' })
  .min(1, { error: 'a month is 1 (January) to 12 (December)' })
  .max(12, { error: 'a month is 1 (January) to 12 (December)' });
const role = z.enum(ROLES);

export const criterionSpecSchema = z.strictObject({
  id: slug,
  /** What the auditor judges, in the framework's words. */
  text,
  /** Where it comes from ("QA §3 Practice Standards"). */
  source: text,
});

export const sampleSpecSchema = z.strictObject({
  count: z.number().int().min(1, { error: 'a sample draws at least 1' }).max(200),
  /** Per locality of the service, or for the service as a whole. */
  per: z.enum(['locality', 'service']),
  /** The auditor's role for these draws. */
  auditorRole: role,
});

export const typeSpecSchema = z.strictObject({
  title: text,
  /** "monthly", "termly", "every 6 months", "as required": shown beside the type. */
  frequency: text,
  /** The months (1-12) in which a run draws this type; none: drawn by hand only. */
  months: z.array(month).refine((m) => new Set(m).size === m.length, { error: 'a month is listed twice' }),
  /** How many calendar months before the run's month the sample is drawn from (QA: "the previous 2 months"). */
  windowMonths: z.number().int().min(1).max(12),
  from: z.enum(POPULATIONS),
  /** For advice audits: the agencies (adviceRequests[].agency, lower case) whose advice is sampled. */
  agencies: z
    .array(text)
    .optional()
    .transform((v) => v ?? []),
  sample: z.array(sampleSpecSchema),
  /** Who may audit it when chosen by hand, and who may be given it by a run (the sample's roles). */
  auditorRoles: z.array(role).min(1, { error: 'name at least one role that audits it' }),
  criteria: z.array(criterionSpecSchema).min(1, { error: 'an audit type needs at least one criterion' }),
  facts: z.array(z.enum(FACT_GROUPS)),
  source: text,
});

export const programmeSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'must be lower-case letters, digits and dashes (up to 40)' }),
  title: text,
  /** QA §3: at least this share (percent) of audits Good or better. */
  targetPercent: z.number().int().min(1).max(100),
  /** A case audited in this many months before a run is drawn again only when no other is eligible. */
  recentMonths: z.number().int().min(0).max(36),
  /** The grade descriptors (QA §3: "detailed grade descriptors"). */
  grades: z.strictObject(Object.fromEntries(AUDIT_GRADES.map((g) => [g, text])) as Record<(typeof AUDIT_GRADES)[number], typeof text>),
  types: z.strictObject(Object.fromEntries(AUDIT_TYPES.map((t) => [t, typeSpecSchema])) as Record<AuditType, typeof typeSpecSchema>),
  moderation: z.strictObject({
    /** The months (1-12) in which the previous quarter's completed audits are sampled for moderation. */
    months: z.array(month),
    /** The share of each type's completed audits moderated (at least minimumPerType). */
    share: z.number().min(0).max(1),
    minimumPerType: z.number().int().min(0).max(50),
    /** Types moderated in full (panel decision standardisation, QA §5). */
    allOf: z.array(z.enum(AUDIT_TYPES)),
    moderatorRoles: z.array(role).min(1),
    /** Share (percent) of moderated audits whose two grades agree, by type ("panel-decision": 90, QA §5). */
    agreementTargets: z
      .partialRecord(z.enum(AUDIT_TYPES), z.number().int().min(1).max(100))
      .optional()
      .transform((v) => v ?? {}),
  }),
  /** Themes of the learning summary (QA §4): words looked for in the auditors' comments. */
  themes: z.array(z.strictObject({ id: slug, title: text, words: z.array(text).min(1) })),
});

export type CriterionSpec = z.output<typeof criterionSpecSchema>;
export type SampleSpec = z.output<typeof sampleSpecSchema>;
export type TypeSpec = z.output<typeof typeSpecSchema>;
export type Programme = z.output<typeof programmeSchema>;

export interface ProgrammeProblem {
  readonly path: string;
  readonly message: string;
}

export class ProgrammeInvalidError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ProgrammeProblem[],
  ) {
    super(`the audit programme ${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` + problems.map((p) => `  ${p.path || '(the file)'}: ${p.message}`).join('\n'));
    this.name = 'ProgrammeInvalidError';
  }
}

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : (out ? '.' : '') + String(key);
  return out;
}

/** Check a programme's JSON: every problem at once, each by its path; then what a schema cannot see
 * (a criterion id twice in a type; a sample's role not among the type's auditor roles). */
export function parseProgramme(input: unknown): { ok: true; programme: Programme } | { ok: false; problems: ProgrammeProblem[] } {
  const parsed = programmeSchema.safeParse(input);
  if (!parsed.success) {
    const problems: ProgrammeProblem[] = [];
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') for (const key of issue.keys) problems.push({ path: pathOf([...issue.path, key]), message: 'unknown field' });
      else if (issue.code === 'invalid_type' && issue.path.length === 0) problems.push({ path: '', message: 'an audit programme is a JSON object' });
      else problems.push({ path: pathOf(issue.path), message: issue.message });
    }
    return { ok: false, problems };
  }
  const problems: ProgrammeProblem[] = [];
  for (const t of AUDIT_TYPES) {
    const spec = parsed.data.types[t];
    const seen = new Set<string>();
    spec.criteria.forEach((c, i) => {
      if (seen.has(c.id)) problems.push({ path: `types.${t}.criteria[${i}].id`, message: `"${c.id}" is listed twice` });
      seen.add(c.id);
    });
    spec.sample.forEach((s, i) => {
      if (!spec.auditorRoles.includes(s.auditorRole)) problems.push({ path: `types.${t}.sample[${i}].auditorRole`, message: `"${s.auditorRole}" is not one of the type's auditorRoles` });
    });
    if (spec.from === 'by-hand' && (spec.months.length > 0 || spec.sample.length > 0)) problems.push({ path: `types.${t}.from`, message: 'a type chosen by hand has no months and no sample' });
    if (spec.from !== 'by-hand' && spec.months.length > 0 && spec.sample.length === 0) problems.push({ path: `types.${t}.sample`, message: 'a type drawn by the programme needs a sample' });
    if (spec.from === 'advice-received' && spec.agencies.length === 0) problems.push({ path: `types.${t}.agencies`, message: 'an advice audit names the agencies whose advice it samples' });
  }
  return problems.length ? { ok: false, problems } : { ok: true, programme: parsed.data };
}

export function readProgramme(input: unknown, source: string): Programme {
  const result = parseProgramme(input);
  if (!result.ok) throw new ProgrammeInvalidError(source, result.problems);
  return result.programme;
}

// ---- Dorset: the framework as written ----------------------------------------------------------

const PS = 'QA §3 Practice Standards';
/** QA §3's Dorset Council SEND Practice Standards, "used throughout the audit process". */
const PRACTICE_STANDARDS: CriterionSpec[] = [
  {
    id: 'views-recorded',
    source: PS,
    text: 'The plan clearly records the views, interests and aspirations of the child or young person, their parents and carers; these are fully represented within the plan and inform its outcomes.',
  },
  { id: 'smart-outcomes', source: PS, text: 'The plan is clear, concise, understandable and accessible; outcomes are SMART, aspirational and person centred, and prior attainment is identified.' },
  { id: 'holistic', source: PS, text: 'The plan is holistic: all agencies involved have contributed within timescales; outcomes include what is important to and for the child or young person.' },
  { id: 'needs-not-diagnosis', source: PS, text: 'The plan focuses on individual special educational needs, not medical diagnosis.' },
  { id: 'strengths', source: PS, text: 'The plan highlights strengths and capabilities as well as the need for support or intervention.' },
  {
    id: 'provision-specified',
    source: PS,
    text: 'The plan specifies the provision required and how education, health and care will work together to meet needs and achieve the outcomes, including transition planning.',
  },
];

const AR = 'QA §5 EHC plan review audit';
const REVIEW_CRITERIA: CriterionSpec[] = [
  { id: 'consulted', source: AR, text: 'The child or young person and their parent or carer were consulted about the EHC plan, and their views, wishes and feelings considered.' },
  { id: 'outcomes-reviewed', source: AR, text: "The plan's outcomes were reviewed." },
  { id: 'new-advice', source: AR, text: 'Any new professional advice or change in special educational needs was identified.' },
  { id: 'preparing-for-adulthood', source: AR, text: 'The review considered independence and preparation for adulthood.' },
  { id: 'next-stage', source: AR, text: 'The review planned for the next stage of education.' },
  { id: 'decision-4-weeks', source: AR, text: 'The family was notified of the decision to maintain, amend or cease the plan within four weeks of the meeting (PS 7.9).' },
];

const NA = 'QA §5 EHC needs assessment audit; Ofsted area SEND framework (QA §3)';
const ASSESSMENT_CRITERIA: CriterionSpec[] = [
  { id: 'needs-identified', source: NA, text: "The child or young person's needs were identified accurately and assessed in a timely and effective way." },
  { id: 'decision-6-weeks', source: NA, text: 'The decision whether to assess was made within 6 weeks of the request (PS 5.3).' },
  { id: 'outcome-in-time', source: NA, text: 'The final plan was issued within 20 weeks, or the family told within 16 weeks that no plan would be issued (PS 5.16, 5.18).' },
  { id: 'family-participation', source: NA, text: 'The child or young person and their family participated in decision-making about the assessment.' },
  { id: 'advice-coordinated', source: NA, text: 'Advice from education, health and social care was sought and coordinated (a coordinated assessment for complex needs).' },
];

const SA = 'QA §5 statutory advice audit';
const adviceCriteria = (who: string): CriterionSpec[] => [
  { id: 'advice-on-time', source: SA, text: `The ${who} advice was provided within 6 weeks of the request (PS 5.17).` },
  { id: 'advice-compliant', source: SA, text: `The ${who} advice is compliant: it describes needs, the outcomes sought and the provision required to meet them.` },
  { id: 'advice-child-views', source: SA, text: `The ${who} advice takes account of the views, wishes and aspirations of the child or young person and their family.` },
  { id: 'advice-quality', source: SA, text: `The ${who} advice is clear, specific and quantified, so that it can inform a good quality EHC plan.` },
];

const CS = 'QA §5 Child case audits';
const CASE_CRITERIA: CriterionSpec[] = [
  { id: 'case-timeliness', source: CS, text: 'Case practice is of good quality and timely for the child or young person.' },
  { id: 'case-views', source: CS, text: 'The views, wishes and feelings of the child or young person and their parent or carer are considered.' },
  { id: 'case-independence', source: CS, text: 'Case work considers how skills for independence and preparation for adulthood are being built.' },
  { id: 'case-progress', source: CS, text: 'The child or young person is making progress towards their outcomes.' },
  { id: 'case-lived-experience', source: CS, text: 'The child or young person has a positive lived experience; where not, appropriate steps are being taken.' },
  { id: 'case-full-time-education', source: CS, text: 'The child or young person is accessing appropriate full-time education; where not, appropriate steps are being taken.' },
];

const PD = 'QA §5 SEND panel decision standardisation';
const PANEL_CRITERIA: CriterionSpec[] = [
  { id: 'panel-views', source: PD, text: 'The decision took the views of the child or young person and their family into account.' },
  { id: 'panel-needs', source: PD, text: 'The decision meets the special educational needs of the child or young person.' },
  { id: 'panel-legislation', source: PD, text: 'The decision meets the requirements of legislation and the Scheme of Delegation.' },
  { id: 'panel-consistency', source: PD, text: 'The decision is consistent with decisions in other localities.' },
];

const DIP = 'QA §5 Thematic and dip sample audits';
const GENERAL_CRITERIA: CriterionSpec[] = [
  { id: 'standards-met', source: DIP, text: 'Practice on the case meets the Practice Standards and statutory timescales.' },
  { id: 'child-views', source: DIP, text: "The child's and family's views are recorded and inform the work." },
  { id: 'recording', source: DIP, text: 'Casework is recorded within 48 hours and the record is clear (PS 11.2).' },
  { id: 'theme-focus', source: DIP, text: 'The identified theme or vulnerability is addressed in the work with the child or young person.' },
];

const termly = [9, 1, 4];
const sixMonthly = [9, 3];
const everyMonth = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const twoPerLocality = (auditorRole: Role) => [{ count: 2, per: 'locality' as const, auditorRole }];
const advice = (title: string, frequency: string, months: number[], agencies: string[], who: string): TypeSpec => ({
  title,
  frequency,
  months,
  windowMonths: 2,
  from: 'advice-received',
  agencies,
  sample: twoPerLocality('qa-officer'),
  auditorRoles: ['qa-officer'],
  criteria: adviceCriteria(who),
  facts: ['advice', 'assessment', 'timeliness'],
  source: 'QA §5 (2 for each locality; advice provided in the previous 2 months), §6 timetable',
});

/** Dorset: QA §3, §5 and §6 as docs/rules.md section 8 reads them. */
export const DORSET_PROGRAMME: Programme = {
  name: 'dorset',
  title: 'Dorset SEND Quality Assurance and Practice Improvement Framework',
  targetPercent: 80,
  recentMonths: 6,
  grades: {
    outstanding: 'Every criterion is met, and practice goes beyond the standard: the child is at the centre of a plan that is aspirational, timely and shows a clear impact on their outcomes.',
    good: 'The criteria are met, with at most minor points partly met that do not affect the child: the work is compliant, timely and person centred.',
    'requires-improvement': 'Several criteria are only partly met, or one is not met: the work is not yet good, and the actions set out what must change.',
    inadequate:
      'Criteria are not met, so that the child is not well served (needs not identified, timescales missed, views absent): actions are needed now and the case is an exception for the monthly management meeting.',
  },
  types: {
    ehcna: {
      title: 'EHC needs assessment',
      frequency: 'every 6 months',
      months: sixMonthly,
      windowMonths: 2,
      from: 'assessment-outcome',
      agencies: [],
      sample: twoPerLocality('qa-officer'),
      auditorRoles: ['qa-officer'],
      criteria: ASSESSMENT_CRITERIA,
      facts: ['assessment', 'advice', 'timeliness', 'notes'],
      source: 'QA §5 (12 audits: 2 for each locality; completed within the previous 2 months), §6 timetable',
    },
    'advice-ep': advice('Statutory advice: educational psychology', 'termly', termly, ['educational-psychology', 'ep', 'educational psychologist'], 'educational psychology'),
    'advice-health': advice('Statutory advice: health', 'termly', termly, ['health'], 'health'),
    'advice-social-care': advice('Statutory advice: social care', 'termly', termly, ['social-care', 'social care'], 'social care'),
    'advice-school': advice('Statutory advice: school', 'every 6 months', sixMonthly, ['school', 'setting', 'education'], 'school'),
    ehcp: {
      title: 'EHC plan',
      frequency: 'monthly',
      months: everyMonth,
      windowMonths: 2,
      from: 'plan-issued',
      agencies: [],
      sample: [
        { count: 1, per: 'locality', auditorRole: 'team-manager' },
        { count: 1, per: 'locality', auditorRole: 'provision-lead' },
      ],
      auditorRoles: ['team-manager', 'provision-lead'],
      criteria: PRACTICE_STANDARDS,
      facts: ['plan', 'assessment', 'advice', 'timeliness', 'notes'],
      source: 'QA §5 (a team manager audit and a provision lead learning audit for each locality; plans finalised in the previous 2 months), §6 timetable',
    },
    'annual-review': {
      title: 'EHC plan review',
      frequency: 'termly',
      months: termly,
      windowMonths: 2,
      from: 'review-held',
      agencies: [],
      sample: twoPerLocality('team-manager'),
      auditorRoles: ['team-manager', 'qa-officer'],
      criteria: [...PRACTICE_STANDARDS, ...REVIEW_CRITERIA],
      facts: ['reviews', 'plan', 'timeliness', 'notes'],
      source: 'QA §5 (12 audits: 2 for each locality; reviews completed in the previous 2 months), §6 timetable',
    },
    'cs-case': {
      title: "Children's services case",
      frequency: 'monthly',
      months: everyMonth,
      windowMonths: 2,
      from: 'social-care',
      agencies: [],
      sample: [{ count: 14, per: 'service', auditorRole: 'qa-officer' }],
      auditorRoles: ['qa-officer'],
      criteria: CASE_CRITERIA,
      facts: ['plan', 'reviews', 'cmooe', 'timeliness', 'notes'],
      source: "QA §5 (14 cases known to Children's Social Care with SEND), §6 timetable",
    },
    'dip-sample': {
      title: 'Dip sample',
      frequency: 'as required',
      months: [],
      windowMonths: 2,
      from: 'by-hand',
      agencies: [],
      sample: [],
      auditorRoles: ['qa-officer', 'team-manager', 'provision-lead'],
      criteria: GENERAL_CRITERIA,
      facts: ['assessment', 'plan', 'reviews', 'timeliness', 'cmooe', 'notes'],
      source: 'QA §5, §6 (as required)',
    },
    thematic: {
      title: 'Thematic audit',
      frequency: 'as required',
      months: [],
      windowMonths: 2,
      from: 'by-hand',
      agencies: [],
      sample: [],
      auditorRoles: ['qa-officer', 'team-manager', 'provision-lead'],
      criteria: GENERAL_CRITERIA,
      facts: ['assessment', 'plan', 'reviews', 'timeliness', 'cmooe', 'notes'],
      source: 'QA §5, §6 (as required)',
    },
    'panel-decision': {
      title: 'Panel decision standardisation',
      frequency: 'termly',
      months: termly,
      windowMonths: 2,
      from: 'panel-decision',
      agencies: [],
      sample: [{ count: 6, per: 'service', auditorRole: 'qa-officer' }],
      auditorRoles: ['qa-officer'],
      criteria: PANEL_CRITERIA,
      facts: ['assessment', 'advice', 'timeliness'],
      source: 'QA §5 (6 panel decisions moderated by panel chairs and key stakeholders), §6 timetable (termly)',
    },
  },
  moderation: {
    months: [1, 4, 7, 10],
    share: 0.25,
    minimumPerType: 1,
    allOf: ['panel-decision'],
    moderatorRoles: ['qa-officer', 'team-manager'],
    agreementTargets: { 'panel-decision': 90 },
  },
  themes: [
    { id: 'voice', title: "The child's and family's voice", words: ['views', 'voice', 'wishes', 'aspirations', 'family', 'parent', 'consulted'] },
    { id: 'outcomes', title: 'SMART outcomes', words: ['outcome', 'outcomes', 'smart', 'measurable', 'specific'] },
    { id: 'timeliness', title: 'Timeliness', words: ['late', 'timescale', 'timescales', 'delay', 'delayed', 'weeks', 'overdue'] },
    { id: 'multi-agency', title: 'Contributions from every agency', words: ['health', 'social care', 'agency', 'agencies', 'advice', 'contribution'] },
    { id: 'provision', title: 'Provision specified and quantified', words: ['provision', 'quantified', 'hours', 'support'] },
    { id: 'adulthood', title: 'Preparing for adulthood and transition', words: ['adulthood', 'independence', 'transition', 'next stage', 'post-16'] },
    { id: 'recording', title: 'Recording', words: ['recorded', 'recording', 'case note', 'notes', 'chronology'] },
  ],
};
