// The statistics' queries (issue 10; docs/decisions/0021-statistics.md). Kysely only here.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, DossierChannel, OnlineLevel, RatingLevel, StatDossierFactsTable } from "../../../db/schema";
import { engineOf } from "../../platform/db.server";
import { dimsOfKey, ROLLUP_COLUMNS, type Cube, type Fact, type RawDossier, type RollupDelta, type RollupValues, type WaitingInterval } from "./contributions";

type Handle = Kysely<Database> | Transaction<Database>;

const chunks = <T>(xs: readonly T[], n: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
};

// ---------------------------------------------------------------------------------------------------------------
// Raw records
// ---------------------------------------------------------------------------------------------------------------

/** Dossier ids in id order after `after` (the rebuild's batches). */
export async function dossierIdsAfter(db: Handle, after: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom("dossiers").select("id").orderBy("id").limit(limit);
  if (after !== null) q = q.where("id", ">", after);
  return (await q.execute()).map((r) => r.id);
}

/** Dossiers whose records changed after `since` (dossier, rating, payment request). */
export async function changedDossierIds(db: Handle, since: string | null): Promise<{ ids: string[]; latest: string | null }> {
  const floor = since ?? "";
  const [d, r, p] = await Promise.all([
    db.selectFrom("dossiers").select(["id", "updated_at"]).where("updated_at", ">", floor).execute(),
    db.selectFrom("dossier_ratings").select(["dossier_id as id", "updated_at"]).where("updated_at", ">", floor).execute(),
    db.selectFrom("payment_requests").select(["dossier_id as id", "updated_at"]).where("updated_at", ">", floor).execute(),
  ]);
  const ids = new Set<string>();
  let latest: string | null = null;
  for (const row of [...d, ...r, ...p]) {
    ids.add(row.id);
    if (latest === null || row.updated_at > latest) latest = row.updated_at;
  }
  return { ids: [...ids].sort(), latest };
}

function noteDue(params: string | null): string | null {
  if (!params) return null;
  try {
    const parsed = JSON.parse(params) as { dueAt?: unknown };
    return typeof parsed.dueAt === "string" ? parsed.dueAt : null;
  } catch {
    return null;
  }
}

