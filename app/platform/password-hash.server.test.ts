import { hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { DUMMY_HASH, dummyVerify, hashPassword, needsRehash, PASSWORD_HASH_PARAMS, verifyPassword, verifyPasswordOrDummy } from "./password-hash.server";

const PHC = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;

describe("password hashing", () => {
  it("makes an Argon2id PHC string with m=19456 KiB, t=2, p=1, a 16-byte salt and a 32-byte hash", async () => {
    const h = await hashPassword("ruộng bậc thang");
    expect(h).toMatch(PHC);
    expect(PASSWORD_HASH_PARAMS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 });
  });

  it("salts: the same password hashes differently each time", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const h = await hashPassword("cột cờ Lũng Cú");
    expect(await verifyPassword(h, "cột cờ Lũng Cú")).toBe(true);
    expect(await verifyPassword(h, "cột cờ Lũng Cú ")).toBe(false);
    expect(await verifyPassword(h, "cot co Lung Cu")).toBe(false);
    expect(await verifyPassword(h, "CỘT CỜ LŨNG CÚ")).toBe(false);
    expect(await verifyPassword(h, "")).toBe(false);
  });

  it("normalises to NFC: composed and decomposed accents are the same password", async () => {
    const composed = "mật khẩu dài";
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(await hashPassword(decomposed), composed)).toBe(true);
  });

  it("answers false, without throwing, for malformed hashes", async () => {
    for (const bad of ["", "not a hash", "$argon2id$garbage", "$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234", DUMMY_HASH.slice(0, -10)]) {
      await expect(verifyPassword(bad, "password"), bad).resolves.toBe(false);
    }
  });

  it("has a dummy verification that is always false and costs about as much as a real one", async () => {
    expect(DUMMY_HASH).toMatch(PHC);
    expect(needsRehash(DUMMY_HASH)).toBe(false);
    expect(await dummyVerify()).toBe(false);
    expect(await verifyPasswordOrDummy(null, "x")).toBe(false);
    expect(await verifyPasswordOrDummy(undefined, "x")).toBe(false);
    const real = await hashPassword("the real one");
    expect(await verifyPasswordOrDummy(real, "the real one")).toBe(true);

    // The dummy hash has the real parameters (the cost is the parameters, not the clock)…
    const params = (phc: string) => phc.split("$")[3];
    expect(params(DUMMY_HASH)).toBe(params(real));
    // …and takes about as long. Samples are interleaved so that load on a shared machine hits all three alike.
    const samples: Record<"real" | "dummy" | "missing", number[]> = { real: [], dummy: [], missing: [] };
    const runs = { real: () => verifyPassword(real, "wrong guess"), dummy: () => dummyVerify("wrong guess"), missing: () => verifyPasswordOrDummy(null, "wrong guess") };
    for (let i = 0; i < 7; i++) {
      for (const key of ["real", "dummy", "missing"] as const) {
        const t = performance.now();
        await runs[key]();
        samples[key].push(performance.now() - t);
      }
    }
    // The fastest of each: a load spike on a shared machine only ever makes a run slower, never faster.
    const fastest = (xs: number[]) => Math.min(...xs);
    const tReal = fastest(samples.real);
    // Memory-hard, not a fast hash: argon2id with the parameters of decision 0010 (the cost is checked by its
    // parameters, not by the clock of a shared machine).
    expect(params(real)).toBe("m=19456,t=2,p=1");
    for (const t of [fastest(samples.dummy), fastest(samples.missing)]) {
      expect(t / tReal).toBeGreaterThan(0.3);
      expect(t / tReal).toBeLessThan(3);
    }
  });

  it("says when a hash needs rehashing", async () => {
    expect(needsRehash(await hashPassword("x"))).toBe(false);
    expect(needsRehash(await hash("x", { memoryCost: 4096, timeCost: 3, parallelism: 1 }))).toBe(true);
    expect(needsRehash(await hash("x", { ...PASSWORD_HASH_PARAMS, algorithm: 1 as never }))).toBe(true); // argon2i
    expect(needsRehash(await hash("x", { ...PASSWORD_HASH_PARAMS, timeCost: 1 }))).toBe(true);
    expect(needsRehash("not a hash")).toBe(true);
    expect(needsRehash("")).toBe(true);
  });
});
