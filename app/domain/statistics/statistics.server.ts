// The statistics core (issue 10; docs/decisions/0021-statistics.md): facts and rollups kept current by refreshStatistics
// (the back office's sweep calls it), rebuilt from the raw history by rebuildStatistics, read by statisticsReport.
import type { Db } from "../../platform/db.server";
import { findAgenciesValidOn } from "../agencies/agencies.repo.server";
import { loadWorkingCalendar } from "../calendar/calendar.server";
import { addDays, dayNumber, isoOfDay, weekdayOfDay } from "../calendar/days";
import type { WorkingCalendar } from "../calendar/working-time";
import { todayInVietnam } from "../shared/format";
import type { DossierChannel, OnlineLevel, RatingLevel } from "../../../db/schema";
import {
  accumulate,
  buildFact,
  contributions,
  diffContributions,
  MAX_BUCKET,
  newRollupDelta,
  ROLLUP_COLUMNS,
  type Cube,
  type Fact,
  type RollupValues,
  type WaitingInterval,
} from "./contributions";
import {
  addRollupDelta,
  changedDossierIds,
  clearStatistics,
  currentProcedures,
  deleteFacts,
  dossierIdsAfter,
  factOfRow,
  factRow,
  factsBehind,
  fieldsList,
  findFacts,
  insertFacts,
  loadRawDossiers,
  offeringCounts,
  petitionRows,
  rangeSums,
  readState,
  writeState,
  type DimFilter,
  type RangeParts,
  type SumGroup,
  type SumRow,
} from "./statistics.repo.server";
import {
  share,
  ZERO_FIGURES,
  type Breakdown,
  type CatalogCounts,
  type DossierFigures,
  type DrillMeasure,
  type DurationRow,
  type IndexComponent,
  type PetitionStatisticsFigures,
  type StatisticsFilter,
  type StatisticsReport,
  type UnmeasuredComponent,
} from "./report";

// ---------------------------------------------------------------------------------------------------------------
// Working days
// ---------------------------------------------------------------------------------------------------------------

/** Working days after day a up to and including day b, from a prefix count over the loaded calendar (weekdays outside it). */
export function workingDayCounter(calendar: WorkingCalendar): (a: string, b: string) => number {
  const start = dayNumber(calendar.covers.from);
  const end = dayNumber(calendar.covers.to);
  const prefix = new Int32Array(end - start + 2);
  for (let d = start; d <= end; d++) {
    const iso = isoOfDay(d);
    const weekday = weekdayOfDay(d);
    const working = calendar.extraWorking.has(iso) || (weekday <= 5 && !calendar.nonWorking.has(iso));
    prefix[d - start + 1] = prefix[d - start]! + (working ? 1 : 0);
  }
  const upTo = (d: number): number => {
    if (d < start) return -countWeekdays(d + 1, start - 1);
    if (d > end) return prefix[end - start + 1]! + countWeekdays(end + 1, d);
    return prefix[d - start + 1]!;
  };
  return (a, b) => upTo(dayNumber(b)) - upTo(dayNumber(a));
}

function countWeekdays(from: number, to: number): number {
  let n = 0;
  for (let d = from; d <= to; d++) if (weekdayOfDay(d) <= 5) n++;
  return n;
}

async function loadCounter(db: Db, now: Date) {
  const year = now.getUTCFullYear();
  return workingDayCounter(await loadWorkingCalendar(db, year - 10, year + 2));
}

// ---------------------------------------------------------------------------------------------------------------
// Refresh and rebuild
// ---------------------------------------------------------------------------------------------------------------

/** Records committed within this margin before the watermark are looked at again (concurrent transactions). */
export const REFRESH_MARGIN_MS = 5 * 60_000;

const sameSource = (a: Fact["src"], b: Fact["src"]) =>
  a.dossierVersion === b.dossierVersion && a.dossierUpdatedAt === b.dossierUpdatedAt && a.ratingUpdatedAt === b.ratingUpdatedAt && a.paymentUpdatedAt === b.paymentUpdatedAt;

