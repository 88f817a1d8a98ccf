// The shared CaseStore contract against the SharePoint adapter, over HTTP to the Graph test server
// (tests/support/graph-server): the real Graph client, nothing mocked in-process.
import { runCaseStoreContract } from './contract/contract.js';
import { runAccessLogContract } from './contract/access-log.js';
import { LISTS, DEFAULT_LIST_PREFIX } from '../../src/store/sharepoint/schema.js';
import { runAuditContract } from './contract/audits.js';
import { startGraphServer, type GraphTestServer } from '../support/graph-server/server.js';
import { createSharePointStore } from '../../src/store/sharepoint/index.js';
import { staticTokenProvider } from '../../src/store/graph/auth.js';
import type { CaseStore } from '../../src/store/port.js';

interface Made {
  store: CaseStore;
  server: GraphTestServer;
  cleanup: () => Promise<void>;
}

runCaseStoreContract<Made>(
  'sharepoint (Graph test server)',
  async () => {
    const server = await startGraphServer();
    const store = await createSharePointStore({ siteId: server.siteId, baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), provision: true });
    return {
      store,
      server,
      cleanup: async () => {
        await store.close();
        await server.close();
      },
    };
  },
  {
    fixtureCases: 40,
    // child processes open the same store through src/store/index.ts (SEND_STORE=sharepoint), talking
    // to this process's test server over HTTP
    processFactory: (made) => ({
      SEND_STORE: 'sharepoint',
      SEND_SP_SITE_ID: made.server.siteId,
      SEND_GRAPH_BASE_URL: made.server.baseUrl,
      SEND_GRAPH_TOKEN: made.server.token,
    }),
  },
);

// The access record and destruction (issue 16): every item of every list on the test server.
runAccessLogContract<Made>(
  'sharepoint (Graph test server)',
  async () => {
    const server = await startGraphServer();
    const store = await createSharePointStore({ siteId: server.siteId, baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), provision: true });
    return {
      store,
      server,
      cleanup: async () => {
        await store.close();
        await server.close();
      },
    };
  },
  {
    traces: async (made) => LISTS.map((l) => JSON.stringify(made.server.itemsOf(DEFAULT_LIST_PREFIX + l.name))).join('\n'),
    copiesOfDestructionEntry: 3,
  },
);

runAuditContract(
  'sharepoint (Graph test server)',
  async () => {
    const server = await startGraphServer();
    const store = await createSharePointStore({ siteId: server.siteId, baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), provision: true });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await server.close();
      },
    };
  },
  { fixtureCases: 40 },
);
