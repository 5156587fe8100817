// The officials' queue with many dossiers (issue 6, "queue page p95 for an official with 1,000,000 dossiers"), one
// section of `npm run bench` (also alone: npx tsx e2e/bench/queue.ts). On a fresh SQLite file and a fresh PostgreSQL
// database (bench_queue_<pid>, dropped at the end) it migrates, seeds the province and the catalog, then writes
// BENCH_QUEUE_DOSSIERS dossiers (default 1,000,000; 0 skips the section) with ONE set-based statement (INSERT … SELECT
// over generate_series on PostgreSQL, a recursive CTE on SQLite) spread over 100 agencies, the procedures' versions,
// 200 applicant names, statuses and whose move it is (waiting_for), step deadlines around now, a tenth of the open
// ones held by an official. Then, for a handler of one agency:
//  - the plans (EXPLAIN QUERY PLAN / EXPLAIN) of every SELECT that officeQueue runs for each case, captured from the use
//    case itself; a plan that scans the whole dossiers table fails the bench;
//  - officeQueue in process (the loader's one call: the page, the four capped counts, names, colleagues), p50/p95 over
//    BENCH_QUEUE_CALLS calls (default 200) cycling through the cases below. Goal: p95 ≤ 50 ms.
// BENCH_QUEUE_ENGINES=sqlite,postgres; BENCH_POSTGRES_URL (default TEST_POSTGRES_URL) where to create the database.
import { createQueryId, CompiledQuery, sql, type Kysely, type RootOperationNode } from "kysely";
import { fileURLToPath } from "node:url";
import type { Database } from "../../db/schema";
import type { Actor } from "../../app/domain/access/permissions";
import type { QueueFilter } from "../../app/domain/dossiers/queue";
import { officeQueue } from "../../app/domain/dossiers/queue.server";
import { foldForSearch } from "../../app/domain/shared/search";
import { newId } from "../../app/platform/ids.server";
import { benchEngines, withScratchDatabase, type BenchEngine } from "./scratch";

const DOSSIERS = Number(process.env.BENCH_QUEUE_DOSSIERS ?? 1_000_000);
const CALLS = Number(process.env.BENCH_QUEUE_CALLS ?? 200);
const AGENCIES = 100;
const GOAL_MS = 50;
const ENGINES = benchEngines(process.env.BENCH_QUEUE_ENGINES);

type Db = Kysely<Database>;

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Giàng"];
const MIDDLE = ["Văn", "Thị", "Minh", "Đức"];
const GIVEN = ["An", "Bình", "Hà", "Hùng", "Lan"];

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { p50: at(50), p95: at(95), max: sorted.at(-1) ?? NaN };
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

interface Setup {
  actor: Actor;
  agencyCode: string;
  procedureCode: string;
}

