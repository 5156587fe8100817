// The mail outbox's queries (Kysely; the same SQL on SQLite and PostgreSQL).
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, MailOutboxTable } from "../../db/schema";

/** The database or a transaction (the outbox table is in db/schema.ts, created by the identity migration). */
export type MailOutboxDb = Kysely<Database>;

export type MailOutboxRow = Selectable<MailOutboxTable>;

export async function insertOutboxMail(db: MailOutboxDb, row: Insertable<MailOutboxRow>): Promise<void> {
  await db.insertInto("mail_outbox").values(row).execute();
}

/** Unsent rows due at `now` that have attempts left, oldest due first. */
export async function selectDueMail(db: MailOutboxDb, now: string, maxAttempts: number, limit: number): Promise<MailOutboxRow[]> {
  return db
    .selectFrom("mail_outbox")
    .selectAll()
    .where("sent_at", "is", null)
    .where("attempts", "<", maxAttempts)
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(limit)
    .execute();
}

/**
 * Take a due row for one attempt: counts the attempt and moves next_attempt_at to the end of a lease, unless
 * another worker took it first (compare-and-set on attempts and next_attempt_at). True when taken.
 */
export async function claimOutboxMail(
  db: MailOutboxDb,
  row: Pick<MailOutboxRow, "id" | "attempts" | "next_attempt_at">,
  leaseUntil: string,
): Promise<boolean> {
  const result = await db
    .updateTable("mail_outbox")
    .set({ attempts: row.attempts + 1, next_attempt_at: leaseUntil })
    .where("id", "=", row.id)
    .where("sent_at", "is", null)
    .where("attempts", "=", row.attempts)
    .where("next_attempt_at", "=", row.next_attempt_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markOutboxMailSent(db: MailOutboxDb, id: string, sentAt: string): Promise<void> {
  await db.updateTable("mail_outbox").set({ sent_at: sentAt }).where("id", "=", id).execute();
}

export async function markOutboxMailFailed(db: MailOutboxDb, id: string, error: string, nextAttemptAt: string): Promise<void> {
  await db
    .updateTable("mail_outbox")
    .set({ last_error: error, next_attempt_at: nextAttemptAt })
    .where("id", "=", id)
    .where("sent_at", "is", null)
    .execute();
}

export async function findOutboxMail(db: MailOutboxDb, id: string): Promise<MailOutboxRow | undefined> {
  return db.selectFrom("mail_outbox").selectAll().where("id", "=", id).executeTakeFirst();
}
