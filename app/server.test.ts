import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The server as an operator meets it: bad configuration stops it with one sentence, never a stack trace.
// (Serving and graceful shutdown of the built server: e2e/server-lifecycle.spec.ts.)

const cwd = join(import.meta.dirname, "..");

function run(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ["--import", "tsx", "app/server.ts", ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe("server boot", () => {
  it.each([
    ["a malformed DATABASE_URL", { DATABASE_URL: "mysql://root@localhost/portal" }, /^DATABASE_URL uses the unsupported scheme "mysql:"; .*\.$/],
    ["a PostgreSQL URL without a database", { DATABASE_URL: "postgres://localhost" }, /^DATABASE_URL must name a host and a database/],
    ["an unreachable PostgreSQL", { DATABASE_URL: "postgres://app@127.0.0.1:1/portal", DB_CONNECT_TIMEOUT_MS: "2000" }, /^Cannot reach PostgreSQL at postgres:\/\/127\.0\.0\.1:1\/portal: connection refused\.$/],
    ["a bad PORT", { PORT: "http" }, /^PORT must be a whole number between 0 and 65535\.$/],
  ])("stops with one clear sentence on %s", async (_, env, message) => {
    const server = run(env);
    expect(await server.exited).toBe(1);
    const lines = server.err().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(server.err()).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });

  it("refuses an unmigrated database in production with one sentence", async () => {
    const dir = await mkdtemp(join(tmpdir(), "boot-"));
    const server = run({ NODE_ENV: "production", DATABASE_URL: join(dir, "empty.db"), DATA_DIR: dir });
    expect(await server.exited).toBe(1);
    expect(server.err().trim()).toMatch(/^The database has \d+ migration\(s\) not applied yet; run "npm run db:migrate" first\.$/);
    await rm(dir, { recursive: true, force: true });
  });
});
