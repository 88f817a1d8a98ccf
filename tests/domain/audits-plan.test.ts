// How a run of the audit programme draws its sample: each rule of docs/rules.md section 8 ("How a run
// draws its sample", rules 1-8; QA §5, §6) tested from the rule book's words, on a small service built by
// hand: two localities, a team manager and a provision lead in each, two QA officers, plans issued in and
// out of the window, children in care.
import { describe, expect, it } from '@jest/globals';
import { dueOfDraw, planRun, typesDue, type PlanInput } from '../../src/domain/audits/plan.js';
import { DORSET_PROGRAMME } from '../../src/domain/audits/programme.js';
import { defaultCalendar } from '../../src/domain/calendar/index.js';
import { caseFileSchema, type Audit, type CaseFileInput } from '../../src/domain/model.js';

const programme = DORSET_PROGRAMME;
const calendar = defaultCalendar;

type CaseInput = NonNullable<CaseFileInput['cases']>[number];
const child = (id: string, locality: string, extra: Partial<CaseInput> = {}): CaseInput => ({
  id,
  childName: `Child ${id}`,
  dateOfBirth: '2014-03-02',
  team: locality,
  locality,
  leadProfessionalId: locality === 'North' ? 'pl-n' : 'pl-s',
  ...extra,
});
const issued = (on: string) => ({ plan: { issuedOn: on } });

function service(extra: { cases?: CaseInput[]; audits?: Audit[]; people?: NonNullable<CaseFileInput['people']> } = {}): PlanInput {
  return caseFileSchema.parse({
    people: [
      { id: 'tm-n', name: 'North Manager', roles: ['team-manager'], team: 'North', locality: 'North' },
      { id: 'tm-s', name: 'South Manager', roles: ['team-manager'], team: 'South', locality: 'South' },
      { id: 'pl-n', name: 'North Lead', roles: ['provision-lead'], team: 'North', locality: 'North', managerId: 'tm-n' },
      { id: 'pl-s', name: 'South Lead', roles: ['provision-lead'], team: 'South', locality: 'South', managerId: 'tm-s' },
      { id: 'qa-1', name: 'QA One', roles: ['qa-officer'], team: null },
      { id: 'qa-2', name: 'QA Two', roles: ['qa-officer'], team: null },
      ...(extra.people ?? []),
    ],
    cases: extra.cases ?? [
      // Final plans issued in the window of a November run (1 Sep - 31 Oct 2026) ...
      child('C-N1', 'North', issued('2026-09-03')),
      child('C-N2', 'North', issued('2026-10-12')),
      child('C-N3', 'North', issued('2026-10-30')),
      child('C-S1', 'South', issued('2026-09-01')),
      child('C-S2', 'South', issued('2026-10-31')),
      // ... and outside it: never drawn for the EHC plan audit.
      child('C-N8', 'North', issued('2026-08-31')),
      child('C-N9', 'North', issued('2026-11-01')),
      child('C-S9', 'South', issued('2025-10-15')),
    ],
    audits: extra.audits ?? [],
  });
}

const NOVEMBER = '2026-11-02';
const ehcp = (p: ReturnType<typeof planRun>) => p.draws.filter((d) => d.audit.type === 'ehcp');

describe('rule 1: a type is due when the run is in one of its months', () => {
  // The rule book's table: monthly; termly (September, January, April); every 6 months (September, March).
  it.each([
    ['2026-09-01', ['ehcna', 'advice-ep', 'advice-health', 'advice-social-care', 'advice-school', 'ehcp', 'annual-review', 'cs-case', 'panel-decision']],
    ['2026-11-02', ['ehcp', 'cs-case']],
    ['2027-01-04', ['advice-ep', 'advice-health', 'advice-social-care', 'ehcp', 'annual-review', 'cs-case', 'panel-decision']],
    ['2027-03-01', ['ehcna', 'advice-school', 'ehcp', 'cs-case']],
    ['2027-04-01', ['advice-ep', 'advice-health', 'advice-social-care', 'ehcp', 'annual-review', 'cs-case', 'panel-decision']],
  ])('a run on %s draws %j', (on, types) => {
    expect(
      typesDue(programme, Number(on.slice(5, 7)))
        .filter((t) => t.due)
        .map((t) => t.type),
    ).toEqual(types);
    // Dip samples and thematic audits are never drawn: they are chosen by hand.
    expect(typesDue(programme, Number(on.slice(5, 7))).find((t) => t.type === 'dip-sample')).toMatchObject({ due: false, why: 'as required: chosen by hand' });
  });
});

