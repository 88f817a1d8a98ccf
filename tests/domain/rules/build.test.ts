// The rules' fast date and instant helpers agree with the slow, obvious ones, and sortObligations
// gives exactly the order of compareObligations.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fromDay, toDay } from '../../../src/domain/dates.js';
import { compareObligations, OBLIGATION_KINDS, type Obligation } from '../../../src/domain/obligation.js';
import { dateOf, dayOf, instantObligation, instantOf, instantText, obligation } from '../../../src/domain/rules/build.js';
import { sortObligations } from '../../../src/domain/rules/order.js';

describe('dates and instants in the rules', () => {
  it.each(['1970-01-01', '2024-02-29', '2026-12-31', '2099-12-31', '2100-01-01', '1969-12-31', '1900-03-01'])('%s reads and writes back', (iso) => {
    expect(dayOf(iso)).toBe(toDay(iso));
    expect(dateOf(dayOf(iso))).toBe(iso);
  });

  it('agrees with fromDay over 1960-2110', () => {
    fc.assert(fc.property(fc.integer({ min: toDay('1960-01-01'), max: toDay('2110-12-31') }), (day) => dateOf(day) === fromDay(day)));
  });

  it('rejects what is not a date, naming it', () => {
    expect(() => dayOf('2026-02-30')).toThrow('"2026-02-30"');
    expect(() => dayOf('2026-1-5')).toThrow('"2026-1-5"');
  });

  it.each(['2026-11-20T10:00:00Z', '2026-11-20T10:00:00.123Z', '2026-06-01T09:30:00+01:00', '2026-03-29T00:59:59.999Z', '2024-02-29T23:59:59Z'])('reads the instant %s as Date.parse does', (text) =>
    expect(instantOf(text)).toBe(Date.parse(text)),
  );

  it('writes instants as toISOString does', () => {
    fc.assert(fc.property(fc.integer({ min: Date.parse('1960-01-01T00:00:00Z'), max: Date.parse('2110-12-31T23:59:59Z') }), (ms) => instantText(ms) === new Date(ms).toISOString()));
  });

  it('rejects an instant that is not one, naming it', () => {
    expect(() => instantOf('2026-11-20T25:00:00Z')).toThrow('"2026-11-20T25:00:00Z"');
  });
});

