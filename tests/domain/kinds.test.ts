// The table of kinds (src/domain/kinds.ts): every decision the product makes per kind, checked against
// the rule book (docs/rules.md sections 3, 5, 6, 9 and 10), and a property: under both shipped profiles,
// every kind's obligations carry a non-empty citation and basis (where the due date comes from).
// The compiler's side (an entry without a rule, a rule without an entry) is in kinds.types.ts.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fromDay, toDay } from '../../src/domain/dates.js';
import { generateDemo } from '../../src/domain/demo.js';
import { FIGURE_KINDS, KINDS, obligationLabel, rulesFor } from '../../src/domain/kinds.js';
import { FIGURE_NAMES, PERSON_FIGURES } from '../../src/domain/measures.js';
import { actionSchema, caseFileSchema, caseSchema, supervisionSchema, type CaseFile } from '../../src/domain/model.js';
import { OBLIGATION_KINDS, PROFILE_KINDS, STATUSES, type Obligation, type ObligationKind } from '../../src/domain/obligation.js';
import { computeObligations, ruleContext } from '../../src/domain/obligations.js';
import { DORSET } from '../../src/domain/policy.js';
import { lineAction, sectionOf } from '../../src/domain/reminders.js';
import { botCommandFor } from '../../src/services/dashboard.js';
import { DURHAM } from './rules/fixtures.js';

describe('one entry per kind', () => {
  it('the table lists exactly the kinds, in their order', () => {
    expect(Object.keys(KINDS)).toEqual([...OBLIGATION_KINDS]);
  });

  it("a profile's own kinds apply only when the profile switches them on; Durham switches on all three", () => {
    for (const k of OBLIGATION_KINDS) expect(KINDS[k].appliesUnder === 'every profile').toBe(!(PROFILE_KINDS as readonly string[]).includes(k));
    expect(rulesFor(DORSET).kinds).toEqual(OBLIGATION_KINDS.filter((k) => !(PROFILE_KINDS as readonly string[]).includes(k)));
    expect(rulesFor(DURHAM).kinds).toEqual([...OBLIGATION_KINDS]);
  });
});

// [kind, digest section, what a card line offers, dashboard figures, bot command for case C-1 / person p5]
// from the rule book: sections 3 (owners), 5 (actions), 6 (figures) and 10 (reminders).
const TABLE: ReadonlyArray<[ObligationKind, string, string, readonly string[], string]> = [
  ['assessment-decision', 'casework', 'tab', ['decisionsWithin6Weeks'], 'case C-1'],
  ['not-issuing-notice', 'casework', 'done', [], 'case C-1'],
  ['final-plan', 'casework', 'done', ['ehcpWithin20Weeks', 'ehcpExcepted'], 'case C-1'],
  ['agency-advice', 'casework', 'done', ['adviceWithin6Weeks'], 'case C-1'],
  ['draft-representations', 'casework', 'tab', [], 'case C-1'],
  ['annual-review', 'reviews', 'tab', ['reviewsOnTime', 'reviewsOverdueNow'], 'case C-1'],
  ['review-advice-circulation', 'reviews', 'tab', [], 'case C-1'],
  ['post-review-plan', 'reviews', 'tab', ['reviewOutcomeWithin4Weeks'], 'case C-1'],
  ['phase-transfer-review', 'reviews', 'done', [], 'case C-1'],
  ['amendment-issue', 'casework', 'done', [], 'case C-1'],
  ['la-transfer', 'casework', 'done', [], 'case C-1'],
  ['mediation-session', 'casework', 'done', [], 'case C-1'],
  ['casework-recording', 'casework', 'form.note', ['caseworkWithin48Hours'], 'note C-1'],
  ['cmooe-summary', 'cmooe', 'form.summary', ['summariesOnTime'], 'summary C-1'],
  ['exclusion-provision', 'cmooe', 'done', ['exclusionsWithoutProvision'], 'case C-1'],
  ['supervision', 'supervision', 'form.supervision', [], 'supervision'],
  ['supervision-notes', 'supervision', 'notes-shared', ['notesWithin10WorkingDays'], 'supervision'],
  ['meeting-action', 'actions', 'close', ['meetingActionsOnTime', 'meetingActionsOverdueNow'], 'case C-1'],
  ['cease-appeal-window', 'casework', 'tab', [], 'case C-1'],
  ['review-specialist-notice', 'reviews', 'tab', [], 'case C-1'],
  ['year6-review', 'reviews', 'tab', [], 'case C-1'],
  ['year7-review', 'reviews', 'tab', [], 'case C-1'],
  // Section 8: an audit is done in the tab; the auditor may not otherwise see the case (section 7).
  ['audit', 'audits', 'tab', [], "what's due"],
];