/** The small tables the one INSERT … SELECT joins on by number (agencies, versions, names) and the officials. */
async function prepare(db: Db, now: Date): Promise<Setup> {
  const agencies = await db.selectFrom("agencies").select(["id", "code"]).orderBy("code").limit(AGENCIES).execute();
  if (agencies.length < AGENCIES) throw new Error(`only ${agencies.length} agencies seeded`);
  const versions = await db
    .selectFrom("procedure_versions as v")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .select(["v.id", "v.procedure_id", "p.code"])
    .where("v.state", "=", "published")
    .orderBy("p.code")
    .execute();
  const at = now.toISOString();
  const owner = newId();
  await db
    .insertInto("users")
    .values({ id: owner, kind: "citizen", status: "active", full_name: "Chủ hồ sơ", cccd: null, birth_date: null, email: `${owner}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
  // Two handlers per agency (the bench's official is the first of agency 0): holders of a tenth of the open dossiers.
  const handlers: string[][] = [];
  for (const [i, a] of agencies.entries()) {
    const pair: string[] = [];
    for (const k of [0, 1]) {
      const id = newId();
      await db
        .insertInto("users")
        .values({ id, kind: "official", status: "active", full_name: `Cán bộ ${i}-${k}`, cccd: null, birth_date: null, email: `${id}@example.gov.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
        .execute();
      await db.insertInto("official_roles").values({ id: newId(), user_id: id, agency_id: a.id, role: "handler", granted_at: at, granted_by: null }).execute();
      pair.push(id);
    }
    handlers.push(pair);
  }
  await sql`create table bench_agencies (n integer primary key, id varchar(36) not null, code varchar(40) not null, h0 varchar(36) not null, h1 varchar(36) not null)`.execute(db);
  await sql`create table bench_versions (n integer primary key, id varchar(36) not null, procedure_id varchar(36) not null, code varchar(20) not null)`.execute(db);
  await sql`create table bench_names (n integer primary key, full_name varchar(100) not null, folded varchar(100) not null)`.execute(db);
  for (const [n, a] of agencies.entries()) await sql`insert into bench_agencies values (${n}, ${a.id}, ${a.code}, ${handlers[n]![0]!}, ${handlers[n]![1]!})`.execute(db);
  for (const [n, v] of versions.entries()) await sql`insert into bench_versions values (${n}, ${v.id}, ${v.procedure_id}, ${v.code})`.execute(db);
  let n = 0;
  for (const f of FAMILY) for (const m of MIDDLE) for (const g of GIVEN) {
    const full = `${f} ${m} ${g}`;
    await sql`insert into bench_names values (${n++}, ${full}, ${foldForSearch(full)})`.execute(db);
  }
  const me = handlers[0]![0]!;
  return { actor: { kind: "official", userId: me, roles: [{ agencyId: agencies[0]!.id, role: "handler" }] }, agencyCode: agencies[0]!.code, procedureCode: versions[0]!.code };
}

/**
 * One statement. Dossier g: agency g % 100; k = g / 100 numbers it inside its agency: received k / 100 days after
 * the start (100 a day, 5 minutes apart), sequence k % 100 + 1. h = (k · 37) % 100 chooses the state:
 * 0–29 returned (10), 30–44 new (1, receiving officer), 45–69 handling (4, handler), 70–79 awaiting approval (4,
 * approver), 80–86 supplementation (5, applicant, paused), 87–89 payment (6), 90–94 done (9, receiving officer
 * returns it), 95–99 refused (3). Step deadlines: from 3 days before now to 7 days after (nulls for finished ones).
 */
