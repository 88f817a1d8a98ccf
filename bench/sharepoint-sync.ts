// Incremental sync after 100 changed cases in a 20,000-case SharePoint store (Graph test server):
// Graph requests and the resource units they imply.   npx tsx bench/sharepoint-sync.ts [CASES] [CHANGED]
import { generateDemo } from '../src/domain/demo.js';
import { createSharePointStore } from '../src/store/sharepoint/index.js';
import { staticTokenProvider } from '../src/store/graph/auth.js';
import { startGraphServer } from '../tests/support/graph-server/server.js';
import { printSummary } from './sharepoint-figures.js';

const cases = Number(process.argv[2] ?? 20000);
const changed = Number(process.argv[3] ?? 100);
const server = await startGraphServer();
try {
  const store = await createSharePointStore({ siteId: server.siteId, baseUrl: server.baseUrl, authProvider: staticTokenProvider(server.token), provision: true });
  const file = generateDemo({ cases, seed: 1, today: '2026-11-23' });
  await store.importCaseFile(file);
  let at = server.log.length;
  const first = await store.changesSince(null);
  printSummary(`initial full sync (${first.changes.length} changes listed)`, server.log.slice(at));
  for (const c of file.cases.slice(0, changed)) {
    const got = (await store.getCase(c.id))!;
    await store.updateCase(c.id, got.version, { setting: 'Changed for the bench' });
  }
  at = server.log.length;
  const t0 = performance.now();
  const next = await store.changesSince(first.token);
  const ms = performance.now() - t0;
  const caseChanges = next.changes.filter((c) => c.entity === 'case').length;
  console.log(`incremental sync after ${changed} changed cases in a ${cases}-case store: ${caseChanges} case changes listed in ${ms.toFixed(0)} ms`);
  printSummary('incremental sync', server.log.slice(at));
} finally {
  await server.close();
}
