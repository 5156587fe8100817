// The working calendar from the command line (DATABASE_URL as the other commands):
//   npm run -s calendar -- due <ISO start> <amount> <unit>    e.g. due 2026-03-02T14:00 5 working_days
//   npm run -s calendar -- holidays <year>
// Prints JSON; bad input → a message and exit code 2 (db/calendar-command.ts).
import { ConfigError, loadEnv } from "../app/platform/env.server";
import { assertDatabaseReachable, createDb } from "../app/platform/db.server";
import { planCalendarCommand, runCalendarCommand } from "./calendar-command";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const plan = await planCalendarCommand(args);
  if (plan.kind === "bad") {
    process.stderr.write(plan.result.stderr);
    return plan.result.code;
  }
  const env = loadEnv();
  const db = createDb(env.database, { connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS });
  try {
    await assertDatabaseReachable(db, env.database, env.DB_CONNECT_TIMEOUT_MS);
    const result = await runCalendarCommand(db, args);
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    return result.code;
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
