// The tracking lookup with many dossiers (issue 5, "tracking lookup p95 with 1,000,000 dossiers"), one section of
// `npm run bench` (also runnable alone after a build: npx tsx e2e/bench/tracking.ts). On a fresh SQLite file and a
// fresh PostgreSQL database (bench_tracking_<pid>, dropped at the end) it migrates, seeds, generates BENCH_DOSSIERS
// dossiers (default 1,000,000; 0 skips the section) with db/seed/dossiers/generate.ts, then measures:
//  - the query plans (EXPLAIN QUERY PLAN / EXPLAIN) of every SELECT that trackDossier and myDossiers run, captured
//    from the real use cases (a plan that scans dossiers or dossier_events fails the bench);
//  - trackDossier in process (p50/p95/p99), for codes of generated dossiers with their right factor and for unknown codes;
//  - POST /dossiers/track on the production server over HTTP with autocannon (p50/p95/p99, requests/s), from one
//    address and from many (X-Forwarded-For behind TRUST_PROXY=1). The per-address limit stays in the code; the
//    bench server raises it with DOSSIER_TRACKING_IP_FREE_ATTEMPTS (README, configuration).
// BENCH_TRACKING_SECONDS (default 10) sets each HTTP run; BENCH_POSTGRES_URL (default TEST_POSTGRES_URL or
// postgres://postgres@127.0.0.1:5432/test) where to create the database; BENCH_TRACKING_ENGINES=sqlite,postgres.
import autocannon from "autocannon";
import { createQueryId, CompiledQuery, sql, type Kysely, type RootOperationNode } from "kysely";
import { stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Database } from "../../db/schema";
import { generateDossiers } from "../../db/seed/dossiers/generate";
import { myDossiers, trackDossier } from "../../app/domain/dossiers/dossiers.server";
import type { DossierApplicant } from "../../app/domain/dossiers/dossiers";
import { rateLimitPolicies } from "../../app/platform/rate-limit.server";
import { benchEngines, withPortal, withScratchDatabase, type BenchEngine } from "./scratch";

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_TRACKING_SECONDS ?? 10);
const ENGINES = benchEngines(process.env.BENCH_TRACKING_ENGINES);
/** Enough for the whole bench from one address; the production default stays 20 (decision 0014). */
const FREE_LOOKUPS = 10_000_000;
const policy = rateLimitPolicies({ dossierTrackingIpFreeAttempts: FREE_LOOKUPS }).dossierTrackingIp;

type Db = Kysely<Database>;
const citizen = (userId: string) => ({ kind: "citizen" as const, userId, actingFor: null });

export interface TrackingFigures {
  engine: string;
  dossiers: number;
  events: number;
  generateSeconds: number;
  rowsPerSecond: number;
  sizeBytes: number;
  plansOk: boolean;
  inProcess: { p50: number; p95: number; p99: number; n: number };
  myDossiers: { p50: number; p95: number; n: number };
  http: { label: string; p50: number; p95: number; p99: number; rps: number; requests: number; unexpected: number }[];
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { p50: at(50), p95: at(95), p99: at(99) };
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

/** Lookups: codes of generated dossiers with the last 4 digits of the applicant's CCCD or phone, and unknown codes. */
async function sampleLookups(db: Db, count: number) {
  const order = sql`random()`;
  const rows = await db
    .selectFrom("dossiers")
    .select(["code", "applicant", "owner_user_id as owner"])
    .orderBy(order)
    .limit(count)
    .execute();
  const known = rows.map((r, i) => {
    const a = JSON.parse(r.applicant) as DossierApplicant;
    const digits = (i % 2 === 0 || !a.phone ? a.cccd : a.phone)!.replace(/\D/g, "");
    return { code: r.code, factor: digits.slice(-4), known: true, owner: r.owner };
  });
  // Unknown: a real agency and day with a number past the day's sequence.
  const unknown = rows.slice(0, Math.ceil(count / 4)).map((r) => ({ code: r.code.replace(/-\d{4}$/, "-9998"), factor: "1234", known: false, owner: r.owner }));
  const all = [...known, ...unknown];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all;
}

/** The plans of every SELECT the use cases run, captured from the real calls (no copy of the queries here). */
async function checkPlans(db: Db, engine: string, lookup: { code: string; factor: string; owner: string }) {
  const nodes: RootOperationNode[] = [];
  const spy = db.withPlugin({
    transformQuery: ({ node }) => {
      if (node.kind === "SelectQueryNode") nodes.push(node);
      return node;
    },
    transformResult: async ({ result }) => result,
  });
  const actor = citizen(lookup.owner);
  const track = await trackDossier(spy, { code: lookup.code, factor: lookup.factor, ip: "plan", policy });
  if (!track.ok) throw new Error(`The sampled dossier ${lookup.code} was not found with its factor`);
  const tracked = nodes.length;
  await myDossiers(spy, { actor, status: null, page: 1 });
  await myDossiers(spy, { actor, status: 4, page: 2 });
  let ok = true;
  for (const [i, node] of nodes.entries()) {
    const compiled = db.getExecutor().compileQuery(node, createQueryId());
    const prefix = engine === "sqlite" ? "explain query plan " : "explain ";
    const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]));
    const lines = result.rows.map((r) => String(r.detail ?? r["QUERY PLAN"] ?? JSON.stringify(r)));
    // A full scan of a big table: SQLite "SCAN d"/"SCAN dossiers…", PostgreSQL "Seq Scan on dossiers/dossier_events".
    const scans = lines.filter((l) => /^SCAN (d|e|dossiers|dossier_events)\b/.test(l.trim()) || /Seq Scan on (dossiers|dossier_events)\b/.test(l));
    if (scans.length > 0) ok = false;
    const what = i < tracked ? "trackDossier" : "myDossiers";
    console.log(`    ${what} ${compiled.sql.replace(/\s+/g, " ").slice(0, 90)}…`);
    for (const l of lines) console.log(`      ${l}`);
    if (scans.length > 0) console.log("      ^ SCANS A BIG TABLE");
  }
  return ok;
}