describe('rule 2: the window is the whole calendar months before the run', () => {
  it.each([
    ['2026-11-02', '2026-09-01', '2026-10-31'],
    ['2026-11-30', '2026-09-01', '2026-10-31'],
    ['2027-01-04', '2026-11-01', '2026-12-31'],
    ['2027-03-01', '2027-01-01', '2027-02-28'],
  ])('a run on %s draws from %s to %s', (on, from, to) => {
    expect(planRun(service(), { on, programme, calendar }).window).toEqual({ from, to });
  });
});

describe('rule 3: the population, per locality', () => {
  it('draws one EHC plan audit by a team manager and one by a provision lead in each locality, from plans issued in the window', () => {
    const p = planRun(service(), { on: NOVEMBER, programme, calendar });
    const drawn = ehcp(p);
    expect(drawn.map((d) => [d.locality, d.audit.auditorRole])).toEqual([
      ['North', 'team-manager'],
      ['North', 'provision-lead'],
      ['South', 'team-manager'],
      ['South', 'provision-lead'],
    ]);
    for (const d of drawn) expect(['C-N1', 'C-N2', 'C-N3', 'C-S1', 'C-S2']).toContain(d.audit.caseId);
    // Each locality's audits are of its own cases, two different children.
    expect(new Set(drawn.filter((d) => d.locality === 'North').map((d) => d.audit.caseId)).size).toBe(2);
    for (const d of drawn) expect(d.audit.caseId.startsWith(d.locality === 'North' ? 'C-N' : 'C-S')).toBe(true);
    expect(drawn[0]!.audit.sampledFrom).toMatch(/^final plan issued on \d+ (Sep|Oct) 2026$/);
  });

  it('says why a slot is not filled when a locality has no case in the window', () => {
    const p = planRun(service({ cases: [child('C-N1', 'North', issued('2026-09-03')), child('C-N2', 'North', issued('2026-09-04')), child('C-S9', 'South', issued('2025-10-15'))] }), {
      on: NOVEMBER,
      programme,
      calendar,
    });
    expect(ehcp(p).map((d) => d.locality)).toEqual(['North', 'North']);
    expect(p.unfilled.filter((u) => u.type === 'ehcp')).toEqual([
      expect.objectContaining({ locality: 'South', auditorRole: 'team-manager', wanted: 1, drawn: 0, why: expect.stringMatching(/^no case in South in the window 1 Sep 2026 to 31 Oct 2026/) }),
      expect.objectContaining({ locality: 'South', auditorRole: 'provision-lead', wanted: 1, drawn: 0 }),
    ]);
  });

  it('draws the 14 children known to social care for the whole service', () => {
    const cases = Array.from({ length: 20 }, (_x, i) => child(`C-C${String(i).padStart(2, '0')}`, i % 2 ? 'North' : 'South', { childInCare: true, ...issued('2025-01-10') }));
    // A child in care without a plan in force is not in the population.
    cases.push(child('C-CX', 'North', { childInCare: true }));
    const p = planRun(service({ cases }), { on: NOVEMBER, programme, calendar });
    const cs = p.draws.filter((d) => d.audit.type === 'cs-case');
    expect(cs).toHaveLength(14);
    expect(new Set(cs.map((d) => d.audit.caseId)).size).toBe(14);
    expect(cs.map((d) => d.audit.caseId)).not.toContain('C-CX');
    expect(cs.every((d) => d.locality === null && d.audit.auditorRole === 'qa-officer')).toBe(true);
  });
});

