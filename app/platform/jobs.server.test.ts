import { describe, expect, it } from "vitest";
import { backgroundSweepOf } from "./jobs.server";

describe("backgroundSweepOf", () => {
  it("takes the sweep the server build's entry exports, and says so when an old build has none", () => {
    const run = async () => ({ warned: 0, flaggedOverdue: 0, apologyPrompts: 0, supplementsExpired: 0, unaddressed: 0, failures: [] });
    expect(backgroundSweepOf({ entry: { module: { runBackgroundSweep: run } as never } })).toBe(run);
    expect(() => backgroundSweepOf({ entry: { module: {} as never } })).toThrow(/runBackgroundSweep .*npm run build/);
  });
});