/** Recomputes the facts of some dossiers and adds the difference of their contributions into the rollups (one transaction). */
async function refreshBatch(db: Db, ids: readonly string[], counter: (a: string, b: string) => number, branchOf: (agencyId: string) => string, computedAt: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const [raws, stored] = await Promise.all([loadRawDossiers(trx, ids, branchOf), findFacts(trx, ids)]);
    const before = new Map(stored.map((r) => [r.dossier_id, factOfRow(r)]));
    const daily = newRollupDelta();
    const monthly = newRollupDelta();
    const remove: string[] = [];
    const write: ReturnType<typeof factRow>[] = [];
    let changed = 0;
    for (const raw of raws) {
      const old = before.get(raw.id) ?? null;
      const fact = buildFact(raw, counter, computedAt);
      if (!old && !fact) continue;
      if (old && fact && sameSource(old.src, fact.src)) continue;
      const diff = diffContributions(old ? contributions(old) : [], fact ? contributions(fact) : []);
      accumulate(daily, monthly, diff);
      if (old) remove.push(raw.id);
      if (fact) write.push(factRow(fact));
      changed += 1;
    }
    if (changed === 0) return 0;
    await deleteFacts(trx, remove);
    await insertFacts(trx, write);
    await addRollupDelta(trx, daily, monthly);
    return changed;
  });
}

export interface RefreshResult {
  looked: number;
  changed: number;
  asOf: string;
}

/** Brings the facts and rollups up to date with what changed since the last refresh (idempotent). */
export async function refreshStatistics(db: Db, options: { now?: Date; batchSize?: number } = {}): Promise<RefreshResult> {
  const now = options.now ?? new Date();
  const state = await readState(db);
  const since = state?.watermark ? new Date(Date.parse(state.watermark) - REFRESH_MARGIN_MS).toISOString() : null;
  const { ids, latest } = await changedDossierIds(db, since);
  const counter = await loadCounter(db, now);
  const branchOf = branchResolver(await agencyTree(db, now));
  let changed = 0;
  const size = options.batchSize ?? 1000;
  for (let i = 0; i < ids.length; i += size) changed += await refreshBatch(db, ids.slice(i, i + size), counter, branchOf, now.toISOString());
  const watermark = latest && (!state?.watermark || latest > state.watermark) ? latest : (state?.watermark ?? null);
  await writeState(db, { watermark, asOf: now.toISOString() });
  return { looked: ids.length, changed, asOf: now.toISOString() };
}

export interface RebuildResult {
  dossiers: number;
  facts: number;
  ms: number;
}

/** Clears the facts and rollups and recomputes them from the raw records, in batches. */
export async function rebuildStatistics(
  db: Db,
  options: { now?: Date; batchSize?: number; progress?: (done: number, elapsedMs: number) => void } = {},
): Promise<RebuildResult> {
  const t0 = performance.now();
  const now = options.now ?? new Date();
  const size = options.batchSize ?? 2000;
  const counter = await loadCounter(db, now);
  const branchOf = branchResolver(await agencyTree(db, now));
  // The watermark before reading: whatever changes during the rebuild is picked up by the next refresh.
  const { latest } = await changedDossierIds(db, new Date(now.getTime() - REFRESH_MARGIN_MS).toISOString());
  await db.transaction().execute((trx) => clearStatistics(trx));
  const daily = newRollupDelta();
  const monthly = newRollupDelta();
  let after: string | null = null;
  let dossiers = 0;
  let facts = 0;
  for (;;) {
    const ids = await dossierIdsAfter(db, after, size);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    const raws = await loadRawDossiers(db, ids, branchOf);
    const rows: ReturnType<typeof factRow>[] = [];
    for (const raw of raws) {
      const fact = buildFact(raw, counter, now.toISOString());
      if (!fact) continue;
      accumulate(daily, monthly, contributions(fact));
      rows.push(factRow(fact));
    }
    await db.transaction().execute((trx) => insertFacts(trx, rows));
    dossiers += ids.length;
    facts += rows.length;
    options.progress?.(dossiers, performance.now() - t0);
  }
  await db.transaction().execute(async (trx) => {
    await addRollupDelta(trx, daily, monthly);
    const watermark = latest ?? (await readState(trx))?.watermark ?? null;
    await writeState(trx, { watermark: watermark ?? now.toISOString(), asOf: now.toISOString() });
  });
  return { dossiers, facts, ms: performance.now() - t0 };
}

// ---------------------------------------------------------------------------------------------------------------
// The agency tree
// ---------------------------------------------------------------------------------------------------------------

export interface AgencyNode {
  id: string;
  name: string;
  parentId: string | null;
  level: string;
}

async function agencyTree(db: Db, now: Date): Promise<AgencyNode[]> {
  const rows = await findAgenciesValidOn(db, todayInVietnam(now));
  return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parentId, level: r.level })).sort((a, b) => a.name.localeCompare(b.name, "vi"));
}

