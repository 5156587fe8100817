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
