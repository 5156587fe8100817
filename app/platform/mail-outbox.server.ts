// The mail outbox: the outbox (outbox.server.ts) for e-mail, in mail_outbox, sent through the Mailer (SMTP). Nothing is
// lost while the SMTP server is down; a message that fails too often stays in the table with its last error.
import { MailSendError, type Mailer, type MailMessage } from "./mail.server";
import { DEFAULT_OUTBOX_SCHEDULE, outboxOf, type OutboxChannel, type OutboxMessageBase } from "./outbox.server";

/** What the outbox keeps of a message (no custom headers), and the dossier history row it reports, if any. */
export type OutboxMail = Pick<MailMessage, "to" | "subject" | "text" | "html"> & OutboxMessageBase;

/** The e-mail channel: one-line recipient and subject, text and HTML bodies, handed to the Mailer. */
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
  // An SMTP 5yz refusal (no such mailbox, rejected as spam) will not change by trying again.
  isPermanent: (error) => error instanceof MailSendError && !error.transient,
};

/**
 * enqueueMail(db or transaction, message, now?): the outbox id, sent only if the transaction commits.
 * deliverDueMail(db, mailer, options?): one round of delivery. startMailWorker(db, mailer, logger, options): rounds every
 * intervalMs (logs "mail sent", "mail not sent; will retry" with mailId…) until its stop function is called.
 */
export const { enqueue: enqueueMail, deliverDue: deliverDueMail, startWorker: startMailWorker } = outboxOf(MAIL_OUTBOX);
