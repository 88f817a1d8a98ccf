// The bot's installations (Teams conversation references), read from the store at most once a minute
// instead of once per message or per card (issue 18: on SharePoint each read is a Graph query, and the
// morning sweep sends a card to every person). Writes go to the store at once and into the list kept.
// What another instance saved in the last minute is not in the list: the messenger reads the store
// again for a person it has no working conversation with before it opens a new chat.
import type { CaseStore, ConversationRecord } from '../store/port.js';

export class ConversationDirectory {
  private records: ConversationRecord[] | null = null;
  private reading: Promise<ConversationRecord[]> | null = null;
  private readAt = 0;

  constructor(
    private readonly store: CaseStore,
    private readonly maxAgeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Conversations as the store lists them (sorted by id), from the list kept (read again when older than maxAgeMs). */
  async list(query: { scope?: ConversationRecord['scope']; personId?: string } = {}): Promise<ConversationRecord[]> {
    const all = await this.all();
    return all.filter((c) => (query.scope === undefined || c.scope === query.scope) && (query.personId === undefined || c.personId === query.personId));
  }

  async save(record: ConversationRecord): Promise<void> {
    await this.store.saveConversation(record);
    if (this.records) this.records = [...this.records.filter((c) => c.id !== record.id), record].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async remove(conversationId: string): Promise<void> {
    await this.store.removeConversation(conversationId);
    if (this.records) this.records = this.records.filter((c) => c.id !== conversationId);
  }

  private async all(): Promise<ConversationRecord[]> {
    if (this.records && this.now() - this.readAt < this.maxAgeMs) return this.records;
    this.reading ??= (async () => {
      const startedAt = this.now();
      try {
        const records = await this.store.listConversations();
        this.records = records;
        this.readAt = startedAt;
        return records;
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }
}
