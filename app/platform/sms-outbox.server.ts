// The SMS outbox: the mail outbox's discipline for text messages. A message is written to the database in the
// caller's transaction (it exists exactly when the change it reports does); a worker hands due messages to the
// SmsProvider and retries failures with exponential back-off; a message that fails too often stays in the table with
// its last error. Two workers never send the same row: each attempt first claims the row (compare-and-set).
import { newId } from "./ids.server";
import type { Logger } from "./logger.server";
import { SmsSendError, type SmsProvider } from "./sms.server";
import { claimOutboxSms, insertOutboxSms, markOutboxSmsFailed, markOutboxSmsSent, selectDueSms, type SmsOutboxDb } from "./sms-outbox.repo.server";

export type { SmsOutboxDb } from "./sms-outbox.repo.server";

export interface OutboxSms {
  /** A Vietnamese mobile number (0xxxxxxxxx or +84xxxxxxxxx). */
  to: string;
  body: string;
  /** The dossier history row the message reports (its delivery shows on the dossier's timeline). */
  dossierEventId?: string | null;
}

const MINUTE = 60_000;
/** Wait after the 1st, 2nd, … failed attempt; the last value repeats (as for e-mail). */
export const SMS_RETRY_DELAYS_MS: readonly number[] = [1, 5, 15, 60, 180, 360].map((m) => m * MINUTE);
/** Attempts before the outbox gives up. */
export const SMS_MAX_ATTEMPTS = 10;
/** How long an attempt in progress keeps its row from other workers. */
export const SMS_LEASE_MS = 10 * MINUTE;

/** The wait before the next attempt, once `failedAttempts` attempts (1, 2, …) have failed. */
export function smsRetryDelayMs(failedAttempts: number): number {
  const index = Math.min(Math.max(failedAttempts, 1), SMS_RETRY_DELAYS_MS.length) - 1;
  return SMS_RETRY_DELAYS_MS[index]!;
}

const PHONE = /^(?:0|\+84)\d{9,10}$/;

/** Put a message in the outbox, due now (in a transaction: sent only if it commits). Returns the outbox id. */
export async function enqueueSms(db: SmsOutboxDb, message: OutboxSms, now: Date = new Date()): Promise<string> {
  const to = message.to.replace(/[\s.-]/g, "");
  if (!PHONE.test(to)) throw new TypeError("SMS recipient must be a Vietnamese phone number.");
  if (message.body.trim() === "") throw new TypeError("SMS body must not be empty.");
  const id = newId(now.getTime());
  const at = now.toISOString();
  await insertOutboxSms(db, {
    id,
    to_phone: to,
    body: message.body,
    dossier_event_id: message.dossierEventId ?? null,
    created_at: at,
    attempts: 0,
    next_attempt_at: at,
    sent_at: null,
    provider_id: null,
    last_error: null,
  });
  return id;
}

export interface SmsDeliverOptions {
  now?: Date;
  batch?: number;
  maxAttempts?: number;
}

export interface SmsDeliveryFailure {
  id: string;
  attempts: number;
  error: Error;
  /** null when the outbox gave up on the message. */
  retryAt: string | null;
}

export interface SmsDeliveryReport {
  attempted: number;
  sent: string[];
  failed: SmsDeliveryFailure[];
}

/** Send the due messages, oldest first: mark each sent, or schedule its next attempt, or give up. */
export async function deliverDueSms(db: SmsOutboxDb, provider: SmsProvider, options: SmsDeliverOptions = {}): Promise<SmsDeliveryReport> {
  const clock = () => options.now ?? new Date();
  const maxAttempts = options.maxAttempts ?? SMS_MAX_ATTEMPTS;
  const due = await selectDueSms(db, clock().toISOString(), maxAttempts, options.batch ?? 20);
  const report: SmsDeliveryReport = { attempted: 0, sent: [], failed: [] };
  for (const row of due) {
    const leaseUntil = new Date(clock().getTime() + SMS_LEASE_MS).toISOString();
    if (!(await claimOutboxSms(db, row, leaseUntil))) continue; // another worker has it
    report.attempted += 1;
    const attempts = row.attempts + 1;
    let providerId: string | null;
    try {
      ({ providerId } = await provider.send({ to: row.to_phone, body: row.body }));
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      const failedAt = clock();
      const retryAt = attempts >= maxAttempts ? null : new Date(failedAt.getTime() + smsRetryDelayMs(attempts)).toISOString();
      await markOutboxSmsFailed(db, row.id, describeFailure(error), retryAt ?? failedAt.toISOString());
      report.failed.push({ id: row.id, attempts, error, retryAt });
      continue;
    }
    await markOutboxSmsSent(db, row.id, clock().toISOString(), providerId?.slice(0, 100) ?? null);
    report.sent.push(row.id);
  }
  return report;
}

function describeFailure(error: Error): string {
  const text = error instanceof SmsSendError ? error.message : `${error.name}: ${error.message}`;
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

export interface SmsWorkerOptions {
  intervalMs: number;
  batch?: number;
  maxAttempts?: number;
}

/** Deliver due SMS every intervalMs (the timer does not keep the process alive). Returns a stop function. */
export function startSmsWorker(db: SmsOutboxDb, provider: SmsProvider, logger: Logger, options: SmsWorkerOptions): () => Promise<void> {
  const batch = options.batch ?? 20;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const round = async () => {
    try {
      let report: SmsDeliveryReport;
      do {
        report = await deliverDueSms(db, provider, { batch, maxAttempts: options.maxAttempts });
        if (report.sent.length > 0) logger.info("sms sent", { count: report.sent.length, provider: provider.name });
        for (const failure of report.failed) {
          const fields = { smsId: failure.id, attempts: failure.attempts, err: failure.error };
          if (failure.retryAt) logger.warn("sms not sent; will retry", { ...fields, retryAt: failure.retryAt });
          else logger.error("sms not sent; giving up", fields);
        }
      } while (!stopped && report.attempted === batch);
    } catch (error) {
      logger.error("sms outbox unavailable", { err: error });
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
