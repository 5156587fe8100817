// The public verification page's reads of result_signatures (migration 20261130T0700_signatures), Kysely only: what
// the portal signed, with the issuing agency's name as it was on the signing date and the procedure's name — never
// the applicant's personal data.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";

type Handle = Kysely<Database> | Transaction<Database>;

export interface IssuedResultRow {
  code: string;
  sha256: string;
  documentName: string;
  signerSubject: string;
  signedAt: string;
  agencyId: string;
  procedureName: string;
}

function issued(db: Handle) {
  return db
    .selectFrom("result_signatures as s")
    .innerJoin("dossiers as d", "d.id", "s.dossier_id")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .select(["s.code", "s.sha256", "s.document_name as documentName", "s.signer_subject as signerSubject", "s.signed_at as signedAt", "s.agency_id as agencyId", "v.name as procedureName"]);
}

/** The signed result of a normalised short code. */
export function issuedResultByCode(db: Handle, code: string): Promise<IssuedResultRow | undefined> {
  return issued(db).where("s.code", "=", code).executeTakeFirst();
}

/** The signed result whose bytes have this SHA-256 (the earliest, should the same bytes have been recorded twice). */
export function issuedResultBySha256(db: Handle, sha256: string): Promise<IssuedResultRow | undefined> {
  return issued(db).where("s.sha256", "=", sha256).orderBy("s.signed_at").orderBy("s.code").executeTakeFirst();
}

/** The agency's name in force on a date (YYYY-MM-DD): the newest version that started on or before it. */
export async function agencyNameOn(db: Handle, agencyId: string, date: string): Promise<string | null> {
  const atDate = await db.selectFrom("agency_versions").select("name").where("agency_id", "=", agencyId).where("valid_from", "<=", date).orderBy("valid_from", "desc").executeTakeFirst();
  if (atDate) return atDate.name;
  const first = await db.selectFrom("agency_versions").select("name").where("agency_id", "=", agencyId).orderBy("valid_from").executeTakeFirst();
  return first?.name ?? null;
}
