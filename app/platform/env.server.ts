import { z } from "zod";

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

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().min(1).default("data"),
  /** The site's public address, for links in e-mails (else taken from the request's Host). */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
});

export type Env = Omit<z.infer<typeof envSchema>, "DATABASE_URL"> & { database: DatabaseConfig };

const FRIENDLY: Record<string, string> = {
  PORT: "PORT must be a whole number between 0 and 65535",
  PUBLIC_URL: "PUBLIC_URL must be an http(s) address such as https://dichvucong.hagiang.gov.vn",
  SESSION_SECRET: "SESSION_SECRET must be at least 32 characters long",
  NODE_ENV: "NODE_ENV must be development, production or test",
  LOG_LEVEL: "LOG_LEVEL must be debug, info, warn, error or silent",
  TRUST_PROXY: "TRUST_PROXY must be 0 or 1",
  DB_CONNECT_TIMEOUT_MS: "DB_CONNECT_TIMEOUT_MS must be a number of milliseconds between 100 and 120000",
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
  const { DATABASE_URL, ...rest } = parsed.data;
  return { ...rest, database: parseDatabaseUrl(DATABASE_URL) };
}
