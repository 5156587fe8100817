// The outboxes' queries (Kysely; the same SQL on SQLite and PostgreSQL), the same for every outbox table: each has
// the core's columns below (db/schema.ts) beside its channel's own (recipient, content, the gateway's id), which pass
// through these queries untouched.
import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type { Database } from "../../db/schema";

/** The database or a transaction. */
export type OutboxDb = Kysely<Database>;

/** The outbox tables (created by frozen migrations: mail_outbox by the identity one, sms_outbox by the back office's). */
export type OutboxTableName = "mail_outbox" | "sms_outbox";

/** The columns the core reads and writes, the same in every outbox table. */
export interface OutboxCoreColumns {
  id: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  sent_at: string | null;
  last_error: string | null;
  /** The dossier history row the message reports (its delivery shows on the dossier's timeline), if any. */
  dossier_event_id: string | null;
}

/** A whole row of an outbox table (its core columns named, for code generic in the table). */
export type OutboxRow<T extends OutboxTableName> = Selectable<Database[T]> & OutboxCoreColumns;
/** A channel's own columns of a new row (the core fills in its own). */
export type OutboxChannelColumns<T extends OutboxTableName> = Omit<Insertable<Database[T]>, keyof OutboxCoreColumns>;
/** A channel's own columns set when a message is sent (e.g. the gateway's id). */
export type OutboxSentColumns<T extends OutboxTableName> = Omit<Updateable<Database[T]>, keyof OutboxCoreColumns>;

// Fails to compile when an outbox table lacks one of the core's columns.
type WithCoreColumns<T extends OutboxTableName> = Selectable<Database[T]> extends OutboxCoreColumns ? T : never;
const TABLES: { [T in OutboxTableName]: WithCoreColumns<T> } = { mail_outbox: "mail_outbox", sms_outbox: "sms_outbox" };

/** The database as the queries see it: an outbox table, whichever it is, through the core's columns. */
type CoreView = Kysely<Record<string, OutboxCoreColumns>>;
const view = (db: OutboxDb) => db as unknown as CoreView;
const name = (table: OutboxTableName): string => TABLES[table];

export async function insertOutboxRow<T extends OutboxTableName>(
  db: OutboxDb,
  table: T,
  row: OutboxCoreColumns & OutboxChannelColumns<T>,
): Promise<void> {
  await view(db).insertInto(name(table)).values(row).execute();
}

/** Unsent rows due at `now` that have attempts left, oldest due first. */
export async function selectDueOutboxRows<T extends OutboxTableName>(
  db: OutboxDb,
  table: T,
  now: string,
  maxAttempts: number,
  limit: number,
): Promise<OutboxRow<T>[]> {
  const rows = await view(db)
    .selectFrom(name(table))
    .selectAll()
    .where("sent_at", "is", null)
    .where("attempts", "<", maxAttempts)
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows as OutboxRow<T>[];
}

/**
 * Take a due row for one attempt: counts the attempt and moves next_attempt_at to the end of a lease, unless another
 * worker took it first (compare-and-set on attempts and next_attempt_at). True when taken.
 */
export async function claimOutboxRow(
  db: OutboxDb,
  table: OutboxTableName,
  row: Pick<OutboxCoreColumns, "id" | "attempts" | "next_attempt_at">,
  leaseUntil: string,
): Promise<boolean> {
  const result = await view(db)
    .updateTable(name(table))
    .set({ attempts: row.attempts + 1, next_attempt_at: leaseUntil })
    .where("id", "=", row.id)
    .where("sent_at", "is", null)
    .where("attempts", "=", row.attempts)
    .where("next_attempt_at", "=", row.next_attempt_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markOutboxRowSent<T extends OutboxTableName>(
  db: OutboxDb,
  table: T,
  id: string,
  sentAt: string,
  columns: OutboxSentColumns<T>,
): Promise<void> {
  await view(db)
    .updateTable(name(table))
    .set({ ...columns, sent_at: sentAt })
    .where("id", "=", id)
    .execute();
}

/** Record a failed attempt; `attempts` is the row's count after it (the maximum for a message given up at once). */
export async function markOutboxRowFailed(db: OutboxDb, table: OutboxTableName, id: string, error: string, nextAttemptAt: string, attempts: number): Promise<void> {
  await view(db)
    .updateTable(name(table))
    .set({ last_error: error, next_attempt_at: nextAttemptAt, attempts })
    .where("id", "=", id)
    .where("sent_at", "is", null)
    .execute();
}

export async function findOutboxRow<T extends OutboxTableName>(db: OutboxDb, table: T, id: string): Promise<OutboxRow<T> | undefined> {
  const row = await view(db).selectFrom(name(table)).selectAll().where("id", "=", id).executeTakeFirst();
  return row as OutboxRow<T> | undefined;
}
