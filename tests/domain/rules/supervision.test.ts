// Supervision rules (docs/rules.md section 3; PS 6.13, 11.4), from hand-computed tables.
import { describe, expect, it } from '@jest/globals';
import { personObligations, supervision, supervisionNotes } from '../../../src/domain/rules/index.js';
import { brief, ctxOn, makePerson, makeSupervision } from './fixtures.js';

describe('supervision (PS 6.13: monthly supervision by the line manager)', () => {
  // Started Saturday 31 Jan 2026: first supervision due 28 Feb (31 Jan + 1 month, clamped).
  const p2 = makePerson({ id: 'p2', managerId: 'p9', startedOn: '2026-01-31' });
  const held = ['2026-04-30', '2026-02-27', '2026-03-30'].map((d) => makeSupervision('p2', d));
  const past = [
    { due: '2026-02-28', status: 'met', completedOn: '2026-02-27' },
    { due: '2026-03-27', status: 'met-late', completedOn: '2026-03-30' },
    { due: '2026-04-30', status: 'met', completedOn: '2026-04-30' },
  ];

  it.each([
    ['overdue', '2026-06-10', 'overdue'],
    ['due-soon', '2026-05-20', 'due-soon'],
    ['upcoming', '2026-05-01', 'upcoming'],
  ])('every past month, then the next one (%s)', (_name, today, status) => {
    expect(supervision(p2, held, ctxOn(today)).map(brief)).toEqual([...past, { due: '2026-05-30', status, completedOn: null }]);
  });

  it('a supervision recorded for a future date completes nothing yet', () => {
    const list = supervision(p2, [...held, makeSupervision('p2', '2026-06-20')], ctxOn('2026-06-10'));
    expect(list.map(brief)).toEqual([...past, { due: '2026-05-30', status: 'overdue', completedOn: null }]);
  });

  it('is about the supervisee, owed by their manager, with stable keys', () => {
    const list = supervision(p2, held, ctxOn('2026-06-10'));
    for (const o of list) {
      expect(o).toMatchObject({ caseId: null, personId: 'p2', kind: 'supervision', ownerRole: 'team-manager', ownerId: 'p9', citation: 'PS 6.13', pfa: null, seriesId: null });
    }
    expect(list.map((o) => o.key)).toEqual(['p2/supervision/2026-02-28', 'p2/supervision/2026-03-27', 'p2/supervision/2026-04-30', 'p2/supervision/2026-05-30']);
  });

  it('without a start date, the first supervision is the anchor (nothing owed before it)', () => {
    const p3 = makePerson({ id: 'p3', managerId: 'p9' });
    const list = supervision(p3, [makeSupervision('p3', '2026-04-10'), makeSupervision('p3', '2026-03-15')], ctxOn('2026-04-20'));
    expect(list.map(brief)).toEqual([
      { due: '2026-04-15', status: 'met', completedOn: '2026-04-10' },
      { due: '2026-05-10', status: 'upcoming', completedOn: null },
    ]);
  });

  it('nothing without a start date or a supervision, nothing without a manager, and others’ supervisions are ignored', () => {
    expect(supervision(makePerson({ id: 'p4', managerId: 'p9' }), [makeSupervision('p5', '2026-03-15')], ctxOn('2026-04-20'))).toEqual([]);
    expect(supervision(makePerson({ id: 'p6', startedOn: '2026-01-05' }), [makeSupervision('p6', '2026-03-15')], ctxOn('2026-04-20'))).toEqual([]);
  });
});

describe('supervision-notes (PS 11.4: notes shared within 10 working days)', () => {
  const p2 = makePerson({ id: 'p2', managerId: 'p9', startedOn: '2024-01-08' });
  it.each([
    // Thu 17 Dec 2026: 18, 21, 22, 23, 24 (5), 25 and 28 Dec bank holidays, 29, 30, 31 (8), 1 Jan bank holiday, 4, 5 Jan (10).
    ['across Christmas 2026', '2026-12-17', '2027-01-05'],
    // Mon 30 Mar 2026: 31 Mar, 1, 2 Apr (3), 3 and 6 Apr bank holidays, 7-10 Apr (7), 13, 14, 15 Apr (10).
    ['across Easter 2026', '2026-03-30', '2026-04-15'],
    // Tue 20 Oct 2026: 21-23 (3), 26-30 (8), 2, 3 Nov (10).
    ['an ordinary fortnight', '2026-10-20', '2026-11-03'],
  ])('%s', (_name, heldOn, due) => {
    expect(supervisionNotes(p2, [makeSupervision('p2', heldOn)], ctxOn('2026-01-01')).map((o) => o.due)).toEqual([due]);
  });

  it.each([
    ['shared on the 10th working day', '2026-10-20', '2026-11-03', '2026-11-10', 'met'],
    ['shared on the 11th', '2026-10-20', '2026-11-04', '2026-11-10', 'met-late'],
    ['not shared after the 10th', '2026-10-20', null, '2026-11-04', 'overdue'],
    ['not shared, the day after the supervision', '2026-10-20', null, '2026-10-21', 'due-soon'],
    ['not shared, held the day before Christmas week', '2026-12-17', null, '2026-12-17', 'upcoming'],
  ] as const)('%s', (_name, heldOn, notesSharedOn, today, status) => {
    const list = supervisionNotes(p2, [makeSupervision('p2', heldOn, notesSharedOn, 'p8')], ctxOn(today));
    expect(list.map((o) => [o.status, o.completedOn])).toEqual([[status, notesSharedOn]]);
    expect(list[0]).toMatchObject({ caseId: null, personId: 'p2', ownerRole: 'team-manager', ownerId: 'p8', citation: 'PS 11.4' });
  });

  it('one per supervision, also for a person without a manager', () => {
    const p7 = makePerson({ id: 'p7' });
    const list = personObligations(p7, [makeSupervision('p7', '2026-10-20', '2026-10-22'), makeSupervision('p7', '2026-11-17')], ctxOn('2026-11-23'));
    expect(list.map((o) => [o.kind, o.due, o.status])).toEqual([
      ['supervision-notes', '2026-11-03', 'met'],
      ['supervision-notes', '2026-12-01', 'due-soon'],
    ]);
  });
});
