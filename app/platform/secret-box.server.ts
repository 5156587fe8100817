import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

// Secrets kept at rest (officials' TOTP secrets) are sealed with AES-256-GCM under a key derived (HKDF-SHA256) from
// the server's session secret: a copy of the database alone gives no usable second factor.
//
// The session secret can be rotated (docs/decisions/0010-identity.md): the server then holds a keyring, the key of the
// current secret (which seals) and the keys of previous ones (which only open). Sealed forms:
// - "v2.<key id>.<iv>.<tag>.<ciphertext>": the key id names the key that sealed it (a fingerprint of the key, which
//   reveals nothing of it); "v2.<key id>" is authenticated with the ciphertext, so it cannot be swapped.
// - "v1.<iv>.<tag>.<ciphertext>": the form before rotation existed, with no key id. Still read, by trying each key
//   (GCM's tag tells which one sealed it), and reported as due for re-sealing.
// Every part is base64url.

const INFO = "cong-dvc/secret-box/v1";
const KEY_ID_LABEL = "cong-dvc/secret-box/key-id";

export interface SecretKey {
  /** 8 base64url characters naming the key (not derived reversibly from it). */
  id: string;
  key: Uint8Array;
}

export interface SecretKeyring {
  /** Seals, and opens. */
  current: SecretKey;
  /** Only open: the keys of previous session secrets, kept until everything sealed under them is re-sealed. */
  previous: readonly SecretKey[];
}

/** A keyring, or a single key (a keyring of one). */
export type SecretKeys = Uint8Array | SecretKeyring;

/** The 32-byte sealing key derived from the server's secret (SESSION_SECRET or the generated one). */
export function deriveSecretKey(serverSecret: string): Buffer {
  if (serverSecret.length < 16) throw new Error("The server secret is too short to derive a key from.");
  return Buffer.from(hkdfSync("sha256", Buffer.from(serverSecret, "utf8"), Buffer.alloc(0), INFO, 32));
}

function checkKey(key: Uint8Array): void {
  if (key.length !== 32) throw new Error("A secret-box key has 32 bytes.");
}

/** The key's id: the first 48 bits of HMAC-SHA256(key, label), base64url. */
export function keyIdOf(key: Uint8Array): string {
  checkKey(key);
  return createHmac("sha256", key).update(KEY_ID_LABEL).digest().subarray(0, 6).toString("base64url");
}

function keyOf(key: Uint8Array): SecretKey {
  return { id: keyIdOf(key), key };
}

/** The keyring of the current server secret and the previous ones (duplicates of the current one are dropped). */
export function secretKeyring(currentSecret: string, previousSecrets: readonly string[] = []): SecretKeyring {
  const current = keyOf(deriveSecretKey(currentSecret));
  const previous: SecretKey[] = [];
  for (const secret of previousSecrets) {
    const key = keyOf(deriveSecretKey(secret));
    if (key.id !== current.id && !previous.some((p) => p.id === key.id)) previous.push(key);
  }
  return { current, previous };
}

function ringOf(keys: SecretKeys): SecretKeyring {
  return keys instanceof Uint8Array ? { current: keyOf(keys), previous: [] } : keys;
}

/** Seal under the current key. */
export function seal(keys: SecretKeys, plain: string): string {
  const { current } = ringOf(keys);
  checkKey(current.key);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv);
  cipher.setAAD(Buffer.from(`v2.${current.id}`, "utf8"));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ["v2", current.id, iv.toString("base64url"), tag.toString("base64url"), ct.toString("base64url")].join(".");
}

export interface Opened {
  plain: string;
  /** The id of the key that opened it. */
  keyId: string;
  /** Sealed under a previous key, or in the old form without a key id: seal it again under the current key. */
  stale: boolean;
}

function decrypt(key: Uint8Array, iv: Buffer, tag: Buffer, ct: Buffer, aad: string | null): string | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    if (aad !== null) decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/**
 * Open with whichever key of the ring sealed it: the plain text, which key, and whether it is due for re-sealing.
 * Null when it is malformed, was altered, or was sealed under a key the ring does not hold.
 */
export function openSealed(keys: SecretKeys, sealed: string): Opened | null {
  const ring = ringOf(keys);
  const all = [ring.current, ...ring.previous];
  const parts = sealed.split(".");
  let keyId: string | null;
  let rest: string[];
  if (parts.length === 5 && parts[0] === "v2") {
    keyId = parts[1]!;
    rest = parts.slice(2);
  } else if (parts.length === 4 && parts[0] === "v1") {
    keyId = null;
    rest = parts.slice(1);
  } else {
    return null;
  }
  const [ivText, tagText, ctText] = rest as [string, string, string];
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  const ct = Buffer.from(ctText, "base64url");
  if (iv.length !== 12 || tag.length !== 16) return null;
  if (keyId !== null) {
    const key = all.find((k) => k.id === keyId);
    if (!key) return null;
    const plain = decrypt(key.key, iv, tag, ct, `v2.${keyId}`);
    return plain === null ? null : { plain, keyId, stale: key.id !== ring.current.id };
  }
  for (const key of all) {
    const plain = decrypt(key.key, iv, tag, ct, null);
    if (plain !== null) return { plain, keyId: key.id, stale: true };
  }
  return null;
}

/** The plain text, or null when the sealed text is malformed, was altered, or was sealed under no key of the ring. */
export function open(keys: SecretKeys, sealed: string): string | null {
  return openSealed(keys, sealed)?.plain ?? null;
}

/** The key id a sealed text names ("v2" form), or null (the "v1" form names none). */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split(".");
  return parts.length === 5 && parts[0] === "v2" ? (parts[1] ?? null) : null;
}
