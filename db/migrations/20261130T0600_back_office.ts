import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// The back office (issue 6; docs/decisions/0016-back-office.md): where a dossier is in its workflow and who holds it,
// the steps it went through (the control sheet, Mẫu 05), supplementation requests (Mẫu 02), officials' internal notes,
// the documents the portal issued for it (Mẫu 01–05, the result), the delivery of its notices (e-mail and SMS outboxes
// linked to the history row that caused them).
//
// Columns added to existing tables carry no REFERENCES or CHECK clause: SQLite cannot drop such a column again (the
// down migration must), so their integrity is kept by the use cases, which are the only writers.

const inList = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

const DOSSIER_COLUMNS: [string, "varchar(30)" | "varchar(36)" | "varchar(20)" | "varchar(300)" | "integer" | "smallint" | "text"][] = [
  // When the one-stop unit accepted it (status 2): the clock of the due date starts here.
  ["accepted_at", "varchar(30)"],
  // The agency whose officials act on it now (the receiving agency, then the deciding one, a co-operating one…).
  ["current_agency_id", "varchar(36)"],
  // The open step of dossier_steps and its place in the procedure version's workflow (null for a transfer).
  ["step_id", "varchar(36)"],
  ["step_index", "integer"],
  ["step_due_at", "varchar(30)"],
  // Whose move it is: receiving_officer | handler | approver (in current_agency_id), applicant (supplementation),
  // payment (status 6); null once nothing is left to do. The queue is read by this column.
  ["waiting_for", "varchar(20)"],
  // The official who took it (claimed or was assigned); null while it waits in the agency's queue.
  ["assignee_id", "varchar(36)"],
  // The clock is stopped since (supplementation of an accepted dossier, §2.5); null while it runs.
  ["paused_at", "varchar(30)"],
  ["supplement_count", "integer"],
  // The status the dossier goes back to when the applicant answers a supplementation request.
  ["resume_status", "smallint"],
  ["result_ready_at", "varchar(30)"],
  ["returned_at", "varchar(30)"],
  // online | counter | post
  ["return_channel", "varchar(20)"],
  // The new appointment of an apology letter (Mẫu 04): shown to the applicant; statistics keep due_at.
  ["rescheduled_due_at", "varchar(30)"],
  // Lower case without diacritics: the applicant's name, for the officials' text search.
  ["applicant_search", "varchar(300)"],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, type] of DOSSIER_COLUMNS) {
    await db.schema.alterTable("dossiers").addColumn(name, type).execute();
  }
  await sql`update dossiers set current_agency_id = agency_id, supplement_count = 0, step_due_at = acceptance_due_at`.execute(db);
  await sql`update dossiers set waiting_for = 'receiving_officer' where status = 1`.execute(db);
  // The officials' queue: an agency's dossiers waiting for a role, by deadline; and what one official holds.
  await db.schema.createIndex("dossiers_queue").on("dossiers").columns(["current_agency_id", "waiting_for", "step_due_at"]).execute();
  await db.schema.createIndex("dossiers_assignee").on("dossiers").columns(["assignee_id", "waiting_for", "step_due_at"]).execute();

  // One row per hand-over (the control sheet, Mẫu 05): where the dossier was, from when, until when, and how it went.
  await db.schema
    .createTable("dossier_steps")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("dossier_id", "varchar(36)", (c) => c.notNull().references("dossiers.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    // The index in the procedure version's workflow; null for a transfer to a co-operating agency.
    .addColumn("step_index", "integer")
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("role", "varchar(20)", (c) => c.notNull().check(inList("role", ["receive", "handle", "appraise", "approve", "return", "cooperate"])))
    .addColumn("agency_id", "varchar(36)", (c) => c.notNull().references("agencies.id"))
    .addColumn("from_agency_id", "varchar(36)", (c) => c.references("agencies.id"))
    // Who handed it over (null for the applicant's submission), and who held it during the step.
    .addColumn("handed_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("handled_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("started_at", "varchar(30)", (c) => c.notNull())
    .addColumn("due_at", "varchar(30)")
    .addColumn("ended_at", "varchar(30)")
    .addColumn("result", "varchar(10)", (c) => c.check(inList("result", ["early", "on_time", "late"])))
    // What ended it: the action's name (forward, sendBack, transfer, accept, approve…).
    .addColumn("outcome", "varchar(30)")
    // The sweep's marks: warned 24 h before due_at, flagged overdue (each done once).
    .addColumn("warned_at", "varchar(30)")
    .addColumn("overdue_at", "varchar(30)")
    .execute();
  await db.schema.createIndex("dossier_steps_dossier").on("dossier_steps").columns(["dossier_id", "seq"]).unique().execute();
  await db.schema.createIndex("dossier_steps_open").on("dossier_steps").columns(["ended_at", "due_at"]).execute();

  // Supplementation requests (Mẫu 02): exactly what to fix, why, by when; and when the applicant answered.
  await db.schema
    .createTable("dossier_supplements")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("dossier_id", "varchar(36)", (c) => c.notNull().references("dossiers.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("requested_at", "varchar(30)", (c) => c.notNull())
    .addColumn("requested_by", "varchar(36)", (c) => c.notNull().references("users.id"))
    .addColumn("agency_id", "varchar(36)", (c) => c.notNull().references("agencies.id"))
    .addColumn("status_at_request", "smallint", (c) => c.notNull())
    // JSON text: the form's field paths and the document indexes to fix.
    .addColumn("fields", "text", (c) => c.notNull())
    .addColumn("documents", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    // Required for a second request (§2.5: the rule is "once, fully").
    .addColumn("justification", "text")
    .addColumn("respond_by", "varchar(30)")
    .addColumn("answered_at", "varchar(30)")
    // Working minutes the clock stood still (set when answered).
    .addColumn("paused_minutes", "integer")
    .addColumn("closed", "varchar(10)", (c) => c.check(inList("closed", ["answered", "expired", "withdrawn"])))
    .execute();
  await db.schema.createIndex("dossier_supplements_dossier").on("dossier_supplements").columns(["dossier_id", "seq"]).unique().execute();
  await db.schema.createIndex("dossier_supplements_open").on("dossier_supplements").columns(["closed", "respond_by"]).execute();

  // Officials' internal notes: never shown to the applicant.
  await db.schema
    .createTable("dossier_notes")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("dossier_id", "varchar(36)", (c) => c.notNull().references("dossiers.id"))
    .addColumn("author_id", "varchar(36)", (c) => c.notNull().references("users.id"))
    .addColumn("agency_id", "varchar(36)", (c) => c.references("agencies.id"))
    .addColumn("at", "varchar(30)", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("dossier_notes_dossier").on("dossier_notes").columns(["dossier_id", "at"]).execute();

  // What the portal issued for a dossier: the forms (PDF) and the result; bytes in the blob store by SHA-256.
  await db.schema
    .createTable("dossier_issued_documents")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("dossier_id", "varchar(36)", (c) => c.notNull().references("dossiers.id"))
    .addColumn(
      "kind",
      "varchar(30)",
      (c) => c.notNull().check(inList("kind", ["receipt", "supplement_request", "refusal", "apology", "control_sheet", "result"])),
    )
    .addColumn("event_id", "varchar(36)", (c) => c.references("dossier_events.id"))
    .addColumn("sha256", "varchar(64)", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("media_type", "varchar(100)", (c) => c.notNull())
    .addColumn("file_name", "varchar(255)", (c) => c.notNull())
    // Who may download it besides the agency's officials: the applicant, or nobody (internal documents).
    .addColumn("audience", "varchar(10)", (c) => c.notNull().check(inList("audience", ["applicant", "officials"])))
    .addColumn("created_by", "varchar(36)", (c) => c.references("users.id"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("dossier_issued_documents_dossier").on("dossier_issued_documents").columns(["dossier_id", "created_at"]).execute();

  // History rows know their step; outbox rows know the history row they report (delivery status on the timeline).
  await db.schema.alterTable("dossier_events").addColumn("step_id", "varchar(36)").execute();
  await db.schema.alterTable("mail_outbox").addColumn("dossier_event_id", "varchar(36)").execute();
  await db.schema.createIndex("mail_outbox_dossier_event").on("mail_outbox").column("dossier_event_id").execute();

  // Text messages: the same outbox discipline as e-mail (written in the transaction, delivered with retries).
  await db.schema
    .createTable("sms_outbox")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("to_phone", "varchar(20)", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("dossier_event_id", "varchar(36)", (c) => c.references("dossier_events.id"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "varchar(30)", (c) => c.notNull())
    .addColumn("sent_at", "varchar(30)")
    .addColumn("provider_id", "varchar(100)")
    .addColumn("last_error", "text")
    .execute();
  await db.schema.createIndex("sms_outbox_due").on("sms_outbox").columns(["sent_at", "next_attempt_at"]).execute();
  await db.schema.createIndex("sms_outbox_dossier_event").on("sms_outbox").column("dossier_event_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("sms_outbox").execute();
  await db.schema.dropIndex("mail_outbox_dossier_event").execute();
  await db.schema.alterTable("mail_outbox").dropColumn("dossier_event_id").execute();
  await db.schema.alterTable("dossier_events").dropColumn("step_id").execute();
  await db.schema.dropTable("dossier_issued_documents").execute();
  await db.schema.dropTable("dossier_notes").execute();
  await db.schema.dropTable("dossier_supplements").execute();
  await db.schema.dropTable("dossier_steps").execute();
  await db.schema.dropIndex("dossiers_assignee").execute();
  await db.schema.dropIndex("dossiers_queue").execute();
  for (const [name] of [...DOSSIER_COLUMNS].reverse()) {
    await db.schema.alterTable("dossiers").dropColumn(name).execute();
  }
}
