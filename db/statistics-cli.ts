// The statistics' rollups from the command line (DATABASE_URL as the other commands; docs/decisions/0021-statistics.md):
//   npm run -s statistics:rebuild [-- --batch 2000]   clears the facts and rollups and recomputes them from the raw history
//   tsx db/statistics-cli.ts refresh                   takes in what changed since the last refresh (the sweep does it too)
import { ConfigError, loadEnv } from "../app/platform/env.server";
import { assertDatabaseReachable, createDb } from "../app/platform/db.server";
import { rebuildStatistics, refreshStatistics } from "../app/domain/statistics/statistics.server";

const USAGE = "usage: tsx db/statistics-cli.ts rebuild [--batch N] | refresh\n";

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const batchAt = rest.indexOf("--batch");
  const batchSize = batchAt >= 0 ? Number(rest[batchAt + 1]) : 2000;
  if ((command !== "rebuild" && command !== "refresh") || !(Number.isInteger(batchSize) && batchSize > 0)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const env = loadEnv();
  const db = createDb(env.database, { connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS });
  try {
    await assertDatabaseReachable(db, env.database, env.DB_CONNECT_TIMEOUT_MS);
    if (command === "rebuild") {
      const result = await rebuildStatistics(db, {
        batchSize,
        progress: (done, ms) => process.stderr.write(`\r${done.toLocaleString("en")} dossiers, ${(ms / 1000).toFixed(1)} s`),
      });
      process.stderr.write("\n");
      process.stdout.write(`${JSON.stringify({ dossiers: result.dossiers, facts: result.facts, seconds: Math.round(result.ms / 100) / 10 })}\n`);
    } else {
      process.stdout.write(`${JSON.stringify(await refreshStatistics(db))}\n`);
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
