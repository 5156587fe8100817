import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";

// Queries of the catalog administration: draft versions live in procedure_versions with state 'draft'.

type Handle = Kysely<Database> | Transaction<Database>;

/** Every procedure with the light columns of all its versions (no content), for the administration's list. */
export async function findProceduresWithVersions(db: Handle) {
  const procedures = await db.selectFrom("procedures").select(["id", "code"]).orderBy("code").execute();
  const versions = await db
    .selectFrom("procedure_versions")
    .select(["id", "procedure_id as procedureId", "version", "state", "valid_from as validFrom", "name", "best_online_level as bestOnlineLevel"])
    .execute();
  return { procedures, versions };
}

export async function findDraftOfProcedure(db: Handle, procedureId: string) {
  return db
    .selectFrom("procedure_versions")
    .select(["id", "version"])
    .where("procedure_id", "=", procedureId)
    .where("state", "=", "draft")
    .executeTakeFirst();
}

export async function findLatestPublished(db: Handle, procedureId: string) {
  return db
    .selectFrom("procedure_versions")
    .select(["id", "version", "content"])
    .where("procedure_id", "=", procedureId)
    .where("state", "=", "published")
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function findVersionWithProcedure(db: Handle, versionId: string) {
  return db
    .selectFrom("procedure_versions as v")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .select(["v.id", "v.procedure_id as procedureId", "p.code", "v.version", "v.state", "v.content", "v.created_at as createdAt"])
    .where("v.id", "=", versionId)
    .executeTakeFirst();
}

export async function fieldExists(db: Handle, code: string): Promise<boolean> {
  return Boolean(await db.selectFrom("procedure_fields").select("code").where("code", "=", code).executeTakeFirst());
}

export async function updateDraftRow(
  db: Handle,
  versionId: string,
  values: { content: string; name: string; valid_from: string },
  /** Compare and set: only when the stored content is still this one (nobody saved in between). */
  expectedContent?: string,
): Promise<boolean> {
  let query = db.updateTable("procedure_versions").set(values).where("id", "=", versionId).where("state", "=", "draft");
  if (expectedContent !== undefined) query = query.where("content", "=", expectedContent);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markDraftPublished(
  db: Handle,
  versionId: string,
  values: Omit<Database["procedure_versions"], "id" | "procedure_id" | "version" | "state" | "created_at" | "created_by" | "content"> & {
    content: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable("procedure_versions")
    .set({ ...values, state: "published" })
    .where("id", "=", versionId)
    .where("state", "=", "draft")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteDraftRow(db: Handle, versionId: string): Promise<boolean> {
  const result = await db.deleteFrom("procedure_versions").where("id", "=", versionId).where("state", "=", "draft").executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function countVersions(db: Handle, procedureId: string): Promise<number> {
  const row = await db
    .selectFrom("procedure_versions")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("procedure_id", "=", procedureId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function deleteProcedureRow(db: Handle, procedureId: string) {
  await db.deleteFrom("procedures").where("id", "=", procedureId).execute();
}
