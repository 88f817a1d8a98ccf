// The tab's API for audits (docs/rules.md sections 7 and 8), over the real SQLite store and HTTP: a QA
// officer assigns an audit, the auditor (a team manager of another team) sees the case only while the
// audit is open, saves a draft nobody else sees, completes it with the framework's validation, and the
// finding's action lands in the case lead's work; the blind moderation; the dashboard's audit figure and
// its drill-down, each as the person may. The small service is tests/bot/support.ts (Monday 23 Nov 2026).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { caseFileSchema, type CaseFileInput } from '../../src/domain/model.js';
import type { CaseStore } from '../../src/store/port.js';
import { AAD, fixture } from '../bot/support.js';
import { entraToken, getJson, makeKey, openTestStore, sendJson, startApi, type RunningApi } from './support.js';

const TODAY = '2026-11-23';
const QUINN = '0a0a0a0a-0000-4000-8000-000000000006';
const SARA = '0a0a0a0a-0000-4000-8000-000000000007';
const EHCP_CRITERIA = ['views-recorded', 'smart-outcomes', 'holistic', 'needs-not-diagnosis', 'strengths', 'provision-specified'];

const file: CaseFileInput = {
  ...fixture,
  people: [
    ...(fixture.people ?? []),
    { id: 'p6', name: 'Quinn Auditor', email: 'quinn@example.com', aadObjectId: QUINN, roles: ['qa-officer'], team: null },
    { id: 'p7', name: 'Sara Dean', email: 'sara@example.com', aadObjectId: SARA, roles: ['team-manager'], team: 'South', locality: 'South' },
  ],
  audits: [
    // Adele's audit of a South case, graded Good on 10 Nov, sent to Quinn to moderate (blind).
    {
      id: 'Q-2026-10-ehcp-1',
      type: 'ehcp',
      caseId: 'C-2001',
      auditorId: 'p3',
      auditorRole: 'team-manager',
      assignedOn: '2026-10-01',
      completedOn: '2026-11-10',
      grade: 'good',
      criteria: EHCP_CRITERIA.map((id) => ({ id, judgement: 'met', comment: null })),
      summary: 'A clear plan.',
      actions: [],
      run: '2026-10',
      sampledFrom: 'final plan issued on 14 Sep 2026',
      moderation: { moderatorId: 'p6', assignedOn: '2026-11-20', grade: null, on: null, comment: null },
    },
  ],
};

let api: RunningApi;
let store: CaseStore;
const token: Record<string, string> = {};

beforeAll(async () => {
  const key = await makeKey('k1');
  ({ store } = await openTestStore(caseFileSchema.parse(file)));
  api = await startApi(store, { now: `${TODAY}T10:00:00Z`, trusted: [key] });
  for (const [name, oid] of Object.entries({ ...AAD, quinn: QUINN, sara: SARA })) token[name] = await entraToken(key, { oid });
});
afterAll(async () => {
  await api?.close();
  await store?.close();
});

const get = (path: string, who: string) => getJson(api.base, path, token[who]);
const send = (method: string, path: string, who: string, body?: unknown) => sendJson(api.base, method, path, token[who]!, body);

let auditId = '';
let version = '';

