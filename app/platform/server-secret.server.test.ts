import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../db/testing";
import { ConfigError, loadEnv } from "./env.server";
import { seal, open } from "./secret-box.server";
import { cookieSecrets, loadServerSecrets, sealingKeys } from "./server-secret.server";
import { createDatabaseSessionStorage } from "./session.server";

const OLD = "o".repeat(40);
const NEW = "n".repeat(40);

describe("server secrets", () => {
  it("takes SESSION_SECRET and the previous ones (deduplicated, never the current one again)", async () => {
    const env = loadEnv({ SESSION_SECRET: NEW, SESSION_SECRET_PREVIOUS: ` ${OLD} ,${NEW},${OLD},` });
    expect(env.SESSION_SECRET_PREVIOUS).toEqual([OLD, NEW, OLD]);
    const secrets = await loadServerSecrets(env, { create: false });
    expect(secrets).toEqual({ current: NEW, previous: [OLD] });
    expect(cookieSecrets(secrets)).toEqual([NEW, OLD]);
    expect(sealingKeys(secrets).previous).toHaveLength(1);
  });

  it("generates a secret into the data directory for the server, and refuses to for the command line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "secrets-"));
    try {
      const env = loadEnv({ DATA_DIR: dir });
      await expect(loadServerSecrets(env, { create: false })).rejects.toThrow(ConfigError);
      const made = await loadServerSecrets(env, { create: true });
      expect(made.current.length).toBeGreaterThanOrEqual(32);
      expect((await readFile(join(dir, "session-secret"), "utf8")).trim()).toBe(made.current);
      expect(await loadServerSecrets(env, { create: false })).toEqual(made);
      // Moving from the generated secret to SESSION_SECRET: the generated one goes into the previous ones.
      const moved = await loadServerSecrets(loadEnv({ DATA_DIR: dir, SESSION_SECRET: NEW, SESSION_SECRET_PREVIOUS: made.current }), { create: false });
      expect(moved).toEqual({ current: NEW, previous: [made.current] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a previous secret shorter than 32 characters, naming the variable", () => {
    expect(() => loadEnv({ SESSION_SECRET: NEW, SESSION_SECRET_PREVIOUS: `${OLD},short` })).toThrow(/^SESSION_SECRET_PREVIOUS must list earlier secrets/);
    expect(loadEnv({ SESSION_SECRET_PREVIOUS: " , " }).SESSION_SECRET_PREVIOUS).toEqual([]);
  });

  it("opens what the old secret sealed after rotation, and seals under the new one", async () => {
    const before = sealingKeys(await loadServerSecrets(loadEnv({ SESSION_SECRET: OLD }), { create: false }));
    const after = sealingKeys(await loadServerSecrets(loadEnv({ SESSION_SECRET: NEW, SESSION_SECRET_PREVIOUS: OLD }), { create: false }));
    const sealed = seal(before, "JBSWY3DPEHPK3PXP");
    expect(open(after, sealed)).toBe("JBSWY3DPEHPK3PXP");
    expect(open(before, seal(after, "x"))).toBeNull();
  });
});

describe.each(engines)("session cookies across a rotation on %s", (engine) => {
  it("keeps a visitor signed in whose cookie was signed with the previous secret; a dropped secret signs them out", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const before = createDatabaseSessionStorage(db, { secrets: cookieSecrets({ current: OLD, previous: [] }), secure: false });
      const session = await before.getSession();
      session.set("userId", "citizen-1");
      const cookie = (await before.commitSession(session)).split(";")[0]!;

      const after = createDatabaseSessionStorage(db, { secrets: cookieSecrets({ current: NEW, previous: [OLD] }), secure: false });
      const again = await after.getSession(cookie);
      expect(again.get("userId")).toBe("citizen-1");
      // The next cookie is signed with the new secret (it opens without the old one).
      const renewed = (await after.commitSession(again)).split(";")[0]!;
      expect(renewed).not.toBe(cookie);
      const withoutOld = createDatabaseSessionStorage(db, { secrets: cookieSecrets({ current: NEW, previous: [] }), secure: false });
      expect((await withoutOld.getSession(renewed)).get("userId")).toBe("citizen-1");
      expect((await withoutOld.getSession(cookie)).get("userId")).toBeUndefined();
    } finally {
      await close();
    }
  });
});
