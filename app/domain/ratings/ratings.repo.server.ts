import type { ExpressionBuilder, Insertable, Kysely, Transaction, Updateable } from "kysely";
import type { Database } from "../../../db/schema";

// The ratings' queries (issue 10, item 1). Each takes the database or the transaction first; who may see a dossier is
// in the query (the owner for the portal, the returning officer's agencies for the kiosk).

type Handle = Kysely<Database> | Transaction<Database>;
export type RatingRow = Database["dossier_ratings"];

/** The owner's dossiers (the organisation acted for, else the account's own), as app/domain/dossiers scopes them. */
export type RatingOwner = { userId: string; organisationId: string | null };

function ownedBy(owner: RatingOwner) {
  return (eb: ExpressionBuilder<Database & { d: Database["dossiers"] }, "d">) =>
    owner.organisationId
      ? eb("d.owner_organisation_id", "=", owner.organisationId)
      : eb.and([eb("d.owner_user_id", "=", owner.userId), eb("d.owner_organisation_id", "is", null)]);
}

function dossiers(db: Handle) {
  return db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .select(["d.id", "d.code", "d.status", "d.agency_id as agencyId", "d.procedure_code as procedureCode", "v.name as procedureName", "d.applicant", "d.returned_at as returnedAt"]);
}

export type RatingDossier = NonNullable<Awaited<ReturnType<typeof findOwnedDossierForRating>>>;

export async function findOwnedDossierForRating(db: Handle, owner: RatingOwner, code: string) {
  return dossiers(db).where(ownedBy(owner)).where("d.code", "=", code).executeTakeFirst();
}

export async function findDossierForRatingById(db: Handle, id: string) {
  return dossiers(db).where("d.id", "=", id).executeTakeFirst();
}

/** A dossier received or returned by one of these agencies (the returning officer's). */
export async function findAgencyDossierForRating(db: Handle, agencyIds: readonly string[], code: string) {
  if (agencyIds.length === 0) return undefined;
  return dossiers(db)
    .where("d.code", "=", code)
    .where((eb) => eb.or([eb("d.agency_id", "in", agencyIds), eb("d.current_agency_id", "in", agencyIds)]))
    .executeTakeFirst();
}

export async function findRating(db: Handle, dossierId: string) {
  return db.selectFrom("dossier_ratings").selectAll().where("dossier_id", "=", dossierId).executeTakeFirst();
}

/** Insert unless the dossier already has one (a concurrent first rating): true when this one was inserted. */
export async function insertRatingIfAbsent(trx: Handle, row: Insertable<Database["dossier_ratings"]>): Promise<boolean> {
  const result = await trx
    .insertInto("dossier_ratings")
    .values(row)
    .onConflict((oc) => oc.column("dossier_id").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Change the rating seen at `version` (compare-and-set): false when somebody changed it meanwhile. */
export async function updateRating(trx: Handle, id: string, version: number, patch: Updateable<Database["dossier_ratings"]>): Promise<boolean> {
  const result = await trx
    .updateTable("dossier_ratings")
    .set({ ...patch, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function petitionCodeOf(db: Handle, petitionId: string): Promise<string | null> {
  const row = await db.selectFrom("petitions").select("code").where("id", "=", petitionId).executeTakeFirst();
  return row?.code ?? null;
}
