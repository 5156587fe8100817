import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { engines, freshDatabase } from "./testing";
import { migrateDownAll, migrateDownOne, migrateToLatest, migrationNames, pendingMigrations } from "./migrate";
import type { Database } from "./schema";

// Columns the application's types (db/schema.ts) promise, table by table.
const EXPECTED: Record<keyof Database, string[]> = {
  admin_units: ["code", "name", "kind", "level", "parent_code", "valid_from", "valid_to"],
  agencies: ["id", "code", "created_at"],
  agency_versions: [
    "id", "agency_id", "name", "short_name", "kind", "level", "parent_id", "admin_unit_code",
    "address", "phone", "email", "valid_from", "valid_to", "successor_id", "created_at",
  ],
  sessions: ["id", "data", "created_at", "expires_at", "user_id", "last_seen_at", "user_agent"],
  audit_events: [
    "id", "occurred_at", "actor_type", "actor_id", "action", "entity_type", "entity_id", "request_id", "ip", "details",
  ],
  procedure_fields: ["code", "name"],
  procedures: ["id", "code", "created_at"],
  procedure_versions: [
    "id", "procedure_id", "version", "state", "valid_from", "published_at", "name", "field_code", "levels", "life_events",
    "best_online_level", "status", "search_text", "content", "content_hash", "created_at", "created_by",
  ],
  procedure_offerings: ["id", "version_id", "agency_id", "decider_id", "online_level"],
  catalog_files: ["sha256", "storage_key", "file_name", "media_type", "size", "created_at"],
  catalog_state: ["id", "revision", "updated_at"],
  users: [
    "id", "kind", "status", "full_name", "cccd", "birth_date", "email", "phone", "password_hash", "email_verified_at",
    "eid_verified_at", "totp_secret", "totp_confirmed_at", "totp_last_step", "created_at", "updated_at",
    "eid_issuer", "eid_subject",
  ],
  user_tokens: ["id", "user_id", "purpose", "token_hash", "expires_at", "used_at", "created_at"],
  recovery_codes: ["id", "user_id", "code_hash", "used_at", "created_at"],
  organisations: ["id", "tax_code", "name", "address", "created_at"],
  representatives: ["organisation_id", "user_id", "role", "created_at"],
  official_roles: ["id", "user_id", "agency_id", "role", "granted_at", "granted_by"],
  rate_limits: ["key", "window_started_at", "count", "blocked_until", "updated_at"],
  consents: ["id", "user_id", "purpose", "version", "granted_at", "withdrawn_at"],
  mail_outbox: [
    "id", "to_address", "subject", "text_body", "html_body", "created_at", "attempts", "next_attempt_at", "sent_at", "last_error",
    "dossier_event_id",
  ],
  filing_drafts: ["id", "owner_user_id", "owner_organisation_id", "procedure_version_id", "agency_id", "applicant", "on_behalf_of", "answers", "documents", "declaration_at", "expires_at", "version", "created_at", "updated_at"],
  files: ["id", "sha256", "size_bytes", "media_type", "original_name", "owner_user_id", "owner_organisation_id", "source", "signature_status", "created_at", "deleted_at"],
  calendar_days: ["date", "kind", "name", "source", "created_by", "created_at", "removed_by", "removed_at"],
  calendar_office_hours: ["valid_from", "same_day_cutoff", "created_by", "created_at"],
  calendar_office_sessions: ["valid_from", "weekday", "starts_at", "ends_at"],
  dossiers: [
    "id", "code", "agency_id", "procedure_id", "procedure_code", "procedure_version_id", "owner_user_id", "owner_organisation_id",
    "applicant", "answers", "channel", "status", "received_at", "acceptance_due_at", "due_at", "version", "idempotency_key",
    "created_at", "updated_at", "accepted_at", "current_agency_id", "step_id", "step_index", "step_due_at", "waiting_for", "assignee_id",
    "paused_at", "supplement_count", "resume_status", "result_ready_at", "returned_at", "return_channel", "rescheduled_due_at",
    "applicant_search", "apology_prompted_at",
  ],
  dossier_documents: ["id", "dossier_id", "document_index", "document_name", "file_id", "position"],
  dossier_events: ["id", "dossier_id", "at", "status_from", "status_to", "actor_type", "actor_id", "agency_id", "note_key", "note_params", "clock", "step_id"],
  dossier_code_sequences: ["agency_id", "day", "last_value"],
  notifications: ["id", "user_id", "organisation_id", "kind", "dossier_id", "created_at", "read_at"],
  dossier_steps: [
    "id", "dossier_id", "seq", "step_index", "name", "role", "agency_id", "from_agency_id", "handed_by", "handled_by", "started_at",
    "due_at", "ended_at", "result", "outcome", "warned_at", "overdue_at",
  ],
  dossier_supplements: [
    "id", "dossier_id", "seq", "requested_at", "requested_by", "agency_id", "status_at_request", "fields", "documents", "note",
    "justification", "respond_by", "answered_at", "paused_minutes", "closed",
  ],
  dossier_notes: ["id", "dossier_id", "author_id", "agency_id", "at", "body"],
  dossier_issued_documents: ["id", "dossier_id", "kind", "event_id", "sha256", "size_bytes", "media_type", "file_name", "audience", "created_by", "created_at"],
  sms_outbox: ["id", "to_phone", "body", "dossier_event_id", "created_at", "attempts", "next_attempt_at", "sent_at", "provider_id", "last_error"],
  trust_store_changes: ["id", "fingerprint", "action", "role", "sha256", "subject", "not_after", "note", "changed_by", "changed_at"],
  crls: ["id", "issuer_hash", "issuer", "this_update", "next_update", "revoked_count", "sha256", "size_bytes", "source", "added_by", "added_at"],
  signature_reports: ["file_id", "verdict", "report", "verified_at"],
  result_signatures: ["code", "dossier_id", "issued_document_id", "agency_id", "sha256", "document_name", "signer_subject", "signed_at"],  petitions: ["id", "code", "kind", "title", "content", "proposal", "procedure_code", "concerned_agency_id", "dossier_code", "submitter_user_id", "submitter_organisation_id", "contact_name", "contact_address", "contact_phone", "contact_email", "publish_consent", "show_name", "status", "handling_agency_id", "field", "admin_unit_code", "received_at", "forward_due_at", "forwarded_at", "original_answer_due_at", "answer_due_at", "extended_at", "extension_reason", "answered_at", "answered_on_time", "published_at", "closed_at", "close_reason", "close_text", "duplicate_of", "reassign_requested_at", "reassign_reason", "hidden_at", "hidden_reason", "rating", "rating_reason", "rated_at", "reopened_at", "reminded_at", "escalated_at", "search", "version", "updated_at"],
  petition_answers: ["id", "petition_id", "body", "drafted_by", "drafted_at", "decision", "decided_by", "decided_at", "decision_note"],
  petition_revisions: ["id", "petition_id", "part", "body", "reason", "revised_by", "revised_at"],
  petition_events: ["id", "petition_id", "at", "actor_user_id", "action", "status_from", "status_to", "agency_id", "note"],
  petition_files: ["petition_id", "file_id", "position"],
  petition_routing_rules: ["id", "procedure_code", "field", "concerned_agency_id", "admin_unit_code", "target_agency_id", "created_by", "created_at"],
  petition_code_sequences: ["day", "last_value"],
  payment_requests: ["id", "dossier_id", "mode", "state", "lines", "total", "payer_name", "note", "pay_by", "requested_at", "requested_by", "paid_at", "paid_attempt_id", "cancelled_at", "cancelled_by", "cancel_reason", "version", "updated_at"],
  payment_attempts: ["id", "request_id", "reference", "provider", "amount", "state", "late", "review_reason", "reviewed_at", "reviewed_by", "provider_txn_no", "bank_code", "response_code", "provider_paid_at", "created_at", "provider_created", "expires_at", "payer_ip", "created_by", "paid_at", "ended_at", "last_checked_at", "checks", "refunded_at", "refunded_by", "refund_reason", "refund_method", "version"],
  payment_callbacks: ["id", "provider", "kind", "received_at", "source_ip", "raw", "signature_ok", "reference", "outcome"],
  receipt_sequences: ["template_symbol", "series", "last_value"],
  payment_receipts: ["id", "request_id", "attempt_id", "kind", "template_symbol", "series", "number", "amount", "issued_at", "status", "document", "file_id", "cancelled_at", "cancelled_by", "cancel_reason"],
  statement_imports: ["id", "imported_at", "imported_by", "file_name", "sha256", "line_count"],
  statement_lines: ["id", "import_id", "row_number", "booked_on", "amount", "description", "bank_ref", "match", "attempt_id", "resolved_at", "resolved_by", "resolution"],
  dossier_ratings: ["id", "dossier_id", "level", "reason", "criteria", "channel", "rated_by", "petition_id", "rated_at", "editable_until", "version", "updated_at"],
  stat_dossier_facts: ["dossier_id", "code", "agency_id", "branch_id", "procedure_code", "field_code", "channel", "online_level", "status", "accepted_day", "original_due_day", "due_day", "result_day", "ended_day", "waiting", "with_fees", "paid_online", "digitised", "reused", "result_electronic", "resolution_days", "rating_level", "rating_day", "src_dossier_version", "src_dossier_updated_at", "src_rating_updated_at", "src_payment_updated_at", "computed_at"],
  stat_daily: ["day", "cube", "agency_id", "branch_id", "procedure_code", "field_code", "channel", "online_level", "received_online", "received_in_person", "received_post", "resolved_early", "resolved_on_time", "resolved_late", "withdrawn", "refused", "with_fees", "paid_online", "digitised", "reused", "results_electronic", "resolution_days_sum", "rated_very_satisfied", "rated_satisfied", "rated_unsatisfied", "open_delta", "overdue_delta", "waiting_supplement_delta", "waiting_payment_delta"],
  stat_monthly: ["month", "cube", "agency_id", "branch_id", "procedure_code", "field_code", "channel", "online_level", "received_online", "received_in_person", "received_post", "resolved_early", "resolved_on_time", "resolved_late", "withdrawn", "refused", "with_fees", "paid_online", "digitised", "reused", "results_electronic", "resolution_days_sum", "rated_very_satisfied", "rated_satisfied", "rated_unsatisfied", "open_delta", "overdue_delta", "waiting_supplement_delta", "waiting_payment_delta"],
  stat_durations_daily: ["day", "cube", "agency_id", "branch_id", "procedure_code", "field_code", "channel", "online_level", "bucket", "count"],
  stat_durations_monthly: ["month", "cube", "agency_id", "branch_id", "procedure_code", "field_code", "channel", "online_level", "bucket", "count"],
  stat_state: ["id", "watermark", "as_of"],
};