describe('sortObligations', () => {
  const item = fc
    .record({
      caseId: fc.option(fc.constantFrom('C-1', 'C-10', 'C-2', 'C-1001', 'C-999'), { nil: null }),
      // Person ids that sort differently as ids and as key prefixes ('p1' < 'p1-a', but 'p1-a/' < 'p1/').
      personId: fc.constantFrom('p1', 'p10', 'p2', 'p1-a', 'p9'),
      kind: fc.constantFrom(...OBLIGATION_KINDS),
      day: fc.integer({ min: toDay('2025-12-25'), max: toDay('2026-01-10') }),
      instantMs: fc.option(fc.integer({ min: 0, max: 86_399_999 }), { nil: null }),
      n: fc.nat(5),
    })
    .map(({ caseId, personId, kind, day, instantMs, n }): Obligation => {
      const person = caseId === null ? personId : null;
      return instantMs === null
        ? obligation(caseId, person, kind, String(n), 1, null, day, 'upcoming', null, 'provision-lead', null, 'PS 0', () => 'a test')
        : instantObligation(caseId, person, kind, String(n), 1, null, day * 86_400_000 + instantMs, 'upcoming', null, 'provision-lead', null, 'PS 0', () => 'a test');
    });

  it('gives the same order as sorting with compareObligations', () => {
    fc.assert(
      fc.property(fc.uniqueArray(item, { selector: (o) => o.key, maxLength: 300 }), (list) => {
        const expected = [...list].sort(compareObligations).map((o) => o.key);
        expect(sortObligations([...list]).map((o) => o.key)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same order for a list handed out as computeObligations does (in order but for the due date)', () => {
    // Obligations of no case first, by kind then key; then by case, kind and key: the rules' order.
    const handedOut = (a: Obligation, b: Obligation) =>
      (a.caseId === null ? 0 : 1) - (b.caseId === null ? 0 : 1) ||
      ((a.caseId ?? '') < (b.caseId ?? '') ? -1 : (a.caseId ?? '') > (b.caseId ?? '') ? 1 : 0) ||
      (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    fc.assert(
      fc.property(fc.uniqueArray(item, { selector: (o) => o.key, maxLength: 300 }), fc.nat(), (list, swap) => {
        const expected = [...list].sort(compareObligations).map((o) => o.key);
        const ordered = [...list].sort(handedOut);
        expect(sortObligations([...ordered]).map((o) => o.key)).toEqual(expected);
        // Two of them swapped: out of that order, the full sort still gives the right one.
        if (ordered.length > 1) {
          const i = swap % (ordered.length - 1);
          [ordered[i], ordered[i + 1]] = [ordered[i + 1]!, ordered[i]!];
          expect(sortObligations([...ordered]).map((o) => o.key)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('orders obligations of no case by kind, then by the id their key starts with (an id with a "/" too)', () => {
    const make = (personId: string, kind: 'supervision' | 'supervision-notes', due: string) =>
      obligation(null, personId, kind, null, 1, null, toDay(due), 'upcoming', null, 'team-manager', 'p9', 'PS 6.13', () => 'a test');
    for (const ids of [
      ['p1', 'p1-a', 'p10', 'p2'],
      ['p1', 'p1/x', 'p1-a'],
    ]) {
      const list = ids.flatMap((id) => [make(id, 'supervision', '2026-01-05'), make(id, 'supervision-notes', '2026-01-05'), make(id, 'supervision', '2026-01-04')]).reverse();
      expect(sortObligations([...list]).map((o) => o.key)).toEqual([...list].sort(compareObligations).map((o) => o.key));
    }
  });

  it('over a century of due dates, with many instants due on one day (one block of the day, not of its hours)', () => {
    const at = (caseId: string, due: string) => obligation(caseId, null, 'casework-recording', null, 1, null, toDay(due), 'met', null, 'provision-lead', 'p1', 'PS 11.2', () => 'a test');
    const atInstant = (caseId: string, ms: number) => instantObligation(caseId, null, 'casework-recording', null, 1, null, ms, 'met', null, 'provision-lead', 'p1', 'PS 11.2', () => 'a test');
    const list = [at('C-1', '1971-01-01'), at('C-2', '2098-12-31')];
    for (let i = 0; i < 60; i += 1) list.push(atInstant(`C-${(i * 7) % 11}`, Date.UTC(2026, 0, 5) + (((i * 37) % 60) * 3_600_000) / 3 + i));
    expect(sortObligations([...list]).map((o) => o.key)).toEqual([...list].sort(compareObligations).map((o) => o.key));
  });

  it('orders the same as compareObligations when a due is not a date or a UTC instant (obligations made elsewhere)', () => {
    const make = (caseId: string, due: string): Obligation => ({
      caseId,
      personId: null,
      kind: 'final-plan',
      due,
      status: 'upcoming',
      completedOn: null,
      ownerRole: 'provision-lead',
      ownerId: null,
      citation: 'PS 5.16',
      seriesId: null,
      meetingOn: null,
      pfa: null,
      key: `${caseId}/final-plan/${due}`,
      subject: null,
      basis: 'a test',
      actionId: null,
      auditId: null,
    });
    const list = [make('C-2', '2026-01-01'), make('C-1', 'soon'), make('C-1', '2026-01-01T10:00:00+01:00'), make('C-3', '2025-12-31')];
    expect(sortObligations([...list]).map((o) => o.key)).toEqual([...list].sort(compareObligations).map((o) => o.key));
  });
});