describe('assigning an audit (a QA officer)', () => {
  it('shows the QA officer every audit and lets them run the programme and assign', async () => {
    const r = await get('/api/tab/audits', 'quinn');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mayPlan: true, mayAssign: true });
    expect(r.body.all.map((a: { id: string }) => a.id)).toEqual(['Q-2026-10-ehcp-1']);
    // Quinn moderates it: it is hers to do, and the first grade is hidden from her.
    expect(r.body.mine).toEqual([expect.objectContaining({ id: 'Q-2026-10-ehcp-1', role: 'moderator', grade: null })]);
  });

  it('refuses to give an auditor a case they manage, naming the rule', async () => {
    const r = await send('POST', '/api/tab/audits', 'quinn', { type: 'ehcp', caseId: 'C-1001', auditorId: 'p3' });
    expect(r.status).toBe(400);
    expect(r.body.errors.auditorId).toMatch(/Adele Vance leads or manages case C-1001.*section 8/);
  });

  it('refuses an assignment by anyone but a QA officer', async () => {
    const r = await send('POST', '/api/tab/audits', 'adele', { type: 'ehcp', caseId: 'C-2001', auditorId: 'p7' });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/assigned by a QA officer/);
  });

  it("keeps North's case from Sara until she audits it", async () => {
    expect((await get('/api/tab/cases/C-1001', 'sara')).status).toBe(404);
    const r = await send('POST', '/api/tab/audits', 'quinn', { type: 'ehcp', caseId: 'c-1001', auditorId: 'p7', reason: 'concern raised at panel' });
    expect(r.status).toBe(201);
    auditId = r.body.id;
    expect(auditId).toBe('Q-2026-11-ehcp-h1');
    const c = await get('/api/tab/cases/C-1001', 'sara');
    expect(c.status).toBe(200);
    expect(c.body.case.childName).toBe('Jamie Example');
  });
});

