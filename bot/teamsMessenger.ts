// The Messenger (src/services/messenger.ts) over Teams: proactive sends through the conversation
// references stored in the case store when the bot was installed (so they survive a redeploy and
// are shared by every instance). 1:1 chats by person: their conversations newest first, those Teams
// says are gone (403/404) removed, and a new 1:1 created from the tenant's installation when none
// works; channel posts as a new thread in the team's channel. Teams' throttling and transient
// failures become TransientSendError (retry later); a person or team the bot cannot reach at all is
// NotReachableError.
import { CardFactory, TurnContext, type Activity, type CloudAdapter, type ConversationParameters, type ConversationReference } from 'botbuilder';
import type { Logger } from '../src/services/log.js';
import { NotReachableError, TransientSendError, type AdaptiveCardJson, type Messenger, type SentMessage } from '../src/services/messenger.js';
import type { CaseStore, ConversationRecord } from '../src/store/port.js';
import { ConversationDirectory } from '../src/services/conversations.js';
import { safeError } from './errors.js';

const TRANSIENT = new Set([408, 412, 429, 500, 502, 503, 504]);

function statusOf(e: unknown): number | null {
  const x = e as { statusCode?: number; status?: number; response?: { status?: number } };
  return x?.statusCode ?? x?.status ?? x?.response?.status ?? null;
}

function retryAfterMs(e: unknown): number | null {
  const headers = (e as { response?: { headers?: { get?: (n: string) => string | undefined } } })?.response?.headers;
  const raw = headers?.get?.('retry-after');
  if (!raw) return null;
  const seconds = Number(raw);
  return Number.isFinite(seconds) ? seconds * 1000 : null;
}

function cardActivity(card: AdaptiveCardJson, summary: string): Partial<Activity> {
  return { type: 'message', summary, attachments: [CardFactory.adaptiveCard(card)] };
}

/** `conversations`: the installations as the bot keeps them (read from the store once a minute); by
 * default a list of the messenger's own. */
