// The CaseStore contract, part two (issue 16): the access record and the destruction of a case.
// Called by each adapter's contract test beside runCaseStoreContract. `traces` returns everything the
// store holds as text (SQLite: the database and write-ahead log files' bytes; SharePoint: every item of
// every list on the Graph test server), for the check that a destroyed case leaves nothing but its
// destruction entry.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { AccessEntry } from '../../../src/domain/access-log.js';
import { refersToCase } from '../../../src/domain/access-log.js';
import type { Case, CaseFile } from '../../../src/domain/model.js';
import { StoreValidationError, type CaseStore } from '../../../src/store/port.js';
import { contractFixture } from './fixture.js';
import type { MadeStore } from './contract.js';

export interface AccessContractOptions<M extends MadeStore> {
  /** Everything the store holds, as text (see above). */
  readonly traces: (made: M) => Promise<string>;
  /** How many times the destruction entry holds the case id in the raw store (SQLite: its row and its
   * index entry; SharePoint: the item's Title, CaseId and Record). */
  readonly copiesOfDestructionEntry: number;
  readonly fixtureCases?: number;
}

const entry = (over: Partial<AccessEntry> & Pick<AccessEntry, 'id'>): AccessEntry => ({
  at: '2026-11-23T10:00:00.000Z',
  personId: 'p1',
  caseId: 'C-1001',
  via: 'tab-case',
  reason: 'lead',
  scope: 'own',
  detail: null,
  ...over,
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}

/** Occurrences of `word` as a substring (the fixture's case ids are none of them inside another). */
function occurrences(text: string, word: string): number {
  let n = 0;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) n += 1;
  return n;
}

