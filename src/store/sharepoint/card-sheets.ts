// Card sheets: the card ledger of a day's digests kept many cards to one list item (issue 18).
//
// SharePoint meters each write at 2 resource units whatever its size, so the morning's ledger costs what
// its number of items written costs. A sheet (`sheet|digest/2026-11-23/#07`, see cardSheetOf in
// port.ts) holds the claims of the cards of one day, card kind and bucket of recipients; a register
// sheet (`announced|digest#07`) holds the registers of announced lines of the recipients of one bucket.
// The sweep works sheet by sheet, so claiming a sheet's cards, recording where their placeholders
// went, and marking them sent (with their lines added to the register) are one write each.
//
// Each card keeps its own holder and revision (`sheet:{rev}` is its version), so the port's meaning is
// unchanged: a claim, a takeover or an update wins or loses card by card. An item is written with
// If-Match on the eTag this process last saw (created with its unique RecordKey when new); a 412 or a 409
// means someone wrote it since, or our own write's answer was lost: the item is read again and the same
// changes applied to what it now holds, which tells the two apart (a claim already held by this holder
// since this instant is ours; an update already applied changes nothing). Writes of one process to one
// sheet are queued (a lock per item), so the sweep's own workers do not meet each other's writes.
//
// Registers are written before the sheets that announce into them, in one $batch where each write
// depends on the one before (a card is never marked sent before its lines are in its register: a crash
// between the two leaves it posted, and the next run fills it in again and marks it).
//
// Records are JSON, gzipped and base64 encoded ("gz:..."): a sheet of forty people's first card (their
// lines' ledger keys) is about 30,000 characters of JSON, and a multi-line text column holds 63,999.
import { gunzipSync, gzipSync } from 'node:zlib';
import { runBatches, type BatchResult, type BatchStep } from '../graph/batch.js';
import type { GraphConnection } from '../graph/client.js';
import { eq, or, startsWith } from '../graph/odata.js';
import { cardSheetOf, registerSheetOf, SHEETS_PER_KIND, StoreValidationError, type AnnouncedLines, type CardClaim, type CardClaimRequest, type CardUpdate } from '../port.js';

export const SHEET_PREFIX = 'sheet|';
export const REGISTER_PREFIX = 'announced|';
/** The most characters a multi-line text column holds. */
export const FIELD_LIMIT = 63_999;
/** Rounds of read-and-write again when other processes keep writing the same items. */
const MAX_ROUNDS = 40;

export interface SheetItem {
  id: string;
  eTag?: string;
  '@odata.etag'?: string;
  fields: Record<string, unknown>;
}

/** What the sheets need of the store they belong to. */
export interface SheetHost {
  readonly conn: GraphConnection;
  /** `.../lists/{ledger}/items` */
  readonly ledgerPath: string;
  readonly concurrency: number;
  ledgerItems(filter: string): Promise<SheetItem[]>;
}

type StoredCard = Omit<CardClaim, 'version'> & { readonly rev: number };

/** An item as this process last saw it (itemId null: it did not exist). */
interface Known<T> {
  itemId: string | null;
  etag: string | null;
  content: T;
}

type Cards = Map<string, StoredCard>;
type Registers = Map<string, string[]>;

export function packRecord(value: unknown, what: string): string {
  const text = `gz:${gzipSync(Buffer.from(JSON.stringify(value), 'utf8')).toString('base64')}`;
  if (text.length > FIELD_LIMIT) {
    throw new StoreValidationError(`the ${what} was not stored`, [`Record: ${text.length} characters once packed, more than the ${FIELD_LIMIT} a SharePoint multi-line text column holds`]);
  }
  return text;
}

export function unpackRecord<T>(text: string): T {
  return JSON.parse(text.startsWith('gz:') ? gunzipSync(Buffer.from(text.slice(3), 'base64')).toString('utf8') : text) as T;
}

function etagOf(item: Record<string, unknown>): string {
  const v = item['eTag'] ?? item['@odata.etag'];
  if (typeof v !== 'string') throw new Error('SharePoint returned an item without an eTag');
  return v;
}

function versionOf(c: StoredCard): string {
  return `sheet:${c.rev}`;
}

function claimOf(c: StoredCard): CardClaim {
  const { rev: _rev, ...rest } = c;
  return { ...rest, lines: [...c.lines], version: versionOf(c) };
}

const settled = (c: { state: string }) => c.state === 'sent' || c.state === 'superseded';

/** The part of a card-key prefix up to its last '/': every sheet holding a key with that prefix starts so. */
function dirOf(prefix: string): string {
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}

