// The statistics pages' filter in the URL (issue 10): a GET form that works without JavaScript (GOV.UK date inputs for
// the period, selects for the agency node, field, procedure, channel and online level), the compact form the links and
// the open-data files use (from=YYYY-MM-DD&to=YYYY-MM-DD&agency=…), the period presets, and the canonical query string.
// Messages are i18n keys of the "statistics-pages" namespace. Pure: no Remix, no database.

import { z } from "zod";
import type { DossierChannel, OnlineLevel } from "../../../db/schema";
import type { StatisticsFilter } from "./report";

const E = (name: string) => `statistics-pages:errors.${name}`;

export const CHANNELS = ["online", "in_person", "post"] as const satisfies readonly DossierChannel[];
export const ONLINE_LEVELS = ["FULL", "PARTIAL", "INFO"] as const satisfies readonly OnlineLevel[];
export const PRESETS = ["thisYear", "lastYear", "thisQuarter", "thisMonth"] as const;
export type Preset = (typeof PRESETS)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The longest period a filter may cover (the rollups hold years; a century of monthly bars is no page). */
export const MAX_PERIOD_YEARS = 5;

export function isCalendarDay(day: string): boolean {
  if (!DAY.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

const pad = (n: number) => String(n).padStart(2, "0");
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The period of a preset, for a Vietnam calendar day `today` (YYYY-MM-DD); periods of the current year, quarter or month end today. */
export function presetPeriod(preset: Preset, today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  switch (preset) {
    case "thisYear":
      return { from: `${year}-01-01`, to: today };
    case "lastYear":
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
    case "thisQuarter":
      return { from: `${year}-${pad(Math.floor((month - 1) / 3) * 3 + 1)}-01`, to: today };
    case "thisMonth":
      return { from: `${year}-${pad(month)}-01`, to: today };
  }
}

/** The last day of a month or year, for whole-period labels (not used for presets ending today). */
export function endOfMonth(year: number, month: number): string {
  return `${year}-${pad(month)}-${pad(lastDayOfMonth(year, month))}`;
}

/** What the form's boxes show (strings as typed). */
export interface StatisticsFormValues {
  fromDay: string;
  fromMonth: string;
  fromYear: string;
  toDay: string;
  toMonth: string;
  toYear: string;
  agency: string;
  field: string;
  procedure: string;
  channel: string;
  level: string;
}

export interface StatisticsQueryError {
  /** The id of the control to fix ("from-day", "agency", …). */
  field: string;
  message: string;
}

export type StatisticsQuery = { ok: true; filter: StatisticsFilter; values: StatisticsFormValues } | { ok: false; filter: StatisticsFilter; values: StatisticsFormValues; errors: StatisticsQueryError[] };

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, E("badChoice"))
    .regex(/^[\p{L}\p{N}._:-]*$/u, E("badChoice"))
    .transform((v) => (v === "" ? null : v));

const querySchema = z.object({
  from: z.string().refine(isCalendarDay, E("badFrom")),
  to: z.string().refine(isCalendarDay, E("badTo")),
  agency: optional(64),
  field: optional(64),
  procedure: optional(64),
  channel: z.union([z.literal("").transform(() => null), z.enum(CHANNELS)], { message: E("badChoice") }),
  level: z.union([z.literal("").transform(() => null), z.enum(ONLINE_LEVELS)], { message: E("badChoice") }),
});

function dayOf(params: URLSearchParams, name: "from" | "to"): { day: string; parts: [string, string, string] } {
  const compact = params.get(name);
  const d = params.get(`${name}-day`);
  const m = params.get(`${name}-month`);
  const y = params.get(`${name}-year`);
  if (d !== null || m !== null || y !== null) {
    const [dd, mm, yy] = [(d ?? "").trim(), (m ?? "").trim(), (y ?? "").trim()];
    const day = /^\d{1,2}$/.test(dd) && /^\d{1,2}$/.test(mm) && /^\d{4}$/.test(yy) ? `${yy}-${mm.padStart(2, "0")}-${dd.padStart(2, "0")}` : "invalid";
    return { day, parts: [dd, mm, yy] };
  }
  if (compact !== null) {
    const c = compact.trim();
    return { day: c, parts: DAY.test(c) ? [String(Number(c.slice(8, 10))), String(Number(c.slice(5, 7))), c.slice(0, 4)] : [c, "", ""] };
  }
  return { day: "", parts: ["", "", ""] };
}

/**
 * Reads the filter from a URL's search parameters. No period: this year to `today`. A wrong box gives the error
 * (key, control) and the default filter, so the page still shows figures (the province, this year) under the summary.
 */
export function readStatisticsQuery(params: URLSearchParams, today: string): StatisticsQuery {
  const fallback = presetPeriod("thisYear", today);
  const preset = params.get("period");
  const from = dayOf(params, "from");
  const to = dayOf(params, "to");
  const presetChosen = (PRESETS as readonly string[]).includes(preset ?? "") ? presetPeriod(preset as Preset, today) : null;
  const period = presetChosen ?? { from: from.day || fallback.from, to: to.day || fallback.to };
  const raw = { from: period.from, to: period.to, agency: params.get("agency") ?? "", field: params.get("field") ?? "", procedure: params.get("procedure") ?? "", channel: params.get("channel") ?? "", level: params.get("level") ?? "" };
  const split = (day: string, parts: [string, string, string]): [string, string, string] => (presetChosen || !parts.join("") ? (isCalendarDay(day) ? [String(Number(day.slice(8, 10))), String(Number(day.slice(5, 7))), day.slice(0, 4)] : parts) : parts);
  const [fromDay, fromMonth, fromYear] = split(period.from, from.parts);
  const [toDay, toMonth, toYear] = split(period.to, to.parts);
  const values: StatisticsFormValues = { fromDay, fromMonth, fromYear, toDay, toMonth, toYear, agency: raw.agency, field: raw.field, procedure: raw.procedure, channel: raw.channel, level: raw.level };
  const parsed = querySchema.safeParse(raw);
  const errors: StatisticsQueryError[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "from");
      errors.push({ field: key === "from" || key === "to" ? `${key}-day` : key, message: issue.message });
    }
  } else if (parsed.data.from > parsed.data.to) {
    errors.push({ field: "to-day", message: E("toBeforeFrom") });
  } else if (parsed.data.from < `${Number(parsed.data.to.slice(0, 4)) - MAX_PERIOD_YEARS}${parsed.data.to.slice(4)}`) {
    errors.push({ field: "from-day", message: E("tooLong") });
  }
  const defaultFilter: StatisticsFilter = { from: fallback.from, to: fallback.to, agencyId: null, field: null, procedureCode: null, channel: null, onlineLevel: null };
  if (!parsed.success || errors.length > 0) return { ok: false, filter: defaultFilter, values, errors };
  const v = parsed.data;
  return { ok: true, values, filter: { from: v.from, to: v.to, agencyId: v.agency, field: v.field, procedureCode: v.procedure, channel: v.channel, onlineLevel: v.level } };
}

/** The compact query string of a filter (no leading "?"): what the export links and the drill-down links carry. */
export function statisticsQueryString(filter: StatisticsFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.agencyId) params.set("agency", filter.agencyId);
  if (filter.field) params.set("field", filter.field);
  if (filter.procedureCode) params.set("procedure", filter.procedureCode);
  if (filter.channel) params.set("channel", filter.channel);
  if (filter.onlineLevel) params.set("level", filter.onlineLevel);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

/** The query string of a preset link that keeps the rest of the filter. */
export function presetQueryString(filter: StatisticsFilter, preset: Preset, today: string): string {
  return statisticsQueryString({ ...filter, ...presetPeriod(preset, today) });
}