/** Everything a fact is computed from, for a batch of dossiers. */
export async function loadRawDossiers(db: Handle, ids: readonly string[], branchOf: (agencyId: string) => string): Promise<RawDossier[]> {
  if (ids.length === 0) return [];
  const list = [...ids];
  const [dossiers, events, payments, documents, electronic, ratings] = await Promise.all([
    db
      .selectFrom("dossiers as d")
      .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
      .leftJoin("procedure_offerings as o", (j) => j.onRef("o.version_id", "=", "d.procedure_version_id").onRef("o.agency_id", "=", "d.agency_id"))
      .select([
        "d.id",
        "d.code",
        "d.agency_id",
        "d.procedure_code",
        "v.field_code",
        "v.best_online_level",
        "o.online_level",
        "d.channel",
        "d.status",
        "d.accepted_at",
        "d.due_at",
        "d.result_ready_at",
        "d.version",
        "d.updated_at",
      ])
      .where("d.id", "in", list)
      .execute(),
    db.selectFrom("dossier_events").select(["dossier_id", "at", "status_from", "status_to", "note_params"]).where("dossier_id", "in", list).execute(),
    db
      .selectFrom("payment_requests as r")
      .leftJoin("payment_attempts as a", "a.id", "r.paid_attempt_id")
      .select(["r.dossier_id", "r.state", "r.total", "a.provider", "r.updated_at"])
      .where("r.dossier_id", "in", list)
      .execute(),
    db
      .selectFrom("dossier_documents as dd")
      .innerJoin("files as f", "f.id", "dd.file_id")
      .innerJoin("dossiers as d", "d.id", "dd.dossier_id")
      .select((eb) => [
        "dd.dossier_id",
        eb.fn.countAll<number>().as("documents"),
        // Reused from the wallet: a result of an earlier dossier, or a file an earlier dossier carried already.
        eb.fn
          .sum<number>(
            sql`case when f.source = 'result' or exists (select 1 from dossier_documents o inner join dossiers od on od.id = o.dossier_id where o.file_id = dd.file_id and o.dossier_id <> dd.dossier_id and od.created_at < d.created_at) then 1 else 0 end`,
          )
          .as("reused"),
      ])
      .where("dd.dossier_id", "in", list)
      .groupBy("dd.dossier_id")
      .execute(),
    db
      .selectFrom("dossier_issued_documents")
      .select("dossier_id")
      .where("kind", "=", "result")
      .where("dossier_id", "in", list)
      .union(db.selectFrom("result_signatures").select("dossier_id").where("dossier_id", "in", list))
      .execute(),
    db.selectFrom("dossier_ratings").select(["dossier_id", "level", "rated_at", "updated_at"]).where("dossier_id", "in", list).execute(),
  ]);
  const eventsOf = new Map<string, RawDossier["events"]>();
  for (const e of events) {
    const l = eventsOf.get(e.dossier_id) ?? [];
    l.push({ at: e.at, statusFrom: e.status_from, statusTo: e.status_to, dueAt: e.status_to === 2 || e.status_to === 4 ? noteDue(e.note_params) : null });
    eventsOf.set(e.dossier_id, l);
  }
  const paymentsOf = new Map<string, RawDossier["payments"]>();
  for (const p of payments) {
    const l = paymentsOf.get(p.dossier_id) ?? [];
    l.push({ state: p.state, total: Number(p.total), paidProvider: p.provider, updatedAt: p.updated_at });
    paymentsOf.set(p.dossier_id, l);
  }
  const docsOf = new Map(documents.map((d) => [d.dossier_id, { documents: Number(d.documents), reused: Number(d.reused ?? 0) }]));
  const electronicSet = new Set(electronic.map((e) => e.dossier_id));
  const ratingOf = new Map(ratings.map((r) => [r.dossier_id, { level: r.level, ratedAt: r.rated_at, updatedAt: r.updated_at }]));
  return dossiers.map((d) => ({
    id: d.id,
    code: d.code,
    agencyId: d.agency_id,
    branchId: branchOf(d.agency_id),
    procedureCode: d.procedure_code,
    fieldCode: d.field_code,
    onlineLevel: (d.online_level ?? d.best_online_level) as OnlineLevel,
    channel: d.channel,
    status: Number(d.status),
    acceptedAt: d.accepted_at,
    dueAt: d.due_at,
    resultReadyAt: d.result_ready_at,
    version: Number(d.version),
    updatedAt: d.updated_at,
    events: eventsOf.get(d.id) ?? [],
    payments: paymentsOf.get(d.id) ?? [],
    documents: docsOf.get(d.id)?.documents ?? 0,
    reusedDocuments: docsOf.get(d.id)?.reused ?? 0,
    electronicResult: electronicSet.has(d.id),
    rating: ratingOf.get(d.id) ?? null,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------------------------------------------

export function factRow(f: Fact & { computedAt: string }): StatDossierFactsTable {
  return {
    dossier_id: f.dossierId,
    code: f.code,
    agency_id: f.agencyId,
    branch_id: f.branchId,
    procedure_code: f.procedureCode,
    field_code: f.fieldCode,
    channel: f.channel,
    online_level: f.onlineLevel,
    status: f.status,
    accepted_day: f.acceptedDay,
    original_due_day: f.originalDueDay,
    due_day: f.dueDay,
    result_day: f.resultDay,
    ended_day: f.endedDay,
    waiting: JSON.stringify(f.waiting),
    with_fees: f.withFees ? 1 : 0,
    paid_online: f.paidOnline ? 1 : 0,
    digitised: f.digitised ? 1 : 0,
    reused: f.reused ? 1 : 0,
    result_electronic: f.resultElectronic ? 1 : 0,
    resolution_days: f.resolutionDays,
    rating_level: f.ratingLevel,
    rating_day: f.ratingDay,
    src_dossier_version: f.src.dossierVersion,
    src_dossier_updated_at: f.src.dossierUpdatedAt,
    src_rating_updated_at: f.src.ratingUpdatedAt,
    src_payment_updated_at: f.src.paymentUpdatedAt,
    computed_at: f.computedAt,
  };
}

export function factOfRow(r: StatDossierFactsTable): Fact & { computedAt: string } {
  return {
    dossierId: r.dossier_id,
    code: r.code,
    agencyId: r.agency_id,
    branchId: r.branch_id,
    procedureCode: r.procedure_code,
    fieldCode: r.field_code,
    channel: r.channel,
    onlineLevel: r.online_level,
    status: Number(r.status),
    acceptedDay: r.accepted_day,
    originalDueDay: r.original_due_day,
    dueDay: r.due_day,
    resultDay: r.result_day,
    endedDay: r.ended_day,
    waiting: JSON.parse(r.waiting) as WaitingInterval[],
    withFees: Number(r.with_fees) === 1,
    paidOnline: Number(r.paid_online) === 1,
    digitised: Number(r.digitised) === 1,
    reused: Number(r.reused) === 1,
    resultElectronic: Number(r.result_electronic) === 1,
    resolutionDays: r.resolution_days === null ? null : Number(r.resolution_days),
    ratingLevel: r.rating_level as RatingLevel | null,
    ratingDay: r.rating_day,
    src: {
      dossierVersion: Number(r.src_dossier_version),
      dossierUpdatedAt: r.src_dossier_updated_at,
      ratingUpdatedAt: r.src_rating_updated_at,
      paymentUpdatedAt: r.src_payment_updated_at,
    },
    computedAt: r.computed_at,
  };
}

export async function findFacts(db: Handle, ids: readonly string[]): Promise<StatDossierFactsTable[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("stat_dossier_facts").selectAll().where("dossier_id", "in", [...ids]).execute();
}

export async function deleteFacts(db: Handle, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids, 1000)) await db.deleteFrom("stat_dossier_facts").where("dossier_id", "in", part).execute();
}

export async function insertFacts(db: Handle, rows: readonly StatDossierFactsTable[]): Promise<void> {
  for (const part of chunks(rows, 500)) await db.insertInto("stat_dossier_facts").values(part).execute();
}

export async function clearStatistics(db: Handle): Promise<void> {
  for (const t of ["stat_dossier_facts", "stat_daily", "stat_monthly", "stat_durations_daily", "stat_durations_monthly"] as const) {
    await db.deleteFrom(t).execute();
  }
  await db.updateTable("stat_state").set({ watermark: null, as_of: null }).where("id", "=", 1).execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Rollups
// ---------------------------------------------------------------------------------------------------------------

const DIM_COLUMNS = ["agency_id", "branch_id", "procedure_code", "field_code", "channel", "online_level"] as const;

function dimColumns(key: string) {
  const d = dimsOfKey(key);
  return { agency_id: d.agencyId, branch_id: d.branchId, procedure_code: d.procedureCode, field_code: d.fieldCode, channel: d.channel, online_level: d.onlineLevel };
}

/** Adds a delta into the daily and monthly rollups (upsert: insert or add to what is there). */
export async function addRollupDelta(db: Handle, daily: RollupDelta, monthly: RollupDelta): Promise<void> {
  const perStatement = Math.floor((engineOf(db) === "postgres" ? 60000 : 30000) / (6 + ROLLUP_COLUMNS.length));
  const addAll = (table: string) =>
    Object.fromEntries(ROLLUP_COLUMNS.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + excluded.${sql.ref(c)}`])) as Record<string, never>;
  for (const [table, period, delta] of [
    ["stat_daily", "day", daily],
    ["stat_monthly", "month", monthly],
  ] as const) {
    const rows = [...delta.rows.values()].map((r) => ({ [period]: r.period, cube: r.cube, ...dimColumns(r.dims), ...r.values }));
    for (const part of chunks(rows, perStatement)) {
      await db
        .insertInto(table)
        .values(part as never)
        .onConflict((oc) => oc.columns(["cube", period, ...DIM_COLUMNS] as never).doUpdateSet(addAll(table)))
        .execute();
    }
  }
  for (const [table, period, delta] of [
    ["stat_durations_daily", "day", daily],
    ["stat_durations_monthly", "month", monthly],
  ] as const) {
    const rows = [...delta.buckets.values()].filter((b) => b.count !== 0).map((b) => ({ [period]: b.period, cube: b.cube, ...dimColumns(b.dims), bucket: b.bucket, count: b.count }));
    for (const part of chunks(rows, 2000)) {
      await db
        .insertInto(table)
        .values(part as never)
        .onConflict((oc) => oc.columns(["cube", period, ...DIM_COLUMNS, "bucket"] as never).doUpdateSet({ count: sql`${sql.ref(`${table}.count`)} + excluded.count` } as never))
        .execute();
    }
  }
}

export async function readState(db: Handle) {
  return db.selectFrom("stat_state").select(["watermark", "as_of"]).where("id", "=", 1).executeTakeFirst();
}

export async function writeState(db: Handle, state: { watermark?: string | null; asOf: string }) {
  await db
    .updateTable("stat_state")
    .set({ ...(state.watermark !== undefined ? { watermark: state.watermark } : {}), as_of: state.asOf })
    .where("id", "=", 1)
    .execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Period sums
// ---------------------------------------------------------------------------------------------------------------

export interface DimFilter {
  agencyIds: readonly string[] | null;
  field: string | null;
  procedureCode: string | null;
  channel: DossierChannel | null;
  onlineLevel: OnlineLevel | null;
}

/** Whole months and the edge days of a closed range of days. */
export interface RangeParts {
  /** Inclusive YYYY-MM bounds, or null. */
  months: { from: string; to: string } | null;
  /** Inclusive day ranges. */
  days: { from: string; to: string }[];
}

export type SumRow = RollupValues & { agency_id?: string; branch_id?: string; procedure_code?: string; field_code?: string; channel?: string; online_level?: string; month?: string };
export type SumGroup = "agency_id" | "branch_id" | "procedure_code" | "field_code" | "channel" | "online_level" | "month";

function applyDims<Q extends { where: (...args: never[]) => Q }>(q: Q, f: DimFilter, prefix = ""): Q {
  let out = q as unknown as { where: (a: string, op: string, v: unknown) => unknown };
  if (f.agencyIds) out = out.where(`${prefix}agency_id`, "in", f.agencyIds.length > 0 ? [...f.agencyIds] : ["\u0000"]) as typeof out;
  if (f.field) out = out.where(`${prefix}field_code`, "=", f.field) as typeof out;
  if (f.procedureCode) out = out.where(`${prefix}procedure_code`, "=", f.procedureCode) as typeof out;
  if (f.channel) out = out.where(`${prefix}channel`, "=", f.channel) as typeof out;
  if (f.onlineLevel) out = out.where(`${prefix}online_level`, "=", f.onlineLevel) as typeof out;
  return out as unknown as Q;
}

type AnyQuery = {
  select: (s: unknown) => AnyQuery;
  where: (...args: unknown[]) => AnyQuery;
  groupBy: (g: unknown) => AnyQuery;
  execute: () => Promise<Record<string, unknown>[]>;
};

/**
 * Sums of rollup columns over a range of days in one cube (the caller picks a cube that holds the filter's
 * dimensions), summed by the database and grouped by `groupBy` (none: one row).
 */
export async function rangeSums(
  db: Handle,
  parts: RangeParts,
  cube: Cube,
  filter: DimFilter,
  options: { groupBy: readonly SumGroup[]; columns: readonly string[]; histogram?: false } | { groupBy: readonly SumGroup[]; columns?: undefined; histogram: true },
): Promise<SumRow[]> {
  const queries: Promise<Record<string, unknown>[]>[] = [];
  const build = (table: string, period: "month" | "day") => {
    const monthExpr = period === "month" ? sql.ref("month") : sql`substr(day, 1, 7)`;
    const groups = options.groupBy.map((g) => (g === "month" ? monthExpr : sql.ref(g)));
    let q = (db.selectFrom(table as never) as unknown as AnyQuery).select((eb: { fn: { sum: (c: unknown) => { as: (a: string) => unknown } } }) => [
      ...options.groupBy.map((g) => (g === "month" ? monthExpr.as("month") : sql.ref(g).as(g))),
      ...(options.histogram ? [sql.ref("bucket").as("bucket"), eb.fn.sum(sql.ref("count")).as("count")] : options.columns.map((c) => eb.fn.sum(sql.ref(c)).as(c))),
    ]);
    q = q.where("cube", "=", cube);
    q = applyDims(q as never, filter) as unknown as AnyQuery;
    const grouping = options.histogram ? [...groups, sql.ref("bucket")] : groups;
    return { q, grouping };
  };
  const tables = options.histogram ? (["stat_durations_monthly", "stat_durations_daily"] as const) : (["stat_monthly", "stat_daily"] as const);
  if (parts.months) {
    const { q, grouping } = build(tables[0], "month");
    const ranged = q.where("month", ">=", parts.months.from).where("month", "<=", parts.months.to);
    queries.push((grouping.length > 0 ? ranged.groupBy(grouping) : ranged).execute());
  }
  if (parts.days.length > 0) {
    const { q, grouping } = build(tables[1], "day");
    const days = parts.days;
    const ranged = q.where((eb: { or: (x: unknown[]) => unknown; and: (x: unknown[]) => unknown } & ((c: string, op: string, v: string) => unknown)) =>
      eb.or(days.map((r) => eb.and([eb("day", ">=", r.from), eb("day", "<=", r.to)]))),
    );
    queries.push((grouping.length > 0 ? ranged.groupBy(grouping) : ranged).execute());
  }
  const numeric = options.histogram ? ["bucket", "count"] : options.columns;
  return (await Promise.all(queries)).flat().map((r) => {
    const out: Record<string, unknown> = { ...r };
    for (const c of numeric) out[c] = Number(r[c] ?? 0);
    return out as SumRow;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Options, catalog, names, drill-down, petitions
// ---------------------------------------------------------------------------------------------------------------

export async function fieldsList(db: Handle) {
  return db.selectFrom("procedure_fields").select(["code", "name"]).orderBy("name").execute();
}

/** Published, in-force procedure versions (the latest of each procedure) with their offerings. */
export async function currentProcedures(db: Handle) {
  return db
    .selectFrom("procedure_versions as v")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .select(["p.code", "v.id as versionId", "v.name", "v.field_code as fieldCode", "v.version"])
    .where("v.state", "=", "published")
    .where("v.status", "=", "in_force")
    .orderBy("p.code")
    .orderBy("v.version", "desc")
    .execute();
}

/** Offerings of the published, in-force procedure versions by agency and online level (procedures counted once). */
export async function offeringCounts(db: Handle) {
  const rows = await db
    .selectFrom("procedure_offerings as o")
    .innerJoin("procedure_versions as v", "v.id", "o.version_id")
    .select((eb) => ["o.agency_id", "o.online_level", eb.fn.count<number>("v.procedure_id").distinct().as("n")])
    .where("v.state", "=", "published")
    .where("v.status", "=", "in_force")
    .groupBy(["o.agency_id", "o.online_level"])
    .execute();
  return rows.map((r) => ({ agencyId: r.agency_id, onlineLevel: r.online_level, count: Number(r.n) }));
}

export type FactPredicate = (eb: never) => never;

/** Facts that a measure counts, with the dossier's columns for the list; a page of them and the total. */
export async function factsBehind(
  db: Handle,
  filter: DimFilter,
  where: (q: never) => never,
  page: { offset: number; limit: number } | null,
): Promise<{ total: number; rows: { code: string; procedureCode: string; procedureName: string; agencyId: string; status: number; acceptedAt: string | null; dueAt: string | null; resultReadyAt: string | null; waiting: string }[] }> {
  const base = () => where(applyDims(db.selectFrom("stat_dossier_facts as f") as never, filter, "f.") as never) as unknown as ReturnType<typeof db.selectFrom<"stat_dossier_facts as f">>;
  const countRow = await base().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
  let q = base()
    .innerJoin("dossiers as d", "d.id", "f.dossier_id")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .select(["d.code", "f.procedure_code as procedureCode", "v.name as procedureName", "f.agency_id as agencyId", "d.status", "d.accepted_at as acceptedAt", "d.due_at as dueAt", "d.result_ready_at as resultReadyAt", "f.waiting"])
    .orderBy("f.accepted_day", "desc")
    .orderBy("d.code");
  if (page) q = q.offset(page.offset).limit(page.limit);
  const rows = await q.execute();
  return { total: Number(countRow?.n ?? 0), rows: rows.map((r) => ({ ...r, status: Number(r.status) })) };
}

export async function petitionRows(db: Handle, range: { fromInstant: string; toInstant: string }, agencyIds: readonly string[] | null, field: string | null) {
  let q = db
    .selectFrom("petitions")
    .select(["status", "answered_at", "answered_on_time", "rating"])
    .where("received_at", ">=", range.fromInstant)
    .where("received_at", "<", range.toInstant)
    // Closed without an answer (outside the scope, a duplicate…): not a petition within the agencies' competence.
    .where("close_reason", "is", null);
  if (agencyIds) q = q.where("handling_agency_id", "in", agencyIds.length > 0 ? [...agencyIds] : ["\u0000"]);
  if (field) q = q.where("field", "=", field);
  return q.execute();
}
