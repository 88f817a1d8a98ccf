// docs/rules.md section 7 through every endpoint of the tab API, over a demo service: for every person,
// the cases they can reach through the API are exactly the cases section 7 gives them. The expected
// sets are computed here, in the test, from the text of section 7 (not from services/access.ts):
//   a person sees the cases they lead or hold; their team's cases if they are a team manager; all cases
//   if they are a service manager, QA officer or Business Support; and the cases that are CMOOE today
//   if they are a CMOOE chair.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateDemo } from '../../src/domain/demo.js';
import { FIGURE_NAMES, PERSON_FIGURES } from '../../src/domain/measures.js';
import type { Case, CaseFile, Person } from '../../src/domain/model.js';
import { entraToken, getJson, makeKey, openTestStore, sendJson, startApi, type RunningApi, type TestKeys } from './support.js';

const TODAY = '2026-11-23';
const file: CaseFile = generateDemo({ cases: 150, seed: 7, today: TODAY });

function cmooeToday(c: Case): boolean {
  return c.cmooe.some((p) => p.from <= TODAY && (p.to === null || TODAY <= p.to));
}

function section7(p: Person): Set<string> {
  const all = p.roles.some((r) => r === 'service-manager' || r === 'qa-officer' || r === 'business-support');
  return new Set(
    file.cases
      .filter(
        (c) =>
          all ||
          c.leadProfessionalId === p.id ||
          c.inclusionLeadId === p.id ||
          (p.roles.includes('team-manager') && p.team !== null && c.team === p.team) ||
          // A chair sees the CMOOE children of the series they chair; a child in care is the Children in
          // Care series' (docs/rules.md sections 4 and 7).
          (p.roles.includes('cmooe-chair') && (p.chairs ?? []).includes(c.childInCare ? 'cic-cmooe' : 'cmooe') && cmooeToday(c)),
      )
      .map((c) => c.id),
  );
}

/** Section 7: "an auditor sees the case of an audit assigned to them while the audit is open" (and a
 * moderator while the moderation is open, section 8). Reached from the Audits page, not in the case list. */
function auditing(p: Person): Set<string> {
  return new Set(
    file.audits.filter((a) => (a.auditorId === p.id && a.completedOn === null) || (a.moderation !== null && a.moderation.moderatorId === p.id && a.moderation.on === null)).map((a) => a.caseId),
  );
}

let api: RunningApi;
let key: TestKeys;
const tokens = new Map<string, string>();
let storeKind = '';

beforeAll(async () => {
  key = await makeKey('k1');
  const opened = await openTestStore(file);
  storeKind = opened.kind;
  api = await startApi(opened.store, { now: `${TODAY}T10:00:00Z`, trusted: [key] });
  // Every Entra user has an object id; a person without one on file is bound to it by email at first use.
  for (const [i, p] of file.people.entries()) {
    const oid = p.aadObjectId ?? `0000aaaa-0000-0000-0000-${String(i).padStart(12, '0')}`;
    tokens.set(p.id, await entraToken(key, { oid, preferred_username: p.email ?? undefined }));
  }
});
afterAll(async () => {
  await api?.close();
});

const sorted = (s: Iterable<string>) => [...s].sort();

