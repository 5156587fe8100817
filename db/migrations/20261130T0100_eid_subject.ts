import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration once it has landed; add a new one.
// An account is linked to the national eID by the provider's subject identifier, not only by the CCCD: the issuer
// and its `sub` for this person, unique together (an eID account opens one portal account). Both are set or neither.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").addColumn("eid_issuer", "varchar(255)").execute();
  await db.schema
    .alterTable("users")
    .addColumn("eid_subject", "varchar(255)", (c) => c.check(sql`(eid_issuer is null) = (eid_subject is null)`))
    .execute();
  await db.schema.createIndex("users_eid_subject").on("users").columns(["eid_issuer", "eid_subject"]).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("users_eid_subject").execute();
  // eid_subject first: its CHECK names eid_issuer, and SQLite refuses to drop a column another column's CHECK uses.
  await db.schema.alterTable("users").dropColumn("eid_subject").execute();
  await db.schema.alterTable("users").dropColumn("eid_issuer").execute();
}
