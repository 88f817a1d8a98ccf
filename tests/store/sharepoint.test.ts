// The SharePoint adapter's own behaviour against the Graph test server, over HTTP: OData escaping,
// indexed filters, throttling (429/503 with Retry-After, inner-batch 429s), dropped connections in the
// middle of an import (every case stored exactly once), lost answers to updates, 410 on delta,
// idempotent provisioning, paging and $batch limits.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startGraphServer, NON_INDEXED_PREFER, type GraphTestServer } from '../support/graph-server/server.js';
import { createSharePointStore, provisionLists } from '../../src/store/sharepoint/index.js';
import { SharePointCaseStore } from '../../src/store/sharepoint/store.js';
import { staticTokenProvider } from '../../src/store/graph/auth.js';
import { createGraphClient, getAllPages, ThrottleGate, type GraphConnection } from '../../src/store/graph/client.js';
import { literal } from '../../src/store/graph/odata.js';
import { cardSheetOf, ConflictError } from '../../src/store/port.js';
import type { CaseFile } from '../../src/domain/model.js';
import { contractFixture } from './contract/fixture.js';

let server: GraphTestServer;
let gate: ThrottleGate;
let conn: GraphConnection;

const noSleep = async () => {};

beforeEach(async () => {
  server = await startGraphServer();
  gate = new ThrottleGate(noSleep); // records the waits asked for; does not really wait
  conn = createGraphClient({ baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), gate, retry: { maxRetries: 6 } });
});
afterEach(async () => {
  await server.close();
});

async function store(): Promise<SharePointCaseStore> {
  return createSharePointStore({ siteId: server.siteId, conn, provision: true });
}

/** Cases of the generation in force, counted by case id (from the server's own list). */
function storedCaseCounts(): Map<string, number> {
  const settings = server.itemsOf('SendOversight_Settings').find((f) => f.RecordKey === '__generation')!;
  const gen = (JSON.parse(String(settings.Record)) as { generation: string }).generation;
  const counts = new Map<string, number>();
  for (const f of server.itemsOf('SendOversight_Cases')) if (f.Generation === gen) counts.set(String(f.CaseId), (counts.get(String(f.CaseId)) ?? 0) + 1);
  return counts;
}

function expectEachCaseOnce(file: CaseFile): void {
  const counts = storedCaseCounts();
  expect(counts.size).toBe(file.cases.length);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
}

describe('OData escaping', () => {
  it("doubles a quote in a literal: O'Brien -> 'O''Brien'", () => {
    expect(literal("O'Brien")).toBe("'O''Brien'");
    expect(literal("''")).toBe("''''''");
    expect(literal(3)).toBe('3');
    expect(literal(true)).toBe('true');
  });

  it('a case id and a team with quotes, & and # find exactly their own rows and cannot change the query', async () => {
    const s = await store();
    const file = contractFixture(40);
    await s.importCaseFile(file);
    const base = file.cases.find((c) => c.plan?.issuedOn && !c.plan.ceasedOn && c.cmooe.length === 0)!;
    const odd = { ...base, id: "C-O'Brien", team: "O'Brien & Sons #1", caseNotes: [], reviews: [], cmooeSummaries: [] };
    await s.addCase(odd);
    await s.addCase({ ...odd, id: 'C-OBrien', team: 'O' });
    expect((await s.getCase("C-O'Brien"))?.case).toEqual(odd);
    expect((await s.queryCases({ team: "O'Brien & Sons #1" })).map((x) => x.case.id)).toEqual(["C-O'Brien"]);
    // an injection attempt is just a team name that does not exist
    expect(await s.queryCases({ team: "O' or fields/Team ne 'x" })).toEqual([]);
    expect(await s.getCase("x' or fields/CaseId ne '")).toBeNull();
    expect((await s.queryCases({ ids: ["C-O'Brien", 'C-OBrien'] })).map((x) => x.case.id)).toEqual(["C-O'Brien", 'C-OBrien']);
    const sent = server.log.filter((r) => r.path.endsWith('/items') && decodeURIComponent(r.query).includes("O''Brien"));
    expect(sent.length).toBeGreaterThan(0);
  });

  it('text filters are case-insensitive in SharePoint; the adapter still returns exact matches', async () => {
    const s = await store();
    const file = contractFixture(40);
    await s.importCaseFile(file);
    const id = file.cases[0]!.id;
    expect(await s.getCase(id.toLowerCase() === id ? id.toUpperCase() : id.toLowerCase())).toBeNull();
    expect((await s.getCase(id))?.case.id).toBe(id);
  });
});