describe(`section 7 over a 150-case demo service in the SQLite store, every person, every endpoint`, () => {
  it('the demo has people of every kind this table needs', () => {
    const roles = new Set(file.people.flatMap((p) => p.roles));
    for (const r of ['provision-lead', 'inclusion-lead', 'team-manager', 'service-manager', 'cmooe-chair', 'business-support', 'qa-officer']) expect(roles).toContain(r);
    expect(storeKind).toBe('sqlite');
  });

  it.each(file.people.map((p) => [`${p.id} ${p.roles.join('+')} ${p.team ?? ''}`, p] as const))('%s', async (_label, person) => {
    const token = tokens.get(person.id)!;
    const expected = section7(person);
    const audited = auditing(person);

    // The case list is exactly the section 7 set.
    const list = await getJson(api.base, '/api/tab/cases?limit=50000', token);
    expect(list.status).toBe(200);
    expect(sorted(list.body.items.map((i: { id: string }) => i.id))).toEqual(sorted(expected));
    expect(list.body.total).toBe(expected.size);

    // Every case page: 200 for the section 7 set, 404 for every other case (as for one that does not exist).
    for (const c of file.cases) {
      const r = await getJson(api.base, `/api/tab/cases/${encodeURIComponent(c.id)}`, token);
      expect([c.id, r.status]).toEqual([c.id, expected.has(c.id) || audited.has(c.id) ? 200 : 404]);
      if (r.status === 200) {
        expect(r.body.case.childName).toBe(c.childName);
        for (const t of r.body.timeline) expect([t.kind, typeof t.basis === 'string' && t.basis.length > 10]).toEqual([t.kind, true]);
      } else expect(JSON.stringify(r.body)).not.toContain(c.childName);
    }

    // My work lists no case outside the set (and the cases of the person's open audits: their audit obligations).
    const work = await getJson(api.base, '/api/tab/my-work', token);
    expect(work.status).toBe(200);
    for (const item of work.body.items) if (item.caseId !== null) expect([...expected, ...audited]).toContain(item.caseId);
    // Every row says where its due date comes from.
    for (const item of work.body.items) expect(typeof item.basis === 'string' && item.basis.length > 10).toBe(true);

    // Dashboard: managers and all-cases roles only; every drill-down stays inside the set.
    const isManager = person.roles.some((r) => ['service-manager', 'qa-officer', 'business-support'].includes(r)) || (person.roles.includes('team-manager') && person.team !== null);
    const dash = await getJson(api.base, '/api/tab/dashboard', token);
    expect(dash.status).toBe(isManager ? 200 : 403);
    if (isManager) {
      for (const figure of FIGURE_NAMES) {
        for (const which of ['all', 'missed']) {
          const d = await getJson(api.base, `/api/tab/dashboard/drill?figure=${figure}&which=${which}&from=2026-01-01&to=${TODAY}`, token);
          expect(d.status).toBe(200);
          if (PERSON_FIGURES.includes(figure)) continue;
          for (const row of d.body.rows) expect(expected).toContain(row.id);
        }
      }
    }

    // Chair's view: a chair of the series and Business Support only; nothing outside the set.
    for (const series of ['cmooe', 'cic-cmooe']) {
      const isChair = (person.roles.includes('cmooe-chair') && (person.chairs ?? []).includes(series)) || person.roles.includes('business-support');
      const chair = await getJson(api.base, `/api/tab/chair?series=${series}`, token);
      expect(chair.status).toBe(isChair ? 200 : 403);
      if (!isChair) continue;
      const ids = [
        ...chair.body.candidates.map((c: { caseId: string }) => c.caseId),
        ...chair.body.nominations.map((c: { caseId: string }) => c.caseId),
        ...chair.body.selections.map((c: { caseId: string }) => c.caseId),
        ...chair.body.agenda.items.map((c: { caseId: string }) => c.caseId),
      ];
      for (const id of ids) expect(expected).toContain(id);
    }
  });
});

describe('a team manager', () => {
  const adele = file.people.find((p) => p.name === 'Adele Vance')!;
  const otherTeamCase = file.cases.find((c) => c.team !== adele.team && c.leadProfessionalId !== adele.id && c.inclusionLeadId !== adele.id)!;
  it("asking for another team's case gets 404, as for a case that does not exist", async () => {
    const r = await getJson(api.base, `/api/tab/cases/${otherTeamCase.id}`, tokens.get(adele.id));
    expect(r.status).toBe(404);
    expect(r.body.error).toMatch(/There is no case .* that you can see/);
  });
  it("asking for another team's figures gets 403, and her own figures are her team's", async () => {
    expect((await getJson(api.base, `/api/tab/dashboard?team=${encodeURIComponent(otherTeamCase.team!)}`, tokens.get(adele.id))).status).toBe(403);
    const own = await getJson(api.base, '/api/tab/dashboard', tokens.get(adele.id));
    expect(own.body.filter.team).toBe(adele.team);
    expect(own.body.teams).toEqual([adele.team]);
    expect(own.body.byTeam.map((r: { team: string }) => r.team)).toEqual([adele.team]);
  });
  it('an unknown case is 404', async () => {
    expect((await getJson(api.base, '/api/tab/cases/NO-SUCH-CASE', tokens.get(adele.id))).status).toBe(404);
  });
});

