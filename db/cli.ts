// Database commands: npm run db:migrate | db:rollback | db:seed | db:reset
import { ConfigError, loadEnv } from "../app/platform/env.server";
import { assertDatabaseReachable, createDb } from "../app/platform/db.server";
import { migrateDownAll, migrateDownOne, migrateToLatest } from "./migrate";
import { fileURLToPath } from "node:url";
import { importCatalogFile } from "./catalog-cli";
import { seedProvince } from "./seed/seed";
import { SEEDED_YEARS, seedCalendar } from "./seed/calendar";

const DEMO_CATALOG = fileURLToPath(new URL("./seed/catalog/ha-giang.json", import.meta.url));

const command = process.argv[2];

async function main(): Promise<number> {
  if (!command || !["migrate", "rollback", "seed", "reset"].includes(command)) {
    console.error("Usage: tsx db/cli.ts migrate|rollback|seed|reset");
    return 2;
  }
  const env = loadEnv();
  const db = createDb(env.database, { connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS });
  const where = env.database.engine === "sqlite" ? env.database.file : env.database.display;
  try {
    await assertDatabaseReachable(db, env.database, env.DB_CONNECT_TIMEOUT_MS);
    if (command === "migrate" || command === "reset") {
      if (command === "reset") {
        for (const step of await migrateDownAll(db)) console.log(`  ${step}`);
      }
      const steps = await migrateToLatest(db);
      for (const step of steps) console.log(`  ${step}`);
      console.log(`Database ${where} is at the latest migration${steps.length ? "" : " (nothing to do)"}.`);
    }
    if (command === "rollback") {
      const steps = await migrateDownOne(db);
      for (const step of steps) console.log(`  ${step}`);
      console.log(steps.length ? `Rolled back one migration on ${where}.` : `Nothing to roll back on ${where}.`);
    }
    if (command === "seed" || command === "reset") {
      const result = await seedProvince(db);
      console.log(
        `Seeded the demo province into ${where}: ${result.adminUnits} new administrative units, ${result.agencies} new agencies.`,
      );
      const calendar = await seedCalendar(db);
      console.log(
        `Seeded the working calendar (${SEEDED_YEARS.from}–${SEEDED_YEARS.to}): ${calendar.days} new holidays and compensatory days${calendar.officeHours ? ", the default office hours" : ""}.`,
      );
      const catalog = await importCatalogFile(db, env.DATA_DIR, DEMO_CATALOG);
      for (const line of catalog.lines) (catalog.ok ? console.log : console.error)(line);
      if (!catalog.ok) return 1;
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