/** The node and every agency under it. */
export function subtree(nodes: readonly AgencyNode[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const n of nodes) if (n.parentId) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id]);
  const out = new Set<string>([rootId]);
  const stack = [rootId];
  while (stack.length > 0) {
    for (const c of children.get(stack.pop()!) ?? []) {
      if (out.has(c)) continue;
      out.add(c);
      stack.push(c);
    }
  }
  return out;
}

/**
 * For every agency, the row of the breakdown it counts in: the child of the node it lies under, or the node itself for
 * the node's own dossiers. The province (null) is its top agency when there is one (the People's Committee), so that
 * the province's rows are its departments and districts.
 */
function childOf(nodes: readonly AgencyNode[], rootId: string | null): Map<string, string> {
  const parent = new Map(nodes.map((n) => [n.id, n.parentId]));
  const tops = nodes.filter((n) => n.parentId === null || !parent.has(n.parentId)).map((n) => n.id);
  const root = rootId ?? (tops.length === 1 ? tops[0]! : null);
  const out = new Map<string, string>();
  for (const n of nodes) {
    if (n.id === root) {
      out.set(n.id, n.id);
      continue;
    }
    let cur: string | null = n.id;
    for (let guard = 0; cur !== null && guard < 50; guard++) {
      const up: string | null = parent.get(cur) ?? null;
      if (root === null ? up === null || !parent.has(up) : up === root) {
        if (root !== null || tops.includes(cur)) out.set(n.id, cur);
        break;
      }
      cur = up;
    }
  }
  return out;
}

/**
 * An agency's branch: the child of the province's top agency it lies under, the top agency itself for its own
 * dossiers (and an agency outside the tree for itself). Kept in the fact, so that a later change of the tree does not
 * move what the fact contributed; the rebuild follows the tree of the day.
 */
export function branchResolver(nodes: readonly AgencyNode[]): (agencyId: string) => string {
  const map = childOf(nodes, null);
  return (agencyId) => map.get(agencyId) ?? agencyId;
}

// ---------------------------------------------------------------------------------------------------------------
// Ranges
// ---------------------------------------------------------------------------------------------------------------

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const monthEnd = (day: string) => addDays(`${nextMonth(day.slice(0, 7))}-01`, -1);
function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** [from, to] as whole months (from the monthly rollup) and edge days (from the daily one). */
export function rangeParts(from: string, to: string): RangeParts {
  if (from > to) return { months: null, days: [] };
  const firstFull = from === monthStart(from) ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  const lastFull = to === monthEnd(to) ? to.slice(0, 7) : previousMonth(to.slice(0, 7));
  if (firstFull > lastFull) {
    // No whole month inside: days only (at most two partial months).
    if (from.slice(0, 7) === to.slice(0, 7)) return { months: null, days: [{ from, to }] };
    return { months: null, days: [{ from, to: monthEnd(from) }, { from: monthStart(to), to }] };
  }
  const days: { from: string; to: string }[] = [];
  if (from < `${firstFull}-01`) days.push({ from, to: addDays(`${firstFull}-01`, -1) });
  if (to > monthEnd(`${lastFull}-01`)) days.push({ from: `${nextMonth(lastFull)}-01`, to });
  return { months: { from: firstFull, to: lastFull }, days };
}
function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

const BEGINNING = "1970-01-01";
const STOCK_COLUMNS = ["open_delta", "overdue_delta", "waiting_supplement_delta", "waiting_payment_delta"] as const;

// ---------------------------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------------------------

type Stocks = Pick<RollupValues, (typeof STOCK_COLUMNS)[number]>;
const zeroValues = (): RollupValues => Object.fromEntries(ROLLUP_COLUMNS.map((c) => [c, 0])) as RollupValues;

function addInto(target: RollupValues, row: Partial<RollupValues>) {
  for (const c of ROLLUP_COLUMNS) target[c] += Number(row[c] ?? 0);
}

