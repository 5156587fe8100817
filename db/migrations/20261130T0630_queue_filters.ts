import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// The officials' queue with filters (issue 6; app/domain/dossiers/queue.repo.server.ts). Migration 0610's indexes
// made the tabs without filters an index walk, but a filter on status, channel, procedure, received date, code or
// applicant name still read the agency's rows from the table, one random page each (10,000 for a big agency: 100–400 ms
// with a million dossiers). These two indexes replace 0610's and 0600's dossiers_queue with the same leading columns,
// followed by every column a filter reads, so that a page and its capped counts are answered from index entries alone
// (SQLite: COVERING INDEX; PostgreSQL: Index Only Scan), filters included:
//  - dossiers_queue_all: an agency's dossiers by step deadline, none last ("Tất cả");
//  - dossiers_queue_wait: an agency's dossiers waiting for a role, free or held ("Chờ tôi", "Tạm dừng").
// "Tôi đang giữ" keeps dossiers_assignee (0600): one official holds few dossiers.
// The price is index size: about 150–250 bytes an entry each (applicant_search is at most 300 characters).

const FILTER_COLUMNS = "status, channel, procedure_code, received_at, code, applicant_search";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`create index dossiers_queue_all on dossiers (current_agency_id, (step_due_at is null), step_due_at, id, waiting_for, assignee_id, ${FILTER_COLUMNS})`)
    .execute(db);
  await sql
    .raw(`create index dossiers_queue_wait on dossiers (current_agency_id, waiting_for, assignee_id, (step_due_at is null), step_due_at, id, ${FILTER_COLUMNS})`)
    .execute(db);
  await db.schema.dropIndex("dossiers_queue_order").execute();
  await db.schema.dropIndex("dossiers_queue_waiting").execute();
  await db.schema.dropIndex("dossiers_queue").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("dossiers_queue").on("dossiers").columns(["current_agency_id", "waiting_for", "step_due_at"]).execute();
  await sql`create index dossiers_queue_order on dossiers (current_agency_id, (step_due_at is null), step_due_at, id)`.execute(db);
  await sql`create index dossiers_queue_waiting on dossiers (current_agency_id, waiting_for, assignee_id, (step_due_at is null), step_due_at, id)`.execute(db);
  await db.schema.dropIndex("dossiers_queue_wait").execute();
  await db.schema.dropIndex("dossiers_queue_all").execute();
}
