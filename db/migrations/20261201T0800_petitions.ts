import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// Feedback and petitions (phản ánh, kiến nghị; issue 8; app/domain/petitions/, shared/domain/vn-egov.md §5):
//  - petitions: one item from its receipt to its answer, with the four instants the statistics need (received,
//    forwarded, due, answered), the routing (the agency it concerns as the submitter said, the agency that handles it
//    as the control unit decided), the consent to publish, moderation and the submitter's rating;
//  - petition_answers: the handler's drafts and the leader's decision on each (approved, or returned with a note);
//  - petition_revisions: edits to a published text (title, content, answer), each kept: the page says "edited";
//  - petition_events: the history (who did what, when, from which status to which);
//  - petition_files: the attachments (files of the uploader's wallet, as for dossiers);
//  - petition_routing_rules: which agency an item goes to, by procedure, field, agency concerned or district;
//  - petition_code_sequences: the per-day number behind PAKN-{yyMMdd}-{NNNN}.

const inList = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("petitions")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("code", "varchar(20)", (c) => c.notNull().unique())
    .addColumn("kind", "varchar(20)", (c) => c.notNull().check(inList("kind", ["regulation", "conduct", "proposal"])))
    .addColumn("title", "varchar(300)", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    // What a kiến nghị proposes (optional for the other kinds).
    .addColumn("proposal", "text")
    .addColumn("procedure_code", "varchar(20)")
    .addColumn("concerned_agency_id", "varchar(36)", (c) => c.references("agencies.id"))
    .addColumn("dossier_code", "varchar(40)")
    // The account that sent it (null for an item sent without signing in), and the organisation it acted for.
    .addColumn("submitter_user_id", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("submitter_organisation_id", "varchar(36)", (c) => c.references("organisations.id"))
    .addColumn("contact_name", "varchar(200)", (c) => c.notNull())
    .addColumn("contact_address", "varchar(500)", (c) => c.notNull())
    .addColumn("contact_phone", "varchar(20)")
    .addColumn("contact_email", "varchar(254)")
    .addColumn("publish_consent", "smallint", (c) => c.notNull())
    .addColumn("show_name", "smallint", (c) => c.notNull())
    .addColumn("status", "varchar(20)", (c) => c.notNull().check(inList("status", ["received", "forwarded", "drafted", "answered", "closed"])))
    .addColumn("handling_agency_id", "varchar(36)", (c) => c.references("agencies.id"))
    // The control unit's classification (lĩnh vực), and the district the item concerns (admin unit code).
    .addColumn("field", "varchar(200)")
    .addColumn("admin_unit_code", "varchar(20)")
    .addColumn("received_at", "varchar(30)", (c) => c.notNull())
    .addColumn("forward_due_at", "varchar(30)", (c) => c.notNull())
    .addColumn("forwarded_at", "varchar(30)")
    // The answer's due date as first set (statistics), and as it stands (after an extension or a reopening).
    .addColumn("original_answer_due_at", "varchar(30)")
    .addColumn("answer_due_at", "varchar(30)")
    .addColumn("extended_at", "varchar(30)")
    .addColumn("extension_reason", "varchar(2000)")
    .addColumn("answered_at", "varchar(30)")
    .addColumn("answered_on_time", "smallint")
    .addColumn("published_at", "varchar(30)")
    .addColumn("closed_at", "varchar(30)")
    .addColumn("close_reason", "varchar(30)", (c) => c.check(inList("close_reason", ["outside_scope", "duplicate", "insufficient_contact", "abusive"])))
    .addColumn("close_text", "varchar(2000)")
    .addColumn("duplicate_of", "varchar(20)")
    .addColumn("reassign_requested_at", "varchar(30)")
    .addColumn("reassign_reason", "varchar(2000)")
    .addColumn("hidden_at", "varchar(30)")
    .addColumn("hidden_reason", "varchar(2000)")
    .addColumn("rating", "varchar(20)", (c) => c.check(inList("rating", ["satisfied", "unsatisfied"])))
    .addColumn("rating_reason", "varchar(2000)")
    .addColumn("rated_at", "varchar(30)")
    .addColumn("reopened_at", "varchar(30)")
    .addColumn("reminded_at", "varchar(30)")
    .addColumn("escalated_at", "varchar(30)")
    // Title and content folded for search without diacritics (app/domain/shared/search.ts).
    .addColumn("search", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("petitions_status").on("petitions").columns(["status", "received_at"]).execute();
  await db.schema.createIndex("petitions_handling").on("petitions").columns(["handling_agency_id", "status", "received_at"]).execute();
  await db.schema.createIndex("petitions_published").on("petitions").columns(["published_at"]).execute();
  await db.schema.createIndex("petitions_submitter").on("petitions").columns(["submitter_user_id", "received_at"]).execute();
  await db.schema.createIndex("petitions_procedure").on("petitions").columns(["procedure_code", "published_at"]).execute();

  await db.schema
    .createTable("petition_answers")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("petition_id", "varchar(36)", (c) => c.notNull().references("petitions.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("drafted_by", "varchar(36)", (c) => c.notNull().references("users.id"))
    .addColumn("drafted_at", "varchar(30)", (c) => c.notNull())
    .addColumn("decision", "varchar(20)", (c) => c.check(inList("decision", ["approved", "returned"])))
    .addColumn("decided_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("decided_at", "varchar(30)")
    .addColumn("decision_note", "varchar(2000)")
    .execute();
  await db.schema.createIndex("petition_answers_petition").on("petition_answers").columns(["petition_id", "drafted_at"]).execute();

  await db.schema
    .createTable("petition_revisions")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("petition_id", "varchar(36)", (c) => c.notNull().references("petitions.id"))
    .addColumn("part", "varchar(20)", (c) => c.notNull().check(inList("part", ["title", "content", "answer"])))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("reason", "varchar(2000)", (c) => c.notNull())
    .addColumn("revised_by", "varchar(36)", (c) => c.notNull().references("users.id"))
    .addColumn("revised_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("petition_revisions_petition").on("petition_revisions").columns(["petition_id", "revised_at"]).execute();

  await db.schema
    .createTable("petition_events")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("petition_id", "varchar(36)", (c) => c.notNull().references("petitions.id"))
    .addColumn("at", "varchar(30)", (c) => c.notNull())
    .addColumn("actor_user_id", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("action", "varchar(40)", (c) => c.notNull())
    .addColumn("status_from", "varchar(20)")
    .addColumn("status_to", "varchar(20)")
    .addColumn("agency_id", "varchar(36)", (c) => c.references("agencies.id"))
    .addColumn("note", "varchar(2000)")
    .execute();
  await db.schema.createIndex("petition_events_petition").on("petition_events").columns(["petition_id", "at"]).execute();

  await db.schema
    .createTable("petition_files")
    .addColumn("petition_id", "varchar(36)", (c) => c.notNull().references("petitions.id"))
    .addColumn("file_id", "varchar(36)", (c) => c.notNull().references("files.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("petition_files_pk", ["petition_id", "file_id"])
    .execute();

  await db.schema
    .createTable("petition_routing_rules")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("procedure_code", "varchar(20)")
    .addColumn("field", "varchar(200)")
    .addColumn("concerned_agency_id", "varchar(36)", (c) => c.references("agencies.id"))
    .addColumn("admin_unit_code", "varchar(20)")
    .addColumn("target_agency_id", "varchar(36)", (c) => c.notNull().references("agencies.id"))
    .addColumn("created_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("petition_code_sequences")
    .addColumn("day", "varchar(6)", (c) => c.primaryKey())
    .addColumn("last_value", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("petition_code_sequences").execute();
  await db.schema.dropTable("petition_routing_rules").execute();
  await db.schema.dropTable("petition_files").execute();
  await db.schema.dropTable("petition_events").execute();
  await db.schema.dropTable("petition_revisions").execute();
  await db.schema.dropTable("petition_answers").execute();
  await db.schema.dropTable("petitions").execute();
}
