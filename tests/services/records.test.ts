// Children's records as the law expects (issue 16; docs/rules.md sections 7 and 9), through the services
// on the real SQLite store loaded with a demo service: the subject access export of one demo child holds
// no other child's name or reference; the retention review lists exactly the records whose keeping time
// (25 years from the date of birth; 6 years after a plan ended, if later) has passed; destruction is for
// information governance only and leaves nothing of the case but the destruction entry.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { generateDemo, INFORMATION_GOVERNANCE_NAME } from '../../src/domain/demo.js';
import type { CaseFile, Person } from '../../src/domain/model.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { CaseStore } from '../../src/store/port.js';
import { directRecorder } from '../../src/services/access-log.js';
import { buildSubjectAccess, subjectAccessDocx, subjectAccessJson } from '../../src/services/sar/index.js';
import { destroyRecord, retentionReview } from '../../src/services/retention.js';
import { AccessDeniedError, BadRequestError } from '../../src/services/dashboard.js';

const TODAY = '2026-11-23';
const NOW = Date.parse(`${TODAY}T10:00:00Z`);

/** The rule in the rule book's words, computed here from dates (not from the code under test):
 * kept until the date of birth + 25 years, or until 6 years after the plan ceased or was transferred
 * out if that is later; past retention from the day after. */
