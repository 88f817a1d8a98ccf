// A child process for the cross-process ledger test: opens the store the environment names
// (openStore(process.env), the same factory the server uses), says "ready", waits for "go" on stdin
// (so that every child claims at the same moment), claims CLAIM_COUNT keys CLAIM_PREFIX0..N-1 and
// prints the keys it won as one JSON line. Claims go 20 at a time (claimCards), as the sweep sends them.
import { openStore } from '../../../src/store/index.js';

const prefix = process.env.CLAIM_PREFIX ?? 'k';
const count = Number(process.env.CLAIM_COUNT ?? '200');
const who = process.env.CLAIM_WHO ?? String(process.pid);

const store = await openStore(process.env);
process.stdout.write('ready\n');
await new Promise<void>((resolve) => {
  process.stdin.on('data', (chunk) => {
    if (String(chunk).includes('go')) resolve();
  });
});
process.stdin.pause();
const won: string[] = [];
// Odd children go upwards, even ones downwards, so that they meet in the middle as well as race at the ends.
const order = [...Array(count).keys()];
if (Number(who) % 2 === 0) order.reverse();
const at = new Date(Date.UTC(2026, 10, 23, 7, 0, 0)).toISOString();
for (let i = 0; i < order.length; i += 20) {
  const keys = order.slice(i, i + 20).map((n) => `${prefix}${n}`);
  const results = await store.claimCards(keys.map((key) => ({ key, recipientId: `person-${who}`, holder: `holder-${who}`, at, lines: [] })));
  results.forEach((r, j) => {
    if (r !== null) won.push(keys[j]!);
  });
}
await store.close();
process.stdout.write(JSON.stringify({ who, won }) + '\n');
