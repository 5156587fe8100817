// The statistics pages' use cases (issue 10): the public page and its open-data files, the officials' page with the
// Excel export, and the list of dossiers behind a figure (in the official's agencies). Each reads the URL's filter
// (statistics-query.ts) and asks the statistics core (statistics.server.ts) once per part.

import type { Db } from "../../platform/db.server";
import { permissionsOf, type Actor } from "../access/permissions";
import { todayInVietnam } from "../shared/format";
import { catalogByNode } from "./catalog-rollup";
import { DRILL_MEASURES, type CatalogCounts, type DrillMeasure, type StatisticsReport } from "./report";
import { catalogCounts, dossiersBehind, statisticsOptions, statisticsReport } from "./statistics.server";
import { readStatisticsQuery, type StatisticsFormValues, type StatisticsQueryError } from "./statistics-query";

export interface StatisticsPageData {
  today: string;
  values: StatisticsFormValues;
  errors: StatisticsQueryError[];
  report: StatisticsReport;
  /** Per child of the filter's node (or the province's departments and districts), each over its subtree. */
  catalog: CatalogCounts[];
  options: Awaited<ReturnType<typeof statisticsOptions>>;
  /** The name of the filter's agency node, null for the province. */
  scopeName: string | null;
}

/** The figures for the URL's filter (the province this year when the filter is wrong, with the errors). */
export async function statisticsPage(db: Db, params: URLSearchParams, options: { now?: Date } = {}): Promise<StatisticsPageData> {
  const now = options.now ?? new Date();
  const today = todayInVietnam(now);
  const query = readStatisticsQuery(params, today);
  const [choices, catalog] = await Promise.all([statisticsOptions(db, { now }), catalogCounts(db, { now })]);
  const errors = query.ok ? [] : [...query.errors];
  let filter = query.filter;
  if (filter.agencyId && !choices.agencies.some((a) => a.id === filter.agencyId)) {
    errors.push({ field: "agency", message: "statistics-pages:errors.badChoice" });
    filter = { ...filter, agencyId: null };
  }
  const report = await statisticsReport(db, filter, { now });
  const scopeName = filter.agencyId ? (choices.agencies.find((a) => a.id === filter.agencyId)?.name ?? null) : null;
  return { today, values: query.values, errors, report, catalog: catalogByNode(catalog, choices.agencies, filter.agencyId), options: choices, scopeName };
}

/** The report alone for an export (open data, Excel): null when the filter is wrong (the route answers 400). */
export async function statisticsExport(db: Db, params: URLSearchParams, options: { now?: Date } = {}): Promise<StatisticsReport | null> {
  const now = options.now ?? new Date();
  const query = readStatisticsQuery(params, todayInVietnam(now));
  if (!query.ok) return null;
  return statisticsReport(db, query.filter, { now });
}

/** The agencies whose dossiers an official may list behind a figure (read:statistics:agency). */
export function statisticsScope(actor: Actor): ReadonlySet<string> | "all" {
  return permissionsOf(actor).get("read:statistics:agency") ?? new Set<string>();
}

export const DRILL_PAGE_SIZE = 50;

export type DrillPage =
  | { ok: true; measure: DrillMeasure; page: number; pages: number; total: number; rows: Awaited<ReturnType<typeof dossiersBehind>>["rows"]; filter: StatisticsReport["filter"] }
  | { ok: false; status: 400 };

/** The dossiers behind one figure, in the official's agencies, a page at a time. */
export async function statisticsDossiers(db: Db, actor: Actor, params: URLSearchParams, options: { now?: Date } = {}): Promise<DrillPage> {
  const now = options.now ?? new Date();
  const measure = params.get("measure") ?? "";
  const query = readStatisticsQuery(params, todayInVietnam(now));
  const page = Number(params.get("page") ?? "1");
  if (!query.ok || !(DRILL_MEASURES as readonly string[]).includes(measure) || !Number.isInteger(page) || page < 1 || page > 100_000) return { ok: false, status: 400 };
  const result = await dossiersBehind(db, { agencyIds: statisticsScope(actor) }, query.filter, measure as DrillMeasure, { page, pageSize: DRILL_PAGE_SIZE }, { now });
  return { ok: true, measure: measure as DrillMeasure, page, pages: Math.max(1, Math.ceil(result.total / DRILL_PAGE_SIZE)), total: result.total, rows: result.rows, filter: query.filter };
}
