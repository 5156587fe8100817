// The mail outbox: a message is first written to the database (in the caller's transaction, so it exists
// exactly when the change that caused it does), then a worker hands due messages to the SMTP server and
// retries failures with exponential back-off. Nothing is lost while the SMTP server is down; a message
// that fails too often stays in the table with its last error.
import { newId } from "./ids.server";
import type { Logger } from "./logger.server";
import { MailSendError, type Mailer, type MailMessage } from "./mail.server";
import {
  claimOutboxMail,
  insertOutboxMail,
  markOutboxMailFailed,
  markOutboxMailSent,
  selectDueMail,
  type MailOutboxDb,
} from "./mail-outbox.repo.server";

export type { MailOutboxDb } from "./mail-outbox.repo.server";

/** What the outbox keeps of a message (no custom headers), and the dossier history row it reports, if any. */
export type OutboxMessage = Pick<MailMessage, "to" | "subject" | "text" | "html"> & { dossierEventId?: string | null };

const MINUTE = 60_000;
/** Wait after the 1st, 2nd, … failed attempt; the last value repeats. */
export const MAIL_RETRY_DELAYS_MS: readonly number[] = [1, 5, 15, 60, 180, 360].map((m) => m * MINUTE);
/** Attempts before the outbox gives up (about a day and a half of retries with the delays above). */
export const MAIL_MAX_ATTEMPTS = 10;
/** How long an attempt in progress keeps its row from other workers (far beyond the mailer's timeouts). */
export const MAIL_LEASE_MS = 10 * MINUTE;

/** The wait before the next attempt, once `failedAttempts` attempts (1, 2, …) have failed. */
export function mailRetryDelayMs(failedAttempts: number): number {
  const index = Math.min(Math.max(failedAttempts, 1), MAIL_RETRY_DELAYS_MS.length) - 1;
  return MAIL_RETRY_DELAYS_MS[index]!;
}

/**
 * Put a message in the outbox, due now. Takes the database or a transaction: inside a transaction the
 * message is sent only if the transaction commits. Returns the outbox id.
 */
export async function enqueueMail(db: MailOutboxDb, message: OutboxMessage, now: Date = new Date()): Promise<string> {
  for (const [name, value] of [["to", message.to], ["subject", message.subject]] as const) {
    if (value.trim() === "" || /[\r\n]/.test(value)) throw new TypeError(`Mail ${name} must be one non-empty line.`);
  }
  const id = newId(now.getTime());
  const at = now.toISOString();
  await insertOutboxMail(db, {
    id,
    to_address: message.to.trim(),
    subject: message.subject,
    text_body: message.text,
    html_body: message.html ?? null,
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

/** Send the due messages, oldest first: mark each sent, or schedule its next attempt, or give up. */
export async function deliverDueMail(db: MailOutboxDb, mailer: Mailer, options: DeliverOptions = {}): Promise<DeliveryReport> {
  const clock = () => options.now ?? new Date();
  const maxAttempts = options.maxAttempts ?? MAIL_MAX_ATTEMPTS;
  const start = clock();
  const due = await selectDueMail(db, start.toISOString(), maxAttempts, options.batch ?? 20);
  const report: DeliveryReport = { attempted: 0, sent: [], failed: [] };
  for (const row of due) {
    const leaseUntil = new Date(clock().getTime() + MAIL_LEASE_MS).toISOString();
    if (!(await claimOutboxMail(db, row, leaseUntil))) continue; // another worker has it
    report.attempted += 1;
    const attempts = row.attempts + 1;
    try {
      await mailer.send({
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body ?? undefined,
      });
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      const failedAt = clock();
      const retryAt = attempts >= maxAttempts ? null : new Date(failedAt.getTime() + mailRetryDelayMs(attempts)).toISOString();
      await markOutboxMailFailed(db, row.id, describeFailure(error), retryAt ?? failedAt.toISOString());
      report.failed.push({ id: row.id, attempts, error, retryAt });
      continue;
    }
    await markOutboxMailSent(db, row.id, clock().toISOString());
    report.sent.push(row.id);
  }
  return report;
}

function describeFailure(error: Error): string {
  const text = error instanceof MailSendError ? error.message : `${error.name}: ${error.message}`;
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

export interface MailWorkerOptions {
  intervalMs: number;
  batch?: number;
  maxAttempts?: number;
}

/**
 * Deliver due mail every intervalMs (the timer does not keep the process alive). A full batch is followed at
 * once by the next. Returns a stop function that waits for the round in progress.
 */
export function startMailWorker(
  db: MailOutboxDb,
  mailer: Mailer,
  logger: Logger,
  options: MailWorkerOptions,
): () => Promise<void> {
  const batch = options.batch ?? 20;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const round = async () => {
    try {
      let report: DeliveryReport;
      do {
        report = await deliverDueMail(db, mailer, { batch, maxAttempts: options.maxAttempts });
        if (report.sent.length > 0) logger.info("mail sent", { count: report.sent.length });
        for (const failure of report.failed) {
          const fields = { mailId: failure.id, attempts: failure.attempts, err: failure.error };
          if (failure.retryAt) logger.warn("mail not sent; will retry", { ...fields, retryAt: failure.retryAt });
          else logger.error("mail not sent; giving up", fields);
        }
      } while (!stopped && report.attempted === batch);
    } catch (error) {
      logger.error("mail outbox unavailable", { err: error });
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
