// The SMS outbox: the outbox (outbox.server.ts) for text messages, in sms_outbox, sent through the SmsProvider
// (sms.server.ts), which keeps the gateway's message id in provider_id.
import type { Logger } from "./logger.server";
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
import { SmsSendError, type SmsProvider } from "./sms.server";

export interface OutboxSms {
  /** A Vietnamese mobile number (0xxxxxxxxx or +84xxxxxxxxx; spaces, dots and dashes are dropped). */
  to: string;
  body: string;
  /** The dossier history row the message reports (its delivery shows on the dossier's timeline). */
  dossierEventId?: string | null;
}

const PHONE = /^(?:0|\+84)\d{9,10}$/;

export const SMS_OUTBOX: OutboxChannel<"sms_outbox", OutboxSms, SmsProvider> = {
  name: "sms",
  table: "sms_outbox",
  schedule: DEFAULT_OUTBOX_SCHEDULE,
  columnsOf(message) {
    const to = message.to.replace(/[\s.-]/g, "");
    if (!PHONE.test(to)) throw new TypeError("SMS recipient must be a Vietnamese phone number.");
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

/** Put a text message in the outbox, due now (in a transaction: sent only if it commits). Returns the outbox id. */
export function enqueueSms(db: OutboxDb, message: OutboxSms, now?: Date): Promise<string> {
  return enqueue(db, SMS_OUTBOX, message, now);
}

/** Send the due text messages, oldest first: mark each sent (with the gateway's id), or retry later, or give up. */
export function deliverDueSms(db: OutboxDb, provider: SmsProvider, options?: DeliverOptions): Promise<DeliveryReport> {
  return deliverDue(db, SMS_OUTBOX, provider, options);
}

/** Deliver due SMS every intervalMs (logs "sms sent" with the provider's name, "sms not sent; …" with smsId). */
export function startSmsWorker(db: OutboxDb, provider: SmsProvider, logger: Logger, options: OutboxWorkerOptions): () => Promise<void> {
  return startOutboxWorker(db, SMS_OUTBOX, provider, logger, options);
}
