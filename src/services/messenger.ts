// The Messenger seam: how services send cards to people and channels. The bot layer implements it
// with botbuilder (proactive messages through stored conversation references); tests pass a fake.
// Services never import botbuilder.

/** An Adaptive Card (JSON), already bound to its data. */
export type AdaptiveCardJson = Record<string, unknown>;

export interface SentMessage {
  readonly conversationId: string;
  readonly activityId: string;
  /** Where the conversation lives (the channel's service URL), so the message can be updated later
   * without looking the conversation up again. */
  readonly serviceUrl?: string;
  /** How a 1:1 delivery went: stale conversations Teams said were gone (removed from the store), and
   * whether a new 1:1 chat had to be created from the tenant's installation. */
  readonly delivery?: { readonly staleRemoved: number; readonly created: boolean };
}

/** A send refused by Teams in a way worth retrying later (throttled, 412, 502, 504): `retryAfterMs` if known. */
export class TransientSendError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'TransientSendError';
  }
}

/** A person or channel the bot cannot reach (not installed): not worth retrying until installed. */
export class NotReachableError extends Error {
  constructor(readonly target: string) {
    super(`the bot is not installed for ${target}`);
    this.name = 'NotReachableError';
  }
}

export interface Messenger {
  /** Send a card in the 1:1 chat with a person of the case file: their stored conversations newest
   * first (those Teams says are gone are removed from the store), else a new 1:1 chat from the
   * tenant's installation; NotReachableError only when all of that fails. */
  sendToPerson(personId: string, card: AdaptiveCardJson, summaryText: string): Promise<SentMessage>;
  /** Post a card to a channel of a team (channel posts carry case references and initials only). */
  sendToChannel(teamId: string, channelId: string, card: AdaptiveCardJson, summaryText: string): Promise<SentMessage>;
  /** Replace a card already sent (refresh in place). */
  updateCard(message: SentMessage, card: AdaptiveCardJson): Promise<void>;
}
