import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";

// The dossiers' queries (Kysely only). Every read for a citizen takes the owner (the account, or the organisation it
// acts for) and filters on it in the query.

type Handle = Kysely<Database> | Transaction<Database>;

/** Whose dossiers: the organisation acted for (all its representatives see them), else the account's own. */
export type DossierOwner = { userId: string; organisationId: string | null };

/** The owner's dossiers only (the table aliased "d"). */
function ownedBy(owner: DossierOwner) {
  return (eb: ExpressionBuilder<Database & { d: Database["dossiers"] }, "d">) =>
    owner.organisationId
      ? eb("d.owner_organisation_id", "=", owner.organisationId)
      : eb.and([eb("d.owner_user_id", "=", owner.userId), eb("d.owner_organisation_id", "is", null)]);
}

export async function findVersionForFiling(db: Handle, versionId: string) {
  return db
    .selectFrom("procedure_versions as v")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .select(["v.id", "v.procedure_id as procedureId", "p.code", "v.name", "v.state", "v.status", "v.content"])
    .where("v.id", "=", versionId)
    .executeTakeFirst();
}

/** The agency, when it offers this version: its code, name (on the day) and kind. */
export async function findOfferingAgency(db: Handle, versionId: string, agencyId: string, date: string) {
  return db
    .selectFrom("procedure_offerings as o")
    .innerJoin("agencies as ag", "ag.id", "o.agency_id")
    .innerJoin("agency_versions as a", (j) =>
      j
        .onRef("a.agency_id", "=", "o.agency_id")
        .on("a.valid_from", "<=", date)
        .on((eb) => eb.or([eb("a.valid_to", "is", null), eb("a.valid_to", ">", date)])),
    )
    .select(["ag.id", "ag.code", "a.name", "a.kind", "o.online_level as onlineLevel"])
    .where("o.version_id", "=", versionId)
    .where("o.agency_id", "=", agencyId)
    .executeTakeFirst();
}

/**
 * The files among `ids` that this owner may attach: uploaded by the account for itself, or for the organisation it
 * acts for; never deleted. Ownership is in the query: somebody else's file is simply not found.
 */
export async function findAttachableFiles(db: Handle, ids: readonly string[], owner: DossierOwner) {
  if (ids.length === 0) return [];
  let q = db
    .selectFrom("files")
    .select(["id", "media_type as mediaType", "size_bytes as sizeBytes", "original_name as originalName"])
    .where("id", "in", [...ids])
    .where("deleted_at", "is", null);
  q = owner.organisationId
    ? q.where("owner_organisation_id", "=", owner.organisationId)
    : q.where("owner_user_id", "=", owner.userId).where("owner_organisation_id", "is", null);
  return q.execute();
}

export async function findDossierByIdempotencyKey(db: Handle, userId: string, key: string) {
  return db.selectFrom("dossiers").select(["id", "code"]).where("owner_user_id", "=", userId).where("idempotency_key", "=", key).executeTakeFirst();
}

/**
 * The next number of the day's sequence of an agency, in the caller's transaction: one statement that creates the
 * row at 1 or increments it, returning the value. On PostgreSQL the row stays locked until the transaction ends, so
 * concurrent submissions wait for each other; on SQLite the transaction already holds the write lock (BEGIN
 * IMMEDIATE). A rolled-back submission rolls its increment back too: the committed codes have no gaps.
 */
export async function nextCodeSequence(trx: Transaction<Database>, agencyId: string, day: string): Promise<number> {
  const row = await trx
    .insertInto("dossier_code_sequences")
    .values({ agency_id: agencyId, day, last_value: 1 })
    .onConflict((oc) => oc.columns(["agency_id", "day"]).doUpdateSet({ last_value: sql<number>`dossier_code_sequences.last_value + 1` }))
    .returning("last_value")
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}

export async function insertDossier(trx: Transaction<Database>, row: Insertable<Database["dossiers"]>) {
  await trx.insertInto("dossiers").values(row).execute();
}

export async function insertDossierDocuments(trx: Transaction<Database>, rows: Database["dossier_documents"][]) {
  if (rows.length > 0) await trx.insertInto("dossier_documents").values(rows).execute();
}

export async function insertDossierEvent(trx: Transaction<Database>, row: Insertable<Database["dossier_events"]>) {
  await trx.insertInto("dossier_events").values(row).execute();
}

export async function insertNotification(trx: Transaction<Database>, row: Database["notifications"]) {
  await trx.insertInto("notifications").values(row).execute();
}

