import type { ExpressionBuilder, Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { DossierOwner } from "./dossiers.repo.server";

// The applicant's side of a supplementation request (issue 6): reads only. Every read for a citizen takes the owner
// (the account, or the organisation it acts for) and filters on it in the query; the answer is written by the
// back-office engine (applyAction "resubmit").

type Handle = Kysely<Database> | Transaction<Database>;

/** The owner's dossiers only (the table aliased "d"). */
function ownedBy(owner: DossierOwner) {
  return (eb: ExpressionBuilder<Database & { d: Database["dossiers"] }, "d">) =>
    owner.organisationId
      ? eb("d.owner_organisation_id", "=", owner.organisationId)
      : eb.and([eb("d.owner_user_id", "=", owner.userId), eb("d.owner_organisation_id", "is", null)]);
}

/** The owner's dossier by code with what the supplementation page needs (its procedure version's content). */
export async function findOwnedDossierForSupplement(db: Handle, owner: DossierOwner, code: string) {
  return db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .select(["d.id", "d.code", "d.status", "d.version", "d.answers", "d.due_at as dueAt", "v.name as procedureName", "v.content"])
    .where(ownedBy(owner))
    .where("d.code", "=", code)
    .executeTakeFirst();
}

/** The back-office columns the owner's dossier page shows (the dossier was found by its owner first). */
export async function findDossierProgress(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .select([
      "d.status",
      "d.version",
      "d.rescheduled_due_at as rescheduledDueAt",
      "d.result_ready_at as resultReadyAt",
      "d.returned_at as returnedAt",
      "d.return_channel as returnChannel",
      "v.content",
    ])
    .where("d.id", "=", dossierId)
    .executeTakeFirst();
}

/** The files attached to the dossier's documents, with their wallet rows. */
export async function findDossierFiles(db: Handle, dossierId: string) {
  const rows = await db
    .selectFrom("dossier_documents as dd")
    .innerJoin("files as f", "f.id", "dd.file_id")
    .select(["dd.document_index as documentIndex", "f.id", "f.original_name as name", "f.size_bytes as sizeBytes", "f.media_type as mediaType", "f.created_at as createdAt"])
    .where("dd.dossier_id", "=", dossierId)
    .orderBy("dd.document_index")
    .orderBy("dd.position")
    .execute();
  return rows.map((r) => ({ ...r, sizeBytes: Number(r.sizeBytes) }));
}
