import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, OnlineLevel } from "../../../db/schema";

type Handle = Kysely<Database> | Transaction<Database>;

/** JSON columns are text on SQLite and jsonb on PostgreSQL. */
export function parseJsonColumn<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** The versions in force on `date`: for each procedure, the published version that started last. */
function currentVersions(db: Handle, date: string) {
  return db
    .selectFrom("procedure_versions as v")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .where("v.state", "=", "published")
    .where("v.valid_from", "<=", date)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("procedure_versions as n")
            .select(sql`1`.as("one"))
            .whereRef("n.procedure_id", "=", "v.procedure_id")
            .where("n.state", "=", "published")
            .where("n.valid_from", "<=", date)
            .where((eb) =>
              eb.or([
                eb("n.valid_from", ">", eb.ref("v.valid_from")),
                eb.and([eb("n.valid_from", "=", eb.ref("v.valid_from")), eb("n.version", ">", eb.ref("v.version"))]),
              ]),
            ),
        ),
      ),
    );
}

export async function findCurrentIndexRows(db: Handle, date: string) {
  return currentVersions(db, date)
    .where("v.status", "=", "in_force")
    .select([
      "v.id as versionId",
      "p.code",
      "v.name",
      "v.field_code as fieldCode",
      "v.levels",
      "v.life_events as lifeEvents",
      "v.best_online_level as bestOnlineLevel",
      "v.search_text as searchText",
    ])
    .execute();
}

export async function findCurrentVersionByCode(db: Handle, code: string, date: string) {
  return currentVersions(db, date)
    .where("p.code", "=", code)
    .select(["v.id", "v.version", "v.valid_from", "v.published_at", "v.content", "v.status", "p.code"])
    .executeTakeFirst();
}

export async function findOfferingsOfVersion(db: Handle, versionId: string, date: string) {
  return db
    .selectFrom("procedure_offerings as o")
    .innerJoin("agency_versions as a", (j) =>
      j
        .onRef("a.agency_id", "=", "o.agency_id")
        .on("a.valid_from", "<=", date)
        .on((eb) => eb.or([eb("a.valid_to", "is", null), eb("a.valid_to", ">", date)])),
    )
    .innerJoin("agencies as ag", "ag.id", "o.agency_id")
    .select(["o.agency_id as agencyId", "ag.code", "a.name", "a.kind", "a.level", "a.admin_unit_code as adminUnitCode", "o.online_level as onlineLevel"])
    .where("o.version_id", "=", versionId)
    .orderBy("ag.code")
    .execute();
}

/** Which current versions an agency offers, with its online level. */
export async function findOffersOfAgency(db: Handle, agencyId: string): Promise<Map<string, OnlineLevel>> {
  const rows = await db
    .selectFrom("procedure_offerings")
    .select(["version_id", "online_level"])
    .where("agency_id", "=", agencyId)
    .execute();
  return new Map(rows.map((r) => [r.version_id, r.online_level]));
}

export async function findFields(db: Handle) {
  return db.selectFrom("procedure_fields").select(["code", "name"]).orderBy("name").execute();
}

export async function upsertField(db: Handle, field: { code: string; name: string }) {
  await db
    .insertInto("procedure_fields")
    .values(field)
    .onConflict((oc) => oc.column("code").doUpdateSet({ name: field.name }))
    .execute();
}

export async function findProcedureByCode(db: Handle, code: string) {
  return db.selectFrom("procedures").select(["id", "code"]).where("code", "=", code).executeTakeFirst();
}

export async function insertProcedure(db: Handle, row: Database["procedures"]) {
  await db.insertInto("procedures").values(row).execute();
}

export async function findLatestVersion(db: Handle, procedureId: string, state?: "published" | "draft") {
  let q = db
    .selectFrom("procedure_versions")
    .select(["id", "version", "content_hash", "state", "valid_from"])
    .where("procedure_id", "=", procedureId);
  if (state) q = q.where("state", "=", state);
  return q.orderBy("version", "desc").limit(1).executeTakeFirst();
}

export async function maxVersionNumber(db: Handle, procedureId: string): Promise<number> {
  const row = await db
    .selectFrom("procedure_versions")
    .select((eb) => eb.fn.max("version").as("max"))
    .where("procedure_id", "=", procedureId)
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

export async function insertVersion(db: Handle, row: Omit<Database["procedure_versions"], "content"> & { content: string }) {
  await db.insertInto("procedure_versions").values(row).execute();
}

export async function insertOfferings(db: Handle, rows: Database["procedure_offerings"][]) {
  // 1,000 rows × 5 columns stays under both engines' limits on bound parameters.
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insertInto("procedure_offerings").values(rows.slice(i, i + 1000)).execute();
  }
}

export async function bumpCatalogRevision(db: Handle, at: string) {
  await db
    .updateTable("catalog_state")
    .set((eb) => ({ revision: eb("revision", "+", 1), updated_at: at }))
    .where("id", "=", 1)
    .execute();
}

export async function getCatalogRevision(db: Handle): Promise<number> {
  const row = await db.selectFrom("catalog_state").select("revision").where("id", "=", 1).executeTakeFirst();
  return Number(row?.revision ?? 0);
}

export async function findCatalogFile(db: Handle, sha256: string) {
  return db.selectFrom("catalog_files").selectAll().where("sha256", "=", sha256).executeTakeFirst();
}

export async function insertCatalogFile(db: Handle, row: Database["catalog_files"]) {
  await db
    .insertInto("catalog_files")
    .values(row)
    .onConflict((oc) => oc.column("sha256").doNothing())
    .execute();
}

export async function findAllCurrentContents(db: Handle, date: string) {
  return currentVersions(db, date).select(["p.code", "v.content", "v.valid_from", "v.field_code"]).orderBy("p.code").execute();
}

/**
 * The procedures an agency offers (receives or decides) in their version in force on `date` or in a published
 * version starting later: what dissolving the agency would leave without it.
 */
export async function findProceduresOfferedBy(db: Handle, agencyId: string, date: string): Promise<{ code: string; name: string }[]> {
  const current = await currentVersions(db, date)
    .where("v.status", "=", "in_force")
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("procedure_offerings as o")
          .select(sql`1`.as("one"))
          .whereRef("o.version_id", "=", "v.id")
          .where((eb) => eb.or([eb("o.agency_id", "=", agencyId), eb("o.decider_id", "=", agencyId)])),
      ),
    )
    .select(["p.code", "v.name"])
    .execute();
  const later = await db
    .selectFrom("procedure_versions as v")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .where("v.state", "=", "published")
    .where("v.status", "=", "in_force")
    .where("v.valid_from", ">", date)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("procedure_offerings as o")
          .select(sql`1`.as("one"))
          .whereRef("o.version_id", "=", "v.id")
          .where((eb) => eb.or([eb("o.agency_id", "=", agencyId), eb("o.decider_id", "=", agencyId)])),
      ),
    )
    .select(["p.code", "v.name"])
    .execute();
  const byCode = new Map<string, string>();
  for (const row of [...current, ...later]) if (!byCode.has(row.code)) byCode.set(row.code, row.name);
  return [...byCode].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
}
