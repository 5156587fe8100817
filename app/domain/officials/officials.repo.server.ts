import type { Kysely, Transaction } from "kysely";
import type { Database, OfficialRole, UserStatus } from "../../../db/schema";
import { engineOf } from "../../platform/db.server";

// Officials' roles per agency and their recovery codes. Kysely only; every function takes the db or a transaction.

type Handle = Kysely<Database> | Transaction<Database>;

/**
 * An agency by id with the version valid on `date` (YYYY-MM-DD), as the public directory and the catalog read it;
 * undefined for an unknown agency or one that is not in force that day (dissolved, merged, not yet created).
 */
export async function agencyById(db: Handle, id: string, date: string) {
  return db
    .selectFrom("agencies as a")
    .innerJoin("agency_versions as v", "v.agency_id", "a.id")
    .select(["a.id", "a.code", "v.name"])
    .where("a.id", "=", id)
    .where("v.valid_from", "<=", date)
    .where((eb) => eb.or([eb("v.valid_to", "is", null), eb("v.valid_to", ">", date)]))
    .executeTakeFirst();
}

/** An agency by id whatever its versions (to take roles away at an agency that no longer exists). */
export async function agencyEverById(db: Handle, id: string) {
  return db.selectFrom("agencies").select(["id", "code"]).where("id", "=", id).executeTakeFirst();
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

/**
 * Officials with their roles (one row per role, or one row with null role), for the administrators' list: all of
 * them, or those holding a role at one agency (with all their roles), of one status, or one official.
 */
export async function officialRows(db: Handle, options: { agencyId?: string; status?: UserStatus; userId?: string } = {}) {
  let query = db
    .selectFrom("users as u")
    .leftJoin("official_roles as r", "r.user_id", "u.id")
    .leftJoin("agencies as a", "a.id", "r.agency_id")
    .select([
      "u.id",
      "u.full_name as fullName",
      "u.email",
      "u.status",
      "u.totp_confirmed_at as totpConfirmedAt",
      "u.created_at as createdAt",
      "r.agency_id as agencyId",
      "a.code as agencyCode",
      "r.role",
    ])
    .where("u.kind", "=", "official");
  const { agencyId, status, userId } = options;
  if (agencyId) query = query.where("u.id", "in", db.selectFrom("official_roles").select("user_id").where("agency_id", "=", agencyId));
  if (status) query = query.where("u.status", "=", status);
  if (userId) query = query.where("u.id", "=", userId);
  return query.orderBy("u.full_name").orderBy("u.id").orderBy("a.code").orderBy("r.role").execute();
}

/**
 * The ids of the active system administrators, their rows locked until the transaction ends (PostgreSQL): two
 * administrators changing each other's status at once are served one after the other, and the second sees the
 * first's change (SQLite serialises write transactions anyway).
 */
export async function lockActiveAdministrators(trx: Transaction<Database>): Promise<string[]> {
  let query = trx
    .selectFrom("users as u")
    .innerJoin("official_roles as r", "r.user_id", "u.id")
    .select("u.id")
    .where("u.kind", "=", "official")
    .where("u.status", "=", "active")
    .where("r.role", "=", "system_admin");
  if (engineOf(trx) === "postgres") query = query.forUpdate();
  const rows = await query.execute();
  return [...new Set(rows.map((r) => r.id))];
}

export async function setUserStatus(db: Handle, userId: string, status: UserStatus, at: string): Promise<void> {
  await db.updateTable("users").set({ status, updated_at: at }).where("id", "=", userId).execute();
}

/** End every session of the account at once (all devices). Returns how many there were. */
export async function deleteSessionsOf(db: Handle, userId: string): Promise<number> {
  const result = await db.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Spend every open one-time link of the account (invitation, password reset, address verification). */
export async function spendOpenTokens(db: Handle, userId: string, at: string): Promise<void> {
  await db.updateTable("user_tokens").set({ used_at: at }).where("user_id", "=", userId).where("used_at", "is", null).execute();
}

/** The roles of an official with each agency's name on `date` (null when the agency is not in force then). */
export async function rolesWithAgencyNames(db: Handle, userId: string, date: string) {
  return db
    .selectFrom("official_roles as r")
    .innerJoin("agencies as a", "a.id", "r.agency_id")
    .leftJoin("agency_versions as v", (j) =>
      j
        .onRef("v.agency_id", "=", "r.agency_id")
        .on("v.valid_from", "<=", date)
        .on((eb) => eb.or([eb("v.valid_to", "is", null), eb("v.valid_to", ">", date)])),
    )
    .select(["r.agency_id as agencyId", "a.code as agencyCode", "v.name as agencyName", "r.role"])
    .where("r.user_id", "=", userId)
    .orderBy("a.code")
    .orderBy("r.role")
    .execute();
}

/** Audit events about one account among `actions`, oldest first, with the acting account's name when known. */
export async function auditEventsAbout(db: Handle, userId: string, actions: readonly string[]) {
  return db
    .selectFrom("audit_events as e")
    .leftJoin("users as actor", "actor.id", "e.actor_id")
    .select(["e.id", "e.occurred_at as occurredAt", "e.action", "e.actor_type as actorType", "actor.full_name as actorName", "e.details"])
    .where("e.entity_type", "=", "user")
    .where("e.entity_id", "=", userId)
    .where("e.action", "in", [...actions])
    .orderBy("e.occurred_at")
    .orderBy("e.id")
    .execute();
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
