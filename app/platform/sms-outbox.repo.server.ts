// The SMS outbox's queries (Kysely; the same SQL on SQLite and PostgreSQL). As the mail outbox's.
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, SmsOutboxTable } from "../../db/schema";

/** The database or a transaction (the table is created by the back-office migration). */
export type SmsOutboxDb = Kysely<Database>;

export type SmsOutboxRow = Selectable<SmsOutboxTable>;

export async function insertOutboxSms(db: SmsOutboxDb, row: Insertable<SmsOutboxTable>): Promise<void> {
  await db.insertInto("sms_outbox").values(row).execute();
}

/** Unsent rows due at `now` that have attempts left, oldest due first. */
export async function selectDueSms(db: SmsOutboxDb, now: string, maxAttempts: number, limit: number): Promise<SmsOutboxRow[]> {
  return db
    .selectFrom("sms_outbox")
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
 * Take a due row for one attempt: counts the attempt and moves next_attempt_at to the end of a lease, unless another
 * worker took it first (compare-and-set on attempts and next_attempt_at). True when taken.
 */
export async function claimOutboxSms(db: SmsOutboxDb, row: Pick<SmsOutboxRow, "id" | "attempts" | "next_attempt_at">, leaseUntil: string): Promise<boolean> {
  const result = await db
    .updateTable("sms_outbox")
    .set({ attempts: row.attempts + 1, next_attempt_at: leaseUntil })
    .where("id", "=", row.id)
    .where("sent_at", "is", null)
    .where("attempts", "=", row.attempts)
    .where("next_attempt_at", "=", row.next_attempt_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markOutboxSmsSent(db: SmsOutboxDb, id: string, sentAt: string, providerId: string | null): Promise<void> {
  await db.updateTable("sms_outbox").set({ sent_at: sentAt, provider_id: providerId }).where("id", "=", id).execute();
}

export async function markOutboxSmsFailed(db: SmsOutboxDb, id: string, error: string, nextAttemptAt: string): Promise<void> {
  await db.updateTable("sms_outbox").set({ last_error: error, next_attempt_at: nextAttemptAt }).where("id", "=", id).where("sent_at", "is", null).execute();
}

export async function findOutboxSms(db: SmsOutboxDb, id: string): Promise<SmsOutboxRow | undefined> {
  return db.selectFrom("sms_outbox").selectAll().where("id", "=", id).executeTakeFirst();
}
