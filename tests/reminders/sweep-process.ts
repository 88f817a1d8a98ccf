// A sweep in its own process (for tests/reminders/cross-process.test.ts): the store at argv[2], the
// clock at argv[3] (ms), sends appended as JSON lines to argv[4]. With argv[5] = "crash", the process
// dies (exit 137, like SIGKILL) at its first send: after the claim, before the card went out.
import { appendFileSync } from 'node:fs';
import { createLogger } from '../../src/services/log.js';
import type { Messenger } from '../../src/services/messenger.js';
import { SendLimiter } from '../../src/services/reminders/limiter.js';
import { runSweep } from '../../src/services/reminders/sweep.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

const [, , dbPath, clockText, logPath, mode] = process.argv;
const now = Number(clockText);
const store = openSqliteStore(dbPath!);
const messenger: Messenger = {
  async sendToPerson(personId, card) {
    if (mode === 'crash') process.exit(137);
    await new Promise((r) => setTimeout(r, 1 + Math.floor(Math.random() * 3)));
    const title = String((card as { body: Array<{ text?: string }> }).body[0]!.text);
    appendFileSync(logPath!, JSON.stringify({ pid: process.pid, personId, manager: title.startsWith('Your team') }) + '\n');
    return { conversationId: personId, activityId: 'x' };
  },
  async sendToChannel() {
    throw new Error('not used');
  },
  async updateCard() {},
};
const report = await runSweep(
  { store, messenger, clock: () => now, logger: createLogger({ level: 'error' }), env: {} },
  { limiter: new SendLimiter({ perSecond: 100_000, perConversationPerSecond: 100_000 }) },
);
process.stdout.write(JSON.stringify(report.counts) + '\n');
await store.close();
