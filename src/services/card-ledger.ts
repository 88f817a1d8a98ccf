// Posting a claimed card exactly once, across crashes (the card ledger of src/store/port.ts).
//
// Teams' Bot Connector creates a message with a POST that takes no idempotency key and offers no way
// to read back what a bot sent: a sender killed while its POST is on the wire cannot know whether the
// message exists, and sending again could show the card twice. So a card is posted in two steps:
//
//   1. a small placeholder is POSTed (the card's heading: "Your reminders: Monday 23 November 2026"),
//      and where it landed (conversation, activity id) is written to the claim: state `posted`;
//   2. the placeholder is replaced by the card (an update: PUT to that activity id). Repeating an
//      update changes nothing, so a claim found `posted` after a crash is simply filled in again.
//
// The one moment left in doubt is step 1's POST: a claim still `claimed` after a crash is taken over and
// posted again, and if the first POST did reach Teams its placeholder stays behind as a heading with no
// card under it (never a second card). The caller marks the card sent (in batches); a crash before that
// leaves it `posted`, and the next run fills it in again and marks it.
import type { CardClaim, CardMessage, CaseStore } from '../store/port.js';
import { renderCard } from './cards.js';
import { NotReachableError, type AdaptiveCardJson, type Messenger, type SentMessage } from './messenger.js';
import type { SendLimiter } from './reminders/limiter.js';

export type CardTarget = { readonly kind: 'person'; readonly personId: string } | { readonly kind: 'channel'; readonly teamId: string; readonly channelId: string };

export type PostOutcome =
  /** The card is in Teams (not yet marked sent). */
  | { readonly kind: 'posted'; readonly claim: CardClaim; readonly message: CardMessage; readonly delivery: SentMessage['delivery'] | null }
  /** Nobody to post it to; the claim is marked unreachable (tried again on the next run). */
  | { readonly kind: 'unreachable'; readonly claim: CardClaim | null }
  /** Another sender took the claim over meanwhile (this one stalled past the retry time): theirs now. */
  | { readonly kind: 'lost' };

export interface PostDeps {
  readonly store: CaseStore;
  readonly messenger: Messenger;
  readonly limiter: SendLimiter;
}

/** A placeholder: the card's heading and one line, worded so that, left alone after a crash, it still
 * reads as the heading of the card posted under it. */
export function placeholderCard(title: string, line: string): AdaptiveCardJson {
  return renderCard('reminder-note', { title, lines: [line], color: 'Default', showForm: false, formVerb: 'form.note', formTitle: '', formData: {}, showTab: false, tabUrl: '' });
}

function conversationKey(target: CardTarget): string {
  return target.kind === 'person' ? `person:${target.personId}` : `channel:${target.teamId}/${target.channelId}`;
}

/** Post the card of a claim this sender holds: the placeholder unless it is already in Teams, then the card. */
export async function postClaimedCard(
  deps: PostDeps,
  claim: CardClaim,
  target: CardTarget,
  placeholder: { readonly card: AdaptiveCardJson; readonly summary: string },
  card: AdaptiveCardJson,
): Promise<PostOutcome> {
  const conversation = conversationKey(target);
  let current = claim;
  let message = claim.message;
  let delivery: SentMessage['delivery'] | null = null;
  const unreachable = async (): Promise<PostOutcome> => {
    const [after] = await deps.store.updateCards([{ key: current.key, holder: current.holder, version: current.version, state: 'unreachable', message: null }]);
    return { kind: 'unreachable', claim: after ?? null };
  };
  if (message === null) {
    let sent: SentMessage;
    try {
      sent = await deps.limiter.run(conversation, () =>
        target.kind === 'person'
          ? deps.messenger.sendToPerson(target.personId, placeholder.card, placeholder.summary)
          : deps.messenger.sendToChannel(target.teamId, target.channelId, placeholder.card, placeholder.summary),
      );
    } catch (e) {
      if (e instanceof NotReachableError) return unreachable();
      throw e;
    }
    message = { conversationId: sent.conversationId, activityId: sent.activityId, ...(sent.serviceUrl ? { serviceUrl: sent.serviceUrl } : {}) };
    delivery = sent.delivery ?? null;
    const [posted] = await deps.store.updateCards([{ key: current.key, holder: current.holder, version: current.version, state: 'posted', message }]);
    if (!posted) return { kind: 'lost' };
    current = posted;
  }
  const where = message;
  try {
    await deps.limiter.run(conversation, () => deps.messenger.updateCard(where, card));
  } catch (e) {
    // The placeholder is gone (deleted, or its chat with it): the next run posts the card afresh.
    if (e instanceof NotReachableError) return unreachable();
    throw e;
  }
  return { kind: 'posted', claim: current, message: where, delivery };
}
