// The CaseStore contract for case-file audits (docs/rules.md section 8; port.ts listAudits, getAudit,
// addAudits, updateAudit): run by both adapters' contract files beside runCaseStoreContract. Expected
// values come from the fixture's plain data.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Action, Audit, CaseFile } from '../../../src/domain/model.js';
import { ConflictError, NotFoundError, StoreValidationError, type CaseStore } from '../../../src/store/port.js';
import { contractFixture } from './fixture.js';
import type { MadeStore } from './contract.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}

const ids = (list: readonly Audit[]) => list.map((a) => a.id);

export function runAuditContract<M extends MadeStore>(label: string, makeStore: () => Promise<M>, options: { fixtureCases?: number } = {}): void {
  describe(`CaseStore contract, audits: ${label}`, () => {
    let made: M;
    let store: CaseStore;
    let fixture: CaseFile;

    beforeEach(async () => {
      made = await makeStore();
      store = made.store;
      fixture = contractFixture(Math.max(40, options.fixtureCases ?? 80));
      // A small demo may have every audit completed: one more, open, assigned this month.
      if (!fixture.audits.some((a) => a.completedOn === null)) fixture.audits.push(fresh('Q-open', { caseId: fixture.cases.find((c) => c.leadProfessionalId !== null)!.id }));
      await store.importCaseFile(fixture);
    });
    afterEach(async () => {
      await made.cleanup();
    });

    /** A new audit of a case of the fixture by one of its people (not yet stored). */
    const fresh = (id: string, overrides: Partial<Audit> = {}): Audit => ({
      id,
      type: 'dip-sample',
      caseId: fixture.cases[3]!.id,
      auditorId: fixture.people.find((p) => p.roles.includes('qa-officer'))!.id,
      auditorRole: 'qa-officer',
      assignedOn: '2026-11-02',
      completedOn: null,
      grade: null,
      criteria: [{ id: 'standards-met', judgement: null, comment: null }],
      summary: null,
      actions: [],
      run: null,
      sampledFrom: 'chosen by hand',
      moderation: null,
      ...overrides,
    });

    it('the fixture has audits of several kinds: open ones, completed ones, moderated ones', () => {
      expect(fixture.audits.some((a) => a.completedOn === null)).toBe(true);
      expect(fixture.audits.some((a) => a.completedOn !== null)).toBe(true);
      expect(fixture.audits.some((a) => a.moderation !== null)).toBe(true);
    });

    it('lists audits by case, auditor, moderator, type, run and open, in the order they were added', async () => {
      const a = fixture.audits;
      const some = a.find((x) => x.moderation !== null)!;
      expect(ids(await store.listAudits())).toEqual(ids(a));
      expect(ids(await store.listAudits({ caseId: some.caseId }))).toEqual(ids(a.filter((x) => x.caseId === some.caseId)));
      expect(ids(await store.listAudits({ auditorId: some.auditorId }))).toEqual(ids(a.filter((x) => x.auditorId === some.auditorId)));
      expect(ids(await store.listAudits({ moderatorId: some.moderation!.moderatorId }))).toEqual(ids(a.filter((x) => x.moderation?.moderatorId === some.moderation!.moderatorId)));
      expect(ids(await store.listAudits({ type: some.type }))).toEqual(ids(a.filter((x) => x.type === some.type)));
      expect(ids(await store.listAudits({ run: some.run! }))).toEqual(ids(a.filter((x) => x.run === some.run)));
      expect(ids(await store.listAudits({ open: true }))).toEqual(ids(a.filter((x) => x.completedOn === null)));
      expect(ids(await store.listAudits({ open: false, type: some.type }))).toEqual(ids(a.filter((x) => x.completedOn !== null && x.type === some.type)));
      expect(await store.listAudits({ caseId: 'C-nobody' })).toEqual([]);
    });

    it('gets an audit with its version, and null for an unknown id', async () => {
      const first = fixture.audits[0]!;
      const got = await store.getAudit(first.id);
      expect(got?.audit).toEqual(first);
      expect(typeof got?.version).toBe('string');
      expect(await store.getAudit('Q-nobody')).toBeNull();
    });

    it('adds new audits after the others; an id already stored is left as it was (a plan run retried)', async () => {
      const one = fresh('Q-new-1');
      const two = fresh('Q-new-2', { caseId: fixture.cases[4]!.id });
      expect(await store.addAudits([one])).toEqual({ added: ['Q-new-1'], existing: [] });
      // The retry: one is there already (with its draft begun meanwhile), two is new.
      const stored = (await store.getAudit('Q-new-1'))!;
      await store.updateAudit('Q-new-1', stored.version, { ...one, summary: 'begun' });
      expect(await store.addAudits([one, two])).toEqual({ added: ['Q-new-2'], existing: ['Q-new-1'] });
      expect((await store.getAudit('Q-new-1'))!.audit.summary).toBe('begun');
      const all = await store.listAudits();
      expect(ids(all).slice(-2)).toEqual(['Q-new-1', 'Q-new-2']);
      expect(all.filter((a) => a.id === 'Q-new-1')).toHaveLength(1);
      expect((await store.exportCaseFile()).audits.slice(-2)).toEqual([{ ...one, summary: 'begun' }, two]);
    });

    it('refuses audits it cannot store, naming the field, and stores none of the batch', async () => {
      const before = await store.listAudits();
      const good = fresh('Q-good');
      const unknownCase = fresh('Q-bad-1', { caseId: 'C-nobody' });
      let e = await rejection(store.addAudits([good, unknownCase]));
      expect(e).toBeInstanceOf(StoreValidationError);
      expect((e as StoreValidationError).problems.join('\n')).toMatch(/audits\[1\]\.caseId: no case with id "C-nobody"/);
      e = await rejection(store.addAudits([fresh('Q-bad-2', { auditorId: 'p-nobody' })]));
      expect((e as StoreValidationError).problems.join('\n')).toMatch(/audit\.auditorId: no person with id "p-nobody"/);
      e = await rejection(store.addAudits([fresh('Q-bad-3', { type: 'favourite' as Audit['type'] })]));
      expect((e as StoreValidationError).problems.join('\n')).toMatch(/audit\.type/);
      e = await rejection(store.addAudits([fresh('Q-bad-4', { completedOn: '2026-11-20' })]));
      expect((e as StoreValidationError).problems.join('\n')).toMatch(/audit\.grade: a completed audit needs a grade/);
      expect(ids(await store.listAudits())).toEqual(ids(before));
    });

    it('saves a draft with the version read; a stale version is a ConflictError; an unknown audit a NotFoundError', async () => {
      const open = fixture.audits.find((a) => a.completedOn === null)!;
      const read = (await store.getAudit(open.id))!;
      const draft = { ...open, summary: 'Half way', criteria: open.criteria.map((c, i) => (i === 0 ? { ...c, judgement: 'partly' as const, comment: 'Views recorded, not used' } : c)) };
      const saved = await store.updateAudit(open.id, read.version, draft);
      expect(saved.audit).toEqual(draft);
      expect(saved.version).not.toBe(read.version);
      expect((await store.getAudit(open.id))!.audit).toEqual(draft);
      const e = await rejection(store.updateAudit(open.id, read.version, { ...draft, summary: 'Someone else' }));
      expect(e).toBeInstanceOf(ConflictError);
      expect((await store.getAudit(open.id))!.audit.summary).toBe('Half way');
      expect(await rejection(store.updateAudit('Q-nobody', '1', { ...draft, id: 'Q-nobody' }))).toBeInstanceOf(NotFoundError);
      const renamed = await rejection(store.updateAudit(open.id, saved.version, { ...draft, id: 'Q-other' }));
      expect((renamed as StoreValidationError).problems.join('\n')).toMatch(/keeps its id/);
    });

    it('completes an audit with the actions it raises, stored together; the same completion again changes nothing', async () => {
      const open = fixture.audits.find((a) => a.completedOn === null)!;
      const c = fixture.cases.find((x) => x.id === open.caseId)!;
      const owner = c.leadProfessionalId!;
      const raised = [{ id: `${open.id}-A1`, criterionId: open.criteria[0]!.id, text: 'Record the family views', ownerId: owner, dueOn: '2026-12-18' }];
      const done: Audit = {
        ...open,
        completedOn: '2026-11-20',
        grade: 'requires-improvement',
        criteria: open.criteria.map((x) => ({ ...x, judgement: 'partly' as const, comment: 'Not yet' })),
        actions: raised,
      };
      const action: Action = {
        id: raised[0]!.id,
        seriesId: 'audit',
        meetingOn: '2026-11-20',
        caseId: c.id,
        text: raised[0]!.text,
        ownerId: owner,
        dueOn: '2026-12-18',
        closedOn: null,
        closedNote: null,
      };
      // Without its action stored, a completed audit is not a valid record.
      const missing = await rejection(store.updateAudit(open.id, (await store.getAudit(open.id))!.version, done));
      expect((missing as StoreValidationError).problems.join('\n')).toMatch(/not among the file's actions/);
      const read = (await store.getAudit(open.id))!;
      await store.updateAudit(open.id, read.version, done, { actions: [action] });
      expect((await store.getAudit(open.id))!.audit).toEqual(done);
      expect(await store.listActions({ seriesId: 'audit', caseId: c.id, open: true })).toContainEqual(action);
      // A retry whose first answer was lost: same audit, same actions, the version it had read.
      await store.updateAudit(open.id, read.version, done, { actions: [action] });
      expect((await store.listActions()).filter((a) => a.id === action.id)).toHaveLength(1);
      // The whole stays a valid case file.
      const exported = await store.exportCaseFile();
      expect(exported.audits.find((a) => a.id === open.id)).toEqual(done);
    });

    it("refuses actions that are not the audit's own (another series, another case, an id it does not list)", async () => {
      const open = fixture.audits.find((a) => a.completedOn === null)!;
      const owner = fixture.cases.find((x) => x.id === open.caseId)!.leadProfessionalId!;
      const done: Audit = {
        ...open,
        completedOn: '2026-11-20',
        grade: 'good',
        criteria: open.criteria.map((x) => ({ ...x, judgement: 'met' as const })),
        actions: [{ id: 'X-1', criterionId: null, text: 'Do it', ownerId: owner, dueOn: '2026-12-18' }],
      };
      const bad: Action = { id: 'X-1', seriesId: 'cmooe', meetingOn: '2026-11-20', caseId: 'C-other', text: 'Do it', ownerId: owner, dueOn: '2026-12-18', closedOn: null, closedNote: null };
      const e = await rejection(store.updateAudit(open.id, (await store.getAudit(open.id))!.version, done, { actions: [bad, { ...bad, id: 'X-2', seriesId: 'audit', caseId: open.caseId }] }));
      const problems = (e as StoreValidationError).problems.join('\n');
      expect(problems).toMatch(/actions\[0\]\.seriesId/);
      expect(problems).toMatch(/actions\[0\]\.caseId/);
      expect(problems).toMatch(/actions\[1\]\.id: "X-2" is not one of the audit's actions/);
      expect((await store.getAudit(open.id))!.audit).toEqual(open);
    });

    it('the change feed reports an audit that changed', async () => {
      const { token } = await store.changesSince(null);
      await store.addAudits([fresh('Q-feed')]);
      expect((await store.changesSince(token)).changes).toContainEqual({ entity: 'audit', id: 'Q-feed', deleted: false });
    });
  });
}
