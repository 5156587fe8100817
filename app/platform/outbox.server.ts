// The outbox, for every channel (e-mail: mail-outbox.server.ts; SMS: sms-outbox.server.ts). A message is first written
// to the database in the caller's transaction (it exists exactly when the change that caused it does); a worker hands
// due messages to the channel's transport and retries failures with exponential back-off; a message that fails too
// often stays in the table with its last error. Two workers never send the same row: each attempt first claims it
// (compare-and-set) for a lease. A row may carry the dossier history row it reports (its delivery on the timeline).
//
// A channel says which table it writes, how it checks and normalises a message into that table's own columns, how it
// sends one row, and its retry schedule; everything else is here.
import { newId } from "./ids.server";
import { startIntervalWorker } from "./interval-worker.server";
import type { Logger } from "./logger.server";
import {
  claimOutboxRow,
  insertOutboxRow,
  markOutboxRowFailed,
  markOutboxRowSent,
  selectDueOutboxRows,
  type OutboxChannelColumns,
  type OutboxDb,
  type OutboxRow,
  type OutboxSentColumns,
  type OutboxTableName,
} from "./outbox.repo.server";

export type { OutboxDb } from "./outbox.repo.server";

export interface OutboxSchedule {
  /** Wait after the 1st, 2nd, … failed attempt; the last value repeats. */
  retryDelaysMs: readonly number[];
  /** Attempts before the outbox gives up (the timeline's OUTBOX_MAX_ATTEMPTS, app/domain/dossiers/notices.ts). */
  maxAttempts: number;
  /** How long an attempt in progress keeps its row from other workers (far beyond the transport's timeouts). */
  leaseMs: number;
}

const MINUTE = 60_000;

/** 1, 5, 15, 60, 180, 360 minutes, 10 attempts (about a day and a half of retries), a 10-minute lease. */
export const DEFAULT_OUTBOX_SCHEDULE: OutboxSchedule = {
  retryDelaysMs: [1, 5, 15, 60, 180, 360].map((m) => m * MINUTE),
  maxAttempts: 10,
  leaseMs: 10 * MINUTE,
};

/** The wait before the next attempt, once `failedAttempts` attempts (1, 2, …) have failed. */
export function retryDelayMs(schedule: Pick<OutboxSchedule, "retryDelaysMs">, failedAttempts: number): number {
  const delays = schedule.retryDelaysMs;
  return delays[Math.min(Math.max(failedAttempts, 1), delays.length) - 1]!;
}

/** What the core keeps of every message besides the channel's own columns. */
export interface OutboxMessageBase {
  /** The dossier history row the message reports (its delivery shows on the dossier's timeline). */
  dossierEventId?: string | null;
}

/** One channel of the outbox: its table, its messages and the transport that sends them (a Mailer, an SmsProvider). */
export interface OutboxChannel<T extends OutboxTableName, Message extends OutboxMessageBase, Transport> {
  /** Names its log lines: "<name> sent", "<name> not sent; will retry" with `<name>Id`… */
  name: string;
  table: T;
  schedule: OutboxSchedule;
  /** The message's own columns, checked and normalised: throws a TypeError for one the channel cannot send. */
  columnsOf(message: Message): OutboxChannelColumns<T>;
  /** Hand one row to the transport: resolves with the columns to set once sent, throws when not sent (retried). */
  send(transport: Transport, row: OutboxRow<T>): Promise<OutboxSentColumns<T>>;
  /** The transport's own error, whose message says it all (kept as the row's last error without the error's name). */
  sendError: abstract new (...args: never[]) => Error;
  /** More fields for the "sent" log line (e.g. the provider's name). */
  logFields?(transport: Transport): Record<string, unknown>;
  /**
   * Whether a failure is final (an SMTP 5yz refusal, a number the gateway says does not exist): the message is then
   * given up at once instead of being retried for a day and a half. Absent: every failure is retried.
   */
  isPermanent?(error: Error): boolean;
}

/**
 * Put a message in the channel's outbox, due now. Takes the database or a transaction: inside a transaction the
 * message is sent only if the transaction commits. Returns the outbox id.
 */
export async function enqueue<T extends OutboxTableName, Message extends OutboxMessageBase, Transport>(
  db: OutboxDb,
  channel: OutboxChannel<T, Message, Transport>,
  message: Message,
  now: Date = new Date(),
): Promise<string> {
  const columns = channel.columnsOf(message);
  const id = newId(now.getTime());
  const at = now.toISOString();
  await insertOutboxRow(db, channel.table, {
    ...columns,
    id,
    created_at: at,
    attempts: 0,
    next_attempt_at: at,
    sent_at: null,
    last_error: null,
    dossier_event_id: message.dossierEventId ?? null,
  });
  return id;
}

export interface DeliverOptions {
  /** The current time (tests); defaults to the clock. */
  now?: Date;
  /** Most messages taken in one call (default 20). */
  batch?: number;
  /** Defaults to the channel's schedule. */
  maxAttempts?: number;
}

