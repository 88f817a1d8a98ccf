// Issue 11, finding 5: with no bot credentials (local runs with the Agents Playground), the bot
// answers only activities whose serviceUrl is a loopback address (anything else, or none, is refused
// with 400 and nothing is sent anywhere), and a channel that does not answer costs a few seconds, not 12.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { AAD } from '../bot/support.js';
import { isLoopbackUrl } from '../../src/server/activity.js';
import { fakeConnector, post, startBotApp, teamsMessage, type FakeConnector, type RunningBotApp } from './support.js';

const ALEX = { id: '29:alex', aadObjectId: AAD.alex };

let app: RunningBotApp;
let connector: FakeConnector;
beforeAll(async () => {
  app = await startBotApp({});
  connector = await fakeConnector();
});
afterAll(async () => {
  await app.stop();
  await connector.stop();
});

describe('unauthenticated local mode', () => {
  it.each([
    ['the public Bot Framework host', 'https://smba.trafficmanager.net/uk/'],
    ['another machine', 'http://192.168.1.20:3978/'],
    ['a name that looks local', 'http://127.0.0.1.example.org/'],
    ['a non-http scheme', 'file:///etc/passwd'],
    ['userinfo before the host', 'http://127.0.0.1@evil.example.org/'],
  ])('refuses a serviceUrl of %s with 400 and sends nothing', async (_what, serviceUrl) => {
    const res = await post(`${app.url}/api/messages`, teamsMessage(serviceUrl, "what's due", { user: ALEX }));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatch(/serviceUrl/);
    expect(await app.store.listConversations()).toHaveLength(0);
  });

  it('refuses an activity with no serviceUrl (no fallback to the public host)', async () => {
    const activity = teamsMessage('x', "what's due", { user: ALEX });
    delete activity.serviceUrl;
    const res = await post(`${app.url}/api/messages`, activity);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatch(/serviceUrl/);
  });

  it('answers through a loopback connector', async () => {
    const before = connector.requests.length;
    const res = await post(`${app.url}/api/messages`, teamsMessage(connector.url, 'help', { user: ALEX }));
    expect(res.status).toBe(200);
    expect(connector.requests.length).toBe(before + 1);
  });

  it.each([
    ['http://127.0.0.1:56150/_connector', true],
    ['http://localhost:56150/', true],
    ['http://[::1]:56150/', true],
    ['https://127.0.0.1/', true],
    ['http://127.1.2.3:80/', true],
    ['https://smba.trafficmanager.net/uk/', false],
    ['http://127.0.0.1.example.org/', false],
    ['http://localhost.example.org/', false],
    ['http://127.0.0.1@evil.example.org/', false],
    ['ftp://127.0.0.1/', false],
    ['not a url', false],
  ])('counts %s as loopback: %s', (url, loopback) => {
    expect(isLoopbackUrl(url)).toBe(loopback);
  });

  it('gives up on a channel that accepts the connection but never answers within a few seconds', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s)); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const res = await post(`${app.url}/api/messages`, teamsMessage(`http://127.0.0.1:${port}/`, 'help', { user: ALEX }));
      // One send of at most 5 s (no apology is sent through a channel that just failed); botbuilder
      // alone waited for the socket as long as the far end kept it open.
      expect(res.ms).toBeLessThan(8_000);
      expect(app.logger.lines.join('\n')).toMatch(/timed out|TimeoutError|aborted/i);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  }, 30_000);

  it('gives up quickly on a closed port (no 11 s of retries)', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const res = await post(`${app.url}/api/messages`, teamsMessage(`http://127.0.0.1:${port}/`, 'help', { user: ALEX }));
    expect(res.ms).toBeLessThan(8_000);
  }, 30_000);
});