describe('the test server behaves as Graph documents', () => {
  it('refuses a filter on a column that is not indexed, unless the Prefer header allows it', async () => {
    const s = await store();
    await s.importCaseFile(contractFixture(40));
    const lists = await getAllPages<{ id: string; displayName: string }>(conn, `/sites/${server.siteId}/lists`);
    const cases = lists.find((l) => l.displayName === 'SendOversight_Cases')!;
    const path = `/sites/${server.siteId}/lists/${cases.id}/items?$expand=fields&$filter=${encodeURIComponent("fields/Setting eq 'x'")}`;
    await expect(conn.client.api(path).get()).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('cannot be referenced in filter or orderby as it is not indexed') });
    await expect(conn.client.api(path).header('Prefer', NON_INDEXED_PREFER).get()).resolves.toMatchObject({ value: [] });
    // the adapter itself never needs the header: no request of a full session was refused
    expect(server.log.filter((r) => r.status === 400).length).toBe(1);
  });

  it('needs a bearer token (401 without)', async () => {
    const res = await fetch(`${server.baseUrl}v1.0/sites/${server.siteId}/lists`);
    expect(res.status).toBe(401);
    const bad = await fetch(`${server.baseUrl}v1.0/sites/${server.siteId}/lists`, { headers: { Authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
  });

  it('pages through @odata.nextLink (default 200, $top up to 5,000)', async () => {
    const s = await store();
    await s.importCaseFile(contractFixture(250));
    const lists = await getAllPages<{ id: string; displayName: string }>(conn, `/sites/${server.siteId}/lists`);
    const cases = lists.find((l) => l.displayName === 'SendOversight_Cases')!;
    const before = server.log.length;
    const all = await getAllPages<{ id: string }>(conn, `/sites/${server.siteId}/lists/${cases.id}/items`);
    expect(all.length).toBe(250);
    expect(server.log.length - before).toBe(2); // 200 + 50
    const page = (await conn.client.api(`/sites/${server.siteId}/lists/${cases.id}/items?$top=100`).get()) as { value: unknown[]; '@odata.nextLink'?: string };
    expect(page.value.length).toBe(100);
    expect(page['@odata.nextLink']).toContain('$skiptoken=');
    await expect(conn.client.api(`/sites/${server.siteId}/lists/${cases.id}/items?$top=5001`).get()).rejects.toMatchObject({ statusCode: 400 });
  });

  it('limits $batch to 20 requests with unique ids', async () => {
    const get = (id: string) => ({ id, method: 'GET', url: `/sites/${server.siteId}/lists` });
    await expect(conn.client.api('/$batch').post({ requests: Array.from({ length: 21 }, (_, i) => get(String(i))) })).rejects.toMatchObject({ statusCode: 400 });
    await expect(conn.client.api('/$batch').post({ requests: [get('1'), get('1')] })).rejects.toMatchObject({ statusCode: 400 });
    const ok = (await conn.client.api('/$batch').post({ requests: [get('1'), get('2')] })) as { responses: { id: string; status: number }[] };
    expect(ok.responses.map((r) => r.status)).toEqual([200, 200]);
  });
});

describe('throttling and failures', () => {
  it('a 429 storm (outer and inside batches) in the middle of an import: every case stored exactly once, Retry-After honoured', async () => {
    const s = await store();
    const file = contractFixture(120);
    server.faults.throttleInner(45, { retryAfterSeconds: 3 });
    server.faults.throttle(4, { retryAfterSeconds: 2 });
    await s.importCaseFile(file);
    expect(await s.exportCaseFile()).toEqual(contractFixture(120));
    expectEachCaseOnce(file);
    expect(gate.waits).toContain(2000);
    expect(gate.waits).toContain(3000);
    expect(server.log.filter((r) => r.inBatch && r.status === 429).length).toBe(45);
  });

  it('503 and 504 answers are retried after their Retry-After', async () => {
    const s = await store();
    await s.importCaseFile(contractFixture(40));
    server.faults.throttle(2, { status: 503, retryAfterSeconds: 7 });
    expect((await s.queryCases({})).length).toBe(40);
    expect(gate.waits.filter((w) => w === 7000).length).toBe(2);
  });

  for (const when of ['before', 'after'] as const) {
    it(`a connection dropped ${when} the server carried out a $batch in the middle of an import: every case exactly once`, async () => {
      const s = await store();
      const file = contractFixture(120);
      const start = server.log.length;
      server.faults.dropConnection(4, when); // the pointer read, then batches of creates
      await s.importCaseFile(file);
      expect(server.log.slice(start).some((r) => r.status === 0 && r.path === '/$batch')).toBe(true);
      expect(await s.exportCaseFile()).toEqual(contractFixture(120));
      expectEachCaseOnce(file);
      if (when === 'after') expect(server.log.some((r) => r.inBatch && r.status === 409)).toBe(true); // the retried creates
    });
  }

  it('an update whose answer is lost is not reported as a conflict when the write did happen', async () => {
    const s = await store();
    const file = contractFixture(40);
    await s.importCaseFile(file);
    const c = (await s.queryCases({ status: 'open' }))[0]!;
    const start = server.log.length;
    const first = await s.updateCase(c.case.id, c.version, { setting: 'First' });
    const perUpdate = server.log.length - start; // the PATCH is the last request of an update
    server.faults.dropConnection(perUpdate, 'after');
    const second = await s.updateCase(c.case.id, first.version, { setting: 'Second' });
    expect(second.case.setting).toBe('Second');
    expect((await s.getCase(c.case.id))!.case.setting).toBe('Second');
    await expect(s.updateCase(c.case.id, first.version, { setting: 'Stale' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('a re-import whose answer to the final switch was lost recognises its own success and clears the old generation', async () => {
    const s = await store();
    await s.importCaseFile(contractFixture(40));
    // the PATCH of the generation pointer (Settings list) is carried out, and its answer lost
    server.faults.dropConnectionWhen({ method: 'PATCH', list: 'SendOversight_Settings' }, 'after');
    await s.importCaseFile(contractFixture(12, 99));
    expect(server.log.some((r) => r.status === 0 && r.method === 'PATCH')).toBe(true);
    expect(await s.exportCaseFile()).toEqual(contractFixture(12, 99));
    // the first generation's items are gone, not left until the next import
    expect(server.itemsOf('SendOversight_Cases').length).toBe(12);
  });

  it('a first import whose answer to creating the generation pointer was lost recognises its own success', async () => {
    const s = await store();
    server.faults.dropConnectionWhen({ method: 'POST', list: 'SendOversight_Settings' }, 'after');
    await s.importCaseFile(contractFixture(40));
    expect(server.log.some((r) => r.status === 0 && r.method === 'POST' && r.path.endsWith('/items'))).toBe(true);
    expect(await s.exportCaseFile()).toEqual(contractFixture(40));
    expect(server.itemsOf('SendOversight_Settings').filter((f) => f.RecordKey === '__generation').length).toBe(1);
  });

  it('a dropped connection after a run of 429s waits its own short back-off, not one compounded by the 429s', async () => {
    const s = await store();
    await s.importCaseFile(contractFixture(40));
    gate.waits.length = 0;
    server.faults.throttle(5, { retryAfterSeconds: 0 });
    server.faults.dropConnection(6, 'before');
    expect((await s.queryCases({})).length).toBe(40);
    // five Retry-After: 0 answers (no wait), then the network failure's first back-off (250 ms)
    expect(gate.waits).toEqual([0, 0, 0, 0, 0, 250]);
  });

  it('429s with Retry-After are waited as asked, whatever came before, and do not count against later network retries', async () => {
    const s = await store();
    await s.importCaseFile(contractFixture(40));
    gate.waits.length = 0;
    server.faults.dropConnection(1, 'before');
    await s.getCase('C-none');
    server.faults.throttle(3, { retryAfterSeconds: 2 });
    await s.getCase('C-none');
    expect(gate.waits).toEqual([250, 2000, 2000, 2000]);
  });

  it('when retries run out the import fails and the previous content stays in force', async () => {
    const s = await store();
    const file = contractFixture(40);
    await s.importCaseFile(file);
    const limited = createGraphClient({ baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), gate, retry: { maxRetries: 2 } });
    const s2 = await createSharePointStore({ siteId: server.siteId, conn: limited });
    server.faults.throttleInner(100_000, { retryAfterSeconds: 1 });
    await expect(s2.importCaseFile(contractFixture(12, 99))).rejects.toThrow(/throttled/);
    server.faults.throttleInner(0);
    expect(await s.exportCaseFile()).toEqual(contractFixture(40));
    await s.importCaseFile(contractFixture(12, 99)); // and the next import clears the leftovers
    expect(await s.exportCaseFile()).toEqual(contractFixture(12, 99));
    expect(server.itemsOf('SendOversight_Cases').length).toBe(12);
  });
});

describe('change feed', () => {
  it('a 410 Gone on delta gives a full resync', async () => {
    const s = await store();
    const file = contractFixture(40);
    await s.importCaseFile(file);
    const { token } = await s.changesSince(null);
    server.faults.goneOnNextDelta();
    const batch = await s.changesSince(token);
    expect(batch.resync).toBe(true);
    expect(batch.changes.filter((c) => c.entity === 'case').length).toBe(file.cases.length);
    expect(server.log.some((r) => r.status === 410)).toBe(true);
    expect((await s.changesSince(batch.token)).changes).toEqual([]);
  });

  it('an incremental sync is one $batch of delta requests, not one request per case', async () => {
    const s = await store();
    const file = contractFixture(60);
    await s.importCaseFile(file);
    const { token } = await s.changesSince(null);
    for (const c of file.cases.slice(0, 10)) {
      const got = (await s.getCase(c.id))!;
      await s.updateCase(c.id, got.version, { setting: 'Moved' });
    }
    const start = server.log.length;
    const batch = await s.changesSince(token);
    expect(batch.changes.map((c) => c.id).sort()).toEqual(
      file.cases
        .slice(0, 10)
        .map((c) => c.id)
        .sort(),
    );
    expect(server.log.slice(start).filter((r) => !r.inBatch).length).toBe(1);
  });
});

describe('provisioning', () => {
  it('creates the lists, and a second run changes nothing and says so', async () => {
    const first = await provisionLists(conn, server.siteId);
    expect(first.changed).toBe(true);
    expect(first.createdLists.length).toBe(15);
    const writesBefore = server.log.filter((r) => r.method !== 'GET').length;
    const second = await provisionLists(conn, server.siteId);
    expect(second).toMatchObject({ changed: false, createdLists: [], addedColumns: [], mismatches: [] });
    expect(second.listIds).toEqual(first.listIds);
    expect(server.log.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
  });

  it('completes a list that lacks columns, and the ledger key is unique and indexed', async () => {
    // a list made by hand with only one of the columns
    await conn.client
      .api(`/sites/${server.siteId}/lists`)
      .post({ displayName: 'SendOversight_Settings', columns: [{ name: 'RecordKey', text: {}, indexed: true, enforceUniqueValues: true }], list: { template: 'genericList' } });
    const report = await provisionLists(conn, server.siteId);
    expect(report.addedColumns).toEqual(['SendOversight_Settings.Record']);
    const columns = await getAllPages<{ name: string; indexed: boolean; enforceUniqueValues: boolean }>(conn, `/sites/${server.siteId}/lists/${report.listIds.ledger}/columns`);
    expect(columns.find((c) => c.name === 'RecordKey')).toMatchObject({ indexed: true, enforceUniqueValues: true });
  });

  it('a store on a site without the lists says to run provision', async () => {
    await expect(createSharePointStore({ siteId: server.siteId, conn })).rejects.toThrow(/send-oversight provision --site/);
  });
});

describe('card ledger', () => {
  const claim = (holder: string) => ({ key: 'digest/2026-11-23/p1', recipientId: 'p1', holder, at: '2026-11-23T07:00:00Z', lines: ['stage/p1/x/overdue'] });

  it('a claim whose answer is lost is still won by its claimer (and stored once); a rival still loses', async () => {
    const s = await store();
    await s.listCards('x'); // the first ledger call of the process looks for the old per-line ledger
    server.faults.dropConnection(1, 'after');
    expect((await s.claimCards([claim('h1')]))[0]?.holder).toBe('h1');
    // A day's digest is kept on its sheet (one item for the cards of many people): there once.
    const sheet = `sheet|${cardSheetOf('digest/2026-11-23/p1')!}`;
    expect(server.itemsOf('SendOversight_ReminderLedger').filter((f) => f.RecordKey === sheet).length).toBe(1);
    expect(await s.claimCards([claim('h2')])).toEqual([null]);
  });

  it('an update or a mark whose answer is lost is recognised as done, not refused', async () => {
    const s = await store();
    const [c] = await s.claimCards([claim('h1')]);
    server.faults.dropConnectionWhen({ method: 'POST', path: /\/\$batch$/ }, 'after');
    const [posted] = await s.updateCards([{ key: c!.key, holder: 'h1', version: c!.version, state: 'posted', message: { conversationId: 'a:p1', activityId: '17' } }]);
    expect(posted).toMatchObject({ state: 'posted', message: { conversationId: 'a:p1', activityId: '17' } });
    server.faults.dropConnectionWhen({ method: 'POST', path: /\/\$batch$/ }, 'after');
    const [sent] = await s.updateCards([
      { key: c!.key, holder: 'h1', version: posted!.version, state: 'sent', sentAt: '2026-11-23T07:00:02Z', announce: { register: 'digest', add: ['stage/p1/x/overdue'], remove: [] } },
    ]);
    expect(sent?.state).toBe('sent');
    expect(await s.listAnnounced()).toEqual([{ register: 'digest', recipientId: 'p1', lines: ['stage/p1/x/overdue'] }]);
  });

  it('claims and marks of 20 cards are one $batch request each, and the cards of one sheet one write each', async () => {
    const s = await store();
    // what the sweep reads first: the registers, and the day's cards (which tells which sheets are new)
    await s.listAnnounced();
    await s.listCards('digest/2026-11-23/');
    const keys = Array.from({ length: 20 }, (_, i) => `digest/2026-11-23/p${i}`);
    const start = server.log.length;
    const claims = await s.claimCards(keys.map((key) => ({ key, recipientId: key.slice(18), holder: 'h', at: '2026-11-23T07:00:00Z', lines: [`stage/${key.slice(18)}/x/overdue`] })));
    const sheets = new Set(keys.map((k) => cardSheetOf(k)));
    const claiming = server.log.slice(start);
    expect(claiming.filter((r) => !r.inBatch).map((r) => r.path)).toEqual(['/$batch']);
    expect(claiming.filter((r) => r.inBatch && r.method !== 'GET').length).toBe(sheets.size);
    const marking = server.log.length;
    await s.updateCards(
      claims.map((c) => ({ key: c!.key, holder: 'h', version: c!.version, state: 'sent' as const, sentAt: '2026-11-23T07:00:05Z', announce: { register: 'digest', add: [...c!.lines], remove: [] } })),
    );
    // more than 20 writes (registers and sheets): one $batch for the registers, then one for the sheets
    expect(
      server.log
        .slice(marking)
        .filter((r) => !r.inBatch)
        .map((r) => r.path),
    ).toEqual(['/$batch', '/$batch']);
    // the cards of one sheet: its register and the sheet, one write each, in one $batch, the register first
    const one = [...sheets][0]!;
    const mine = keys
      .filter((k) => cardSheetOf(k) === one)
      .map((k, n) => ({ key: k.replace('2026-11-23', '2026-11-24'), recipientId: k.slice(18), holder: 'h2', at: '2026-11-24T07:00:00Z', lines: [`stage/${k.slice(18)}/y/overdue-${n}`] }));
    const second = await s.claimCards(mine);
    const one2 = server.log.length;
    await s.updateCards(
      second.map((c) => ({ key: c!.key, holder: 'h2', version: c!.version, state: 'sent' as const, sentAt: '2026-11-24T07:00:05Z', announce: { register: 'digest', add: [...c!.lines], remove: [] } })),
    );
    const writes = server.log.slice(one2);
    expect(writes.filter((r) => !r.inBatch).map((r) => r.path)).toEqual(['/$batch']);
    expect(writes.filter((r) => r.inBatch).map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
    expect((await s.listAnnounced()).filter((r) => mine.some((m) => m.recipientId === r.recipientId)).every((r) => r.lines.length === 2)).toBe(true);
  });

  it('a sheet written meanwhile by another process is read again, and only that card loses', async () => {
    const a = await store();
    const b = await store();
    const key = (p: string) => `digest/2026-11-23/${p}`;
    // two recipients on the same sheet
    const first = 'p1';
    const other = Array.from({ length: 200 }, (_, i) => `q${i}`).find((p) => cardSheetOf(key(p)) === cardSheetOf(key(first)))!;
    const [mine] = await a.claimCards([{ key: key(first), recipientId: first, holder: 'ha', at: '2026-11-23T07:00:00Z', lines: [] }]);
    const [theirs] = await b.claimCards([{ key: key(other), recipientId: other, holder: 'hb', at: '2026-11-23T07:00:01Z', lines: [] }]);
    expect(theirs?.holder).toBe('hb');
    // a's view of the sheet is stale: its update meets a 412, reads again, and goes in
    const [posted] = await a.updateCards([{ key: key(first), holder: 'ha', version: mine!.version, state: 'posted', message: { conversationId: 'c', activityId: '1' } }]);
    expect(posted?.state).toBe('posted');
    expect(await a.updateCards([{ key: key(other), holder: 'ha', version: theirs!.version, state: 'sent' }])).toEqual([null]);
    expect((await b.listCards('digest/2026-11-23/')).map((c) => `${c.key} ${c.holder} ${c.state}`)).toEqual([`${key(first)} ha posted`, `${key(other)} hb claimed`].sort());
  });
});
