// Reminder tests: a real SQLite store on a temporary file, a fake Messenger that records what it sends
// (and can be told to fail), an injected clock, and a small service whose obligations on Monday
// 23 November 2026 were worked out by hand from docs/rules.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseFile } from '../../src/domain/model.js';
import { readCaseFile } from '../../src/domain/validate.js';
import { memoryLogger } from '../../src/services/log.js';
import type { AdaptiveCardJson, Messenger, SentMessage } from '../../src/services/messenger.js';
import { SendLimiter } from '../../src/services/reminders/limiter.js';
import type { ReminderDeps } from '../../src/services/reminders/sweep.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { CaseStore } from '../../src/store/port.js';

/** Monday 23 November 2026, 08:00 in London (GMT). */
export const MONDAY_8AM = Date.UTC(2026, 10, 23, 8, 0);
export const DAY_MS = 86_400_000;

export interface Sent {
  readonly personId: string;
  /** The card as it reads now: a card is posted as a placeholder and then filled in (updated in place). */
  card: AdaptiveCardJson;
  readonly summary: string;
  readonly activityId: string;
  updates: number;
}

export interface FakeMessenger extends Messenger {
  /** Every message posted, as it reads now. */
  readonly sent: Sent[];
  /** Called before each send; throw to make that send fail. */
  failWith: ((personId: string, attempt: number) => Error | null) | null;
  /** Wait this long (real ms) inside each send, so concurrent sweeps interleave. */
  delayMs: number;
  attempts: number;
}

/** A placeholder never filled in (its card's only line says the list follows). */
export function isPlaceholder(s: Sent): boolean {
  return cardTexts(s.card).includes('The list follows.');
}

export function fakeMessenger(): FakeMessenger {
  const m: FakeMessenger = {
    sent: [],
    failWith: null,
    delayMs: 0,
    attempts: 0,
    async sendToPerson(personId: string, card: AdaptiveCardJson, summary: string): Promise<SentMessage> {
      m.attempts++;
      if (m.delayMs > 0) await new Promise((r) => setTimeout(r, m.delayMs));
      const failure = m.failWith?.(personId, m.attempts) ?? null;
      if (failure) throw failure;
      const activityId = `act-${m.sent.length + 1}`;
      m.sent.push({ personId, card, summary, activityId, updates: 0 });
      return { conversationId: `conv-${personId}`, activityId };
    },
    async sendToChannel(): Promise<SentMessage> {
      throw new Error('reminders never post to channels');
    },
    async updateCard(message: SentMessage, card: AdaptiveCardJson): Promise<void> {
      if (m.delayMs > 0) await new Promise((r) => setTimeout(r, m.delayMs));
      const post = m.sent.find((s) => s.activityId === message.activityId);
      if (!post) throw new Error(`no message ${message.activityId} in conv-${message.conversationId}`);
      post.card = card;
      post.updates++;
    },
  };
  return m;
}

/** A limiter that never really waits: fake time that sleeping advances. */
export function fakeTimeLimiter(): SendLimiter & { sleeps: number[] } {
  let t = 0;
  const sleeps: number[] = [];
  const limiter = new SendLimiter({
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  });
  return Object.assign(limiter, { sleeps });
}

export function tempStore(): { store: CaseStore; path: string; open(): CaseStore; remove(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'send-reminders-'));
  const path = join(dir, 'store.db');
  const opened: CaseStore[] = [];
  const open = () => {
    const s = openSqliteStore(path);
    opened.push(s);
    return s;
  };
  const store = open();
  return {
    store,
    path,
    open,
    async remove() {
      for (const s of opened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function depsOf(store: CaseStore, messenger: Messenger | undefined, clock: { now: number }, env: Record<string, string> = {}): ReminderDeps & { logger: ReturnType<typeof memoryLogger> } {
  return { store, messenger, clock: () => clock.now, logger: memoryLogger(), env: { TAB_URL: 'https://teams.example/tab/my-work', ...env } };
}

/** A small service (docs/case-file.md). Hand-worked obligations on Monday 23 November 2026 (lookahead 14,
 * grace 5):
 * - C-1001 (lead p1): assessment requested 1 Oct 2026 → decision due 12 Nov (PS 5.3): overdue by 11
 *   days → p1's digest, and p9's manager digest (more than 5 days).
 * - C-1002 (lead p1): requested 20 Oct → decision due 1 Dec: due soon → p1.
 * - C-1003 (lead p1): advice asked of Health on 10 Oct → due 21 Nov (PS 5.17): overdue by 2 days → p1.
 *   (Its assessment decision was made on 9 Oct, so that one is met.)
 * - p1's supervision by p9 on Mon 2 Nov, notes not shared → due 16 Nov, 10 working days (PS 11.4):
 *   overdue → p9 (owner), and p1 told that the notes are not yet shared. Next supervision due 2 Dec
 *   (PS 6.13): due soon → p9.
 * - C-1004 (inclusion lead p3): CMOOE from 2 Nov; CMOOE meetings fortnightly from Thu 26 Nov, summary
 *   deadline a week before (PS 4.2): 19 Nov overdue, 3 Dec due soon → p3.
 * Nothing for p9's own supervision (no manager) or p3's (no supervision and no start date). */
export function smallService(): CaseFile {
  const child = (id: string, name: string) => ({ id, childName: name, dateOfBirth: '2014-03-02', team: 'North', locality: 'North' });
  return readCaseFile({
    meetingSeries: [
      { id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2026-11-26', everyDays: 14 },
      { id: 'cic-cmooe', title: 'Children in Care CMOOE', firstMeetingOn: '2026-11-27', everyDays: 14 },
    ],
    people: [
      { id: 'p1', name: 'Alex Reed', roles: ['provision-lead'], team: 'North', locality: 'North', managerId: 'p9' },
      { id: 'p3', name: 'Jo Inclusion', roles: ['inclusion-lead'], team: 'North', locality: 'North', managerId: 'p9' },
      { id: 'p9', name: 'Sam Okoro', roles: ['team-manager'], team: 'North', locality: 'North' },
      { id: 'p20', name: 'Pat Other', roles: ['provision-lead'], team: 'South', locality: 'South' },
    ],
    supervisions: [{ superviseeId: 'p1', supervisorId: 'p9', heldOn: '2026-11-02', notesSharedOn: null }],
    cases: [
      { ...child('C-1001', 'Jamie Example'), leadProfessionalId: 'p1', assessment: { requestedOn: '2026-10-01' } },
      { ...child('C-1002', 'Robin Sample'), leadProfessionalId: 'p1', assessment: { requestedOn: '2026-10-20' } },
      {
        ...child('C-1003', 'Casey Test'),
        leadProfessionalId: 'p1',
        assessment: { requestedOn: '2026-10-05', decisionOn: '2026-10-09', decision: 'assess' },
        adviceRequests: [{ agency: 'Health', requestedOn: '2026-10-10', receivedOn: null }],
      },
      { ...child('C-1004', 'Morgan Case'), inclusionLeadId: 'p3', cmooe: [{ from: '2026-11-02', to: null, reason: 'missing-attendance' }] },
    ],
  });
}

/** The lines of a digest card: "C-1001 …" texts, in order. */
export function cardTexts(card: AdaptiveCardJson): string[] {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** Every Action.Execute of a card: verb and data. */
export function cardActions(card: AdaptiveCardJson): Array<{ verb: string; title: string; data: Record<string, unknown> }> {
  const out: Array<{ verb: string; title: string; data: Record<string, unknown> }> = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'Action.Execute') out.push({ verb: String(o.verb), title: String(o.title), data: (o.data ?? {}) as Record<string, unknown> });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
