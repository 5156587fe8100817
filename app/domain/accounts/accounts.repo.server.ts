import type { Insertable, Kysely, Transaction, Updateable } from "kysely";
import type { Database, TokenPurpose, UsersTable } from "../../../db/schema";

// Accounts, their one-time tokens and consents. Kysely only; every function takes the db or a transaction first.

type Handle = Kysely<Database> | Transaction<Database>;

const USER_COLUMNS = [
  "id",
  "kind",
  "status",
  "full_name as fullName",
  "cccd",
  "birth_date as birthDate",
  "email",
  "phone",
  "password_hash as passwordHash",
  "email_verified_at as emailVerifiedAt",
  "eid_verified_at as eidVerifiedAt",
  "eid_issuer as eidIssuer",
  "eid_subject as eidSubject",
  "totp_secret as totpSecret",
  "totp_confirmed_at as totpConfirmedAt",
  "totp_last_step as totpLastStep",
  "created_at as createdAt",
  "updated_at as updatedAt",
] as const;

export async function insertUser(db: Handle, values: Insertable<UsersTable>): Promise<void> {
  await db.insertInto("users").values(values).execute();
}

export async function updateUser(db: Handle, id: string, values: Updateable<UsersTable>): Promise<boolean> {
  const result = await db.updateTable("users").set(values).where("id", "=", id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findUserById(db: Handle, id: string) {
  return db.selectFrom("users").select(USER_COLUMNS).where("id", "=", id).executeTakeFirst();
}

/** The account an identifier names: an e-mail address (lower-cased), a 12-digit CCCD or a phone number. */
export async function findUserByIdentifier(db: Handle, identifier: { email?: string; cccd?: string; phone?: string }) {
  let query = db.selectFrom("users").select(USER_COLUMNS);
  if (identifier.email) query = query.where("email", "=", identifier.email);
  else if (identifier.cccd) query = query.where("cccd", "=", identifier.cccd);
  else if (identifier.phone) query = query.where("phone", "=", identifier.phone);
  else return undefined;
  return query.executeTakeFirst();
}

/** The account linked to a national-eID subject at that issuer. */
export async function findUserByEidSubject(db: Handle, issuer: string, subject: string) {
  return db.selectFrom("users").select(USER_COLUMNS).where("eid_issuer", "=", issuer).where("eid_subject", "=", subject).executeTakeFirst();
}

/**
 * Close an account that was registered with a CCCD and never verified by eID, when that CCCD's eID holder disowns
 * it: disabled, and the CCCD taken off it (so that the holder's own account can carry it). Only while it is still
 * in that state (active, that CCCD, never eID-verified, a password): a second request finds nothing to change.
 */
export async function closeUnverifiedAccountWithCccd(db: Handle, id: string, input: { cccd: string; at: string }): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({ status: "disabled", cccd: null, updated_at: input.at })
    .where("id", "=", id)
    .where("kind", "=", "citizen")
    .where("status", "=", "active")
    .where("cccd", "=", input.cccd)
    .where("eid_verified_at", "is", null)
    .where("password_hash", "is not", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Link an account registered with a CCCD to the eID holder of that CCCD, once they proved it is theirs; only while it
 * is still active, with that CCCD and never verified by eID (a request that lost a race changes nothing).
 */
export async function linkUnverifiedAccountWithCccd(db: Handle, id: string, cccd: string, values: Updateable<UsersTable>): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set(values)
    .where("id", "=", id)
    .where("kind", "=", "citizen")
    .where("status", "=", "active")
    .where("cccd", "=", cccd)
    .where("eid_verified_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** End every session of an account (its rows go; the cookies then open nothing). Returns how many. */
export async function deleteSessionsOf(db: Handle, userId: string): Promise<number> {
  const result = await db.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Did a write break a unique constraint (SQLite or PostgreSQL)? A concurrent request got there first. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE" || (typeof e?.message === "string" && e.message.startsWith("UNIQUE constraint failed"));
}

export async function emailOrCccdInUse(db: Handle, email: string | null, cccd: string | null): Promise<{ email: boolean; cccd: boolean }> {
  if (!email && !cccd) return { email: false, cccd: false };
  const rows = await db
    .selectFrom("users")
    .select(["email", "cccd"])
    .where((eb) => eb.or([...(email ? [eb("email", "=", email)] : []), ...(cccd ? [eb("cccd", "=", cccd)] : [])]))
    .execute();
  return { email: rows.some((r) => email !== null && r.email === email), cccd: rows.some((r) => cccd !== null && r.cccd === cccd) };
}

export async function insertToken(
  db: Handle,
  values: { id: string; userId: string; purpose: TokenPurpose; tokenHash: string; expiresAt: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto("user_tokens")
    .values({
      id: values.id,
      user_id: values.userId,
      purpose: values.purpose,
      token_hash: values.tokenHash,
      expires_at: values.expiresAt,
      used_at: null,
      created_at: values.createdAt,
    })
    .execute();
}

/** Spend a token: marks it used if it is unused, unexpired and of that purpose; returns its account. */
export async function useToken(db: Handle, tokenHash: string, purpose: TokenPurpose, now: string): Promise<string | null> {
  const row = await db
    .selectFrom("user_tokens")
    .select(["id", "user_id", "expires_at", "used_at"])
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= now) return null;
  const spent = await db.updateTable("user_tokens").set({ used_at: now }).where("id", "=", row.id).where("used_at", "is", null).executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1 ? row.user_id : null;
}

/** Is the token valid (without spending it)? For showing the form a link opens. */
export async function tokenIsUsable(db: Handle, tokenHash: string, purpose: TokenPurpose, now: string): Promise<boolean> {
  const row = await db
    .selectFrom("user_tokens")
    .select(["expires_at", "used_at"])
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  return Boolean(row && row.used_at === null && row.expires_at > now);
}

/** Older unused tokens of the same purpose stop working when a new one is sent. */
export async function expireTokens(db: Handle, userId: string, purpose: TokenPurpose, now: string): Promise<void> {
  await db.updateTable("user_tokens").set({ expires_at: now }).where("user_id", "=", userId).where("purpose", "=", purpose).where("used_at", "is", null).execute();
}

export async function insertConsent(db: Handle, values: { id: string; userId: string; purpose: string; version: string; at: string }): Promise<void> {
  await db
    .insertInto("consents")
    .values({ id: values.id, user_id: values.userId, purpose: values.purpose, version: values.version, granted_at: values.at, withdrawn_at: null })
    .execute();
}

export async function consentsOf(db: Handle, userId: string) {
  return db
    .selectFrom("consents")
    .select(["purpose", "version", "granted_at as grantedAt", "withdrawn_at as withdrawnAt"])
    .where("user_id", "=", userId)
    .orderBy("granted_at")
    .execute();
}

/** The organisations a citizen represents, with the role. */
export async function organisationsOf(db: Handle, userId: string) {
  return db
    .selectFrom("representatives as r")
    .innerJoin("organisations as o", "o.id", "r.organisation_id")
    .select(["o.id", "o.tax_code as taxCode", "o.name", "r.role"])
    .where("r.user_id", "=", userId)
    .orderBy("o.name")
    .execute();
}

/** An official's roles, by agency. */
export async function rolesOf(db: Handle, userId: string) {
  return db.selectFrom("official_roles").select(["agency_id as agencyId", "role"]).where("user_id", "=", userId).execute();
}

export async function tokenOwner(db: Handle, tokenHash: string): Promise<string | null> {
  const row = await db.selectFrom("user_tokens").select("user_id").where("token_hash", "=", tokenHash).executeTakeFirst();
  return row?.user_id ?? null;
}

export async function sessionRowsOf(db: Handle, userId: string) {
  return db
    .selectFrom("sessions")
    .select(["created_at as createdAt", "last_seen_at as lastSeenAt", "expires_at as expiresAt"])
    .where("user_id", "=", userId)
    .execute();
}

/** The audit trail of an account: what it did, and what was done to it. */
export async function accountEventsOf(db: Handle, userId: string) {
  return db
    .selectFrom("audit_events")
    .select(["occurred_at as at", "action", "ip"])
    .where((eb) => eb.or([eb("actor_id", "=", userId), eb.and([eb("entity_type", "=", "user"), eb("entity_id", "=", userId)])]))
    .orderBy("occurred_at")
    .execute();
}

/** Every account holding a sealed secret (an official's TOTP secret), for re-sealing under a new key. */
export async function sealedSecretRows(db: Handle) {
  return db
    .selectFrom("users")
    .select(["id", "email", "full_name as fullName", "totp_secret as sealed"])
    .where("totp_secret", "is not", null)
    .orderBy("id")
    .execute() as Promise<{ id: string; email: string | null; fullName: string; sealed: string }[]>;
}

/** Replace an account's sealed secret, only if it is still the one read (false when it changed meanwhile). */
export async function replaceSealedSecret(db: Handle, id: string, from: string, to: string): Promise<boolean> {
  const result = await db.updateTable("users").set({ totp_secret: to }).where("id", "=", id).where("totp_secret", "=", from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
