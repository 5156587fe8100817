import type { Insertable, Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";

// The officials' dossier page's queries (issue 6): every read of a dossier is by code AND the agencies where the
// official may read dossiers (its receiving agency, the agency it is at now, or an agency of one of its steps), so a
// dossier of another agency is simply not found.

type Handle = Kysely<Database> | Transaction<Database>;

/** The dossier's id when one of `agencyIds` may see it (receiving, current, or a step's agency); else undefined. */
export async function findVisibleDossierId(db: Handle, code: string, agencyIds: readonly string[]): Promise<string | undefined> {
  if (agencyIds.length === 0) return undefined;
  const row = await db
    .selectFrom("dossiers as d")
    .select("d.id")
    .where("d.code", "=", code)
    .where((eb) =>
      eb.or([
        eb("d.agency_id", "in", agencyIds),
        eb("d.current_agency_id", "in", agencyIds),
        eb.exists(eb.selectFrom("dossier_steps as s").select("s.id").whereRef("s.dossier_id", "=", "d.id").where("s.agency_id", "in", agencyIds)),
      ]),
    )
    .executeTakeFirst();
  return row?.id;
}

/** The rest of the dossier row the page shows (beyond findDossierForAction). */
export async function findDossierExtras(db: Handle, id: string) {
  return db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .select(["d.procedure_code as procedureCode", "d.result_ready_at as resultReadyAt", "d.returned_at as returnedAt", "d.return_channel as returnChannel", "d.assignee_id as assigneeId", "v.name as procedureName"])
    .where("d.id", "=", id)
    .executeTakeFirstOrThrow();
}

/** The files of the dossier's documents, with their ids (for the officials' download links). */
export async function findDossierFiles(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_documents as dd")
    .innerJoin("files as f", "f.id", "dd.file_id")
    .select(["dd.document_index as documentIndex", "dd.document_name as documentName", "dd.position", "f.id as fileId", "f.original_name as fileName", "f.size_bytes as sizeBytes", "f.media_type as mediaType"])
    .where("dd.dossier_id", "=", dossierId)
    .orderBy("dd.document_index")
    .orderBy("dd.position")
    .execute();
}

/** One file of a dossier's documents (only that dossier's): what a download needs. */
export async function findDossierFile(db: Handle, dossierId: string, fileId: string) {
  return db
    .selectFrom("dossier_documents as dd")
    .innerJoin("files as f", "f.id", "dd.file_id")
    .select(["f.id", "f.sha256", "f.size_bytes as sizeBytes", "f.media_type as mediaType", "f.original_name as name"])
    .where("dd.dossier_id", "=", dossierId)
    .where("dd.file_id", "=", fileId)
    .executeTakeFirst();
}

/** The control sheet's rows (Mẫu 05), in order, with the names of the officials who handed over and held each step. */
export async function findSteps(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_steps as s")
    .leftJoin("users as hb", "hb.id", "s.handed_by")
    .leftJoin("users as hd", "hd.id", "s.handled_by")
    .select([
      "s.id",
      "s.seq",
      "s.name",
      "s.role",
      "s.agency_id as agencyId",
      "s.from_agency_id as fromAgencyId",
      "hb.full_name as handedBy",
      "hd.full_name as handledBy",
      "s.started_at as startedAt",
      "s.due_at as dueAt",
      "s.ended_at as endedAt",
      "s.result",
      "s.outcome",
    ])
    .where("s.dossier_id", "=", dossierId)
    .orderBy("s.seq")
    .execute();
}

/** The names of agencies on a date. */
export async function findAgencyNames(db: Handle, ids: readonly string[], date: string): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("agency_versions")
    .select(["agency_id", "name"])
    .where("agency_id", "in", [...new Set(ids)])
    .where("valid_from", "<=", date)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">", date)]))
    .execute();
  return new Map(rows.map((r) => [r.agency_id, r.name]));
}

/** The history with the note's params, oldest first. */
export async function findEvents(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select(["e.id", "e.at", "e.status_from as statusFrom", "e.status_to as statusTo", "e.actor_type as actorType", "u.full_name as actorName", "e.agency_id as agencyId", "e.note_key as noteKey", "e.note_params as noteParams", "e.clock"])
    .where("e.dossier_id", "=", dossierId)
    .orderBy("e.at")
    .orderBy("e.id")
    .execute();
}

/** The supplementation request still waiting for the applicant, if any. */
export async function findOpenSupplementRequest(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_supplements")
    .select(["seq", "requested_at as requestedAt", "fields", "documents", "note", "justification", "respond_by as respondBy"])
    .where("dossier_id", "=", dossierId)
    .where("closed", "is", null)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The officials' internal notes, oldest first, with their authors. */
export async function findNotes(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_notes as n")
    .innerJoin("users as u", "u.id", "n.author_id")
    .select(["n.id", "n.at", "n.body", "n.agency_id as agencyId", "u.full_name as author"])
    .where("n.dossier_id", "=", dossierId)
    .orderBy("n.at")
    .orderBy("n.id")
    .execute();
}

export async function insertNoteRow(db: Handle, row: Insertable<Database["dossier_notes"]>) {
  await db.insertInto("dossier_notes").values(row).execute();
}

/** What the portal issued for the dossier (forms and the result), newest first. */
export async function findIssuedDocuments(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_issued_documents")
    .select(["id", "kind", "file_name as fileName", "size_bytes as sizeBytes", "created_at as createdAt", "audience"])
    .where("dossier_id", "=", dossierId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}