async function inProcess(db: Db, lookups: { code: string; factor: string; known: boolean; owner: string }[]) {
  const times: number[] = [];
  for (const l of lookups.slice(0, 50)) await trackDossier(db, { code: l.code, factor: l.factor, ip: "warm", policy });
  for (let round = 0; round < 3; round++) {
    for (const l of lookups) {
      const t0 = performance.now();
      const r = await trackDossier(db, { code: l.code, factor: l.factor, ip: "bench", policy });
      times.push(performance.now() - t0);
      if (r.ok !== l.known) throw new Error(`trackDossier(${l.code}) gave ${JSON.stringify(r).slice(0, 80)}`);
    }
  }
  const mine: number[] = [];
  for (const l of lookups.slice(0, 300)) {
    const actor = citizen(l.owner);
    const t0 = performance.now();
    await myDossiers(db, { actor, status: null, page: 1 });
    mine.push(performance.now() - t0);
  }
  const m = percentiles(mine);
  return { track: { ...percentiles(times), n: times.length }, mine: { p50: m.p50, p95: m.p95, n: mine.length } };
}

async function httpRun(base: string, lookups: { code: string; factor: string; known: boolean }[], manyAddresses: boolean, seconds: number) {
  const requests = lookups.map((l, i) => ({
    method: "POST" as const,
    path: "/dossiers/track",
    body: new URLSearchParams({ code: l.code, factor: l.factor }).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: base,
      "accept-language": "vi",
      ...(manyAddresses ? { "x-forwarded-for": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` } : {}),
    },
  }));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: base, connections: 10, duration: seconds, requests }, (error, r) => (error ? reject(error) : resolve(r)));
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  // Every lookup is answered 200 (found) or 404 (unknown); a 429 would mean the limit stopped the bench.
  const unexpected = Object.entries(statuses).filter(([s]) => s !== "200" && s !== "404").reduce((n, [, c]) => n + c, 0);
  return { ...percentiles(latencies), rps: result.requests.average, requests: latencies.length, unexpected, statuses };
}

async function databaseSize(db: Db, engine: string, file: string | null) {
  if (engine === "sqlite") {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    return (await stat(file!)).size;
  }
  const row = await sql<{ size: string }>`select pg_database_size(current_database())::text as size`.execute(db);
  return Number(row.rows[0]!.size);
}

async function one(engine: BenchEngine, port: number): Promise<TrackingFigures> {
  console.log(`\n== tracking with ${DOSSIERS.toLocaleString("en")} dossiers on ${engine}`);
  return withScratchDatabase(engine, "tracking", { calendar: true }, async (scratch) => {
    const { db } = scratch;
    let last = 0;
    const generated = await generateDossiers(db, {
      count: DOSSIERS, owners: 5000, seed: 42, append: false,
      progress: (done, elapsed) => {
        if (elapsed - last > 30_000) {
          last = elapsed;
          console.log(`  … ${done.toLocaleString("en")} dossiers (${Math.round(done / (elapsed / 1000))}/s)`);
        }
      },
    });
    if (engine === "postgres") await sql`analyze`.execute(db);
    const rows = generated.dossiers + generated.events + generated.users;
    const generateSeconds = generated.ms / 1000;
    console.log(
      `  generated ${generated.dossiers.toLocaleString("en")} dossiers + ${generated.events.toLocaleString("en")} events + ${generated.users} owners in ${generateSeconds.toFixed(1)} s ` +
        `(${Math.round(generated.dossiers / generateSeconds)} dossiers/s, ${Math.round(rows / generateSeconds)} rows/s)`,
    );
    const sizeBytes = await databaseSize(db, engine, engine === "sqlite" ? scratch.databaseUrl : null);
    console.log(`  database size ${(sizeBytes / 1024 / 1024).toFixed(0)} MB`);
    const lookups = await sampleLookups(db, 400);
    console.log("  query plans:");
    const plansOk = await checkPlans(db, engine, lookups.find((l) => l.known)!);
    const local = await inProcess(db, lookups);
    console.log(
      `  trackDossier in process: p50 ${ms(local.track.p50)}, p95 ${ms(local.track.p95)}, p99 ${ms(local.track.p99)} (${local.track.n} lookups, 4 in 5 found)`,
    );
    console.log(`  myDossiers (first page) in process: p50 ${ms(local.mine.p50)}, p95 ${ms(local.mine.p95)} (${local.mine.n} owners, ~${Math.round(DOSSIERS / 5000)} dossiers each)`);
    await scratch.release();
    const http: TrackingFigures["http"] = [];
    // For the "many addresses" run the client address comes from X-Forwarded-For (TRUST_PROXY).
    await withPortal(scratch, port, { DOSSIER_TRACKING_IP_FREE_ATTEMPTS: String(FREE_LOOKUPS), TRUST_PROXY: "1" }, async ({ base }) => {
      await httpRun(base, lookups, false, 2); // warm up
      for (const many of [false, true]) {
        const r = await httpRun(base, lookups, many, SECONDS);
        const label = many ? "many addresses" : "one address";
        http.push({ label, p50: r.p50, p95: r.p95, p99: r.p99, rps: r.rps, requests: r.requests, unexpected: r.unexpected });
        console.log(
          `  POST /dossiers/track over HTTP (${label}, 10 connections, ${SECONDS} s): p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, p99 ${ms(r.p99)}, ${r.rps.toFixed(0)} req/s; ` +
            `statuses ${JSON.stringify(r.statuses)}${r.unexpected ? "  UNEXPECTED STATUSES" : ""}`,
        );
      }
    });
    return {
      engine, dossiers: generated.dossiers, events: generated.events, generateSeconds, rowsPerSecond: rows / generateSeconds, sizeBytes, plansOk,
      inProcess: local.track, myDossiers: local.mine, http,
    };
  });
}

/** The section; returns the number of failures (a scanning plan, an unexpected status). */
export async function trackingBench(port = 3192): Promise<number> {
  if (!(DOSSIERS > 0)) {
    console.log("\n== tracking: skipped (BENCH_DOSSIERS=0)");
    return 0;
  }
  let failures = 0;
  const figures: TrackingFigures[] = [];
  for (const [i, engine] of ENGINES.entries()) {
    const f = await one(engine, port + i);
    figures.push(f);
    if (!f.plansOk) failures += 1;
    failures += f.http.filter((h) => h.unexpected > 0).length;
  }
  console.log(`\n  tracking summary (${DOSSIERS.toLocaleString("en")} dossiers):`);
  for (const f of figures) {
    const one = f.http.find((h) => h.label === "one address");
    const many = f.http.find((h) => h.label === "many addresses");
    console.log(
      `  ${f.engine.padEnd(8)} generate ${f.generateSeconds.toFixed(0)} s, size ${(f.sizeBytes / 1024 / 1024).toFixed(0)} MB, in process p50/p95 ${ms(f.inProcess.p50)}/${ms(f.inProcess.p95)}, ` +
        `HTTP one address p50/p95 ${ms(one!.p50)}/${ms(one!.p95)} ${one!.rps.toFixed(0)} req/s, many addresses p50/p95 ${ms(many!.p50)}/${ms(many!.p95)} ${many!.rps.toFixed(0)} req/s` +
        `${f.plansOk ? "" : "  (A PLAN SCANS)"}`,
    );
  }
  return failures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  trackingBench().then(
    (failures) => process.exit(failures > 0 ? 1 : 0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : String(error));
      process.exit(1);
    },
  );
}
