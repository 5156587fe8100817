import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";

// The officials' side of a dossier's payments (issue 9): what the catalog's fees are computed from. Every function
// takes the database or the transaction first.

type Handle = Kysely<Database> | Transaction<Database>;

/** The dossier with its answers, channel and version of the procedure, and the receiving agency's code and kind. */
export async function findDossierForFees(db: Handle, code: string) {
  return db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .innerJoin("agencies as ag", "ag.id", "d.agency_id")
    .select(["d.id", "d.code", "d.status", "d.agency_id as agencyId", "d.current_agency_id as currentAgencyId", "d.answers", "d.channel", "v.content", "ag.code as agencyCode"])
    .where("d.code", "=", code)
    .executeTakeFirst();
}

/** The agency's kind on a day (its version in force then), or null. */
export async function agencyKindOn(db: Handle, agencyId: string, date: string): Promise<string | null> {
  const row = await db
    .selectFrom("agency_versions")
    .select("kind")
    .where("agency_id", "=", agencyId)
    .where("valid_from", "<=", date)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">", date)]))
    .orderBy("valid_from", "desc")
    .executeTakeFirst();
  return row?.kind ?? null;
}