describe('doing the audit (the auditor)', () => {
  it("lists it on Sara's Audits page, due 20 working days after assignment", async () => {
    const r = await get('/api/tab/audits', 'sara');
    expect(r.body.all).toBeNull();
    expect(r.body.mayPlan).toBe(false);
    // 23 Nov + 20 working days = 21 Dec 2026.
    expect(r.body.mine).toEqual([expect.objectContaining({ id: auditId, caseId: 'C-1001', child: 'Jamie Example', state: 'not-started', due: '2026-12-21', role: 'auditor' })]);
    const me = await get('/api/tab/me', 'sara');
    expect(me.body.views).toContain('audits');
  });

  it("shows the form with the type's criteria, the grades and the case's facts", async () => {
    const r = await get(`/api/tab/audits/${auditId}`, 'sara');
    expect(r.status).toBe(200);
    expect(r.body.editable).toBe(true);
    expect(r.body.criteria.map((c: { id: string }) => c.id)).toEqual(EHCP_CRITERIA);
    expect(r.body.grades.map((g: { label: string }) => g.label)).toEqual(['Outstanding', 'Good', 'Requires improvement', 'Inadequate']);
    expect(r.body.owners).toEqual([
      { id: 'p1', name: 'Alex Wilber' },
      { id: 'p3', name: 'Adele Vance' },
    ]);
    expect(r.body.facts).toMatchObject({ id: 'C-1001', childName: 'Jamie Example', leadProfessional: 'Alex Wilber', assessment: { requestedOn: '2026-09-01' } });
    // The rule book's timeliness: the decision due 13 Oct (PS 5.3), not made.
    expect(r.body.facts.timeliness).toEqual(expect.arrayContaining([expect.objectContaining({ due: '2026-10-13', completedOn: null })]));
    version = r.body.version;
  });

  it('is hidden from those with no part in it, with the one answer for an unknown audit', async () => {
    for (const who of ['alex', 'south']) {
      const r = await get(`/api/tab/audits/${auditId}`, who);
      expect(r.status).toBe(404);
      expect(r.body.error).toMatch(`There is no audit ${auditId} that you can see.`);
    }
    const none = await get('/api/tab/audits/Q-1999-01-ehcp-9', 'alex');
    expect(none.body.error).toBe((await get(`/api/tab/audits/${auditId}`, 'alex')).body.error.replace(auditId, 'Q-1999-01-ehcp-9'));
  });

  it("saves a draft that nobody else sees, not even a QA officer or the case's manager", async () => {
    const draft = { version, criteria: [{ id: 'views-recorded', judgement: 'not-met', comment: "The child's views are not in section A." }], grade: null, summary: null, actions: [] };
    const r = await send('PUT', `/api/tab/audits/${auditId}/draft`, 'sara', draft);
    expect(r.status).toBe(200);
    version = r.body.version;
    const again = await get(`/api/tab/audits/${auditId}`, 'sara');
    expect(again.body.audit.answers.criteria.find((c: { id: string }) => c.id === 'views-recorded')).toMatchObject({ judgement: 'not-met' });
    const qa = await get(`/api/tab/audits/${auditId}`, 'quinn');
    expect(qa.status).toBe(200);
    expect(qa.body.audit.answers).toBeNull();
    expect(JSON.stringify(qa.body)).not.toContain('section A');
    expect((await get(`/api/tab/audits/${auditId}`, 'adele')).status).toBe(404);
    const list = await get('/api/tab/audits', 'quinn');
    expect(list.body.all.find((a: { id: string }) => a.id === auditId)).toMatchObject({ state: 'in-progress', grade: null });
    // Only the auditor saves it.
    expect((await send('PUT', `/api/tab/audits/${auditId}/draft`, 'quinn', draft)).status).toBe(403);
  });

  it('refuses a completion without every criterion judged, naming each, and keeps the draft', async () => {
    const r = await send('POST', `/api/tab/audits/${auditId}/complete`, 'sara', {
      version,
      criteria: [{ id: 'views-recorded', judgement: 'not-met', comment: 'Views missing.' }],
      grade: 'good',
      summary: null,
      actions: [],
    });
    expect(r.status).toBe(400);
    expect(r.body.errors['criteria.smart-outcomes']).toBe('judge this criterion: met, partly met or not met');
    expect(Object.keys(r.body.errors)).toHaveLength(5);
  });

  it('refuses Requires improvement without an action, and an action owned by someone outside the case', async () => {
    const criteria = EHCP_CRITERIA.map((id) => ({ id, judgement: id === 'views-recorded' ? 'not-met' : 'met', comment: id === 'views-recorded' ? 'Views missing.' : null }));
    const none = await send('POST', `/api/tab/audits/${auditId}/complete`, 'sara', { version, criteria, grade: 'requires-improvement', summary: null, actions: [] });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual({ actions: expect.stringMatching(/graded Requires improvement needs at least one action/) });
    const outsider = await send('POST', `/api/tab/audits/${auditId}/complete`, 'sara', {
      version,
      criteria,
      grade: 'requires-improvement',
      summary: null,
      actions: [{ criterionId: 'views-recorded', text: "Add the child's views.", ownerId: 'p5', dueOn: '2026-12-18' }],
    });
    expect(outsider.body.errors['actions[0].ownerId']).toMatch(/lead professional or their manager/);
  });

  it("completes it: the grade stands, the action is Alex's to do, and Sara no longer sees the case", async () => {
    const criteria = EHCP_CRITERIA.map((id) => ({ id, judgement: id === 'views-recorded' ? 'not-met' : 'met', comment: id === 'views-recorded' ? 'Views missing.' : null }));
    const r = await send('POST', `/api/tab/audits/${auditId}/complete`, 'sara', {
      version,
      criteria,
      grade: 'requires-improvement',
      summary: 'Outcomes are SMART; the voice of the child is missing.',
      actions: [{ criterionId: 'views-recorded', text: "Add the child's views to section A.", ownerId: 'p1', dueOn: '2026-12-18' }],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ completedOn: TODAY, grade: 'requires-improvement' });
    expect(r.body.actions).toHaveLength(1);
    const work = await get('/api/tab/my-work', 'alex');
    expect(JSON.stringify(work.body)).toContain("Add the child's views to section A.");
    expect((await get('/api/tab/cases/C-1001', 'sara')).status).toBe(404);
    // A completed audit cannot be changed.
    const late = await send('PUT', `/api/tab/audits/${auditId}/draft`, 'sara', { version: r.body.version, criteria, grade: 'good', summary: null, actions: [] });
    expect(late.status).toBe(400);
    expect(late.body.errors.form).toMatch(/was completed on 2026-11-23: it cannot be changed/);
    // Now the case's team manager reads it.
    const adele = await get(`/api/tab/audits/${auditId}`, 'adele');
    expect(adele.status).toBe(200);
    expect(adele.body).toMatchObject({ role: 'reader', editable: false, audit: { answers: { grade: 'requires-improvement' } } });
  });
});

