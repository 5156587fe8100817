// Runs the back office's sweep (app/domain/dossiers/sweep.server.ts) on a timer: in the server (SWEEP_INTERVAL_MS)
// and in the separate worker (`npm run jobs`). Like the outbox workers (interval-worker.server.ts): the timer does not
// keep the process alive, a round never overlaps the previous one, and the stop function waits for the round in
// progress. Two processes sweeping at once is safe (the sweep's marks are conditional updates).
import { sweepDidSomething, type SweepReport } from "../domain/dossiers/sweep.server";
import { startIntervalWorker } from "./interval-worker.server";
import type { Logger } from "./logger.server";

export interface SweepWorkerOptions {
  /** Time between the end of one sweep and the start of the next. */
  intervalMs: number;
  /** The clock (tests). */
  now?: () => Date;
}

/** Log what a sweep did (nothing when it did nothing). */
export function logSweepReport(logger: Logger, report: SweepReport): void {
  if (!sweepDidSomething(report)) return;
  const { failures, ...counts } = report;
  logger.info("sweep", counts);
  for (const failure of failures) logger.warn("sweep item left for the next pass", { ...failure });
}

/** Sweep every intervalMs, the first time one interval after the start. Returns a stop function. */
export function startSweepWorker(sweep: (now: Date) => Promise<SweepReport>, logger: Logger, options: SweepWorkerOptions): () => Promise<void> {
  const clock = options.now ?? (() => new Date());
  return startIntervalWorker(async () => {
    try {
      logSweepReport(logger, await sweep(clock()));
    } catch (error) {
      logger.error("sweep failed", { err: error });
    }
  }, options.intervalMs);
}
