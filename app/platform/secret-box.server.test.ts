import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveSecretKey, keyIdOf, open, openSealed, seal, sealedKeyId, secretKeyring } from "./secret-box.server";

/** The form sealed before key rotation existed ("v1", no key id, no associated data), as the old code wrote it. */
function sealV1(key: Uint8Array, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

const flip = (s: string) => {
  const bytes = Buffer.from(s, "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString("base64url");
};

describe("secret box", () => {
  const key = deriveSecretKey("a-long-enough-server-secret-for-tests");

  it("seals and opens; every seal differs (fresh IV) and names its key", () => {
    const a = seal(key, "JBSWY3DPEHPK3PXP");
    const b = seal(key, "JBSWY3DPEHPK3PXP");
    expect(a).toMatch(/^v2\.[\w-]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealedKeyId(a)).toBe(keyIdOf(key));
    expect(a).not.toBe(b);
    expect(a).not.toContain("JBSWY3DPEHPK3PXP");
    expect(open(key, a)).toBe("JBSWY3DPEHPK3PXP");
    expect(open(key, b)).toBe("JBSWY3DPEHPK3PXP");
    expect(openSealed(key, a)).toEqual({ plain: "JBSWY3DPEHPK3PXP", keyId: keyIdOf(key), stale: false });
  });

  it("derives the same key from the same secret, another from another; key ids differ and reveal nothing", () => {
    expect(deriveSecretKey("a-long-enough-server-secret-for-tests").equals(key)).toBe(true);
    expect(deriveSecretKey("another-long-enough-server-secret").equals(key)).toBe(false);
    expect(() => deriveSecretKey("short")).toThrow();
    expect(keyIdOf(key)).not.toBe(keyIdOf(deriveSecretKey("another-long-enough-server-secret")));
    expect(key.toString("base64url")).not.toContain(keyIdOf(key));
  });

  it("returns null on tampering, a wrong key or garbage", () => {
    const sealed = seal(key, "secret");
    const [v, id, iv, tag, ct] = sealed.split(".") as [string, string, string, string, string];
    expect(open(key, [v, id, iv, tag, flip(ct)].join("."))).toBeNull();
    expect(open(key, [v, id, iv, flip(tag), ct].join("."))).toBeNull();
    expect(open(key, [v, id, flip(iv), tag, ct].join("."))).toBeNull();
    // The version and the key id are authenticated: relabelled, it does not open.
    expect(open(key, ["v1", iv, tag, ct].join("."))).toBeNull();
    expect(open(key, ["v3", id, iv, tag, ct].join("."))).toBeNull();
    expect(open(key, [v, "AAAAAAAA", iv, tag, ct].join("."))).toBeNull();
    expect(open(deriveSecretKey("another-long-enough-server-secret"), sealed)).toBeNull();
    expect(open(key, "")).toBeNull();
    expect(open(key, "v1.a.b")).toBeNull();
    expect(open(key, "v1.!!.??.--")).toBeNull();
    expect(open(key, "v2.x.!!.??.--")).toBeNull();
  });
});

describe("key rotation", () => {
  const OLD = "the-session-secret-of-last-year-0123456789";
  const OLDER = "the-session-secret-of-two-years-ago-012345";
  const NEW = "the-session-secret-of-this-year-0123456789";

  it("opens what a previous key sealed, says it is stale, and seals under the current key", () => {
    const before = secretKeyring(OLD);
    const sealed = seal(before, "JBSWY3DPEHPK3PXP");
    const after = secretKeyring(NEW, [OLD]);
    expect(after.previous.map((k) => k.id)).toEqual([before.current.id]);
    expect(openSealed(after, sealed)).toEqual({ plain: "JBSWY3DPEHPK3PXP", keyId: before.current.id, stale: true });
    const resealed = seal(after, "JBSWY3DPEHPK3PXP");
    expect(sealedKeyId(resealed)).toBe(after.current.id);
    expect(openSealed(after, resealed)?.stale).toBe(false);
    // Once the previous secret is dropped, what it sealed no longer opens; what was re-sealed does.
    expect(open(secretKeyring(NEW), sealed)).toBeNull();
    expect(open(secretKeyring(NEW), resealed)).toBe("JBSWY3DPEHPK3PXP");
  });

  it("reads the old form without a key id under any key of the ring, always as stale", () => {
    const legacy = sealV1(deriveSecretKey(OLDER), "JBSWY3DPEHPK3PXP");
    expect(openSealed(secretKeyring(NEW, [OLD, OLDER]), legacy)).toEqual({
      plain: "JBSWY3DPEHPK3PXP",
      keyId: keyIdOf(deriveSecretKey(OLDER)),
      stale: true,
    });
    // Sealed in the old form under today's key: it opens, and is still due for the form with a key id.
    const legacyCurrent = sealV1(deriveSecretKey(NEW), "K");
    expect(openSealed(secretKeyring(NEW), legacyCurrent)).toMatchObject({ plain: "K", stale: true });
    expect(open(secretKeyring(NEW, [OLD]), legacy)).toBeNull();
    expect(sealedKeyId(legacy)).toBeNull();
  });

  it("drops a previous secret equal to the current one, and repeated ones", () => {
    const ring = secretKeyring(NEW, [NEW, OLD, OLD]);
    expect(ring.previous).toHaveLength(1);
    expect(ring.current.id).toBe(keyIdOf(deriveSecretKey(NEW)));
  });
});
