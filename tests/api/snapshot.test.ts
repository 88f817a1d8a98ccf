// The tab API's snapshot is updated from the store's change feed: after writes, the incrementally
// updated snapshot gives the same obligations and figures as one built from scratch.
import { describe, expect, it } from '@jest/globals';
import { generateDemo } from '../../src/domain/demo.js';
import { toObligationJson } from '../../src/domain/obligation.js';
import { SnapshotSource, dashboard, type Snapshot } from '../../src/services/dashboard.js';
import { forecastView } from '../../src/services/forecast.js';
import { openTestStore } from './support.js';

const TODAY = '2026-11-23';
const clock = () => Date.parse(`${TODAY}T10:00:00Z`);

function obligationsOf(s: Snapshot): string[] {
  return s.obligations.map((o) => JSON.stringify({ ...toObligationJson(o), key: o.key })).sort();
}

describe('snapshot updates from the change feed', () => {
  it('after notes, summaries, supervisions, selections and case edits, equals a snapshot built from scratch', async () => {
    const file = generateDemo({ cases: 120, seed: 5, today: TODAY });
    const { store } = await openTestStore(file);
    let exports = 0;
    const exportCaseFile = store.exportCaseFile.bind(store);
    store.exportCaseFile = () => {
      exports += 1;
      return exportCaseFile();
    };
    const source = new SnapshotSource(store, clock);
    const before = await source.get();
    expect(exports).toBe(1);
    const patti = file.people.find((p) => p.name === 'Patti Fernandez')!;
    const period = { from: '2026-10-01', to: TODAY, team: null, locality: null };
    const figuresBefore = dashboard(before, patti, period);
    const team = file.cases[3]!.team;
    const locality = file.cases[7]!.locality;
    const filters = [period, { ...period, team }, { ...period, locality }, { ...period, from: '2025-12-01' }];
    // Gathered once before the writes, so that the groups the writes did not touch are carried over.
    for (const filter of filters) dashboard(before, patti, filter);
    const noSnoozes = { listSnoozes: async () => new Map<string, string>() };
    const forecastBefore = await forecastView(before, noSnoozes, patti, { limit: 50_000 });

    const c1 = file.cases[3]!;
    await store.addCaseNote(c1.id, { eventAt: '2026-11-20T09:00:00Z', recordedAt: '2026-11-23T09:00:00Z', authorId: c1.leadProfessionalId ?? 'p1', text: 'late note' });
    const cmooe = file.cases.find((c) => c.cmooe.some((p) => p.to === null) && !c.childInCare)!;
    await store.addCmooeSummary(cmooe.id, { submittedOn: TODAY, authorId: cmooe.inclusionLeadId ?? 'p2', actionsToDate: 'a', currentSteps: 'b', keyDates: 'c' });
    const supervisee = file.people.find((p) => p.managerId !== null)!;
    await store.addSupervision({ superviseeId: supervisee.id, supervisorId: supervisee.managerId!, heldOn: TODAY, notesSharedOn: null });
    const stored = (await store.getCase(file.cases[7]!.id))!;
    await store.updateCase(stored.case.id, stored.version, { childInCare: !stored.case.childInCare });

    const updated = await source.get();
    expect(updated).not.toBe(before);
    expect(exports).toBe(1); // updated from the change feed, not re-exported
    const fresh = await new SnapshotSource(store, clock).get();
    expect(obligationsOf(updated)).toEqual(obligationsOf(fresh));
    expect(updated.file.cases.map((c) => c.id)).toEqual(fresh.file.cases.map((c) => c.id));
    expect(updated.file.supervisions.length).toBe(fresh.file.supervisions.length);
    const figuresAfter = dashboard(updated, patti, period);
    // Every figure, team row and trend point, for the service, a team and a locality: the groups
    // carried over from the snapshot before the writes give what a rebuild gives.
    for (const filter of filters) {
      const a = dashboard(updated, patti, filter);
      const b = dashboard(fresh, patti, filter);
      expect({ measures: a.measures, byTeam: a.byTeam, trend: a.trend, ehcp: a.ehcpLatest12Months }).toEqual({ measures: b.measures, byTeam: b.byTeam, trend: b.trend, ehcp: b.ehcpLatest12Months });
    }
    expect(figuresAfter.measures).toEqual(dashboard(fresh, patti, period).measures);
    // The forecast too: the groups' items carried over, the changed ones recomputed.
    const forecastAfter = await forecastView(updated, noSnoozes, patti, { limit: 50_000 });
    const forecastFresh = await forecastView(fresh, noSnoozes, patti, { limit: 50_000 });
    expect({ summary: forecastAfter.summary, rows: forecastAfter.rows, byTeam: forecastAfter.byTeam }).toEqual({
      summary: forecastFresh.summary,
      rows: forecastFresh.rows,
      byTeam: forecastFresh.byTeam,
    });
    // The new supervision (held today) closed the supervision that was open for its supervisee.
    expect(forecastAfter.rows).not.toEqual(forecastBefore.rows);
    // The late note is counted: one more casework item recorded in the period, not on time.
    expect(figuresAfter.measures.caseworkWithin48Hours.total).toBe(figuresBefore.measures.caseworkWithin48Hours.total + 1);
    expect(figuresAfter.measures.caseworkWithin48Hours.met).toBe(figuresBefore.measures.caseworkWithin48Hours.met);
    // Nothing changed since: the same snapshot is served.
    expect(await source.get()).toBe(updated);
    await store.close();
  });

  it('the next morning, with a case changed overnight: one delta round, the change read, nothing re-exported, obligations as a rebuild gives', async () => {
    const file = generateDemo({ cases: 120, seed: 5, today: TODAY });
    const { store } = await openTestStore(file);
    let exports = 0;
    const exportCaseFile = store.exportCaseFile.bind(store);
    store.exportCaseFile = () => {
      exports += 1;
      return exportCaseFile();
    };
    let now = clock();
    const source = new SnapshotSource(store, () => now);
    const monday = await source.get();
    expect(monday.today).toBe(TODAY);
    const stored = (await store.getCase(file.cases[5]!.id))!;
    await store.updateCase(stored.case.id, stored.version, { setting: 'Moved overnight' });
    now += 86_400_000;
    const tuesday = await source.get();
    expect(tuesday.today).toBe('2026-11-24');
    expect(exports).toBe(1);
    expect(tuesday.cases.get(stored.case.id)?.setting).toBe('Moved overnight');
    const fresh = await new SnapshotSource(store, () => now).get();
    expect(obligationsOf(tuesday)).toEqual(obligationsOf(fresh));
    await store.close();
  });
});
