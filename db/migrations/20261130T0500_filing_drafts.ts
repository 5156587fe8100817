import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// Drafts of online filings (issue 5, item 2): what a citizen or a business has filled in so far, saved on the server
// at every step so that it can be resumed from any device. The procedure version is fixed when the draft is created
// (a later version of the procedure never changes a draft under way); the agency is the offering chosen at the start.
// A draft belongs to the account that started it, or to the organisation it acted for (then every representative
// acting for it sees it). `version` is for optimistic concurrency (two tabs, two devices); `expires_at` moves 30 days
// past every change. Submitting turns a draft into a dossier (the dossiers' own tables); the draft row then goes.

export async function up(db: Kysely<unknown>): Promise<void> {
  const json = db.getExecutor().adapter instanceof PostgresAdapter ? "jsonb" : "text";
  await db.schema
    .createTable("filing_drafts")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("owner_user_id", "varchar(36)", (c) => c.notNull().references("users.id"))
    .addColumn("owner_organisation_id", "varchar(36)", (c) => c.references("organisations.id"))
    .addColumn("procedure_version_id", "varchar(36)", (c) => c.notNull().references("procedure_versions.id"))
    .addColumn("agency_id", "varchar(36)", (c) => c.notNull().references("agencies.id"))
    // Who files: null until the applicant step is saved (the page prefills it from the account or organisation).
    .addColumn("applicant", json)
    // The person the dossier is for, when filed on someone else's behalf (procedures that allow it).
    .addColumn("on_behalf_of", json)
    // { values: the form's validated values, sections: ids of the sections saved, feesSeen: boolean }
    .addColumn("answers", json, (c) => c.notNull())
    // { case: the case chosen (procedures with cases), files: { [document index]: file ids from `files` } }
    .addColumn("documents", json, (c) => c.notNull())
    .addColumn("declaration_at", "varchar(30)")
    .addColumn("expires_at", "varchar(30)", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("filing_drafts_owner_user").on("filing_drafts").columns(["owner_user_id", "updated_at"]).execute();
  await db.schema.createIndex("filing_drafts_owner_organisation").on("filing_drafts").columns(["owner_organisation_id", "updated_at"]).execute();
  await db.schema.createIndex("filing_drafts_expires").on("filing_drafts").column("expires_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("filing_drafts").execute();
}