async function appTables(db: Parameters<typeof migrateToLatest>[0]) {
  const tables = await db.introspection.getTables();
  const current =
    tables.some((t) => t.schema !== undefined)
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  return tables.filter((t) => t.schema === current && !t.name.startsWith("kysely_"));
}

describe.each(engines)("migrations on %s", (engine) => {
  it("run up, down and up again, and leave the schema db/schema.ts describes", async () => {
    const { db, close } = await freshDatabase(engine);
    try {
      expect(await pendingMigrations(db)).toEqual(migrationNames);
      expect(await migrateToLatest(db)).toEqual(migrationNames.map((n) => `up ${n}`));
      expect(await pendingMigrations(db)).toEqual([]);

      const tables = await appTables(db);
      expect(tables.map((t) => t.name).sort()).toEqual(Object.keys(EXPECTED).sort());
      for (const table of tables) {
        expect(table.columns.map((c) => c.name).sort(), table.name).toEqual(
          [...EXPECTED[table.name as keyof Database]].sort(),
        );
      }

      expect(await migrateDownAll(db)).toEqual([...migrationNames].reverse().map((n) => `down ${n}`));
      expect(await appTables(db)).toEqual([]);

      await migrateToLatest(db);
      expect((await appTables(db)).length).toBe(Object.keys(EXPECTED).length);
      await migrateDownOne(db);
      expect(await pendingMigrations(db)).toEqual(migrationNames.slice(-1));
    } finally {
      await close();
    }
  }, 60_000); // every migration up, down and up again: fifteen of them on PostgreSQL

  it("enforce the CHECK constraints for enumerations and periods", async () => {
    const { db, close } = await freshDatabase(engine);
    try {
      await migrateToLatest(db);
      await expect(
        sql`insert into admin_units (code, name, kind, level, parent_code, valid_from) values ('99', 'X', 'planet', 1, null, '2020-01-01')`.execute(db),
      ).rejects.toThrow();
      await expect(
        sql`insert into admin_units (code, name, kind, level, parent_code, valid_from, valid_to) values ('99', 'X', 'province', 1, null, '2020-01-01', '2019-01-01')`.execute(db),
      ).rejects.toThrow();
      await expect(
        sql`insert into admin_units (code, name, kind, level, parent_code, valid_from) values ('98', 'X', 'district', 2, '77', '2020-01-01')`.execute(db),
      ).rejects.toThrow(); // unknown parent: foreign keys are on
      await sql`insert into admin_units (code, name, kind, level, parent_code, valid_from) values ('99', 'X', 'province', 1, null, '2020-01-01')`.execute(db);
    } finally {
      await close();
    }
  });

  it("link an eID subject to one account at most, with its issuer (both or neither)", async () => {
    const { db, close } = await freshDatabase(engine);
    try {
      await migrateToLatest(db);
      const user = (id: string, cccd: string, issuer: string | null, subject: string | null) =>
        sql`insert into users (id, kind, status, full_name, cccd, created_at, updated_at, eid_issuer, eid_subject)
            values (${id}, 'citizen', 'active', 'X', ${cccd}, '2026-11-30', '2026-11-30', ${issuer}, ${subject})`.execute(db);
      await user("u1", "002190000001", "https://sso.example", "sub-1");
      await user("u2", "002190000002", "https://sso.example", "sub-2");
      await user("u3", "002190000003", "https://other.example", "sub-1"); // the same sub at another issuer
      await user("u4", "002190000004", null, null);
      await user("u5", "002190000005", null, null); // any number of unlinked accounts
      await expect(user("u6", "002190000006", "https://sso.example", "sub-1")).rejects.toThrow();
      await expect(user("u7", "002190000007", "https://sso.example", null)).rejects.toThrow();
      await expect(user("u8", "002190000008", null, "sub-9")).rejects.toThrow();
    } finally {
      await close();
    }
  });
});
