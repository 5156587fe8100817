// The trust store's changes and the CRL cache (migration 20261130T0700_signatures), Kysely only.
import type { Kysely, Transaction } from "kysely";
import type { CrlsTable, Database, TrustStoreChangesTable } from "../../../db/schema";

type Handle = Kysely<Database> | Transaction<Database>;

/** The latest change of every fingerprint (the one in force), newest first. */
export async function latestTrustChanges(db: Handle): Promise<TrustStoreChangesTable[]> {
  const rows = await db.selectFrom("trust_store_changes").selectAll().orderBy("changed_at", "desc").orderBy("id", "desc").execute();
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.fingerprint) ? false : (seen.add(r.fingerprint), true)));
}

/** Every change, newest first (the record of who trusted what, when). */
export async function trustChangeHistory(db: Handle, limit = 200): Promise<TrustStoreChangesTable[]> {
  return db.selectFrom("trust_store_changes").selectAll().orderBy("changed_at", "desc").orderBy("id", "desc").limit(limit).execute();
}

export async function insertTrustChange(db: Handle, row: TrustStoreChangesTable): Promise<void> {
  await db.insertInto("trust_store_changes").values(row).execute();
}

/** The newest CRLs of an issuer (by the SHA-256 of its name's DER), newest first. */
export async function crlsOfIssuer(db: Handle, issuerHash: string, limit = 3): Promise<Pick<CrlsTable, "sha256" | "this_update" | "next_update">[]> {
  return db
    .selectFrom("crls")
    .select(["sha256", "this_update", "next_update"])
    .where("issuer_hash", "=", issuerHash)
    .orderBy("this_update", "desc")
    .limit(limit)
    .execute();
}

export async function listCrls(db: Handle, limit = 500): Promise<CrlsTable[]> {
  return db.selectFrom("crls").selectAll().orderBy("issuer").orderBy("this_update", "desc").limit(limit).execute();
}

/** Adds a CRL to the cache; false when the same list (by hash) is there already. */
export async function insertCrl(db: Handle, row: CrlsTable): Promise<boolean> {
  const result = await db.insertInto("crls").values(row).onConflict((oc) => oc.column("sha256").doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The full names of users (who changed the trust store, who added a CRL), by id. */
export async function userNames(db: Handle, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "full_name"]).where("id", "in", unique).execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

/** The newest change of a fingerprint that carried the certificate's bytes (an addition, or a removal that kept them). */
export async function lastBytesOf(db: Handle, fingerprint: string): Promise<Pick<TrustStoreChangesTable, "sha256" | "role"> | undefined> {
  return db
    .selectFrom("trust_store_changes")
    .select(["sha256", "role"])
    .where("fingerprint", "=", fingerprint)
    .where("sha256", "is not", null)
    .orderBy("changed_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
}
