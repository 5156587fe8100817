import SQLite from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { CompiledQuery, Kysely, PostgresAdapter, SqliteAdapter, SqliteDialect, SqliteDriver, PostgresDialect, sql, type DatabaseConnection, type Driver, type SqliteDialectConfig } from "kysely";
import pg from "pg";
import type { Database } from "../../db/schema";
import { ConfigError, type DatabaseConfig } from "./env.server";

export type Db = Kysely<Database>;
export type Engine = "sqlite" | "postgres";

export interface CreateDbOptions {
  /** PostgreSQL only: search_path for every connection (tests use one schema per test). */
  schema?: string;
  connectTimeoutMs?: number;
  /** PostgreSQL pool size. */
  max?: number;
}

/** Open the database named by the configuration. Nothing is queried yet. */
export function createDb(config: DatabaseConfig, options: CreateDbOptions = {}): Db {
  if (config.engine === "sqlite") {
    if (config.file !== ":memory:") mkdirSync(dirname(config.file), { recursive: true });
    const database = new SQLite(config.file);
    database.pragma("journal_mode = WAL");
    database.pragma("foreign_keys = ON");
    database.pragma("busy_timeout = 5000");
    database.pragma("synchronous = NORMAL");
    return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
    types: {
      getTypeParser: (oid: number, format?: "text" | "binary") =>
        // int8 (bigint: money in VND, counts) as a JS number: exact up to 2^53, far above any fee.
        oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
    } as pg.CustomTypesConfig,
  });
  // An idle client that errors (server restart) must not crash the process.
  pool.on("error", () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * SQLite transactions start with BEGIN IMMEDIATE: the write lock is taken at the start, waiting (busy_timeout) while
 * another process writes. With Kysely's plain BEGIN, a transaction that reads and then writes fails at once with
 * "database is locked" when another process (the officials' or the catalog's command line beside the server) wrote
 * in between, because SQLite cannot let it wait without breaking its snapshot.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export function engineOf(db: Kysely<any>): Engine {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return "sqlite";
  if (adapter instanceof PostgresAdapter) return "postgres";
  throw new Error("Unsupported database adapter");
}

/** One round trip to the database; throws if it does not answer within the timeout. */
export async function pingDatabase(db: Db, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(db), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Check at boot that the database answers; turns the driver's error into one sentence. */
export async function assertDatabaseReachable(db: Db, config: DatabaseConfig, timeoutMs: number): Promise<void> {
  try {
    await pingDatabase(db, timeoutMs);
  } catch (error) {
    const reason = describeDbError(error);
    if (config.engine === "postgres") {
      throw new ConfigError(`Cannot reach PostgreSQL at ${config.display}: ${reason}.`);
    }
    throw new ConfigError(`Cannot open the SQLite database ${config.file}: ${reason}.`);
  }
}

function describeDbError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  if (error.message === "timeout") return "no answer in time";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  if (code === "3D000") return "the database does not exist";
  if (code === "28P01" || code === "28000") return "authentication failed";
  if (error instanceof AggregateError && error.errors.length > 0) return describeDbError(error.errors[0]);
  return error.message.split("\n")[0] || "unknown error";
}