describe('what the product decides per kind', () => {
  it('the expectations name every kind once', () => {
    expect(TABLE.map((r) => r[0]).sort()).toEqual([...OBLIGATION_KINDS].sort());
  });

  it.each(TABLE)('%s: digest section %s, card %s, figures %j, bot "%s"', (kind, section, card, figures, command) => {
    expect(sectionOf(kind)).toBe(section);
    const action = lineAction(kind);
    expect(action.type === 'form' ? action.verb : action.type).toBe(card);
    if (action.type === 'tab') expect(action.why.length).toBeGreaterThan(20);
    expect(KINDS[kind].figures).toEqual(figures);
    const owner = kind === 'supervision' || kind === 'supervision-notes' ? { caseId: null, personId: 'p5' } : { caseId: 'C-1', personId: null };
    expect(botCommandFor({ kind, ...owner })).toBe(command);
    expect(KINDS[kind].label.length).toBeGreaterThan(5);
    expect(KINDS[kind].citation).toMatch(/^(PS|DT|QA) /);
  });

  it('each dashboard figure is counted from one kind at most, and every case figure from one', () => {
    const counted = OBLIGATION_KINDS.flatMap((k) => KINDS[k].figures);
    expect(new Set(counted).size).toBe(counted.length);
    for (const f of FIGURE_NAMES) {
      if (PERSON_FIGURES.includes(f) || f === 'cmooeCurrent') continue; // people, or children (not obligations)
      expect([f, FIGURE_KINDS[f]]).toEqual([f, expect.any(String)]);
    }
  });

  it('an advice line names its agency; an action line names the action', () => {
    const o = (kind: ObligationKind, subject: string, actionId: string | null = null) => ({ kind, subject, actionId }) as Obligation;
    expect(obligationLabel(o('agency-advice', 'Educational psychology'))).toBe('Advice from Educational psychology');
    expect(obligationLabel(o('meeting-action', 'Find a tutor', 'A-7'))).toBe('Action A-7: Find a tutor');
    expect(obligationLabel(o('final-plan', '2026-01-01'))).toBe('Issue the final EHC plan');
    const audit = (key: string) => ({ kind: 'audit', subject: '2026-11-02', actionId: null, auditId: 'Q-7', key }) as Obligation;
    expect(obligationLabel(audit('C-1/audit/2026-11-30/Q-7'))).toBe('Audit Q-7');
    expect(obligationLabel(audit('C-1/audit/2026-11-30/moderation:Q-7'))).toBe('Moderate audit Q-7');
  });
});

// ---- every kind explains itself: a property over random services, under both profiles -------------

const FIRST = toDay('2024-01-01');
const LAST = toDay('2028-06-30');
const day = fc.integer({ min: FIRST, max: LAST }).map(fromDay);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const instant = fc.integer({ min: FIRST * 86_400_000, max: LAST * 86_400_000 }).map((ms) => new Date(ms).toISOString().replace('.000Z', 'Z'));

