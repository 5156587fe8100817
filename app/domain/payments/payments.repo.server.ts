import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from "kysely";
import type { Database, PaymentStateColumn } from "../../../db/schema";
import { engineOf } from "../../platform/db.server";

// The payments' queries (issue 9). Every function takes the database or the transaction first. Money comes back as a
// number on both engines (bigint is parsed as a number).

type Handle = Kysely<Database> | Transaction<Database>;
type Trx = Transaction<Database>;
export type RequestRow = Database["payment_requests"];
export type AttemptRow = Database["payment_attempts"];
export type ReceiptRow = Database["payment_receipts"];

export async function insertRequest(trx: Trx, row: Insertable<RequestRow>) {
  await trx.insertInto("payment_requests").values(row).execute();
}

export async function insertAttempt(trx: Trx, row: Insertable<AttemptRow>) {
  await trx.insertInto("payment_attempts").values(row).execute();
}

export async function insertCallback(db: Handle, row: Database["payment_callbacks"]) {
  await db.insertInto("payment_callbacks").values(row).execute();
}

export async function setCallbackOutcome(db: Handle, id: string, outcome: string) {
  await db.updateTable("payment_callbacks").set({ outcome }).where("id", "=", id).execute();
}

/** The dossier a payment belongs to, with what the payment pages and rules need of it. */
const dossierColumns = [
  "d.id as dossierId",
  "d.code as dossierCode",
  "d.status as dossierStatus",
  "d.version as dossierVersion",
  "d.agency_id as agencyId",
  "d.current_agency_id as currentAgencyId",
  "d.owner_user_id as ownerUserId",
  "d.owner_organisation_id as ownerOrganisationId",
  "d.applicant as applicant",
  "d.procedure_version_id as procedureVersionId",
  "d.waiting_for as waitingFor",
] as const;

export async function findDossierForPayment(db: Handle, code: string) {
  return db.selectFrom("dossiers as d").select(dossierColumns).where("d.code", "=", code).executeTakeFirst();
}

export async function findDossierForPaymentById(db: Handle, id: string) {
  return db.selectFrom("dossiers as d").select(dossierColumns).where("d.id", "=", id).executeTakeFirst();
}

export async function requestsOfDossier(db: Handle, dossierId: string) {
  return db.selectFrom("payment_requests").selectAll().where("dossier_id", "=", dossierId).orderBy("requested_at", "asc").orderBy("id", "asc").execute();
}

