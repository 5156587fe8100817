// The mail outbox: the outbox (outbox.server.ts) for e-mail, in mail_outbox, sent through the Mailer (SMTP). Nothing is
// lost while the SMTP server is down; a message that fails too often stays in the table with its last error.
import type { Logger } from "./logger.server";
import { MailSendError, type Mailer, type MailMessage } from "./mail.server";
import {
  DEFAULT_OUTBOX_SCHEDULE,
  deliverDue,
  enqueue,
  startOutboxWorker,
  type DeliverOptions,
  type DeliveryReport,
  type OutboxChannel,
  type OutboxDb,
  type OutboxWorkerOptions,
} from "./outbox.server";

/** What the outbox keeps of a message (no custom headers), and the dossier history row it reports, if any. */
export type OutboxMail = Pick<MailMessage, "to" | "subject" | "text" | "html"> & { dossierEventId?: string | null };

export const MAIL_OUTBOX: OutboxChannel<"mail_outbox", OutboxMail, Mailer> = {
  name: "mail",
  table: "mail_outbox",
  schedule: DEFAULT_OUTBOX_SCHEDULE,
  columnsOf(message) {
    // One line each: a line break in a header would let a recipient or a subject add headers (Bcc: …).
    for (const [name, value] of [["to", message.to], ["subject", message.subject]] as const) {
      if (value.trim() === "" || /[\r\n]/.test(value)) throw new TypeError(`Mail ${name} must be one non-empty line.`);
    }
    return { to_address: message.to.trim(), subject: message.subject, text_body: message.text, html_body: message.html ?? null };
  },
  async send(mailer, row) {
    await mailer.send({ to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body ?? undefined });
    return {};
  },
  sendError: MailSendError,
};

/** Put an e-mail in the outbox, due now (in a transaction: sent only if it commits). Returns the outbox id. */
export function enqueueMail(db: OutboxDb, message: OutboxMail, now?: Date): Promise<string> {
  return enqueue(db, MAIL_OUTBOX, message, now);
}

/** Send the due e-mails, oldest first: mark each sent, or schedule its next attempt, or give up. */
export function deliverDueMail(db: OutboxDb, mailer: Mailer, options?: DeliverOptions): Promise<DeliveryReport> {
  return deliverDue(db, MAIL_OUTBOX, mailer, options);
}

/** Deliver due e-mail every intervalMs (logs "mail sent", "mail not sent; …" with mailId). Returns a stop function. */
export function startMailWorker(db: OutboxDb, mailer: Mailer, logger: Logger, options: OutboxWorkerOptions): () => Promise<void> {
  return startOutboxWorker(db, MAIL_OUTBOX, mailer, logger, options);
}
