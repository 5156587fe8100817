import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// Statistics (issue 10; app/domain/statistics/, docs/decisions/0021-statistics.md): one fact row per accepted dossier
// (its dimensions, the Vietnam calendar days that matter, flags, and the source versions it was computed from), and
// rollups by day and by month that the facts' contributions are added into: flows on their day, stocks as +1/−1 deltas
// (the stock at the end of day t is the sum of the deltas of days ≤ t). Each rollup holds several cubes: every
// dimension, and smaller ones (by agency, by field, by procedure) that the province's and a department's pages read. A histogram of resolution working days gives the
// 90th percentile. `stat_state` keeps the refresher's watermark and when the rollups were last brought up to date.

/** The integer columns of a rollup row (db/schema.ts StatRollupColumns; app/domain/statistics/contributions.ts). */
export const ROLLUP_COLUMNS = [
  "received_online",
  "received_in_person",
  "received_post",
  "resolved_early",
  "resolved_on_time",
  "resolved_late",
  "withdrawn",
  "refused",
  "with_fees",
  "paid_online",
  "digitised",
  "reused",
  "results_electronic",
  "resolution_days_sum",
  "rated_very_satisfied",
  "rated_satisfied",
  "rated_unsatisfied",
  "open_delta",
  "overdue_delta",
  "waiting_supplement_delta",
  "waiting_payment_delta",
] as const;

const DIMENSIONS = ["cube", "agency_id", "branch_id", "procedure_code", "field_code", "channel", "online_level"] as const;

async function rollup(db: Kysely<unknown>, table: string, period: "day" | "month") {
  let t = db.schema
    .createTable(table)
    .addColumn(period, "varchar(10)", (c) => c.notNull())
    // Which roll-up of the dimensions the row belongs to ("all", "agency", "agency_field", "branch", "channel", "field", "procedure"); the dimensions a cube
    // leaves out are '' (app/domain/statistics/contributions.ts CUBES).
    .addColumn("cube", "varchar(20)", (c) => c.notNull())
    .addColumn("agency_id", "varchar(36)", (c) => c.notNull())
    .addColumn("branch_id", "varchar(36)", (c) => c.notNull())
    .addColumn("procedure_code", "varchar(100)", (c) => c.notNull())
    .addColumn("field_code", "varchar(100)", (c) => c.notNull())
    .addColumn("channel", "varchar(20)", (c) => c.notNull())
    .addColumn("online_level", "varchar(10)", (c) => c.notNull());
  for (const column of ROLLUP_COLUMNS) t = t.addColumn(column, "integer", (c) => c.notNull().defaultTo(0));
  // The cube first: a report reads one cube over a range of days or months.
  await t.addPrimaryKeyConstraint(`${table}_pk`, ["cube", period, ...DIMENSIONS.slice(1)] as never).execute();
  // A node of the agency tree: its agencies' rows of a cube over a range, without reading the other agencies'.
  await db.schema.createIndex(`${table}_agency`).on(table).columns(["cube", "agency_id", period]).execute();
}

