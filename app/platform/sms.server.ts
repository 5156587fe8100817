// Text messages (SMS): what the SMS outbox hands a message to. The portal ships one provider, "log", which writes
// each message to the log instead of sending it (development, and a province without an SMS contract yet).
//
// Plugging a real gateway (a telco's or an aggregator's SMS brandname API): write a module that implements
// SmsProvider — `send` posts one message and resolves with the gateway's message id, or throws (an SmsSendError with
// the gateway's answer; any thrown error makes the outbox retry later with back-off, so throw on a timeout or a 5xx
// too) — then add its name to SMS_PROVIDERS, a case to createSmsProvider below, and its settings (URL, brandname,
// credentials) to app/platform/env.server.ts. The outbox, the worker and the retries do not change. README.md,
// "Text messages (SMS)", says the same for whoever deploys the portal.
import type { Logger } from "./logger.server";

export interface SmsMessage {
  /** A Vietnamese mobile number as stored (0xxxxxxxxx); providers wanting E.164 use toInternational. */
  to: string;
  body: string;
}

export interface SmsSendResult {
  /** The gateway's id of the message (kept in sms_outbox.provider_id), when it gives one. */
  providerId: string | null;
}

export interface SmsProvider {
  readonly name: string;
  /** Send one message; resolve once the gateway accepted it, throw otherwise (the outbox retries). */
  send(message: SmsMessage): Promise<SmsSendResult>;
}

/** A gateway refused or failed a message (the message is kept as the row's last error: no credentials in it). */
export class SmsSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SmsSendError";
  }
}

export const SMS_PROVIDERS = ["log"] as const;
export type SmsProviderName = (typeof SMS_PROVIDERS)[number];

/** 0912345678 → +84912345678 (numbers already international are kept). */
export function toInternational(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, "");
  if (digits.startsWith("+")) return digits;
  if (digits.startsWith("84")) return `+${digits}`;
  return digits.startsWith("0") ? `+84${digits.slice(1)}` : digits;
}

/** 0912345678 → 0912•••678: enough to tell messages apart in a log, not enough to read the number. */
export function maskPhone(phone: string): string {
  return phone.length <= 6 ? "•••" : `${phone.slice(0, 4)}•••${phone.slice(-3)}`;
}

let logged = 0;

/** Writes every message to the log (masked number, full text) and reports it sent. */
export function createLoggingSmsProvider(logger: Logger): SmsProvider {
  return {
    name: "log",
    async send(message) {
      logged += 1;
      logger.info("sms (not sent: SMS_PROVIDER=log)", { to: maskPhone(message.to), length: message.body.length, body: message.body });
      return { providerId: `log-${Date.now()}-${logged}` };
    },
  };
}

export function createSmsProvider(name: SmsProviderName, logger: Logger): SmsProvider {
  switch (name) {
    case "log":
      return createLoggingSmsProvider(logger);
  }
}