/** The figures of a period from the stocks at the end of from−1 and the sums over [from, to]. */
export function figuresOf(start: Stocks, flows: RollupValues): DossierFigures {
  const inProgress = start.open_delta + flows.open_delta;
  const overdue = start.overdue_delta + flows.overdue_delta;
  const resolved = flows.resolved_early + flows.resolved_on_time + flows.resolved_late;
  return {
    ...ZERO_FIGURES,
    carriedOver: start.open_delta,
    received: flows.received_online + flows.received_in_person + flows.received_post,
    receivedOnline: flows.received_online,
    receivedInPerson: flows.received_in_person,
    receivedPost: flows.received_post,
    resolved,
    resolvedEarly: flows.resolved_early,
    resolvedOnTime: flows.resolved_on_time,
    resolvedLate: flows.resolved_late,
    inProgress,
    inProgressWithinLimit: inProgress - overdue,
    inProgressOverdue: overdue,
    waitingSupplement: start.waiting_supplement_delta + flows.waiting_supplement_delta,
    waitingPayment: start.waiting_payment_delta + flows.waiting_payment_delta,
    withdrawn: flows.withdrawn,
    refused: flows.refused,
    withFees: flows.with_fees,
    paidOnline: flows.paid_online,
    digitisedAtIntake: flows.digitised,
    reusedFromWallet: flows.reused,
    resultsElectronic: flows.results_electronic,
    resolutionWorkingDaysSum: flows.resolution_days_sum,
  };
}

function grouped(rows: readonly SumRow[], keyOf: (r: SumRow) => string | null): Map<string, RollupValues> {
  const out = new Map<string, RollupValues>();
  for (const r of rows) {
    const key = keyOf(r);
    if (key === null) continue;
    let v = out.get(key);
    if (!v) out.set(key, (v = zeroValues()));
    addInto(v, r);
  }
  return out;
}

/** The p-th percentile (0..1) of a histogram: the smallest bucket whose cumulative count reaches p of the total. */
export function percentileOfHistogram(counts: ReadonlyMap<number, number>, p: number): number | null {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const target = Math.ceil(p * total);
  let cumulative = 0;
  for (let b = 0; b <= MAX_BUCKET; b++) {
    cumulative += counts.get(b) ?? 0;
    if (cumulative >= target) return b;
  }
  return MAX_BUCKET;
}

function dimFilterOf(filter: StatisticsFilter, agencyIds: readonly string[] | null): DimFilter {
  return { agencyIds, field: filter.field, procedureCode: filter.procedureCode, channel: filter.channel, onlineLevel: filter.onlineLevel };
}

/** Vietnam day bounds as UTC instants: [from 00:00, to+1 00:00) in Vietnam. */
function instantRange(from: string, to: string) {
  const at = (day: string) => new Date(Date.parse(`${day}T00:00:00+07:00`)).toISOString();
  return { fromInstant: at(from), toInstant: at(addDays(to, 1)) };
}

const CHANNELS: DossierChannel[] = ["online", "in_person", "post"];
const LEVELS: OnlineLevel[] = ["FULL", "PARTIAL", "INFO"];

