// The CaseStore contract: what every adapter (sqlite/, sharepoint/) must do, tested through the port
// only. An adapter's test file calls runCaseStoreContract with a factory for a fresh, empty store.
//
// Expected values come from the fixture file itself (filtering its plain data), never from a store.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Case, CaseFile, CaseNote, CmooeSummary, Review } from '../../../src/domain/model.js';
import { readCaseFile } from '../../../src/domain/validate.js';
import { ConflictError, NotFoundError, StoreValidationError, type CaseStore, type Change, type ConversationRecord } from '../../../src/store/port.js';
import { CLOSED_CMOOE_DAY, contractFixture, emptyCaseFile, FIXTURE_TODAY } from './fixture.js';

export interface MadeStore {
  readonly store: CaseStore;
  readonly cleanup: () => Promise<void>;
}

export interface ContractOptions<M extends MadeStore> {
  /**
   * For the cross-process ledger test: the environment with which a child process's
   * `openStore(env)` (src/store/index.ts) opens the SAME store as `made.store`.
   * Omit it to skip that test.
   */
  readonly processFactory?: (made: M) => Record<string, string> | Promise<Record<string, string>>;
  /** Cases in the demo fixture (default 80; at least 40, so that every query has something to find). */
  readonly fixtureCases?: number;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../../..');

const ids = (cases: readonly { case: Case }[]) => cases.map((s) => s.case.id);
const sortedIds = (cases: readonly Case[]) => cases.map((c) => c.id).sort();

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}

function laterOfDates(a: string, b: string): string {
  return a > b ? a : b;
}

function plainCase(file: CaseFile): Case {
  const c = file.cases.find((x) => x.plan?.issuedOn && !x.plan.ceasedOn && !x.plan.transferredOutOn && x.leadProfessionalId);
  if (!c) throw new Error('fixture has no open issued case');
  return c;
}