describe('moderation (blind)', () => {
  it('shows the moderator the criteria and the case but not the first grade, then both once graded', async () => {
    const form = await get('/api/tab/audits/Q-2026-10-ehcp-1', 'quinn');
    expect(form.body).toMatchObject({ role: 'moderator', editable: true, audit: { answers: null, moderation: { moderator: 'Quinn Auditor', grade: null } } });
    expect(JSON.stringify(form.body)).not.toContain('A clear plan.');
    const r = await send('POST', '/api/tab/audits/Q-2026-10-ehcp-1/moderation', 'quinn', { version: form.body.version, grade: 'requires-improvement', comment: 'Outcomes are not measurable.' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ version: expect.any(String), agreed: false, firstGrade: 'good', grade: 'requires-improvement' });
    const after = await get('/api/tab/audits/Q-2026-10-ehcp-1', 'quinn');
    expect(after.body).toMatchObject({ editable: false, audit: { answers: { grade: 'good', summary: 'A clear plan.' }, moderation: { grade: 'requires-improvement' } } });
  });

  it('refuses a moderation from the auditor', async () => {
    const form = await get('/api/tab/audits/Q-2026-10-ehcp-1', 'adele');
    const r = await send('POST', '/api/tab/audits/Q-2026-10-ehcp-1/moderation', 'adele', { version: form.body.version, grade: 'good', comment: null });
    expect(r.status).toBe(403);
  });
});

describe("the dashboard's audit figure", () => {
  it('gives the service Good or better / all against the 80 % target, by type and locality', async () => {
    const r = await get('/api/tab/audits/figures?from=2026-09-01&to=2026-11-30', 'quinn');
    expect(r.status).toBe(200);
    expect(r.body.target).toBe(80);
    expect(r.body.overall).toEqual({ good: 1, total: 2, percent: 50, meetsTarget: false });
    expect(r.body.byLocality).toEqual([
      { locality: 'North', good: 0, total: 1, percent: 0, meetsTarget: false },
      { locality: 'South', good: 1, total: 1, percent: 100, meetsTarget: true },
    ]);
    expect(r.body.moderation).toMatchObject({ agreed: 0, moderated: 1, percent: 0 });
    expect(r.body.criteriaNotMet[0]).toMatchObject({ type: 'ehcp', criterionId: 'views-recorded', notMet: 1 });
  });

  it("gives a team manager her team's audits only, and refuses a caseworker", async () => {
    const r = await get('/api/tab/audits/figures?from=2026-09-01&to=2026-11-30', 'adele');
    expect(r.body.filter.team).toBe('North');
    expect(r.body.overall).toMatchObject({ good: 0, total: 1 });
    expect((await get('/api/tab/audits/figures?team=South', 'adele')).status).toBe(403);
    expect((await get('/api/tab/audits/figures', 'alex')).status).toBe(403);
  });

  it('drills down to the audits below Good, with initials and no name', async () => {
    const r = await get('/api/tab/audits/drill?which=below-good&from=2026-09-01&to=2026-11-30', 'quinn');
    expect(r.status).toBe(200);
    expect(r.body.rows).toEqual([expect.objectContaining({ id: auditId, caseId: 'C-1001', initials: 'J.E.', gradeLabel: 'Requires improvement', notMet: ['views-recorded'] })]);
    expect(JSON.stringify(r.body)).not.toContain('Jamie');
    const crit = await get('/api/tab/audits/drill?which=criterion&criterion=ehcp%7Cviews-recorded&from=2026-09-01&to=2026-11-30', 'quinn');
    expect(crit.body.rows.map((x: { id: string }) => x.id)).toEqual([auditId]);
    expect((await get('/api/tab/audits/drill?which=nonsense', 'quinn')).status).toBe(400);
  });
});

describe('the programme from the tab', () => {
  it('runs for a QA officer (dry run: nothing stored) and is refused to anyone else', async () => {
    const r = await send('POST', '/api/tab/audits/plan', 'quinn', { on: '2026-12-01', dryRun: true });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'dry-run', run: '2026-12' });
    expect((await get('/api/tab/audits', 'quinn')).body.all).toHaveLength(2);
    const refused = await send('POST', '/api/tab/audits/plan', 'sara', { on: '2026-12-01' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/run by a QA officer/);
  });
});
