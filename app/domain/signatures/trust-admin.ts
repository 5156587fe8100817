// The trust store administration's limits and formats (isomorphic: the pages' components use them too).

/** The largest CRL file accepted (a national CA's list can be large). */
export const TRUST_UPLOAD_MAX_BYTES = 2_000_000;
/** The largest certificate file accepted (a certificate is a few KiB). */
export const CERTIFICATE_MAX_BYTES = 64 * 1024;
export const NOTE_MAX = 1000;

/** "BAC8 BF60 9AB4 …": a SHA-256 fingerprint in groups of four hex digits, upper case. */
export function groupedFingerprint(fingerprint: string): string {
  return (fingerprint.toUpperCase().match(/.{1,4}/g) ?? []).join(" ");
}
