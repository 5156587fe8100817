import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { DraftOwner } from "./seams";

// Drafts of online filings: every query takes the owner and filters on it (a foreign draft is not found).

type Handle = Kysely<Database> | Transaction<Database>;

/** JSON columns are text on SQLite and jsonb on PostgreSQL. */
export function readJson(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

function owned<Q extends { where: (...args: any[]) => Q }>(q: Q, owner: DraftOwner, alias = "d"): Q {
  return owner.organisationId
    ? q.where(`${alias}.owner_organisation_id`, "=", owner.organisationId)
    : q.where(`${alias}.owner_user_id`, "=", owner.userId).where(`${alias}.owner_organisation_id`, "is", null);
}

export async function insertDraft(db: Handle, row: Database["filing_drafts"]) {
  await db.insertInto("filing_drafts").values(row).execute();
}

/** The owner's draft that has not expired, with its procedure version and agency. */
export async function findOwnDraft(db: Handle, owner: DraftOwner, id: string, now: string) {
  return owned(
    db
      .selectFrom("filing_drafts as d")
      .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
      .innerJoin("procedures as p", "p.id", "v.procedure_id")
      .innerJoin("agencies as a", "a.id", "d.agency_id")
      .selectAll("d")
      .select(["v.content as content", "v.name as procedureName", "v.version as versionNumber", "p.code as procedureCode", "a.code as agencyCode"])
      .where("d.id", "=", id)
      .where("d.expires_at", ">", now),
    owner,
  ).executeTakeFirst();
}

export async function listOwnDrafts(db: Handle, owner: DraftOwner, now: string) {
  return owned(
    db
      .selectFrom("filing_drafts as d")
      .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
      .innerJoin("procedures as p", "p.id", "v.procedure_id")
      .select(["d.id", "d.agency_id as agencyId", "d.updated_at as updatedAt", "d.expires_at as expiresAt", "v.name as procedureName", "p.code as procedureCode"])
      .where("d.expires_at", ">", now)
      .orderBy("d.updated_at", "desc")
      .limit(100),
    owner,
  ).execute();
}

export type DraftPatch = Partial<Pick<Database["filing_drafts"], "applicant" | "on_behalf_of" | "answers" | "documents" | "declaration_at">> & {
  updated_at: string;
  expires_at: string;
};

/** Update the owner's draft if it is still at `version`; returns whether it was (0 rows: changed elsewhere). */
export async function updateOwnDraft(db: Handle, owner: DraftOwner, id: string, version: number, patch: DraftPatch): Promise<boolean> {
  let q = db
    .updateTable("filing_drafts as d")
    .set((eb) => ({ ...patch, version: eb("d.version", "+", 1) }))
    .where("d.id", "=", id)
    .where("d.version", "=", version);
  q = owned(q, owner);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteOwnDraft(db: Handle, owner: DraftOwner, id: string): Promise<boolean> {
  const result = await owned(db.deleteFrom("filing_drafts as d").where("d.id", "=", id), owner).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function deleteExpiredDrafts(db: Handle, now: string): Promise<number> {
  const result = await db.deleteFrom("filing_drafts").where("expires_at", "<=", now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The agency as it is on `date`. */
export async function findAgencyOn(db: Handle, agencyId: string, date: string) {
  return db
    .selectFrom("agency_versions as a")
    .innerJoin("agencies as ag", "ag.id", "a.agency_id")
    .select(["ag.id", "ag.code", "a.name", "a.kind"])
    .where("a.agency_id", "=", agencyId)
    .where("a.valid_from", "<=", date)
    .where((eb) => eb.or([eb("a.valid_to", "is", null), eb("a.valid_to", ">", date)]))
    .executeTakeFirst();
}

/** Whether the version offers online filing at the agency. */
export async function findOnlineOffering(db: Handle, versionId: string, agencyId: string) {
  return db
    .selectFrom("procedure_offerings")
    .select(["agency_id", "online_level"])
    .where("version_id", "=", versionId)
    .where("agency_id", "=", agencyId)
    .where("online_level", "!=", "INFO")
    .executeTakeFirst();
}

/** The owner's wallet: files they uploaded or received, not removed. */
export async function findWalletFiles(db: Handle, owner: DraftOwner, ids?: readonly string[]) {
  let q = db
    .selectFrom("files as f")
    .leftJoin("signature_reports as sr", "sr.file_id", "f.id")
    .select(["f.id", "f.original_name as name", "f.media_type as mediaType", "f.size_bytes as sizeBytes", "f.created_at as createdAt", "f.signature_status as signatureStatus", "sr.report as signatureReport"])
    .where("f.deleted_at", "is", null);
  q = owner.organisationId
    ? q.where("f.owner_organisation_id", "=", owner.organisationId)
    : q.where("f.owner_user_id", "=", owner.userId).where("f.owner_organisation_id", "is", null);
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where("f.id", "in", [...ids]);
  }
  return q.orderBy("f.created_at", "desc").limit(200).execute();
}
