// Vitest's global setup: a name for this run's PostgreSQL test schemas, and dropping them all once every test is done.
//
// Test files run side by side in several processes. Dropping a schema while another process lists tables (Kysely's
// migrator does, through the catalog) can make that listing fail with "schema … does not exist", so schemas are not
// dropped one by one as tests end but together here, after the run.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { TestProject } from "vitest/node";
import { createDb, pingDatabase } from "../app/platform/db.server";
import { parseDatabaseUrl } from "../app/platform/env.server";

const postgresUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

declare module "vitest" {
  export interface ProvidedContext {
    /** The prefix of this run's PostgreSQL schemas. */
    pgSchemaPrefix: string;
  }
}

export default function setup(project: TestProject) {
  const prefix = `t_${randomBytes(3).toString("hex")}_`;
  project.provide("pgSchemaPrefix", prefix);
  return async function teardown() {
    const db = createDb(parseDatabaseUrl(postgresUrl), { connectTimeoutMs: 2000, max: 1 });
    try {
      await pingDatabase(db, 2500);
    } catch {
      await db.destroy();
      return; // no PostgreSQL: nothing was made there
    }
    try {
      const { rows } = await sql<{ name: string }>`select nspname as name from pg_namespace where starts_with(nspname, ${prefix})`.execute(db);
      for (const { name } of rows) await sql`drop schema ${sql.id(name)} cascade`.execute(db);
    } finally {
      await db.destroy();
    }
  };
}
