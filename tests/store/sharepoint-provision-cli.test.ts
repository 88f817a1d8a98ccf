// `send-oversight provision --site SITE_ID` against the Graph test server: creates the lists, and a
// second run changes nothing and says so.
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { startGraphServer, type GraphTestServer } from '../support/graph-server/server.js';
import { command } from '../../src/cli/commands/provision.js';
import type { CliIo } from '../../src/cli/io.js';

let server: GraphTestServer;
beforeEach(async () => {
  server = await startGraphServer();
});
afterEach(async () => {
  await server.close();
});

async function run(argv: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env, clock: () => Date.parse('2026-11-23T07:00:00Z'), cwd: process.cwd() };
  const code = await command.run(argv, io);
  return { code, out, err };
}

it('creates the lists, then says there is nothing to do', async () => {
  const env = { SEND_GRAPH_BASE_URL: server.baseUrl, SEND_GRAPH_TOKEN: server.token };
  const first = await run(['--site', server.siteId], env);
  expect(first.code).toBe(0);
  expect(first.out).toContain('created list SendOversight_Cases');
  expect(first.out).toContain('12 lists created');
  expect(server.listCount()).toBe(12);
  const second = await run(['--site', server.siteId], env);
  expect(second).toEqual({ code: 0, out: 'nothing to do: all 12 lists and their columns are in place\n', err: '' });
  expect(server.listCount()).toBe(12);
});

it('without a site id it is a usage error naming --site', async () => {
  const r = await run([], { SEND_GRAPH_BASE_URL: server.baseUrl, SEND_GRAPH_TOKEN: server.token });
  expect(r.code).toBe(2);
  expect(r.err).toContain('--site');
});
