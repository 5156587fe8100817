import { createHmac, timingSafeEqual } from "node:crypto";

// The rating link sent with the result-returned notification (/rate/<token>): it works without signing in, names one
// dossier and expires. No table: the token is signed (HMAC-SHA256, truncated to 128 bits) with a key the platform
// derives from the server's secret (app/platform/rating-services.server.ts), so that rotating the secret keeps the
// links sent under the previous one working (every key is tried).
//
//   <dossier id: its 16 bytes, base64url>.<expiry: Unix seconds, base36>.<MAC: 16 bytes, base64url>

const LABEL = "cong-dvc/rating-link/v1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function mac(key: Uint8Array, id: string, expiry: string): Buffer {
  return createHmac("sha256", key).update(`${LABEL}|${id.toLowerCase()}|${expiry}`).digest().subarray(0, 16);
}

/** The token for the dossier `dossierId` (a UUID), valid until `expiresAt`. */
export function ratingLinkToken(key: Uint8Array, dossierId: string, expiresAt: Date): string {
  if (!UUID.test(dossierId)) throw new Error("A rating link names a dossier by its id (a UUID).");
  const id = Buffer.from(dossierId.replace(/-/g, ""), "hex").toString("base64url");
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `${id}.${expiry}.${mac(key, dossierId, expiry).toString("base64url")}`;
}

export type RatingLinkCheck = { ok: true; dossierId: string; expiresAt: Date } | { ok: false; reason: "malformed" | "tampered" | "expired" };

/** Check a token with every key in force: the dossier it names, or why not (the MAC is checked before the expiry). */
export function readRatingLinkToken(keys: readonly Uint8Array[], token: string, now: Date): RatingLinkCheck {
  const parts = token.split(".");
  if (parts.length !== 3 || token.length > 80) return { ok: false, reason: "malformed" };
  const [id64, expiry, mac64] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]{22}$/.test(id64) || !/^[0-9a-z]{1,10}$/.test(expiry) || !/^[A-Za-z0-9_-]{22}$/.test(mac64)) return { ok: false, reason: "malformed" };
  const hex = Buffer.from(id64, "base64url").toString("hex");
  if (hex.length !== 32) return { ok: false, reason: "malformed" };
  const dossierId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const given = Buffer.from(mac64, "base64url");
  if (!keys.some((key) => timingSafeEqual(mac(key, dossierId, expiry), given))) return { ok: false, reason: "tampered" };
  const expiresAt = new Date(parseInt(expiry, 36) * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, dossierId, expiresAt };
}
