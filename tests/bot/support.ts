// A small service (hand-built, dates placed around Monday 23 November 2026) in a real SQLite store
// (:memory:), a bot over it and a way to play one turn through botbuilder's TestAdapter.
import { TestAdapter, type Activity } from 'botbuilder';
import type { CaseFileInput, Person } from '../../src/domain/model.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { memoryLogger } from '../../src/services/log.js';
import { openStore } from '../../src/store/index.js';
import type { CaseStore } from '../../src/store/port.js';
import { SendOversightBot, type BotOptions } from '../../bot/bot.js';
import { caseFileSchema } from '../../src/domain/model.js';

export const AAD = {
  alex: '00000000-0000-0000-0000-0000000000020',
  megan: '00000000-0000-0000-0000-0000000000021',
  adele: '00000000-0000-0000-0000-0000000000022',
  isaiah: '00000000-0000-0000-0000-0000000000023',
  south: '00000000-0000-0000-0000-0000000000026',
  stranger: '99999999-0000-0000-0000-000000000000',
};

/** Monday 23 November 2026, 12:00 UTC (GMT in November, so also 12:00 in London). */
export const NOON_23_NOV = Date.parse('2026-11-23T12:00:00Z');

type CaseInput = NonNullable<CaseFileInput['cases']>[number];
const child = (id: string, childName: string, extra: Partial<CaseInput>): CaseInput => ({
  id,
  childName,
  dateOfBirth: '2014-03-10',
  team: 'North',
  locality: 'North',
  setting: 'Hillside Academy',
  primaryNeed: 'SEMH',
  ...extra,
});

