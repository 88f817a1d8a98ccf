// Child process of audits-faults.test.ts: runs the audit programme for a month on a SQLite file and dies
// at the CRASH_AFTER-th write to the store (kill -9, or SIGTERM with CRASH_SIGNAL=SIGTERM), just before
// that write is made. Writes counted: claimCards, addAudits, updateAudit, updateCards.
import { DORSET_PROGRAMME } from '../../src/domain/audits/programme.js';
import { runAuditPlan } from '../../src/services/audits/plan.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

const WRITES = new Set(['claimCards', 'addAudits', 'updateAudit', 'updateCards']);
const after = Number(process.env.CRASH_AFTER ?? 'Infinity');
const signal = (process.env.CRASH_SIGNAL ?? 'SIGKILL') as NodeJS.Signals;
const real = openSqliteStore(process.env.CRASH_DB!);
let writes = 0;
const store = new Proxy(real, {
  get(target, name, receiver) {
    const value: unknown = Reflect.get(target, name, receiver);
    if (typeof value !== 'function') return value;
    return (...args: unknown[]) => {
      if (typeof name === 'string' && WRITES.has(name)) {
        if (writes === after) {
          process.stdout.write(`dying before write ${writes} (${name})\n`);
          process.kill(process.pid, signal);
          // SIGTERM: nothing in this script handles it, so the process ends; never reach the write.
          return new Promise(() => undefined);
        }
        writes += 1;
      }
      return (value as (...a: unknown[]) => unknown).apply(target, args);
    };
  },
});

const report = await runAuditPlan({ store, programme: DORSET_PROGRAMME }, { on: process.env.CRASH_ON! });
await real.close();
process.stdout.write(`done: ${report.status}, ${writes} writes\n`);
