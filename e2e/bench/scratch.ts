// The bench sections' throw-away set-up (e2e/bench/run.ts, tracking.ts, submissions.ts, queue.ts): a scratch database
// on SQLite (a file in a temporary folder) or PostgreSQL (a database bench_<name>_<pid> created on BENCH_POSTGRES_URL,
// default TEST_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/test), migrated and seeded, and the production
// server (app/server.ts, NODE_ENV=production, its own process) started on it; all of it dropped at the end, also when
// the section fails.
//
//   await withScratchDatabase("postgres", "tracking", { calendar: true }, async (scratch) => {
//     … scratch.db …;                               // migrated, seeded, the catalog imported
//     await scratch.release();                      // the server has the database to itself
//     await withPortal(scratch, 3192, {}, async (portal) => { … portal.base, portal.pid … });
//   });
import pg from "pg";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { importCatalogFile } from "../../db/catalog-cli";
import { migrateToLatest } from "../../db/migrate";
import { seedCalendar } from "../../db/seed/calendar";
import { seedProvince } from "../../db/seed/seed";
import { createDb, type Db } from "../../app/platform/db.server";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const PG_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/** The province's own catalog (47 procedures). */
export const SEEDED_CATALOG = join(root, "db/seed/catalog/ha-giang.json");

export type BenchEngine = "sqlite" | "postgres";

/** The engines a section runs on, from its BENCH_…_ENGINES variable (comma-separated; default both). */
export function benchEngines(value: string | undefined): BenchEngine[] {
  const engines = (value ?? "sqlite,postgres").split(",").map((e) => e.trim());
  for (const e of engines) if (e !== "sqlite" && e !== "postgres") throw new Error(`unknown engine "${e}" (sqlite or postgres)`);
  return engines as BenchEngine[];
}

export interface Scratch {
  engine: BenchEngine;
  /** The temporary folder: the SQLite file, the server's DATA_DIR (uploaded files, the catalog's templates). */
  dir: string;
  /** The server's DATABASE_URL: the SQLite file's path or the PostgreSQL database's URL. */
  databaseUrl: string;
  /** The open connection: migrated, seeded, the catalog imported. */
  db: Db;
  /** How long the catalog's import took. */
  importMs: number;
  /** Closes `db` (before the server runs, so that it has the database to itself). */
  release(): Promise<void>;
  /** Opens `db` again (to read what the server wrote). */
  reopen(): Db;
}

export interface ScratchOptions {
  /** The statutory calendar too (what filing and deadlines need); the catalog's benches do without. */
  calendar: boolean;
  /** The catalog file to import (default SEEDED_CATALOG). */
  catalog?: string;
}

/**
 * Runs `body` on a fresh database named after `name` (bench_<name>_<pid> on PostgreSQL, a temporary folder
 * bench-<name>-… on both), migrated, seeded with the province (and the calendar), the catalog imported; then closes
 * the connection, drops the database and removes the folder, whatever `body` did.
 */
export async function withScratchDatabase<T>(engine: BenchEngine, name: string, options: ScratchOptions, body: (scratch: Scratch) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `bench-${name}-`));
  const pgName = `bench_${name}_${process.pid}`;
  const admin = engine === "postgres" ? new pg.Client({ connectionString: PG_ADMIN_URL }) : null;
  let db: Db | null = null;
  try {
    let databaseUrl = join(dir, "portal.db");
    if (admin) {
      await admin.connect();
      await admin.query(`drop database if exists ${pgName}`);
      await admin.query(`create database ${pgName}`);
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${pgName}`;
      databaseUrl = url.toString();
    }
    const open = () => (db = engine === "sqlite" ? createDb({ engine, file: databaseUrl }) : createDb({ engine, url: databaseUrl, display: pgName }));
    const first = open();
    await migrateToLatest(first);
    await seedProvince(first);
    if (options.calendar) await seedCalendar(first);
    const started = performance.now();
    const catalog = await importCatalogFile(first, dir, options.catalog ?? SEEDED_CATALOG);
    if (!catalog.ok) throw new Error(catalog.lines.join("\n"));
    const scratch: Scratch = {
      engine,
      dir,
      databaseUrl,
      db: first,
      importMs: performance.now() - started,
      async release() {
        const current = db;
        db = null;
        await current?.destroy();
      },
      reopen() {
        if (db) throw new Error("the scratch database is already open");
        return (scratch.db = open());
      },
    };
    return await body(scratch);
  } finally {
    await (db as Db | null)?.destroy().catch(() => {});
    if (admin) {
      await admin.query(`drop database if exists ${pgName}`).catch((error: unknown) => console.warn(`  could not drop ${pgName}: ${error instanceof Error ? error.message : String(error)}`));
      await admin.end().catch(() => {});
    }
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Portal {
  /** http://127.0.0.1:<port> */
  base: string;
  /** The server process's id (its memory is read from /proc/<pid>/status). */
  pid: number;
}

/**
 * Runs `body` with the production server started on the scratch database (DATA_DIR its folder, LOG_LEVEL warn, plus
 * `env`), once /healthz answers; then stops it (SIGTERM) and waits for it to exit, whatever `body` did.
 */
export async function withPortal<T>(scratch: Pick<Scratch, "databaseUrl" | "dir">, port: number, env: Record<string, string>, body: (portal: Portal) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_URL: scratch.databaseUrl, DATA_DIR: scratch.dir, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    const base = `http://127.0.0.1:${port}`;
    let up = false;
    for (let i = 0; i < 300 && !up && !gone; i++) {
      up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (!up) await new Promise((r) => setTimeout(r, 200));
    }
    if (!up) throw new Error(gone ? `the portal exited before it answered on port ${port}` : `the portal did not answer on port ${port} within 60 s`);
    return await body({ base, pid: child.pid! });
  } finally {
    if (!gone) child.kill("SIGTERM");
    await exited;
  }
}