/** The report of a period for a node of the agency tree. */
export async function statisticsReport(db: Db, filter: StatisticsFilter, options: { now?: Date } = {}): Promise<StatisticsReport> {
  const now = options.now ?? new Date();
  const [tree, state, procedures, fields] = await Promise.all([agencyTree(db, now), readState(db), currentProcedures(db), fieldsList(db)]);
  const nodeIds = filter.agencyId ? [...subtree(tree, filter.agencyId)] : null;
  const dims = dimFilterOf(filter, nodeIds);
  // The smallest cube that holds the filter's dimensions: by channel and level for the province's figures; by agency
  // (with channel and level) at a node; by branch for the province's breakdown by agency; by field for the breakdown by
  // field at the province (by agency and field at a node); by procedure for the durations without an agency, channel
  // or level; else every dimension (read through the (cube, agency, period) index at a node).
  const mainCube: Cube = filter.field || filter.procedureCode ? "all" : filter.agencyId ? "agency" : "channel";
  const agencyCube: Cube = filter.field || filter.procedureCode ? "all" : !filter.agencyId && !filter.channel && !filter.onlineLevel ? "branch" : "agency";
  const agencyGroup: SumGroup = agencyCube === "branch" ? "branch_id" : "agency_id";
  const fieldCube: Cube = filter.procedureCode || (filter.agencyId && (filter.channel || filter.onlineLevel)) ? "all" : filter.agencyId ? "agency_field" : "field";
  const durationCube: Cube = filter.agencyId || filter.channel || filter.onlineLevel ? "all" : "procedure";
  const before = rangeParts(BEGINNING, addDays(filter.from, -1));
  const period = rangeParts(filter.from, filter.to);
  const mainGroups: SumGroup[] = ["channel", "online_level"];
  const [startRows, flowRows, monthRows, agencyStartRows, agencyFlowRows, fieldStartRows, fieldFlowRows, procedureRows, histogram, petitions] = await Promise.all([
    rangeSums(db, before, mainCube, dims, { groupBy: mainGroups, columns: STOCK_COLUMNS }),
    rangeSums(db, period, mainCube, dims, { groupBy: mainGroups, columns: ROLLUP_COLUMNS }),
    rangeSums(db, period, mainCube, dims, { groupBy: ["month"], columns: ROLLUP_COLUMNS }),
    rangeSums(db, before, agencyCube, dims, { groupBy: [agencyGroup], columns: STOCK_COLUMNS }),
    rangeSums(db, period, agencyCube, dims, { groupBy: [agencyGroup], columns: ROLLUP_COLUMNS }),
    rangeSums(db, before, fieldCube, dims, { groupBy: ["field_code"], columns: STOCK_COLUMNS }),
    rangeSums(db, period, fieldCube, dims, { groupBy: ["field_code"], columns: ROLLUP_COLUMNS }),
    rangeSums(db, period, durationCube, dims, { groupBy: ["procedure_code"], columns: ["resolved_early", "resolved_on_time", "resolved_late", "resolution_days_sum"] }),
    rangeSums(db, period, durationCube, dims, { groupBy: ["procedure_code"], histogram: true }),
    petitionFigures(db, filter, nodeIds),
  ]);

  const names = new Map(tree.map((n) => [n.id, n.name]));
  const breakdown = <K extends string>(
    keyOf: (r: SumRow) => string | null,
    keys: readonly K[] | null,
    label: (k: string) => string,
    rows: { starts: readonly SumRow[]; flows: readonly SumRow[] } = { starts: startRows, flows: flowRows },
  ): Breakdown<K>[] => {
    const starts = grouped(rows.starts, keyOf);
    const flows = grouped(rows.flows, keyOf);
    const all = keys ?? ([...new Set([...starts.keys(), ...flows.keys()])].sort() as K[]);
    return all.map((key) => ({ key, label: label(key), figures: figuresOf(starts.get(key) ?? zeroValues(), flows.get(key) ?? zeroValues()) }));
  };
  const figures = figuresOf(grouped(startRows, () => "all").get("all") ?? zeroValues(), grouped(flowRows, () => "all").get("all") ?? zeroValues());

  // By month: flows of each month's part of the period; stocks carried forward month by month.
  const perMonth = grouped(monthRows, (r) => r.month ?? null);
  const byMonth: Breakdown[] = [];
  let stock: Stocks = grouped(startRows, () => "all").get("all") ?? zeroValues();
  for (let m = filter.from.slice(0, 7); m <= filter.to.slice(0, 7); m = nextMonth(m)) {
    const flows = perMonth.get(m) ?? zeroValues();
    byMonth.push({ key: m, label: `${m.slice(5, 7)}/${m.slice(0, 4)}`, figures: figuresOf(stock, flows) });
    stock = {
      open_delta: stock.open_delta + flows.open_delta,
      overdue_delta: stock.overdue_delta + flows.overdue_delta,
      waiting_supplement_delta: stock.waiting_supplement_delta + flows.waiting_supplement_delta,
      waiting_payment_delta: stock.waiting_payment_delta + flows.waiting_payment_delta,
    };
  }

  const children = childOf(tree, filter.agencyId);
  const childIds = [...new Set(children.values())].sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b, "vi"));
  const byAgency = breakdown((r) => (agencyCube === "branch" ? (r.branch_id ?? null) : (children.get(r.agency_id ?? "") ?? null)), childIds, (k) => names.get(k) ?? k, {
    starts: agencyStartRows,
    flows: agencyFlowRows,
  });
  const fieldNames = new Map(fields.map((f) => [f.code, f.name]));
  const byField = breakdown((r) => r.field_code ?? null, null, (k) => fieldNames.get(k) ?? k, { starts: fieldStartRows, flows: fieldFlowRows });
  const byChannel = breakdown<DossierChannel>((r) => r.channel ?? null, CHANNELS, (k) => k);
  const byOnlineLevel = breakdown<OnlineLevel>((r) => r.online_level ?? null, LEVELS, (k) => k);

  // Durations per procedure.
  const procedureNames = new Map<string, string>();
  for (const p of procedures) if (!procedureNames.has(p.code)) procedureNames.set(p.code, p.name);
  const perProcedure = grouped(procedureRows, (r) => r.procedure_code ?? null);
  const bucketsOf = new Map<string, Map<number, number>>();
  for (const h of histogram as unknown as { procedure_code: string; bucket: number; count: number }[]) {
    const m = bucketsOf.get(h.procedure_code) ?? new Map<number, number>();
    m.set(h.bucket, (m.get(h.bucket) ?? 0) + h.count);
    bucketsOf.set(h.procedure_code, m);
  }
  const durations: DurationRow[] = [...perProcedure.entries()]
    .map(([code, v]) => {
      const resolved = v.resolved_early + v.resolved_on_time + v.resolved_late;
      return {
        procedureCode: code,
        procedureName: procedureNames.get(code) ?? code,
        resolved,
        averageWorkingDays: resolved > 0 ? Math.round((v.resolution_days_sum / resolved) * 10) / 10 : null,
        p90WorkingDays: resolved > 0 ? percentileOfHistogram(bucketsOf.get(code) ?? new Map(), 0.9) : null,
      };
    })
    .filter((d) => d.resolved > 0)
    .sort((a, b) => b.resolved - a.resolved || a.procedureCode.localeCompare(b.procedureCode));

  const totals = grouped(flowRows, () => "all").get("all") ?? zeroValues();
  const byLevel: Record<RatingLevel, number> = {
    very_satisfied: totals.rated_very_satisfied,
    satisfied: totals.rated_satisfied,
    unsatisfied: totals.rated_unsatisfied,
  };
  const ratings = { rated: byLevel.very_satisfied + byLevel.satisfied + byLevel.unsatisfied, verySatisfied: byLevel.very_satisfied, satisfied: byLevel.satisfied, unsatisfied: byLevel.unsatisfied, byLevel };

  const catalog = filter.agencyId === null && !filter.field && !filter.procedureCode ? await catalogCounts(db, { now }) : null;
  return {
    filter,
    asOf: state?.as_of ?? null,
    figures,
    byMonth,
    byAgency,
    byField,
    byChannel,
    byOnlineLevel,
    durations,
    ratings,
    petitions: { received: petitions.received, answeredOnTime: petitions.answeredOnTime, answeredLate: petitions.answeredLate, pending: petitions.pending, satisfied: petitions.satisfied, unsatisfied: petitions.unsatisfied },
    index766: index766(figures, ratings, petitions, catalog),
    unmeasured: UNMEASURED,
  };
}