async function histogram(db: Kysely<unknown>, table: string, period: "day" | "month") {
  await db.schema
    .createTable(table)
    .addColumn(period, "varchar(10)", (c) => c.notNull())
    // Which roll-up of the dimensions the row belongs to ("all", "agency", "agency_field", "branch", "channel", "field", "procedure"); the dimensions a cube
    // leaves out are '' (app/domain/statistics/contributions.ts CUBES).
    .addColumn("cube", "varchar(20)", (c) => c.notNull())
    .addColumn("agency_id", "varchar(36)", (c) => c.notNull())
    .addColumn("branch_id", "varchar(36)", (c) => c.notNull())
    .addColumn("procedure_code", "varchar(100)", (c) => c.notNull())
    .addColumn("field_code", "varchar(100)", (c) => c.notNull())
    .addColumn("channel", "varchar(20)", (c) => c.notNull())
    .addColumn("online_level", "varchar(10)", (c) => c.notNull())
    // Whole working days 0..60; 61 stands for "more than 60".
    .addColumn("bucket", "integer", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint(`${table}_pk`, ["cube", period, ...DIMENSIONS.slice(1), "bucket"] as never)
    .execute();
  await db.schema.createIndex(`${table}_agency`).on(table).columns(["cube", "agency_id", period]).execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("stat_dossier_facts")
    .addColumn("dossier_id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("code", "varchar(60)", (c) => c.notNull())
    .addColumn("agency_id", "varchar(36)", (c) => c.notNull())
    // The agency's branch of the tree when the fact was computed: the child of the province's top agency it lies under.
    .addColumn("branch_id", "varchar(36)", (c) => c.notNull())
    .addColumn("procedure_code", "varchar(100)", (c) => c.notNull())
    .addColumn("field_code", "varchar(100)", (c) => c.notNull())
    .addColumn("channel", "varchar(20)", (c) => c.notNull())
    .addColumn("online_level", "varchar(10)", (c) => c.notNull())
    .addColumn("status", "integer", (c) => c.notNull())
    // Vietnam calendar days, YYYY-MM-DD.
    .addColumn("accepted_day", "varchar(10)", (c) => c.notNull())
    .addColumn("original_due_day", "varchar(10)")
    .addColumn("due_day", "varchar(10)")
    .addColumn("result_day", "varchar(10)")
    .addColumn("ended_day", "varchar(10)")
    // JSON text: [{ "kind": "supplement" | "payment", "from": day, "to": day | null }] after acceptance.
    .addColumn("waiting", "text", (c) => c.notNull())
    .addColumn("with_fees", "integer", (c) => c.notNull())
    .addColumn("paid_online", "integer", (c) => c.notNull())
    .addColumn("digitised", "integer", (c) => c.notNull())
    .addColumn("reused", "integer", (c) => c.notNull())
    .addColumn("result_electronic", "integer", (c) => c.notNull())
    .addColumn("resolution_days", "integer")
    .addColumn("rating_level", "varchar(20)")
    .addColumn("rating_day", "varchar(10)")
    .addColumn("src_dossier_version", "integer", (c) => c.notNull())
    .addColumn("src_dossier_updated_at", "varchar(30)", (c) => c.notNull())
    .addColumn("src_rating_updated_at", "varchar(30)")
    .addColumn("src_payment_updated_at", "varchar(30)")
    .addColumn("computed_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("stat_dossier_facts_accepted").on("stat_dossier_facts").columns(["accepted_day"]).execute();
  await db.schema.createIndex("stat_dossier_facts_result").on("stat_dossier_facts").columns(["result_day"]).execute();
  await db.schema.createIndex("stat_dossier_facts_ended").on("stat_dossier_facts").columns(["ended_day"]).execute();
  await rollup(db, "stat_daily", "day");
  await rollup(db, "stat_monthly", "month");
  await histogram(db, "stat_durations_daily", "day");
  await histogram(db, "stat_durations_monthly", "month");
  await db.schema
    .createTable("stat_state")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("watermark", "varchar(30)")
    .addColumn("as_of", "varchar(30)")
    .execute();
  await sql`insert into stat_state (id, watermark, as_of) values (1, null, null)`.execute(db);
  // What the refresher watches (dossier_ratings_updated exists already).
  await db.schema.createIndex("dossiers_updated").on("dossiers").column("updated_at").execute();
  await db.schema.createIndex("payment_requests_updated").on("payment_requests").column("updated_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("payment_requests_updated").execute();
  await db.schema.dropIndex("dossiers_updated").execute();
  for (const table of ["stat_state", "stat_durations_monthly", "stat_durations_daily", "stat_monthly", "stat_daily", "stat_dossier_facts"]) {
    await db.schema.dropTable(table).execute();
  }
}