export function createTeamsMessenger(adapter: CloudAdapter, store: CaseStore, appId: string, logger: Logger, conversations: ConversationDirectory = new ConversationDirectory(store)): Messenger {
  const mapError = (target: string, e: unknown): Error => {
    const status = statusOf(e);
    logger.warn('proactive send failed', { target, status, error: safeError(e) });
    if (status !== null && TRANSIENT.has(status)) return new TransientSendError(`Teams answered ${status} sending to ${target}`, retryAfterMs(e));
    if (status === 403 || status === 404) return new NotReachableError(target);
    return e instanceof Error ? e : new Error(String(e));
  };

  /** Run `logic` in the conversation. The adapter's turn-error handler would swallow a failure
   * inside the turn, so it is caught here and thrown to the caller (mapped). */
  const within = async <T>(target: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<T>): Promise<T> => {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
    try {
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        try {
          outcome = { ok: true, value: await logic(context) };
        } catch (e) {
          outcome = { ok: false, error: e };
        }
      });
    } catch (e) {
      outcome = { ok: false, error: e };
    }
    const result = outcome as { ok: true; value: T } | { ok: false; error: unknown } | null;
    if (result === null) throw new Error(`the conversation with ${target} could not be continued`);
    if (!result.ok) throw mapError(target, result.error);
    return result.value;
  };

  const send = (target: string, reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<SentMessage> =>
    within(target, reference, async (context) => {
      const r = await context.sendActivity(activity);
      return { conversationId: context.activity.conversation.id, activityId: r?.id ?? '', ...(reference.serviceUrl ? { serviceUrl: reference.serviceUrl } : {}) };
    });

  const teamRecord = async (teamId: string): Promise<ConversationRecord | null> =>
    (await conversations.list({ scope: 'team' })).find((r) => r.teamId === teamId) ??
    // Installed in the last minute by another instance?
    (await store.listConversations({ scope: 'team' })).find((r) => r.teamId === teamId) ??
    null;

  /** A new 1:1 chat with the person, created through the tenant's installation (the service URL, tenant
   * and bot of a stored conversation: the person's own stale ones first, else any of the tenant's), then
   * stored. Null when there is nothing to create it from (no Entra object id, no installation known). */
  const createPersonal = async (personId: string, known: readonly ConversationRecord[], card: AdaptiveCardJson, summaryText: string): Promise<SentMessage | null> => {
    const aadObjectId = known.find((r) => r.aadObjectId)?.aadObjectId ?? (await store.getPerson(personId))?.aadObjectId ?? null;
    const teamsUserId = known.map((r) => (r.reference as ConversationReference | null)?.user?.id).find((id): id is string => typeof id === 'string' && id.length > 0) ?? null;
    const memberId = teamsUserId ?? aadObjectId;
    if (memberId === null) return null;
    const installations = [...known, ...(await conversations.list())];
    const base = installations.map((r) => r.reference as ConversationReference | null).find((ref) => ref?.serviceUrl && ref.conversation?.tenantId);
    const tenantId = base?.conversation.tenantId;
    if (!base || !tenantId) return null;
    const target = `person ${personId}`;
    let created: { record: ConversationRecord; sent: SentMessage } | null = null;
    let failure: unknown = null;
    try {
      await adapter.createConversationAsync(
        appId,
        'msteams',
        base.serviceUrl,
        undefined as unknown as string,
        {
          isGroup: false,
          bot: base.bot,
          members: [{ id: memberId, ...(aadObjectId ? { aadObjectId } : {}) }],
          tenantId,
          channelData: { tenant: { id: tenantId } },
        } as ConversationParameters,
        async (context) => {
          try {
            const reference = { ...TurnContext.getConversationReference(context.activity), user: { id: memberId, name: '' } };
            const r = await context.sendActivity(cardActivity(card, summaryText));
            const record: ConversationRecord = {
              id: context.activity.conversation.id,
              scope: 'personal',
              personId,
              aadObjectId,
              teamId: null,
              channelId: null,
              reference: JSON.parse(JSON.stringify(reference)) as unknown,
              updatedAt: new Date().toISOString(),
            };
            created = { record, sent: { conversationId: record.id, activityId: r?.id ?? '', serviceUrl: base.serviceUrl } };
          } catch (e) {
            failure = e;
          }
        },
      );
    } catch (e) {
      failure = e;
    }
    const result = created as { record: ConversationRecord; sent: SentMessage } | null;
    if (result === null) {
      const status = statusOf(failure);
      if (status === 403 || status === 404) return null;
      throw mapError(target, failure ?? new Error(`Teams did not create a chat with ${target}`));
    }
    await conversations.save(result.record);
    logger.info('1:1 chat created from the installation', { personId });
    return result.sent;
  };

  return {
    async sendToPerson(personId, card, summaryText) {
      // Newest first: a person who reinstalled the bot has a newer conversation than the one Teams forgot.
      const newestFirst = (list: ConversationRecord[]) => list.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const tried: ConversationRecord[] = [];
      let staleRemoved = 0;
      let records = newestFirst(await conversations.list({ scope: 'personal', personId }));
      for (let round = 0; round < 2; round++) {
        for (const record of records) {
          tried.push(record);
          try {
            const sent = await send(`person ${personId}`, record.reference as ConversationReference, cardActivity(card, summaryText));
            return { ...sent, delivery: { staleRemoved, created: false } };
          } catch (e) {
            if (!(e instanceof NotReachableError)) throw e;
            // Teams says this conversation is gone (404) or the bot was removed from it (403): forget it.
            await conversations.remove(record.id);
            staleRemoved++;
            logger.warn('stale 1:1 conversation removed', { personId });
          }
        }
        // None known works: the store itself, for one saved since the list was read (another instance).
        if (round === 0) records = newestFirst((await store.listConversations({ scope: 'personal', personId })).filter((r) => !tried.some((t) => t.id === r.id)));
      }
      // The person's stale conversations still say who they are in Teams (their ids), for the new chat.
      const created = await createPersonal(personId, tried, card, summaryText);
      if (created === null) throw new NotReachableError(`person ${personId}`);
      return { ...created, delivery: { staleRemoved, created: true } };
    },

    async sendToChannel(teamId, channelId, card, summaryText) {
      const record = await teamRecord(teamId);
      if (!record) throw new NotReachableError(`team ${teamId}`);
      const target = `channel ${channelId}`;
      const base = record.reference as ConversationReference;
      // A new thread in the channel: Teams creates a conversation for the post (what
      // TeamsInfo.sendMessageToTeamsChannel does, which needs an app id; this also works without one locally).
      let sent: SentMessage | null = null;
      try {
        await adapter.createConversationAsync(
          appId,
          'msteams',
          base.serviceUrl,
          undefined as unknown as string,
          { isGroup: true, channelData: { channel: { id: channelId } }, activity: cardActivity(card, summaryText) as Activity, tenantId: base.conversation?.tenantId } as ConversationParameters,
          async (context) => {
            // CloudAdapter does not pass Teams' activityId on; a channel thread's id ends with it.
            const conversationId = context.activity.conversation.id;
            sent = { conversationId, activityId: /;messageid=([^;]+)$/.exec(conversationId)?.[1] ?? context.activity.id ?? '', serviceUrl: base.serviceUrl };
          },
        );
      } catch (e) {
        throw mapError(target, e);
      }
      const result = sent as SentMessage | null;
      if (result === null) throw new Error(`Teams did not confirm the post to ${target}`);
      return result;
    },

    async updateCard(message, card) {
      if (message.serviceUrl) {
        // The message says where it lives: no need to look the conversation up.
        const reference: Partial<ConversationReference> = {
          channelId: 'msteams',
          serviceUrl: message.serviceUrl,
          conversation: { id: message.conversationId } as ConversationReference['conversation'],
        };
        await within(`conversation ${message.conversationId}`, reference, async (context) => {
          await context.updateActivity({ ...cardActivity(card, ''), id: message.activityId });
        });
        return;
      }
      const records = await conversations.list();
      const base =
        records.find((r) => r.id === message.conversationId) ??
        records.find((r) => r.channelId !== null && message.conversationId.startsWith(r.channelId)) ??
        records.find((r) => r.scope === 'team' && message.conversationId.startsWith(String((r.reference as ConversationReference).conversation?.id ?? '').split(';')[0]!));
      if (!base) throw new NotReachableError(`conversation ${message.conversationId}`);
      const ref = base.reference as ConversationReference;
      const reference: Partial<ConversationReference> = { ...ref, conversation: { ...ref.conversation, id: message.conversationId } };
      await within(`conversation ${message.conversationId}`, reference, async (context) => {
        await context.updateActivity({ ...cardActivity(card, ''), id: message.activityId });
      });
    },
  };
}
