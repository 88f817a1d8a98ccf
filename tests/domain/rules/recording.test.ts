// Casework recording within 48 hours (docs/rules.md section 3; PS 11.2). Deadlines are instants.
import { describe, expect, it } from '@jest/globals';
import { caseworkRecording, instantStatus } from '../../../src/domain/rules/index.js';
import { ctxOn, makeCase, makePerson } from './fixtures.js';

const note = (eventAt: string, recordedAt: string, authorId = 'p1') => ({ eventAt, recordedAt, authorId, text: 'visit' });

describe('casework-recording (PS 11.2: recorded within 48 hours of the event)', () => {
  it.each([
    ['recorded exactly 48 hours after', '2026-11-20T10:00:00Z', '2026-11-22T10:00:00Z', '2026-11-22T10:00:00.000Z', 'met'],
    ['recorded a second late', '2026-11-20T10:00:00Z', '2026-11-22T10:00:01Z', '2026-11-22T10:00:00.000Z', 'met-late'],
    ['recorded the next morning', '2026-11-20T10:00:00Z', '2026-11-21T09:00:00Z', '2026-11-22T10:00:00.000Z', 'met'],
    // An offset is an instant like any other: 09:30 BST is 08:30 UTC.
    ['event and record with a +01:00 offset', '2026-06-01T09:30:00+01:00', '2026-06-03T09:15:00+01:00', '2026-06-03T08:30:00.000Z', 'met'],
    ['recorded with a +01:00 offset, 15 minutes late', '2026-06-01T09:30:00+01:00', '2026-06-03T09:45:00+01:00', '2026-06-03T08:30:00.000Z', 'met-late'],
  ])('%s', (_name, eventAt, recordedAt, due, status) => {
    const list = caseworkRecording(makeCase({ caseNotes: [note(eventAt, recordedAt)] }), ctxOn('2026-11-23'));
    expect(list.map((o) => ({ due: o.due, status: o.status, completedOn: o.completedOn }))).toEqual([{ due, status, completedOn: recordedAt }]);
    expect(list[0]).toMatchObject({ citation: 'PS 11.2', ownerId: 'p1', kind: 'casework-recording', caseId: 'C-1' });
  });

  it.each([
    ['a provision lead', ['provision-lead'], 'provision-lead'],
    ['a service manager who is also a social worker', ['service-manager', 'social-worker'], 'social-worker'],
    ['a team manager who is also a provision lead (first role counts)', ['team-manager', 'provision-lead'], 'team-manager'],
    ['an inclusion lead', ['inclusion-lead'], 'inclusion-lead'],
    ['a QA officer only', ['qa-officer'], 'provision-lead'],
  ] as const)('is owned by the author as %s', (_name, roles, ownerRole) => {
    const people = [makePerson({ id: 'a1', roles: [...roles] })];
    const [o] = caseworkRecording(makeCase({ caseNotes: [note('2026-11-20T10:00:00Z', '2026-11-20T12:00:00Z', 'a1')] }), ctxOn('2026-11-23', { people }));
    expect(o).toMatchObject({ ownerRole, ownerId: 'a1' });
  });

  it('an unknown author owns it as provision-lead', () => {
    const [o] = caseworkRecording(makeCase({ caseNotes: [note('2026-11-20T10:00:00Z', '2026-11-20T12:00:00Z', 'gone')] }), ctxOn('2026-11-23'));
    expect(o).toMatchObject({ ownerRole: 'provision-lead', ownerId: 'gone' });
  });

  it('one per note, with distinct keys', () => {
    const c = makeCase({ caseNotes: [note('2026-11-20T10:00:00Z', '2026-11-20T12:00:00Z'), note('2026-11-20T10:00:00Z', '2026-11-20T13:00:00Z')] });
    const keys = caseworkRecording(c, ctxOn('2026-11-23')).map((o) => o.key);
    expect(keys).toEqual(['C-1/casework-recording/2026-11-22T10:00:00.000Z/p1', 'C-1/casework-recording/2026-11-22T10:00:00.000Z/p1#2']);
  });
});

describe('status of an instant deadline not yet met', () => {
  // Due 23:30 UTC on 3 June 2026 = 00:30 on 4 June in London (BST).
  const due = Date.parse('2026-06-03T23:30:00Z');
  it.each([
    ['with the current instant a minute past', { now: '2026-06-03T23:31:00Z' }, '2026-06-04', 'overdue'],
    ['with the current instant a minute before', { now: '2026-06-03T23:29:00Z' }, '2026-06-04', 'due-soon'],
    ["without an instant, on the deadline's London date", {}, '2026-06-04', 'due-soon'],
    ['without an instant, the London day after', {}, '2026-06-05', 'overdue'],
    ['without an instant, 20 days before', {}, '2026-05-15', 'upcoming'],
  ] as const)('%s', (_name, options, today, status) => {
    expect(instantStatus(due, null, ctxOn(today, options))).toBe(status);
  });
  it('done: met up to the instant, met-late after', () => {
    expect(instantStatus(due, due, ctxOn('2026-06-10'))).toBe('met');
    expect(instantStatus(due, due + 1, ctxOn('2026-06-10'))).toBe('met-late');
  });
});
