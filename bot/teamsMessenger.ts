// The Messenger (src/services/messenger.ts) over Teams: proactive sends through the conversation
// references stored in the case store when the bot was installed (so they survive a redeploy and
// are shared by every instance). 1:1 chats by person; channel posts as a new thread in the team's
// channel. Teams' throttling and transient failures become TransientSendError (retry later); a
// person or team without the bot is NotReachableError.
import { CardFactory, type Activity, type CloudAdapter, type ConversationParameters, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Logger } from '../src/services/log.js';
import { NotReachableError, TransientSendError, type AdaptiveCardJson, type Messenger, type SentMessage } from '../src/services/messenger.js';
import type { CaseStore, ConversationRecord } from '../src/store/port.js';
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

export function createTeamsMessenger(adapter: CloudAdapter, store: CaseStore, appId: string, logger: Logger): Messenger {
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
      return { conversationId: context.activity.conversation.id, activityId: r?.id ?? '' };
    });

  const teamRecord = async (teamId: string): Promise<ConversationRecord | null> =>
    (await store.listConversations({ scope: 'team' })).find((r) => r.teamId === teamId) ?? null;

  return {
    async sendToPerson(personId, card, summaryText) {
      const [record] = await store.listConversations({ scope: 'personal', personId });
      if (!record) throw new NotReachableError(`person ${personId}`);
      return send(`person ${personId}`, record.reference as ConversationReference, cardActivity(card, summaryText));
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
            sent = { conversationId, activityId: /;messageid=([^;]+)$/.exec(conversationId)?.[1] ?? context.activity.id ?? '' };
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
      const records = await store.listConversations();
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
