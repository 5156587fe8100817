// The statistics' facts and what each contributes to the rollups (issue 10; docs/decisions/0021-statistics.md).
// Pure: no database. A fact is one accepted dossier reduced to its dimensions, its Vietnam calendar days and flags; its
// contributions are (day, dimensions, column, delta): flows on their day, stocks as +1/−1 deltas so that the stock at
// the end of day t is the sum of the deltas of days ≤ t. Refreshing a dossier applies new − old contributions.

import { addDays, isoOfDay, vietnamDayOf } from "../calendar/days";
import type { DossierChannel, OnlineLevel, RatingLevel } from "../../../db/schema";

/** The integer columns of a rollup row (as in db/migrations/20261203T1030_statistics.ts). */
export const ROLLUP_COLUMNS = [
  "received_online",
  "received_in_person",
  "received_post",
  "resolved_early",
  "resolved_on_time",
  "resolved_late",
  "withdrawn",
  "refused",
  "with_fees",
  "paid_online",
  "digitised",
  "reused",
  "results_electronic",
  "resolution_days_sum",
  "rated_very_satisfied",
  "rated_satisfied",
  "rated_unsatisfied",
  "open_delta",
  "overdue_delta",
  "waiting_supplement_delta",
  "waiting_payment_delta",
] as const;
export type RollupColumn = (typeof ROLLUP_COLUMNS)[number];
export type RollupValues = Record<RollupColumn, number>;

/** Histogram buckets: whole working days 0..60, and 61 for "more than 60". */
export const MAX_BUCKET = 61;
export const bucketOf = (workingDays: number) => Math.max(0, Math.min(MAX_BUCKET, Math.floor(workingDays)));

export interface WaitingInterval {
  kind: "supplement" | "payment";
  from: string;
  /** The day it ended (resumed, or the dossier ended); null while it lasts. */
  to: string | null;
}

export interface StatDims {
  agencyId: string;
  /** The child of the province's top agency that the agency lies under (the top agency for its own dossiers). */
  branchId: string;
  procedureCode: string;
  fieldCode: string;
  channel: DossierChannel;
  onlineLevel: OnlineLevel;
}

export interface Fact extends StatDims {
  dossierId: string;
  code: string;
  status: number;
  acceptedDay: string;
  originalDueDay: string | null;
  /** The statistics' due day: the due date as the clock moved it (paused time added back), never the apology's new appointment. */
  dueDay: string | null;
  resultDay: string | null;
  /** Result ready (9/10), withdrawn (7) or refused (8). */
  endedDay: string | null;
  waiting: WaitingInterval[];
  withFees: boolean;
  paidOnline: boolean;
  digitised: boolean;
  reused: boolean;
  resultElectronic: boolean;
  resolutionDays: number | null;
  ratingLevel: RatingLevel | null;
  ratingDay: string | null;
  src: { dossierVersion: number; dossierUpdatedAt: string; ratingUpdatedAt: string | null; paymentUpdatedAt: string | null };
}

/** One entry: `column` is a rollup column, or `bucket:<n>` for the durations histogram. */
export interface Contribution {
  dims: string;
  day: string;
  column: RollupColumn | `bucket:${number}`;
  delta: number;
}

const DIM_ORDER = ["agencyId", "branchId", "procedureCode", "fieldCode", "channel", "onlineLevel"] as const satisfies readonly (keyof StatDims)[];
export const dimsKey = (d: StatDims) => DIM_ORDER.map((k) => d[k]).join("\u0001");
export function dimsOfKey(key: string): StatDims {
  const [agencyId, branchId, procedureCode, fieldCode, channel, onlineLevel] = key.split("\u0001") as [string, string, string, string, DossierChannel, OnlineLevel];
  return { agencyId, branchId, procedureCode, fieldCode, channel, onlineLevel };
}

const RECEIVED: Record<DossierChannel, RollupColumn> = { online: "received_online", in_person: "received_in_person", post: "received_post" };
const RATED: Record<RatingLevel, RollupColumn> = { very_satisfied: "rated_very_satisfied", satisfied: "rated_satisfied", unsatisfied: "rated_unsatisfied" };

