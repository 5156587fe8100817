import { z } from "zod";
import { SMS_PROVIDERS } from "./sms.server";

/**
 * Configuration, read once at boot from the environment and validated here.
 * Anything wrong stops the server with one sentence (see ConfigError), never a stack trace.
 */

export class ConfigError extends Error {
  override name = "ConfigError";
}

export type DatabaseConfig =
  | { engine: "sqlite"; file: string }
  | { engine: "postgres"; url: string; display: string };

const DEFAULT_SQLITE_FILE = "data/portal.db";

/** Decide the database engine from DATABASE_URL: unset or a path → SQLite; postgres://… → PostgreSQL. */
export function parseDatabaseUrl(raw: string | undefined): DatabaseConfig {
  const value = raw?.trim() ?? "";
  if (value === "") return { engine: "sqlite", file: DEFAULT_SQLITE_FILE };
  if (value === ":memory:") return { engine: "sqlite", file: ":memory:" };
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql") {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError(
        `DATABASE_URL is not a valid PostgreSQL URL (expected postgres://user:password@host:5432/database).`,
      );
    }
    const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
    if (!url.hostname || !url.pathname.startsWith("/") || database === "" || database.includes("/")) {
      throw new ConfigError(
        `DATABASE_URL must name a host and a database, as in postgres://user:password@host:5432/database.`,
      );
    }
    if (url.port !== "" && !/^\d+$/.test(url.port)) {
      throw new ConfigError(`DATABASE_URL has an invalid port "${url.port}".`);
    }
    return { engine: "postgres", url: value, display: `postgres://${url.hostname}:${url.port || "5432"}/${database}` };
  }
  if (scheme === "file") {
    const file = value.replace(/^file:(\/\/)?/i, "");
    if (file === "") throw new ConfigError(`DATABASE_URL "file:" names no file.`);
    return { engine: "sqlite", file };
  }
  // A Windows drive letter ("C:\...") is a path, not a scheme.
  if (scheme !== undefined && !(scheme.length === 1 && /^[a-zA-Z]:[\\/]/.test(value))) {
    throw new ConfigError(
      `DATABASE_URL uses the unsupported scheme "${scheme}:"; use postgres://… for PostgreSQL or a file path for SQLite.`,
    );
  }
  return { engine: "sqlite", file: value };
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** smtps:// (TLS from the first byte); smtp:// upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  pass?: string;
  /** The URL without its credentials, for logs and error messages. */
  display: string;
}

export interface MailConfig {
  /** null only in production without SMTP_URL: mail then waits in the outbox until SMTP_URL is set. */
  smtp: SmtpConfig | null;
  /** The From header of every message, as "Name <address>" or a bare address. */
  from: string;
}

export const DEFAULT_MAIL_FROM = "Cổng Dịch vụ công Hà Giang <no-reply@dichvucong.hagiang.gov.vn>";