function keptUntil(c: CaseFile['cases'][number]): string {
  const plusYears = (iso: string, n: number) => {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    // 29 February + n years, in a year without one, is 28 February.
    const last = new Date(Date.UTC(y + n, m, 0)).getUTCDate();
    return `${y + n}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  };
  const birth = plusYears(c.dateOfBirth, 25);
  const ended = [c.plan?.ceasedOn, c.plan?.transferredOutOn].filter((d): d is string => typeof d === 'string').sort()[0];
  const closure = ended === undefined ? null : plusYears(ended, 6);
  return closure !== null && closure > birth ? closure : birth;
}

async function docxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = await Promise.all(
    Object.keys(zip.files)
      .filter((n) => n.endsWith('.xml'))
      .map((n) => zip.file(n)?.async('string') ?? Promise.resolve('')),
  );
  // The words of the document, whatever runs Word split them into.
  return parts.map((x) => x.replace(/<w:tab\/>/g, ' ').replace(/<[^>]+>/g, '')).join('\n');
}

describe('subject access export of a demo child', () => {
  let store: CaseStore;
  let file: CaseFile;
  let ig: Person;
  let subject: CaseFile['cases'][number];
  let other: CaseFile['cases'][number];

  beforeAll(async () => {
    file = generateDemo({ cases: 400, seed: 11, today: TODAY });
    store = openSqliteStore(':memory:');
    await store.importCaseFile(file);
    const found = (await store.listPeople()).find((p) => p.name === INFORMATION_GOVERNANCE_NAME);
    if (!found) throw new Error('the demo has no information governance officer');
    ig = found;
    // A child discussed at a CMOOE meeting alongside others: nominated, so on a shared agenda.
    const nominated = new Set(file.nominations.map((n) => n.caseId));
    const candidates = file.cases.filter((c) => nominated.has(c.id));
    const s = candidates[0];
    if (!s) throw new Error('the demo has no nominated child');
    subject = s;
    const o = file.cases.find((c) => c.id !== subject.id && nominated.has(c.id) && c.childName !== subject.childName);
    if (!o) throw new Error('the demo has one nominated child only');
    other = o;
    // Staff sometimes name another child in a note: the export must not carry it.
    await store.addCaseNote(subject.id, {
      eventAt: '2026-11-20T09:00:00.000Z',
      recordedAt: '2026-11-20T09:30:00.000Z',
      authorId: subject.leadProfessionalId ?? ig.id,
      text: `Met mum; she mentioned ${other.childName} (${other.id}) from the same class, who is also out of school.`,
    });
    // Someone read the record: the export says who.
    await directRecorder(store).add([
      { id: 'seen-1', at: '2026-11-21T08:00:00.000Z', personId: subject.leadProfessionalId ?? ig.id, caseId: subject.id, via: 'tab-case', reason: 'lead', scope: 'own', detail: null },
    ]);
  });
  afterAll(async () => {
    await store.close();
  });

  it("holds the child's record, notes, nominations, timescales, agendas and access record, and no other child's name or reference", async () => {
    const bundle = await buildSubjectAccess(store, subject.id, { now: NOW, preparedBy: ig });
    const counts = Object.fromEntries(bundle.sections.map((s) => [s.id, s.count]));
    expect(counts.record).toBe(1);
    expect(counts.caseNotes).toBe(subject.caseNotes.length + 1);
    expect(counts.nominations).toBe(file.nominations.filter((n) => n.caseId === subject.id).length);
    expect(counts.obligations).toBeGreaterThan(0);
    expect(counts.agendas).toBeGreaterThan(0);
    expect(counts.accessRecord).toBe(1);

    const json = subjectAccessJson(bundle);
    const words = await docxText(await subjectAccessDocx(bundle));
    for (const text of [json, words]) {
      expect(text).toContain(subject.childName);
      expect(text).toContain(subject.id);
      expect(text).toContain('[another child]');
      expect(text).toContain('[another case]');
    }
    const staff = new Set(file.people.map((p) => p.name));
    const leaks: string[] = [];
    for (const c of file.cases) {
      if (c.id === subject.id) continue;
      // A child who shares the subject's name or a member of staff's cannot be told apart by name.
      if (c.childName !== subject.childName && !staff.has(c.childName)) {
        if (json.includes(c.childName)) leaks.push(`${c.childName} in the JSON`);
        if (words.includes(c.childName)) leaks.push(`${c.childName} in the Word document`);
      }
      if (new RegExp(`\\b${c.id}\\b`).test(json)) leaks.push(`${c.id} in the JSON`);
      if (new RegExp(`\\b${c.id}\\b`).test(words)) leaks.push(`${c.id} in the Word document`);
    }
    expect(leaks).toEqual([]);
  });
});

describe('retention review and destruction on a demo service whose oldest records are past retention', () => {
  let store: CaseStore;
  let file: CaseFile;
  let ig: Person;
  let manager: Person;
  // The demo's oldest children are 24: two and a half years on, the first records have passed 25 years.
  const LATER = '2029-06-01';
  const LATER_NOW = Date.parse(`${LATER}T10:00:00Z`);

  beforeAll(async () => {
    file = generateDemo({ cases: 600, seed: 3, today: TODAY });
    store = openSqliteStore(':memory:');
    await store.importCaseFile(file);
    const people = await store.listPeople();
    const i = people.find((p) => p.name === INFORMATION_GOVERNANCE_NAME);
    const m = people.find((p) => p.roles.includes('service-manager'));
    if (!i || !m) throw new Error('the demo lacks an information governance officer or a service manager');
    ig = i;
    manager = m;
  });
  afterAll(async () => {
    await store.close();
  });

  it('lists exactly the records kept past their time, longest past first, with the rule and its dates', async () => {
    const expected = file.cases
      .map((c) => ({ caseId: c.id, keepUntil: keptUntil(c) }))
      .filter((r) => r.keepUntil < LATER)
      .sort((a, b) => (a.keepUntil < b.keepUntil ? -1 : a.keepUntil > b.keepUntil ? 1 : a.caseId < b.caseId ? -1 : 1));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(file.cases.length);
    const review = await retentionReview({ store, log: directRecorder(store) }, ig, LATER_NOW);
    expect(review.rows.map((r) => ({ caseId: r.caseId, keepUntil: r.keepUntil }))).toEqual(expected);
    for (const r of review.rows) {
      const c = file.cases.find((x) => x.id === r.caseId);
      if (!c) throw new Error(r.caseId);
      // Initials only, and the reason names the rule and the date it counts from.
      expect(JSON.stringify(r)).not.toContain(c.childName);
      expect(r.reason).toMatch(r.rule === 'birth' ? /^25 years from the date of birth, \d{1,2} \w{3} \d{4}$/ : /^6 years after the plan ended on /);
    }
    // On the demo's own day nothing has passed: the oldest child is 24.
    expect((await retentionReview({ store, log: directRecorder(store) }, ig, NOW)).rows).toEqual([]);
    // The listing is itself recorded as a reading of each record listed, by information governance.
    const seen = await store.listAccess({ via: 'retention-review', personId: ig.id, limit: 10_000 });
    expect(new Set(seen.map((e) => e.caseId))).toEqual(new Set(expected.map((r) => r.caseId)));
  });

  it('is for information governance only', async () => {
    await expect(retentionReview({ store, log: directRecorder(store) }, manager, LATER_NOW)).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it('destroys a record past retention, by information governance with a reason, leaving only the destruction entry', async () => {
    const review = await retentionReview({ store, log: directRecorder(store) }, ig, LATER_NOW);
    const target = review.rows[0];
    if (!target) throw new Error('nothing past retention');
    const c = file.cases.find((x) => x.id === target.caseId);
    if (!c) throw new Error(target.caseId);
    // Refusals first: nothing is destroyed.
    await expect(destroyRecord(store, { caseId: c.id, by: manager, reason: 'past retention, review of 2029-06-01', now: LATER_NOW })).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(destroyRecord(store, { caseId: c.id, by: ig, reason: 'ok', now: LATER_NOW })).rejects.toBeInstanceOf(BadRequestError);
    await expect(destroyRecord(store, { caseId: c.id, by: ig, reason: `past retention: ${c.childName}`, now: LATER_NOW })).rejects.toThrow(/do not name the child/);
    const young = file.cases.find((x) => keptUntil(x) > LATER);
    if (!young) throw new Error('every record is past retention');
    await expect(destroyRecord(store, { caseId: young.id, by: ig, reason: 'past retention, review of 2029-06-01', now: LATER_NOW })).rejects.toThrow(/is not past retention: it is kept until/);
    expect(await store.getCase(c.id)).not.toBeNull();
    expect(await store.getCase(young.id)).not.toBeNull();

    const done = await destroyRecord(store, { caseId: c.id, by: ig, reason: 'past retention, review of 2029-06-01', now: LATER_NOW });
    expect(done.entry).toMatchObject({ caseId: c.id, personId: ig.id, via: 'destroyed', detail: 'past retention, review of 2029-06-01' });
    expect(await store.getCase(c.id)).toBeNull();
    const left = await store.listAccess({ caseId: c.id, limit: 1000 });
    expect(left.map((e) => e.via)).toEqual(['destroyed']);
    // Nothing of the child anywhere in what the store holds.
    const everything = JSON.stringify(await store.exportCaseFile());
    // (Unless another child, or a member of staff, has the same name.)
    if (!file.cases.some((x) => x.id !== c.id && x.childName === c.childName) && !file.people.some((p) => p.name === c.childName)) {
      expect(everything.includes(c.childName)).toBe(false);
    }
    expect(new RegExp(`\\b${c.id}\\b`).test(everything)).toBe(false);
    expect((await store.listNominations({ caseId: c.id })).length + (await store.listSelections({ caseId: c.id })).length + (await store.listActions({ caseId: c.id })).length).toBe(0);
    // The rest of the service is untouched.
    expect((await store.exportCaseFile()).cases).toHaveLength(file.cases.length - 1);
  });
});