export const isResolvedStatus = (status: number) => status === 9 || status === 10;

/** Early / on time / late, by calendar date against the statistics' due day (§3.1); no due day is on time. */
export function timeliness(resultDay: string, dueDay: string | null): "early" | "on_time" | "late" {
  if (!dueDay) return "on_time";
  return resultDay < dueDay ? "early" : resultDay === dueDay ? "on_time" : "late";
}

/** What a fact adds to the rollups. */
export function contributions(fact: Fact): Contribution[] {
  const dims = dimsKey(fact);
  const out: Contribution[] = [];
  const add = (day: string, column: Contribution["column"], delta = 1) => out.push({ dims, day, column, delta });
  const accepted = fact.acceptedDay;
  add(accepted, RECEIVED[fact.channel]);
  if (fact.withFees) add(accepted, "with_fees");
  if (fact.paidOnline) add(accepted, "paid_online");
  if (fact.digitised) add(accepted, "digitised");
  if (fact.reused) add(accepted, "reused");
  add(accepted, "open_delta");
  const ended = fact.endedDay;
  if (ended) add(ended, "open_delta", -1);
  if (ended && isResolvedStatus(fact.status)) {
    const kind = timeliness(ended, fact.dueDay);
    add(ended, kind === "early" ? "resolved_early" : kind === "on_time" ? "resolved_on_time" : "resolved_late");
    if (fact.resultElectronic) add(ended, "results_electronic");
    const days = fact.resolutionDays ?? 0;
    if (days !== 0) add(ended, "resolution_days_sum", days);
    add(ended, `bucket:${bucketOf(days)}`);
  }
  if (ended && fact.status === 7) add(ended, "withdrawn");
  if (ended && fact.status === 8) add(ended, "refused");
  // Overdue while open: from the day after the due day until the day it ended.
  if (fact.dueDay) {
    const overdueFrom = addDays(fact.dueDay, 1);
    if (!ended || ended >= overdueFrom) {
      add(overdueFrom, "overdue_delta");
      if (ended) add(ended, "overdue_delta", -1);
    }
  }
  for (const w of fact.waiting) {
    const column = w.kind === "supplement" ? "waiting_supplement_delta" : "waiting_payment_delta";
    add(w.from, column);
    if (w.to) add(w.to, column, -1);
  }
  if (fact.ratingLevel && fact.ratingDay) add(fact.ratingDay, RATED[fact.ratingLevel]);
  return out;
}

const entryKey = (c: Pick<Contribution, "dims" | "day" | "column">) => `${c.dims}\u0002${c.day}\u0002${c.column}`;

/** new − old, merged, zero entries dropped. */
export function diffContributions(before: readonly Contribution[], after: readonly Contribution[]): Contribution[] {
  const sum = new Map<string, Contribution>();
  const put = (c: Contribution, sign: number) => {
    const key = entryKey(c);
    const had = sum.get(key);
    if (had) had.delta += sign * c.delta;
    else sum.set(key, { ...c, delta: sign * c.delta });
  };
  for (const c of before) put(c, -1);
  for (const c of after) put(c, 1);
  return [...sum.values()].filter((c) => c.delta !== 0);
}

/** A row of zeros (an object literal: the same shape for every row, which the engine handles fast). */
export const emptyRollup = (): RollupValues => ({
  received_online: 0,
  received_in_person: 0,
  received_post: 0,
  resolved_early: 0,
  resolved_on_time: 0,
  resolved_late: 0,
  withdrawn: 0,
  refused: 0,
  with_fees: 0,
  paid_online: 0,
  digitised: 0,
  reused: 0,
  results_electronic: 0,
  resolution_days_sum: 0,
  rated_very_satisfied: 0,
  rated_satisfied: 0,
  rated_unsatisfied: 0,
  open_delta: 0,
  overdue_delta: 0,
  waiting_supplement_delta: 0,
  waiting_payment_delta: 0,
});

/**
 * The cubes of a rollup: every dimension ("all", what a filter on a procedure or on several dimensions reads), and
 * smaller ones whose rows are few enough for the province's and a department's figures to be summed quickly (the
 * dimensions a cube leaves out are ''). The durations' histogram is kept for "all" and "procedure".
 */