describe('rule 4: the same records and the same run give the same sample', () => {
  it('whatever the order of the records, and on any day of the month', () => {
    const a = planRun(service(), { on: NOVEMBER, programme, calendar });
    const shuffled = service();
    const b = planRun({ ...shuffled, cases: [...shuffled.cases].reverse(), people: [...shuffled.people].reverse() }, { on: '2026-11-20', programme, calendar });
    expect(b.draws.map((d) => [d.audit.id, d.audit.caseId, d.audit.auditorId])).toEqual(a.draws.map((d) => [d.audit.id, d.audit.caseId, d.audit.auditorId]));
  });

  it('and another month draws its own order', () => {
    const cases = Array.from({ length: 40 }, (_x, i) => child(`C-${1000 + i}`, 'North', issued('2026-10-05')));
    const orders = ['2026-11-02', '2026-12-01'].map((on) =>
      planRun(service({ cases: cases.map((c) => ({ ...c, plan: { issuedOn: on === '2026-11-02' ? '2026-10-05' : '2026-11-05' } })) }), { on, programme, calendar }),
    );
    expect(ehcp(orders[0]!).map((d) => d.audit.caseId)).not.toEqual(ehcp(orders[1]!).map((d) => d.audit.caseId));
  });
});

describe('rule 5: children audited in the last 6 months come last', () => {
  const earlier = (caseId: string, assignedOn: string): Audit => ({
    id: `Q-old-${caseId}-${assignedOn}`,
    type: 'ehcp',
    caseId,
    auditorId: 'qa-1',
    auditorRole: 'qa-officer',
    assignedOn,
    completedOn: assignedOn,
    grade: 'good',
    criteria: [],
    summary: null,
    actions: [],
    run: assignedOn.slice(0, 7),
    sampledFrom: null,
    moderation: null,
  });

  it('are passed over while another child is eligible', () => {
    // The two North children drawn first without history, audited in May and June 2026 (within the 6
    // months before 1 Nov): the third North child is drawn first, then one of the two.
    const plain = ehcp(planRun(service(), { on: NOVEMBER, programme, calendar }))
      .filter((d) => d.locality === 'North')
      .map((d) => d.audit.caseId);
    const third = ['C-N1', 'C-N2', 'C-N3'].find((id) => !plain.includes(id))!;
    const p = planRun(service({ audits: [earlier(plain[0]!, '2026-05-01'), earlier(plain[1]!, '2026-06-01')] }), { on: NOVEMBER, programme, calendar });
    const north = ehcp(p)
      .filter((d) => d.locality === 'North')
      .map((d) => d.audit.caseId);
    expect(north[0]).toBe(third);
    expect(plain).toContain(north[1]);
  });

  it('are drawn when no other child is eligible', () => {
    const p = planRun(service({ audits: [earlier('C-S1', '2026-07-01'), earlier('C-S2', '2026-08-01')] }), { on: NOVEMBER, programme, calendar });
    expect(
      ehcp(p)
        .filter((d) => d.locality === 'South')
        .map((d) => d.audit.caseId)
        .sort(),
    ).toEqual(['C-S1', 'C-S2']);
  });

  it('an audit more than 6 months before the run does not count', () => {
    const withOld = planRun(service({ audits: [earlier('C-N1', '2026-04-30'), earlier('C-N2', '2026-04-30'), earlier('C-N3', '2026-04-30')] }), { on: NOVEMBER, programme, calendar });
    const without = planRun(service(), { on: NOVEMBER, programme, calendar });
    expect(ehcp(withOld).map((d) => d.audit.caseId)).toEqual(ehcp(without).map((d) => d.audit.caseId));
  });
});

