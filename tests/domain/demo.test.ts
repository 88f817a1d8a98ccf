// The demo service (src/domain/demo.ts): always a valid case file, deterministic for a seed, and
// shaped like a real service so that a demo shows real work.
import { describe, expect, it } from '@jest/globals';
import { ALEX_CASES, PLAYGROUND_USERS, generateDemo } from '../../src/domain/demo.js';
import { addWeeks, toDay } from '../../src/domain/dates.js';
import type { CaseFile } from '../../src/domain/model.js';
import { parseCaseFile } from '../../src/domain/validate.js';
import { minOf } from '../../src/domain/lists.js';

const TODAY = '2026-11-23';
const T = toDay(TODAY);

describe('generateDemo: every file is a valid case file', () => {
  it.each([
    [0, 1, '2026-11-23'],
    [1, 2, '2026-11-23'],
    [7, 3, '2027-02-28'],
    [25, 4, '2026-11-23'],
    [61, 5, '2024-02-29'],
    [400, 6, '2026-06-15'],
    [1500, 99, '2026-11-23'],
    [3000, 123456789, '2026-09-01'],
  ])('%i cases, seed %i, today %s: zero errors after a JSON round trip', (cases, seed, today) => {
    const file = generateDemo({ cases, seed, today });
    const result = parseCaseFile(JSON.parse(JSON.stringify(file)));
    expect(result.ok ? [] : result.errors.slice(0, 20)).toEqual([]);
    expect(file.cases).toHaveLength(cases);
    // Already in canonical form: parsing changes nothing.
    if (result.ok) expect(result.file).toEqual(file);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = JSON.stringify(generateDemo({ cases: 200, seed: 5, today: TODAY }));
    expect(JSON.stringify(generateDemo({ cases: 200, seed: 5, today: TODAY }))).toBe(a);
    expect(JSON.stringify(generateDemo({ cases: 200, seed: 6, today: TODAY }))).not.toBe(a);
  });

  it('rejects a bad size, seed or date with a RangeError naming it', () => {
    expect(() => generateDemo({ cases: -1, today: TODAY })).toThrow('cases must be a whole number');
    expect(() => generateDemo({ cases: 1.5, today: TODAY })).toThrow('cases must be a whole number');
    expect(() => generateDemo({ cases: 1, seed: 0.5, today: TODAY })).toThrow('seed must be a whole number');
    expect(() => generateDemo({ cases: 1, today: '2026-02-30' })).toThrow('today is not a date "2026-02-30"');
  });
});

describe('generateDemo: the Agents Playground users come first, with real work', () => {
  const file = generateDemo({ cases: 300, seed: 1, today: TODAY });
  const byId = new Map(file.people.map((p) => [p.id, p]));

  it('the first six people are the playground mock users with their AAD object ids and emails', () => {
    expect(file.people.slice(0, 6).map((p) => [p.name, p.aadObjectId, p.email, p.roles])).toEqual([
      ['Alex Wilber', '00000000-0000-0000-0000-0000000000020', 'alexw@example.com', ['provision-lead']],
      ['Megan Bowen', '00000000-0000-0000-0000-0000000000021', 'meganb@example.com', ['inclusion-lead']],
      ['Adele Vance', '00000000-0000-0000-0000-0000000000022', 'adelev@example.com', ['team-manager']],
      ['Isaiah Langer', '00000000-0000-0000-0000-0000000000023', 'isaiahl@example.com', ['cmooe-chair']],
      ['Patti Fernandez', '00000000-0000-0000-0000-0000000000024', 'pattif@example.com', ['service-manager']],
      ['Lynne Robbins', '00000000-0000-0000-0000-0000000000025', 'lynner@example.com', ['business-support']],
    ]);
    expect(PLAYGROUND_USERS.map((u) => u.name)).toEqual(file.people.slice(0, 6).map((p) => p.name));
  });

  it('Adele manages Alex and Megan and their team; Patti manages Adele', () => {
    const [alex, megan, adele, , patti] = file.people;
    expect(alex!.managerId).toBe(adele!.id);
    expect(megan!.managerId).toBe(adele!.id);
    expect(adele!.managerId).toBe(patti!.id);
    expect(alex!.team).toBe(adele!.team);
    expect(megan!.team).toBe(adele!.team);
  });

  it(`Alex leads ${ALEX_CASES} cases, with overdue work among them`, () => {
    const alexCases = file.cases.filter((c) => c.leadProfessionalId === file.people[0]!.id);
    expect(alexCases).toHaveLength(ALEX_CASES);
    // A request with no decision after 6 weeks (PS 5.3), and a plan whose review is more than 12 months old (PS 7.4).
    expect(alexCases.some((c) => c.assessment && c.assessment.decisionOn === null && addWeeks(toDay(c.assessment.requestedOn), 6) < T)).toBe(true);
    expect(alexCases.some((c) => c.plan?.issuedOn && c.plan.ceasedOn === null && c.reviews.length > 0 && c.reviews.every((r) => toDay(r.meetingOn) < T - 366))).toBe(true);
  });

  it("Megan holds open CMOOE cases, some of them Alex's", () => {
    const megans = file.cases.filter((c) => c.inclusionLeadId === file.people[1]!.id && c.cmooe.some((p) => p.to === null));
    expect(megans.length).toBeGreaterThanOrEqual(2);
    expect(megans.some((c) => c.leadProfessionalId === file.people[0]!.id)).toBe(true);
  });

  it('everyone with a manager refers to a person who exists; supervisions are by the manager', () => {
    for (const s of file.supervisions) expect(byId.get(s.superviseeId)!.managerId).toBe(s.supervisorId);
  });
});