export async function findRequest(db: Handle, id: string) {
  return db.selectFrom("payment_requests").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The request, locked for the change (PostgreSQL; SQLite's write transaction is already exclusive). */
export async function lockRequest(trx: Trx, id: string) {
  const q = trx.selectFrom("payment_requests").selectAll().where("id", "=", id);
  return (engineOf(trx) === "postgres" ? q.forUpdate() : q).executeTakeFirst();
}

export async function updateRequest(trx: Trx, id: string, patch: Updateable<RequestRow>) {
  await trx
    .updateTable("payment_requests")
    .set({ ...patch, version: sql<number>`version + 1` })
    .where("id", "=", id)
    .execute();
}

export async function attemptsOfRequests(db: Handle, requestIds: readonly string[]) {
  if (requestIds.length === 0) return [];
  return db.selectFrom("payment_attempts").selectAll().where("request_id", "in", requestIds).orderBy("created_at", "asc").orderBy("id", "asc").execute();
}

export async function findAttemptByReference(db: Handle, reference: string) {
  return db.selectFrom("payment_attempts").selectAll().where("reference", "=", reference).executeTakeFirst();
}

export async function lockAttemptByReference(trx: Trx, reference: string) {
  const q = trx.selectFrom("payment_attempts").selectAll().where("reference", "=", reference);
  return (engineOf(trx) === "postgres" ? q.forUpdate() : q).executeTakeFirst();
}

export async function findAttempt(db: Handle, id: string) {
  return db.selectFrom("payment_attempts").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Applies a change only to the version read: false when someone changed the attempt meanwhile. */
export async function updateAttempt(trx: Trx, id: string, version: number, patch: Updateable<AttemptRow>): Promise<boolean> {
  const r = await trx
    .updateTable("payment_attempts")
    .set({ ...patch, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gateway attempts still open that reconciliation should ask about: pending and created before `before`. */
export async function attemptsToCheck(db: Handle, input: { provider: "vnpay"; createdBefore: string; createdAfter: string; checkedBefore: string; limit: number }) {
  return db
    .selectFrom("payment_attempts")
    .selectAll()
    .where("provider", "=", input.provider)
    .where("state", "in", ["created", "pending"] as PaymentStateColumn[])
    .where("created_at", "<", input.createdBefore)
    .where("created_at", ">", input.createdAfter)
    .where((eb) => eb.or([eb("last_checked_at", "is", null), eb("last_checked_at", "<", input.checkedBefore)]))
    .orderBy("created_at", "asc")
    .limit(input.limit)
    .execute();
}

/** Open attempts past their expiry that nobody will pay any more (VietQR transfers after their window, counter none). */
export async function openAttemptsExpiredBefore(db: Handle, provider: "vietqr", before: string, limit: number) {
  return db
    .selectFrom("payment_attempts")
    .selectAll()
    .where("provider", "=", provider)
    .where("state", "in", ["created", "pending"] as PaymentStateColumn[])
    .where("expires_at", "<", before)
    .limit(limit)
    .execute();
}

/** Unpaid requests of dossiers that ended without payment (refused 3, withdrawn 7, stopped 8). */
export async function requestsOfEndedDossiers(db: Handle, limit: number) {
  return db
    .selectFrom("payment_requests as r")
    .innerJoin("dossiers as d", "d.id", "r.dossier_id")
    .select(["r.id", "d.status"])
    .where("r.state", "in", ["created", "pending", "failed", "expired"] as PaymentStateColumn[])
    .where("d.status", "in", [3, 7, 8])
    .limit(limit)
    .execute();
}

export async function nextReceiptNumber(trx: Trx, templateSymbol: string, series: string): Promise<number> {
  const row = await trx
    .insertInto("receipt_sequences")
    .values({ template_symbol: templateSymbol, series, last_value: 1 })
    .onConflict((oc) => oc.columns(["template_symbol", "series"]).doUpdateSet({ last_value: sql<number>`receipt_sequences.last_value + 1` }))
    .returning("last_value")
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}

export async function insertReceipt(trx: Trx, row: Insertable<ReceiptRow>) {
  await trx.insertInto("payment_receipts").values(row).execute();
}

export async function receiptsOfRequests(db: Handle, requestIds: readonly string[]) {
  if (requestIds.length === 0) return [];
  return db.selectFrom("payment_receipts").selectAll().where("request_id", "in", requestIds).orderBy("issued_at", "asc").orderBy("number", "asc").execute();
}

export async function findReceipt(db: Handle, id: string) {
  return db.selectFrom("payment_receipts").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Receipts whose PDF is not in the payer's wallet yet (written after the payment's transaction). */
export async function receiptsWithoutFile(db: Handle, limit: number) {
  return db.selectFrom("payment_receipts").selectAll().where("file_id", "is", null).where("status", "=", "issued").orderBy("issued_at", "asc").limit(limit).execute();
}

export async function setReceiptFile(trx: Trx, id: string, fileId: string) {
  const r = await trx.updateTable("payment_receipts").set({ file_id: fileId }).where("id", "=", id).where("file_id", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateReceipt(trx: Trx, id: string, patch: Updateable<ReceiptRow>) {
  await trx.updateTable("payment_receipts").set(patch).where("id", "=", id).execute();
}

export async function insertWalletFile(trx: Trx, row: Database["files"]) {
  await trx.insertInto("files").values(row).execute();
}

/** Attempts of a provider paid, or checked, in a window (the daily reconciliation), with their dossier's agency. */
export async function attemptsForDay(db: Handle, input: { provider: "vnpay" | "vietqr" | "counter"; from: string; to: string; agencyIds: readonly string[] | "all" }) {
  let q = db
    .selectFrom("payment_attempts as a")
    .innerJoin("payment_requests as r", "r.id", "a.request_id")
    .innerJoin("dossiers as d", "d.id", "r.dossier_id")
    .selectAll("a")
    .select(["d.code as dossierCode", "d.agency_id as agencyId", "r.lines as requestLines"])
    .where("a.provider", "=", input.provider)
    .where((eb) =>
      eb.or([
        eb.and([eb("a.paid_at", ">=", input.from), eb("a.paid_at", "<", input.to)]),
        eb.and([eb("a.created_at", ">=", input.from), eb("a.created_at", "<", input.to)]),
      ]),
    );
  if (input.agencyIds !== "all") {
    if (input.agencyIds.length === 0) return [];
    q = q.where("d.agency_id", "in", input.agencyIds);
  }
  return q.orderBy("a.created_at", "asc").execute();
}

export async function callbacksFor(db: Handle, references: readonly string[], kinds: readonly ("ipn" | "querydr" | "return" | "refund")[]) {
  if (references.length === 0) return [];
  return db.selectFrom("payment_callbacks").selectAll().where("reference", "in", references).where("kind", "in", kinds).orderBy("received_at", "asc").execute();
}

export async function insertStatementImport(trx: Trx, row: Database["statement_imports"]) {
  await trx.insertInto("statement_imports").values(row).execute();
}

export async function insertStatementLines(trx: Trx, rows: Database["statement_lines"][]) {
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto("statement_lines").values(rows.slice(i, i + 200)).execute();
}

export async function knownBankRefs(db: Handle, refs: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < refs.length; i += 500) {
    const rows = await db.selectFrom("statement_lines").select("bank_ref").where("bank_ref", "in", refs.slice(i, i + 500)).execute();
    for (const r of rows) if (r.bank_ref) out.add(r.bank_ref);
  }
  return out;
}

export async function attemptsByReferences(db: Handle, references: readonly string[]) {
  if (references.length === 0) return [];
  const out: AttemptRow[] = [];
  for (let i = 0; i < references.length; i += 500) out.push(...(await db.selectFrom("payment_attempts").selectAll().where("reference", "in", references.slice(i, i + 500)).execute()));
  return out;
}

export async function statementLinesForDay(db: Handle, day: string) {
  return db.selectFrom("statement_lines").selectAll().where("booked_on", "=", day).orderBy("import_id").orderBy("row_number").execute();
}

export async function unresolvedStatementLines(db: Handle, limit: number) {
  return db
    .selectFrom("statement_lines")
    .selectAll()
    .where("match", "<>", "matched")
    .where("resolved_at", "is", null)
    .orderBy("booked_on", "desc")
    .limit(limit)
    .execute();
}

export async function resolveStatementLine(trx: Trx, id: string, patch: Updateable<Database["statement_lines"]>) {
  const r = await trx.updateTable("statement_lines").set(patch).where("id", "=", id).where("resolved_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findStatementLine(db: Handle, id: string) {
  return db.selectFrom("statement_lines").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The dossier's row changes a payment makes (pay-first: the clock starts from the payment; 6 → 4 goes through the engine). */
export async function updateDossierForPayment(trx: Trx, id: string, patch: Updateable<Database["dossiers"]>) {
  await trx
    .updateTable("dossiers")
    .set({ ...patch, version: sql<number>`version + 1` })
    .where("id", "=", id)
    .execute();
}

export async function insertDossierEvent(trx: Trx, row: Insertable<Database["dossier_events"]>) {
  await trx.insertInto("dossier_events").values(row).execute();
}

export async function insertNotification(trx: Trx, row: Database["notifications"]) {
  await trx.insertInto("notifications").values(row).execute();
}

export async function findUserContact(db: Handle, userId: string) {
  return db.selectFrom("users").select(["email", "full_name as fullName", "email_verified_at as emailVerifiedAt"]).where("id", "=", userId).executeTakeFirst();
}

/** Paid VNPay attempts flagged to go back: a duplicate payment, or a payment of a request that was cancelled. */
export async function attemptsToRefund(db: Handle, limit: number) {
  return db
    .selectFrom("payment_attempts")
    .selectAll()
    .where("provider", "=", "vnpay")
    .where("state", "=", "paid")
    .where("review_reason", "in", ["duplicate", "requestCancelled"])
    .where("reviewed_at", "is", null)
    .orderBy("paid_at", "asc")
    .limit(limit)
    .execute();
}
