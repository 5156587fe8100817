import { type Kysely } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// The leaders' live view (issue 10, item 4; app/domain/statistics/live.repo.server.ts) reads the dossiers table at one
// instant: the open dossiers of an official's agencies and those accepted today. With a million dossiers almost all
// are finished (status 10), so:
//  - dossiers_live_open (agency_id, status, due_at): each agency of the scope and open status (2, 4, 5, 6) is an
//    equality seek, the due dates in order within; the counts by agency read index entries only, and the most overdue /
//    the soonest due are a short range of each (dossiers_agency_status of 0400 has no due_at, and 0620's
//    dossiers_apology_due leaves out the rescheduled and the prompted dossiers);
//  - dossiers_live_intake (agency_id, accepted_at, channel): today's acceptances of each agency are one short range of
//    entries (no index had accepted_at; led by the agency, as every query of the view names its agencies, so that the
//    planner never prefers reading a whole agency's dossiers through dossiers_agency_status).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("dossiers_live_open").on("dossiers").columns(["agency_id", "status", "due_at"]).execute();
  await db.schema.createIndex("dossiers_live_intake").on("dossiers").columns(["agency_id", "accepted_at", "channel"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("dossiers_live_intake").execute();
  await db.schema.dropIndex("dossiers_live_open").execute();
}
