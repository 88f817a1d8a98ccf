// Policy profiles through the store (docs/rules.md section 9), on the real SQLite store and the bot:
// the store's `policy` chooses the profile; a council's own copy (SEND_POLICY_FILE at the server's
// start, or `policy use`) is kept in the store and wins for its name; an unknown profile stops the
// service with the reason. And actions agreed at meetings are on their owner's "what's due".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Person } from '../../src/domain/model.js';
import { PolicyInvalidError, UnknownPolicyError } from '../../src/domain/policy.js';
import { memoryLogger } from '../../src/services/log.js';
import { myObligations } from '../../src/services/myWork.js';
import { policyAtStart, POLICY_SETTING, servicePolicySource, shippedPolicies } from '../../src/services/policy.js';
import { AAD, cardText, fixture, say, world } from '../bot/support.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'send-policy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Alex's case C-1010: plan issued 12 Oct 2025, no review yet. Dorset: due 12 Oct 2026 (overdue on 23 Nov);
// Durham: four weeks before, 14 Sep 2026. Review meeting booked for 4 Jan 2027: Durham's specialists
// need six weeks' notice, by 23 Nov 2026 (due today).
const withPlan = {
  id: 'C-1010',
  childName: 'Pat Plan',
  dateOfBirth: '2012-10-15',
  team: 'North',
  locality: 'North',
  leadProfessionalId: 'p1',
  plan: { issuedOn: '2025-10-12' },
  reviews: [{ meetingOn: '2027-01-04' }],
};
const action = { id: 'A-1', seriesId: 'cmooe', meetingOn: '2026-11-12', caseId: 'C-2001', text: 'Ask the school for the timetable', ownerId: 'p1', dueOn: '2026-11-20', closedOn: null };

async function alexsWork(policy: string, env: Record<string, string> = {}) {
  const w = await world({}, { ...fixture, policy, cases: [...fixture.cases!, withPlan], actions: [action] });
  try {
    await policyAtStart(w.store, env);
    const alex = (await w.store.getPerson('p1')) as Person;
    return [...(await myObligations(w.deps, alex)).overdue, ...(await myObligations(w.deps, alex)).dueSoon];
  } finally {
    await w.close();
  }
}

describe("the store's policy chooses the profile", () => {
  it('dorset: the annual review by the anniversary, no notice to specialists', async () => {
    const work = await alexsWork('dorset');
    expect(work.filter((o) => o.caseId === 'C-1010').map((o) => [o.kind, o.due, o.status, o.citation])).toEqual([['annual-review', '2026-10-12', 'overdue', 'PS 7.4']]);
  });

  it("durham: four weeks before the anniversary, and six weeks' notice to the specialists", async () => {
    const work = await alexsWork('durham');
    expect(work.filter((o) => o.caseId === 'C-1010').map((o) => [o.kind, o.due, o.status, o.citation, o.basis])).toEqual([
      ['annual-review', '2026-09-14', 'overdue', 'DT "Reviewing EHC plans"', "4 weeks before the anniversary (12 months after the plan's issue on 12 Oct 2025)"],
      ['review-specialist-notice', '2026-11-23', 'due-soon', 'DT "Reviewing EHC plans"', '6 weeks before the review meeting on 4 Jan 2027'],
    ]);
  });

  it("a council's own copy (SEND_POLICY_FILE at the start) is kept in the store and followed", async () => {
    const own = { ...shippedPolicies().get('durham')!.policy, title: 'Northshire practice', parameters: { ...shippedPolicies().get('durham')!.policy.parameters, annualReviewLeadDays: 14 } };
    const file = path.join(tmp, 'northshire.json');
    writeFileSync(file, JSON.stringify(own));
    const work = await alexsWork('durham', { SEND_POLICY_FILE: file });
    expect(work.find((o) => o.caseId === 'C-1010' && o.kind === 'annual-review')).toMatchObject({
      due: '2026-09-28',
      basis: "2 weeks before the anniversary (12 months after the plan's issue on 12 Oct 2025)",
    });
  });

  it('an unknown profile, or a bad SEND_POLICY_FILE, stops the start with the reason; nothing is kept', async () => {
    const w = await world({}, { ...fixture, policy: 'northshire' });
    try {
      const logger = memoryLogger();
      await expect(policyAtStart(w.store, {}, logger)).rejects.toThrow(UnknownPolicyError);
      await expect(policyAtStart(w.store, {})).rejects.toThrow('unknown policy profile "northshire": the profiles are "dorset", "durham"');
      const bad = path.join(tmp, 'bad.json');
      writeFileSync(bad, JSON.stringify({ name: 'northshire', title: 'x', parameters: { annualReviewLeadDays: 400 } }));
      const error = await policyAtStart(w.store, { SEND_POLICY_FILE: bad }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PolicyInvalidError);
      expect((error as Error).message).toContain('parameters.annualReviewLeadDays: must be 182 or less (days)');
      expect(await w.store.getSetting(POLICY_SETTING)).toBeNull();
    } finally {
      await w.close();
    }
  });

  it('a profile kept in the store is checked again when read (a bad setting is an error, not Dorset)', async () => {
    const w = await world({}, { ...fixture, policy: 'durham' });
    try {
      await w.store.putSetting(POLICY_SETTING, { name: 'durham', title: 'broken' });
      await expect(servicePolicySource(w.store)).rejects.toThrow('in the store setting policy-profile');
    } finally {
      await w.close();
    }
  });
});

describe("actions agreed at meetings are their owner's", () => {
  it("on the owner's what's due, naming the action and the meeting, even on a case they may not see (then without the case)", async () => {
    const work = await alexsWork('dorset');
    expect(work.filter((o) => o.kind === 'meeting-action')).toEqual([
      expect.objectContaining({
        caseId: null,
        who: '',
        what: 'Action A-1: Ask the school for the timetable',
        due: '2026-11-20',
        status: 'overdue',
        citation: 'PS 4.2',
        basis: 'the date set at the CMOOE oversight meeting on 12 Nov 2026',
      }),
    ]);
  });

  it("the bot's help says which profile is in force", async () => {
    const w = await world({}, { ...fixture, policy: 'durham' });
    try {
      const text = cardText(await say(w.bot, AAD.alex, 'help'));
      expect(text).toContain('Timescales follow the Durham SEND & Inclusion Toolkit profile ("durham")');
    } finally {
      await w.close();
    }
  });
});
