import type { Kysely, Transaction } from "kysely";
import type { Database, OfficialRole } from "../../../db/schema";

// Officials' roles per agency and their recovery codes. Kysely only; every function takes the db or a transaction.

type Handle = Kysely<Database> | Transaction<Database>;

/** An agency by id with its current name (the newest version), or undefined. */
export async function agencyById(db: Handle, id: string) {
  return db
    .selectFrom("agencies as a")
    .innerJoin("agency_versions as v", "v.agency_id", "a.id")
    .select(["a.id", "a.code", "v.name"])
    .where("a.id", "=", id)
    .orderBy("v.valid_from", "desc")
    .executeTakeFirst();
}

export async function agencyIdByCode(db: Handle, code: string): Promise<string | null> {
  const row = await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirst();
  return row?.id ?? null;
}

export async function insertRoles(
  db: Handle,
  rows: readonly { id: string; userId: string; agencyId: string; role: OfficialRole; grantedBy: string | null; at: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("official_roles")
    .values(rows.map((r) => ({ id: r.id, user_id: r.userId, agency_id: r.agencyId, role: r.role, granted_at: r.at, granted_by: r.grantedBy })))
    .execute();
}

export async function deleteRolesAt(db: Handle, userId: string, agencyId: string): Promise<void> {
  await db.deleteFrom("official_roles").where("user_id", "=", userId).where("agency_id", "=", agencyId).execute();
}

/** Officials with their roles (one row per role, or one row with null role), for the administrators' list. */
export async function officialRows(db: Handle, options: { agencyId?: string } = {}) {
  let query = db
    .selectFrom("users as u")
    .leftJoin("official_roles as r", "r.user_id", "u.id")
    .leftJoin("agencies as a", "a.id", "r.agency_id")
    .select(["u.id", "u.full_name as fullName", "u.email", "u.status", "u.totp_confirmed_at as totpConfirmedAt", "r.agency_id as agencyId", "a.code as agencyCode", "r.role"])
    .where("u.kind", "=", "official");
  if (options.agencyId) query = query.where("r.agency_id", "=", options.agencyId);
  return query.orderBy("u.full_name").orderBy("u.id").orderBy("a.code").orderBy("r.role").execute();
}

export async function replaceRecoveryCodes(db: Handle, userId: string, rows: readonly { id: string; hash: string }[], at: string): Promise<void> {
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  if (rows.length === 0) return;
  await db
    .insertInto("recovery_codes")
    .values(rows.map((r) => ({ id: r.id, user_id: userId, code_hash: r.hash, used_at: null, created_at: at })))
    .execute();
}

export async function unusedRecoveryCodes(db: Handle, userId: string) {
  return db.selectFrom("recovery_codes").select(["id", "code_hash as hash"]).where("user_id", "=", userId).where("used_at", "is", null).orderBy("id").execute();
}

/** Spend a recovery code; false when it was spent meanwhile. */
export async function spendRecoveryCode(db: Handle, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable("recovery_codes").set({ used_at: at }).where("id", "=", id).where("used_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The account's usable invitation (unspent, unexpired), if any. */
export async function usableInvitation(db: Handle, userId: string, now: string) {
  return db
    .selectFrom("user_tokens")
    .select(["id", "expires_at as expiresAt"])
    .where("user_id", "=", userId)
    .where("purpose", "=", "invite")
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
}

/** Spend every open invitation of the account (once the second factor is confirmed). */
export async function spendInvitations(db: Handle, userId: string, now: string): Promise<void> {
  await db.updateTable("user_tokens").set({ used_at: now }).where("user_id", "=", userId).where("purpose", "=", "invite").where("used_at", "is", null).execute();
}

/** Store a verified TOTP step only if it is newer than the stored one (two concurrent uses of one code: one wins). */
export async function advanceTotpStep(db: Handle, userId: string, step: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({ totp_last_step: step, updated_at: at })
    .where("id", "=", userId)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