export interface DeliveryFailure {
  id: string;
  /** Attempts made, this one included. */
  attempts: number;
  error: Error;
  /** null when the outbox gave up on the message. */
  retryAt: string | null;
}

export interface DeliveryReport {
  /** Rows taken for an attempt in this call. */
  attempted: number;
  sent: string[];
  failed: DeliveryFailure[];
}

/** Send the channel's due messages, oldest first: mark each sent, or schedule its next attempt, or give up. */
export async function deliverDue<T extends OutboxTableName, Message extends OutboxMessageBase, Transport>(
  db: OutboxDb,
  channel: OutboxChannel<T, Message, Transport>,
  transport: Transport,
  options: DeliverOptions = {},
): Promise<DeliveryReport> {
  const clock = () => options.now ?? new Date();
  const maxAttempts = options.maxAttempts ?? channel.schedule.maxAttempts;
  const due = await selectDueOutboxRows(db, channel.table, clock().toISOString(), maxAttempts, options.batch ?? 20);
  const report: DeliveryReport = { attempted: 0, sent: [], failed: [] };
  for (const row of due) {
    const leaseUntil = new Date(clock().getTime() + channel.schedule.leaseMs).toISOString();
    if (!(await claimOutboxRow(db, channel.table, row, leaseUntil))) continue; // another worker has it
    report.attempted += 1;
    const attempts = row.attempts + 1;
    let sentColumns: OutboxSentColumns<T>;
    try {
      sentColumns = await channel.send(transport, row);
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      const failedAt = clock();
      // A permanent refusal spends the remaining attempts: the row is given up (the timeline says "failed").
      const final = attempts >= maxAttempts || channel.isPermanent?.(error) === true;
      const retryAt = final ? null : new Date(failedAt.getTime() + retryDelayMs(channel.schedule, attempts)).toISOString();
      const counted = final ? Math.max(attempts, maxAttempts) : attempts;
      await markOutboxRowFailed(db, channel.table, row.id, describeFailure(error, channel.sendError), retryAt ?? failedAt.toISOString(), counted);
      report.failed.push({ id: row.id, attempts: counted, error, retryAt });
      continue;
    }
    await markOutboxRowSent(db, channel.table, row.id, clock().toISOString(), sentColumns);
    report.sent.push(row.id);
  }
  return report;
}

/** The last error kept in the row: the transport's own message, else the error's name and message; 2000 characters at most. */
function describeFailure(error: Error, sendError: abstract new (...args: never[]) => Error): string {
  const { name, message } = error;
  const text = error instanceof sendError ? message : `${name}: ${message}`;
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

export interface OutboxWorkerOptions {
  intervalMs: number;
  batch?: number;
  maxAttempts?: number;
}

/**
 * Deliver the channel's due messages every intervalMs (the timer does not keep the process alive). A full batch is
 * followed at once by the next. Returns a stop function that waits for the round in progress.
 */
export function startOutboxWorker<T extends OutboxTableName, Message extends OutboxMessageBase, Transport>(
  db: OutboxDb,
  channel: OutboxChannel<T, Message, Transport>,
  transport: Transport,
  logger: Logger,
  options: OutboxWorkerOptions,
): () => Promise<void> {
  const batch = options.batch ?? 20;
  const { name } = channel;
  return startIntervalWorker(async (stopped) => {
    try {
      let report: DeliveryReport;
      do {
        report = await deliverDue(db, channel, transport, { batch, maxAttempts: options.maxAttempts });
        if (report.sent.length > 0) logger.info(`${name} sent`, { count: report.sent.length, ...channel.logFields?.(transport) });
        for (const failure of report.failed) {
          const fields = { [`${name}Id`]: failure.id, attempts: failure.attempts, err: failure.error };
          if (failure.retryAt) logger.warn(`${name} not sent; will retry`, { ...fields, retryAt: failure.retryAt });
          else logger.error(`${name} not sent; giving up`, fields);
        }
      } while (!stopped() && report.attempted === batch);
    } catch (error) {
      logger.error(`${name} outbox unavailable`, { err: error });
    }
  }, options.intervalMs);
}

/** A channel's enqueue, deliverDue and startWorker, for its module to export under its own names (enqueueMail…). */
export function outboxOf<T extends OutboxTableName, Message extends OutboxMessageBase, Transport>(channel: OutboxChannel<T, Message, Transport>) {
  return {
    enqueue: (db: OutboxDb, message: Message, now?: Date): Promise<string> => enqueue(db, channel, message, now),
    deliverDue: (db: OutboxDb, transport: Transport, options?: DeliverOptions): Promise<DeliveryReport> => deliverDue(db, channel, transport, options),
    startWorker: (db: OutboxDb, transport: Transport, logger: Logger, options: OutboxWorkerOptions): (() => Promise<void>) =>
      startOutboxWorker(db, channel, transport, logger, options),
  };
}