const caseArb = fc.record({
  dateOfBirth: fc.integer({ min: toDay('2006-09-01'), max: toDay('2024-01-01') }).map(fromDay),
  ncYearOverride: maybe(fc.integer({ min: 0, max: 14 })),
  childInCare: fc.boolean(),
  assessment: maybe(
    fc.record({
      requestedOn: day,
      decisionOn: maybe(day),
      decision: maybe(fc.constantFrom('assess' as const, 'not-assess' as const)),
      outcome: maybe(fc.constantFrom('issue' as const, 'not-issue' as const)),
      outcomeNoticeOn: maybe(day),
      draftSentOn: maybe(day),
      exceptionReason: maybe(fc.constant('panel delayed')),
    }),
  ),
  adviceRequests: fc.array(fc.record({ agency: fc.constantFrom('health', 'educational psychology', 'social care'), requestedOn: day, receivedOn: maybe(day) }), { maxLength: 3 }),
  plan: maybe(fc.record({ issuedOn: day, ceaseNoticeOn: maybe(day), ceasedOn: maybe(day), transferredOutOn: maybe(day) })),
  reviews: fc.array(fc.record({ meetingOn: day, specialistNoticeOn: maybe(day), adviceCirculatedOn: maybe(day), outcomeSentOn: maybe(day) }), { maxLength: 4 }),
  phaseTransfer: maybe(fc.record({ moveOn: day, kind: fc.constantFrom('school' as const, 'post16' as const, 'between-post16' as const), completedOn: maybe(day) })),
  amendments: fc.array(fc.record({ noticeOn: day, issuedOn: maybe(day) }), { maxLength: 2 }),
  laTransfer: maybe(fc.record({ moveOn: day, noticeOn: day, transferredOn: maybe(day) })),
  mediations: fc.array(fc.record({ requestedOn: day, sessionOn: maybe(day) }), { maxLength: 2 }),
  cmooe: fc.array(fc.record({ from: day, to: maybe(day), reason: fc.constant('missing-attendance' as const) }), { maxLength: 2 }),
  cmooeSummaries: fc.array(fc.record({ submittedOn: day, authorId: fc.constant('p3'), actionsToDate: fc.constant('a'), currentSteps: fc.constant('b'), keyDates: fc.constant('c') }), { maxLength: 3 }),
  exclusions: fc.array(fc.record({ permanentFrom: day, provisionFrom: maybe(day) }), { maxLength: 2 }),
  caseNotes: fc.array(fc.record({ eventAt: instant, recordedAt: instant, authorId: fc.constantFrom('p1', 'p3', 'p-unknown'), text: fc.constant('visit') }), { maxLength: 2 }),
});

const serviceArb = fc.record({
  cases: fc.array(caseArb, { minLength: 1, maxLength: 4 }),
  supervisions: fc.array(fc.record({ superviseeId: fc.constantFrom('p1', 'p3'), supervisorId: fc.constant('p9'), heldOn: day, notesSharedOn: maybe(day) }), { maxLength: 3 }),
  actions: fc.array(
    fc.record({ caseIndex: maybe(fc.nat(3)), seriesId: fc.constantFrom('cmooe', 'weekly'), meetingOn: day, dueOn: day, closedOn: maybe(day), ownerId: fc.constantFrom('p1', 'p3', 'p9') }),
    { maxLength: 3 },
  ),
  audits: fc.array(fc.record({ caseIndex: fc.nat(3), assignedOn: day, doneAfter: maybe(fc.nat(60)), moderated: maybe(fc.nat(30)) }), { maxLength: 2 }),
  holidays: fc.boolean(),
  today: day,
});

type Service = typeof serviceArb extends fc.Arbitrary<infer T> ? T : never;