export const CUBES = {
  all: ["agencyId", "branchId", "procedureCode", "fieldCode", "channel", "onlineLevel"],
  agency: ["agencyId", "channel", "onlineLevel"],
  agency_field: ["agencyId", "fieldCode"],
  branch: ["branchId"],
  channel: ["channel", "onlineLevel"],
  field: ["fieldCode", "channel", "onlineLevel"],
  procedure: ["fieldCode", "procedureCode"],
} as const satisfies Record<string, readonly (keyof StatDims)[]>;
export type Cube = keyof typeof CUBES;
export const CUBE_NAMES = Object.keys(CUBES) as Cube[];
const HISTOGRAM_CUBES: readonly Cube[] = ["all", "procedure"];

/** The dimensions key of a cube's row: the dimensions the cube leaves out blanked. */
export function cubeKey(cube: Cube, dims: string): string {
  const d = dimsOfKey(dims);
  const keep = new Set<string>(CUBES[cube]);
  return DIM_ORDER.map((k) => (keep.has(k) ? d[k] : "")).join("\u0001");
}

/** Rows to add into a rollup: by (period, cube, dims) for the columns, by (period, cube, dims, bucket) for the histogram. */
export interface RollupDelta {
  rows: Map<string, { period: string; cube: Cube; dims: string; values: RollupValues }>;
  buckets: Map<string, { period: string; cube: Cube; dims: string; bucket: number; count: number }>;
}

export const newRollupDelta = (): RollupDelta => ({ rows: new Map(), buckets: new Map() });

/** Adds contributions into the daily and monthly deltas, in every cube. */
const cubeKeysCache = new Map<string, [Cube, string, boolean][]>();
function cubeKeysOf(dims: string): [Cube, string, boolean][] {
  let cubes = cubeKeysCache.get(dims);
  if (!cubes) {
    if (cubeKeysCache.size > 100_000) cubeKeysCache.clear();
    cubes = CUBE_NAMES.map((cube) => [cube, `${cube}\u0002${cubeKey(cube, dims)}`, HISTOGRAM_CUBES.includes(cube)]);
    cubeKeysCache.set(dims, cubes);
  }
  return cubes;
}