/** Could a key starting with `prefix` be a sheet's card? */
export function prefixMayHaveSheets(prefix: string): boolean {
  return ['digest/', 'manager-digest/'].some((k) => k.startsWith(prefix) || prefix.startsWith(k));
}

const REGISTER_SHEET = /^announced\|(.+)(#\d+)$/;

/** A change to write to one item: `apply` changes a copy of what the item holds (returning false when
 * nothing changes, so nothing is written) and records its callers' answers as it goes; it is applied
 * again, from scratch, to what the item holds after every refused write. */
interface Unit<T> {
  readonly kind: 'card' | 'register';
  readonly id: string;
  apply(content: T): boolean;
}

export class CardSheets {
  private readonly cards = new Map<string, Known<Cards>>();
  private readonly registers = new Map<string, Known<Registers>>();
  private readonly locks = new Map<string, Promise<void>>();

  constructor(private readonly host: SheetHost) {}

  // ---- reading ----------------------------------------------------------------------------------

  private rememberSheet(item: SheetItem): Cards {
    const id = String(item.fields.RecordKey).slice(SHEET_PREFIX.length);
    const stored = unpackRecord<{ cards: StoredCard[] }>(String(item.fields.Record));
    const content: Cards = new Map(stored.cards.map((c) => [c.key, c]));
    if (this.cards.size > 5_000) this.cards.clear();
    this.cards.set(id, { itemId: item.id, etag: etagOf(item as unknown as Record<string, unknown>), content });
    return content;
  }

  private rememberRegister(item: SheetItem): Registers | null {
    const m = REGISTER_SHEET.exec(String(item.fields.RecordKey));
    if (!m) return null;
    const stored = unpackRecord<{ recipients: Record<string, string[]> }>(String(item.fields.Record));
    const content: Registers = new Map(Object.entries(stored.recipients));
    this.registers.set(`${m[1]}${m[2]}`, { itemId: item.id, etag: etagOf(item as unknown as Record<string, unknown>), content });
    return content;
  }

  /** The query part that finds the sheets that may hold keys starting with `prefix` (null: none can). */
  sheetFilter(prefix: string): string | null {
    return prefixMayHaveSheets(prefix) ? startsWith('RecordKey', SHEET_PREFIX + dirOf(prefix)) : null;
  }

  unsettledFilter(): string {
    return startsWith('RecordKey', SHEET_PREFIX);
  }

  /** The cards of sheet items read by the store's own query, keeping those whose key starts with `prefix`.
   * A whole day's prefix (`digest/2026-11-23/`) also tells which of that day's sheets do not exist yet. */
  cardsOf(items: readonly SheetItem[], prefix: string, onlyUnsettled = false): CardClaim[] {
    const out: CardClaim[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      if (!String(item.fields.RecordKey).startsWith(SHEET_PREFIX)) continue;
      seen.add(String(item.fields.RecordKey).slice(SHEET_PREFIX.length));
      for (const c of this.rememberSheet(item).values()) {
        if (c.key.startsWith(prefix) && !(onlyUnsettled && settled(c))) out.push(claimOf(c));
      }
    }
    const day = /^(digest|manager-digest)\/\d{4}-\d{2}-\d{2}\/$/.exec(prefix);
    if (day) {
      for (let b = 0; b < (SHEETS_PER_KIND[day[1]!] ?? 0); b++) {
        const id = `${prefix}#${String(b).padStart(2, '0')}`;
        if (!seen.has(id) && !this.cards.has(id)) this.cards.set(id, { itemId: null, etag: null, content: new Map() });
      }
    }
    return out;
  }

  /** Every register sheet: the registers of every recipient. Old per-recipient items are returned apart. */
  async readRegisters(): Promise<{ registers: AnnouncedLines[]; perRecipient: SheetItem[] }> {
    const registers: AnnouncedLines[] = [];
    const perRecipient: SheetItem[] = [];
    for (const item of await this.host.ledgerItems(startsWith('RecordKey', REGISTER_PREFIX))) {
      const key = String(item.fields.RecordKey);
      if (!key.startsWith(REGISTER_PREFIX)) continue;
      const m = REGISTER_SHEET.exec(key);
      const content = this.rememberRegister(item);
      if (!m || !content) {
        perRecipient.push(item);
        continue;
      }
      for (const [recipientId, lines] of content) registers.push({ register: m[1]!, recipientId, lines: [...lines] });
    }
    // Every register sheet was read: the digests' ones not found do not exist yet.
    for (const [kind, buckets] of Object.entries(SHEETS_PER_KIND)) {
      for (let b = 0; b < buckets; b++) {
        const id = `${kind}#${String(b).padStart(2, '0')}`;
        if (!this.registers.has(id)) this.registers.set(id, { itemId: null, etag: null, content: new Map() });
      }
    }
    return { registers, perRecipient };
  }

  /** Read these sheets and register sheets again (15 RecordKeys a query), forgetting those gone. */
  private async reload(cardIds: readonly string[], registerIds: readonly string[]): Promise<void> {
    const keys = [...cardIds.map((id) => SHEET_PREFIX + id), ...registerIds.map((id) => REGISTER_PREFIX + id)];
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 15) {
      const part = keys.slice(i, i + 15);
      for (const item of await this.host.ledgerItems(or(...part.map((k) => eq('RecordKey', k))))) {
        const key = String(item.fields.RecordKey);
        if (!part.includes(key)) continue;
        found.add(key);
        if (key.startsWith(SHEET_PREFIX)) this.rememberSheet(item);
        else this.rememberRegister(item);
      }
    }
    for (const id of cardIds) if (!found.has(SHEET_PREFIX + id)) this.cards.set(id, { itemId: null, etag: null, content: new Map() });
    for (const id of registerIds) if (!found.has(REGISTER_PREFIX + id)) this.registers.set(id, { itemId: null, etag: null, content: new Map() });
  }

  // ---- writing ----------------------------------------------------------------------------------

  /** Claim cards of sheets (requests with their index in the caller's list); answers by index. */
  async claim(requests: ReadonlyArray<{ r: CardClaimRequest; i: number }>): Promise<Map<number, CardClaim | null>> {
    const answers = new Map<number, CardClaim | null>();
    const bySheet = group(requests, ({ r }) => cardSheetOf(r.key)!);
    const units: Array<Unit<Cards>> = [...bySheet].map(([id, list]) => ({
      kind: 'card',
      id,
      apply: (cards) => {
        let changed = false;
        for (const { r, i } of list) {
          const c = cards.get(r.key);
          const mine = c !== undefined && c.holder === r.holder && c.claimedAt === r.at; // ours (a lost answer, or a repeat)
          if (mine) answers.set(i, claimOf(c));
          else if (!r.replaces) {
            if (c) answers.set(i, null);
            else {
              const next: StoredCard = {
                key: r.key,
                recipientId: r.recipientId,
                holder: r.holder,
                claimedAt: r.at,
                state: 'claimed',
                lines: [...r.lines],
                message: null,
                sentAt: null,
                takeovers: 0,
                rev: 1,
              };
              cards.set(r.key, next);
              answers.set(i, claimOf(next));
              changed = true;
            }
          } else if (!c || versionOf(c) !== r.replaces.version || c.holder !== r.replaces.holder || settled(c)) answers.set(i, null);
          else {
            // A takeover keeps a posted card's place: the card is filled in where its placeholder is.
            const next: StoredCard = {
              ...c,
              holder: r.holder,
              claimedAt: r.at,
              lines: [...r.lines],
              state: c.message ? 'posted' : 'claimed',
              sentAt: null,
              takeovers: c.takeovers + 1,
              rev: c.rev + 1,
            };
            cards.set(r.key, next);
            answers.set(i, claimOf(next));
            changed = true;
          }
        }
        return changed;
      },
    }));
    await this.commit(units, []);
    return answers;
  }

  /** Update cards of sheets (with their index); announcements go to the register sheets first. */
  async update(updates: ReadonlyArray<{ u: CardUpdate; i: number }>): Promise<Map<number, CardClaim | null>> {
    const answers = new Map<number, CardClaim | null>();
    const bySheet = group(updates, ({ u }) => cardSheetOf(u.key)!);
    // What to announce is worked out each round from the cards as this process knows them: only for
    // updates whose card is still held by their holder.
    const held = (u: CardUpdate): StoredCard | null => {
      const c = this.cards.get(cardSheetOf(u.key)!)?.content.get(u.key);
      return c && c.holder === u.holder ? c : null;
    };
    const units: Array<Unit<Cards>> = [...bySheet].map(([id, list]) => ({
      kind: 'card',
      id,
      apply: (cards) => {
        let changed = false;
        for (const { u, i } of list) {
          const c = cards.get(u.key);
          if (!c || c.holder !== u.holder) {
            answers.set(i, null);
            continue;
          }
          const message = u.message === undefined ? c.message : u.message;
          const sentAt = u.sentAt === undefined ? c.sentAt : u.sentAt;
          if (c.state === u.state && c.sentAt === sentAt && JSON.stringify(c.message) === JSON.stringify(message)) {
            answers.set(i, claimOf(c)); // already so (our own write whose answer was lost)
            continue;
          }
          const next: StoredCard = { ...c, state: u.state, message, sentAt, rev: c.rev + 1 };
          cards.set(u.key, next);
          answers.set(i, claimOf(next));
          changed = true;
        }
        return changed;
      },
    }));
    const announcing = updates.filter(({ u }) => u.announce !== undefined);
    const unknown = [...bySheet.keys()].filter((id) => !this.cards.has(id));
    if (unknown.length > 0) await this.reload(unknown, []);
    await this.commit(
      units,
      announcing.length === 0
        ? []
        : () =>
            this.registerUnits(
              announcing.flatMap(({ u }) => {
                const c = held(u);
                return c && u.announce ? [{ ...u.announce, recipientId: c.recipientId }] : [];
              }),
            ),
    );
    return answers;
  }

  /** Add (and drop) lines of recipients' registers, with no card update (per-card claims, conversions). */
  async announce(changes: ReadonlyArray<{ register: string; recipientId: string; add: readonly string[]; remove: readonly string[] }>): Promise<void> {
    if (changes.length === 0) return;
    await this.commit([], () => this.registerUnits(changes));
  }

  private registerUnits(changes: ReadonlyArray<{ register: string; recipientId: string; add: readonly string[]; remove: readonly string[] }>): Array<Unit<Registers>> {
    return [...group(changes, (c) => registerSheetOf(c.register, c.recipientId))].map(([id, list]) => ({
      kind: 'register',
      id,
      apply: (registers) => {
        let changed = false;
        for (const c of list) {
          const before = registers.get(c.recipientId) ?? [];
          const lines = new Set(before);
          for (const k of c.remove) lines.delete(k);
          for (const k of c.add) lines.add(k);
          const after = [...lines].sort();
          if (after.length === before.length && after.every((k, j) => k === before[j])) continue;
          if (after.length === 0) registers.delete(c.recipientId);
          else registers.set(c.recipientId, after);
          changed = true;
        }
        return changed;
      },
    }));
  }

  /** Write card sheets (and, first, register sheets) until every change is in, as module comment says. */
  private async commit(cardUnits: Array<Unit<Cards>>, registerUnits: Array<Unit<Registers>> | (() => Array<Unit<Registers>>)): Promise<void> {
    const registersOf = typeof registerUnits === 'function' ? registerUnits : () => registerUnits;
    const firstRegisters = registersOf();
    const lockIds = [...cardUnits.map((u) => `c:${u.id}`), ...firstRegisters.map((u) => `r:${u.id}`)];
    await this.withLocks(lockIds, async () => {
      let pendingCards = cardUnits;
      let registersLeft = true;
      for (let round = 0; ; round++) {
        if (round >= MAX_ROUNDS) throw new Error(`the card ledger kept meeting other writes (${pendingCards.length} sheets); try again`);
        // Read what this process has not seen (the registers worked out from the cards as now known).
        const unknownCards = pendingCards.filter((u) => !this.cards.has(u.id)).map((u) => u.id);
        if (unknownCards.length > 0) await this.reload(unknownCards, []);
        let regs = registersLeft ? registersOf() : [];
        const unknownRegs = regs.filter((u) => !this.registers.has(u.id)).map((u) => u.id);
        if (unknownRegs.length > 0) {
          await this.reload([], unknownRegs);
          regs = registersOf();
        }
        const regWrites = this.stepsOf(regs, this.registers, (content, id) => this.registerFields(id, content));
        const cardWrites = this.stepsOf(pendingCards, this.cards, (content, id) => this.sheetFields(id, content));
        if (regWrites.length + cardWrites.length === 0) return;
        const steps = [...regWrites, ...cardWrites];
        let answers: BatchResult[];
        if (regWrites.length === 0 || steps.length <= 20) {
          answers = await runBatches(
            this.host.conn,
            steps.map((s) => s.step),
            { concurrency: this.host.concurrency, serial: regWrites.length > 0 },
          );
        } else {
          // More than one $batch: the registers first, then the sheets if every register went in.
          const regAnswers = await runBatches(
            this.host.conn,
            regWrites.map((s) => s.step),
            { concurrency: this.host.concurrency },
          );
          const allIn = regAnswers.every((a) => a.status === 200 || a.status === 201);
          const cardAnswers = allIn
            ? await runBatches(
                this.host.conn,
                cardWrites.map((s) => s.step),
                { concurrency: this.host.concurrency },
              )
            : cardWrites.map(() => ({ status: 424, headers: {}, body: null }));
          answers = [...regAnswers, ...cardAnswers];
        }
        const reloadCards: string[] = [];
        const reloadRegs: string[] = [];
        const retryCards = new Set<string>();
        let regsFailed = false;
        steps.forEach((s, k) => {
          const a = answers[k]!;
          const known = s.kind === 'card' ? this.cards : this.registers;
          if (a.status === 200 || a.status === 201) {
            const body = a.body as Record<string, unknown>;
            (known as Map<string, Known<unknown>>).set(s.id, { itemId: s.itemId ?? String(body.id), etag: etagOf(body), content: s.content });
            return;
          }
          if (s.kind === 'register') regsFailed = true;
          else retryCards.add(s.id);
          if (a.status === 412 || a.status === 409 || a.status === 404) (s.kind === 'card' ? reloadCards : reloadRegs).push(s.id);
          else if (a.status !== 424) {
            throw new Error(`SharePoint refused a card ledger write (${s.step.method} ${a.status}): ${JSON.stringify((a.body as { error?: { message?: string } } | null)?.error?.message ?? '')}`);
          }
        });
        // Cards answered without a write (nothing to change) are done; so are the written ones.
        pendingCards = pendingCards.filter((u) => retryCards.has(u.id));
        registersLeft = regsFailed;
        if (pendingCards.length === 0 && !registersLeft) return;
        if (reloadCards.length + reloadRegs.length > 0) await this.reload(reloadCards, reloadRegs);
        // Others are writing the same items: a short, random pause so that processes do not keep meeting.
        if (round > 0) await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 20 * Math.min(round, 10))));
      }
    });
  }

  /** The writes a round needs: each unit applied to a copy of what its item holds; unchanged ones none. */
  private stepsOf<T extends Cards | Registers>(
    units: ReadonlyArray<Unit<T>>,
    known: Map<string, Known<T>>,
    fields: (content: T, id: string) => Record<string, unknown>,
  ): Array<{ kind: 'card' | 'register'; id: string; itemId: string | null; content: T; step: BatchStep }> {
    const out: Array<{ kind: 'card' | 'register'; id: string; itemId: string | null; content: T; step: BatchStep }> = [];
    for (const u of units) {
      const k = known.get(u.id) ?? { itemId: null, etag: null, content: new Map() as T };
      const content = new Map(k.content as Map<string, unknown>) as unknown as T;
      if (!u.apply(content)) continue;
      const body = fields(content, u.id);
      out.push({
        kind: u.kind,
        id: u.id,
        itemId: k.itemId,
        content,
        step:
          k.itemId === null
            ? { method: 'POST', url: this.host.ledgerPath, body: { fields: body } }
            : { method: 'PATCH', url: `${this.host.ledgerPath}/${k.itemId}/fields`, headers: { 'If-Match': k.etag ?? '*' }, body },
      });
    }
    return out;
  }

  private sheetFields(id: string, cards: Cards): Record<string, unknown> {
    const list = [...cards.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const latest = list.reduce((m, c) => (c.claimedAt > m ? c.claimedAt : m), '');
    return {
      Title: id.slice(0, 255),
      RecordKey: SHEET_PREFIX + id,
      RecipientId: id.slice(id.lastIndexOf('/') + 1),
      IsSent: list.every(settled),
      ClaimedAt: latest ? new Date(latest).toISOString() : null,
      Record: packRecord({ cards: list }, `card ledger sheet ${id}`),
    };
  }

  private registerFields(id: string, registers: Registers): Record<string, unknown> {
    return {
      Title: id.slice(0, 255),
      RecordKey: REGISTER_PREFIX + id,
      RecipientId: id.slice(id.lastIndexOf('#')),
      IsSent: true,
      Record: packRecord({ recipients: Object.fromEntries([...registers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) }, `register of announced lines ${id}`),
    };
  }

  /** Serialise this process's writes to the same items (acquired in one order, so never a deadlock). */
  private async withLocks<T>(ids: readonly string[], work: () => Promise<T>): Promise<T> {
    const releases: Array<() => void> = [];
    for (const id of [...new Set(ids)].sort()) {
      const before = this.locks.get(id) ?? Promise.resolve();
      let release: () => void = () => undefined;
      const mine = new Promise<void>((r) => (release = r));
      const tail = before.then(() => mine);
      this.locks.set(id, tail);
      await before;
      releases.push(() => {
        release();
        if (this.locks.get(id) === tail) this.locks.delete(id);
      });
    }
    try {
      return await work();
    } finally {
      for (const r of releases) r();
    }
  }
}

function group<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = keyOf(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}
