// Import of a demo case file into the SharePoint store, against the Graph test server (127.0.0.1):
// wall time and Graph requests by kind.   npx tsx bench/sharepoint-import.ts [CASES]   (default 20000)
import { generateDemo } from '../src/domain/demo.js';
import { createSharePointStore } from '../src/store/sharepoint/index.js';
import { staticTokenProvider } from '../src/store/graph/auth.js';
import { startGraphServer } from '../tests/support/graph-server/server.js';
import { printSummary } from './sharepoint-figures.js';

const cases = Number(process.argv[2] ?? 20000);
const server = await startGraphServer();
try {
  const store = await createSharePointStore({ siteId: server.siteId, baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), provision: true });
  const file = generateDemo({ cases, seed: 1, today: '2026-11-23' });
  const records = file.people.length + file.meetingSeries.length + file.cases.length + file.supervisions.length + file.nominations.length + file.selections.length + file.actions.length;
  console.log(`demo file: ${file.cases.length} cases, ${file.people.length} people, ${records} records in all`);
  const start = server.log.length;
  const t0 = performance.now();
  await store.importCaseFile(file);
  const ms = performance.now() - t0;
  console.log(`import into an empty store: ${(ms / 1000).toFixed(1)} s (Graph test server in the same process, no network latency)`);
  printSummary('import', server.log.slice(start));
  const t1 = performance.now();
  const again = server.log.length;
  await store.importCaseFile(file);
  console.log(`re-import over the same content (new generation, old one deleted): ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  printSummary('re-import', server.log.slice(again));
} finally {
  await server.close();
}