async function generate(db: Db, engine: "sqlite" | "postgres", count: number, now: Date) {
  const days = Math.ceil(count / AGENCIES / 100);
  const start = new Date(now.getTime() - days * 86_400_000);
  const startDay = start.toISOString().slice(0, 10);
  const nowIso = now.toISOString();
  const nv = Number((await sql<{ n: number }>`select count(*) as n from bench_versions`.execute(db)).rows[0]!.n);
  const nn = Number((await sql<{ n: number }>`select count(*) as n from bench_names`.execute(db)).rows[0]!.n);
  // Dialect pieces: integer division, text concatenation, dates.
  const pgDialect = engine === "postgres";
  const id = pgDialect
    ? sql`'00000000-0000-7000-8' || lpad(to_hex(g.n), 15, '0')`
    : sql`'00000000-0000-7000-8' || substr('000000000000000' || printf('%x', g.n), -15, 15)`;
  const id36 = pgDialect ? sql`substr(${id}, 1, 23) || '-' || substr(${id}, 24, 12)` : sql`substr(${id}, 1, 23) || '-' || substr(${id}, 24, 12)`;
  const received = pgDialect
    ? sql`to_char(${startDay}::timestamp + interval '1 hour' + ((g.n / ${AGENCIES}) / 100) * interval '1 day' + ((g.n / ${AGENCIES}) % 100) * interval '5 minutes', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"')`
    : sql`strftime('%Y-%m-%dT%H:%M:%S.000Z', ${startDay}, '+1 hours', '+' || ((g.n / ${AGENCIES}) / 100) || ' days', '+' || (((g.n / ${AGENCIES}) % 100) * 5) || ' minutes')`;
  const day = pgDialect
    ? sql`to_char(${startDay}::date + ((g.n / ${AGENCIES}) / 100), 'YYMMDD')`
    : sql`substr(strftime('%Y%m%d', ${startDay}, '+' || ((g.n / ${AGENCIES}) / 100) || ' days'), 3)`;
  const seq = pgDialect ? sql`lpad((((g.n / ${AGENCIES}) % 100) + 1)::text, 4, '0')` : sql`substr('0000' || (((g.n / ${AGENCIES}) % 100) + 1), -4, 4)`;
  // Minutes from now: −3 days … +7 days.
  const stepDue = pgDialect
    ? sql`to_char(${nowIso}::timestamp + ((((g.n / ${AGENCIES}) * 7919 + g.n) % 14400) - 4320) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"')`
    : sql`strftime('%Y-%m-%dT%H:%M:%S.000Z', ${nowIso}, '+' || ((((g.n / ${AGENCIES}) * 7919 + g.n) % 14400) - 4320) || ' minutes')`;
  const dueAt = pgDialect
    ? sql`to_char(${nowIso}::timestamp + ((((g.n / ${AGENCIES}) * 104729 + g.n) % 43200) - 2880) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"')`
    : sql`strftime('%Y-%m-%dT%H:%M:%S.000Z', ${nowIso}, '+' || ((((g.n / ${AGENCIES}) * 104729 + g.n) % 43200) - 2880) || ' minutes')`;
  const h = sql`(((g.n / ${AGENCIES}) * 37) % 100)`;
  const open = sql`(${h} >= 30 and ${h} < 95)`;
  const series = pgDialect ? sql`generate_series(0, ${count - 1}) as g(n)` : sql`g`;
  const cte = pgDialect ? sql`` : sql`with recursive g(n) as (select 0 union all select n + 1 from g where n < ${count - 1}) `;
  const statement = sql`
    insert into dossiers (id, code, agency_id, procedure_id, procedure_code, procedure_version_id, owner_user_id, owner_organisation_id,
      applicant, answers, channel, status, received_at, acceptance_due_at, due_at, version, idempotency_key, created_at, updated_at,
      current_agency_id, waiting_for, step_due_at, assignee_id, paused_at, supplement_count, applicant_search)
    ${cte}select ${id36}, a.code || '-' || ${day} || '-' || ${seq}, a.id, v.procedure_id, v.code, v.id, u.id, null,
      '{"fullName":"' || nm.full_name || '","cccd":"002190012345","phone":"0912345678","email":null,"address":"Hà Giang"}', '{}',
      case when (g.n / ${AGENCIES}) % 10 < 7 then 'online' when (g.n / ${AGENCIES}) % 10 < 9 then 'in_person' else 'post' end,
      case when ${h} < 30 then 10 when ${h} < 45 then 1 when ${h} < 80 then 4 when ${h} < 87 then 5 when ${h} < 90 then 6 when ${h} < 95 then 9 else 3 end,
      ${received}, null, ${dueAt}, 1, 'bench:' || g.n, ${received}, ${received},
      a.id,
      case when ${h} < 30 then null when ${h} < 45 then 'receiving_officer' when ${h} < 70 then 'handler' when ${h} < 80 then 'approver'
        when ${h} < 87 then 'applicant' when ${h} < 90 then 'payment' when ${h} < 95 then 'receiving_officer' else null end,
      case when ${open} and not (${h} >= 80 and ${h} < 90) then ${stepDue} else null end,
      case when ${h} >= 45 and ${h} < 70 and (g.n / ${AGENCIES} / 10) % 10 = 0 then a.h0 when ${h} >= 45 and ${h} < 70 and (g.n / ${AGENCIES} / 10) % 10 = 1 then a.h1 else null end,
      case when ${h} >= 80 and ${h} < 87 then ${received} else null end,
      0, nm.folded
    from ${series}
    join bench_agencies a on a.n = g.n % ${AGENCIES}
    join bench_versions v on v.n = (g.n / ${AGENCIES}) % ${nv}
    join bench_names nm on nm.n = ((g.n / ${AGENCIES}) * 13 + g.n) % ${nn}
    cross join (select id from users where kind = 'citizen' limit 1) u`;
  const t0 = performance.now();
  await statement.execute(db);
  return (performance.now() - t0) / 1000;
}