export function runCaseStoreContract<M extends MadeStore>(label: string, makeStore: () => Promise<M>, options: ContractOptions<M> = {}): void {
  const size = Math.max(40, options.fixtureCases ?? 80);
  const fx = () => contractFixture(size);
  describe(`CaseStore contract: ${label}`, () => {
    let made: M;
    let store: CaseStore;
    let fixture: CaseFile;

    beforeEach(async () => {
      made = await makeStore();
      store = made.store;
      fixture = fx();
    });
    afterEach(async () => {
      await made.cleanup();
    });

    // ---- the whole file ---------------------------------------------------------------------

    describe('import and export', () => {
      it('an empty store exports the empty case file', async () => {
        expect(await store.exportCaseFile()).toEqual(emptyCaseFile());
      });

      it('exports exactly what was imported: same records, same order, same history', async () => {
        const report = await store.importCaseFile(fixture);
        expect(report).toEqual({
          people: fixture.people.length,
          cases: fixture.cases.length,
          supervisions: fixture.supervisions.length,
          nominations: fixture.nominations.length,
          selections: fixture.selections.length,
          actions: fixture.actions.length,
          meetingSeries: fixture.meetingSeries.length,
          audits: fixture.audits.length,
          meetingRecords: fixture.meetingRecords.length,
        });
        const exported = await store.exportCaseFile();
        expect(exported).toEqual(fx());
        // and what it exports is itself a valid case file that imports again unchanged
        expect(readCaseFile(JSON.parse(JSON.stringify(exported)))).toEqual(exported);
      });

      it('a re-import replaces everything (nothing of the first file is left)', async () => {
        await store.importCaseFile(fixture);
        const second = contractFixture(12, 99);
        await store.importCaseFile(second);
        expect(await store.exportCaseFile()).toEqual(contractFixture(12, 99));
        const gone = fixture.cases.find((c) => !second.cases.some((s) => s.id === c.id));
        if (gone) expect(await store.getCase(gone.id)).toBeNull();
      });

      it('refuses an invalid file, listing every problem by path, and keeps the previous content', async () => {
        await store.importCaseFile(fixture);
        const bad = JSON.parse(JSON.stringify(fixture)) as Record<string, any>;
        bad.cases[0].plan = { ...bad.cases[0].plan, issuedOn: '2026-02-30' };
        bad.cases[1].favouriteColour = 'blue';
        bad.actions.push({ ...bad.actions[0], id: 'A-new', ownerId: 'p-nobody' });
        const error = await rejection(store.importCaseFile(bad as CaseFile));
        expect(error).toBeInstanceOf(StoreValidationError);
        const problems = (error as StoreValidationError).problems.join('\n');
        expect(problems).toContain('cases[0].plan.issuedOn');
        expect(problems).toContain('cases[1].favouriteColour');
        expect(problems).toMatch(/actions\[\d+\]\.ownerId.*p-nobody/);
        expect(await store.exportCaseFile()).toEqual(fx());
      });
    });

    // ---- cases --------------------------------------------------------------------------------

    describe('reading cases', () => {
      beforeEach(async () => {
        await store.importCaseFile(fixture);
      });

      it('getCase gives the case with all its history, and null for an unknown id', async () => {
        for (const c of fixture.cases.filter((x) => x.caseNotes.length || x.reviews.length || x.cmooeSummaries.length).slice(0, 5)) {
          const stored = await store.getCase(c.id);
          expect(stored?.case).toEqual(c);
          expect(typeof stored?.version).toBe('string');
        }
        expect(await store.getCase('C-does-not-exist')).toBeNull();
      });

      it('the empty query lists every case, sorted by id', async () => {
        expect(ids(await store.queryCases({}))).toEqual(sortedIds(fixture.cases));
      });

      it('finds cases by lead professional, inclusion lead, team and locality', async () => {
        const lead = fixture.cases[0]!.leadProfessionalId!;
        expect(ids(await store.queryCases({ leadProfessionalId: lead }))).toEqual(sortedIds(fixture.cases.filter((c) => c.leadProfessionalId === lead)));
        const inclusion = fixture.cases.find((c) => c.inclusionLeadId)!.inclusionLeadId!;
        expect(ids(await store.queryCases({ inclusionLeadId: inclusion }))).toEqual(sortedIds(fixture.cases.filter((c) => c.inclusionLeadId === inclusion)));
        for (const team of new Set(fixture.cases.map((c) => c.team).filter((t): t is string => t !== null))) {
          expect(ids(await store.queryCases({ team }))).toEqual(sortedIds(fixture.cases.filter((c) => c.team === team)));
        }
        const locality = fixture.cases.at(-1)!.locality!;
        expect(ids(await store.queryCases({ locality }))).toEqual(sortedIds(fixture.cases.filter((c) => c.locality === locality)));
        expect(await store.queryCases({ leadProfessionalId: 'p-nobody' })).toEqual([]);
      });

      it('finds cases by status: ceased, transferred, open', async () => {
        const ceased = fixture.cases.filter((c) => c.plan?.ceasedOn);
        const transferred = fixture.cases.filter((c) => !c.plan?.ceasedOn && c.plan?.transferredOutOn);
        expect(ceased.length).toBeGreaterThan(0);
        expect(transferred.length).toBeGreaterThan(0);
        expect(ids(await store.queryCases({ status: 'ceased' }))).toEqual(sortedIds(ceased));
        expect(ids(await store.queryCases({ status: 'transferred' }))).toEqual(sortedIds(transferred));
        expect(ids(await store.queryCases({ status: 'open' }))).toEqual(sortedIds(fixture.cases.filter((c) => !c.plan?.ceasedOn && !c.plan?.transferredOutOn)));
      });

      it('finds the CMOOE cases of each series: open periods by default, or on a given day', async () => {
        const openCmooe = (c: Case) => c.cmooe.some((p) => p.to === null);
        const cmooe = fixture.cases.filter((c) => openCmooe(c) && !c.childInCare);
        const cic = fixture.cases.filter((c) => openCmooe(c) && c.childInCare);
        expect(cmooe.length).toBeGreaterThan(0);
        expect(cic.length).toBeGreaterThan(0);
        expect(ids(await store.queryCases({ cmooeSeries: 'cmooe' }))).toEqual(sortedIds(cmooe));
        expect(ids(await store.queryCases({ cmooeSeries: 'cic-cmooe' }))).toEqual(sortedIds(cic));
        const onDay = (c: Case, day: string) => c.cmooe.some((p) => p.from <= day && (p.to === null || day <= p.to));
        const then = fixture.cases.filter((c) => !c.childInCare && onDay(c, CLOSED_CMOOE_DAY));
        expect(then.some((c) => !openCmooe(c))).toBe(true); // the closed period is found
        expect(ids(await store.queryCases({ cmooeSeries: 'cmooe', cmooeOn: CLOSED_CMOOE_DAY }))).toEqual(sortedIds(then));
        // a period's last day is still in it; the day after is not
        const closed = fixture.cases.find((c) => c.cmooe.some((p) => p.to !== null))!;
        const period = closed.cmooe.find((p) => p.to !== null)!;
        const series = closed.childInCare ? 'cic-cmooe' : 'cmooe';
        expect(ids(await store.queryCases({ cmooeSeries: series, cmooeOn: period.to!, ids: [closed.id] }))).toEqual([closed.id]);
        expect(ids(await store.queryCases({ cmooeSeries: series, cmooeOn: period.from, ids: [closed.id] }))).toEqual([closed.id]);
        const after = new Date(Date.parse(period.to! + 'T00:00:00Z') + 86_400_000).toISOString().slice(0, 10);
        const stillCmooe = onDay(closed, after);
        expect(ids(await store.queryCases({ cmooeSeries: series, cmooeOn: after, ids: [closed.id] }))).toEqual(stillCmooe ? [closed.id] : []);
      });

      it('finds exactly the ids asked for (unknown ids ignored), and combines fields with AND', async () => {
        const some = [fixture.cases[5]!.id, fixture.cases[2]!.id, 'C-nope'];
        expect(ids(await store.queryCases({ ids: some }))).toEqual([fixture.cases[2]!.id, fixture.cases[5]!.id].sort());
        expect(await store.queryCases({ ids: [] })).toEqual([]);
        const c = fixture.cases[3]!;
        const both = fixture.cases
          .filter((x) => x.leadProfessionalId === c.leadProfessionalId && x.team === c.team)
          .map((x) => x.id)
          .sort();
        expect(ids(await store.queryCases({ leadProfessionalId: c.leadProfessionalId!, team: c.team! }))).toEqual(both);
        expect(await store.queryCases({ leadProfessionalId: c.leadProfessionalId!, team: 'Team-that-does-not-exist' })).toEqual([]);
      });
    });

    describe('updating and adding cases', () => {
      beforeEach(async () => {
        await store.importCaseFile(fixture);
      });

      it('updates fields, returns a new version, and queries see the change', async () => {
        const c = plainCase(fixture);
        const before = (await store.getCase(c.id))!;
        const after = await store.updateCase(c.id, before.version, { setting: 'Riverside School', team: 'West' });
        expect(after.version).not.toBe(before.version);
        expect(after.case).toEqual({ ...c, setting: 'Riverside School', team: 'West' });
        expect((await store.getCase(c.id))!).toEqual(after);
        expect(ids(await store.queryCases({ team: 'West' }))).toEqual([c.id]);
        // a plan ceased by an update changes the case's status
        const ceasedOn = c.plan!.issuedOn!;
        const ceased = await store.updateCase(c.id, after.version, { plan: { ...c.plan!, ceasedOn } });
        expect(ids(await store.queryCases({ status: 'ceased', ids: [c.id] }))).toEqual([c.id]);
        expect(ceased.case.plan?.ceasedOn).toBe(ceasedOn);
      });

      it('refuses a stale version with a ConflictError naming the case, and keeps the first write', async () => {
        const c = plainCase(fixture);
        const readerA = (await store.getCase(c.id))!;
        const readerB = (await store.getCase(c.id))!;
        await store.updateCase(c.id, readerA.version, { setting: 'First writer' });
        const error = await rejection(store.updateCase(c.id, readerB.version, { setting: 'Second writer' }));
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).caseId).toBe(c.id);
        expect(error.message).toContain(c.id);
        expect((await store.getCase(c.id))!.case.setting).toBe('First writer');
      });

      it('updating an unknown case is a NotFoundError', async () => {
        const error = await rejection(store.updateCase('C-nope', '1', { setting: 'x' }));
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error.message).toContain('C-nope');
      });

      it('refuses an update that makes the case invalid, naming the field, and changes nothing', async () => {
        const c = plainCase(fixture);
        const before = (await store.getCase(c.id))!;
        for (const patch of [
          { dateOfBirth: '2015-13-01' },
          { leadProfessionalId: 'p-nobody' },
          { plan: { ...c.plan!, issuedOn: '1999-01-01' } },
          { favouriteColour: 'blue' } as unknown as Partial<Case>,
        ]) {
          const error = await rejection(store.updateCase(c.id, before.version, patch));
          expect(error).toBeInstanceOf(StoreValidationError);
          expect(error.message).toContain(Object.keys(patch)[0]!);
        }
        expect(await store.getCase(c.id)).toEqual(before);
      });

      it('adds a new case, exported after the others; a second case with the same id is refused', async () => {
        const base = plainCase(fixture);
        const fresh: Case = { ...base, id: 'C-9001', caseNotes: [], reviews: [], cmooeSummaries: [] };
        const stored = await store.addCase(fresh);
        expect(stored.case).toEqual(fresh);
        expect((await store.getCase('C-9001'))!.case).toEqual(fresh);
        expect((await store.exportCaseFile()).cases.map((c) => c.id)).toEqual([...fixture.cases.map((c) => c.id), 'C-9001']);
        const error = await rejection(store.addCase({ ...fresh, setting: 'Other' }));
        expect(error).toBeInstanceOf(StoreValidationError);
        expect(error.message).toContain('C-9001');
        expect((await store.getCase('C-9001'))!.case.setting).toBe(fresh.setting);
        const invalid = await rejection(store.addCase({ ...fresh, id: 'C-9002', dateOfBirth: 'yesterday' }));
        expect(invalid).toBeInstanceOf(StoreValidationError);
        expect(invalid.message).toContain('dateOfBirth');
        expect(await store.getCase('C-9002')).toBeNull();
      });
    });

    // ---- history ------------------------------------------------------------------------------

    describe('appending history', () => {
      beforeEach(async () => {
        await store.importCaseFile(fixture);
      });

      it('adds a case note, a CMOOE summary and a review at the end of the case history', async () => {
        const c = plainCase(fixture);
        const note: CaseNote = { eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-21T09:00:00Z', authorId: c.leadProfessionalId!, text: 'Visited the setting.' };
        const summary: CmooeSummary = { submittedOn: '2026-11-19', authorId: fixture.people[1]!.id, actionsToDate: 'a', currentSteps: 'b', keyDates: 'c' };
        const lastReview = c.reviews.at(-1)?.meetingOn ?? c.plan!.issuedOn!;
        const review: Review = { meetingOn: lastReview > '2027-06-01' ? lastReview : '2027-06-01', specialistNoticeOn: '2027-04-15', adviceCirculatedOn: null, outcomeSentOn: null };
        await store.addCaseNote(c.id, note);
        await store.addCmooeSummary(c.id, summary);
        await store.addReview(c.id, review);
        const stored = (await store.getCase(c.id))!.case;
        expect(stored.caseNotes).toEqual([...c.caseNotes, note]);
        expect(stored.cmooeSummaries).toEqual([...c.cmooeSummaries, summary]);
        expect(stored.reviews).toEqual([...c.reviews, review]);
        expect((await store.exportCaseFile()).cases.find((x) => x.id === c.id)).toEqual(stored);
      });

      it('fills missing optional fields of an appended item as null', async () => {
        const c = plainCase(fixture);
        await store.addReview(c.id, { meetingOn: '2027-07-01' } as Review);
        expect((await store.getCase(c.id))!.case.reviews.at(-1)).toEqual({ meetingOn: '2027-07-01', specialistNoticeOn: null, adviceCirculatedOn: null, outcomeSentOn: null });
      });

      it('refuses a bad entry with an error naming the problem, and stores nothing', async () => {
        const c = plainCase(fixture);
        const before = (await store.getCase(c.id))!;
        const author = c.leadProfessionalId!;
        const bad: [Promise<void>, RegExp][] = [
          [store.addCaseNote(c.id, { eventAt: '2026-11-20', recordedAt: '2026-11-21T09:00:00Z', authorId: author, text: 'x' }), /eventAt/],
          [store.addCaseNote(c.id, { eventAt: '2026-11-21T10:00:00Z', recordedAt: '2026-11-20T09:00:00Z', authorId: author, text: 'x' }), /recordedAt/],
          [store.addCaseNote(c.id, { eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-21T09:00:00Z', authorId: 'p-nobody', text: 'x' }), /p-nobody/],
          [store.addCmooeSummary(c.id, { submittedOn: '2026-11-19', authorId: author, actionsToDate: 'a', currentSteps: 'b' } as CmooeSummary), /keyDates/],
          [store.addCmooeSummary(c.id, { submittedOn: '2026-11-19', authorId: author, actionsToDate: 'a', currentSteps: 'b', keyDates: 'c', extra: 1 } as CmooeSummary), /extra/],
          [store.addReview(c.id, { meetingOn: '2026-11-31', specialistNoticeOn: null, adviceCirculatedOn: null, outcomeSentOn: null }), /meetingOn/],
          [store.addReview(c.id, { meetingOn: '2027-06-01', specialistNoticeOn: null, adviceCirculatedOn: null, outcomeSentOn: '2027-05-01' }), /outcomeSentOn/],
        ];
        for (const [promise, names] of bad) {
          const error = await rejection(promise);
          expect(error).toBeInstanceOf(StoreValidationError);
          expect(error.message).toMatch(names);
        }
        expect(await store.getCase(c.id)).toEqual(before);
      });

      it('appending to an unknown case is a NotFoundError', async () => {
        const note: CaseNote = { eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-21T09:00:00Z', authorId: fixture.people[0]!.id, text: 'x' };
        for (const promise of [
          store.addCaseNote('C-nope', note),
          store.addCmooeSummary('C-nope', { submittedOn: '2026-11-19', authorId: fixture.people[0]!.id, actionsToDate: 'a', currentSteps: 'b', keyDates: 'c' }),
          store.addReview('C-nope', { meetingOn: '2027-06-01', specialistNoticeOn: null, adviceCirculatedOn: null, outcomeSentOn: null }),
        ]) {
          const error = await rejection(promise);
          expect(error).toBeInstanceOf(NotFoundError);
          expect(error.message).toContain('C-nope');
        }
      });

      it('does not need the case version, and an update after an append keeps the appended entry', async () => {
        const c = plainCase(fixture);
        const read = (await store.getCase(c.id))!;
        const note: CaseNote = { eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-21T09:00:00Z', authorId: c.leadProfessionalId!, text: 'n' };
        await store.addCaseNote(c.id, note);
        const latest = (await store.getCase(c.id))!;
        await store.updateCase(c.id, latest.version, { setting: 'Elsewhere' });
        const final = (await store.getCase(c.id))!.case;
        expect(final.caseNotes.at(-1)).toEqual(note);
        expect(final.setting).toBe('Elsewhere');
        expect(read.case.caseNotes.length).toBe(c.caseNotes.length);
      });
    });

    // ---- people, series, supervisions, meeting records ------------------------------------------

    describe('people and meeting series', () => {
      beforeEach(async () => {
        await store.importCaseFile(fixture);
      });

      it('lists people in file order and gets one by id', async () => {
        expect(await store.listPeople()).toEqual(fixture.people);
        expect(await store.getPerson(fixture.people[2]!.id)).toEqual(fixture.people[2]);
        expect(await store.getPerson('p-nobody')).toBeNull();
      });

      it('finds a person by Entra object id, else by email whatever its case', async () => {
        const withAad = fixture.people.find((p) => p.aadObjectId)!;
        expect(await store.findPerson({ aadObjectId: withAad.aadObjectId })).toEqual(withAad);
        const withEmail = fixture.people.find((p) => p.email && p.id !== withAad.id)!;
        expect(await store.findPerson({ email: withEmail.email!.toUpperCase() })).toEqual(withEmail);
        expect(await store.findPerson({ aadObjectId: 'unknown-object-id', email: withEmail.email })).toEqual(withEmail);
        expect(await store.findPerson({ aadObjectId: withAad.aadObjectId, email: withEmail.email })).toEqual(withAad);
        expect(await store.findPerson({ aadObjectId: 'unknown', email: 'nobody@example.org' })).toBeNull();
        expect(await store.findPerson({})).toBeNull();
      });

      it("binds a person without an Entra object id to one, once, and to no one else's", async () => {
        const unbound = fixture.people.find((p) => !p.aadObjectId)!;
        const bound = fixture.people.find((p) => p.aadObjectId)!;
        const oid = 'cccccccc-0000-0000-0000-00000000000b';
        const { token } = await store.changesSince(null);
        expect(await store.bindPersonObjectId(unbound.id, oid)).toEqual({ ...unbound, aadObjectId: oid });
        expect(await store.findPerson({ aadObjectId: oid })).toEqual({ ...unbound, aadObjectId: oid });
        expect(await store.getPerson(unbound.id)).toEqual({ ...unbound, aadObjectId: oid });
        expect((await store.changesSince(token)).changes).toContainEqual({ entity: 'person', id: unbound.id, deleted: false });
        // Again with the same id: nothing changes; with another: refused.
        expect(await store.bindPersonObjectId(unbound.id, oid)).toEqual({ ...unbound, aadObjectId: oid });
        await expect(store.bindPersonObjectId(unbound.id, 'dddddddd-0000-0000-0000-000000000000')).rejects.toThrow(StoreValidationError);
        // A person already bound is never rebound; an object id already someone's is never given to another.
        await expect(store.bindPersonObjectId(bound.id, 'eeeeeeee-0000-0000-0000-000000000000')).rejects.toThrow(/another Entra object id/);
        const other = fixture.people.find((p) => !p.aadObjectId && p.id !== unbound.id)!;
        await expect(store.bindPersonObjectId(other.id, bound.aadObjectId!)).rejects.toThrow(new RegExp(bound.id));
        await expect(store.bindPersonObjectId('p-nobody', 'ffffffff-0000-0000-0000-000000000000')).rejects.toThrow(NotFoundError);
        expect(await store.getPerson(bound.id)).toEqual(bound);
      });

      it('reports itself healthy, quickly and thoroughly', async () => {
        expect(await store.checkHealth('quick')).toMatchObject({ problem: null });
        const thorough = await store.checkHealth('thorough');
        expect(thorough.problem).toBeNull();
        if (thorough.kind === 'sqlite') expect(thorough.consistency).toBe('ok');
      });

      it('lists the meeting series', async () => {
        expect(await store.listMeetingSeries()).toEqual(fixture.meetingSeries);
      });

      it('lists the school holidays of the file, and none after importing a file without them', async () => {
        expect(await store.listSchoolHolidays()).toEqual([{ from: '2026-12-21', to: '2027-01-01', name: 'Christmas' }]);
        await store.importCaseFile({ ...fixture, schoolHolidays: [] });
        expect(await store.listSchoolHolidays()).toEqual([]);
      });
    });

    describe('supervisions', () => {
      beforeEach(async () => {
        await store.importCaseFile(fixture);
      });

      it('lists supervisions by supervisee and supervisor, and adds one at the end', async () => {
        expect(await store.listSupervisions()).toEqual(fixture.supervisions);
        const s = fixture.supervisions[0]!;
        expect(await store.listSupervisions({ superviseeId: s.superviseeId })).toEqual(fixture.supervisions.filter((x) => x.superviseeId === s.superviseeId));
        expect(await store.listSupervisions({ supervisorId: s.supervisorId })).toEqual(fixture.supervisions.filter((x) => x.supervisorId === s.supervisorId));
        const added = { superviseeId: s.superviseeId, supervisorId: s.supervisorId, heldOn: '2026-11-22', notesSharedOn: null };
        await store.addSupervision(added);
        expect((await store.listSupervisions({ superviseeId: s.superviseeId })).at(-1)).toEqual(added);
        expect((await store.exportCaseFile()).supervisions).toEqual([...fixture.supervisions, added]);
      });

      it('refuses a supervision with an unknown person or notes shared before it was held, storing nothing', async () => {
        const s = fixture.supervisions[0]!;
        const unknown = await rejection(store.addSupervision({ ...s, supervisorId: 'p-nobody', heldOn: '2026-11-22', notesSharedOn: null }));
        expect(unknown.message).toContain('p-nobody');
        const order = await rejection(store.addSupervision({ ...s, heldOn: '2026-11-22', notesSharedOn: '2026-11-01' }));
        expect(order).toBeInstanceOf(StoreValidationError);
        expect(order.message).toContain('notesSharedOn');
        const badDate = await rejection(store.addSupervision({ ...s, heldOn: '22/11/2026' }));
        expect(badDate).toBeInstanceOf(StoreValidationError);
        expect(badDate.message).toContain('heldOn');
        expect(await store.listSupervisions()).toEqual(fixture.supervisions);
      });
    });

    describe('nominations, selections and actions', () => {
      beforeEach(async () => {
        await store.importCaseFile(fixture);
      });

      it('adds and lists nominations by series, case and date range', async () => {
        const c = plainCase(fixture);
        const chair = fixture.people[3]!.id;
        const n = { caseId: c.id, seriesId: 'cmooe', byId: chair, concern: 'No school place since September.', madeOn: '2026-11-21' };
        await store.addNomination(n);
        const all = [...fixture.nominations, n];
        expect(await store.listNominations()).toEqual(all);
        expect(await store.listNominations({ caseId: c.id })).toEqual(all.filter((x) => x.caseId === c.id));
        expect(await store.listNominations({ seriesId: 'cic-cmooe' })).toEqual(all.filter((x) => x.seriesId === 'cic-cmooe'));
        expect(await store.listNominations({ from: '2026-11-16', to: '2026-11-18' })).toEqual(all.filter((x) => x.madeOn >= '2026-11-16' && x.madeOn <= '2026-11-18'));
        expect((await store.exportCaseFile()).nominations).toEqual(all);
      });

      it('refuses a nomination for an unknown case (NotFoundError) or series, storing nothing', async () => {
        const n = { caseId: 'C-nope', seriesId: 'cmooe', byId: fixture.people[0]!.id, concern: 'x', madeOn: '2026-11-21' };
        const unknownCase = await rejection(store.addNomination(n));
        expect(unknownCase).toBeInstanceOf(NotFoundError);
        expect(unknownCase.message).toContain('C-nope');
        const unknownSeries = await rejection(store.addNomination({ ...n, caseId: fixture.cases[0]!.id, seriesId: 'weekly-bake-off' }));
        expect(unknownSeries.message).toContain('weekly-bake-off');
        const badDate = await rejection(store.addNomination({ ...n, caseId: fixture.cases[0]!.id, madeOn: '2026-11-31' }));
        expect(badDate).toBeInstanceOf(StoreValidationError);
        expect(badDate.message).toContain('madeOn');
        expect(await store.listNominations()).toEqual(fixture.nominations);
      });

      it('adds, lists and removes selections; the same selection twice is kept once', async () => {
        const c = plainCase(fixture);
        const s = { caseId: c.id, seriesId: 'cmooe', meetingOn: '2026-11-26', byId: fixture.people[3]!.id };
        await store.addSelection(s, FIXTURE_TODAY);
        await store.addSelection(s, FIXTURE_TODAY);
        const all = [...fixture.selections, s];
        expect(await store.listSelections()).toEqual(all);
        expect(await store.listSelections({ seriesId: 'cmooe', from: '2026-11-26', to: '2026-11-26' })).toEqual([s]);
        expect(await store.listSelections({ caseId: c.id })).toEqual(all.filter((x) => x.caseId === c.id));
        await store.removeSelection({ caseId: c.id, seriesId: 'cmooe', meetingOn: '2026-11-26' }, FIXTURE_TODAY);
        expect(await store.listSelections()).toEqual(fixture.selections);
      });

      it('refuses a selection for a day that is not a meeting of the series, or an unknown case', async () => {
        const c = plainCase(fixture);
        const notAMeeting = await rejection(store.addSelection({ caseId: c.id, seriesId: 'cmooe', meetingOn: '2026-11-27', byId: fixture.people[3]!.id }, FIXTURE_TODAY));
        expect(notAMeeting).toBeInstanceOf(StoreValidationError);
        expect(notAMeeting.message).toContain('meetingOn');
        const unknownCase = await rejection(store.addSelection({ caseId: 'C-nope', seriesId: 'cmooe', meetingOn: '2026-11-26', byId: fixture.people[3]!.id }, FIXTURE_TODAY));
        expect(unknownCase).toBeInstanceOf(NotFoundError);
        expect(await store.listSelections()).toEqual(fixture.selections);
      });

      it('adds, lists (by series, case, owner, open) and closes actions', async () => {
        const c = plainCase(fixture);
        const a = {
          id: 'A-900',
          seriesId: 'cmooe',
          meetingOn: '2026-11-12',
          caseId: c.id,
          text: 'Find a tutor',
          ownerId: fixture.people[1]!.id,
          dueOn: '2026-11-30',
          closedOn: null,
          closedNote: null,
        };
        await store.addAction(a);
        let all = [...fixture.actions, a];
        expect(await store.listActions()).toEqual(all);
        expect(await store.listActions({ caseId: c.id })).toEqual(all.filter((x) => x.caseId === c.id));
        expect(await store.listActions({ ownerId: a.ownerId })).toEqual(all.filter((x) => x.ownerId === a.ownerId));
        expect(await store.listActions({ seriesId: 'cmooe', open: true })).toEqual(all.filter((x) => x.seriesId === 'cmooe' && x.closedOn === null));
        expect(await store.listActions({ open: false })).toEqual(all.filter((x) => x.closedOn !== null));
        await store.closeAction('A-900', '2026-11-22');
        all = [...fixture.actions, { ...a, closedOn: '2026-11-22', closedNote: null }];
        expect(await store.listActions()).toEqual(all);
        expect((await store.listActions({ open: true })).some((x) => x.id === 'A-900')).toBe(false);
        expect((await store.exportCaseFile()).actions).toEqual(all);
      });

      it('round-trips the fields of the policy profiles: the policy, plan.ceaseNoticeOn, reviews[].specialistNoticeOn, actions[].closedNote', async () => {
        const c = plainCase(fixture);
        const reviewed = fixture.cases.find((x) => x.reviews.length > 0 && x.id !== c.id)!;
        const file: CaseFile = {
          ...fixture,
          policy: 'durham',
          cases: fixture.cases.map((x) =>
            x.id === c.id
              ? { ...x, plan: { ...x.plan!, ceaseNoticeOn: laterOfDates(x.plan!.issuedOn!, '2026-11-02') } }
              : x.id === reviewed.id
                ? { ...x, reviews: x.reviews.map((r, i) => (i === 0 ? { ...r, specialistNoticeOn: null } : { ...r, specialistNoticeOn: r.meetingOn })) }
                : x,
          ),
          actions: fixture.actions.map((a, i) => (i === 0 ? { ...a, closedOn: a.closedOn ?? a.meetingOn, closedNote: 'Tutor found; starts Monday.' } : a)),
        };
        const expected = readCaseFile(file);
        await store.importCaseFile(expected);
        expect(await store.exportCaseFile()).toEqual(expected);
        expect(await store.policyName()).toBe('durham');
        expect((await store.getCase(c.id))!.case.plan!.ceaseNoticeOn).toBe(expected.cases.find((x) => x.id === c.id)!.plan!.ceaseNoticeOn);
        expect((await store.listActions()).find((a) => a.id === file.actions[0]!.id)!.closedNote).toBe('Tutor found; starts Monday.');
        // Changing the plan in place keeps the notice of ceasing; a re-import with none removes it.
        const read = (await store.getCase(c.id))!;
        await store.updateCase(c.id, read.version, { plan: { ...read.case.plan!, ceasedOn: laterOfDates(read.case.plan!.ceaseNoticeOn!, '2027-01-10') } });
        expect((await store.getCase(c.id))!.case.plan).toMatchObject({ ceaseNoticeOn: read.case.plan!.ceaseNoticeOn });
        await store.importCaseFile(fixture);
        expect(await store.exportCaseFile()).toEqual(fixture);
        expect(await store.policyName()).toBe('dorset');
      });

      it('closes an action with a line on what was done; closing again without one keeps it; a long note is refused', async () => {
        await store.importCaseFile(fixture);
        const a = {
          id: 'A-910',
          seriesId: 'cmooe',
          meetingOn: '2026-11-12',
          caseId: null,
          text: 'Write to the school',
          ownerId: fixture.people[1]!.id,
          dueOn: '2026-11-30',
          closedOn: null,
          closedNote: null,
        };
        await store.addAction(a);
        await store.closeAction('A-910', '2026-11-20', '  Letter sent to the head teacher.  ');
        expect((await store.listActions()).find((x) => x.id === 'A-910')).toEqual({ ...a, closedOn: '2026-11-20', closedNote: 'Letter sent to the head teacher.' });
        await store.closeAction('A-910', '2026-11-21');
        expect((await store.listActions()).find((x) => x.id === 'A-910')).toEqual({ ...a, closedOn: '2026-11-21', closedNote: 'Letter sent to the head teacher.' });
        const long = await rejection(store.closeAction('A-910', '2026-11-22', 'x'.repeat(2001)));
        expect(long).toBeInstanceOf(StoreValidationError);
        expect(long.message).toContain('closedNote');
        expect((await store.exportCaseFile()).actions.find((x) => x.id === 'A-910')).toEqual({ ...a, closedOn: '2026-11-21', closedNote: 'Letter sent to the head teacher.' });
      });

      it('refuses a duplicate action id, an unknown owner, and closing an unknown action', async () => {
        const a = { ...fixture.actions[0]!, closedOn: null };
        const duplicate = await rejection(store.addAction(a));
        expect(duplicate).toBeInstanceOf(StoreValidationError);
        expect(duplicate.message).toContain(a.id);
        const owner = await rejection(store.addAction({ ...a, id: 'A-901', ownerId: 'p-nobody' }));
        expect(owner.message).toContain('p-nobody');
        const closeUnknown = await rejection(store.closeAction('A-nope', '2026-11-22'));
        expect(closeUnknown).toBeInstanceOf(NotFoundError);
        expect(closeUnknown.message).toContain('A-nope');
        const closeBadDate = await rejection(store.closeAction(a.id, 'soon'));
        expect(closeBadDate).toBeInstanceOf(StoreValidationError);
        expect(await store.listActions()).toEqual(fixture.actions);
      });
    });

    // ---- change feed --------------------------------------------------------------------------

    describe('change feed', () => {
      const has = (changes: readonly Change[], entity: Change['entity'], id: string, deleted = false) => changes.some((c) => c.entity === entity && c.id === id && c.deleted === deleted);

      it('with no token lists everything (resync); then only what changed after the token', async () => {
        await store.importCaseFile(fixture);
        const first = await store.changesSince(null);
        expect(first.resync).toBe(true);
        for (const c of fixture.cases) expect(has(first.changes, 'case', c.id)).toBe(true);
        for (const p of fixture.people) expect(has(first.changes, 'person', p.id)).toBe(true);
        for (const a of fixture.actions) expect(has(first.changes, 'action', a.id)).toBe(true);
        for (const s of fixture.meetingSeries) expect(has(first.changes, 'meetingSeries', s.id)).toBe(true);

        const quiet = await store.changesSince(first.token);
        expect(quiet.resync).toBe(false);
        expect(quiet.changes).toEqual([]);

        const c = plainCase(fixture);
        const read = (await store.getCase(c.id))!;
        await store.updateCase(c.id, read.version, { setting: 'Elsewhere' });
        const other = fixture.cases.find((x) => x.id !== c.id)!;
        await store.addCaseNote(other.id, { eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-21T09:00:00Z', authorId: fixture.people[0]!.id, text: 'n' });
        await store.addAction({
          id: 'A-950',
          seriesId: 'cmooe',
          meetingOn: '2026-11-12',
          caseId: null,
          text: 't',
          ownerId: fixture.people[0]!.id,
          dueOn: '2026-11-30',
          closedOn: null,
          closedNote: null,
        });
        const next = await store.changesSince(first.token);
        expect(next.resync).toBe(false);
        expect(has(next.changes, 'case', c.id)).toBe(true);
        expect(has(next.changes, 'case', other.id)).toBe(true);
        expect(has(next.changes, 'action', 'A-950')).toBe(true);
        expect(
          next.changes
            .filter((x) => x.entity === 'case')
            .map((x) => x.id)
            .sort(),
        ).toEqual([c.id, other.id].sort());
        expect(next.token).not.toBe(first.token);
        expect((await store.changesSince(next.token)).changes).toEqual([]);
      });

      it('lists what a re-import removed as deleted', async () => {
        await store.importCaseFile(fixture);
        const { token } = await store.changesSince(null);
        const smaller = fx();
        const removed = smaller.cases.pop()!;
        smaller.selections = smaller.selections.filter((s) => s.caseId !== removed.id);
        smaller.nominations = smaller.nominations.filter((s) => s.caseId !== removed.id);
        smaller.actions = smaller.actions.filter((s) => s.caseId !== removed.id);
        await store.importCaseFile(smaller);
        const batch = await store.changesSince(token);
        expect(batch.resync).toBe(false);
        expect(has(batch.changes, 'case', removed.id, true)).toBe(true);
        expect(has(batch.changes, 'case', smaller.cases[0]!.id, true)).toBe(false);
      });

      it('a token it cannot read gets a full resync', async () => {
        await store.importCaseFile(fixture);
        const batch = await store.changesSince('not-a-token-of-this-store');
        expect(batch.resync).toBe(true);
        expect(batch.changes.filter((c) => c.entity === 'case').length).toBe(fixture.cases.length);
      });
    });

    // ---- reminder ledger ----------------------------------------------------------------------

    describe('card ledger', () => {
      const T0 = '2026-11-23T08:00:00Z';
      const claim = (key: string, holder: string, lines: string[] = [], at = T0) => ({ key, recipientId: key.split('/').pop()!, holder, at, lines });

      it('a card key is claimed once, with the lines it announces; a second claim of the key gets null', async () => {
        const [won] = await store.claimCards([claim('digest/2026-11-23/p1', 'h1', ['stage/p1/C-1/a/overdue', 'stage/p1/C-2/b/due-soon'])]);
        expect(won).toMatchObject({
          key: 'digest/2026-11-23/p1',
          recipientId: 'p1',
          holder: 'h1',
          claimedAt: T0,
          state: 'claimed',
          lines: ['stage/p1/C-1/a/overdue', 'stage/p1/C-2/b/due-soon'],
          message: null,
          sentAt: null,
          takeovers: 0,
        });
        expect(typeof won!.version).toBe('string');
        expect(await store.claimCards([claim('digest/2026-11-23/p1', 'h2')])).toEqual([null]);
        expect((await store.listCards('digest/2026-11-23/p1'))[0]!.holder).toBe('h1');
      });

      it('claims 20 cards in one call, answered in order; keys already held come back null', async () => {
        await store.claimCards([claim('digest/2026-11-23/p5', 'other')]);
        const keys = Array.from({ length: 20 }, (_, i) => `digest/2026-11-23/p${i}`);
        const results = await store.claimCards(keys.map((k) => claim(k, 'h1', [`stage/${k}`])));
        expect(results.map((r) => r?.key ?? null)).toEqual(keys.map((k) => (k.endsWith('/p5') ? null : k)));
        expect((await store.listCards('digest/2026-11-23/')).length).toBe(20);
      });

      it('50 concurrent claims of one key: exactly one wins', async () => {
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.claimCards([claim('agenda/cmooe/2026-12-10', `h${i}`)])));
        expect(results.filter(([r]) => r !== null).length).toBe(1);
      });

      it('only the holder updates a claim: state, where it was posted, when it was sent; each update a new version', async () => {
        const [c] = await store.claimCards([claim('digest/2026-11-23/p1', 'h1', ['l1'])]);
        const message = { conversationId: 'a:p1', activityId: '1700000000001', serviceUrl: 'https://smba.example/teams/' };
        expect(await store.updateCards([{ key: c!.key, holder: 'h2', version: c!.version, state: 'posted', message }])).toEqual([null]);
        const [posted] = await store.updateCards([{ key: c!.key, holder: 'h1', version: c!.version, state: 'posted', message }]);
        expect(posted).toMatchObject({ state: 'posted', message, sentAt: null, lines: ['l1'] });
        expect(posted!.version).not.toBe(c!.version);
        const [sent] = await store.updateCards([{ key: c!.key, holder: 'h1', version: posted!.version, state: 'sent', sentAt: '2026-11-23T08:00:05Z' }]);
        expect(sent).toMatchObject({ state: 'sent', message, sentAt: '2026-11-23T08:00:05Z' });
        expect(await store.listCards('digest/2026-11-23/p1')).toEqual([sent]);
        expect(await store.updateCards([{ key: 'never-claimed', holder: 'h1', version: '1', state: 'sent' }])).toEqual([null]);
      });

      it("a takeover wins only against the holder and version as read, keeps a posted card's place, and never takes a sent card", async () => {
        const [c] = await store.claimCards([claim('digest/2026-11-23/p1', 'crashed', ['l1'])]);
        const message = { conversationId: 'a:p1', activityId: '1700000000001' };
        const [posted] = await store.updateCards([{ key: c!.key, holder: 'crashed', version: c!.version, state: 'posted', message }]);
        // a taker that read an older version loses
        expect(await store.claimCards([{ ...claim(c!.key, 'late', ['l2'], '2026-11-23T08:20:00Z'), replaces: { holder: 'crashed', version: c!.version } }])).toEqual([null]);
        const takers = await Promise.all(
          ['t1', 't2', 't3'].map((h) => store.claimCards([{ ...claim(c!.key, h, ['l1', 'l2'], '2026-11-23T08:20:00Z'), replaces: { holder: 'crashed', version: posted!.version } }])),
        );
        const won = takers.map(([r]) => r).filter((r) => r !== null);
        expect(won).toHaveLength(1);
        expect(won[0]).toMatchObject({ state: 'posted', message, lines: ['l1', 'l2'], claimedAt: '2026-11-23T08:20:00Z', takeovers: 1 });
        // the crashed holder's late writes are refused
        expect(await store.updateCards([{ key: c!.key, holder: 'crashed', version: posted!.version, state: 'sent' }])).toEqual([null]);
        const [sent] = await store.updateCards([{ key: c!.key, holder: won[0]!.holder, version: won[0]!.version, state: 'sent', sentAt: '2026-11-23T08:20:02Z' }]);
        expect(await store.claimCards([{ ...claim(c!.key, 'x'), replaces: { holder: sent!.holder, version: sent!.version } }])).toEqual([null]);
      });

      it('lists cards by prefix (sorted), and every unsettled card of any day in one call', async () => {
        const made = await store.claimCards([
          claim('digest/2026-11-20/p1', 'h'),
          claim('digest/2026-11-23/p2', 'h'),
          claim('digest/2026-11-23/p1', 'h'),
          claim('manager-digest/2026-11-23/p9', 'h'),
          claim('agenda/cmooe/2026-12-10', 'h'),
          claim('digest/2026-11-23/p3', 'h'),
        ]);
        const by = new Map(made.map((c) => [c!.key, c!]));
        const set = async (key: string, state: 'sent' | 'released' | 'superseded' | 'unreachable' | 'posted') =>
          store.updateCards([{ key, holder: 'h', version: by.get(key)!.version, state, ...(state === 'posted' ? { message: { conversationId: 'c', activityId: 'a' } } : {}) }]);
        await set('digest/2026-11-23/p1', 'sent');
        await set('digest/2026-11-20/p1', 'superseded');
        await set('digest/2026-11-23/p2', 'released');
        await set('manager-digest/2026-11-23/p9', 'unreachable');
        await set('digest/2026-11-23/p3', 'posted');
        expect((await store.listCards('digest/2026-11-23/')).map((c) => c.key)).toEqual(['digest/2026-11-23/p1', 'digest/2026-11-23/p2', 'digest/2026-11-23/p3']);
        expect((await store.listCards('')).length).toBe(6);
        expect((await store.listUnsettledCards()).map((c) => `${c.key} ${c.state}`)).toEqual([
          'agenda/cmooe/2026-12-10 claimed',
          'digest/2026-11-23/p2 released',
          'digest/2026-11-23/p3 posted',
          'manager-digest/2026-11-23/p9 unreachable',
        ]);
      });

      it('marking a card sent announces its lines to the recipient (their register), dropping the lines that no longer matter', async () => {
        const [a] = await store.claimCards([claim('digest/2026-11-23/p1', 'h', ['s/1', 's/2'])]);
        await store.updateCards([{ key: a!.key, holder: 'h', version: a!.version, state: 'sent', sentAt: T0, announce: { register: 'digest', add: ['s/1', 's/2'], remove: [] } }]);
        const [b] = await store.claimCards([claim('manager-digest/2026-11-23/p1', 'h', ['m/1'])]);
        await store.updateCards([{ key: b!.key, holder: 'h', version: b!.version, state: 'sent', sentAt: T0, announce: { register: 'manager-digest', add: ['m/1'], remove: [] } }]);
        const [c] = await store.claimCards([claim('digest/2026-11-24/p1', 'h', ['s/3'])]);
        await store.updateCards([{ key: c!.key, holder: 'h', version: c!.version, state: 'sent', sentAt: T0, announce: { register: 'digest', add: ['s/3', 's/2'], remove: ['s/1'] } }]);
        expect(await store.listAnnounced()).toEqual([
          { register: 'digest', recipientId: 'p1', lines: ['s/2', 's/3'] },
          { register: 'manager-digest', recipientId: 'p1', lines: ['m/1'] },
        ]);
        // a refused update announces nothing
        const [d] = await store.claimCards([claim('digest/2026-11-23/p2', 'h', ['s/9'])]);
        await store.updateCards([{ key: d!.key, holder: 'not-h', version: d!.version, state: 'sent', announce: { register: 'digest', add: ['s/9'], remove: [] } }]);
        expect((await store.listAnnounced()).map((r) => r.recipientId)).toEqual(['p1', 'p1']);
      });

      it('refuses a claim or update it cannot store, naming the field, and stores nothing', async () => {
        expect(await rejection(store.claimCards([{ ...claim('k', 'h'), at: 'tomorrow' }]))).toBeInstanceOf(StoreValidationError);
        expect(await rejection(store.claimCards([{ ...claim('k', 'h'), lines: [''] }]))).toBeInstanceOf(StoreValidationError);
        const [c] = await store.claimCards([claim('k', 'h')]);
        const bad = await rejection(store.updateCards([{ key: 'k', holder: 'h', version: c!.version, state: 'delivered' as never }]));
        expect(bad).toBeInstanceOf(StoreValidationError);
        expect(bad.message).toContain('state');
        expect((await store.listCards('k'))[0]!.state).toBe('claimed');
      });

      if (options.processFactory) {
        const processFactory = options.processFactory;
        // Keys of cards kept one to a record, and a day's digests (kept many to a sheet where the store does so).
        it.each([
          ['cards kept alone', 'cross|'],
          ["a day's digests", 'digest/2026-11-23/p'],
        ])(
          'exactly once across processes (%s): 4 processes claim the same 200 keys, each key is won once',
          async (_what, prefix) => {
            const env = await processFactory(made);
            const children = [1, 2, 3, 4].map((who) =>
              spawn(process.execPath, ['--import', 'tsx', resolve(HERE, 'claim-child.ts')], {
                cwd: REPO,
                env: { ...process.env, ...env, CLAIM_PREFIX: prefix, CLAIM_COUNT: '200', CLAIM_WHO: String(who) },
                stdio: ['pipe', 'pipe', 'pipe'],
              }),
            );
            const outputs = children.map(
              (child) =>
                new Promise<{ out: string; err: string; code: number | null }>((done) => {
                  let out = '';
                  let err = '';
                  child.stdout.on('data', (d) => (out += String(d)));
                  child.stderr.on('data', (d) => (err += String(d)));
                  child.on('close', (code) => done({ out, err, code }));
                }),
            );
            // The barrier: every child has opened the store before any claims.
            await Promise.all(
              children.map(
                (child) =>
                  new Promise<void>((ready, fail) => {
                    let seen = '';
                    child.stdout.on('data', (d) => {
                      seen += String(d);
                      if (seen.includes('ready')) ready();
                    });
                    child.on('close', (code) => fail(new Error(`a claiming process exited (${code}) before it was ready`)));
                  }),
              ),
            );
            for (const child of children) child.stdin.end('go\n');
            const results = await Promise.all(outputs);
            const won = new Map<string, number>();
            for (const r of results) {
              expect(r.err.replace(/npm warn.*\n?/g, '')).toBe('');
              expect(r.code).toBe(0);
              const line = r.out.split('\n').find((l) => l.startsWith('{'))!;
              for (const key of (JSON.parse(line) as { won: string[] }).won) won.set(key, (won.get(key) ?? 0) + 1);
            }
            expect(won.size).toBe(200);
            expect([...won.values()].every((n) => n === 1)).toBe(true);
            const claims = await store.listCards(prefix);
            expect(claims.length).toBe(200);
          },
          120_000,
        );
      }
    });

    // ---- snoozes, settings, conversations -----------------------------------------------------

    describe('snoozes', () => {
      it('lists the snoozes still in force on a day (until that day included), per recipient', async () => {
        await store.snoozeReminder('p1', 'annual-review|C-1', '2026-11-25');
        await store.snoozeReminder('p1', 'supervision|p1', '2026-11-20');
        await store.snoozeReminder('p2', 'annual-review|C-1', '2026-12-01');
        expect(await store.listSnoozes('p1', '2026-11-19')).toEqual(
          new Map([
            ['annual-review|C-1', '2026-11-25'],
            ['supervision|p1', '2026-11-20'],
          ]),
        );
        expect(await store.listSnoozes('p1', '2026-11-25')).toEqual(new Map([['annual-review|C-1', '2026-11-25']]));
        expect(await store.listSnoozes('p1', '2026-11-26')).toEqual(new Map());
        expect(await store.listSnoozes('p2', '2026-11-26')).toEqual(new Map([['annual-review|C-1', '2026-12-01']]));
      });

      it('snoozing again replaces the date; a bad date is refused', async () => {
        await store.snoozeReminder('p1', 'k', '2026-11-25');
        await store.snoozeReminder('p1', 'k', '2026-11-21');
        expect(await store.listSnoozes('p1', '2026-11-22')).toEqual(new Map());
        const error = await rejection(store.snoozeReminder('p1', 'k', 'next week'));
        expect(error).toBeInstanceOf(StoreValidationError);
        expect(error.message).toContain('until');
        expect(await store.listSnoozes('p1', '2026-11-21')).toEqual(new Map([['k', '2026-11-21']]));
      });

      it("lists every recipient's snoozes from a day in one call, those in force and those ended since", async () => {
        await store.snoozeReminder('p1', 'a', '2026-11-25');
        await store.snoozeReminder('p1', 'b', '2026-11-10');
        await store.snoozeReminder('p2', 'a', '2026-11-20');
        expect(await store.listSnoozeRecords('2026-11-15')).toEqual([
          { recipientId: 'p1', obligationKey: 'a', until: '2026-11-25' },
          { recipientId: 'p2', obligationKey: 'a', until: '2026-11-20' },
        ]);
        expect((await store.listSnoozeRecords('2026-11-01')).length).toBe(3);
        expect(await rejection(store.listSnoozeRecords('soon'))).toBeInstanceOf(StoreValidationError);
      });
    });

    describe('form submissions', () => {
      const sub = (id: string, at = '2026-11-23T10:00:00Z') => ({ id, personId: 'p1', form: 'note', at, record: { text: 'Visited' }, result: { caseId: 'C-1', onTime: true } });

      it('the first start of an id goes ahead (null); later ones get the submission as first stored, done once finished', async () => {
        expect(await store.startSubmission(sub('s-1'))).toBeNull();
        expect(await store.startSubmission(sub('s-1', '2026-11-23T10:00:01Z'))).toEqual({ ...sub('s-1'), done: false });
        await store.finishSubmission('s-1', 'done');
        // done: the answer kept, the entry not (it is in the case record)
        expect(await store.startSubmission({ ...sub('s-1', '2026-11-23T10:05:00Z'), result: { other: true } })).toEqual({ ...sub('s-1'), record: null, done: true });
        expect(await store.startSubmission(sub('s-2'))).toBeNull();
      });

      it('a failed submission is forgotten, so the same form can be sent again', async () => {
        expect(await store.startSubmission(sub('s-3'))).toBeNull();
        await store.finishSubmission('s-3', 'failed');
        expect(await store.startSubmission(sub('s-3', '2026-11-23T10:01:00Z'))).toBeNull();
        await store.finishSubmission('s-3', 'done');
        await store.finishSubmission('s-3', 'failed'); // a done submission stays
        expect((await store.startSubmission(sub('s-3')))?.done).toBe(true);
      });

      it('20 concurrent starts of one id: exactly one goes ahead', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.startSubmission({ ...sub('race'), personId: `p${i}` })));
        expect(results.filter((r) => r === null).length).toBe(1);
      });

      it('an entry written twice with the same submitId is stored once; without one, twice', async () => {
        await store.importCaseFile(fixture);
        const c = plainCase(fixture);
        const note: CaseNote = { eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-21T09:00:00.123Z', authorId: c.leadProfessionalId!, text: 'Visited the setting.' };
        await store.addCaseNote(c.id, note, { submitId: 'n-1' });
        await store.addCaseNote(c.id, note, { submitId: 'n-1' });
        expect((await store.getCase(c.id))!.case.caseNotes).toEqual([...c.caseNotes, note]);
        const summary: CmooeSummary = { submittedOn: '2026-11-19', authorId: fixture.people[1]!.id, actionsToDate: 'a', currentSteps: 'b', keyDates: 'c' };
        await Promise.all([store.addCmooeSummary(c.id, summary, { submitId: 'm-1' }), store.addCmooeSummary(c.id, summary, { submitId: 'm-1' })]);
        expect((await store.getCase(c.id))!.case.cmooeSummaries).toEqual([...c.cmooeSummaries, summary]);
        const n = { caseId: c.id, seriesId: 'cmooe', byId: fixture.people[3]!.id, concern: 'No school place.', madeOn: '2026-11-21' };
        await store.addNomination(n, { submitId: 'x-1' });
        await store.addNomination(n, { submitId: 'x-1' });
        expect(await store.listNominations({ caseId: c.id })).toEqual([...fixture.nominations.filter((x) => x.caseId === c.id), n]);
        const s0 = fixture.supervisions[0]!;
        const sv = { superviseeId: s0.superviseeId, supervisorId: s0.supervisorId, heldOn: '2026-11-22', notesSharedOn: null };
        await store.addSupervision(sv, { submitId: 'v-1' });
        await store.addSupervision(sv, { submitId: 'v-1' });
        expect((await store.listSupervisions({ superviseeId: s0.superviseeId })).filter((x) => x.heldOn === '2026-11-22')).toEqual([sv]);
        // without a submit id the store does not second-guess: the same note twice is two notes
        const other: CaseNote = { ...note, text: 'Rang the school.' };
        await store.addCaseNote(c.id, other);
        await store.addCaseNote(c.id, other);
        expect((await store.getCase(c.id))!.case.caseNotes.filter((x) => x.text === 'Rang the school.')).toHaveLength(2);
      });
    });

    describe('settings', () => {
      it('stores JSON values by key; an unknown key is null', async () => {
        expect(await store.getSetting('agendaChannels')).toBeNull();
        const value = { cmooe: { teamId: 't1', channelId: '19:abc@thread.tacv2' }, list: [1, 'two', null] };
        await store.putSetting('agendaChannels', value);
        expect(await store.getSetting('agendaChannels')).toEqual(value);
        await store.putSetting('agendaChannels', { cmooe: null });
        expect(await store.getSetting('agendaChannels')).toEqual({ cmooe: null });
        await store.putSetting('remindersPaused', true);
        expect(await store.getSetting('remindersPaused')).toBe(true);
      });
    });

    describe('conversations', () => {
      const personal = (id: string, personId: string | null): ConversationRecord => ({
        id,
        scope: 'personal',
        personId,
        aadObjectId: `aad-${id}`,
        teamId: null,
        channelId: null,
        reference: { conversation: { id }, serviceUrl: 'https://smba.example/teams/', bot: { id: 'b' } },
        updatedAt: '2026-11-23T07:00:00Z',
      });

      it('saves (insert or replace), lists by scope and person, and removes', async () => {
        const team: ConversationRecord = { ...personal('19:team', null), scope: 'team', aadObjectId: null, teamId: '19:team', channelId: '19:general' };
        await store.saveConversation(personal('a:1', 'p1'));
        await store.saveConversation(personal('a:2', 'p2'));
        await store.saveConversation(team);
        expect((await store.listConversations()).map((c) => c.id).sort()).toEqual(['19:team', 'a:1', 'a:2']);
        expect(await store.listConversations({ scope: 'team' })).toEqual([team]);
        expect(await store.listConversations({ personId: 'p2' })).toEqual([personal('a:2', 'p2')]);
        const moved = { ...personal('a:2', 'p3'), updatedAt: '2026-11-23T08:00:00Z' };
        await store.saveConversation(moved);
        expect(await store.listConversations({ personId: 'p2' })).toEqual([]);
        expect(await store.listConversations({ personId: 'p3' })).toEqual([moved]);
        await store.removeConversation('a:1');
        expect((await store.listConversations({ scope: 'personal' })).map((c) => c.id)).toEqual(['a:2']);
      });
    });
  });
}
