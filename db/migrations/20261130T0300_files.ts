import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// Files that citizens and businesses upload, and results issued to them (issue 5, items 3 and 6): the bytes live in
// storage under a content address (their SHA-256), this row says whose they are and what they are. The bytes are
// written before the row that refers to them. A file belongs to the account that uploaded it, or to the organisation
// it acted for (then every representative sees it); the owner's document wallet (kho dữ liệu) lists these rows.

const SOURCES = ["upload", "result"];
// The signature verdict of a PDF or .p7s (issue 7); "not_checked" until the verifier runs.
const SIGNATURE_STATUSES = ["not_checked", "none", "passed", "failed", "indeterminate"];

const inList = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("files")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("sha256", "varchar(64)", (c) => c.notNull())
    .addColumn("size_bytes", "bigint", (c) => c.notNull().check(sql`size_bytes > 0`))
    // The type read from the content (magic bytes), never from the name the browser sent.
    .addColumn("media_type", "varchar(100)", (c) => c.notNull())
    // The name the browser sent (base name only), to show and to download under.
    .addColumn("original_name", "varchar(255)", (c) => c.notNull())
    .addColumn("owner_user_id", "varchar(36)", (c) => c.notNull().references("users.id"))
    .addColumn("owner_organisation_id", "varchar(36)", (c) => c.references("organisations.id"))
    .addColumn("source", "varchar(20)", (c) => c.notNull().check(inList("source", SOURCES)))
    .addColumn("signature_status", "varchar(20)", (c) => c.notNull().defaultTo("not_checked").check(inList("signature_status", SIGNATURE_STATUSES)))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    // Removed from the wallet by its owner (kept while a dossier refers to it).
    .addColumn("deleted_at", "varchar(30)")
    .execute();
  await db.schema.createIndex("files_owner_user").on("files").columns(["owner_user_id", "created_at"]).execute();
  await db.schema.createIndex("files_owner_organisation").on("files").columns(["owner_organisation_id", "created_at"]).execute();
  await db.schema.createIndex("files_sha256").on("files").column("sha256").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("files").execute();
}