/** Read SMTP_URL: smtp://user:pass@host:587 or smtps://user:pass@host:465 (user and password percent-encoded). */
export function parseSmtpUrl(raw: string): SmtpConfig {
  const value = raw.trim();
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase();
  if (scheme !== "smtp" && scheme !== "smtps") {
    throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, as in smtps://user:password@mail.example.vn:465.`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`SMTP_URL is not a valid URL (expected smtp://user:password@host:587 or smtps://…:465).`);
  }
  if (!url.hostname) throw new ConfigError(`SMTP_URL must name a host, as in smtp://mail.example.vn:587.`);
  const secure = scheme === "smtps";
  const port = url.port === "" ? (secure ? 465 : 587) : Number(url.port);
  if (port < 1) throw new ConfigError(`SMTP_URL has an invalid port "${url.port}".`);
  let user: string | undefined;
  let pass: string | undefined;
  try {
    user = url.username === "" ? undefined : decodeURIComponent(url.username);
    pass = url.password === "" ? undefined : decodeURIComponent(url.password);
  } catch {
    throw new ConfigError(`SMTP_URL has a user name or password that is not properly percent-encoded.`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return { host, port, secure, user, pass, display: `${scheme}://${url.host}` };
}

// "Name <local@domain>" or "local@domain"; no line breaks (they would inject headers).
const MAIL_FROM = /^(?:(?:"[^"\r\n]*"[ \t]*|[^<>",;\r\n]*)<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

/** Unset or blank → undefined. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** https, or http only on this machine (the local VNeID stand-in, tools/vneid-standin.ts). */
function isSecureOrLocalUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().min(1).default("data"),
  /** The site's public address, for links in e-mails (else http://HOST:PORT; never the request's Host header). */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  /**
   * Secrets used before SESSION_SECRET, comma-separated: still accepted for session cookies and for opening sealed
   * secrets (which are re-sealed under the current one), so that rotating the secret signs nobody out.
   */
  SESSION_SECRET_PREVIOUS: z.preprocess(
    (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter((s) => s !== "") : v),
    z.array(z.string().min(32)).default([]),
  ),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().trim().regex(MAIL_FROM).default(DEFAULT_MAIL_FROM),
  DEV_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
  DEV_MAIL_WEB_PORT: z.coerce.number().int().min(1).max(65535).default(1080),
  /** Who sends text messages (app/platform/sms.server.ts): "log" writes them to the log (README: plugging a gateway). */
  SMS_PROVIDER: z.enum(SMS_PROVIDERS).default("log"),
  // Sign-in with the national electronic identification (VNeID) through OpenID Connect; off while VNEID_ISSUER is unset.
  // Failed sign-ins of one account (or one unknown identifier): after the free attempts each further one waits
  // BASE, 2·BASE, 4·BASE… at most MAX (decision 0010); the lock-out at 20 for an hour does not change.
  SIGN_IN_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(15_000),
  SIGN_IN_BACKOFF_MAX_MS: z.coerce.number().int().min(1).max(86_400_000).default(15 * 60_000),
  /** Failed sign-ins allowed from one address before it is slowed (an office behind one NAT); it is blocked at 200. */
  SIGN_IN_IP_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(199).default(30),
  /** Registrations, password resets and verification mails asked for from one address in an hour before it is slowed. */
  PUBLIC_FORM_IP_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(10_000).default(10),
  /**
   * Public dossier lookups (/dossiers/track) allowed from one address in 15 minutes before it is slowed; the block
   * comes at five times as many (100 with the default 20). Raised only for a load test from one address (npm run bench).
   */
  DOSSIER_TRACKING_IP_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(10_000_000).default(20),
  /**
   * Petitions (issue 8): working days the control unit has to forward an item, the agency to answer it, one extension
   * adds, and the submitter has to reopen an unsatisfying answer; hours before the due time the reminder goes; the
   * agency code of the provincial control unit (its petition handlers route the items). The legal figures are
   * unconfirmed (shared/domain/vn-egov.md §5), hence settings.
   */
  PETITION_FORWARD_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  PETITION_ANSWER_WORKING_DAYS: z.coerce.number().int().min(1).max(120).default(10),
  PETITION_EXTENSION_WORKING_DAYS: z.coerce.number().int().min(1).max(120).default(10),
  PETITION_REOPEN_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  PETITION_REMINDER_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  PETITION_CONTROL_UNIT_CODE: z.string().regex(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/).default("000.00.01.H22"),
  /**
   * Ratings (issue 10; app/domain/ratings/): hours after the first rating during which the applicant may change it,
   * and days the rating link in the result-returned notification stays valid.
   */
  RATING_EDIT_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  RATING_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * Payments (issue 9; app/platform/payment-settings.server.ts). VNPay: all four or none (none: VNPay is not offered).
   * The hash secret comes from the configuration only, never from the repository.
   */
  VNPAY_TMN_CODE: optional(z.string().regex(/^[A-Za-z0-9]{8}$/)),
  VNPAY_HASH_SECRET: optional(z.string().min(16)),
  VNPAY_PAY_URL: optional(z.string().refine(isSecureOrLocalUrl)),
  VNPAY_API_URL: optional(z.string().refine(isSecureOrLocalUrl)),
  VNPAY_EXPIRY_MINUTES: z.coerce.number().int().min(5).max(1440).default(15),
  /** The collecting account for VietQR transfers (public details, not secrets); unset: transfers are not offered. */
  VIETQR_BANK_BIN: optional(z.string().regex(/^\d{6}$/)),
  VIETQR_BANK_NAME: optional(z.string().min(1).max(200)),
  VIETQR_ACCOUNT: optional(z.string().regex(/^[0-9A-Za-z]{1,19}$/)),
  VIETQR_ACCOUNT_NAME: optional(z.string().min(1).max(200)),
  VIETQR_EXPIRY_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  /** The e-receipt's registered template and series letters, and the collecting organisation (Decree 123 Art. 32). */
  RECEIPT_TYPE_NAME: z.string().min(1).max(200).default("Biên lai thu phí, lệ phí không in sẵn mệnh giá"),
  RECEIPT_TEMPLATE_SYMBOL: z.string().regex(/^[0-9A-Z-]{1,20}$/).default("01BLP0-001"),
  RECEIPT_SERIES_LETTERS: z.string().regex(/^[A-Z]{1,8}$/).default("BL"),
  RECEIPT_COLLECTOR_NAME: z.string().min(1).max(300).default("Trung tâm Phục vụ hành chính công tỉnh Hà Giang"),
  RECEIPT_COLLECTOR_TAX_CODE: optional(z.string().regex(/^\d{10}(-\d{3})?$/)),
  RECEIPT_COLLECTOR_ADDRESS: optional(z.string().min(1).max(500)),
  /** Working days an applicant has to pay fees an official asked for (status 6). */
  PAYMENT_PAY_LATER_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  /** Whether the processing clock stands still while the applicant pays (status 6): 1 (default) or 0. */
  PAYMENT_PAUSES_CLOCK: z.enum(["0", "1"]).default("1"),
  /**
   * The back office's sweep inside the server (deadline warnings, overdue flags, apology prompts, expired
   * supplementation requests): every SWEEP_INTERVAL_MS; 0 turns it off (when `npm run jobs` runs it instead).
   */
  SWEEP_INTERVAL_MS: z.coerce.number().int().refine((v) => v === 0 || (v >= 1000 && v <= 86_400_000)).default(60_000),
  /** The sweep's interval in the separate worker (`npm run jobs`). */
  JOBS_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /**
   * Agencies' signing keys (app/domain/signatures/agency-keys.server.ts): a folder with <agency code>.p12 or
   * <agency code>.key.pem + .chain.pem per agency, default.* for the others. Unset: a generated demo CA outside
   * production; production then refuses to sign.
   */
  SIGNING_KEYS_DIR: optional(z.string().trim().min(1)),
  /** RSA keys sign with RSASSA-PSS (Circular 15/2025/TT-BKHCN) or, for older verifiers, PKCS#1 v1.5. */
  SIGNING_RSA_PADDING: z.enum(["pss", "pkcs1"]).default("pss"),
  /** The password of .p12 files and encrypted PEM keys that have no <agency code>.pass file beside them. */
  SIGNING_KEY_PASSWORD: optional(z.string().min(1)),
  /** An RFC 3161 time-stamp authority: result signatures get a timestamp (PAdES B-T). */
  SIGNING_TSA_URL: optional(z.url({ protocol: /^https?$/ })),
  VNEID_ISSUER: optional(z.string().refine(isSecureOrLocalUrl)),
  VNEID_CLIENT_ID: optional(z.string().trim().min(1).max(200)),
  VNEID_CLIENT_SECRET: optional(z.string().min(1)),
  VNEID_REDIRECT_URI: optional(
    z.string().refine((v) => isSecureOrLocalUrl(v) && new URL(v).pathname === "/sign-in/vneid/callback" && !new URL(v).search),
  ),
}).superRefine((env, ctx) => {
  if (env.SIGN_IN_BACKOFF_MAX_MS < env.SIGN_IN_BACKOFF_BASE_MS) {
    ctx.addIssue({ code: "custom", path: ["SIGN_IN_BACKOFF_MAX_MS"], message: "below the base" });
  }
  if (env.VNEID_ISSUER && !env.VNEID_CLIENT_SECRET) {
    ctx.addIssue({ code: "custom", path: ["VNEID_CLIENT_SECRET"], message: "required with VNEID_ISSUER" });
  }
  const vnpay = [env.VNPAY_TMN_CODE, env.VNPAY_HASH_SECRET, env.VNPAY_PAY_URL, env.VNPAY_API_URL];
  if (vnpay.some((v) => v) && !vnpay.every((v) => v)) {
    ctx.addIssue({ code: "custom", path: ["VNPAY_HASH_SECRET"], message: "VNPAY_TMN_CODE, VNPAY_HASH_SECRET, VNPAY_PAY_URL and VNPAY_API_URL go together" });
  }
  const vietqr = [env.VIETQR_BANK_BIN, env.VIETQR_BANK_NAME, env.VIETQR_ACCOUNT, env.VIETQR_ACCOUNT_NAME];
  if (vietqr.some((v) => v) && !vietqr.every((v) => v)) {
    ctx.addIssue({ code: "custom", path: ["VIETQR_ACCOUNT"], message: "VIETQR_BANK_BIN, VIETQR_BANK_NAME, VIETQR_ACCOUNT and VIETQR_ACCOUNT_NAME go together" });
  }
});

