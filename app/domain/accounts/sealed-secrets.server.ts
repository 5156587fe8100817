import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "../../platform/audit.server";
import { openSealed, seal, sealedKeyId, type SecretKeyring } from "../../platform/secret-box.server";
import { replaceSealedSecret, sealedSecretRows } from "./accounts.repo.server";

// Key rotation for the secrets sealed at rest (officials' TOTP secrets; docs/decisions/0010-identity.md). After the
// session secret changes, each secret is re-sealed under the new key the next time it is used; this seals them all
// at once (the console's `npm run -s secrets -- reseal`), so that the previous secret can then be dropped.

type Db = Kysely<Database>;

export interface UnreadableSecret {
  userId: string;
  email: string | null;
  fullName: string;
  /** The key id the sealed text names, or null for the old form (which names none). */
  keyId: string | null;
}

export interface SealedSecretsCount {
  /** Accounts holding a sealed secret. */
  total: number;
  /** Already sealed under the current key. */
  current: number;
  /** Opened under a previous key or in the old form: due for re-sealing. */
  stale: number;
  /** Opened under no key of the ring. */
  unreadable: UnreadableSecret[];
}

export type ResealResult = ({ ok: true; resealed: number } & SealedSecretsCount) | ({ ok: false; resealed: 0 } & SealedSecretsCount);

async function count(db: Db, keys: SecretKeyring) {
  const rows = await sealedSecretRows(db);
  const result: SealedSecretsCount & { due: { id: string; sealed: string; plain: string }[] } = { total: rows.length, current: 0, stale: 0, unreadable: [], due: [] };
  for (const row of rows) {
    const opened = openSealed(keys, row.sealed);
    if (!opened) result.unreadable.push({ userId: row.id, email: row.email, fullName: row.fullName, keyId: sealedKeyId(row.sealed) });
    else if (opened.stale) {
      result.stale += 1;
      result.due.push({ id: row.id, sealed: row.sealed, plain: opened.plain });
    } else result.current += 1;
  }
  return result;
}

/** How the sealed secrets stand against the keyring (nothing changes). */
export async function sealedSecretsStatus(db: Db, keys: SecretKeyring): Promise<SealedSecretsCount> {
  const { due: _due, ...counts } = await count(db, keys);
  return counts;
}

/**
 * Re-seal every sealed secret under the current key, in one transaction. Refused (nothing changed) when any secret
 * opens under no key of the ring: dropping the secret it was sealed under would lose it for good.
 */
export async function resealSecrets(db: Db, keys: SecretKeyring, options: { now?: Date } = {}): Promise<ResealResult> {
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const { due, ...counts } = await count(trx, keys);
    if (counts.unreadable.length > 0) return { ok: false as const, resealed: 0 as const, ...counts };
    let resealed = 0;
    for (const row of due) {
      if (await replaceSealedSecret(trx, row.id, row.sealed, seal(keys, row.plain))) resealed += 1;
    }
    if (resealed > 0) {
      await recordAudit(trx, { actor: { type: "system" }, action: "secrets.resealed", details: { resealed, total: counts.total, keyId: keys.current.id }, at: now });
    }
    return { ok: true as const, resealed, ...counts };
  });
}
