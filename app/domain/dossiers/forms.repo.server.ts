import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";

// The issued documents' queries (Kysely only): what the forms Mẫu 01–05 show, the rows of dossier_issued_documents,
// and the officials' access to them (the dossier's agency, current agency or the agency of one of its steps).

type Handle = Kysely<Database> | Transaction<Database>;

/** The dossier with its procedure version's name and content, the receiving agency's code and the organisation's name. */
export async function findDossierForForm(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .innerJoin("agencies as ag", "ag.id", "d.agency_id")
    .leftJoin("organisations as o", "o.id", "d.owner_organisation_id")
    .select([
      "d.id",
      "d.code",
      "d.agency_id as agencyId",
      "d.current_agency_id as currentAgencyId",
      "d.applicant",
      "d.channel",
      "d.received_at as receivedAt",
      "d.accepted_at as acceptedAt",
      "d.due_at as dueAt",
      "d.rescheduled_due_at as rescheduledDueAt",
      "v.name as procedureName",
      "v.content",
      "ag.code as agencyCode",
      "o.name as organisationName",
    ])
    .where("d.id", "=", dossierId)
    .executeTakeFirst();
}

/** An agency's name, kind and address as they were on `date` (YYYY-MM-DD). */
export async function findAgencyOn(db: Handle, agencyId: string, date: string) {
  return db
    .selectFrom("agency_versions")
    .select(["name", "kind", "address"])
    .where("agency_id", "=", agencyId)
    .where("valid_from", "<=", date)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">", date)]))
    .orderBy("valid_from", "desc")
    .executeTakeFirst();
}

/** Every version of these agencies (the caller picks the one valid on the day it needs), oldest first. */
export async function findAgencyVersions(db: Handle, agencyIds: readonly string[]) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom("agency_versions")
    .select(["agency_id as agencyId", "name", "valid_from as validFrom", "valid_to as validTo"])
    .where("agency_id", "in", [...new Set(agencyIds)])
    .orderBy("valid_from")
    .execute();
}

/** The indexes (in the version's list) of the documents the dossier was filed with. */
export async function findSubmittedDocumentIndexes(db: Handle, dossierId: string): Promise<number[]> {
  const rows = await db.selectFrom("dossier_documents").select("document_index").distinct().where("dossier_id", "=", dossierId).orderBy("document_index").execute();
  return rows.map((r) => Number(r.document_index));
}

export async function userNames(db: Handle, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "full_name"]).where("id", "in", wanted).execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

export async function findDossierEvent(db: Handle, dossierId: string, eventId: string) {
  return db
    .selectFrom("dossier_events")
    .select(["id", "at", "actor_id as actorId", "agency_id as agencyId", "note_key as noteKey", "note_params as noteParams"])
    .where("id", "=", eventId)
    .where("dossier_id", "=", dossierId)
    .executeTakeFirst();
}

/** The latest supplementation request of a dossier. */
export async function findLatestSupplement(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_supplements")
    .select(["requested_at as requestedAt", "requested_by as requestedBy", "agency_id as agencyId", "fields", "documents", "note", "justification", "respond_by as respondBy"])
    .where("dossier_id", "=", dossierId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function findDossierSteps(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_steps")
    .select(["seq", "name", "agency_id as agencyId", "from_agency_id as fromAgencyId", "handed_by as handedBy", "handled_by as handledBy", "started_at as startedAt", "due_at as dueAt", "ended_at as endedAt", "result", "outcome"])
    .where("dossier_id", "=", dossierId)
    .orderBy("seq")
    .execute();
}

export async function insertIssuedDocument(db: Handle, row: Database["dossier_issued_documents"]) {
  await db.insertInto("dossier_issued_documents").values(row).execute();
}

const issuedColumns = [
  "i.id",
  "i.kind",
  "i.file_name as fileName",
  "i.media_type as mediaType",
  "i.size_bytes as sizeBytes",
  "i.sha256",
  "i.audience",
  "i.created_at as createdAt",
] as const;

/** A dossier's issued documents, oldest first: those for the applicant only, or every one (officials). */
export async function findIssuedDocuments(db: Handle, dossierId: string, audience: "applicant" | "officials") {
  let q = db.selectFrom("dossier_issued_documents as i").select([...issuedColumns]).where("i.dossier_id", "=", dossierId);
  if (audience === "applicant") q = q.where("i.audience", "=", "applicant");
  return q.orderBy("i.created_at").orderBy("i.id").execute();
}

/** One issued document of a dossier (by its id), for the applicant only when audience is "applicant". */
export async function findIssuedDocument(db: Handle, dossierId: string, id: string, audience: "applicant" | "officials") {
  let q = db.selectFrom("dossier_issued_documents as i").select([...issuedColumns]).where("i.dossier_id", "=", dossierId).where("i.id", "=", id);
  if (audience === "applicant") q = q.where("i.audience", "=", "applicant");
  return q.executeTakeFirst();
}

/**
 * One issued document of the dossier with this code, when the dossier is in one of the agencies: its receiving agency,
 * its current agency, or the agency of one of its steps. Anything else is not found.
 */
export async function findIssuedDocumentInAgencies(db: Handle, agencyIds: readonly string[], code: string, id: string) {
  if (agencyIds.length === 0) return undefined;
  const agencies = [...agencyIds];
  return db
    .selectFrom("dossier_issued_documents as i")
    .innerJoin("dossiers as d", "d.id", "i.dossier_id")
    .select([...issuedColumns])
    .where("d.code", "=", code)
    .where("i.id", "=", id)
    .where((eb) =>
      eb.or([
        eb("d.agency_id", "in", agencies),
        eb("d.current_agency_id", "in", agencies),
        eb.exists(eb.selectFrom("dossier_steps as s").select("s.id").whereRef("s.dossier_id", "=", "d.id").where("s.agency_id", "in", agencies)),
      ]),
    )
    .executeTakeFirst();
}