/** The owner's in-app notifications, newest first (an organisation's are seen by every representative acting for it). */
export async function findNotifications(db: Handle, owner: DossierOwner, limit: number) {
  let q = db
    .selectFrom("notifications as n")
    .leftJoin("dossiers as d", "d.id", "n.dossier_id")
    .select(["n.id", "n.kind", "n.created_at as createdAt", "n.read_at as readAt", "d.code"]);
  q = owner.organisationId ? q.where("n.organisation_id", "=", owner.organisationId) : q.where("n.user_id", "=", owner.userId).where("n.organisation_id", "is", null);
  return q.orderBy("n.created_at", "desc").orderBy("n.id", "desc").limit(limit).execute();
}

/** Mark the owner's unread notifications read; how many were. */
export async function markNotificationsRead(db: Handle, owner: DossierOwner, at: string): Promise<number> {
  let q = db.updateTable("notifications").set({ read_at: at }).where("read_at", "is", null);
  q = owner.organisationId ? q.where("organisation_id", "=", owner.organisationId) : q.where("user_id", "=", owner.userId).where("organisation_id", "is", null);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findUserContact(db: Handle, userId: string) {
  return db.selectFrom("users").select(["id", "full_name as fullName", "email", "email_verified_at as emailVerifiedAt"]).where("id", "=", userId).executeTakeFirst();
}

const summaryColumns = [
  "d.id",
  "d.code",
  "d.status",
  "d.received_at as receivedAt",
  "d.acceptance_due_at as acceptanceDueAt",
  "d.due_at as dueAt",
  "d.agency_id as agencyId",
  "d.procedure_code as procedureCode",
  "v.name as procedureName",
] as const;

function dossiersWithVersion(db: Handle) {
  return db.selectFrom("dossiers as d").innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id");
}

export async function countOwnedDossiers(db: Handle, owner: DossierOwner, status: number | null) {
  let q = db.selectFrom("dossiers as d").select((eb) => eb.fn.countAll<number | string>().as("n")).where(ownedBy(owner));
  if (status !== null) q = q.where("d.status", "=", status);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function listOwnedDossiers(db: Handle, owner: DossierOwner, status: number | null, limit: number, offset: number) {
  let q = dossiersWithVersion(db).select([...summaryColumns]).where(ownedBy(owner));
  if (status !== null) q = q.where("d.status", "=", status);
  return q.orderBy("d.received_at", "desc").orderBy("d.code", "desc").limit(limit).offset(offset).execute();
}

const fullColumns = [
  ...summaryColumns,
  "d.applicant",
  "d.answers",
  "d.channel",
  "d.version",
  "d.owner_user_id as ownerUserId",
  "d.owner_organisation_id as ownerOrganisationId",
] as const;

export async function findOwnedDossier(db: Handle, owner: DossierOwner, code: string) {
  return dossiersWithVersion(db).select([...fullColumns]).where(ownedBy(owner)).where("d.code", "=", code).executeTakeFirst();
}

/** A dossier by code, for the public tracking page (the caller checks the second factor before showing anything). */
export async function findDossierForTracking(db: Handle, code: string) {
  return dossiersWithVersion(db).select([...summaryColumns, "d.applicant"]).where("d.code", "=", code).executeTakeFirst();
}

export async function findDossierDocuments(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_documents as dd")
    .innerJoin("files as f", "f.id", "dd.file_id")
    .leftJoin("signature_reports as sr", "sr.file_id", "f.id")
    .select(["dd.document_index as documentIndex", "dd.document_name as documentName", "dd.position", "f.original_name as fileName", "f.size_bytes as sizeBytes", "f.media_type as mediaType", "f.signature_status as signatureStatus", "sr.report as signatureReport"])
    .where("dd.dossier_id", "=", dossierId)
    .orderBy("dd.document_index")
    .orderBy("dd.position")
    .execute();
}

/** The history, oldest first, with the name of the acting unit on the day it acted. */
export async function findDossierEvents(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_events as e")
    .leftJoin("agency_versions as a", (j) =>
      j
        .onRef("a.agency_id", "=", "e.agency_id")
        .on((eb) => eb("a.valid_from", "<=", eb.fn<string>("substr", [eb.ref("e.at"), sql.lit(1), sql.lit(10)])))
        .on((eb) => eb.or([eb("a.valid_to", "is", null), eb("a.valid_to", ">", eb.fn<string>("substr", [eb.ref("e.at"), sql.lit(1), sql.lit(10)]))])),
    )
    .select(["e.id", "e.at", "e.status_from as statusFrom", "e.status_to as statusTo", "e.actor_type as actorType", "e.note_key as noteKey", "e.note_params as noteParams", "e.clock", "a.name as agencyName"])
    .where("e.dossier_id", "=", dossierId)
    .orderBy("e.at")
    .orderBy("e.id")
    .execute();
}

export async function findAgencyName(db: Handle, agencyId: string, date: string) {
  const row = await db
    .selectFrom("agency_versions")
    .select("name")
    .where("agency_id", "=", agencyId)
    .where("valid_from", "<=", date)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">", date)]))
    .executeTakeFirst();
  return row?.name ?? null;
}
