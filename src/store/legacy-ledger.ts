// The reminder ledger as it was before the card ledger (one claim per line): its rows converted to the
// card ledger, once, by each adapter (SQLite in its schema migration 2, SharePoint on the first ledger
// call of a process). Shared by both adapters so that they convert alike.
//
// Per-line keys of the old ledger:
//   stage/{recipient}/{obligation}/{stage}[/after-{until}]   a line announced (sent) or claimed (unsent)
//   digest/{day}/{person}[#retryN], manager-digest/{day}/{manager}[#retryN]   a day's card
//   snooze/{recipient}/{obligation}/{until}                   a snooze was set (the snoozes keep the latest)
//   agenda/{series}/{date}                                    an agenda post
// Converted: every sent stage key goes into its recipient's register (digest or manager-digest, by
// stage); a day's card becomes one card claim (sent, with the stage keys sent at its instant as its
// lines; unsent: released, so the next sweep carries its lines); an agenda post becomes a card claim
// (sent, or claimed and long stale: the poster takes it over and posts it). Unsent stage keys are
// dropped (their lines are announced afresh), snooze marks too (the snooze itself holds the date).
import { cardOfStage, parseStageKey, stagesOf, type DigestCard } from '../domain/reminders.js';
import type { AnnouncedLines, CardClaim } from './port.js';

export interface LegacyClaim {
  readonly key: string;
  readonly recipientId: string;
  readonly claimedAt: string;
  readonly sentAt: string | null;
}

export interface ConvertedLedger {
  readonly registers: AnnouncedLines[];
  readonly cards: Array<Omit<CardClaim, 'version'>>;
  /** Keys that meant nothing to the card ledger (snooze marks, unsent stage keys, unknown keys). */
  readonly dropped: number;
}

/** The holder written on converted claims: no sender holds them. */
export const LEGACY_HOLDER = 'legacy-ledger';

const DIGEST_KEY = /^(digest|manager-digest)\/(\d{4}-\d{2}-\d{2})\/(.+?)(#retry\d+)?$/;

export function convertLegacyLedger(claims: readonly LegacyClaim[]): ConvertedLedger {
  const registers = new Map<string, { register: DigestCard; recipientId: string; lines: Set<string> }>();
  const sentStages = new Map<string, Array<{ key: string; sentAt: string; card: DigestCard; stage: string }>>();
  let dropped = 0;
  for (const c of claims) {
    const stage = parseStageKey(c.key);
    if (!stage) continue;
    if (c.sentAt === null) {
      dropped++;
      continue;
    }
    const register = cardOfStage(stage.stage);
    const id = `${register}|${stage.recipientId}`;
    let r = registers.get(id);
    if (!r) registers.set(id, (r = { register, recipientId: stage.recipientId, lines: new Set() }));
    r.lines.add(c.key);
    let list = sentStages.get(stage.recipientId);
    if (!list) sentStages.set(stage.recipientId, (list = []));
    list.push({ key: c.key, sentAt: c.sentAt, card: register, stage: stage.stage });
  }
  const days = new Map<string, { card: DigestCard; recipientId: string; claimedAt: string; sentAt: string | null }>();
  const cards: Array<Omit<CardClaim, 'version'>> = [];
  for (const c of claims) {
    if (c.key.startsWith('stage/')) continue;
    const m = DIGEST_KEY.exec(c.key);
    if (m) {
      const base = `${m[1]}/${m[2]}/${m[3]}`;
      const prev = days.get(base);
      const sentAt = prev?.sentAt ?? c.sentAt;
      days.set(base, { card: m[1] as DigestCard, recipientId: m[3]!, claimedAt: prev && prev.claimedAt < c.claimedAt ? prev.claimedAt : c.claimedAt, sentAt: sentAt ?? null });
      continue;
    }
    if (c.key.startsWith('agenda/')) {
      cards.push({
        key: c.key,
        recipientId: c.recipientId,
        holder: LEGACY_HOLDER,
        claimedAt: c.claimedAt,
        state: c.sentAt ? 'sent' : 'claimed',
        lines: [],
        message: null,
        sentAt: c.sentAt,
        takeovers: 0,
      });
      continue;
    }
    // Snooze marks (the snooze itself keeps its latest date) and keys the card ledger has no use for.
    dropped++;
  }
  for (const [key, d] of days) {
    // The lines of a sent card are the recipient's stage keys of the card's stages sent at its instant
    // (how the old ledger rebuilt a card).
    const stages = stagesOf(d.card);
    const lines =
      d.sentAt === null
        ? []
        : (sentStages.get(d.recipientId) ?? [])
            .filter((s) => s.sentAt === d.sentAt && s.card === d.card && (stages as readonly string[]).includes(s.stage))
            .map((s) => s.key)
            .sort();
    cards.push({ key, recipientId: d.recipientId, holder: LEGACY_HOLDER, claimedAt: d.claimedAt, state: d.sentAt ? 'sent' : 'released', lines, message: null, sentAt: d.sentAt, takeovers: 0 });
  }
  cards.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out = [...registers.values()].map((r) => ({ register: r.register, recipientId: r.recipientId, lines: [...r.lines].sort() }));
  out.sort((a, b) => (a.register + a.recipientId < b.register + b.recipientId ? -1 : 1));
  return { registers: out, cards, dropped };
}