async function petitionFigures(db: Db, filter: StatisticsFilter, agencyIds: readonly string[] | null): Promise<PetitionStatisticsFigures & { answeredWell: number }> {
  const rows = await petitionRows(db, instantRange(filter.from, filter.to), agencyIds, filter.field);
  const out = { received: 0, answeredOnTime: 0, answeredLate: 0, pending: 0, satisfied: 0, unsatisfied: 0, answeredWell: 0 };
  for (const r of rows) {
    // Answered on time and not rated unsatisfied (§3.2: PAKN − those marked unsatisfied or handled late).
    if (r.answered_at !== null && Number(r.answered_on_time) === 1 && r.rating !== "unsatisfied") out.answeredWell += 1;
    out.received += 1;
    // A reopened petition counts by its latest answer: reopening clears the answer, so it is pending until answered again.
    if (r.answered_at !== null && r.answered_on_time !== null) {
      if (Number(r.answered_on_time) === 1) out.answeredOnTime += 1;
      else out.answeredLate += 1;
    } else if (r.status !== "closed") out.pending += 1;
    if (r.rating === "satisfied") out.satisfied += 1;
    if (r.rating === "unsatisfied") out.unsatisfied += 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Decision 766
// ---------------------------------------------------------------------------------------------------------------

const component = (id: string, group: IndexComponent["group"], numerator: number, denominator: number): IndexComponent => ({
  id,
  group,
  formulaKey: `formula.${id}`,
  numerator,
  denominator,
  value: share(numerator, denominator),
});

export const UNMEASURED: UnmeasuredComponent[] = [
  { id: "publicAnnouncedOnTime", reasonKey: "unmeasured.publicAnnouncedOnTime" },
  { id: "publicDvcqgUpdated", reasonKey: "unmeasured.publicDvcqgUpdated" },
  { id: "publicComplete", reasonKey: "unmeasured.publicComplete" },
  { id: "dvcqgSync", reasonKey: "unmeasured.dvcqgSync" },
  { id: "satisfactionSurvey", reasonKey: "unmeasured.satisfactionSurvey" },
  { id: "onlineProceduresWithDossiers", reasonKey: "unmeasured.onlineProceduresWithDossiers" },
  { id: "paymentOfferedOnline", reasonKey: "unmeasured.paymentOfferedOnline" },
];

function index766(
  f: DossierFigures,
  ratings: { rated: number; verySatisfied: number; satisfied: number },
  petitions: PetitionStatisticsFigures & { answeredWell: number },
  catalog: CatalogCounts[] | null,
): IndexComponent[] {
  const answered = petitions.answeredOnTime + petitions.answeredLate;
  const out: IndexComponent[] = [
    component("resolvedOnTime", "timeliness", f.resolvedEarly + f.resolvedOnTime, f.resolved),
    component("filedOnline", "online", f.receivedOnline, f.received),
    component("paidOnline", "payment", f.paidOnline, f.withFees),
    component("digitisedAtIntake", "digitisation", f.digitisedAtIntake, f.received),
    component("resultsElectronic", "digitisation", f.resultsElectronic, f.resolved),
    component("reusedFromWallet", "digitisation", f.reusedFromWallet, f.received),
    component("ratingsSatisfied", "satisfaction", ratings.verySatisfied + ratings.satisfied, ratings.rated),
    component("petitionsOnTime", "petitions", petitions.answeredOnTime, answered),
    component("petitionsSatisfied", "petitions", petitions.answeredWell, answered),
  ];
  if (catalog) {
    const full = catalog.reduce((a, c) => a + c.full, 0);
    const partial = catalog.reduce((a, c) => a + c.partial, 0);
    const info = catalog.reduce((a, c) => a + c.info, 0);
    out.splice(1, 0, component("offeredOnline", "online", full + partial, full + partial + info));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Options and the catalog
// ---------------------------------------------------------------------------------------------------------------

export async function statisticsOptions(db: Db, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const [tree, fields, procedures] = await Promise.all([agencyTree(db, now), fieldsList(db), currentProcedures(db)]);
  const seen = new Set<string>();
  return {
    agencies: tree,
    fields: fields.map((f) => ({ code: f.code, name: f.name })),
    procedures: procedures.filter((p) => (seen.has(p.code) ? false : (seen.add(p.code), true))).map((p) => ({ code: p.code, name: p.name, fieldCode: p.fieldCode })),
  };
}

/** Full / partial / information-only offerings per agency, of the published in-force procedure versions. */
export async function catalogCounts(db: Db, options: { now?: Date } = {}): Promise<CatalogCounts[]> {
  const now = options.now ?? new Date();
  const [tree, counts] = await Promise.all([agencyTree(db, now), offeringCounts(db)]);
  const names = new Map(tree.map((n) => [n.id, n.name]));
  const out = new Map<string, CatalogCounts>();
  for (const o of counts) {
    const c = out.get(o.agencyId) ?? { agencyId: o.agencyId, agencyName: names.get(o.agencyId) ?? o.agencyId, full: 0, partial: 0, info: 0 };
    if (o.onlineLevel === "FULL") c.full += o.count;
    else if (o.onlineLevel === "PARTIAL") c.partial += o.count;
    else c.info += o.count;
    out.set(o.agencyId, c);
  }
  return [...out.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName, "vi"));
}

// ---------------------------------------------------------------------------------------------------------------
// The dossiers behind a figure (from the facts, not the rollups)
// ---------------------------------------------------------------------------------------------------------------

export interface BehindRow {
  code: string;
  procedureCode: string;
  procedureName: string;
  agencyName: string;
  status: number;
  acceptedAt: string | null;
  dueAt: string | null;
  resultReadyAt: string | null;
}

type Eb = {
  (column: string, op: string, value: unknown): unknown;
  or: (xs: unknown[]) => unknown;
  and: (xs: unknown[]) => unknown;
  ref: (c: string) => unknown;
};

function measureWhere(measure: DrillMeasure, from: string, to: string): (eb: Eb) => unknown {
  const received = (eb: Eb) => eb.and([eb("f.accepted_day", ">=", from), eb("f.accepted_day", "<=", to)]);
  const resolved = (eb: Eb) => eb.and([eb("f.status", "in", [9, 10]), eb("f.result_day", ">=", from), eb("f.result_day", "<=", to)]);
  const open = (eb: Eb) => eb.and([eb("f.accepted_day", "<=", to), eb.or([eb("f.ended_day", "is", null), eb("f.ended_day", ">", to)])]);
  switch (measure) {
    case "carriedOver":
      return (eb) => eb.and([eb("f.accepted_day", "<", from), eb.or([eb("f.ended_day", "is", null), eb("f.ended_day", ">=", from)])]);
    case "received":
      return received;
    case "receivedOnline":
      return (eb) => eb.and([received(eb), eb("f.channel", "=", "online")]);
    case "receivedInPerson":
      return (eb) => eb.and([received(eb), eb("f.channel", "=", "in_person")]);
    case "receivedPost":
      return (eb) => eb.and([received(eb), eb("f.channel", "=", "post")]);
    case "resolved":
      return resolved;
    case "resolvedEarly":
      return (eb) => eb.and([resolved(eb), eb("f.due_day", "is not", null), eb("f.result_day", "<", eb.ref("f.due_day"))]);
    case "resolvedOnTime":
      return (eb) => eb.and([resolved(eb), eb.or([eb("f.due_day", "is", null), eb("f.result_day", "=", eb.ref("f.due_day"))])]);
    case "resolvedLate":
      return (eb) => eb.and([resolved(eb), eb("f.due_day", "is not", null), eb("f.result_day", ">", eb.ref("f.due_day"))]);
    case "inProgress":
    case "waitingSupplement":
    case "waitingPayment":
      return open;
    case "inProgressWithinLimit":
      return (eb) => eb.and([open(eb), eb.or([eb("f.due_day", "is", null), eb("f.due_day", ">=", to)])]);
    case "inProgressOverdue":
      return (eb) => eb.and([open(eb), eb("f.due_day", "<", to)]);
    case "withdrawn":
      return (eb) => eb.and([eb("f.status", "=", 7), eb("f.ended_day", ">=", from), eb("f.ended_day", "<=", to)]);
    case "refused":
      return (eb) => eb.and([eb("f.status", "=", 8), eb("f.ended_day", ">=", from), eb("f.ended_day", "<=", to)]);
  }
}

const waitingAt = (waiting: string, kind: WaitingInterval["kind"], day: string) =>
  (JSON.parse(waiting) as WaitingInterval[]).some((w) => w.kind === kind && w.from <= day && (w.to === null || w.to > day));

/**
 * The dossiers a figure counts (officials: `agencyIds` is the actor's scope, or "all"), computed from the facts so
 * that the total equals the figure of the rollups.
 */
export async function dossiersBehind(
  db: Db,
  scope: { agencyIds: ReadonlySet<string> | "all" },
  filter: StatisticsFilter,
  measure: DrillMeasure,
  paging: { page: number; pageSize: number },
  options: { now?: Date } = {},
): Promise<{ total: number; rows: BehindRow[] }> {
  const tree = await agencyTree(db, options.now ?? new Date());
  let ids: string[] | null = filter.agencyId ? [...subtree(tree, filter.agencyId)] : null;
  if (scope.agencyIds !== "all") {
    const allowed = scope.agencyIds;
    ids = ids ? ids.filter((id) => allowed.has(id)) : [...allowed];
  }
  const where = measureWhere(measure, filter.from, filter.to);
  const page = Math.max(1, paging.page);
  const size = Math.max(1, Math.min(500, paging.pageSize));
  const names = new Map(tree.map((n) => [n.id, n.name]));
  const toRow = (r: Awaited<ReturnType<typeof factsBehind>>["rows"][number]): BehindRow => ({
    code: r.code,
    procedureCode: r.procedureCode,
    procedureName: r.procedureName,
    agencyName: names.get(r.agencyId) ?? r.agencyId,
    status: r.status,
    acceptedAt: r.acceptedAt,
    dueAt: r.dueAt,
    resultReadyAt: r.resultReadyAt,
  });
  const apply = (q: never) => (q as { where: (f: unknown) => never }).where(where);
  if (measure === "waitingSupplement" || measure === "waitingPayment") {
    // The waiting intervals are JSON in the fact: the in-progress ones are read and filtered here.
    const kind = measure === "waitingSupplement" ? "supplement" : "payment";
    const all = await factsBehind(db, dimFilterOf(filter, ids), (q) => (apply(q) as { where: (c: string, op: string, v: string) => never }).where("f.waiting", "<>", "[]"), null);
    const matching = all.rows.filter((r) => waitingAt(r.waiting, kind, filter.to));
    return { total: matching.length, rows: matching.slice((page - 1) * size, page * size).map(toRow) };
  }
  const result = await factsBehind(db, dimFilterOf(filter, ids), apply, { offset: (page - 1) * size, limit: size });
  return { total: result.total, rows: result.rows.map(toRow) };
}
