// A fake CliIo for running commands in-process, and a small valid case file (after docs/case-file.md).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.js';

export interface FakeIo extends CliIo {
  out(): string;
  err(): string;
}

export function fakeIo(options: { cwd: string; clock?: number; env?: Record<string, string | undefined> }): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: options.env ?? {},
    clock: () => options.clock ?? Date.UTC(2026, 10, 23, 12, 0),
    cwd: options.cwd,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

export function tempDir(): { dir: string; write(name: string, content: unknown): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'send-cli-'));
  return {
    dir,
    write(name, content) {
      writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return name;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The docs/case-file.md example, made self-consistent (every reference resolves). */
export function exampleCaseFile() {
  return {
    policy: 'dorset',
    meetingSeries: [
      { id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2026-11-26', everyDays: 14 },
      { id: 'cic-cmooe', title: 'Children in Care CMOOE', firstMeetingOn: '2026-11-27', everyDays: 14 },
    ],
    people: [
      { id: 'p1', name: 'Alex Reed', email: 'alex.reed@example.org', roles: ['provision-lead'], team: 'North', locality: 'North', managerId: 'p9', startedOn: '2024-01-08' },
      { id: 'p3', name: 'Jo Inclusion', roles: ['inclusion-lead'], team: 'North', locality: 'North', managerId: 'p9', startedOn: '2023-04-03' },
      { id: 'p9', name: 'Sam Okoro', email: 'sam.okoro@example.org', roles: ['team-manager'], team: 'North', locality: 'North', managerId: null, startedOn: '2019-05-01' },
      { id: 'p30', name: 'Chris Chair', roles: ['cmooe-chair'] },
    ],
    supervisions: [{ superviseeId: 'p1', supervisorId: 'p9', heldOn: '2026-10-20', notesSharedOn: '2026-10-29' }],
    cases: [
      {
        id: 'C-1001',
        childName: 'Jamie Example',
        dateOfBirth: '2012-10-15',
        childInCare: false,
        locality: 'North',
        team: 'North',
        setting: 'Hillside Academy',
        settingUrn: '100001',
        primaryNeed: 'ASD',
        leadProfessionalId: 'p1',
        inclusionLeadId: 'p3',
        consentToShare: { givenBy: 'parent', recordedOn: '2026-06-02' },
        assessment: { requestedOn: '2026-06-01', decisionOn: '2026-07-10', decision: 'assess', outcome: 'issue', outcomeNoticeOn: null, draftSentOn: '2026-09-20', exceptionReason: null },
        adviceRequests: [{ agency: 'health', requestedOn: '2026-07-12', receivedOn: '2026-08-30' }],
        plan: { issuedOn: '2026-10-12', ceasedOn: null, transferredOutOn: null },
        reviews: [{ meetingOn: '2027-09-20', adviceCirculatedOn: null, outcomeSentOn: null }],
        phaseTransfer: { moveOn: '2028-09-01', kind: 'post16', completedOn: null },
        amendments: [{ noticeOn: '2026-11-02', issuedOn: null }],
        laTransfer: null,
        mediations: [{ requestedOn: '2026-11-10', sessionOn: null }],
        cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }],
        cmooeSummaries: [{ submittedOn: '2026-11-12', authorId: 'p3', actionsToDate: 'Tuition arranged', currentSteps: 'Review attendance', keyDates: '2026-12-01' }],
        exclusions: [{ permanentFrom: '2026-11-02', provisionFrom: null }],
        caseNotes: [{ eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-21T09:00:00Z', authorId: 'p1', text: 'Phone call with parent' }],
      },
      {
        id: 'C-1002',
        childName: 'Riley Sample',
        dateOfBirth: '2016-03-04',
        leadProfessionalId: 'p1',
        assessment: { requestedOn: '2026-09-01' },
      },
    ],
    nominations: [{ caseId: 'C-1001', seriesId: 'cmooe', byId: 'p9', concern: 'No provision since the exclusion', madeOn: '2026-11-18' }],
    selections: [{ caseId: 'C-1001', seriesId: 'cmooe', meetingOn: '2026-11-26', byId: 'p30' }],
    actions: [],
  };
}
