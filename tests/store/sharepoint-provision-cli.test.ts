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
  expect(first.out).toContain('created list SendOversight_AccessLog');
  expect(first.out).toContain('15 lists created');
  expect(server.listCount()).toBe(15);
  const second = await run(['--site', server.siteId], env);
  expect(second).toEqual({ code: 0, out: 'nothing to do: all 15 lists and their columns are in place\n', err: '' });
  expect(server.listCount()).toBe(15);
});

it('without a site id it is a usage error naming --site', async () => {
  const r = await run([], { SEND_GRAPH_BASE_URL: server.baseUrl, SEND_GRAPH_TOKEN: server.token });
  expect(r.code).toBe(2);
  expect(r.err).toContain('--site');
});

it('without credentials: one line naming the variable to set, exit 2, no stack trace', async () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{}, 'SEND_SP_TENANT_ID is not set (needed for SEND_STORE=sharepoint)'],
    [{ SEND_SP_TENANT_ID: 't' }, 'SEND_SP_CLIENT_ID is not set (needed for SEND_STORE=sharepoint)'],
    [{ SEND_SP_TENANT_ID: 't', SEND_SP_CLIENT_ID: 'c' }, 'SEND_SP_CLIENT_SECRET is not set, nor SEND_SP_CERT_THUMBPRINT with SEND_SP_CERT_KEY_FILE (SEND_STORE=sharepoint needs one credential)'],
    [{ SEND_SP_TENANT_ID: 't', SEND_SP_CLIENT_ID: 'c', SEND_SP_CERT_THUMBPRINT: 'ab' }, 'SEND_SP_CERT_KEY_FILE is not set (needed for SEND_STORE=sharepoint)'],
  ];
  for (const [env, message] of cases) {
    expect(await run(['--site', server.siteId], env)).toEqual({ code: 2, out: '', err: `send-oversight provision: ${message}\n` });
  }
  expect(server.listCount()).toBe(0);
});
