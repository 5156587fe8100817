// Time-based one-time passwords (RFC 6238, over HOTP RFC 4226) for officials' second factor, with node:crypto
// only; the QR code that an authenticator app scans; one-time recovery codes.

import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import QRCode from "qrcode";

// ---------------------------------------------------------------------------------------------------------------
// Base32 (RFC 4648, upper case, no padding): how authenticator apps take the secret
// ---------------------------------------------------------------------------------------------------------------

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** Bytes of a base32 text (case-insensitive; spaces, dashes and "=" padding ignored), or null if it is not base32. */
export function base32Decode(text: string): Buffer | null {
  const clean = text.toUpperCase().replace(/[\s=-]/g, "");
  if (clean === "" || !/^[A-Z2-7]+$/.test(clean)) return null;
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    buffer = ((buffer << 5) | BASE32.indexOf(char)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// ---------------------------------------------------------------------------------------------------------------
// TOTP
// ---------------------------------------------------------------------------------------------------------------

export type TotpAlgorithm = "SHA1" | "SHA256" | "SHA512";

export interface TotpParams {
  /** 6 (default, what every authenticator app shows) or 8. */
  digits?: 6 | 8;
  /** Seconds per step (X in RFC 6238); default 30. */
  period?: number;
  /** Default SHA1, the only one all authenticator apps support. */
  algorithm?: TotpAlgorithm;
}

const DEFAULTS = { digits: 6, period: 30, algorithm: "SHA1" } as const satisfies Required<TotpParams>;

export const TOTP_DEFAULT_ISSUER = "Cổng DVC Hà Giang";

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommended length), base32, 32 characters. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The time step (counter) of an instant: floor(unix seconds / period). */
export function totpStep(now: number | Date = Date.now(), period: number = DEFAULTS.period): number {
  const ms = typeof now === "number" ? now : now.getTime();
  return Math.floor(ms / 1000 / period);
}

/** HOTP(K, counter) (RFC 4226 §5.3: HMAC, dynamic truncation, modulo 10^digits, zero-padded). */
export function hotp(key: Uint8Array, counter: number, digits: 6 | 8 = 6, algorithm: TotpAlgorithm = "SHA1"): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm.toLowerCase(), key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The code for the given instant (default now), or null if the secret is not base32. */
export function totpCode(secret: string, options: TotpParams & { now?: number | Date } = {}): string | null {
  const key = base32Decode(secret);
  if (!key) return null;
  const p = { ...DEFAULTS, ...options };
  return hotp(key, totpStep(options.now, p.period), p.digits, p.algorithm);
}

export type TotpVerification =
  | { ok: true; step: number }
  | { ok: false; step: null; reason: "format" | "mismatch" | "replay" };

export interface VerifyTotpOptions extends TotpParams {
  now?: number | Date;
  /** Steps accepted before and after the current one, for clock drift (default 1: ±30 s). */
  window?: number;
  /**
   * The step of the last code accepted for this account: a code of that step or an earlier one is refused
   * (replay). Store the returned `step` after a successful verification.
   */
  lastUsedStep?: number | null;
}

/**
 * Checks a code typed by the user (spaces and dashes tolerated: "123 456"). On success returns the matched step
 * for the caller to store as lastUsedStep. Every candidate step is compared in constant time. Never throws.
 */
export function verifyTotp(secret: string, code: string, options: VerifyTotpOptions = {}): TotpVerification {
  const p = { ...DEFAULTS, ...options };
  const window = Math.max(0, Math.floor(options.window ?? 1));
  const typed = code.replace(/[\s-]/g, "");
  const key = base32Decode(secret);
  if (!key || !new RegExp(`^\\d{${p.digits}}$`).test(typed)) return { ok: false, step: null, reason: "format" };
  const current = totpStep(options.now, p.period);
  const typedBytes = Buffer.from(typed);
  let matched: number | null = null;
  let replayed = false;
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0) continue;
    const equal = timingSafeEqual(Buffer.from(hotp(key, step, p.digits, p.algorithm)), typedBytes);
    if (!equal) continue;
    if (options.lastUsedStep != null && step <= options.lastUsedStep) replayed = true;
    else if (matched === null) matched = step;
  }
  if (matched !== null) return { ok: true, step: matched };
  return { ok: false, step: null, reason: replayed ? "replay" : "mismatch" };
}

/**
 * The otpauth:// URI an authenticator app reads from the QR code (Key URI Format, Google Authenticator):
 * otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30, with issuer and
 * account percent-encoded as UTF-8 (spaces as %20, never "+", which some apps show literally).
 */
export function totpUri(options: { secret: string; accountName: string; issuer?: string } & TotpParams): string {
  const p = { ...DEFAULTS, ...options };
  const issuer = options.issuer ?? TOTP_DEFAULT_ISSUER;
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(options.accountName)}`;
  const secret = options.secret.toUpperCase().replace(/[\s=-]/g, "");
  const query = [
    `secret=${secret}`,
    `issuer=${encodeURIComponent(issuer)}`,
    `algorithm=${p.algorithm}`,
    `digits=${p.digits}`,
    `period=${p.period}`,
  ].join("&");
  return `otpauth://totp/${label}?${query}`;
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c);

/**
 * The QR code of a URI as an SVG string (qrcode package), marked as an image with a <title> (the caller passes
 * the translated text, e.g. "Mã QR để thêm tài khoản vào ứng dụng xác thực").
 */
export async function totpQrSvg(uri: string, title: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
  return svg.trim().replace(/^<svg\b([^>]*)>/, (_m, attrs: string) => `<svg${attrs} role="img"><title>${escapeXml(title)}</title>`);
}

// ---------------------------------------------------------------------------------------------------------------
// Recovery codes
// ---------------------------------------------------------------------------------------------------------------

/** Crockford's base32: digits and letters without I, L, O, U. Read back with O → 0 and I, L → 1. */
const RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
/** Characters per group; 12 characters = 60 random bits, enough for an unsalted SHA-256 of a one-time code. */
const RECOVERY_GROUPS = [4, 4, 4] as const;

/** `n` one-time recovery codes, "xxxx-xxxx-xxxx" in lower case (60 random bits each), all different. */
export function generateRecoveryCodes(n = 10): string[] {
  const codes = new Set<string>();
  while (codes.size < n) {
    const length = RECOVERY_GROUPS.reduce((a, b) => a + b, 0);
    const bytes = randomBytes(length);
    let chars = "";
    for (const byte of bytes) chars += RECOVERY_ALPHABET[byte & 31]; // 256 is a multiple of 32: no bias
    const groups: string[] = [];
    let at = 0;
    for (const size of RECOVERY_GROUPS) {
      groups.push(chars.slice(at, at + size));
      at += size;
    }
    codes.add(groups.join("-"));
  }
  return [...codes];
}

/** The canonical form of a typed recovery code: lower case, no spaces or dashes, O → 0, I and L → 1. */
export function normaliseRecoveryCode(code: string): string {
  return code
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\-_.]/g, "")
    .replace(/o/g, "0")
    .replace(/[il]/g, "1");
}

/** What is stored for a recovery code: SHA-256 (hex) of its canonical form. */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}

/** The index of the stored hash that the typed code matches, or -1; compares every hash in constant time. */
export function findRecoveryCode(code: string, storedHashes: readonly string[]): number {
  const typed = Buffer.from(hashRecoveryCode(code), "hex");
  let found = -1;
  storedHashes.forEach((stored, i) => {
    const candidate = Buffer.from(stored, "hex");
    if (candidate.length === typed.length && timingSafeEqual(candidate, typed) && found === -1) found = i;
  });
  return found;
}
