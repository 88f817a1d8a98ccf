#!/usr/bin/env node
// npm run playground: the SEND Oversight server and the Microsoft 365 Agents Playground (a local Teams
// client), both on 127.0.0.1 only. Open http://127.0.0.1:56150/ and chat as Alex Wilber (a
// caseworker in the demo data): "what's due", "my cases", "note C-…", "help".
//   PORT             the server's port (default 3978)
//   PLAYGROUND_PORT  the playground's port (default 56150)
//   SEND_DB_PATH     the SQLite store (default ./data/send-oversight.db; demo data is loaded if empty)
//   TEAMSAPPTESTER_BROWSER=none  do not open a browser
// Bot credentials (MicrosoftAppId, ...) are removed from the server's environment: the playground
// talks to an unauthenticated local bot, which the server says loudly in its log.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '3978';
const playgroundPort = process.env.PLAYGROUND_PORT ?? '56150';
const loopback = path.join(root, 'scripts', 'loopback.cjs');
const cli = path.join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

const serverEnv = { ...process.env, PORT: port, HOST: '127.0.0.1' };
for (const key of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'CertificateThumbprint', 'CertificatePrivateKey']) delete serverEnv[key];

const children = [];
let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
function start(name, args, env) {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${name} stopped (${signal ?? code}); stopping the playground run\n`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url, seconds) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

start('server', ['-r', loopback, '--import', 'tsx', path.join('src', 'server', 'main.ts'), '--demo'], serverEnv);
try {
  await waitFor(`http://127.0.0.1:${port}/healthz`, 120);
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  stop(1);
}
if (!stopping) {
  start(
    'playground',
    ['-r', loopback, cli, '-e', `http://127.0.0.1:${port}/api/messages`, '-c', 'msteams', '-p', playgroundPort, '--su', `http://127.0.0.1:${playgroundPort}/_connector`, '--dt'],
    process.env,
  );
  await waitFor(`http://127.0.0.1:${playgroundPort}/_internal/v1/config`, 60).then(
    () => process.stdout.write(`\nAgents Playground: http://127.0.0.1:${playgroundPort}/  (you are Alex Wilber; try "what's due")\n\n`),
    (e) => {
      process.stderr.write(`${e.message}\n`);
      stop(1);
    },
  );
}