export type Env = Omit<z.infer<typeof envSchema>, "DATABASE_URL" | "SMTP_URL" | "MAIL_FROM"> & {
  database: DatabaseConfig;
  mail: MailConfig;
};

const FRIENDLY: Record<string, string> = {
  PORT: "PORT must be a whole number between 0 and 65535",
  PUBLIC_URL: "PUBLIC_URL must be an http(s) address such as https://dichvucong.hagiang.gov.vn",
  SESSION_SECRET: "SESSION_SECRET must be at least 32 characters long",
  SESSION_SECRET_PREVIOUS: "SESSION_SECRET_PREVIOUS must list earlier secrets separated by commas, each at least 32 characters long",
  SIGN_IN_BACKOFF_BASE_MS: "SIGN_IN_BACKOFF_BASE_MS must be a whole number of milliseconds between 1 and 3600000",
  SIGN_IN_BACKOFF_MAX_MS:
    "SIGN_IN_BACKOFF_MAX_MS must be a whole number of milliseconds between 1 and 86400000, and not below SIGN_IN_BACKOFF_BASE_MS",
  SIGN_IN_IP_FREE_ATTEMPTS: "SIGN_IN_IP_FREE_ATTEMPTS must be a whole number between 1 and 199",
  PUBLIC_FORM_IP_FREE_ATTEMPTS: "PUBLIC_FORM_IP_FREE_ATTEMPTS must be a whole number between 1 and 10000",
  DOSSIER_TRACKING_IP_FREE_ATTEMPTS: "DOSSIER_TRACKING_IP_FREE_ATTEMPTS must be a whole number between 1 and 10000000",
  PETITION_FORWARD_WORKING_DAYS: "PETITION_FORWARD_WORKING_DAYS must be a whole number of working days between 1 and 60",
  PETITION_ANSWER_WORKING_DAYS: "PETITION_ANSWER_WORKING_DAYS must be a whole number of working days between 1 and 120",
  PETITION_EXTENSION_WORKING_DAYS: "PETITION_EXTENSION_WORKING_DAYS must be a whole number of working days between 1 and 120",
  PETITION_REOPEN_WORKING_DAYS: "PETITION_REOPEN_WORKING_DAYS must be a whole number of working days between 1 and 60",
  PETITION_REMINDER_HOURS: "PETITION_REMINDER_HOURS must be a whole number of hours between 1 and 720",
  PETITION_CONTROL_UNIT_CODE: "PETITION_CONTROL_UNIT_CODE must be an agency code such as 000.00.01.H22",
  RATING_EDIT_HOURS: "RATING_EDIT_HOURS must be a whole number of hours between 1 and 720",
  RATING_LINK_DAYS: "RATING_LINK_DAYS must be a whole number of days between 1 and 365",
  VNPAY_TMN_CODE: "VNPAY_TMN_CODE must be the 8 letters or digits VNPay issued",
  VNPAY_HASH_SECRET: "VNPAY_HASH_SECRET must be the secret VNPay issued (at least 16 characters)",
  VNPAY_PAY_URL: "VNPAY_PAY_URL must be an https address (or http on this machine)",
  VNPAY_API_URL: "VNPAY_API_URL must be an https address (or http on this machine)",
  VIETQR_BANK_BIN: "VIETQR_BANK_BIN must be the bank's 6-digit BIN, such as 970418",
  VIETQR_ACCOUNT: "VIETQR_ACCOUNT must be the account number (letters and digits, at most 19)",
  RECEIPT_TEMPLATE_SYMBOL: "RECEIPT_TEMPLATE_SYMBOL must be the registered template symbol, such as 01BLP0-001",
  RECEIPT_SERIES_LETTERS: "RECEIPT_SERIES_LETTERS must be capital letters, such as BL",
  RECEIPT_COLLECTOR_TAX_CODE: "RECEIPT_COLLECTOR_TAX_CODE must be a tax code of 10 digits (or 10-3)",
  PAYMENT_PAUSES_CLOCK: "PAYMENT_PAUSES_CLOCK must be 0 or 1",
  NODE_ENV: "NODE_ENV must be development, production or test",
  LOG_LEVEL: "LOG_LEVEL must be debug, info, warn, error or silent",
  TRUST_PROXY: "TRUST_PROXY must be 0 or 1",
  DB_CONNECT_TIMEOUT_MS: "DB_CONNECT_TIMEOUT_MS must be a number of milliseconds between 100 and 120000",
  MAIL_FROM: 'MAIL_FROM must be an address such as "Portal <no-reply@example.vn>" or no-reply@example.vn',
  DEV_SMTP_PORT: "DEV_SMTP_PORT must be a whole number between 1 and 65535",
  DEV_MAIL_WEB_PORT: "DEV_MAIL_WEB_PORT must be a whole number between 1 and 65535",
  SMS_PROVIDER: `SMS_PROVIDER must be one of: ${SMS_PROVIDERS.join(", ")}`,
  SWEEP_INTERVAL_MS: "SWEEP_INTERVAL_MS must be 0 (off) or a whole number of milliseconds between 1000 and 86400000",
  JOBS_SWEEP_INTERVAL_MS: "JOBS_SWEEP_INTERVAL_MS must be a whole number of milliseconds between 1000 and 86400000",
  SIGNING_KEYS_DIR: "SIGNING_KEYS_DIR must name a folder",
  SIGNING_RSA_PADDING: "SIGNING_RSA_PADDING must be pss or pkcs1",
  SIGNING_KEY_PASSWORD: "SIGNING_KEY_PASSWORD must not be empty when set",
  SIGNING_TSA_URL: "SIGNING_TSA_URL must be an http(s) address of an RFC 3161 time-stamp authority",
  VNEID_ISSUER: "VNEID_ISSUER must be an https URL (http only on 127.0.0.1 or localhost, for the local stand-in)",
  VNEID_CLIENT_ID: "VNEID_CLIENT_ID must be at most 200 characters",
  VNEID_CLIENT_SECRET: "VNEID_CLIENT_SECRET must be set when VNEID_ISSUER is",
  VNEID_REDIRECT_URI:
    "VNEID_REDIRECT_URI must be this portal's https address ending in /sign-in/vneid/callback (http only on 127.0.0.1 or localhost)",
};

/** Parse the environment; throws ConfigError with one sentence naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    throw new ConfigError(
      names.map((n) => FRIENDLY[n] ?? `${n} is invalid`).join("; ") + ".",
    );
  }
  const { DATABASE_URL, SMTP_URL, MAIL_FROM, ...rest } = parsed.data;
  const smtpUrl = SMTP_URL?.trim() ?? "";
  // Unset outside production: the development mail server (npm run mail:dev) on this machine.
  const smtp =
    smtpUrl !== ""
      ? parseSmtpUrl(smtpUrl)
      : rest.NODE_ENV === "production"
        ? null
        : parseSmtpUrl(`smtp://127.0.0.1:${rest.DEV_SMTP_PORT}`);
  return { ...rest, database: parseDatabaseUrl(DATABASE_URL), mail: { smtp, from: MAIL_FROM } };
}
