// Password policy after NIST SP 800-63B (§5.1.1.2, memorized secrets). Pure and isomorphic: the list of
// common passwords is passed in (password-list.server.ts loads the shipped one).
//
//   - at least 8 and at most 128 characters, counted as Unicode code points after NFC normalisation (so
//     "mật khẩu" typed with composed or decomposed accents has the same length), spaces included;
//   - no composition rules (no "one digit, one capital…"), no truncation;
//   - refused when it is a common password: compared case-insensitively, with and without Vietnamese diacritics,
//     and also with the trailing digits and symbols stripped ("Password2024!" → "password", "matkhau@123" →
//     "matkhau") or the trailing symbols alone ("12345678!" → "12345678");
//   - refused when it is based on the context: the user's name, e-mail address, personal identification number,
//     the service's name… (see contextTokens and isBasedOnContext for the exact rule).

import { identityErrors } from "./errors";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Words of the service itself that a password must not be based on (lower case, no diacritics). */
export const SERVICE_CONTEXT_WORDS: readonly string[] = ["dichvucong", "congdichvucong", "hagiang", "dvchagiang", "vneid"];

export type PasswordFailure = "tooShort" | "tooLong" | "common" | "context";
export type PasswordCheck = { ok: true } | { ok: false; reason: PasswordFailure };

export interface PasswordCheckOptions {
  /** Common passwords, each lower case without diacritics (normaliseCommonPassword). */
  commonPasswords: ReadonlySet<string>;
  /**
   * What the password must not be based on: the user's full name, e-mail address, personal identification
   * number, phone number, username… Missing values are skipped. SERVICE_CONTEXT_WORDS are always added.
   */
  context?: readonly (string | null | undefined)[];
}

/** The length that the policy counts: Unicode code points after NFC. */
export function passwordLength(password: string): number {
  return [...password.normalize("NFC")].length;
}

/** Lower case, Vietnamese diacritics removed (đ → d), NFC. "Mật Khẩu" → "mat khau". */
export function foldText(value: string): string {
  return value
    .normalize("NFC")
    .toLowerCase()
    .replace(/đ/g, "d")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .normalize("NFC");
}

/** How the list's lines and the compared candidates are written: folded, trimmed. */
export function normaliseCommonPassword(line: string): string {
  return foldText(line).trim();
}

/** Digits and ASCII symbols at the end of a password: "matkhau@123" → "matkhau". */
const TRAILING_DIGITS_AND_SYMBOLS = /[0-9!-/:-@[-`{-~]+$/;
/** Symbols alone, for passwords made of digits: "12345678!" → "12345678". */
const TRAILING_SYMBOLS = /[!-/:-@[-`{-~]+$/;

function commonCandidates(password: string): string[] {
  const lower = password.normalize("NFC").toLowerCase();
  const folded = foldText(password);
  const compact = folded.replace(/\s+/gu, "");
  const candidates = new Set<string>();
  for (const form of [lower, folded, compact]) {
    candidates.add(form);
    for (const stripped of [form.replace(TRAILING_DIGITS_AND_SYMBOLS, ""), form.replace(TRAILING_SYMBOLS, "")]) {
      if (stripped !== "") candidates.add(stripped);
    }
  }
  return [...candidates];
}

/** Whether the password is one of the common ones, or one of them followed by digits and symbols. */
export function isCommonPassword(password: string, commonPasswords: ReadonlySet<string>): boolean {
  return commonCandidates(password).some((candidate) => commonPasswords.has(candidate));
}

/** Context tokens shorter than this are not looked for inside a password ("an", "le", "vu" are everywhere). */
const MIN_TOKEN_LENGTH = 4;

const alnum = (value: string) => foldText(value).replace(/[^a-z0-9]/g, "");

/**
 * The tokens a context value gives, folded to [a-z0-9]: the whole value compacted ("Nguyễn Văn An" →
 * "nguyenvanan"), every run of consecutive words ("Hồng Nhung" → "hongnhung"), and each word without its
 * trailing digits ("nguyen95" → "nguyen"); for an e-mail address only its local part is used. Tokens shorter
 * than 4 characters are dropped.
 */
export function contextTokens(value: string): string[] {
  const at = value.lastIndexOf("@");
  const text = at > 0 ? value.slice(0, at) : value;
  const tokens = new Set<string>([alnum(text)]);
  const words = foldText(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j <= words.length; j++) tokens.add(words.slice(i, j).join(""));
    tokens.add((words[i] ?? "").replace(/[0-9]+$/, ""));
  }
  return [...tokens].filter((t) => t.length >= MIN_TOKEN_LENGTH);
}

/**
 * A password is based on the context when, compared on letters and digits only (folded):
 *   - it contains a context token and what remains besides it is shorter than PASSWORD_MIN_LENGTH
 *     ("HaGiang2024!" → "hagiang2024" = "hagiang" + 4 characters), or
 *   - it is itself a piece of a context token at least 4 characters long (the last 8 digits of the personal
 *     identification number, "thihongnhung" from "Nguyễn Thị Hồng Nhung").
 */
export function isBasedOnContext(password: string, context: readonly (string | null | undefined)[]): boolean {
  const p = alnum(password);
  if (p.length === 0) return false;
  const tokens = [...SERVICE_CONTEXT_WORDS, ...context.flatMap((value) => (value ? contextTokens(value) : []))];
  return tokens.some(
    (token) =>
      (p.includes(token) && p.length - token.length < PASSWORD_MIN_LENGTH) || (p.length >= MIN_TOKEN_LENGTH && token.includes(p)),
  );
}

/** Checks a new password against the policy. Never throws. */
export function checkPassword(password: string, options: PasswordCheckOptions): PasswordCheck {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) return { ok: false, reason: "tooShort" };
  if (length > PASSWORD_MAX_LENGTH) return { ok: false, reason: "tooLong" };
  if (isBasedOnContext(password, options.context ?? [])) return { ok: false, reason: "context" };
  if (isCommonPassword(password, options.commonPasswords)) return { ok: false, reason: "common" };
  return { ok: true };
}

/** The i18n key for a failed check. */
export function passwordErrorKey(reason: PasswordFailure): string {
  switch (reason) {
    case "tooShort":
      return identityErrors.passwordTooShort;
    case "tooLong":
      return identityErrors.passwordTooLong;
    case "common":
      return identityErrors.passwordCommon;
    case "context":
      return identityErrors.passwordContext;
  }
}