function serviceOf(s: Service, policy: string): CaseFile {
  const cases = s.cases.map((c, i) => caseSchema.parse({ id: `C-${i + 1}`, childName: `Child ${i + 1}`, leadProfessionalId: 'p1', inclusionLeadId: 'p3', ...c }));
  return caseFileSchema.parse({
    policy,
    meetingSeries: [
      { id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2024-01-11', everyDays: 14 },
      { id: 'cic-cmooe', title: 'Children in Care CMOOE', firstMeetingOn: '2024-01-12', everyDays: 14 },
      { id: 'weekly', title: 'Weekly team manager meeting', firstMeetingOn: '2024-01-08', everyDays: 7 },
    ],
    schoolHolidays: s.holidays
      ? [
          { from: '2026-12-18', to: '2027-01-03', name: 'Christmas' },
          { from: '2027-12-20', to: '2028-01-03' },
        ]
      : [],
    people: [
      { id: 'p1', name: 'P One', roles: ['provision-lead'], managerId: 'p9', startedOn: '2023-06-01' },
      { id: 'p3', name: 'P Three', roles: ['inclusion-lead'], managerId: 'p9' },
      { id: 'p9', name: 'P Nine', roles: ['team-manager'] },
    ],
    supervisions: s.supervisions.map((x) => supervisionSchema.parse(x)),
    cases,
    actions: s.actions.map((a, i) =>
      actionSchema.parse({
        id: `A-${i + 1}`,
        seriesId: a.seriesId,
        meetingOn: a.meetingOn,
        caseId: a.caseIndex !== null && a.caseIndex < cases.length ? cases[a.caseIndex]!.id : null,
        text: `Action ${i + 1}`,
        ownerId: a.ownerId,
        dueOn: a.dueOn,
        closedOn: a.closedOn,
      }),
    ),
    audits: s.audits.map((a, i) => {
      const completedOn = a.doneAfter === null ? null : fromDay(toDay(a.assignedOn) + a.doneAfter);
      const moderation = completedOn === null || a.moderated === null ? null : { moderatorId: 'p9', assignedOn: completedOn, grade: 'good', on: fromDay(toDay(completedOn) + a.moderated) };
      return {
        id: `Q-${i + 1}`,
        type: 'ehcp',
        caseId: cases[a.caseIndex % cases.length]!.id,
        auditorId: 'p3',
        assignedOn: a.assignedOn,
        completedOn,
        grade: completedOn === null ? null : 'good',
        moderation,
      };
    }),
  });
}

/** Every problem of a list of obligations (one expect per list: thousands of expects would be slow). */
function checkExplained(list: readonly Obligation[]): void {
  const problems: string[] = [];
  for (const o of list) {
    const basis = o.basis;
    if (o.citation.trim() === '') problems.push(`${o.key}: no citation`);
    if (basis.trim() === '' || /undefined|null|NaN/.test(basis)) problems.push(`${o.key}: basis ${JSON.stringify(basis)}`);
    if (!(STATUSES as readonly string[]).includes(o.status)) problems.push(`${o.key}: status ${o.status}`);
    // "not before" rules are ok / breached, never due or overdue; the others never are.
    if (['ok', 'breached'].includes(o.status) !== (KINDS[o.kind].deadline === 'earliest')) problems.push(`${o.key}: ${o.status} for a ${KINDS[o.kind].deadline} rule`);
    // missed only for the papers of a meeting (rules section 3).
    if (o.status === 'missed' && o.kind !== 'cmooe-summary' && o.kind !== 'review-advice-circulation') problems.push(`${o.key}: missed`);
  }
  expect(problems).toEqual([]);
}

describe('every kind explains itself (fast-check)', () => {
  // A rich service: the Durham demo with a meeting action for no case.
  const demo = generateDemo({ cases: 400, seed: 3, today: '2026-11-23', policy: 'durham' });
  demo.meetingSeries.push({ id: 'weekly', title: 'Weekly team manager meeting', firstMeetingOn: '2026-01-05', everyDays: 7 });
  demo.actions.push({
    id: 'W-1',
    seriesId: 'weekly',
    meetingOn: '2026-11-16',
    caseId: null,
    text: 'Cover the caseload',
    ownerId: demo.people[0]!.id,
    dueOn: '2026-11-27',
    closedOn: null,
    closedNote: null,
  });

  it.each([
    ['dorset', DORSET],
    ['durham', DURHAM],
  ] as const)('under %s: every obligation has a citation and a basis', (name, policy) => {
    fc.assert(
      fc.property(serviceArb, (s) => {
        checkExplained(computeObligations(serviceOf(s, name), { today: s.today, policy }));
      }),
      { numRuns: 150 },
    );
  });

  it('a rich service (the Durham demo, 400 cases, with a meeting action for no case) has obligations of every kind, each explained', () => {
    const list = computeObligations(demo, { today: '2026-11-23', policy: DURHAM });
    expect(OBLIGATION_KINDS.filter((k) => !list.some((o) => o.kind === k))).toEqual([]);
    checkExplained(list);
  });

  it("each entry's rule makes obligations of its own kind only", () => {
    const ctx = ruleContext(demo, { today: '2026-11-23', policy: DURHAM });
    for (const kind of OBLIGATION_KINDS) {
      const rule = KINDS[kind].rule;
      const out: Obligation[] = [];
      if (rule.scope === 'case') for (const c of demo.cases) rule.run(c, ctx, out);
      else if (rule.scope === 'person')
        for (const p of demo.people)
          rule.run(
            p,
            demo.supervisions.filter((x) => x.superviseeId === p.id),
            ctx,
            out,
          );
      else for (const a of demo.actions) rule.run(a, ctx, out);
      expect([kind, out.length > 0, [...new Set(out.map((o) => o.kind))]]).toEqual([kind, true, [kind]]);
    }
  });
});
