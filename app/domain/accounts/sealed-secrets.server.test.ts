import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { deriveSecretKey, open, seal, sealedKeyId, secretKeyring } from "../../platform/secret-box.server";
import { totpCode } from "../../platform/totp.server";
import { verifySecondFactor } from "../officials/officials.server";
import { resealSecrets, sealedSecretsStatus } from "./sealed-secrets.server";

// Rotating the session secret on both databases: officials' TOTP secrets sealed under the previous secret (or in the
// old form without a key id) still open, are re-sealed at their next successful use, and all at once by the console's
// re-seal, which refuses (changing nothing) when a secret opens under no key.

const OLDER = "the-session-secret-of-two-years-ago-012345";
const OLD = "the-session-secret-of-last-year-0123456789";
const NEW = "the-session-secret-of-this-year-0123456789";
const TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const T0 = new Date("2026-12-01T08:00:00.000Z");

/** The form sealed before key rotation existed ("v1", no key id), as the old code wrote it. */
function sealV1(secret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveSecretKey(secret), iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

async function official(db: Db, id: string, totpSecret: string | null) {
  const at = T0.toISOString();
  await db
    .insertInto("users")
    .values({ id, kind: "official", status: "active", full_name: `Cán bộ ${id}`, cccd: null, birth_date: null, email: `${id}@hagiang.gov.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: totpSecret, totp_confirmed_at: totpSecret ? at : null, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
}

const storedOf = async (db: Db, id: string) => (await db.selectFrom("users").select("totp_secret").where("id", "=", id).executeTakeFirstOrThrow()).totp_secret ?? "";

describe.each(engines)("sealed secrets across a rotation on %s", (engine) => {
  it("re-seals a secret under the current key at its next successful use, not after a wrong code", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const before = secretKeyring(OLD);
      const after = secretKeyring(NEW, [OLD]);
      const sealed = seal(before, TOTP);
      await official(db, "o-1", sealed);
      // A wrong code: refused, the sealed secret is left alone.
      expect(await verifySecondFactor(db, { secretKey: after }, { userId: "o-1", code: "000000", now: T0 })).toEqual({ ok: false, reason: "invalid" });
      expect(await storedOf(db, "o-1")).toBe(sealed);
      // The right code with the new keyring: signed in, and the secret is now under the new key.
      expect(await verifySecondFactor(db, { secretKey: after }, { userId: "o-1", code: totpCode(TOTP, { now: T0 })!, now: T0 })).toMatchObject({ ok: true, method: "totp" });
      const resealed = await storedOf(db, "o-1");
      expect(sealedKeyId(resealed)).toBe(after.current.id);
      expect(open(secretKeyring(NEW), resealed)).toBe(TOTP);
      // Without the previous secret from now on: the next code still works.
      const later = new Date(T0.getTime() + 60_000);
      expect(await verifySecondFactor(db, { secretKey: secretKeyring(NEW) }, { userId: "o-1", code: totpCode(TOTP, { now: later })!, now: later })).toMatchObject({ ok: true });

      // A secret in the old form (before key ids) is read, and re-sealed in the new form at its use.
      await official(db, "o-2", sealV1(NEW, TOTP));
      expect(await verifySecondFactor(db, { secretKey: secretKeyring(NEW) }, { userId: "o-2", code: totpCode(TOTP, { now: T0 })!, now: T0 })).toMatchObject({ ok: true });
      expect(sealedKeyId(await storedOf(db, "o-2"))).toBe(secretKeyring(NEW).current.id);
    } finally {
      await close();
    }
  });

  it("re-seals every secret in one go and counts them; a second run has nothing to do", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const keys = secretKeyring(NEW, [OLD, OLDER]);
      await official(db, "o-current", seal(keys, "CURRENT"));
      await official(db, "o-old", seal(secretKeyring(OLD), "OLD"));
      await official(db, "o-legacy", sealV1(OLDER, "LEGACY"));
      await official(db, "o-none", null);
      expect(await sealedSecretsStatus(db, keys)).toEqual({ total: 3, current: 1, stale: 2, unreadable: [] });

      const result = await resealSecrets(db, keys, { now: T0 });
      expect(result).toEqual({ ok: true, resealed: 2, total: 3, current: 1, stale: 2, unreadable: [] });
      // Everything now opens with the current secret alone.
      const onlyNew = secretKeyring(NEW);
      expect(open(onlyNew, await storedOf(db, "o-old"))).toBe("OLD");
      expect(open(onlyNew, await storedOf(db, "o-legacy"))).toBe("LEGACY");
      expect(await storedOf(db, "o-current")).not.toBe("");
      expect(await sealedSecretsStatus(db, onlyNew)).toEqual({ total: 3, current: 3, stale: 0, unreadable: [] });
      expect(await resealSecrets(db, onlyNew)).toMatchObject({ ok: true, resealed: 0, current: 3 });
      const audit = await db.selectFrom("audit_events").select(["action", "actor_type", "details"]).where("action", "=", "secrets.resealed").execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.actor_type).toBe("system");
    } finally {
      await close();
    }
  });

  it("refuses when a secret opens under no key, lists the accounts, and changes nothing", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const lost = secretKeyring(OLDER);
      const oldSealed = seal(secretKeyring(OLD), "OLD");
      const lostSealed = seal(lost, "LOST");
      const lostLegacy = sealV1(OLDER, "LOST TOO");
      await official(db, "o-old", oldSealed);
      await official(db, "o-lost", lostSealed);
      await official(db, "o-lost-legacy", lostLegacy);
      const keys = secretKeyring(NEW, [OLD]);
      const result = await resealSecrets(db, keys, { now: T0 });
      expect(result).toEqual({
        ok: false,
        resealed: 0,
        total: 3,
        current: 0,
        stale: 1,
        unreadable: [
          { userId: "o-lost", email: "o-lost@hagiang.gov.vn", fullName: "Cán bộ o-lost", keyId: lost.current.id },
          { userId: "o-lost-legacy", email: "o-lost-legacy@hagiang.gov.vn", fullName: "Cán bộ o-lost-legacy", keyId: null },
        ],
      });
      expect(await storedOf(db, "o-old")).toBe(oldSealed);
      expect(await storedOf(db, "o-lost")).toBe(lostSealed);
      expect(await db.selectFrom("audit_events").select("id").execute()).toHaveLength(0);
    } finally {
      await close();
    }
  });
});