describe("the chair's selection", () => {
  const chair = file.people.find((p) => p.name === 'Isaiah Langer')!;
  const adele = file.people.find((p) => p.name === 'Adele Vance')!;
  it('a chair selecting before the window opens (M - 7) is told when it opens, and nothing is stored (the window open: tests/e2e/meetings.test.ts)', async () => {
    const view = await getJson(api.base, '/api/tab/chair?series=cmooe', tokens.get(chair.id));
    // Mon 23 Nov: the next meeting is Thu 3 Dec, its selections open on Thu 26 Nov.
    expect(view.body.selection).toMatchObject({ window: { opens: '2026-11-26', closes: '2026-12-03' }, state: 'before', allowed: false });
    const candidate = view.body.candidates.find((c: { selected: boolean; nominated: boolean }) => !c.selected && !c.nominated);
    expect(candidate).toBeDefined();
    const before = await api.deps.store.listSelections({ seriesId: 'cmooe' });
    const added = await sendJson(api.base, 'POST', '/api/tab/chair/selections', tokens.get(chair.id)!, { caseId: candidate.caseId, seriesId: 'cmooe', meetingOn: view.body.meetingOn });
    expect(added.status).toBe(400);
    expect(added.body.error).toBe(`Selections for the meeting of ${view.body.meetingOn} open on 2026-11-26, when that fortnight's summaries are in (docs/rules.md section 4).`);
    expect(await api.deps.store.listSelections({ seriesId: 'cmooe' })).toEqual(before);
  });
  it('a team manager may not select', async () => {
    const r = await sendJson(api.base, 'POST', '/api/tab/chair/selections', tokens.get(adele.id)!, { caseId: file.cases[0]!.id, seriesId: 'cmooe', meetingOn: '2026-11-26' });
    expect(r.status).toBe(403);
  });
  it("Business Support sees the chair's view but may not select, and the rule is named (PS 4.2)", async () => {
    const support = file.people.find((p) => p.roles.includes('business-support'))!;
    const view = await getJson(api.base, '/api/tab/chair?series=cmooe', tokens.get(support.id));
    expect(view.status).toBe(200);
    const cmooe = file.cases.find((c) => cmooeToday(c) && !c.childInCare)!;
    const r = await sendJson(api.base, 'POST', '/api/tab/chair/selections', tokens.get(support.id)!, { caseId: cmooe.id, seriesId: 'cmooe', meetingOn: view.body.meetingOn });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/chair/);
  });
  it('a case that is not CMOOE is, to the chair, a case that does not exist (section 7)', async () => {
    const notCmooe = file.cases.find((c) => !cmooeToday(c))!;
    const view = await getJson(api.base, '/api/tab/chair?series=cmooe', tokens.get(chair.id));
    const r = await sendJson(api.base, 'POST', '/api/tab/chair/selections', tokens.get(chair.id)!, { caseId: notCmooe.id, seriesId: 'cmooe', meetingOn: view.body.meetingOn });
    expect(r.status).toBe(404);
  });
  it('a bad request body names the field', async () => {
    const r = await sendJson(api.base, 'POST', '/api/tab/chair/selections', tokens.get(chair.id)!, { seriesId: 'cmooe' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/caseId/);
  });
});

describe('logs', () => {
  it('carry no child name after all of the above', () => {
    const log = api.logLines.join('\n');
    for (const c of file.cases) expect(log).not.toContain(c.childName);
  });
});

describe('drill-down rows say why each case is there', () => {
  const patti = file.people.find((p) => p.name === 'Patti Fernandez')!;
  it('reviews overdue now lists only overdue annual reviews', async () => {
    const d = await getJson(api.base, '/api/tab/dashboard/drill?figure=reviewsOverdueNow', tokens.get(patti.id));
    expect(d.body.total).toBeGreaterThan(0);
    for (const row of d.body.rows) {
      expect(row.obligations.length).toBeGreaterThan(0);
      for (const o of row.obligations) expect([o.kind, o.status]).toEqual(['annual-review', 'overdue']);
    }
  });
  it('missed decisions list only decisions due in the period that were not met', async () => {
    const d = await getJson(api.base, `/api/tab/dashboard/drill?figure=decisionsWithin6Weeks&which=missed&from=2026-01-01&to=${TODAY}`, tokens.get(patti.id));
    expect(d.body.total).toBeGreaterThan(0);
    for (const row of d.body.rows) {
      expect(row.obligations.length).toBeGreaterThan(0);
      for (const o of row.obligations) {
        expect(o.kind).toBe('assessment-decision');
        expect(['met-late', 'overdue']).toContain(o.status);
        expect(o.due >= '2026-01-01' && o.due <= TODAY).toBe(true);
      }
    }
  });
});
