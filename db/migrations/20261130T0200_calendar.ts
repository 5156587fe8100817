import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// The working-time calendar (issue 5, item 1; docs/decisions/0012-working-time-calendar.md): the dates that break the
// weekly pattern — non-working dates (holidays, compensatory days, days off by decision) and extra working dates
// (a Saturday worked in exchange) — and the office hours, versioned by the date they apply from.

const inList = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("calendar_days")
    // One row per date (YYYY-MM-DD): a date is either not worked or worked, never both.
    .addColumn("date", "varchar(10)", (c) => c.primaryKey())
    .addColumn("kind", "varchar(20)", (c) => c.notNull().check(inList("kind", ["non_working", "extra_working"])))
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    // "seed": generated from the Labour Code by the seed; "admin": entered by an administrator.
    .addColumn("source", "varchar(10)", (c) => c.notNull().check(inList("source", ["seed", "admin"])))
    .addColumn("created_by", "varchar(36)")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    // A removed date stays as a tombstone, so that seeding again never brings back what an administrator removed.
    .addColumn("removed_by", "varchar(36)")
    .addColumn("removed_at", "varchar(30)")
    .execute();

  await db.schema
    .createTable("calendar_office_hours")
    // A version of the office hours, in force from this date until the next version's.
    .addColumn("valid_from", "varchar(10)", (c) => c.primaryKey())
    // Received before this time (HH:MM) → a same-day procedure is due at closing time that day.
    .addColumn("same_day_cutoff", "varchar(5)", (c) => c.notNull())
    .addColumn("created_by", "varchar(36)")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("calendar_office_sessions")
    .addColumn("valid_from", "varchar(10)", (c) => c.notNull().references("calendar_office_hours.valid_from").onDelete("cascade"))
    // ISO weekday: 1 = Monday … 7 = Sunday.
    .addColumn("weekday", "integer", (c) => c.notNull().check(sql`weekday between 1 and 7`))
    .addColumn("starts_at", "varchar(5)", (c) => c.notNull())
    .addColumn("ends_at", "varchar(5)", (c) => c.notNull())
    .addPrimaryKeyConstraint("calendar_office_sessions_pk", ["valid_from", "weekday", "starts_at"])
    .addCheckConstraint("calendar_office_sessions_order", sql`starts_at < ends_at`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("calendar_office_sessions").execute();
  await db.schema.dropTable("calendar_office_hours").execute();
  await db.schema.dropTable("calendar_days").execute();
}
