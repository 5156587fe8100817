import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// The back office's sweep (issue 6; app/domain/dossiers/sweep.server.ts): the durable mark that the officials were
// prompted once to write the apology letter (Mẫu 04) of a dossier due within 24 h or overdue. Like the columns of
// 20261130T0600_back_office, no REFERENCES or CHECK clause (SQLite could not drop the column again).
//
// The sweep looks for dossiers in progress (2, 4, 6), not rescheduled, not prompted, by due date: a partial index
// holds exactly those, so the finished dossiers of past years (all of them past their due date) are never scanned.
// The sweep's query repeats the index's condition with literal values (no bound parameters), as SQLite and
// PostgreSQL need to match a partial index.

const APOLOGY_CANDIDATES = "status in (2, 4, 6) and rescheduled_due_at is null and apology_prompted_at is null and due_at is not null";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("dossiers").addColumn("apology_prompted_at", "varchar(30)").execute();
  await db.schema.createIndex("dossiers_apology_due").on("dossiers").column("due_at").where(sql.raw<boolean>(APOLOGY_CANDIDATES)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("dossiers_apology_due").execute();
  await db.schema.alterTable("dossiers").dropColumn("apology_prompted_at").execute();
}
