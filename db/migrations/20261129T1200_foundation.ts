import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// Portable across SQLite and PostgreSQL: app-generated text ids, ISO-8601 UTC timestamps as text
// (written by the application), dates as YYYY-MM-DD text, money as bigint VND, CHECK constraints for enums.

const ADMIN_UNIT_KINDS = ["province", "city", "town", "district", "ward", "township", "commune"];
const AGENCY_KINDS = [
  "ppc",
  "office",
  "service_centre",
  "department",
  "board",
  "inspectorate",
  "vertical",
  "district_ppc",
  "district_one_stop",
  "commune_ppc",
];
const AGENCY_LEVELS = ["province", "district", "commune"];
const ACTOR_TYPES = ["anonymous", "citizen", "official", "system"];

const inList = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable("admin_units")
    .addColumn("code", "varchar(10)", (c) => c.primaryKey())
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("kind", "varchar(20)", (c) => c.notNull().check(inList("kind", ADMIN_UNIT_KINDS)))
    .addColumn("level", "integer", (c) => c.notNull().check(sql`level between 1 and 3`))
    .addColumn("parent_code", "varchar(10)", (c) => c.references("admin_units.code"))
    .addColumn("valid_from", "varchar(10)", (c) => c.notNull())
    .addColumn("valid_to", "varchar(10)")
    .addCheckConstraint("admin_units_period", sql`valid_to is null or valid_to > valid_from`)
    .addCheckConstraint("admin_units_root", sql`(level = 1) = (parent_code is null)`)
    .execute();
  await db.schema.createIndex("admin_units_parent").on("admin_units").column("parent_code").execute();

  await db.schema
    .createTable("agencies")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("code", "varchar(32)", (c) => c.notNull().unique())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("agency_versions")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("agency_id", "varchar(36)", (c) => c.notNull().references("agencies.id"))
    .addColumn("name", "varchar(300)", (c) => c.notNull())
    .addColumn("short_name", "varchar(60)")
    .addColumn("kind", "varchar(30)", (c) => c.notNull().check(inList("kind", AGENCY_KINDS)))
    .addColumn("level", "varchar(20)", (c) => c.notNull().check(inList("level", AGENCY_LEVELS)))
    .addColumn("parent_id", "varchar(36)", (c) => c.references("agencies.id"))
    .addColumn("admin_unit_code", "varchar(10)", (c) => c.references("admin_units.code"))
    .addColumn("address", "varchar(500)")
    .addColumn("phone", "varchar(40)")
    .addColumn("email", "varchar(200)")
    .addColumn("valid_from", "varchar(10)", (c) => c.notNull())
    .addColumn("valid_to", "varchar(10)")
    .addColumn("successor_id", "varchar(36)", (c) => c.references("agencies.id"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addUniqueConstraint("agency_versions_start", ["agency_id", "valid_from"])
    .addCheckConstraint("agency_versions_period", sql`valid_to is null or valid_to > valid_from`)
    .addCheckConstraint("agency_versions_not_own_parent", sql`parent_id is null or parent_id <> agency_id`)
    .execute();
  await db.schema.createIndex("agency_versions_parent").on("agency_versions").column("parent_id").execute();
  await db.schema
    .createIndex("agency_versions_period_idx")
    .on("agency_versions")
    .columns(["valid_from", "valid_to"])
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("expires_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_expires").on("sessions").column("expires_at").execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("occurred_at", "varchar(30)", (c) => c.notNull())
    .addColumn("actor_type", "varchar(20)", (c) => c.notNull().check(inList("actor_type", ACTOR_TYPES)))
    .addColumn("actor_id", "varchar(36)")
    .addColumn("action", "varchar(100)", (c) => c.notNull())
    .addColumn("entity_type", "varchar(50)")
    .addColumn("entity_id", "varchar(100)")
    .addColumn("request_id", "varchar(64)")
    .addColumn("ip", "varchar(64)")
    .addColumn("details", isPostgres ? "jsonb" : "text")
    .execute();
  await db.schema
    .createIndex("audit_events_entity")
    .on("audit_events")
    .columns(["entity_type", "entity_id"])
    .execute();
  await db.schema.createIndex("audit_events_time").on("audit_events").column("occurred_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("audit_events").execute();
  await db.schema.dropTable("sessions").execute();
  await db.schema.dropTable("agency_versions").execute();
  await db.schema.dropTable("agencies").execute();
  await db.schema.dropTable("admin_units").execute();
}
