// Amendments, moves to another local authority and mediation (docs/rules.md section 3; PS 8.1, 8.2,
// 9.7, 12.6), from hand-computed tables. Bank holidays used: 2026 Good Friday 3 Apr, Easter Monday
// 6 Apr, Christmas Day Fri 25 Dec, Boxing Day substitute Mon 28 Dec; 2027 New Year's Day Fri 1 Jan.
import { describe, expect, it } from '@jest/globals';
import { amendmentIssue, laTransfer, mediationSession } from '../../../src/domain/rules/index.js';
import { brief, ctxOn, makeCase, makePerson } from './fixtures.js';

describe('amendment-issue (PS 8.1, 8.2: the amended plan within 8 weeks of the notice)', () => {
  // Notice 2 November 2026: due 28 December 2026 (calendar weeks; a bank holiday changes nothing).
  it.each([
    ['issued on the due date', '2026-12-28', '2027-01-10', 'met'],
    ['issued a day late', '2026-12-29', '2027-01-10', 'met-late'],
    ['not issued, the day after', null, '2026-12-29', 'overdue'],
    ['not issued, 14 days before', null, '2026-12-14', 'due-soon'],
    ['not issued, 35 days before', null, '2026-11-23', 'upcoming'],
  ] as const)('%s', (_name, issuedOn, today, status) => {
    const list = amendmentIssue(makeCase({ amendments: [{ noticeOn: '2026-11-02', issuedOn }] }), ctxOn(today));
    expect(list.map(brief)).toEqual([{ due: '2026-12-28', status, completedOn: issuedOn }]);
    expect(list[0]).toMatchObject({ citation: 'PS 8.1, 8.2', ownerRole: 'provision-lead', ownerId: 'p1', subject: '2026-11-02' });
  });

  it('one per notice', () => {
    const c = makeCase({ amendments: [{ noticeOn: '2026-01-05', issuedOn: '2026-02-20' }, { noticeOn: '2026-11-02' }] });
    expect(amendmentIssue(c, ctxOn('2026-11-23')).map((o) => o.due)).toEqual(['2026-03-02', '2026-12-28']);
  });
});

describe('la-transfer (PS 9.7: on the move date with 15 working days notice, else within 15 working days)', () => {
  it.each([
    // Notice Mon 2 Nov: the 15th working day after it is Mon 23 Nov, the move date: enough notice.
    ['15 working days notice exactly: due on the move', '2026-11-02', '2026-11-23', '2026-11-23'],
    // Notice Tue 3 Nov: the 15th working day is Tue 24 Nov, after the move: move + 15 working days.
    ['a day short of 15 working days: move + 15 working days', '2026-11-03', '2026-11-23', '2026-12-14'],
    // Move Mon 14 Dec: 15, 16, 17, 18, 21, 22, 23, 24 (8), 29, 30, 31 (11), 4, 5, 6, 7 Jan (15).
    ['short notice across Christmas 2026 (25, 28 Dec and 1 Jan skipped)', '2026-12-10', '2026-12-14', '2027-01-07'],
    // Move Mon 30 Mar: 31 Mar, 1, 2 Apr (3), 7-10 Apr (7), 13-17 (12), 20, 21, 22 Apr (15).
    ['short notice across Easter 2026 (3 and 6 Apr skipped)', '2026-03-27', '2026-03-30', '2026-04-22'],
  ])('%s', (_name, noticeOn, moveOn, due) => {
    const list = laTransfer(makeCase({ laTransfer: { noticeOn, moveOn } }), ctxOn('2026-01-02'));
    expect(list.map((o) => o.due)).toEqual([due]);
    expect(list[0]).toMatchObject({ citation: 'PS 9.7', ownerRole: 'provision-lead', ownerId: 'p1' });
  });

  it.each([
    ['transferred on the due date', '2027-01-07', '2027-01-20', 'met'],
    ['transferred a day late', '2027-01-08', '2027-01-20', 'met-late'],
    ['not transferred, the day after', null, '2027-01-08', 'overdue'],
    ['not transferred, 10 days before', null, '2026-12-28', 'due-soon'],
    ['not transferred, 31 days before', null, '2026-12-07', 'upcoming'],
  ] as const)('a Christmas move, %s', (_name, transferredOn, today, status) => {
    const c = makeCase({ laTransfer: { noticeOn: '2026-12-10', moveOn: '2026-12-14', transferredOn } });
    expect(laTransfer(c, ctxOn(today)).map(brief)).toEqual([{ due: '2027-01-07', status, completedOn: transferredOn }]);
  });

  it('is not owed without a move', () => {
    expect(laTransfer(makeCase(), ctxOn('2026-11-23'))).toEqual([]);
  });
});

describe('mediation-session (PS 12.6: a session within 30 days of the notice)', () => {
  // Asked 10 November 2026: due 10 December.
  it.each([
    ['held on the due date', '2026-12-10', '2026-12-20', 'met'],
    ['held a day late', '2026-12-11', '2026-12-20', 'met-late'],
    ['not held, the day after', null, '2026-12-11', 'overdue'],
    ['not held, 14 days before', null, '2026-11-26', 'due-soon'],
    ['not held, 20 days before', null, '2026-11-20', 'upcoming'],
  ] as const)('%s', (_name, sessionOn, today, status) => {
    const list = mediationSession(makeCase({ mediations: [{ requestedOn: '2026-11-10', sessionOn }] }), ctxOn(today));
    expect(list.map(brief)).toEqual([{ due: '2026-12-10', status, completedOn: sessionOn }]);
  });

  it("is owed by the lead professional's team manager", () => {
    const [o] = mediationSession(makeCase({ mediations: [{ requestedOn: '2026-11-10' }] }), ctxOn('2026-11-23'));
    expect(o).toMatchObject({ ownerRole: 'team-manager', ownerId: 'p9', citation: 'PS 12.6' });
  });

  it('has no owner id when the lead professional has no manager or is unknown', () => {
    const people = [makePerson({ id: 'p1', roles: ['provision-lead'] })];
    const c = makeCase({ mediations: [{ requestedOn: '2026-11-10' }] });
    expect(mediationSession(c, ctxOn('2026-11-23', { people }))[0]!.ownerId).toBeNull();
    expect(mediationSession(makeCase({ leadProfessionalId: 'p404', mediations: [{ requestedOn: '2026-11-10' }] }), ctxOn('2026-11-23'))[0]!.ownerId).toBeNull();
  });
});
