import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";

// The counter's queries (issue 6: a receiving officer files a dossier for a walk-in citizen). Every query takes the
// agencies where the officer holds the receiving role and filters on them.

type Handle = Kysely<Database> | Transaction<Database>;

/**
 * The published, in-force versions offered by these agencies (as receivers) that started by `date`, with the
 * agency's code, kind and name on the day. Several versions of one procedure may come back: the caller keeps the
 * one in force (latest valid_from, then version).
 */
export async function findOfferedVersions(db: Handle, agencyIds: readonly string[], date: string) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom("procedure_offerings as o")
    .innerJoin("procedure_versions as v", "v.id", "o.version_id")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .innerJoin("agencies as ag", "ag.id", "o.agency_id")
    .innerJoin("agency_versions as a", (j) =>
      j
        .onRef("a.agency_id", "=", "o.agency_id")
        .on("a.valid_from", "<=", date)
        .on((eb) => eb.or([eb("a.valid_to", "is", null), eb("a.valid_to", ">", date)])),
    )
    .select(["v.id as versionId", "v.version", "v.valid_from as validFrom", "v.name", "v.content", "p.code", "o.agency_id as agencyId", "ag.code as agencyCode", "a.kind as agencyKind", "a.name as agencyName"])
    .where("o.agency_id", "in", [...agencyIds])
    .where("v.state", "=", "published")
    .where("v.status", "=", "in_force")
    .where("v.valid_from", "<=", date)
    .execute();
}

/** The officer's own files among `ids` (scans uploaded at the counter), never deleted. */
export async function findOfficerFiles(db: Handle, userId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("files")
    .select(["id", "original_name as name", "size_bytes as sizeBytes", "media_type as mediaType"])
    .where("id", "in", [...ids])
    .where("owner_user_id", "=", userId)
    .where("owner_organisation_id", "is", null)
    .where("deleted_at", "is", null)
    .execute();
}

/** A dossier received by one of these agencies, for the counter's receipt panel. */
export async function findReceivedDossier(db: Handle, agencyIds: readonly string[], code: string) {
  if (agencyIds.length === 0) return undefined;
  return db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .select(["d.id", "d.code", "d.status", "d.channel", "d.applicant", "d.received_at as receivedAt", "d.accepted_at as acceptedAt", "d.due_at as dueAt", "v.name as procedureName"])
    .where("d.code", "=", code)
    .where("d.agency_id", "in", [...agencyIds])
    .executeTakeFirst();
}

/** The receipt (Mẫu 01) issued for a dossier, when the form issuer recorded one. */
export async function findReceipt(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_issued_documents")
    .select(["id", "created_at as createdAt"])
    .where("dossier_id", "=", dossierId)
    .where("kind", "=", "receipt")
    .orderBy("created_at", "desc")
    .executeTakeFirst();
}
