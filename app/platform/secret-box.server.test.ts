import { describe, expect, it } from "vitest";
import { deriveSecretKey, open, seal } from "./secret-box.server";

describe("secret box", () => {
  const key = deriveSecretKey("a-long-enough-server-secret-for-tests");

  it("seals and opens; every seal differs (fresh IV)", () => {
    const a = seal(key, "JBSWY3DPEHPK3PXP");
    const b = seal(key, "JBSWY3DPEHPK3PXP");
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("JBSWY3DPEHPK3PXP");
    expect(open(key, a)).toBe("JBSWY3DPEHPK3PXP");
    expect(open(key, b)).toBe("JBSWY3DPEHPK3PXP");
  });

  it("derives the same key from the same secret, another from another", () => {
    expect(deriveSecretKey("a-long-enough-server-secret-for-tests").equals(key)).toBe(true);
    expect(deriveSecretKey("another-long-enough-server-secret").equals(key)).toBe(false);
    expect(() => deriveSecretKey("short")).toThrow();
  });

  it("returns null on tampering, a wrong key or garbage", () => {
    const sealed = seal(key, "secret");
    const [v, iv, tag, ct] = sealed.split(".") as [string, string, string, string];
    const flip = (s: string) => {
      const bytes = Buffer.from(s, "base64url");
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString("base64url");
    };
    expect(open(key, [v, iv, tag, flip(ct)].join("."))).toBeNull();
    expect(open(key, [v, iv, flip(tag), ct].join("."))).toBeNull();
    expect(open(key, [v, flip(iv), tag, ct].join("."))).toBeNull();
    expect(open(key, ["v2", iv, tag, ct].join("."))).toBeNull();
    expect(open(deriveSecretKey("another-long-enough-server-secret"), sealed)).toBeNull();
    expect(open(key, "")).toBeNull();
    expect(open(key, "v1.a.b")).toBeNull();
    expect(open(key, "v1.!!.??.--")).toBeNull();
  });
});
