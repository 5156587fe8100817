// Password hashing: Argon2id (@node-rs/argon2, computed off the main thread) with the OWASP Password Storage
// Cheat Sheet's first configuration: m = 19 MiB (19456 KiB), t = 2 iterations, p = 1; 16-byte random salt,
// 32-byte output, PHC string format ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>").
//
// Passwords are normalised to NFC before hashing and verifying (NIST SP 800-63B §5.1.1.2 asks for a Unicode
// normalisation), so "mật khẩu" typed with composed or decomposed accents is the same password.

import { hash, parseOptions, verify, type Algorithm, type Options } from "@node-rs/argon2";

// The package's enums are `const enum`s, which isolatedModules cannot read: their values, from its index.d.ts.
const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id
const VERSION_0X13 = 1; // Version.V0x13 (19)

export const PASSWORD_HASH_PARAMS = {
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

const OPTIONS: Options = { ...PASSWORD_HASH_PARAMS, algorithm: ARGON2ID };

/**
 * The hash of a random password nobody knows, with the current parameters: verifying against it costs what a
 * real verification costs. (A test checks it carries PASSWORD_HASH_PARAMS; regenerate it if they change.)
 */
export const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$jcEAYWDSAxmZWOYc+WVjOw$J57kqs8lczebf2dg6r/fUZIJ1M4npcZ9UzH0VjlMXv4";

/** The PHC string of a new password. */
export function hashPassword(plain: string): Promise<string> {
  return hash(plain.normalize("NFC"), OPTIONS);
}

/**
 * Whether `plain` is the password of `storedHash`. False, never an exception, for a wrong password and for a
 * malformed or empty hash (after the same work as a real verification, so a broken record does not answer
 * faster than a real one).
 */
export async function verifyPassword(storedHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(storedHash, plain.normalize("NFC"));
  } catch {
    await dummyVerify();
    return false;
  }
}

/**
 * The cost of one verification, for a sign-in whose account does not exist: call it instead of
 * verifyPassword so that the answer takes as long either way (no account enumeration by timing). Always false.
 */
export async function dummyVerify(plain = "not the password"): Promise<false> {
  try {
    await verify(DUMMY_HASH, plain.normalize("NFC"));
  } catch {
    // the constant is well formed; nothing to report
  }
  return false;
}

/** verifyPassword when there is a hash, dummyVerify when there is none (unknown account, no password set). */
export function verifyPasswordOrDummy(storedHash: string | null | undefined, plain: string): Promise<boolean> {
  return storedHash ? verifyPassword(storedHash, plain) : dummyVerify(plain);
}

/**
 * Whether a stored hash should be replaced (after a successful sign-in, with the password just typed) because
 * it was made with other parameters than today's, another algorithm, or cannot be read.
 */
export function needsRehash(storedHash: string): boolean {
  try {
    const o = parseOptions(storedHash);
    return (
      o.algorithm !== ARGON2ID ||
      o.version !== VERSION_0X13 ||
      o.memoryCost !== PASSWORD_HASH_PARAMS.memoryCost ||
      o.timeCost !== PASSWORD_HASH_PARAMS.timeCost ||
      o.parallelism !== PASSWORD_HASH_PARAMS.parallelism ||
      o.outputLen !== PASSWORD_HASH_PARAMS.outputLen
    );
  } catch {
    return true;
  }
}