export function runAccessLogContract<M extends MadeStore>(label: string, makeStore: () => Promise<M>, options: AccessContractOptions<M>): void {
  describe(`CaseStore contract, the access record and destruction: ${label}`, () => {
    let made: M;
    let store: CaseStore;

    beforeEach(async () => {
      made = await makeStore();
      store = made.store;
    });
    afterEach(async () => {
      await made.cleanup();
    });

    describe('the access record', () => {
      const entries: AccessEntry[] = [
        entry({ id: 'a1', at: '2026-11-20T09:00:00.000Z', personId: 'p1', caseId: 'C-1001' }),
        entry({ id: 'a2', at: '2026-11-21T09:00:00.500Z', personId: 'p2', caseId: 'C-1001', via: 'bot-case', reason: 'team-manager', scope: 'team' }),
        entry({ id: 'a3', at: '2026-11-22T09:00:00.000Z', personId: 'p2', caseId: 'C-1002', via: 'export', reason: 'all-cases', scope: 'other', detail: 'cases' }),
        entry({ id: 'a4', at: '2026-11-23T09:00:00.000Z', personId: 'p3', caseId: 'C-10011', via: 'tab-cases', reason: 'all-cases', scope: 'other' }),
      ];

      it('appends and finds by case, person, way in, scope and period, newest first', async () => {
        await store.appendAccess(entries);
        const ids = (list: AccessEntry[]) => list.map((e) => e.id);
        expect(ids(await store.listAccess({}))).toEqual(['a4', 'a3', 'a2', 'a1']);
        expect(await store.listAccess({ caseId: 'C-1001' })).toEqual([entries[1], entries[0]]);
        expect(ids(await store.listAccess({ personId: 'p2' }))).toEqual(['a3', 'a2']);
        expect(ids(await store.listAccess({ via: 'export' }))).toEqual(['a3']);
        expect(ids(await store.listAccess({ scope: 'other' }))).toEqual(['a4', 'a3']);
        // since inclusive, before exclusive, to the millisecond
        expect(ids(await store.listAccess({ since: '2026-11-21T09:00:00.500Z', before: '2026-11-23T09:00:00Z' }))).toEqual(['a3', 'a2']);
        expect(ids(await store.listAccess({ since: '2026-11-21T09:00:00.501Z' }))).toEqual(['a4', 'a3']);
        expect(ids(await store.listAccess({ limit: 2 }))).toEqual(['a4', 'a3']);
        expect(ids(await store.listAccess({ personId: 'p2', caseId: 'C-1002' }))).toEqual(['a3']);
      });

      it('an entry written twice (a retry after a lost answer) is stored once', async () => {
        await store.appendAccess(entries.slice(0, 2));
        await store.appendAccess(entries);
        expect((await store.listAccess({})).length).toBe(4);
      });

      it('a bad entry names its problems and stores nothing of its batch', async () => {
        const e = await rejection(store.appendAccess([entries[0]!, { ...entries[1]!, via: 'peeked' as AccessEntry['via'], at: 'yesterday', caseId: '' }]));
        expect(e).toBeInstanceOf(StoreValidationError);
        expect((e as StoreValidationError).problems).toEqual([
          'entries[1].caseId: must be a non-empty string',
          'entries[1].at: not an instant with an offset or Z "yesterday"',
          'entries[1].via: "peeked" is not a way into a record',
        ]);
        expect(await store.listAccess({})).toEqual([]);
        expect(await rejection(store.listAccess({ since: 'last week' }))).toBeInstanceOf(StoreValidationError);
      });

      it('the record keeps its own retention: entries before a date are removed, the rest kept', async () => {
        await store.appendAccess(entries);
        expect(await store.pruneAccess('2026-11-22T00:00:00Z')).toBe(2);
        expect((await store.listAccess({})).map((e) => e.id)).toEqual(['a4', 'a3']);
        expect(await store.pruneAccess('2026-11-22T00:00:00Z')).toBe(0);
      });
    });

    describe('destroying a case', () => {
      let fixture: CaseFile;
      let victim: Case;
      let other: Case;

      beforeEach(async () => {
        fixture = contractFixture(Math.max(40, options.fixtureCases ?? 40));
        // A child whose name is theirs alone (no other child or member of staff has it), with a plan.
        const names = [...fixture.cases.map((c) => c.childName), ...fixture.people.map((p) => p.name)];
        const unique = fixture.cases.filter((c) => c.plan?.issuedOn && c.leadProfessionalId && names.filter((n) => n === c.childName).length === 1);
        victim = unique.find((c) => c.cmooe.length > 0) ?? unique[0]!;
        other = unique.find((c) => c.id !== victim.id)!;
        await store.importCaseFile(fixture);
      });

      async function giveItHistory(c: Case, tag: string): Promise<void> {
        const series = fixture.meetingSeries[0]!.id;
        const byId = fixture.people.find((p) => p.roles.includes('inclusion-lead'))!.id;
        const chair = fixture.people.find((p) => p.roles.includes('cmooe-chair'))!.id;
        await store.addCaseNote(c.id, { eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-20T11:00:00Z', authorId: c.leadProfessionalId!, text: `Spoke to ${c.childName}'s family (${tag})` });
        await store.addNomination({ caseId: c.id, seriesId: series, byId, concern: `Concern for ${c.childName}`, madeOn: '2026-11-20' }, { submitId: `nominate-${tag}` });
        await store.addSelection({ caseId: c.id, seriesId: series, meetingOn: '2026-12-10', byId: chair }, '2026-12-05');
        await store.addAction({
          id: `A-${tag}`,
          seriesId: series,
          meetingOn: '2026-11-26',
          caseId: c.id,
          text: `Find a tutor for ${c.childName}`,
          ownerId: c.leadProfessionalId!,
          dueOn: '2026-12-20',
          closedOn: null,
          closedNote: null,
        });
        await store.snoozeReminder(c.leadProfessionalId!, `${c.id}/annual-review/2027-01-05`, '2026-12-01');
        await store.startSubmission({
          id: `form-${tag}`,
          personId: c.leadProfessionalId!,
          form: 'note',
          at: '2026-11-20T11:00:00Z',
          record: { caseId: c.id, text: `about ${c.childName}` },
          result: { caseId: c.id },
        });
        await store.finishSubmission(`form-${tag}`, 'done');
        await store.appendAccess([entry({ id: `seen-${tag}`, caseId: c.id, personId: c.leadProfessionalId! })]);
      }

      it('removes the case and everything about it, leaving only the destruction entry; other cases untouched', async () => {
        await giveItHistory(victim, 'v');
        await giveItHistory(other, 'o');
        // One card announcing lines of both cases; its register likewise.
        const lines = [`stage/p1/${victim.id}/annual-review/2027-01-05/overdue`, `stage/p1/${other.id}/annual-review/2027-01-05/overdue`];
        const [card] = await store.claimCards([{ key: 'digest/2026-11-23/p1', recipientId: 'p1', holder: 'h1', at: '2026-11-23T08:00:00Z', lines }]);
        await store.updateCards([{ key: card!.key, holder: 'h1', version: card!.version, state: 'sent', sentAt: '2026-11-23T08:00:02Z', announce: { register: 'digest', add: lines, remove: [] } }]);
        const token = (await store.changesSince(null)).token;

        const destruction = entry({
          id: 'destruction-1',
          at: '2026-11-24T12:00:00.000Z',
          personId: 'p-ig',
          caseId: victim.id,
          via: 'destroyed',
          reason: 'information-governance',
          scope: 'other',
          detail: 'past retention',
        });
        const report = await store.destroyCase(victim.id, destruction);
        expect(report.found).toBe(true);
        const inFile = (list: ReadonlyArray<{ caseId: string | null }>) => list.filter((x) => x.caseId === victim.id).length;
        expect(report.removed).toMatchObject({
          cases: 1,
          nominations: inFile(fixture.nominations) + 1,
          selections: inFile(fixture.selections) + 1,
          actions: inFile(fixture.actions) + 1,
          accessEntries: 1,
        });

        expect(await store.getCase(victim.id)).toBeNull();
        expect(await store.listNominations({ caseId: victim.id })).toEqual([]);
        expect(await store.listSelections({ caseId: victim.id })).toEqual([]);
        expect(await store.listActions({ caseId: victim.id })).toEqual([]);
        // its case-file audits go too; the other case's stay
        expect(report.removed.audits ?? 0).toBe(inFile(fixture.audits));
        expect(await store.listAudits({ caseId: victim.id })).toEqual([]);
        expect(await store.listAudits({ caseId: other.id })).toHaveLength(fixture.audits.filter((a) => a.caseId === other.id).length);
        expect([...(await store.listSnoozes(victim.leadProfessionalId!, '2026-11-23')).keys()].filter((k) => k.includes(victim.id))).toEqual([]);
        expect((await store.listCards('digest/'))[0]!.lines).toEqual([lines[1]]);
        expect((await store.listAnnounced()).find((r) => r.recipientId === 'p1')!.lines).toEqual([lines[1]]);
        expect(await store.listAccess({ caseId: victim.id })).toEqual([destruction]);
        // a reader of the change feed starts again, and nothing it is told names the case
        const batch = await store.changesSince(token);
        expect(batch.resync).toBe(true);
        expect(batch.changes.filter((c) => refersToCase(c.id, victim.id))).toEqual([]);
        expect(batch.changes.some((c) => c.entity === 'case' && c.id === other.id)).toBe(true);

        // the other case keeps everything
        expect((await store.getCase(other.id))!.case.caseNotes.at(-1)!.text).toContain('(o)');
        expect(await store.listNominations({ caseId: other.id })).toHaveLength(1);
        expect(await store.listActions({ caseId: other.id })).toHaveLength(1);
        expect((await store.listAccess({ caseId: other.id })).map((e) => e.id)).toEqual(['seen-o']);
        expect((await store.startSubmission({ id: 'form-o', personId: 'x', form: 'note', at: '2026-11-24T00:00:00Z', record: null, result: null }))?.result).toEqual({ caseId: other.id });
        // the rest of the file is as imported, less the case
        const exported = await store.exportCaseFile();
        expect(exported.cases.map((c) => c.id)).toEqual(fixture.cases.filter((c) => c.id !== victim.id).map((c) => c.id));
        expect(exported.people).toEqual(fixture.people);

        // No trace in the store's own files or items: not the child's name, and the case id only in the
        // destruction entry.
        const text = await options.traces(made);
        expect(text.includes(victim.childName)).toBe(false);
        expect(text.includes(other.childName)).toBe(true);
        expect(occurrences(text, victim.id)).toBe(options.copiesOfDestructionEntry);
      });

      it('a repeat finds nothing left and keeps one destruction entry; a destruction entry of another case is refused', async () => {
        const destruction = entry({ id: 'destruction-2', caseId: victim.id, via: 'destroyed', reason: 'information-governance', scope: 'other' });
        expect((await store.destroyCase(victim.id, destruction)).found).toBe(true);
        expect((await store.destroyCase(victim.id, destruction)).found).toBe(false);
        expect(await store.listAccess({ caseId: victim.id })).toEqual([destruction]);
        const wrong = await rejection(store.destroyCase(other.id, { ...destruction, id: 'x' }));
        expect(wrong).toBeInstanceOf(StoreValidationError);
        expect(await store.getCase(other.id)).not.toBeNull();
      });
    });
  });
}
