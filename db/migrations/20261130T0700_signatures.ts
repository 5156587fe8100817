import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// Digital signatures (issue 7; app/domain/signatures/). Certificates and CRLs are bytes: like uploads, they live in
// the blob store under their SHA-256 and these rows say what they are.
//  - trust_store_changes: what administrators changed in the trust store. The shipped Vietnamese roots and
//    intermediates (app/domain/signatures/trust/) are the default; a row adds a certificate (as an anchor or an
//    intermediate) or removes one, shipped or added, by its fingerprint. The latest row of a fingerprint wins, and
//    every change stays as the record of who trusted what, when.
//  - crls: revocation lists an administrator put in the offline cache (or a job fetched), by issuer.
//  - signature_reports: the verifier's report on an uploaded file, kept with it (files.signature_status is its
//    verdict), so officials read the full report and nobody re-runs it.
//  - result_signatures: what the portal signed for an agency (a dossier's result): the short code printed on the
//    document and the hash of the signed bytes, for the public verification page.

const inList = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("trust_store_changes")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    // SHA-256 of the certificate's DER, 64 lower-case hex digits.
    .addColumn("fingerprint", "varchar(64)", (c) => c.notNull())
    .addColumn("action", "varchar(10)", (c) => c.notNull().check(inList("action", ["add", "remove"])))
    .addColumn("role", "varchar(20)", (c) => c.check(inList("role", ["anchor", "intermediate"])))
    // The certificate's bytes (DER) in the blob store, for an addition.
    .addColumn("sha256", "varchar(64)")
    .addColumn("subject", "varchar(1000)", (c) => c.notNull())
    .addColumn("not_after", "varchar(30)")
    .addColumn("note", "varchar(1000)")
    .addColumn("changed_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("changed_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("trust_store_changes_fingerprint").on("trust_store_changes").columns(["fingerprint", "changed_at"]).execute();

  await db.schema
    .createTable("crls")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    // SHA-256 of the DER of the CRL's issuer name: what a certificate's issuer is looked up by.
    .addColumn("issuer_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("issuer", "varchar(1000)", (c) => c.notNull())
    .addColumn("this_update", "varchar(30)", (c) => c.notNull())
    .addColumn("next_update", "varchar(30)")
    .addColumn("revoked_count", "integer", (c) => c.notNull())
    .addColumn("sha256", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("source", "varchar(20)", (c) => c.notNull().check(inList("source", ["administrator", "fetched"])))
    .addColumn("added_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("added_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("crls_issuer").on("crls").columns(["issuer_hash", "this_update"]).execute();

  await db.schema
    .createTable("signature_reports")
    .addColumn("file_id", "varchar(36)", (c) => c.primaryKey().references("files.id"))
    .addColumn("verdict", "varchar(20)", (c) => c.notNull().check(inList("verdict", ["none", "passed", "failed", "indeterminate"])))
    // The report as JSON (app/domain/signatures/verification.ts, VerificationReport).
    .addColumn("report", "text", (c) => c.notNull())
    .addColumn("verified_at", "varchar(30)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("result_signatures")
    // The short code printed on the document (and in its QR code), upper case without separators.
    .addColumn("code", "varchar(20)", (c) => c.primaryKey())
    .addColumn("dossier_id", "varchar(36)", (c) => c.notNull().references("dossiers.id"))
    .addColumn("issued_document_id", "varchar(36)", (c) => c.references("dossier_issued_documents.id"))
    .addColumn("agency_id", "varchar(36)", (c) => c.notNull().references("agencies.id"))
    // The signed file: its bytes in the blob store; a document presented on the public page is found by this hash.
    .addColumn("sha256", "varchar(64)", (c) => c.notNull())
    .addColumn("document_name", "varchar(255)", (c) => c.notNull())
    .addColumn("signer_subject", "varchar(1000)", (c) => c.notNull())
    .addColumn("signed_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("result_signatures_sha256").on("result_signatures").column("sha256").execute();
  await db.schema.createIndex("result_signatures_dossier").on("result_signatures").column("dossier_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("result_signatures").execute();
  await db.schema.dropTable("signature_reports").execute();
  await db.schema.dropTable("crls").execute();
  await db.schema.dropTable("trust_store_changes").execute();
}
