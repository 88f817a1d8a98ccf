// The per-line reminder ledger of earlier versions, converted to the card ledger: in SQLite by schema
// migration 2 when the file is opened, in SharePoint on the first ledger call of a process (the old items
// then deleted). The same old ledger gives the same cards and registers in both.
import { afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertLegacyLedger, type LegacyClaim } from '../../src/store/legacy-ledger.js';
import { MIGRATIONS, migrate } from '../../src/store/sqlite/schema.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { createSharePointStore } from '../../src/store/sharepoint/index.js';
import { staticTokenProvider } from '../../src/store/graph/auth.js';
import { createGraphClient, getAllPages } from '../../src/store/graph/client.js';
import type { CaseStore } from '../../src/store/port.js';
import { startGraphServer, type GraphTestServer } from '../support/graph-server/server.js';

const SENT_1 = '2026-11-23T08:00:05Z';
const SENT_9 = '2026-11-23T08:00:06Z';
const A = 'stage/p1/C-1/assessment-decision/2026-11-12/overdue';
const B = 'stage/p1/C-2/agency-advice/2026-12-01/due-soon';
const UNSENT = 'stage/p1/C-3/final-plan/2026-12-02/due-soon';
const E = 'stage/p9/C-1/assessment-decision/2026-11-12/escalated';

/** Monday: p1's digest and p9's manager digest sent; Tuesday: p1's digest claimed, never sent (a crash,
 * then a #retry1 that crashed too), one of its lines claimed; a snooze mark; an agenda posted. */
const OLD: LegacyClaim[] = [
  { key: A, recipientId: 'p1', claimedAt: '2026-11-23T08:00:00Z', sentAt: SENT_1 },
  { key: B, recipientId: 'p1', claimedAt: '2026-11-23T08:00:00Z', sentAt: SENT_1 },
  { key: 'digest/2026-11-23/p1', recipientId: 'p1', claimedAt: '2026-11-23T08:00:00Z', sentAt: SENT_1 },
  { key: E, recipientId: 'p9', claimedAt: '2026-11-23T08:00:01Z', sentAt: SENT_9 },
  { key: 'manager-digest/2026-11-23/p9', recipientId: 'p9', claimedAt: '2026-11-23T08:00:01Z', sentAt: SENT_9 },
  { key: 'digest/2026-11-24/p1', recipientId: 'p1', claimedAt: '2026-11-24T08:00:00Z', sentAt: null },
  { key: 'digest/2026-11-24/p1#retry1', recipientId: 'p1', claimedAt: '2026-11-24T08:20:00Z', sentAt: null },
  { key: UNSENT, recipientId: 'p1', claimedAt: '2026-11-24T08:00:00Z', sentAt: null },
  { key: 'snooze/p1/C-2/agency-advice/2026-12-01/2026-11-26', recipientId: 'p1', claimedAt: '2026-11-23T09:00:00Z', sentAt: null },
  { key: 'agenda/cmooe/2026-11-26', recipientId: 'channel:T/C', claimedAt: '2026-11-24T08:05:00Z', sentAt: '2026-11-24T08:05:00Z' },
];

const REGISTERS = [
  { register: 'digest', recipientId: 'p1', lines: [A, B].sort() },
  { register: 'manager-digest', recipientId: 'p9', lines: [E] },
];

/** The cards as converted: key, state, lines. */
const CARDS = [
  ['agenda/cmooe/2026-11-26', 'sent', []],
  ['digest/2026-11-23/p1', 'sent', [A, B].sort()],
  ['digest/2026-11-24/p1', 'released', []],
  ['manager-digest/2026-11-23/p9', 'sent', [E]],
];

async function converted(store: CaseStore) {
  return {
    registers: await store.listAnnounced(),
    cards: (await store.listCards('')).map((c) => [c.key, c.state, [...c.lines]]),
    unsettled: (await store.listUnsettledCards()).map((c) => c.key),
  };
}

describe('the per-line ledger of earlier versions', () => {
  it('converts to one card per day and recipient and a register of the lines sent (pure)', () => {
    const out = convertLegacyLedger(OLD);
    expect(out.registers).toEqual(REGISTERS);
    expect(out.cards.map((c) => [c.key, c.state, c.lines])).toEqual(CARDS);
    expect(out.cards.find((c) => c.key === 'digest/2026-11-24/p1')?.claimedAt).toBe('2026-11-24T08:00:00Z');
    expect(out.dropped).toBe(2); // the unsent stage key and the snooze mark
  });

  describe('in a SQLite file of the previous schema', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('is migrated when the file is opened (schema 2)', async () => {
      dir = mkdtempSync(join(tmpdir(), 'legacy-'));
      const path = join(dir, 'old.db');
      const db = new Database(path);
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version === 1),
      );
      const insert = db.prepare('INSERT INTO reminder_ledger (key, recipient_id, claimed_at, claimed_ms, sent_at) VALUES (?, ?, ?, ?, ?)');
      for (const c of OLD) insert.run(c.key, c.recipientId, c.claimedAt, Date.parse(c.claimedAt), c.sentAt);
      db.close();
      const store = openSqliteStore(path);
      try {
        const got = await converted(store);
        expect(got.registers).toEqual(REGISTERS);
        expect(got.cards).toEqual(CARDS);
        expect(got.unsettled).toEqual(['digest/2026-11-24/p1']);
      } finally {
        await store.close();
      }
    });
  });

  describe('in a SharePoint site of the previous version', () => {
    let server: GraphTestServer;
    afterEach(async () => {
      await server.close();
    });

    it('is converted on the first ledger call, the old items deleted; a second process finds nothing to do', async () => {
      server = await startGraphServer();
      const conn = createGraphClient({ baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token) });
      const first = await createSharePointStore({ siteId: server.siteId, conn, provision: true });
      const lists = await getAllPages<{ id: string; displayName: string }>(conn, `/sites/${server.siteId}/lists`);
      const ledger = lists.find((l) => l.displayName === 'SendOversight_ReminderLedger')!;
      for (const c of OLD) {
        await conn.client.api(`/sites/${server.siteId}/lists/${ledger.id}/items`).post({
          fields: {
            Title: c.key,
            RecordKey: c.key,
            RecipientId: c.recipientId,
            IsSent: c.sentAt !== null,
            ClaimedAt: c.claimedAt,
            ...(c.sentAt ? { SentAt: c.sentAt } : {}),
            ClaimToken: 'old',
            Record: JSON.stringify(c),
          },
        });
      }
      const got = await converted(first);
      expect(got.registers).toEqual(REGISTERS);
      expect(got.cards).toEqual(CARDS);
      expect(got.unsettled).toEqual(['digest/2026-11-24/p1']);
      const keys = server.itemsOf('SendOversight_ReminderLedger').map((f) => String(f.RecordKey));
      expect(keys.filter((k) => !k.startsWith('card|') && !k.startsWith('announced|'))).toEqual([]);
      const second = await createSharePointStore({ siteId: server.siteId, conn });
      const before = server.log.length;
      expect(await converted(second)).toEqual(got);
      expect(server.log.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });
});
