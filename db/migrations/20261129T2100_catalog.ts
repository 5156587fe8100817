import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen. The procedure catalog: procedures are data, each version immutable once published.

const inList = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable("procedure_fields")
    .addColumn("code", "varchar(60)", (c) => c.primaryKey())
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("procedures")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("code", "varchar(20)", (c) => c.notNull().unique())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("procedure_versions")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("procedure_id", "varchar(36)", (c) => c.notNull().references("procedures.id"))
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 1`))
    .addColumn("state", "varchar(20)", (c) => c.notNull().check(inList("state", ["draft", "published"])))
    .addColumn("valid_from", "varchar(10)", (c) => c.notNull())
    .addColumn("published_at", "varchar(30)")
    .addColumn("name", "varchar(500)", (c) => c.notNull())
    .addColumn("field_code", "varchar(60)", (c) => c.notNull().references("procedure_fields.code"))
    // Comma-delimited lists with leading and trailing commas (",commune,district,") for portable filtering.
    .addColumn("levels", "varchar(60)", (c) => c.notNull())
    .addColumn("life_events", "varchar(300)", (c) => c.notNull())
    .addColumn("best_online_level", "varchar(10)", (c) =>
      c.notNull().check(inList("best_online_level", ["INFO", "PARTIAL", "FULL"])),
    )
    .addColumn("status", "varchar(20)", (c) => c.notNull().check(inList("status", ["in_force", "retired"])))
    .addColumn("search_text", "text", (c) => c.notNull())
    .addColumn("content", isPostgres ? "jsonb" : "text", (c) => c.notNull())
    .addColumn("content_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("created_by", "varchar(36)")
    .addUniqueConstraint("procedure_versions_number", ["procedure_id", "version"])
    .addCheckConstraint("procedure_versions_published", sql`(state = 'published') = (published_at is not null)`)
    .execute();
  await db.schema
    .createIndex("procedure_versions_current")
    .on("procedure_versions")
    .columns(["procedure_id", "state", "valid_from"])
    .execute();

  await db.schema
    .createTable("procedure_offerings")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("version_id", "varchar(36)", (c) => c.notNull().references("procedure_versions.id").onDelete("cascade"))
    .addColumn("agency_id", "varchar(36)", (c) => c.notNull().references("agencies.id"))
    .addColumn("decider_id", "varchar(36)", (c) => c.notNull().references("agencies.id"))
    .addColumn("online_level", "varchar(10)", (c) => c.notNull().check(inList("online_level", ["INFO", "PARTIAL", "FULL"])))
    .addUniqueConstraint("procedure_offerings_agency", ["version_id", "agency_id"])
    .execute();
  await db.schema.createIndex("procedure_offerings_agency_idx").on("procedure_offerings").column("agency_id").execute();

  await db.schema
    .createTable("catalog_files")
    .addColumn("sha256", "varchar(64)", (c) => c.primaryKey())
    .addColumn("storage_key", "varchar(36)", (c) => c.notNull())
    .addColumn("file_name", "varchar(200)", (c) => c.notNull())
    .addColumn("media_type", "varchar(100)", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();

  // One row: bumped on every publication so that caches in every server process know to refresh.
  await db.schema
    .createTable("catalog_state")
    .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await sql`insert into catalog_state (id, revision, updated_at) values (1, 0, '1970-01-01T00:00:00.000Z')`.execute(db);

  if (isPostgres) {
    // Trigram index for substring search over the folded text (SQLite scans; fast enough at 10,000 rows).
    await sql`create extension if not exists pg_trgm schema public`.execute(db);
    await sql`create index procedure_versions_search on procedure_versions using gin (search_text public.gin_trgm_ops)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("catalog_state").execute();
  await db.schema.dropTable("catalog_files").execute();
  await db.schema.dropTable("procedure_offerings").execute();
  await db.schema.dropTable("procedure_versions").execute();
  await db.schema.dropTable("procedures").execute();
  await db.schema.dropTable("procedure_fields").execute();
}