function cases(setup: Setup): { label: string; filter: QueueFilter }[] {
  return [
    { label: "Chờ tôi (default tab)", filter: { tab: "waiting", page: 1 } },
    { label: "Chờ tôi, page 5", filter: { tab: "waiting", page: 5 } },
    { label: "Tôi đang giữ", filter: { tab: "held", page: 1 } },
    { label: "Tạm dừng", filter: { tab: "paused", page: 1 } },
    { label: "Tất cả", filter: { tab: "all", page: 1 } },
    { label: "Tất cả, page 5", filter: { tab: "all", page: 5 } },
    { label: "Tất cả, name search 'nguyen van an'", filter: { tab: "all", page: 1, q: "nguyen van an" } },
    { label: "Chờ tôi, name search 'Hà'", filter: { tab: "waiting", page: 1, q: "Hà" } },
    { label: `Tất cả, code prefix '${setup.agencyCode}-2'`, filter: { tab: "all", page: 1, q: `${setup.agencyCode}-2` } },
    { label: "Tất cả, status 4", filter: { tab: "all", page: 1, status: 4 } },
    { label: "Tất cả, status 10, channel post", filter: { tab: "all", page: 1, status: 10, channel: "post" } },
    { label: `Chờ tôi, procedure ${setup.procedureCode}`, filter: { tab: "waiting", page: 1, procedure: setup.procedureCode } },
  ];
}

/**
 * The plans of every SELECT officeQueue runs for a case (captured from the use case); true when none scans dossiers
 * and none reads the table's rows through a queue index (the page and the counts must be index-only).
 */
async function checkPlans(db: Db, engine: string, setup: Setup, now: Date, verbose: boolean) {
  let ok = true;
  for (const c of cases(setup)) {
    const nodes: RootOperationNode[] = [];
    const spy = db.withPlugin({
      transformQuery: ({ node }) => {
        if (node.kind === "SelectQueryNode") nodes.push(node);
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    await officeQueue(spy, { actor: setup.actor, filter: c.filter, now });
    for (const node of nodes) {
      const compiled = db.getExecutor().compileQuery(node, createQueryId());
      if (!/\bdossiers\b/.test(compiled.sql)) continue;
      const prefix = engine === "sqlite" ? "explain query plan " : "explain ";
      const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]));
      const lines = result.rows.map((r) => String(r.detail ?? r["QUERY PLAN"] ?? JSON.stringify(r)));
      const scans = lines.filter((l) => /^SCAN (d|dossiers)\b/.test(l.trim()) || /Seq Scan on dossiers\b/.test(l));
      // The queue's indexes (migration 20261130T0630_queue_filters) hold every filtered column: reading the table
      // through them (one random page per entry) is what made the filtered views slow.
      const tableReads = lines.filter((l) => /USING INDEX dossiers_queue_/.test(l) || /(?<!Only )Scan (using|on) dossiers_queue_/.test(l));
      if (scans.length > 0 || tableReads.length > 0) ok = false;
      if (verbose || scans.length > 0 || tableReads.length > 0) {
        console.log(`    [${c.label}] ${compiled.sql.replace(/\s+/g, " ").slice(0, 110)}…`);
        for (const l of lines) console.log(`      ${l}`);
        if (scans.length > 0) console.log("      ^ SCANS THE DOSSIERS TABLE");
        if (tableReads.length > 0) console.log("      ^ READS THE TABLE THROUGH A QUEUE INDEX (not index-only)");
      }
    }
  }
  return ok;
}

export interface QueueFigures {
  engine: string;
  dossiers: number;
  generateSeconds: number;
  plansOk: boolean;
  overall: { p50: number; p95: number; max: number; n: number };
  perCase: { label: string; p50: number; p95: number; rows: number; count: string }[];
}

