// Sealed secrets from the command line (key rotation, docs/decisions/0010-identity.md):
//   npm run -s secrets -- status    how the sealed secrets stand against SESSION_SECRET and SESSION_SECRET_PREVIOUS
//   npm run -s secrets -- reseal    seal every one again under SESSION_SECRET, in one transaction
// Rotating the session secret: put the old value into SESSION_SECRET_PREVIOUS and the new one into SESSION_SECRET,
// restart the servers, run `reseal`, then drop the old value from SESSION_SECRET_PREVIOUS once sessions signed with
// it have expired (12 hours).
import { ConfigError, loadEnv } from "../app/platform/env.server";
import { assertDatabaseReachable, createDb } from "../app/platform/db.server";
import { loadServerSecrets, sealingKeys } from "../app/platform/server-secret.server";
import { resealSecrets, sealedSecretsStatus, type SealedSecretsCount } from "../app/domain/accounts/sealed-secrets.server";

const USAGE = "Usage: tsx db/secrets-cli.ts status|reseal";

function listUnreadable(counts: SealedSecretsCount): void {
  for (const u of counts.unreadable) {
    const sealedUnder = u.keyId ? `sealed under key ${u.keyId}` : "sealed in the old form (no key id)";
    console.error(`  ${u.userId}  ${u.email ?? "(no e-mail)"}  ${u.fullName}  — ${sealedUnder}`);
  }
}

async function main(): Promise<number> {
  const command = process.argv[2];
  if (command !== "status" && command !== "reseal") {
    console.error(USAGE);
    return 2;
  }
  const env = loadEnv();
  const secrets = await loadServerSecrets(env, { create: false });
  const keys = sealingKeys(secrets);
  const db = createDb(env.database, { connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS });
  try {
    await assertDatabaseReachable(db, env.database, env.DB_CONNECT_TIMEOUT_MS);
    console.log(`Current key ${keys.current.id}; previous keys: ${keys.previous.map((k) => k.id).join(", ") || "none"}.`);
    if (command === "status") {
      const counts = await sealedSecretsStatus(db, keys);
      console.log(`${counts.total} sealed secrets: ${counts.current} under the current key, ${counts.stale} to re-seal, ${counts.unreadable.length} unreadable.`);
      if (counts.unreadable.length > 0) {
        console.error("These open under no configured key (SESSION_SECRET, SESSION_SECRET_PREVIOUS):");
        listUnreadable(counts);
        return 1;
      }
      return 0;
    }
    const result = await resealSecrets(db, keys);
    if (!result.ok) {
      console.error(
        `Refused: ${result.unreadable.length} of ${result.total} sealed secrets open under no configured key (SESSION_SECRET, SESSION_SECRET_PREVIOUS); nothing was changed:`,
      );
      listUnreadable(result);
      console.error("Add the secret they were sealed under to SESSION_SECRET_PREVIOUS and run this again.");
      return 1;
    }
    console.log(`${result.total} sealed secrets: ${result.resealed} re-sealed under the current key, ${result.current} already under it.`);
    if (result.resealed < result.stale) console.log(`${result.stale - result.resealed} were re-sealed meanwhile by a sign-in.`);
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
