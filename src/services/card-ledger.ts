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
import type { CardClaim, CardMessage, CardUpdate, CaseStore } from '../store/port.js';
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

// ---- many cards at once (issue 18) ----------------------------------------------------------------
// The morning sweep posts the cards of one ledger sheet together (port.ts cardSheetOf): every
// placeholder of the batch first, then ONE ledger write recording where they all went, then each card
// filled in. Each card keeps postClaimedCard's guarantees (a card is filled in only once its placeholder's
// place is recorded, so a crash can never lead to a second card); what a crash can leave is more headings
// at once: at most one per person of the batch whose placeholder was posted and not yet recorded.

export interface ClaimedCard {
  readonly claim: CardClaim;
  readonly target: CardTarget;
  readonly placeholder: { readonly card: AdaptiveCardJson; readonly summary: string };
  readonly card: AdaptiveCardJson;
}

export type BatchOutcome =
  | Extract<PostOutcome, { kind: 'posted' } | { kind: 'lost' }>
  /** Nobody to post it to. `mark`: the ledger write still to make (with the caller's marks), or null when made. */
  | { readonly kind: 'unreachable'; readonly claim: CardClaim | null; readonly mark: CardUpdate | null }
  /** Not started: the sender is stopping, and the claim was given back (anyone may take it at once). */
  | { readonly kind: 'released'; readonly claim: CardClaim | null }
  /** Teams or the store refused after every retry: the claim stays, and a later run takes it over. */
  | { readonly kind: 'failed'; readonly error: unknown };

/** Post the cards of claims this sender holds, with one ledger write for all their placeholders. Once
 * `stopped()` says so, cards not yet started are released instead (in the same write); those whose
 * placeholder is recorded are still filled in. */
export async function postClaimedCards(deps: PostDeps, items: readonly ClaimedCard[], options: { readonly stopped?: () => boolean } = {}): Promise<BatchOutcome[]> {
  const stopped = options.stopped ?? (() => false);
  const outcomes: Array<BatchOutcome | null> = items.map(() => null);
  const messages: Array<CardMessage | null> = items.map((it) => it.claim.message);
  const current: CardClaim[] = items.map((it) => it.claim);
  const delivery: Array<SentMessage['delivery'] | null> = items.map(() => null);
  const writes: CardUpdate[] = [];
  const writeOf: number[] = [];
  const write = (i: number, u: Omit<CardUpdate, 'key' | 'holder' | 'version'>) => {
    const c = items[i]!.claim;
    writes.push({ key: c.key, holder: c.holder, version: c.version, ...u });
    writeOf.push(i);
  };
  // 1. the placeholders, one after another (the limiter spaces them)
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (stopped()) {
      write(i, { state: 'released' });
      continue;
    }
    if (messages[i] !== null) continue; // in Teams already (a posted claim taken over): filled in below
    try {
      const target = it.target;
      const sent = await deps.limiter.run(conversationKey(target), () =>
        target.kind === 'person'
          ? deps.messenger.sendToPerson(target.personId, it.placeholder.card, it.placeholder.summary)
          : deps.messenger.sendToChannel(target.teamId, target.channelId, it.placeholder.card, it.placeholder.summary),
      );
      const message: CardMessage = { conversationId: sent.conversationId, activityId: sent.activityId, ...(sent.serviceUrl ? { serviceUrl: sent.serviceUrl } : {}) };
      delivery[i] = sent.delivery ?? null;
      write(i, { state: 'posted', message });
    } catch (e) {
      if (e instanceof NotReachableError) write(i, { state: 'unreachable', message: null });
      else outcomes[i] = { kind: 'failed', error: e };
    }
  }
  // 2. where they went, in one write (with the released and the unreachable)
  if (writes.length > 0) {
    let results: Array<CardClaim | null>;
    try {
      results = await deps.store.updateCards(writes);
    } catch (e) {
      // Not recorded: none of these is filled in (their claims stay as they were; a later run takes them over).
      for (const i of writeOf) outcomes[i] = { kind: 'failed', error: e };
      results = [];
    }
    results.forEach((r, k) => {
      const i = writeOf[k]!;
      const state = writes[k]!.state;
      if (state === 'released') outcomes[i] = { kind: 'released', claim: r };
      else if (state === 'unreachable') outcomes[i] = { kind: 'unreachable', claim: r, mark: null };
      else if (r === null) outcomes[i] = { kind: 'lost' };
      else {
        current[i] = r;
        messages[i] = writes[k]!.message ?? null;
      }
    });
  }
  // 3. each card filled in where its placeholder is (an update: repeating it changes nothing)
  for (let i = 0; i < items.length; i++) {
    const where = messages[i] ?? null;
    if (outcomes[i] !== null || where === null) continue;
    const it = items[i]!;
    try {
      await deps.limiter.run(conversationKey(it.target), () => deps.messenger.updateCard(where, it.card));
      outcomes[i] = { kind: 'posted', claim: current[i]!, message: where, delivery: delivery[i] ?? null };
    } catch (e) {
      // The placeholder is gone (deleted, or its chat with it): the next run posts the card afresh.
      if (e instanceof NotReachableError) {
        const c = current[i]!;
        outcomes[i] = { kind: 'unreachable', claim: c, mark: { key: c.key, holder: c.holder, version: c.version, state: 'unreachable', message: null } };
      } else outcomes[i] = { kind: 'failed', error: e };
    }
  }
  return outcomes.map((o) => o ?? { kind: 'failed', error: new Error('the card was neither posted nor released') });
}
