// The SMS outbox: the outbox (outbox.server.ts) for text messages, in sms_outbox, sent through the SmsProvider
// (sms.server.ts), which keeps the gateway's message id in provider_id.
import { DEFAULT_OUTBOX_SCHEDULE, outboxOf, type OutboxChannel, type OutboxMessageBase } from "./outbox.server";
import { smsNumber } from "../domain/shared/phone";
import { SmsSendError, type SmsProvider } from "./sms.server";

/** A text message, and the dossier history row it reports, if any. */
export interface OutboxSms extends OutboxMessageBase {
  /** A Vietnamese mobile number (0xxxxxxxxx or +84xxxxxxxxx; spaces, dots and dashes are dropped). */
  to: string;
  body: string;
}

/** The SMS channel: a Vietnamese number and a text, handed to the SmsProvider; the gateway's id kept once sent. */
export const SMS_OUTBOX: OutboxChannel<"sms_outbox", OutboxSms, SmsProvider> = {
  name: "sms",
  table: "sms_outbox",
  schedule: DEFAULT_OUTBOX_SCHEDULE,
  columnsOf(message) {
    const to = smsNumber(message.to);
    if (!to) throw new TypeError("SMS recipient must be a Vietnamese phone number.");
    if (message.body.trim() === "") throw new TypeError("SMS body must not be empty.");
    return { to_phone: to, body: message.body, provider_id: null };
  },
  async send(provider, row) {
    const { providerId } = await provider.send({ to: row.to_phone, body: row.body });
    return { provider_id: providerId?.slice(0, 100) ?? null };
  },
  sendError: SmsSendError,
  logFields: (provider) => ({ provider: provider.name }),
};

/**
 * enqueueSms(db or transaction, message, now?): the outbox id, sent only if the transaction commits.
 * deliverDueSms(db, provider, options?): one round of delivery. startSmsWorker(db, provider, logger, options): rounds
 * every intervalMs (logs "sms sent" with the provider's name, "sms not sent; will retry" with smsId…) until stopped.
 */
export const { enqueue: enqueueSms, deliverDue: deliverDueSms, startWorker: startSmsWorker } = outboxOf(SMS_OUTBOX);
