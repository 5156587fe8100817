import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// Payments of fees and charges (issue 9; app/domain/payments/, shared/domain/payments.md, docs/decisions/0020):
//  - payment_requests: one obligation (a dossier's fees, paid first at submission or later at an official's request),
//    its lines (phí and lệ phí kept apart), its state as its attempts and decisions make it;
//  - payment_attempts: one gateway transaction (VNPay redirect, VietQR transfer) or a counter payment, each with its own
//    reference; the gateway's transaction number is unique per provider, so a replayed callback cannot credit twice;
//  - payment_callbacks: every callback and reconciliation answer, appended raw before it is processed;
//  - payment_receipts + receipt_sequences: the e-receipts (biên lai), numbered per template and series, gap-free;
//  - statement_imports + statement_lines: bank statements (CSV) and how each credit line was matched.

const inList = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);
const STATES = ["created", "pending", "paid", "failed", "expired", "cancelled", "refunded"];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("payment_requests")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("dossier_id", "varchar(36)", (c) => c.notNull().references("dossiers.id"))
    .addColumn("mode", "varchar(20)", (c) => c.notNull().check(inList("mode", ["pay_first", "pay_later"])))
    .addColumn("state", "varchar(20)", (c) => c.notNull().check(inList("state", STATES)))
    // [{ name, kind: "phi" | "le_phi", quantity, amount }] in whole đồng.
    .addColumn("lines", "text", (c) => c.notNull())
    .addColumn("total", "bigint", (c) => c.notNull())
    .addColumn("payer_name", "varchar(200)", (c) => c.notNull())
    .addColumn("note", "varchar(2000)")
    .addColumn("pay_by", "varchar(30)")
    .addColumn("requested_at", "varchar(30)", (c) => c.notNull())
    .addColumn("requested_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("paid_at", "varchar(30)")
    .addColumn("paid_attempt_id", "varchar(36)")
    .addColumn("cancelled_at", "varchar(30)")
    .addColumn("cancelled_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("cancel_reason", "varchar(2000)")
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("payment_requests_dossier").on("payment_requests").columns(["dossier_id", "requested_at"]).execute();
  await db.schema.createIndex("payment_requests_state").on("payment_requests").columns(["state", "requested_at"]).execute();

  await db.schema
    .createTable("payment_attempts")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("request_id", "varchar(36)", (c) => c.notNull().references("payment_requests.id"))
    .addColumn("reference", "varchar(20)", (c) => c.notNull().unique())
    .addColumn("provider", "varchar(20)", (c) => c.notNull().check(inList("provider", ["vnpay", "vietqr", "counter"])))
    .addColumn("amount", "bigint", (c) => c.notNull())
    .addColumn("state", "varchar(20)", (c) => c.notNull().check(inList("state", STATES)))
    .addColumn("late", "smallint", (c) => c.notNull().defaultTo(0))
    // Set when the gateway reported something we cannot take as it is (another amount, suspected fraud, a second payment).
    .addColumn("review_reason", "varchar(40)")
    .addColumn("reviewed_at", "varchar(30)")
    .addColumn("reviewed_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("provider_txn_no", "varchar(40)")
    .addColumn("bank_code", "varchar(20)")
    .addColumn("response_code", "varchar(10)")
    .addColumn("provider_paid_at", "varchar(30)")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    // The gateway's own create date (yyyyMMddHHmmss, Vietnam time): querydr and refund quote it back.
    .addColumn("provider_created", "varchar(14)")
    .addColumn("expires_at", "varchar(30)", (c) => c.notNull())
    .addColumn("payer_ip", "varchar(64)")
    .addColumn("created_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("paid_at", "varchar(30)")
    .addColumn("ended_at", "varchar(30)")
    .addColumn("last_checked_at", "varchar(30)")
    .addColumn("checks", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("refunded_at", "varchar(30)")
    .addColumn("refunded_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("refund_reason", "varchar(2000)")
    .addColumn("refund_method", "varchar(20)", (c) => c.check(inList("refund_method", ["gateway", "manual"])))
    .addColumn("version", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("payment_attempts_request").on("payment_attempts").columns(["request_id", "created_at"]).execute();
  await db.schema.createIndex("payment_attempts_state").on("payment_attempts").columns(["state", "created_at"]).execute();
  await db.schema.createIndex("payment_attempts_paid").on("payment_attempts").columns(["provider", "paid_at"]).execute();
  // One gateway transaction credits one attempt, once (a replayed or forged-but-signed callback cannot credit twice).
  await db.schema.createIndex("payment_attempts_provider_txn").on("payment_attempts").columns(["provider", "provider_txn_no"]).unique().execute();

  await db.schema
    .createTable("payment_callbacks")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("provider", "varchar(20)", (c) => c.notNull())
    .addColumn("kind", "varchar(20)", (c) => c.notNull().check(inList("kind", ["ipn", "return", "querydr", "refund"])))
    .addColumn("received_at", "varchar(30)", (c) => c.notNull())
    .addColumn("source_ip", "varchar(64)")
    .addColumn("raw", "text", (c) => c.notNull())
    .addColumn("signature_ok", "smallint", (c) => c.notNull())
    .addColumn("reference", "varchar(40)")
    // What we answered (IPN RspCode) or what we concluded.
    .addColumn("outcome", "varchar(40)")
    .execute();
  await db.schema.createIndex("payment_callbacks_reference").on("payment_callbacks").columns(["reference", "received_at"]).execute();
  await db.schema.createIndex("payment_callbacks_time").on("payment_callbacks").columns(["received_at"]).execute();

  await db.schema
    .createTable("receipt_sequences")
    .addColumn("template_symbol", "varchar(20)", (c) => c.notNull())
    .addColumn("series", "varchar(20)", (c) => c.notNull())
    .addColumn("last_value", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("receipt_sequences_pk", ["template_symbol", "series"])
    .execute();

  await db.schema
    .createTable("payment_receipts")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("request_id", "varchar(36)", (c) => c.notNull().references("payment_requests.id"))
    .addColumn("attempt_id", "varchar(36)", (c) => c.notNull().references("payment_attempts.id"))
    .addColumn("kind", "varchar(10)", (c) => c.notNull().check(inList("kind", ["phi", "le_phi"])))
    .addColumn("template_symbol", "varchar(20)", (c) => c.notNull())
    .addColumn("series", "varchar(20)", (c) => c.notNull())
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("amount", "bigint", (c) => c.notNull())
    .addColumn("issued_at", "varchar(30)", (c) => c.notNull())
    .addColumn("status", "varchar(20)", (c) => c.notNull().check(inList("status", ["issued", "cancelled"])))
    // The receipt's content as issued (ReceiptDocument): the PDF is drawn from it, always the same.
    .addColumn("document", "text", (c) => c.notNull())
    // The PDF, stored as a file of the payer's wallet (written before this row references it).
    .addColumn("file_id", "varchar(36)", (c) => c.references("files.id"))
    .addColumn("cancelled_at", "varchar(30)")
    .addColumn("cancelled_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("cancel_reason", "varchar(2000)")
    .execute();
  await db.schema.createIndex("payment_receipts_number").on("payment_receipts").columns(["template_symbol", "series", "number"]).unique().execute();
  await db.schema.createIndex("payment_receipts_attempt_kind").on("payment_receipts").columns(["attempt_id", "kind"]).unique().execute();
  await db.schema.createIndex("payment_receipts_request").on("payment_receipts").columns(["request_id"]).execute();

  await db.schema
    .createTable("statement_imports")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("imported_at", "varchar(30)", (c) => c.notNull())
    .addColumn("imported_by", "varchar(36)", (c) => c.notNull().references("users.id"))
    .addColumn("file_name", "varchar(255)", (c) => c.notNull())
    .addColumn("sha256", "varchar(64)", (c) => c.notNull())
    .addColumn("line_count", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("statement_lines")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("import_id", "varchar(36)", (c) => c.notNull().references("statement_imports.id"))
    .addColumn("row_number", "integer", (c) => c.notNull())
    .addColumn("booked_on", "varchar(10)", (c) => c.notNull())
    .addColumn("amount", "bigint", (c) => c.notNull())
    .addColumn("description", "varchar(1000)", (c) => c.notNull())
    .addColumn("bank_ref", "varchar(100)")
    .addColumn("match", "varchar(30)", (c) => c.notNull())
    .addColumn("attempt_id", "varchar(36)", (c) => c.references("payment_attempts.id"))
    .addColumn("resolved_at", "varchar(30)")
    .addColumn("resolved_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("resolution", "varchar(2000)")
    .execute();
  await db.schema.createIndex("statement_lines_import").on("statement_lines").columns(["import_id", "row_number"]).execute();
  await db.schema.createIndex("statement_lines_booked").on("statement_lines").columns(["booked_on"]).execute();
  await db.schema.createIndex("statement_lines_bank_ref").on("statement_lines").columns(["bank_ref"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["statement_lines", "statement_imports", "payment_receipts", "receipt_sequences", "payment_callbacks", "payment_attempts", "payment_requests"]) {
    await db.schema.dropTable(table).execute();
  }
}
