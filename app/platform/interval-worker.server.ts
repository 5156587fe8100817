// A job repeated on a timer, as the outbox workers (outbox.server.ts) and the sweep (sweep-worker.server.ts) run: the
// first round one interval after the start, each next one an interval after the previous ended (rounds never
// overlap), a timer that does not keep the process alive, and a stop function that waits for the round in progress.

/**
 * Run `round` every intervalMs until stopped. `round` must not throw (it logs its own failures); it may ask `stopped()`
 * to end a long round early. Returns the stop function.
 */
export function startIntervalWorker(round: (stopped: () => boolean) => Promise<void>, intervalMs: number): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round(() => stopped).finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
