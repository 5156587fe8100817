// npm run bench: the portal's speed figures, on this machine, against the production build.
//  - page weight (HTML + JS + CSS, gzip) of the home, catalog and procedure pages, against budgets;
//  - catalog search latency in process (p50/p95) with the 47 seeded procedures and 10,000 generated ones;
//  - catalog page requests per second next to a plain node:http server sending the same bytes (the ratio is
//    the figure we track; goal ≥ 0.5).
// BENCH_COUNT (default 10000) sets the size of the generated catalog; BENCH_SECONDS the length of each load run.
import autocannon from "autocannon";
import { spawn, execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { parseCatalogQuery, searchProcedures } from "../../app/domain/procedures/catalog.server";
import { createDb } from "../../app/platform/db.server";
import { importCatalogFile } from "../../db/catalog-cli";
import { migrateToLatest } from "../../db/migrate";
import { seedProvince } from "../../db/seed/seed";

const root = fileURLToPath(new URL("../..", import.meta.url));
const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const TODAY = new Date().toISOString().slice(0, 10);
const BUDGET = { home: 150, catalog: 100, procedure: 150 } as const; // kB gzip
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
let failures = 0;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function pageWeight(base: string, path: string) {
  const html = await (await fetch(base + path, { headers: { "Accept-Language": "vi" } })).text();
  const assets = new Set<string>();
  for (const m of html.matchAll(/<link[^>]+(?:rel="modulepreload"|rel="stylesheet")[^>]*>/g)) {
    const href = /href="([^"]+)"/.exec(m[0])?.[1];
    if (href) assets.add(href);
  }
  for (const m of html.matchAll(/import\("([^"]+\.js)"\)|import "([^"]+\.js)"|<script[^>]+src="([^"]+)"/g)) assets.add((m[1] ?? m[2] ?? m[3])!);
  let js = 0;
  let css = 0;
  for (const href of assets) {
    const body = await (await fetch(new URL(href, base))).text();
    if (href.endsWith(".css")) css += gzipSync(body).length;
    else js += gzipSync(body).length;
  }
  return { html: gzipSync(html).length, js, css, total: gzipSync(html).length + js + css };
}

async function prepare(catalogFile: string) {
  const dir = await mkdtemp(join(tmpdir(), "bench-"));
  const file = join(dir, "portal.db");
  const db = createDb({ engine: "sqlite", file });
  await migrateToLatest(db);
  await seedProvince(db);
  const started = performance.now();
  const result = await importCatalogFile(db, dir, catalogFile);
  if (!result.ok) throw new Error(result.lines.join("\n"));
  const importMs = performance.now() - started;
  return { dir, file, db, importMs };
}

async function searchLatency(db: ReturnType<typeof createDb>) {
  const queries = [
    "q=dang+ky+khai+sinh",
    "q=khai+sinh",
    "q=1.001193",
    "q=ho+kinh+doanh",
    "q=cap+giay+phep+xay+dung",
    "q=ly+lich+tu+phap",
    "",
    "online=FULL&level=commune",
    "q=dang+ky&agency=000.01.26.H22",
  ].map((q) => parseCatalogQuery(new URLSearchParams(q)));
  for (const q of queries) await searchProcedures(db, q, TODAY); // warm the index
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    for (const q of queries) {
      const t0 = performance.now();
      await searchProcedures(db, q, TODAY);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function startPortal(file: string, dir: string, port: number) {
  const child = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_URL: file, DATA_DIR: dir, LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error("the portal did not start");
}

async function rps(url: string): Promise<number> {
  // No Accept-Encoding: both servers send the same uncompressed bytes.
  const result = await autocannon({ url, connections: 10, duration: SECONDS, headers: { "accept-language": "vi" } });
  return result.requests.average;
}

async function loadComparison(base: string, path: string) {
  const response = await fetch(base + path, { headers: { "Accept-Language": "vi" } });
  const bytes = Buffer.from(await response.arrayBuffer());
  const plain = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": bytes.length });
    res.end(bytes);
  });
  await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
  const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`;
  const portal = await rps(base + path);
  const reference = await rps(plainUrl);
  await new Promise((r) => plain.close(r));
  return { portal, reference, ratio: portal / reference, bytes: bytes.length };
}

async function dataset(label: string, catalogFile: string, port: number, weights: boolean) {
  const { dir, file, db, importMs } = await prepare(catalogFile);
  console.log(`\n== ${label}: import ${(importMs / 1000).toFixed(1)} s`);
  const latency = await searchLatency(db);
  console.log(`  search in process: p50 ${latency.p50.toFixed(2)} ms, p95 ${latency.p95.toFixed(2)} ms`);
  await db.destroy();
  const portal = await startPortal(file, dir, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    if (weights) {
      for (const [name, path] of [["home", "/"], ["catalog", "/procedures?q=khai+sinh"], ["procedure", "/procedures/1.001193"]] as const) {
        const w = await pageWeight(base, path);
        const over = w.total > BUDGET[name] * 1024;
        if (over) failures += 1;
        console.log(
          `  ${name.padEnd(9)} HTML ${kb(w.html)} + JS ${kb(w.js)} + CSS ${kb(w.css)} = ${kb(w.total)} gzip (budget ${BUDGET[name]} kB)${over ? "  OVER BUDGET" : ""}`,
        );
      }
    }
    for (const path of ["/procedures?q=khai+sinh", "/procedures"]) {
      const load = await loadComparison(base, path);
      console.log(
        `  ${path}: portal ${load.portal.toFixed(0)} req/s, plain node:http ${load.reference.toFixed(0)} req/s with the same ${kb(load.bytes)} → ratio ${load.ratio.toFixed(2)} (goal ≥ 0.5)`,
      );
    }
  } finally {
    portal.kill("SIGTERM");
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  await dataset("seeded catalog (47 procedures)", join(root, "db/seed/catalog/ha-giang.json"), 3190, true);
  const dir = await mkdtemp(join(tmpdir(), "bench-gen-"));
  const generated = join(dir, "generated.json");
  execFileSync(process.execPath, ["--import", "tsx", "db/seed/catalog/generate.ts", "--count", String(COUNT), "--out", generated], { cwd: root, stdio: "inherit" });
  await dataset(`generated catalog (${COUNT} procedures)`, generated, 3191, false);
  await rm(dir, { recursive: true, force: true });
  if (failures > 0) {
    console.error(`\n${failures} page(s) over budget.`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
