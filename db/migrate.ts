import { type Kysely, type MigrationResultSet, Migrator, NO_MIGRATIONS, PostgresAdapter, sql } from "kysely";
import { migrations } from "./migrations/index";

async function migratorFor(db: Kysely<any>): Promise<Migrator> {
  // On PostgreSQL the bookkeeping tables live in the current schema (the first on the search_path), so that
  // several schemas in one database (tests, tenants) each keep their own migration state.
  let migrationTableSchema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
  }
  return new Migrator({
    db,
    migrationTableSchema,
    provider: { getMigrations: async () => migrations },
    // Same table names on both engines.
    migrationTableName: "kysely_migration",
    migrationLockTableName: "kysely_migration_lock",
  });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error");
    const error = result.error instanceof Error ? result.error : new Error(String(result.error));
    error.message = `Migration ${failed?.migrationName ?? "?"} failed: ${error.message}`;
    throw error;
  }
  return (result.results ?? []).map((r) => `${r.direction === "Up" ? "up" : "down"} ${r.migrationName}`);
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return unwrap(await (await migratorFor(db)).migrateToLatest());
}

export async function migrateDownOne(db: Kysely<any>): Promise<string[]> {
  return unwrap(await (await migratorFor(db)).migrateDown());
}

export async function migrateDownAll(db: Kysely<any>): Promise<string[]> {
  return unwrap(await (await migratorFor(db)).migrateTo(NO_MIGRATIONS));
}

export const migrationNames = Object.keys(migrations);

/** Migrations known to the code but not yet applied to this database. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const info = await (await migratorFor(db)).getMigrations();
  return info.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
