import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// Secrets kept at rest (officials' TOTP secrets) are sealed with AES-256-GCM under a key derived (HKDF-SHA256) from
// the server's session secret: a copy of the database alone gives no usable second factor.
// Sealed form: "v1.<iv>.<tag>.<ciphertext>", each part base64url.

const VERSION = "v1";
const INFO = "cong-dvc/secret-box/v1";

/** The 32-byte sealing key derived from the server's secret (SESSION_SECRET or the generated one). */
export function deriveSecretKey(serverSecret: string): Buffer {
  if (serverSecret.length < 16) throw new Error("The server secret is too short to derive a key from.");
  return Buffer.from(hkdfSync("sha256", Buffer.from(serverSecret, "utf8"), Buffer.alloc(0), INFO, 32));
}

function checkKey(key: Uint8Array): void {
  if (key.length !== 32) throw new Error("A secret-box key has 32 bytes.");
}

export function seal(key: Uint8Array, plain: string): string {
  checkKey(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ct.toString("base64url")].join(".");
}

/** The plain text, or null when the sealed text is malformed, was altered, or was sealed under another key. */
export function open(key: Uint8Array, sealed: string): string | null {
  checkKey(key);
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) return null;
  const [, ivText, tagText, ctText] = parts as [string, string, string, string];
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  const ct = Buffer.from(ctText, "base64url");
  if (iv.length !== 12 || tag.length !== 16) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
