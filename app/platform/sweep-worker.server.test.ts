import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SweepReport } from "../domain/dossiers/sweep.server";
import type { Logger } from "./logger.server";
import { startSweepWorker } from "./sweep-worker.server";

const EMPTY: SweepReport = { warned: 0, flaggedOverdue: 0, apologyPrompts: 0, supplementsExpired: 0, unaddressed: 0, failures: [] };

function recordingLogger() {
  const lines: [string, string, Record<string, unknown> | undefined][] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push([level, msg, fields]);
  const logger: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { logger, lines };
}

describe("the sweep worker", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sweeps every interval with the clock's time, logs only what it did, and stops", async () => {
    const { logger, lines } = recordingLogger();
    const calls: Date[] = [];
    const sweep = vi.fn(async (now: Date) => {
      calls.push(now);
      return calls.length === 2 ? { ...EMPTY, warned: 2, failures: [{ kind: "warn" as const, id: "s1", message: "boom" }] } : EMPTY;
    });
    const stop = startSweepWorker(sweep, logger, { intervalMs: 60_000 });

    await vi.advanceTimersByTimeAsync(59_999);
    expect(sweep).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(sweep).toHaveBeenCalledTimes(1);
    expect(calls[0]!.getTime()).toBe(Date.now());
    expect(lines).toEqual([]); // nothing done, nothing logged

    await vi.advanceTimersByTimeAsync(60_000);
    expect(sweep).toHaveBeenCalledTimes(2);
    expect(lines).toEqual([
      ["info", "sweep", { warned: 2, flaggedOverdue: 0, apologyPrompts: 0, supplementsExpired: 0, unaddressed: 0 }],
      ["warn", "sweep item left for the next pass", { kind: "warn", id: "s1", message: "boom" }],
    ]);

    await stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(sweep).toHaveBeenCalledTimes(2);
  });

  it("never overlaps a slow sweep, keeps going after a failure, and stop waits for the sweep in progress", async () => {
    const { logger, lines } = recordingLogger();
    let release: (() => void) | undefined;
    let finished = 0;
    let calls = 0;
    const sweep = vi.fn(async () => {
      calls += 1;
      if (calls === 1) throw new Error("database unavailable");
      await new Promise<void>((resolve) => (release = resolve));
      finished += 1;
      return EMPTY;
    });
    const stop = startSweepWorker(sweep, logger, { intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(lines.map(([level, msg]) => [level, msg])).toEqual([["error", "sweep failed"]]);

    await vi.advanceTimersByTimeAsync(1000);
    expect(sweep).toHaveBeenCalledTimes(2);
    // Still running: no second round starts, however long it takes.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sweep).toHaveBeenCalledTimes(2);

    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release!();
    await stopping;
    expect(finished).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sweep).toHaveBeenCalledTimes(2);
  });
});