describe('rule 6: never an auditor who leads or manages the case', () => {
  it("gives North's team-manager audits to the South manager, and each provision lead the other locality's cases", () => {
    const p = planRun(service(), { on: NOVEMBER, programme, calendar });
    const by = (locality: string, role: string) => ehcp(p).find((d) => d.locality === locality && d.audit.auditorRole === role)!.audit.auditorId;
    // North Manager manages team North and North Lead's cases; North Lead leads every North case.
    expect(by('North', 'team-manager')).toBe('tm-s');
    expect(by('North', 'provision-lead')).toBe('pl-s');
    expect(by('South', 'team-manager')).toBe('tm-n');
    expect(by('South', 'provision-lead')).toBe('pl-n');
  });

  it('passes a case over when nobody of the role may take it, and says so', () => {
    // One provision lead only, who leads every case: the provision-lead audits cannot be filled.
    const file = service();
    const people = file.people.filter((x) => x.id !== 'pl-s');
    const cases = file.cases.map((c) => ({ ...c, leadProfessionalId: 'pl-n' }));
    const p = planRun({ ...file, people, cases }, { on: NOVEMBER, programme, calendar });
    expect(ehcp(p).filter((d) => d.audit.auditorRole === 'provision-lead')).toEqual([]);
    expect(p.unfilled.find((u) => u.type === 'ehcp' && u.auditorRole === 'provision-lead')?.why).toMatch(
      /^no provision-lead may take the \d cases? left in (North|South) \(each leads or manages them\)$/,
    );
  });
});

describe("rule 7: the auditors' load is balanced", () => {
  it('gives the QA officer with fewer open audits more of the sample, ending level within one', () => {
    const cases = Array.from({ length: 20 }, (_x, i) => child(`C-C${String(i).padStart(2, '0')}`, 'North', { childInCare: true, ...issued('2025-01-10') }));
    const open = (n: number): Audit => ({
      id: `Q-open-${n}`,
      type: 'dip-sample',
      caseId: cases[n]!.id,
      auditorId: 'qa-1',
      auditorRole: 'qa-officer',
      assignedOn: '2026-10-20',
      completedOn: null,
      grade: null,
      criteria: [],
      summary: null,
      actions: [],
      run: null,
      sampledFrom: null,
      moderation: null,
    });
    const p = planRun(service({ cases, audits: [open(0), open(1), open(2), open(3)] }), { on: NOVEMBER, programme, calendar });
    const cs = p.draws.filter((d) => d.audit.type === 'cs-case');
    const given = (id: string) => cs.filter((d) => d.audit.auditorId === id).length;
    expect(given('qa-1') + given('qa-2')).toBe(14);
    // qa-1 starts with 4 open: 4 + 5 = 9 against 9.
    expect(given('qa-2') - given('qa-1')).toBe(4);
  });
});

describe('rule 8: fixed references, and each audit due 20 working days after assignment', () => {
  it('names each draw by run, type, locality and slot', () => {
    const p = planRun(service(), { on: NOVEMBER, programme, calendar });
    expect(ehcp(p).map((d) => d.audit.id)).toEqual(['Q-2026-11-ehcp-north-1', 'Q-2026-11-ehcp-north-2', 'Q-2026-11-ehcp-south-1', 'Q-2026-11-ehcp-south-2']);
    // Mon 2 Nov + 20 working days = Mon 30 Nov 2026.
    expect(dueOfDraw(ehcp(p)[0]!, calendar)).toBe('2026-11-30');
  });

  it("draws the same again with the run's own audits already stored (a run taken over after a crash)", () => {
    const first = planRun(service(), { on: NOVEMBER, programme, calendar });
    const half = first.draws.slice(0, 2).map((d) => d.audit);
    const again = planRun(service({ audits: half }), { on: '2026-11-09', programme, calendar });
    expect(again.draws.map((d) => [d.audit.id, d.audit.caseId, d.audit.auditorId])).toEqual(first.draws.map((d) => [d.audit.id, d.audit.caseId, d.audit.auditorId]));
  });
});