export function accumulate(daily: RollupDelta, monthly: RollupDelta, entries: readonly Contribution[]): void {
  for (const c of entries) {
    const cubes = cubeKeysOf(c.dims);
    const isBucket = c.column.startsWith("bucket:");
    const bucket = isBucket ? Number(c.column.slice(7)) : 0;
    const month = c.day.slice(0, 7);
    for (const [cube, cubeDims, histogram] of cubes) {
      if (isBucket && !histogram) continue;
      const dims = cubeDims.slice(cube.length + 1);
      for (let i = 0; i < 2; i++) {
        const target = i === 0 ? daily : monthly;
        const period = i === 0 ? c.day : month;
        if (isBucket) {
          const key = `${period}\u0002${cubeDims}\u0002${bucket}`;
          const had = target.buckets.get(key);
          if (had) had.count += c.delta;
          else target.buckets.set(key, { period, cube, dims, bucket, count: c.delta });
        } else {
          const key = `${period}\u0002${cubeDims}`;
          let row = target.rows.get(key);
          if (!row) target.rows.set(key, (row = { period, cube, dims, values: emptyRollup() }));
          row.values[c.column as RollupColumn] += c.delta;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// From the raw records to a fact
// ---------------------------------------------------------------------------------------------------------------

export interface RawDossier {
  id: string;
  code: string;
  agencyId: string;
  branchId: string;
  procedureCode: string;
  fieldCode: string;
  onlineLevel: OnlineLevel;
  channel: DossierChannel;
  status: number;
  acceptedAt: string | null;
  dueAt: string | null;
  resultReadyAt: string | null;
  version: number;
  updatedAt: string;
  /** In order of time. */
  events: { at: string; statusFrom: number | null; statusTo: number; dueAt?: string | null }[];
  /** Payment requests: not cancelled, with their total, whether paid and by which provider. */
  payments: { state: string; total: number; paidProvider: string | null; updatedAt: string }[];
  documents: number;
  reusedDocuments: number;
  electronicResult: boolean;
  rating: { level: RatingLevel; ratedAt: string; updatedAt: string } | null;
}

export const vietnamDay = (iso: string) => isoOfDay(vietnamDayOf(Date.parse(iso)));

/**
 * The fact of a dossier, or null when it is not counted (never accepted: statuses 1 and 3, §3.1).
 * `workingDaysBetween(a, b)`: working days after day a up to and including day b.
 */
export function buildFact(raw: RawDossier, workingDaysBetween: (from: string, to: string) => number, computedAt: string): (Fact & { computedAt: string }) | null {
  const events = [...raw.events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const acceptedEvent = events.find((e) => e.statusTo === 2 || e.statusTo === 4);
  const acceptedAt = raw.acceptedAt ?? acceptedEvent?.at ?? null;
  if (!acceptedAt || raw.status === 1 || raw.status === 3) return null;
  const acceptedDay = vietnamDay(acceptedAt);
  const status = raw.status;
  let endedDay: string | null = null;
  if (isResolvedStatus(status)) {
    const at = raw.resultReadyAt ?? events.find((e) => e.statusTo === 9)?.at ?? events.find((e) => e.statusTo === 10)?.at ?? raw.updatedAt;
    endedDay = vietnamDay(at);
  } else if (status === 7 || status === 8) {
    const at = [...events].reverse().find((e) => e.statusTo === status)?.at ?? raw.updatedAt;
    endedDay = vietnamDay(at);
  }
  if (endedDay && endedDay < acceptedDay) endedDay = acceptedDay;
  // Waiting after acceptance: status 5 (supplementation) or 6 (payment), until the status changes or the dossier ends.
  const waiting: WaitingInterval[] = [];
  let open: WaitingInterval | null = null;
  for (const e of events) {
    if (e.at < acceptedAt) continue;
    const kind = e.statusTo === 5 ? "supplement" : e.statusTo === 6 ? "payment" : null;
    if (open && open.kind !== kind) {
      open.to = vietnamDay(e.at);
      waiting.push(open);
      open = null;
    }
    if (kind && !open) open = { kind, from: vietnamDay(e.at), to: null };
  }
  if (open) {
    if (endedDay) open.to = endedDay;
    waiting.push(open);
  }
  const originalDue = acceptedEvent?.dueAt ?? null;
  const dueDay = raw.dueAt ? vietnamDay(raw.dueAt) : null;
  const resolved = isResolvedStatus(status) && endedDay !== null;
  const payments = raw.payments.filter((p) => p.state !== "cancelled" && p.total > 0);
  const paymentUpdatedAt = raw.payments.reduce<string | null>((m, p) => (m === null || p.updatedAt > m ? p.updatedAt : m), null);
  return {
    dossierId: raw.id,
    code: raw.code,
    agencyId: raw.agencyId,
    branchId: raw.branchId,
    procedureCode: raw.procedureCode,
    fieldCode: raw.fieldCode,
    channel: raw.channel,
    onlineLevel: raw.onlineLevel,
    status,
    acceptedDay,
    originalDueDay: originalDue ? vietnamDay(originalDue) : dueDay,
    dueDay,
    resultDay: resolved ? endedDay : null,
    endedDay,
    waiting,
    withFees: payments.length > 0,
    paidOnline: payments.some((p) => p.state === "paid" && (p.paidProvider === "vnpay" || p.paidProvider === "vietqr")),
    digitised: raw.documents > 0,
    reused: raw.reusedDocuments > 0,
    resultElectronic: resolved && raw.electronicResult,
    resolutionDays: resolved ? Math.max(0, workingDaysBetween(acceptedDay, endedDay!)) : null,
    ratingLevel: raw.rating?.level ?? null,
    ratingDay: raw.rating ? vietnamDay(raw.rating.ratedAt) : null,
    src: { dossierVersion: raw.version, dossierUpdatedAt: raw.updatedAt, ratingUpdatedAt: raw.rating?.updatedAt ?? null, paymentUpdatedAt },
    computedAt,
  };
}
