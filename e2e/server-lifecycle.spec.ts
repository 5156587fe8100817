import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// The built server as an operator runs it: migrate, serve, answer /healthz, stop cleanly on SIGTERM.
const root = fileURLToPath(new URL("..", import.meta.url));

function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => out };
}

test("the production server serves, logs as JSON and stops cleanly on SIGTERM", async () => {
  test.setTimeout(60_000);
  const dir = await mkdtemp(join(tmpdir(), "lifecycle-"));
  const env = { DATABASE_URL: join(dir, "portal.db"), DATA_DIR: dir, NODE_ENV: "production", PORT: "3191", LOG_LEVEL: "info" };
  try {
    expect(await run(["db/cli.ts", "migrate"], env).exited).toBe(0);
    const server = run(["app/server.ts"], env);
    let health: Response | undefined;
    for (let i = 0; i < 100 && !health; i++) {
      await new Promise((r) => setTimeout(r, 200));
      health = await fetch("http://127.0.0.1:3191/healthz").catch(() => undefined);
    }
    expect(health?.status).toBe(200);
    const home = await fetch("http://127.0.0.1:3191/", { headers: { "X-Request-Id": "trace-42" } });
    expect(home.status).toBe(200);
    expect(home.headers.get("x-request-id")).toBe("trace-42");
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const lines = server
      .out()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ msg: "request", requestId: "trace-42", method: "GET", path: "/", status: 200 }));
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["listening", "shutting down", "stopped"]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