export const fixture: CaseFileInput = {
  meetingSeries: [
    { id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2026-11-26', everyDays: 14 },
    { id: 'cic-cmooe', title: 'Children in Care CMOOE', firstMeetingOn: '2026-11-27', everyDays: 14 },
  ],
  people: [
    { id: 'p1', name: 'Alex Wilber', email: 'alexw@example.com', aadObjectId: AAD.alex, roles: ['provision-lead'], team: 'North', locality: 'North', managerId: 'p3' },
    { id: 'p2', name: 'Megan Bowen', email: 'meganb@example.com', aadObjectId: AAD.megan, roles: ['inclusion-lead'], team: 'North', locality: 'North', managerId: 'p3' },
    { id: 'p3', name: 'Adele Vance', email: 'adelev@example.com', aadObjectId: AAD.adele, roles: ['team-manager'], team: 'North', locality: 'North' },
    { id: 'p4', name: 'Isaiah Langer', email: 'isaiahl@example.com', aadObjectId: AAD.isaiah, roles: ['cmooe-chair'], chairs: ['cmooe'], team: null },
    { id: 'p5', name: 'Sam South', email: 'sam.south@example.org', aadObjectId: AAD.south, roles: ['provision-lead'], team: 'South', locality: 'South' },
  ],
  supervisions: [{ superviseeId: 'p1', supervisorId: 'p3', heldOn: '2026-10-20', notesSharedOn: '2026-10-29' }],
  cases: [
    // Request 1 Sep 2026, no decision: decision due 1 Sep + 6 weeks = 13 Oct 2026, overdue (PS 5.3). CMOOE since 1 Oct.
    child('C-1001', 'Jamie Example', {
      leadProfessionalId: 'p1',
      inclusionLeadId: 'p2',
      assessment: { requestedOn: '2026-09-01' },
      cmooe: [{ from: '2026-10-01', to: null, reason: 'missing-attendance' }],
    }),
    // Request 20 Oct 2026: decision due 1 Dec 2026, 8 days ahead: due soon (PS 5.3).
    child('C-1002', 'Riley Stone', { leadProfessionalId: 'p1', assessment: { requestedOn: '2026-10-20' } }),
    // South's case: Alex, Megan and Adele may not see it.
    child('C-2001', 'Casey Hidden', { leadProfessionalId: 'p5', team: 'South', locality: 'South', assessment: { requestedOn: '2026-10-01' } }),
    // A child in care, CMOOE, held by Megan.
    child('C-1003', 'Robin Care', { leadProfessionalId: 'p1', inclusionLeadId: 'p2', childInCare: true, cmooe: [{ from: '2026-11-02', to: null, reason: 'permanent-exclusion' }] }),
  ],
};

export interface World {
  readonly store: CaseStore;
  readonly deps: ServerDeps;
  readonly logger: ReturnType<typeof memoryLogger>;
  readonly bot: SendOversightBot;
  setNow(ms: number): void;
  close(): Promise<void>;
}

export async function world(options: Partial<BotOptions> = {}, file: CaseFileInput = fixture): Promise<World> {
  const store = await openStore({ SEND_DB_PATH: ':memory:' });
  await store.importCaseFile(caseFileSchema.parse(file));
  const logger = memoryLogger();
  let now = NOON_23_NOV;
  const deps: ServerDeps = { store, logger, clock: () => now, env: {} };
  const bot = new SendOversightBot(deps, { tabUrl: 'https://tab.example/tab/?view=my-work', ...options });
  return { store, deps, logger, bot, setNow: (ms) => (now = ms), close: () => store.close() };
}

export type Scope = 'personal' | 'channel' | 'groupChat';

export function activity(aadObjectId: string, extra: Partial<Activity> = {}, scope: Scope = 'personal'): Partial<Activity> {
  const conversation =
    scope === 'personal'
      ? { id: `a:personal-${aadObjectId}`, conversationType: 'personal', isGroup: false, tenantId: 't1' }
      : scope === 'channel'
        ? { id: '19:general@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: 't1' }
        : { id: '19:group@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: 't1' };
  return {
    type: 'message',
    channelId: 'test',
    from: { id: `29:${aadObjectId}`, name: 'user', aadObjectId },
    recipient: { id: '28:bot', name: 'SEND Oversight' },
    conversation: conversation as Activity['conversation'],
    channelData: scope === 'channel' ? { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:general@thread.tacv2' }, tenant: { id: 't1' } } : { tenant: { id: 't1' } },
    ...extra,
  };
}

/** Play one incoming activity; the bot's replies (messages and invoke responses). */
export async function turn(bot: SendOversightBot, incoming: Partial<Activity>): Promise<Partial<Activity>[]> {
  const adapter = new TestAdapter(async (context) => {
    await bot.run(context);
  });
  await adapter.processActivity(incoming);
  return adapter.activeQueue.splice(0);
}

/** Say something in plain words; the one card that comes back. */
export async function say(bot: SendOversightBot, aadObjectId: string, text: string, scope: Scope = 'personal'): Promise<Record<string, unknown>> {
  return onlyCard(await turn(bot, activity(aadObjectId, { text }, scope)));
}

/** Submit a card (Action.Submit): the value is the action's data merged with the inputs. */
export async function submit(bot: SendOversightBot, aadObjectId: string, value: Record<string, unknown>, scope: Scope = 'personal'): Promise<Record<string, unknown>> {
  return onlyCard(await turn(bot, activity(aadObjectId, { value }, scope)));
}

export function onlyCard(replies: Partial<Activity>[]): Record<string, unknown> {
  if (replies.length !== 1) throw new Error(`expected one reply, got ${replies.length}: ${JSON.stringify(replies.map((r) => r.type))}`);
  const att = replies[0]!.attachments?.[0];
  if (!att || att.contentType !== 'application/vnd.microsoft.card.adaptive') throw new Error(`expected an Adaptive Card, got ${JSON.stringify(replies[0])}`);
  return att.content as Record<string, unknown>;
}

/** All the text a user sees on a card (TextBlocks, facts, labels, values, button titles), one string. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      for (const k of ['text', 'title', 'value', 'label']) if (typeof o[k] === 'string') out.push(o[k]);
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(card);
  return out.join('\n');
}

/** The body element that follows the input with this id (where a field's problem is shown). */
export function problemBeside(card: Record<string, unknown>, inputId: string): string | null {
  const body = card.body as Array<Record<string, unknown>>;
  const i = body.findIndex((e) => e.id === inputId);
  if (i < 0) throw new Error(`no input ${inputId} on the card`);
  const next = body[i + 1];
  return next && next.type === 'TextBlock' && next.color === 'Attention' ? (next.text as string) : null;
}

export function inputValue(card: Record<string, unknown>, inputId: string): unknown {
  return (card.body as Array<Record<string, unknown>>).find((e) => e.id === inputId)?.value;
}

export type { Person };
