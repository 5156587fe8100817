import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError, type Env } from "./env.server";
import { secretKeyring, type SecretKeyring } from "./secret-box.server";

// The server's secret signs session cookies and, through a derived key, seals secrets at rest. SESSION_SECRET, or
// without it one generated into DATA_DIR/session-secret on the first start. Rotating it: the old value goes into
// SESSION_SECRET_PREVIOUS (comma-separated), which is still accepted for cookies and for opening sealed secrets until
// `npm run -s secrets -- reseal` has sealed everything again under the new one (docs/decisions/0010-identity.md).

export interface ServerSecrets {
  /** Signs new cookies and seals. */
  current: string;
  /** Earlier secrets, newest first: still verify cookies and open sealed secrets. */
  previous: string[];
}

export const GENERATED_SECRET_FILE = "session-secret";

/**
 * The secrets in force. `create`: without SESSION_SECRET and without a generated one yet, generate and keep one
 * (the server); otherwise such a machine has no secret, which is a configuration error (the command line).
 */
export async function loadServerSecrets(
  env: Pick<Env, "SESSION_SECRET" | "SESSION_SECRET_PREVIOUS" | "DATA_DIR">,
  options: { create: boolean },
): Promise<ServerSecrets> {
  const current = env.SESSION_SECRET ?? (await generatedSecret(env.DATA_DIR, options.create));
  return { current, previous: [...new Set(env.SESSION_SECRET_PREVIOUS)].filter((s) => s !== current) };
}

async function generatedSecret(dataDir: string, create: boolean): Promise<string> {
  // No secret configured: keep one generated secret in the data directory so sessions survive restarts.
  const file = join(dataDir, GENERATED_SECRET_FILE);
  try {
    const existing = (await readFile(file, "utf8")).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // created below
  }
  if (!create) {
    throw new ConfigError(`No server secret: SESSION_SECRET is not set and ${file} does not exist (the server creates it on its first start).`);
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, secret + "\n", { mode: 0o600 });
  return secret;
}

/** Cookie secrets: the first signs, all verify (Remix's createCookie). */
export function cookieSecrets(secrets: ServerSecrets): string[] {
  return [secrets.current, ...secrets.previous];
}

/** The keys that seal secrets at rest: the current secret's seals, the previous ones' only open. */
export function sealingKeys(secrets: ServerSecrets): SecretKeyring {
  return secretKeyring(secrets.current, secrets.previous);
}
