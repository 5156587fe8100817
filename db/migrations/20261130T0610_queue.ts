import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// The officials' queue (issue 6, app/domain/dossiers/queue.repo.server.ts) in the order it is shown: step deadline,
// none last, then id. The expression (step_due_at is null) leads the deadline so that one ascending index walk gives
// "none last" on both engines (SQLite sorts nulls first). With id at the end the page query reads only the index
// (the rows are fetched afterwards by id, a page at a time), and the capped counts of a tab read index entries only.
//  - dossiers_queue_order: an agency's dossiers ("Tất cả");
//  - dossiers_queue_waiting: an agency's dossiers waiting for a role, free or held ("Chờ tôi", "Tạm dừng").

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index dossiers_queue_order on dossiers (current_agency_id, (step_due_at is null), step_due_at, id)`.execute(db);
  await sql`create index dossiers_queue_waiting on dossiers (current_agency_id, waiting_for, assignee_id, (step_due_at is null), step_due_at, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("dossiers_queue_waiting").execute();
  await db.schema.dropIndex("dossiers_queue_order").execute();
}
