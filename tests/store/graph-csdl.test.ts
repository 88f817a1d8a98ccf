// The SharePoint adapter cannot drift from real Graph: every request path it sent in a working session
// (recorded by the test server) and every property of the bodies it sends exists in the Graph v1.0
// metadata (tests/fixtures/reference/graph/graph-v1.0-csdl.xml, the part of it the store uses).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { checkPath, csdlPath, propertyType, readCsdl, type Csdl } from '../support/graph-server/csdl.js';
import { startGraphServer, type GraphTestServer } from '../support/graph-server/server.js';
import { createSharePointStore } from '../../src/store/sharepoint/index.js';
import { columnDefinition, LISTS } from '../../src/store/sharepoint/schema.js';
import { staticTokenProvider } from '../../src/store/graph/auth.js';
import { contractFixture } from './contract/fixture.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let csdl: Csdl;
let server: GraphTestServer;

beforeAll(async () => {
  csdl = readCsdl(csdlPath(REPO));
  server = await startGraphServer();
  // A working session touching every kind of request the adapter makes.
  const store = await createSharePointStore({ siteId: server.siteId, baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), provision: true });
  const file = contractFixture(40);
  await store.importCaseFile(file);
  const first = await store.changesSince(null);
  const c = (await store.queryCases({ status: 'open' }))[0]!;
  await store.updateCase(c.case.id, c.version, { setting: 'Elsewhere' });
  await store.addCaseNote(c.case.id, { eventAt: '2026-11-20T10:00:00Z', recordedAt: '2026-11-21T09:00:00Z', authorId: file.people[0]!.id, text: 'n' });
  const [claimed] = await store.claimCards([{ key: 'digest/2026-11-23/p1', recipientId: 'p1', holder: 'h', at: '2026-11-23T07:00:00Z', lines: ['stage/p1/x/overdue'] }]);
  await store.claimCards([{ key: 'digest/2026-11-23/p1', recipientId: 'p1', holder: 'h2', at: '2026-11-23T07:00:00Z', lines: [], replaces: { holder: 'h', version: claimed!.version } }]);
  await store.updateCards([
    { key: 'digest/2026-11-23/p1', holder: 'h2', version: '0', state: 'sent', sentAt: '2026-11-23T07:01:00Z', announce: { register: 'digest', add: ['stage/p1/x/overdue'], remove: [] } },
  ]);
  await store.listCards('digest/2026-11-23/');
  await store.listUnsettledCards();
  await store.listAnnounced();
  await store.listSnoozeRecords('2026-11-01');
  await store.putSetting('a', { b: 1 });
  await store.snoozeReminder('p1', 'x', '2026-12-01');
  await store.saveConversation({ id: 'a:1', scope: 'personal', personId: 'p1', aadObjectId: null, teamId: null, channelId: null, reference: {}, updatedAt: '2026-11-23T07:00:00Z' });
  await store.removeConversation('a:1');
  await store.importCaseFile(contractFixture(12, 99));
  await store.changesSince(first.token);
  // and a second provision run, which reads the columns
  await createSharePointStore({ siteId: server.siteId, baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), provision: true });
}, 60_000);

afterAll(async () => {
  await server.close();
});

describe('the Graph v1.0 metadata', () => {
  it('has every path the adapter requested (with keys in place of ids)', () => {
    const templates = new Set<string>();
    for (const r of server.log) {
      if (r.path === '/$batch') continue; // JSON batching is an endpoint of the service root, not in $metadata
      templates.add(
        r.path
          .replace(/\/sites\/[^/]+/, '/sites/{site-id}')
          .replace(/\/lists\/[^/]+/, '/lists/{list-id}')
          .replace(/\/items\/\d+/, '/items/{item-id}'),
      );
    }
    expect([...templates].sort()).toEqual([
      '/sites/{site-id}/lists',
      '/sites/{site-id}/lists/{list-id}/columns',
      '/sites/{site-id}/lists/{list-id}/items',
      '/sites/{site-id}/lists/{list-id}/items/delta',
      '/sites/{site-id}/lists/{list-id}/items/{item-id}',
      '/sites/{site-id}/lists/{list-id}/items/{item-id}/fields',
    ]);
    for (const t of templates) expect(checkPath(csdl, t)).toBeNull();
    expect(server.log.some((r) => r.path === '/$batch')).toBe(true);
  });

  it('rejects a path that is not in Graph (the check has teeth)', () => {
    expect(checkPath(csdl, '/sites/{site-id}/lists/{list-id}/rows')).toMatch(/no navigation property rows/);
  });

  it('has every columnDefinition property and type facet property the provisioning sends', () => {
    for (const list of LISTS) {
      for (const col of list.columns) {
        const def = columnDefinition(col);
        for (const [key, value] of Object.entries(def)) {
          const type = propertyType(csdl, 'columnDefinition', key);
          expect([key, type]).toEqual([key, expect.any(String)]);
          if (value !== null && typeof value === 'object') {
            const facet = type!.replace(/^graph\./, '');
            for (const inner of Object.keys(value)) expect([facet, inner, propertyType(csdl, facet, inner)]).toEqual([facet, inner, expect.any(String)]);
          }
        }
      }
    }
    expect(propertyType(csdl, 'columnDefinition', 'indexed')).toBe('Edm.Boolean');
    expect(propertyType(csdl, 'columnDefinition', 'enforceUniqueValues')).toBe('Edm.Boolean');
  });

  it('has the list and listItem properties the adapter sends and reads', () => {
    for (const key of ['displayName', 'columns', 'list']) expect([key, propertyType(csdl, 'list', key)]).toEqual([key, expect.any(String)]);
    expect(propertyType(csdl, 'listInfo', 'template')).toBe('Edm.String');
    for (const key of ['fields', 'eTag', 'lastModifiedDateTime', 'deleted', 'id']) expect([key, propertyType(csdl, 'listItem', key)]).toEqual([key, expect.any(String)]);
    expect(propertyType(csdl, 'deleted', 'state')).toBe('Edm.String');
  });
});
