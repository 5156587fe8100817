// Loads the shipped list of common passwords (common-passwords.txt) once, into a Set, for the password policy.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkPassword, normaliseCommonPassword, type PasswordCheck } from "./password";

const FILE_NAME = "common-passwords.txt";

/**
 * Where the list is: beside this module when it runs from source (tests, tsx), else under the working
 * directory (the server bundle in build/ is started from the project's root).
 */
export function commonPasswordsFile(): string {
  const candidates = [fileURLToPath(new URL(FILE_NAME, import.meta.url)), join(process.cwd(), "app", "domain", "identity", FILE_NAME)];
  return candidates.find((file) => existsSync(file)) ?? (candidates.at(-1) as string);
}

/** Parses the list: one password a line, "#" lines are comments, blanks ignored; entries normalised. */
export function parseCommonPasswords(text: string): Set<string> {
  const set = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith("#")) continue;
    const entry = normaliseCommonPassword(line);
    if (entry !== "") set.add(entry);
  }
  return set;
}

const cache = new Map<string, ReadonlySet<string>>();

/** The list as a Set, read from disk on first use only. Throws if the file is missing (a broken install). */
export function loadCommonPasswords(file: string = commonPasswordsFile()): ReadonlySet<string> {
  let set = cache.get(file);
  if (!set) {
    set = parseCommonPasswords(readFileSync(file, "utf8"));
    cache.set(file, set);
  }
  return set;
}

/** The password policy with the shipped list: see checkPassword in password.ts. */
export function checkPasswordPolicy(password: string, context: readonly (string | null | undefined)[] = []): PasswordCheck {
  return checkPassword(password, { commonPasswords: loadCommonPasswords(), context });
}
