// The demo province's year (issue 10, item 6):
//   npm run -s demo:simulate -- [--scale 1] [--seed N] [--days 365] [--if-fresh]
// Simulates the twelve months before now through the portal's own use cases (db/seed/simulate/simulate-year.ts) on
// a migrated and seeded database (npm run db:migrate && npm run db:seed). It runs once: a database where it already
// ran is refused; with --if-fresh (what `npm start` passes) a database holding any dossier at all is left alone and
// the command succeeds. Nothing is mailed: simulated accounts have no confirmed address (reserved .invalid domain).
// The use cases' texts are read through Vite (as the server build does), so the simulation is loaded with it.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createServer } from "vite";
import { assertDatabaseReachable, createDb } from "../../../app/platform/db.server";
import { createDiskBlobStore } from "../../../app/platform/blob-store.server";
import { ConfigError, loadEnv } from "../../../app/platform/env.server";
import { pendingMigrations } from "../../migrate";
import { withParameters } from "./parameters";
import type * as Run from "./simulate-run";

const USAGE = "Usage: tsx db/seed/simulate/simulate-cli.ts [--scale 1] [--seed N] [--days 365] [--if-fresh]";
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

async function main(): Promise<number> {
  let values: { scale?: string; seed?: string; days?: string; "if-fresh"?: boolean };
  try {
    values = parseArgs({ args: process.argv.slice(2), options: { scale: { type: "string" }, seed: { type: "string" }, days: { type: "string" }, "if-fresh": { type: "boolean", default: false } } }).values;
  } catch {
    console.error(USAGE);
    return 2;
  }
  const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const [scale, seed, days] = [number(values.scale), number(values.seed), number(values.days)];
  if ([scale, seed, days].some((n) => n !== undefined && (!Number.isFinite(n) || n < 0))) {
    console.error(USAGE);
    return 2;
  }
  const env = loadEnv();
  const db = createDb(env.database, { connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS });
  const vite = await createServer({
    root: ROOT,
    configFile: false,
    logLevel: "error",
    appType: "custom",
    resolve: { alias: { "~": join(ROOT, "app") } },
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    await assertDatabaseReachable(db, env.database, env.DB_CONNECT_TIMEOUT_MS);
    const pending = await pendingMigrations(db);
    if (pending.length > 0) throw new ConfigError(`The database has ${pending.length} migration(s) not applied yet; run "npm run db:migrate" first.`);
    const run = (await vite.ssrLoadModule("/db/seed/simulate/simulate-run.ts")) as typeof Run;
    if (await run.simulationRan(db)) {
      console.log("The demo year was already simulated on this database; nothing to do.");
      return values["if-fresh"] ? 0 : 1;
    }
    if (values["if-fresh"]) {
      const any = await db.selectFrom("dossiers").select("id").limit(1).executeTakeFirst();
      if (any) {
        console.log("This database already holds dossiers: the demo year is not simulated on it.");
        return 0;
      }
    }
    const params = withParameters({ ...(scale !== undefined ? { scale } : {}), ...(seed !== undefined ? { seed } : {}), ...(days !== undefined ? { days } : {}) });
    const origin = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
    console.log(`Simulating the demo province's last ${params.days} days (scale ${params.scale}, seed ${params.seed}) through the portal's use cases…`);
    let outcome: Awaited<ReturnType<typeof run.runSimulation>>;
    try {
      outcome = await run.runSimulation(db, { params, now: new Date(), blobs: createDiskBlobStore(join(env.DATA_DIR, "files")), origin, log: (line) => console.log(line) });
    } catch (error) {
      if (!values["if-fresh"]) throw error;
      // npm start: the demo portal still starts, without (part of) its simulated year; say so plainly.
      console.error(`The demo year could not be simulated; the portal starts without it (${error instanceof Error ? error.message : String(error)}).`);
      return 0;
    }
    const { report, mix, statistics } = outcome;
    const resolved = mix.resolvedEarly + mix.resolvedOnTime + mix.resolvedLate;
    const pct = (n: number) => (resolved > 0 ? `${((100 * n) / resolved).toFixed(1)} %` : "–");
    console.log(
      `Simulated in ${(report.ms / 1000).toFixed(1)} s: ${mix.dossiers} dossiers (${mix.online} online), ${report.officials} officials, ${report.citizens} citizens; ` +
        `resolved early ${mix.resolvedEarly} (${pct(mix.resolvedEarly)}), on time ${mix.resolvedOnTime} (${pct(mix.resolvedOnTime)}), late ${mix.resolvedLate} (${pct(mix.resolvedLate)}); ` +
        `in progress ${mix.inProgress}, supplemented ${mix.supplemented}, withdrawn ${mix.withdrawn}, refused ${mix.refused}, paid ${mix.paid}; ` +
        `petitions ${mix.petitions} (${mix.petitionsAnswered} answered, ${mix.petitionsRated} rated); dossier ratings ${mix.ratings}.`,
    );
    const refusals = Object.entries(report.refusals);
    console.log(`Use-case calls: ${Object.entries(report.calls).map(([k, n]) => `${k} ×${n}`).join(", ")}.`);
    console.log(`Time by event: ${Object.entries(report.timings).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join(", ")}.`);
    if (refusals.length > 0) console.log(`Refused calls (expected now and then): ${refusals.map(([k, n]) => `${k} ×${n}`).join("; ")}`);
    console.log(statistics);
    return 0;
  } finally {
    await vite.close();
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
