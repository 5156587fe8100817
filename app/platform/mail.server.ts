// Outgoing e-mail over SMTP (nodemailer, pooled connections). Configured by SMTP_URL and MAIL_FROM
// (env.server.ts). A failed send throws MailSendError for the caller to log or retry (the outbox does);
// nothing here ends the process.
import nodemailer from "nodemailer";
import type { SmtpConfig } from "./env.server";

export interface MailMessage {
  /** One recipient address ("name@example.vn" or "Name <name@example.vn>"). */
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
  /** Closes the pooled connections; messages still being sent finish first. */
  close(): void;
}

export interface MailerTimeouts {
  /** Waiting for the TCP (or TLS) connection. */
  connectionMs: number;
  /** Waiting for the server's greeting once connected. */
  greetingMs: number;
  /** Inactivity on an open connection (also bounds a server that stops answering mid-message). */
  socketMs: number;
  /** Resolving the server's name. */
  dnsMs: number;
}

export interface MailerConfig {
  smtp: SmtpConfig;
  from: string;
  timeouts?: Partial<MailerTimeouts>;
  /** Simultaneous connections to the server (default 3). */
  maxConnections?: number;
}

export const DEFAULT_MAILER_TIMEOUTS: MailerTimeouts = {
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
  dnsMs: 10_000,
};

/** A message could not be handed to the SMTP server. `transient` says whether trying again later may work. */
export class MailSendError extends Error {
  override name = "MailSendError";
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly responseCode: number | undefined,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/i;

export function createMailer(config: MailerConfig): Mailer {
  const { smtp } = config;
  const timeouts = { ...DEFAULT_MAILER_TIMEOUTS, ...config.timeouts };
  const transport = nodemailer.createTransport(
    {
      pool: true,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user !== undefined ? { user: smtp.user, pass: smtp.pass ?? "" } : undefined,
      // A password never crosses the network in clear: smtp:// with credentials insists on STARTTLS
      // (a relay on this machine excepted).
      requireTLS: !smtp.secure && smtp.user !== undefined && !LOOPBACK.test(smtp.host),
      maxConnections: config.maxConnections ?? 3,
      maxMessages: 100,
      idleTimeout: 30_000,
      connectionTimeout: timeouts.connectionMs,
      greetingTimeout: timeouts.greetingMs,
      socketTimeout: timeouts.socketMs,
      dnsTimeout: timeouts.dnsMs,
      logger: false,
      debug: false,
    },
    { from: config.from },
  );
  // The pool is an EventEmitter: an unexpected "error" event must not become an uncaught exception.
  transport.on("error", () => {});

  return {
    async send(message) {
      let info: { messageId: string; accepted?: unknown[]; rejected?: unknown[] };
      try {
        info = await transport.sendMail({
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
        });
      } catch (error) {
        throw toMailSendError(error, smtp.display);
      }
      if ((info.accepted?.length ?? 1) === 0) {
        throw new MailSendError(`${smtp.display} accepted no recipient.`, "EENVELOPE", undefined, false);
      }
      return { messageId: info.messageId };
    },
    close() {
      transport.close();
    },
  };
}

const NETWORK_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

function toMailSendError(error: unknown, server: string): MailSendError {
  if (error instanceof MailSendError) return error;
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = typeof e.code === "string" ? e.code : undefined;
  const responseCode = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const reason = describe(code, responseCode, typeof e.message === "string" ? e.message : String(error));
  // RFC 5321: 5yz is a permanent refusal (503, bad sequence, excepted); 4yz and lost connections are transient.
  const transient =
    responseCode !== undefined
      ? responseCode < 500 || responseCode === 503
      : code === undefined || NETWORK_CODES.has(code) || code === "ETLS";
  return new MailSendError(`Cannot send mail through ${server}: ${reason}.`, code, responseCode, transient, { cause: error });
}

function describe(code: string | undefined, responseCode: number | undefined, message: string): string {
  const firstLine = message.split("\n")[0]!.replace(/\.$/, "").trim();
  if (/ECONNREFUSED/.test(message)) return "connection refused";
  if (code === "ETIMEDOUT") return "no answer in time";
  if (code === "EDNS" || /ENOTFOUND|EAI_AGAIN/.test(message)) return "host not found";
  if (code === "EAUTH") return "authentication failed";
  if (responseCode !== undefined) return `the server answered ${firstLine}`;
  return firstLine || "unknown error";
}
