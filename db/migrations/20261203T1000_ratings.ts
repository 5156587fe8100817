import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// Ratings (issue 10; app/domain/ratings/, shared/domain/vn-egov.md §4.1): the applicant's evaluation of how a dossier
// was handled, one per dossier, given after the result is returned on the portal, by the link in the notification or
// on the kiosk at the counter. Editable until `editable_until`. A "không hài lòng" rating opens a feedback case
// (a petition routed to the agency's leaders), kept in `petition_id`. `updated_at` is what the statistics' refresher
// watches (app/domain/statistics/).

const inList = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("dossier_ratings")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("dossier_id", "varchar(36)", (c) => c.notNull().unique().references("dossiers.id"))
    .addColumn("level", "varchar(20)", (c) => c.notNull().check(inList("level", ["very_satisfied", "satisfied", "unsatisfied"])))
    .addColumn("reason", "varchar(2000)")
    // {"<criterion id>": "very_satisfied" | "satisfied" | "unsatisfied"} for the optional criteria of §4.1 (JSON text).
    .addColumn("criteria", "text")
    .addColumn("channel", "varchar(20)", (c) => c.notNull().check(inList("channel", ["portal", "link", "kiosk"])))
    .addColumn("rated_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("petition_id", "varchar(36)", (c) => c.references("petitions.id"))
    .addColumn("rated_at", "varchar(30)", (c) => c.notNull())
    .addColumn("editable_until", "varchar(30)", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .addCheckConstraint("dossier_ratings_reason", sql`level <> 'unsatisfied' or reason is not null`)
    .execute();
  await db.schema.createIndex("dossier_ratings_updated").on("dossier_ratings").column("updated_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("dossier_ratings").execute();
}
