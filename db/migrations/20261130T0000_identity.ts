import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// Identity and access (issue 4): accounts of citizens and officials, one-time tokens (e-mail verification, password
// reset, invitations), organisations and their representatives, officials' roles per agency, TOTP recovery codes,
// rate limits shared by every server process, consent records, the mail outbox, and sessions tied to accounts.

const USER_KINDS = ["citizen", "official"];
const USER_STATUSES = ["active", "invited", "disabled"];
const TOKEN_PURPOSES = ["verify_email", "reset_password", "invite"];
const REPRESENTATIVE_ROLES = ["legal_representative", "authorised"];
const OFFICIAL_ROLES = ["receiving_officer", "handler", "approver", "petition_handler", "catalog_admin", "system_admin"];

const inList = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("kind", "varchar(20)", (c) => c.notNull().check(inList("kind", USER_KINDS)))
    .addColumn("status", "varchar(20)", (c) => c.notNull().check(inList("status", USER_STATUSES)))
    .addColumn("full_name", "varchar(200)", (c) => c.notNull())
    // The 12-digit personal identity number; unique among accounts (eID sign-in links by it).
    .addColumn("cccd", "varchar(12)", (c) => c.unique())
    .addColumn("birth_date", "varchar(10)")
    // Stored lower-cased (the application normalises), so uniqueness is case-insensitive on both engines.
    .addColumn("email", "varchar(254)", (c) => c.unique())
    .addColumn("phone", "varchar(20)")
    .addColumn("password_hash", "varchar(255)")
    .addColumn("email_verified_at", "varchar(30)")
    .addColumn("eid_verified_at", "varchar(30)")
    // Officials' second factor: the secret sealed with the server's key, confirmed once a code was entered.
    .addColumn("totp_secret", "varchar(255)")
    .addColumn("totp_confirmed_at", "varchar(30)")
    .addColumn("totp_last_step", "bigint")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .addCheckConstraint("users_reachable", sql`email is not null or phone is not null or cccd is not null`)
    .execute();

  await db.schema
    .createTable("user_tokens")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "varchar(20)", (c) => c.notNull().check(inList("purpose", TOKEN_PURPOSES)))
    // SHA-256 of the token sent by e-mail: a database leak gives no usable link.
    .addColumn("token_hash", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("expires_at", "varchar(30)", (c) => c.notNull())
    .addColumn("used_at", "varchar(30)")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("user_tokens_user").on("user_tokens").columns(["user_id", "purpose"]).execute();

  await db.schema
    .createTable("recovery_codes")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("used_at", "varchar(30)")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addUniqueConstraint("recovery_codes_unique", ["user_id", "code_hash"])
    .execute();

  await db.schema
    .createTable("organisations")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    // 10 digits, or 10 digits, a dash and a 3-digit branch number.
    .addColumn("tax_code", "varchar(14)", (c) => c.notNull().unique())
    .addColumn("name", "varchar(300)", (c) => c.notNull())
    .addColumn("address", "varchar(500)")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("representatives")
    .addColumn("organisation_id", "varchar(36)", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "varchar(30)", (c) => c.notNull().check(inList("role", REPRESENTATIVE_ROLES)))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addPrimaryKeyConstraint("representatives_pk", ["organisation_id", "user_id"])
    .execute();
  await db.schema.createIndex("representatives_user").on("representatives").column("user_id").execute();

  await db.schema
    .createTable("official_roles")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("agency_id", "varchar(36)", (c) => c.notNull().references("agencies.id"))
    .addColumn("role", "varchar(30)", (c) => c.notNull().check(inList("role", OFFICIAL_ROLES)))
    .addColumn("granted_at", "varchar(30)", (c) => c.notNull())
    .addColumn("granted_by", "varchar(36)")
    .addUniqueConstraint("official_roles_unique", ["user_id", "agency_id", "role"])
    .execute();
  await db.schema.createIndex("official_roles_agency").on("official_roles").columns(["agency_id", "role"]).execute();

  // Fixed-window counters with back-off, keyed by what is limited ("signin:account:<id>", "signin:ip:<ip>", …).
  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "varchar(200)", (c) => c.primaryKey())
    .addColumn("window_started_at", "varchar(30)", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("blocked_until", "varchar(30)")
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rate_limits_updated").on("rate_limits").column("updated_at").execute();

  await db.schema
    .createTable("consents")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "varchar(50)", (c) => c.notNull())
    .addColumn("version", "varchar(20)", (c) => c.notNull())
    .addColumn("granted_at", "varchar(30)", (c) => c.notNull())
    .addColumn("withdrawn_at", "varchar(30)")
    .execute();
  await db.schema.createIndex("consents_user").on("consents").column("user_id").execute();

  await db.schema
    .createTable("mail_outbox")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("to_address", "varchar(254)", (c) => c.notNull())
    .addColumn("subject", "varchar(300)", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "varchar(30)", (c) => c.notNull())
    .addColumn("sent_at", "varchar(30)")
    .addColumn("last_error", "text")
    .execute();
  await db.schema.createIndex("mail_outbox_due").on("mail_outbox").columns(["sent_at", "next_attempt_at"]).execute();

  // Sessions belong to an account once signed in: "sign out of all devices" and the list of my sessions.
  await db.schema.alterTable("sessions").addColumn("user_id", "varchar(36)").execute();
  await db.schema.alterTable("sessions").addColumn("last_seen_at", "varchar(30)").execute();
  await db.schema.alterTable("sessions").addColumn("user_agent", "varchar(300)").execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("sessions_user").execute();
  await db.schema.alterTable("sessions").dropColumn("user_agent").execute();
  await db.schema.alterTable("sessions").dropColumn("last_seen_at").execute();
  await db.schema.alterTable("sessions").dropColumn("user_id").execute();
  await db.schema.dropTable("mail_outbox").execute();
  await db.schema.dropTable("consents").execute();
  await db.schema.dropTable("rate_limits").execute();
  await db.schema.dropTable("official_roles").execute();
  await db.schema.dropTable("representatives").execute();
  await db.schema.dropTable("organisations").execute();
  await db.schema.dropTable("recovery_codes").execute();
  await db.schema.dropTable("user_tokens").execute();
  await db.schema.dropTable("users").execute();
}
