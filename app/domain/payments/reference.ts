// Payment references (issue 9; shared/domain/payments.md §2 vnp_TxnRef, §3 VietQR purpose): every attempt gets its own
// reference, e.g. PAY261129K7QM2X. It is the VNPay order id (alphanumeric, unique per day: it carries the day and 30
// random bits), the VietQR bill number and the first word of the transfer's description, where a bank statement shows
// it. The last character is a check character (ISO 7064 mod 37-36 over the Crockford alphabet), so a reference typed
// by hand into a banking app, or mangled by it, is recognised or refused, never matched to the wrong payment.

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base 32: no I, L, O, U
const PREFIX = "PAY";

/** The Vietnam-time day yyMMdd of an instant. */
function vietnamDay(at: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", year: "2-digit", month: "2-digit", day: "2-digit" }).formatToParts(at).map((x) => [x.type, x.value]),
  );
  return `${p.year}${p.month}${p.day}`;
}

/** ISO 7064 MOD 37,36 (hybrid) check character over the body, in the alphabet of digits and letters A–Z. */
function checkCharacter(body: string): string {
  const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let p = 36;
  for (const c of body) {
    const v = chars.indexOf(c);
    if (v < 0) throw new RangeError(`Not a reference character: ${c}`);
    let s = (p + v) % 36;
    if (s === 0) s = 36;
    p = (s * 2) % 37;
  }
  return chars[(37 - p) % 36]!;
}

/** A new reference for an attempt made at `at`; `random` gives 5 bytes (crypto.randomBytes in production). */
export function newReference(at: Date, random: (n: number) => Uint8Array): string {
  const bytes = random(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let tail = "";
  for (let i = 0; i < 6; i++) {
    tail = ALPHABET[Number(bits & 31n)] + tail;
    bits >>= 5n;
  }
  const body = `${PREFIX}${vietnamDay(at)}${tail}`;
  return body + checkCharacter(body);
}

export const REFERENCE_PATTERN = /^PAY\d{6}[0-9A-HJKMNP-TV-Z]{6}[0-9A-Z]$/;

/** Whether a text is a well-formed reference with a good check character. */
export function isReference(text: string): boolean {
  return REFERENCE_PATTERN.test(text) && checkCharacter(text.slice(0, -1)) === text.slice(-1);
}

/**
 * The references found in a free text (a bank statement's description): upper-cased, with the spaces, dots and dashes
 * a banking app may insert taken out, and only those whose check character holds. Duplicates are listed once.
 */
export function referencesIn(text: string): string[] {
  const folded = text.toUpperCase().replace(/[\s.\-_/]+/g, "");
  const found = new Set<string>();
  for (const m of folded.matchAll(/PAY\d{6}[0-9A-Z]{7}/g)) if (isReference(m[0])) found.add(m[0]);
  return [...found];
}
