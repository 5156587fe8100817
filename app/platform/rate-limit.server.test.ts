import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../db/testing";
import { consume, delayAfter, peek, POLICIES, rateLimitPolicies, reset, type RateLimitPolicy } from "./rate-limit.server";

const policy: RateLimitPolicy = { free: 3, windowMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 8_000, blockAfter: 6, blockMs: 600_000 };
const at = (ms: number) => new Date(Date.UTC(2026, 10, 30, 8, 0, 0) + ms);

describe("back-off", () => {
  it("is free for the free attempts, then doubles up to the cap", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => delayAfter(policy, n))).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000]);
    // Twenty wrong passwords on one account end locked (issue 4).
    expect(POLICIES.signInAccount.blockAfter).toBe(20);
  });
});

describe("configured policies", () => {
  it("are the policies of decision 0010 unless configured; the lock-out itself is not configurable", () => {
    expect(rateLimitPolicies()).toEqual(POLICIES);
    const tiny = rateLimitPolicies({ signInBackoffBaseMs: 1_000, signInBackoffMaxMs: 2_000, signInIpFreeAttempts: 150, publicFormIpFreeAttempts: 500 });
    expect(tiny.signInAccount).toEqual({ ...POLICIES.signInAccount, baseDelayMs: 1_000, maxDelayMs: 2_000 });
    expect([5, 6, 7, 19].map((n) => delayAfter(tiny.signInAccount, n))).toEqual([1_000, 2_000, 2_000, 2_000]);
    expect(tiny.signInIp).toEqual({ ...POLICIES.signInIp, free: 150 });
    expect(tiny.publicFormIp).toEqual({ ...POLICIES.publicFormIp, free: 500 });
    expect(tiny.mailToAccount).toEqual(POLICIES.mailToAccount);
    expect(tiny.dossierTrackingIp).toEqual(POLICIES.dossierTrackingIp);
  });

  it("let a load test raise the tracking lookups of one address, the block following at five times the free ones", () => {
    expect(rateLimitPolicies({ dossierTrackingIpFreeAttempts: 20 }).dossierTrackingIp).toEqual(POLICIES.dossierTrackingIp);
    const bench = rateLimitPolicies({ dossierTrackingIpFreeAttempts: 1_000_000 }).dossierTrackingIp;
    expect(bench).toEqual({ ...POLICIES.dossierTrackingIp, free: 1_000_000, blockAfter: 5_000_000 });
    expect(delayAfter(bench, 999_999)).toBe(0);
    expect(delayAfter(bench, 1_000_000)).toBe(POLICIES.dossierTrackingIp.baseDelayMs);
    // Fewer free lookups than decided: the block stays at 100.
    expect(rateLimitPolicies({ dossierTrackingIpFreeAttempts: 5 }).dossierTrackingIp.blockAfter).toBe(100);
  });
});

describe.each(engines)("rate limits on %s", (engine) => {
  it("slows, then blocks, and forgets after reset", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const key = "signin:account:test";
      for (let i = 0; i < 3; i++) expect(await consume(db, key, policy, at(i))).toMatchObject({ allowed: true, count: i + 1 });
      // The fourth comes too soon: wait a second.
      const slowed = await consume(db, key, policy, at(10));
      expect(slowed).toMatchObject({ allowed: false, blocked: false });
      expect(slowed.allowed ? 0 : slowed.retryAfterMs).toBeGreaterThan(900);
      let t = 1_100;
      for (const wait of [1_000, 2_000, 4_000]) {
        t += wait + 10;
        expect((await consume(db, key, policy, at(t))).allowed).toBe(true);
      }
      // The sixth attempt reached blockAfter: blocked for ten minutes, whatever the wait.
      const blocked = await consume(db, key, policy, at(t + 20_000));
      expect(blocked).toMatchObject({ allowed: false, blocked: true });
      expect(await peek(db, key, policy, at(t + 20_000))).toMatchObject({ allowed: false, blocked: true });
      expect((await peek(db, key, policy, at(t + 700_000))).allowed).toBe(true);
      await reset(db, key);
      expect(await peek(db, key, policy, at(t))).toEqual({ allowed: true, count: 0 });
    } finally {
      await close();
    }
  });

  it("counts concurrent attempts exactly (several server processes share the table)", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const wide: RateLimitPolicy = { free: 100, windowMs: 60_000, baseDelayMs: 1, maxDelayMs: 1 };
      await Promise.all(Array.from({ length: 20 }, () => consume(db, "k", wide, at(0))));
      expect(await peek(db, "k", wide, at(1))).toEqual({ allowed: true, count: 20 });
    } finally {
      await close();
    }
  });

  it("forgets attempts after a quiet window", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      for (let i = 0; i < 3; i++) await consume(db, "w", policy, at(i));
      expect(await consume(db, "w", policy, at(59_000))).toMatchObject({ allowed: true, count: 4 });
      expect(await consume(db, "w", policy, at(59_000 + 60_000))).toEqual({ allowed: true, count: 1 });
    } finally {
      await close();
    }
  });
});
