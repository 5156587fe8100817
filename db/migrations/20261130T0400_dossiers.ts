import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// Dossiers filed online (issue 5, items 4 and 5; docs/decisions/0014-dossiers.md): the dossier with its status (the
// DVCQG codes 1–10 of shared/domain/vn-egov.md §2.3), its documents (files of the files table), its history, the
// per-agency-per-day sequence behind its code, and the in-app notifications of its owner.

const inList = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("dossiers")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    // {agency code}-{yyMMdd}-{NNNN} (§2.9).
    .addColumn("code", "varchar(40)", (c) => c.notNull().unique())
    .addColumn("agency_id", "varchar(36)", (c) => c.notNull().references("agencies.id"))
    .addColumn("procedure_id", "varchar(36)", (c) => c.notNull().references("procedures.id"))
    .addColumn("procedure_code", "varchar(20)", (c) => c.notNull())
    // The immutable published version the dossier was filed under (its form, documents and time limits).
    .addColumn("procedure_version_id", "varchar(36)", (c) => c.notNull().references("procedure_versions.id"))
    // The account that filed it; and the organisation it acted for (then every representative sees it).
    .addColumn("owner_user_id", "varchar(36)", (c) => c.notNull().references("users.id"))
    .addColumn("owner_organisation_id", "varchar(36)", (c) => c.references("organisations.id"))
    // JSON text: the applicant (name, CCCD, phone, e-mail, address…) and the form's answers.
    .addColumn("applicant", "text", (c) => c.notNull())
    .addColumn("answers", "text", (c) => c.notNull())
    .addColumn("channel", "varchar(20)", (c) => c.notNull().check(inList("channel", ["online", "in_person", "post"])))
    .addColumn("status", "smallint", (c) => c.notNull().check(sql`status between 1 and 10`))
    .addColumn("received_at", "varchar(30)", (c) => c.notNull())
    .addColumn("acceptance_due_at", "varchar(30)")
    // Null for a procedure without an appointment date.
    .addColumn("due_at", "varchar(30)")
    // Optimistic concurrency: every change of status increments it and checks the value it read.
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("idempotency_key", "varchar(100)", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("dossiers_idempotency").on("dossiers").columns(["owner_user_id", "idempotency_key"]).unique().execute();
  await db.schema.createIndex("dossiers_owner_user").on("dossiers").columns(["owner_user_id", "received_at"]).execute();
  await db.schema.createIndex("dossiers_owner_organisation").on("dossiers").columns(["owner_organisation_id", "received_at"]).execute();
  await db.schema.createIndex("dossiers_agency_status").on("dossiers").columns(["agency_id", "status"]).execute();

  await db.schema
    .createTable("dossier_documents")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("dossier_id", "varchar(36)", (c) => c.notNull().references("dossiers.id"))
    // The index of the document in the procedure version's list, and its name there (the version is immutable).
    .addColumn("document_index", "integer", (c) => c.notNull())
    .addColumn("document_name", "varchar(500)", (c) => c.notNull())
    .addColumn("file_id", "varchar(36)", (c) => c.notNull().references("files.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("dossier_documents_dossier").on("dossier_documents").columns(["dossier_id", "document_index", "position"]).unique().execute();
  await db.schema.createIndex("dossier_documents_file").on("dossier_documents").column("file_id").execute();

  await db.schema
    .createTable("dossier_events")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("dossier_id", "varchar(36)", (c) => c.notNull().references("dossiers.id"))
    .addColumn("at", "varchar(30)", (c) => c.notNull())
    // Null for the first event (submission).
    .addColumn("status_from", "smallint", (c) => c.check(sql`status_from between 1 and 10`))
    .addColumn("status_to", "smallint", (c) => c.notNull().check(sql`status_to between 1 and 10`))
    .addColumn("actor_type", "varchar(20)", (c) => c.notNull().check(inList("actor_type", ["citizen", "official", "system"])))
    .addColumn("actor_id", "varchar(36)")
    // The unit that acted (the agency for officials; the receiving agency for a submission).
    .addColumn("agency_id", "varchar(36)", (c) => c.references("agencies.id"))
    // An i18n key of the "dossiers" namespace and its parameters (JSON text).
    .addColumn("note_key", "varchar(100)")
    .addColumn("note_params", "text")
    // The clock: "pause" (supplementation requested, §2.5) or "resume"; null for an event that does not touch it.
    .addColumn("clock", "varchar(10)", (c) => c.check(inList("clock", ["pause", "resume"])))
    .execute();
  await db.schema.createIndex("dossier_events_dossier").on("dossier_events").columns(["dossier_id", "at"]).execute();

  await db.schema
    .createTable("dossier_code_sequences")
    .addColumn("agency_id", "varchar(36)", (c) => c.notNull().references("agencies.id"))
    // yyMMdd in Vietnam time.
    .addColumn("day", "varchar(6)", (c) => c.notNull())
    .addColumn("last_value", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("dossier_code_sequences_pk", ["agency_id", "day"])
    .execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id"))
    .addColumn("organisation_id", "varchar(36)", (c) => c.references("organisations.id"))
    .addColumn("kind", "varchar(40)", (c) => c.notNull())
    .addColumn("dossier_id", "varchar(36)", (c) => c.references("dossiers.id"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("read_at", "varchar(30)")
    .execute();
  await db.schema.createIndex("notifications_user").on("notifications").columns(["user_id", "created_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("notifications").execute();
  await db.schema.dropTable("dossier_code_sequences").execute();
  await db.schema.dropTable("dossier_events").execute();
  await db.schema.dropTable("dossier_documents").execute();
  await db.schema.dropTable("dossiers").execute();
}
