// Test support: run a test body against a fresh database on every engine available.
// SQLite (in memory) always; PostgreSQL when TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test)
// answers, each test in a schema of its own. REQUIRE_POSTGRES=1 (CI) turns "unreachable" into a failure.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { inject } from "vitest";
import { createDb, pingDatabase, type Db, type Engine } from "../app/platform/db.server";
import { parseDatabaseUrl } from "../app/platform/env.server";
import { migrateToLatest } from "./migrate";

export const postgresUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function postgresReachable(): Promise<boolean> {
  const db = createDb(parseDatabaseUrl(postgresUrl), { connectTimeoutMs: 2000, max: 1 });
  try {
    await pingDatabase(db, 2500);
    return true;
  } catch {
    return false;
  } finally {
    await db.destroy();
  }
}

const pgUp = await postgresReachable();
if (!pgUp && process.env.REQUIRE_POSTGRES === "1") {
  throw new Error(`PostgreSQL is required (REQUIRE_POSTGRES=1) but ${postgresUrl} does not answer.`);
}
if (!pgUp) console.warn(`PostgreSQL at ${postgresUrl} is not reachable: database tests run on SQLite only.`);

export const engines: Engine[] = pgUp ? ["sqlite", "postgres"] : ["sqlite"];

export interface FreshDb {
  db: Db;
  engine: Engine;
  close(): Promise<void>;
}

/** A new, empty database (not migrated). */
export async function freshDatabase(engine: Engine): Promise<FreshDb> {
  if (engine === "sqlite") {
    const db = createDb({ engine: "sqlite", file: ":memory:" });
    return { db, engine, close: () => db.destroy() };
  }
  // Named after the run (db/testing-global.ts drops the run's schemas together once every test is done).
  const schema = `${inject("pgSchemaPrefix") ?? "t_"}${randomBytes(6).toString("hex")}`;
  const admin = createDb(parseDatabaseUrl(postgresUrl), { max: 1 });
  try {
    await sql`create schema ${sql.id(schema)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  const db = createDb(parseDatabaseUrl(postgresUrl), { schema, max: 4 });
  return { db, engine, close: () => db.destroy() };
}

/** A new database at the latest migration. */
export async function migratedDatabase(engine: Engine): Promise<FreshDb> {
  const fresh = await freshDatabase(engine);
  await migrateToLatest(fresh.db);
  return fresh;
}
