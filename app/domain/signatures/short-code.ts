// The short code printed on a signed result beside its QR code, typed by anyone on the public verification page
// (/verify?code=…). Crockford's base-32 alphabet (no I, L, O, U), so that what is read aloud or copied from paper
// cannot be confused: on input, O is read as 0 and I or L as 1, case, spaces and hyphens do not matter. Twelve
// characters: eleven random (55 bits) and one check character (a weighted sum with odd weights, modulo 32, so any
// single mistyped character is caught before the database is asked), shown as XXXX-XXXX-XXXX.
// Isomorphic: the browser may check a typed code before sending it.

export const SHORT_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_LENGTH = 11;
export const SHORT_CODE_LENGTH = RANDOM_LENGTH + 1;

const VALUE = new Map([...SHORT_CODE_ALPHABET].map((c, i) => [c, i]));

function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (2 * i + 1) * VALUE.get(body[i]!)!; // odd weights: invertible mod 32
  return SHORT_CODE_ALPHABET[sum % 32]!;
}

/** A new random short code, formatted (XXXX-XXXX-XXXX). */
export function generateShortCode(random: (bytes: Uint8Array) => Uint8Array = (b) => globalThis.crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(RANDOM_LENGTH));
  let body = "";
  for (const b of bytes) body += SHORT_CODE_ALPHABET[b & 31]; // 256 is a multiple of 32: uniform
  return formatShortCode(body + checkCharacter(body));
}

/** The canonical form of what someone typed (upper case, no separators, O→0, I/L→1), or null if it cannot be a code. */
export function normalizeShortCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-–—._]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (cleaned.length !== SHORT_CODE_LENGTH || ![...cleaned].every((c) => VALUE.has(c))) return null;
  return checkCharacter(cleaned.slice(0, RANDOM_LENGTH)) === cleaned[RANDOM_LENGTH] ? cleaned : null;
}

/** Whether the input is a well-formed code with a correct check character. */
export const isValidShortCode = (input: string): boolean => normalizeShortCode(input) !== null;

/** XXXX-XXXX-XXXX. */
export function formatShortCode(code: string): string {
  return code.match(/.{1,4}/g)!.join("-");
}
