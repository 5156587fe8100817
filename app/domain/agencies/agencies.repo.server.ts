import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { AgencyAt } from "./agencies";

type Handle = Kysely<Database> | Transaction<Database>;

/** Every agency with the version valid on `date` (YYYY-MM-DD). */
export async function findAgenciesValidOn(db: Handle, date: string): Promise<AgencyAt[]> {
  const rows = await db
    .selectFrom("agency_versions as v")
    .innerJoin("agencies as a", "a.id", "v.agency_id")
    .select([
      "a.id",
      "a.code",
      "v.name",
      "v.short_name",
      "v.kind",
      "v.level",
      "v.parent_id",
      "v.admin_unit_code",
      "v.valid_from",
      "v.valid_to",
    ])
    .where("v.valid_from", "<=", date)
    .where((eb) => eb.or([eb("v.valid_to", "is", null), eb("v.valid_to", ">", date)]))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    level: r.level,
    parentId: r.parent_id,
    adminUnitCode: r.admin_unit_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }));
}

export async function findVersionsOf(db: Handle, agencyId: string) {
  return db
    .selectFrom("agency_versions")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .orderBy("valid_from")
    .execute();
}

export async function closeOpenVersion(
  db: Handle,
  agencyId: string,
  validTo: string,
  successorId: string | null,
): Promise<number> {
  const result = await db
    .updateTable("agency_versions")
    .set({ valid_to: validTo, successor_id: successorId })
    .where("agency_id", "=", agencyId)
    .where("valid_to", "is", null)
    .where("valid_from", "<", validTo)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertVersion(db: Handle, row: Database["agency_versions"]): Promise<void> {
  await db.insertInto("agency_versions").values(row).execute();
}

export async function findAgencyIdByCode(db: Handle, code: string): Promise<string | null> {
  const row = await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirst();
  return row?.id ?? null;
}

export async function countAdminUnits(db: Handle): Promise<{ level: number; count: number }[]> {
  const rows = await db
    .selectFrom("admin_units")
    .select((eb) => ["level", eb.fn.countAll<number>().as("count")])
    .groupBy("level")
    .orderBy("level")
    .execute();
  return rows.map((r) => ({ level: Number(r.level), count: Number(r.count) }));
}

// ---- Administration ------------------------------------------------------------------------------

export async function findAgencyById(db: Handle, id: string) {
  return db.selectFrom("agencies").select(["id", "code", "created_at as createdAt"]).where("id", "=", id).executeTakeFirst();
}

/** Is the code taken by any agency, in force or not (a code is never given twice)? */
export async function agencyCodeTaken(db: Handle, code: string): Promise<boolean> {
  return (await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirst()) !== undefined;
}

export async function insertAgency(db: Handle, row: Database["agencies"]): Promise<void> {
  await db.insertInto("agencies").values(row).execute();
}

/** The version of an agency valid on `date`, every column. */
export async function findVersionOn(db: Handle, agencyId: string, date: string) {
  return db
    .selectFrom("agency_versions")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .where("valid_from", "<=", date)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">", date)]))
    .executeTakeFirst();
}

export async function updateVersion(
  db: Handle,
  versionId: string,
  values: Partial<Omit<Database["agency_versions"], "id" | "agency_id" | "created_at">>,
): Promise<void> {
  await db.updateTable("agency_versions").set(values).where("id", "=", versionId).execute();
}

export async function deleteVersion(db: Handle, versionId: string): Promise<void> {
  await db.deleteFrom("agency_versions").where("id", "=", versionId).execute();
}

/** How many officials hold a role at each agency (each official once per agency). */
export async function countOfficialsByAgency(db: Handle): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("official_roles")
    .select((eb) => ["agency_id", eb.fn.count<number>("user_id").distinct().as("count")])
    .groupBy("agency_id")
    .execute();
  return new Map(rows.map((r) => [r.agency_id, Number(r.count)]));
}

/** The officials holding roles at an agency, one row per role. */
export async function findOfficialsAt(db: Handle, agencyId: string) {
  return db
    .selectFrom("official_roles as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["u.id", "u.full_name as fullName", "u.status", "r.role"])
    .where("r.agency_id", "=", agencyId)
    .orderBy("u.full_name")
    .orderBy("u.id")
    .orderBy("r.role")
    .execute();
}

/** An agency's name on a date (that version's), or its newest name when none is valid then. */
export async function findNameOn(db: Handle, agencyId: string, date: string): Promise<string | null> {
  const on = await findVersionOn(db, agencyId, date);
  if (on) return on.name;
  const newest = await db.selectFrom("agency_versions").select("name").where("agency_id", "=", agencyId).orderBy("valid_from", "desc").executeTakeFirst();
  return newest?.name ?? null;
}

/** Audit events about an agency, oldest first, with the acting official's name when known. */
export async function findAgencyEvents(db: Handle, agencyId: string) {
  return db
    .selectFrom("audit_events as e")
    .leftJoin("users as actor", "actor.id", "e.actor_id")
    .select(["e.id", "e.occurred_at as occurredAt", "e.action", "actor.full_name as actorName", "e.details"])
    .where("e.entity_type", "=", "agency")
    .where("e.entity_id", "=", agencyId)
    .orderBy("e.occurred_at")
    .orderBy("e.id")
    .execute();
}
