// Policy profiles as data (docs/rules.md section 9): the shipped files, the domain's default, and the
// rules' context choosing the profile once, with no silent fallback.
import { describe, expect, it } from '@jest/globals';
import { rulesFor } from '../../src/domain/kinds.js';
import { caseFileSchema } from '../../src/domain/model.js';
import { computeObligations, ruleContext } from '../../src/domain/obligations.js';
import { DORSET, parsePolicy, PolicyNotLoadedError, type Policy } from '../../src/domain/policy.js';
import { shippedPolicies } from '../../src/services/policy.js';

const shipped = shippedPolicies();
const dorsetFile = shipped.get('dorset')!.policy;
const durhamFile = shipped.get('durham')!.policy;

describe('the shipped profiles', () => {
  it('are dorset and durham, read from policies/', () => {
    expect([...shipped.keys()]).toEqual(['dorset', 'durham']);
    expect(shipped.get('durham')!.from).toBe('policies/durham.json');
  });

  it("policies/dorset.json holds exactly the rule book's values, the domain's default", () => {
    expect(dorsetFile).toEqual(DORSET);
  });

  it('durham is dorset with the annual review four weeks early, its three kinds on, and its own citation (section 9)', () => {
    expect(durhamFile.parameters).toEqual({ ...DORSET.parameters, annualReviewLeadDays: 28 });
    expect(durhamFile.kinds).toEqual(['review-specialist-notice', 'year6-review', 'year7-review']);
    expect(durhamFile.citations).toEqual({ 'annual-review': 'DT "Reviewing EHC plans"' });
  });

  it('a profile with a parameter missing or out of range, or a kind twice, is refused by path', () => {
    const { reminderLookaheadDays: _gone, ...rest } = DORSET.parameters;
    const result = parsePolicy({ ...DORSET, parameters: { ...rest, supervisionIntervalMonths: 13 }, kinds: ['year6-review', 'year6-review'] });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.path)).toEqual(['parameters.reminderLookaheadDays', 'parameters.supervisionIntervalMonths', 'kinds']);
      expect(result.problems[1]!.message).toBe('must be 12 or less (months)');
    }
    expect(parsePolicy([]).ok).toBe(false);
  });
});

describe("the rules' context chooses the profile, once", () => {
  const file = caseFileSchema.parse({ policy: 'durham', cases: [{ id: 'C-1', childName: 'A B', dateOfBirth: '2012-10-15', plan: { issuedOn: '2026-10-12' } }] });

  it('a durham file without its profile loaded is an error, never Dorset in disguise', () => {
    expect(() => computeObligations(file, { today: '2026-11-23' })).toThrow(PolicyNotLoadedError);
    expect(() => computeObligations(file, { today: '2026-11-23' })).toThrow('load it (services/policy.ts, policies/durham.json)');
  });

  it('a file naming one profile and given another is an error', () => {
    expect(() => ruleContext(file, { today: '2026-11-23', policy: DORSET })).toThrow('the case file\'s policy is "durham" but the rules were given the profile "dorset"');
  });

  it("the profile's rules are worked out once per profile, and its lookahead is the default", () => {
    const ctx = ruleContext(file, { today: '2026-11-23', policy: durhamFile });
    expect(ctx.rules).toBe(rulesFor(durhamFile));
    expect(ctx.lookaheadDays).toBe(14);
    const wide: Policy = { ...durhamFile, parameters: { ...durhamFile.parameters, reminderLookaheadDays: 30 } };
    expect(ruleContext(file, { today: '2026-11-23', policy: wide }).lookaheadDays).toBe(30);
    expect(ruleContext(file, { today: '2026-11-23', policy: wide, lookaheadDays: 3 }).lookaheadDays).toBe(3);
  });

  it("a council's parameters change the dates: supervision every 2 months, notes in 5 working days, casework in 24 hours, provision by day 3", () => {
    const own: Policy = {
      ...DORSET,
      name: 'own',
      parameters: { ...DORSET.parameters, supervisionIntervalMonths: 2, supervisionNotesWorkingDays: 5, caseworkRecordingHours: 24, exclusionProvisionSchoolDay: 3 },
    };
    const f = caseFileSchema.parse({
      policy: 'own',
      people: [
        { id: 'p1', name: 'P', roles: ['provision-lead'], managerId: 'p9', startedOn: '2026-09-01' },
        { id: 'p9', name: 'M', roles: ['team-manager'] },
      ],
      supervisions: [{ superviseeId: 'p1', supervisorId: 'p9', heldOn: '2026-11-02' }],
      cases: [
        {
          id: 'C-1',
          childName: 'A B',
          dateOfBirth: '2012-10-15',
          leadProfessionalId: 'p1',
          inclusionLeadId: 'p1',
          exclusions: [{ permanentFrom: '2026-11-02' }],
          caseNotes: [{ eventAt: '2026-11-02T10:00:00Z', recordedAt: '2026-11-03T09:00:00Z', authorId: 'p1', text: 'x' }],
        },
      ],
    });
    const list = computeObligations(f, { today: '2026-11-23', policy: own });
    const due = (kind: string) => list.filter((o) => o.kind === kind).map((o) => [o.due, o.basis]);
    // Started 1 Sep: 2 months = 1 Nov (the supervision on 2 Nov is a day late); then 2 Jan 2027.
    expect(due('supervision')).toEqual([
      ['2026-11-01', '2 months after the start date 1 Sep 2026'],
      ['2027-01-02', '2 months after the last supervision, on 2 Nov 2026'],
    ]);
    // Mon 2 Nov + 5 working days = Mon 9 Nov.
    expect(due('supervision-notes')).toEqual([['2026-11-09', '5 working days after the supervision on 2 Nov 2026']]);
    expect(due('casework-recording')).toEqual([['2026-11-03T10:00:00.000Z', '24 hours after the casework at 10:00 on 2 Nov 2026 (UK time)']]);
    // Mon 2 Nov is day 1: day 3 is Wed 4 Nov.
    expect(due('exclusion-provision')).toEqual([['2026-11-04', 'school day 3 after the permanent exclusion from 2 Nov 2026']]);
  });
});
