import SQLite from "better-sqlite3";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "./db.server";

describe("SQLite transactions beside another process", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("take the write lock at BEGIN, so a read-then-write transaction cannot be broken by a write in between", async () => {
    dir = await mkdtemp(join(tmpdir(), "db-lock-"));
    const file = join(dir, "t.db");
    const db = createDb({ engine: "sqlite", file });
    await sql`create table t (n integer)`.execute(db);
    // Another writer (as the officials' command line is beside the server), which does not wait for locks.
    const other = new SQLite(file);
    other.pragma("busy_timeout = 0");
    let otherWrite: string | null = null;
    await db.transaction().execute(async (trx) => {
      await sql`select count(*) from t`.execute(trx);
      try {
        other.prepare("insert into t values (1)").run();
        otherWrite = "written";
      } catch (error) {
        otherWrite = (error as { code?: string }).code ?? "error";
      }
      // With a plain BEGIN this write would fail at once (SQLITE_BUSY_SNAPSHOT) after the other's commit.
      await sql`insert into t values (2)`.execute(trx);
    });
    expect(otherWrite).toBe("SQLITE_BUSY");
    const rows = await sql<{ n: number }>`select n from t`.execute(db);
    expect(rows.rows.map((r) => r.n)).toEqual([2]);
    other.close();
    await db.destroy();
  });
});
