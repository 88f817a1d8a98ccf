// Stopping a process that sends cards without losing or repeating any (SIGTERM on a deploy, a restart
// or a scale-in; App Service gives 30 seconds before it kills the process).
//
// Every job that claims and posts cards (the reminder sweep, the agenda poster) runs through
// `track`, with the shutdown's AbortSignal. `stop(grace)` aborts the signal, so the jobs claim nothing
// new, finish the cards they are posting and give back (release) the ones they claimed and had not
// started; it waits for them up to the grace period. A job still running after that (a Teams call that
// hangs) is left: its claims are taken over by the next run, as after a crash.
//
// What must be written before the store closes (the access log's queue, issue 16) registers with
// `onClose`; the server calls `close()` after its last request has been answered, before it closes
// the store.

/** How long a stopping server waits for its jobs (SHUTDOWN_GRACE_SECONDS, default 25: inside App
 * Service's 30 seconds, with time left to close the store). */
export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 25;

export class ShutdownConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShutdownConfigError';
  }
}

export function shutdownGraceMs(env: Readonly<Record<string, string | undefined>>): number {
  const text = env.SHUTDOWN_GRACE_SECONDS?.trim();
  if (text === undefined || text === '') return DEFAULT_SHUTDOWN_GRACE_SECONDS * 1000;
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) > 600) {
    throw new ShutdownConfigError(`SHUTDOWN_GRACE_SECONDS must be a number of seconds from 0 to 600, got ${JSON.stringify(text)}`);
  }
  return Math.round(Number(text) * 1000);
}

export class StoppingError extends Error {
  constructor() {
    super('the server is shutting down: no new job is started');
    this.name = 'StoppingError';
  }
}

export interface StopResult {
  /** Every job finished within the grace period. */
  readonly finished: boolean;
  /** Jobs still running when the grace period ended. */
  readonly running: number;
  readonly waitedMs: number;
}

export class Shutdown {
  private readonly controller = new AbortController();
  private readonly running = new Set<Promise<unknown>>();
  private readonly closers: Array<{ readonly name: string; readonly close: () => Promise<void> }> = [];

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopping(): boolean {
    return this.controller.signal.aborted;
  }

  /** Run a job that posts cards; it must watch the signal. Refused (StoppingError) once stopping. */
  track<T>(job: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.stopping) return Promise.reject(new StoppingError());
    const run = job(this.controller.signal);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return run;
  }

  /** Something to finish after the last request and before the store closes (in the order registered). */
  onClose(name: string, close: () => Promise<void>): void {
    this.closers.push({ name, close });
  }

  /** Run the registered closers; returns the names of those that failed (each has logged why). */
  async close(): Promise<string[]> {
    const failed: string[] = [];
    for (const c of this.closers.splice(0)) {
      try {
        await c.close();
      } catch {
        failed.push(c.name);
      }
    }
    return failed;
  }

  /** Abort the signal, then wait for the running jobs, at most `graceMs`. */
  async stop(graceMs: number, now: () => number = Date.now): Promise<StopResult> {
    const started = now();
    this.controller.abort();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const all = Promise.all([...this.running]).then(() => 'done' as const);
    const outcome = await Promise.race([all, timeout]);
    clearTimeout(timer);
    return { finished: outcome === 'done', running: outcome === 'done' ? 0 : this.running.size, waitedMs: now() - started };
  }
}
