import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";

// The officials' reconciliation queries (issue 9, shared/domain/payments.md §3, §5.3): statement imports by content,
// the day's statement lines with the attempt (and dossier) each was matched to, the review queue, officers' names.
// Every function takes the database or the transaction first; money comes back as a number.

type Handle = Kysely<Database> | Transaction<Database>;

export async function statementImportBySha(db: Handle, sha256: string) {
  return db.selectFrom("statement_imports").select(["id", "imported_at as importedAt", "file_name as fileName"]).where("sha256", "=", sha256).executeTakeFirst();
}

const lineColumns = [
  "l.id",
  "l.import_id as importId",
  "l.row_number as rowNumber",
  "l.booked_on as bookedOn",
  "l.amount",
  "l.description",
  "l.bank_ref as bankRef",
  "l.match",
  "l.attempt_id as attemptId",
  "l.resolved_at as resolvedAt",
  "a.reference as reference",
  "a.amount as attemptAmount",
  "a.state as attemptState",
  "a.created_at as attemptCreatedAt",
  "a.paid_at as attemptPaidAt",
  "d.code as dossierCode",
  "d.agency_id as agencyId",
  "r.lines as requestLines",
] as const;

function linesWithAttempts(db: Handle) {
  return db
    .selectFrom("statement_lines as l")
    .leftJoin("payment_attempts as a", "a.id", "l.attempt_id")
    .leftJoin("payment_requests as r", "r.id", "a.request_id")
    .leftJoin("dossiers as d", "d.id", "r.dossier_id")
    .select(lineColumns);
}

/** The statement lines booked on a day (YYYY-MM-DD, as the bank prints it), with the attempt and dossier of each. */
export async function statementLinesOfDay(db: Handle, day: string) {
  return linesWithAttempts(db).where("l.booked_on", "=", day).orderBy("l.import_id").orderBy("l.row_number").execute();
}

/** Statement lines not matched and not resolved yet (the suspense list), newest booking first. */
export async function unresolvedLines(db: Handle, limit: number) {
  return linesWithAttempts(db).where("l.match", "<>", "matched").where("l.resolved_at", "is", null).orderBy("l.booked_on", "desc").orderBy("l.row_number").limit(limit).execute();
}

export async function lineWithAttempt(db: Handle, id: string) {
  return linesWithAttempts(db).where("l.id", "=", id).executeTakeFirst();
}

/** Attempts flagged for review (another amount, a duplicate, suspected fraud, a cancelled request) not reviewed yet. */
export async function attemptsToReview(db: Handle, agencyIds: readonly string[], limit: number) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom("payment_attempts as a")
    .innerJoin("payment_requests as r", "r.id", "a.request_id")
    .innerJoin("dossiers as d", "d.id", "r.dossier_id")
    .select(["a.id", "a.reference", "a.provider", "a.amount", "a.state", "a.review_reason as reviewReason", "a.created_at as createdAt", "a.paid_at as paidAt", "r.total as requestTotal", "d.code as dossierCode", "d.agency_id as agencyId"])
    .where("a.review_reason", "is not", null)
    .where("a.reviewed_at", "is", null)
    .where("d.agency_id", "in", agencyIds)
    .orderBy("a.created_at", "asc")
    .limit(limit)
    .execute();
}

export async function attemptWithDossier(db: Handle, id: string) {
  return db
    .selectFrom("payment_attempts as a")
    .innerJoin("payment_requests as r", "r.id", "a.request_id")
    .innerJoin("dossiers as d", "d.id", "r.dossier_id")
    .select(["a.id", "a.reference", "a.review_reason as reviewReason", "a.reviewed_at as reviewedAt", "d.code as dossierCode", "d.agency_id as agencyId"])
    .where("a.id", "=", id)
    .executeTakeFirst();
}

export async function userNames(db: Handle, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "full_name"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}