describe('generateDemo: a plausible service', () => {
  const file: CaseFile = generateDemo({ cases: 2000, seed: 11, today: TODAY });
  const cases = file.cases;
  const share = (pred: (c: (typeof cases)[number]) => boolean) => cases.filter(pred).length / cases.length;
  const roles = (role: string) => file.people.filter((p) => p.roles.includes(role as never));

  it('staff scale with cases: about one provision lead per 40 cases, one team manager per team', () => {
    expect(roles('provision-lead').length).toBeGreaterThanOrEqual(Math.ceil((2000 - ALEX_CASES) / 40));
    expect(roles('provision-lead').length).toBeLessThanOrEqual(Math.ceil(2000 / 40) + 2);
    const teams = new Set(cases.map((c) => c.team));
    expect(
      roles('team-manager')
        .map((p) => p.team)
        .sort(),
    ).toEqual([...teams].sort());
    expect(roles('service-manager').length).toBeGreaterThanOrEqual(1);
    for (const r of ['inclusion-lead', 'social-worker', 'cmooe-chair', 'business-support', 'virtual-school', 'qa-officer']) expect(roles(r).length).toBeGreaterThanOrEqual(1);
  });

  it('about 3-5% of cases are CMOOE, each with its inclusion lead, and the meeting series start just before the first', () => {
    const cmooe = cases.filter((c) => c.cmooe.length > 0);
    expect(cmooe.length / cases.length).toBeGreaterThanOrEqual(0.025);
    expect(cmooe.length / cases.length).toBeLessThanOrEqual(0.055);
    for (const c of cmooe) expect(roles('inclusion-lead').map((p) => p.id)).toContain(c.inclusionLeadId);
    const firstFrom = minOf(cmooe.flatMap((c) => c.cmooe.map((p) => toDay(p.from))));
    expect(file.meetingSeries.map((s) => [s.id, s.everyDays])).toEqual([
      ['cmooe', 14],
      ['cic-cmooe', 14],
    ]);
    for (const s of file.meetingSeries) {
      expect(toDay(s.firstMeetingOn)).toBeLessThanOrEqual(firstFrom);
      expect(firstFrom - toDay(s.firstMeetingOn)).toBeLessThanOrEqual(10);
    }
    expect(cmooe.some((c) => c.cmooeSummaries.length > 0)).toBe(true);
  });

  it('has every stage: requests awaiting decision, assessments, drafts, plans, ceased and transferred plans', () => {
    expect(share((c) => c.assessment !== null && c.assessment.decision === null)).toBeGreaterThan(0.02);
    expect(share((c) => c.assessment?.decision === 'not-assess')).toBeGreaterThan(0.005);
    expect(share((c) => c.assessment?.decision === 'assess' && c.plan === null && c.assessment.draftSentOn === null && c.assessment.outcome === null)).toBeGreaterThan(0.02);
    expect(share((c) => c.plan === null && c.assessment?.draftSentOn != null)).toBeGreaterThan(0.01);
    expect(share((c) => c.assessment?.outcome === 'not-issue')).toBeGreaterThan(0.005);
    expect(share((c) => c.plan !== null && c.plan.ceasedOn === null && c.plan.transferredOutOn === null)).toBeGreaterThan(0.6);
    expect(share((c) => c.plan?.ceasedOn != null)).toBeGreaterThan(0.01);
    expect(share((c) => c.plan?.transferredOutOn != null && c.laTransfer?.transferredOn != null)).toBeGreaterThan(0.005);
    expect(share((c) => c.reviews.length >= 3)).toBeGreaterThan(0.2);
    expect(share((c) => c.assessment?.exceptionReason != null)).toBeGreaterThan(0);
  });

  it('has the situations a service meets: under-fives, children in care, exclusions without provision, transfers, mediation', () => {
    expect(share((c) => toDay(c.dateOfBirth) > T - 5 * 365)).toBeGreaterThan(0.02);
    expect(share((c) => c.childInCare)).toBeGreaterThan(0.02);
    expect(cases.some((c) => c.exclusions.some((x) => x.provisionFrom === null))).toBe(true);
    expect(cases.some((c) => c.exclusions.some((x) => x.provisionFrom !== null))).toBe(true);
    expect(cases.some((c) => c.phaseTransfer?.kind === 'school')).toBe(true);
    expect(cases.some((c) => c.phaseTransfer?.kind === 'post16')).toBe(true);
    expect(cases.some((c) => c.amendments.length > 0)).toBe(true);
    expect(cases.some((c) => c.mediations.length > 0)).toBe(true);
    expect(cases.some((c) => c.adviceRequests.some((a) => a.agency === 'health')) && cases.some((c) => c.adviceRequests.some((a) => a.agency === 'social-care'))).toBe(true);
  });

  it('settings have six-digit URNs; needs are SEN2 codes', () => {
    for (const c of cases) if (c.settingUrn !== null) expect(c.settingUrn).toMatch(/^\d{6}$/);
    expect(new Set(cases.map((c) => c.primaryNeed)).size).toBeGreaterThanOrEqual(10);
  });

  it('case notes: most recorded within 48 hours (PS 11.2), some late; nothing recorded after today', () => {
    const notes = cases.flatMap((c) => c.caseNotes);
    const late = notes.filter((n) => Date.parse(n.recordedAt) - Date.parse(n.eventAt) > 48 * 3_600_000);
    expect(late.length / notes.length).toBeGreaterThan(0.05);
    expect(late.length / notes.length).toBeLessThan(0.3);
    for (const n of notes) expect(Date.parse(n.recordedAt)).toBeLessThan((T + 1) * 86_400_000);
  });

  it('nominations, selections and actions (some closed, some open) for the CMOOE meetings', () => {
    expect(file.nominations.length).toBeGreaterThan(0);
    expect(file.selections.length).toBeGreaterThan(0);
    expect(file.actions.some((a) => a.closedOn !== null)).toBe(true);
    expect(file.actions.some((a) => a.closedOn === null)).toBe(true);
    for (const n of file.nominations) expect(toDay(n.madeOn)).toBeLessThanOrEqual(T);
  });

  it('supervision for everyone with a manager, about monthly, with some notes shared late', () => {
    const supervised = file.people.filter((p) => p.managerId !== null && toDay(p.startedOn!) < T - 60);
    for (const p of supervised) expect(file.supervisions.some((s) => s.superviseeId === p.id)).toBe(true);
    const lateNotes = file.supervisions.filter((s) => s.notesSharedOn !== null && toDay(s.notesSharedOn) - toDay(s.heldOn) > 14);
    expect(lateNotes.length).toBeGreaterThan(0);
    for (const s of file.supervisions) expect(toDay(s.heldOn)).toBeLessThanOrEqual(T);
  });
});