async function one(engine: BenchEngine): Promise<QueueFigures> {
  console.log(`\n== officials' queue with ${DOSSIERS.toLocaleString("en")} dossiers on ${engine}`);
  return withScratchDatabase(engine, "queue", { calendar: false }, async ({ db }) => {
    const now = new Date();
    const setup = await prepare(db, now);
    const generateSeconds = await generate(db, engine, DOSSIERS, now);
    await sql`drop table bench_agencies`.execute(db);
    await sql`drop table bench_versions`.execute(db);
    await sql`drop table bench_names`.execute(db);
    // What autovacuum does to a table after a big insert: statistics, and the visibility map index-only scans need.
    if (engine === "postgres") await sql`vacuum analyze dossiers`.execute(db);
    const total = Number((await sql<{ n: number }>`select count(*) as n from dossiers`.execute(db)).rows[0]!.n);
    console.log(`  generated ${total.toLocaleString("en")} dossiers over ${AGENCIES} agencies in ${generateSeconds.toFixed(1)} s (one INSERT … SELECT, ${Math.round(total / generateSeconds).toLocaleString("en")} rows/s)`);
    console.log("  query plans (officeQueue, every case):");
    const plansOk = await checkPlans(db, engine, setup, now, process.env.BENCH_QUEUE_PLANS === "1");
    console.log(plansOk ? "    no plan scans the dossiers table" : "    A PLAN SCANS THE DOSSIERS TABLE");
    const list = cases(setup);
    for (const c of list) await officeQueue(db, { actor: setup.actor, filter: c.filter, now }); // warm
    const times: number[] = [];
    const byCase = new Map<string, number[]>();
    const shape = new Map<string, { rows: number; count: string }>();
    for (let i = 0; i < CALLS; i++) {
      const c = list[i % list.length]!;
      const t0 = performance.now();
      const r = await officeQueue(db, { actor: setup.actor, filter: c.filter, now });
      const elapsed = performance.now() - t0;
      if (!r.ok) throw new Error("the bench's official was refused");
      times.push(elapsed);
      byCase.set(c.label, [...(byCase.get(c.label) ?? []), elapsed]);
      const count = r.view.total;
      shape.set(c.label, { rows: r.view.rows.length, count: count.capped ? "1000+" : String(count.n) });
    }
    const overall = { ...percentiles(times), n: times.length };
    const perCase = list.map((c) => ({ label: c.label, ...percentiles(byCase.get(c.label) ?? []), ...shape.get(c.label)! }));
    for (const c of perCase) console.log(`    ${c.label.padEnd(44)} p50 ${ms(c.p50)}, p95 ${ms(c.p95)}  (${c.rows} rows, ${c.count} matching)`);
    console.log(`  officeQueue in process, ${overall.n} calls: p50 ${ms(overall.p50)}, p95 ${ms(overall.p95)}, max ${ms(overall.max)} (goal p95 ≤ ${GOAL_MS} ms)${overall.p95 > GOAL_MS ? "  OVER GOAL" : ""}`);
    return { engine, dossiers: total, generateSeconds, plansOk, overall, perCase };
  });
}

/** The section; returns the number of failures (a plan that scans dossiers, p95 over the goal). */
export async function queueBench(): Promise<number> {
  if (!(DOSSIERS > 0)) {
    console.log("\n== officials' queue: skipped (BENCH_QUEUE_DOSSIERS=0)");
    return 0;
  }
  let failures = 0;
  const figures: QueueFigures[] = [];
  for (const engine of ENGINES) {
    const f = await one(engine);
    figures.push(f);
    if (!f.plansOk) failures += 1;
    if (f.overall.p95 > GOAL_MS) failures += 1;
  }
  console.log(`\n  queue summary (${DOSSIERS.toLocaleString("en")} dossiers, ${AGENCIES} agencies):`);
  for (const f of figures) {
    console.log(`  ${f.engine.padEnd(8)} generate ${f.generateSeconds.toFixed(0)} s, officeQueue p50/p95 ${ms(f.overall.p50)}/${ms(f.overall.p95)}${f.plansOk ? "" : "  (A PLAN SCANS)"}`);
  }
  return failures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  queueBench().then(
    (failures) => process.exit(failures > 0 ? 1 : 0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : String(error));
      process.exit(1);
    },
  );
}
