import { z } from "zod";
import { isIsoDate } from "../calendar/days";
import { todayInVietnam } from "../shared/format";
import type { StatisticsFilter } from "./report";

// The statistics' filter from URL search params (isomorphic). Messages are i18n keys of the "statistics" namespace.
// Dates as dd/mm/yyyy or YYYY-MM-DD; the default period is this year up to today (Vietnam time); at most 5 years.

export const statisticsFilterErrors = {
  date: "statistics:filterErrors.date",
  order: "statistics:filterErrors.order",
  tooLong: "statistics:filterErrors.tooLong",
  channel: "statistics:filterErrors.channel",
  level: "statistics:filterErrors.level",
  code: "statistics:filterErrors.code",
} as const;

export const MAX_PERIOD_YEARS = 5;

/** dd/mm/yyyy or YYYY-MM-DD as YYYY-MM-DD, or null when it is not a real date. */
export function parseFilterDate(value: string): string | null {
  const v = value.trim();
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, "0")}-${dmy[1]!.padStart(2, "0")}` : v;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && isIsoDate(iso) ? iso : null;
}

const blank = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const code = z.preprocess(blank, z.string().max(100, statisticsFilterErrors.code).regex(/^[\p{L}\p{N}._:/-]+$/u, statisticsFilterErrors.code).optional());
const date = z.preprocess(blank, z.string().optional()).transform((v, ctx) => {
  if (v === undefined) return undefined;
  const iso = parseFilterDate(v);
  if (!iso) {
    ctx.addIssue({ code: "custom", message: statisticsFilterErrors.date });
    return z.NEVER;
  }
  return iso;
});

/** The filter schema for a given "now" (the default period depends on today in Vietnam). */
export function statisticsFilterSchemaAt(now: Date) {
  return z
    .object({
      from: date,
      to: date,
      agency: code,
      field: code,
      procedure: code,
      channel: z.preprocess(blank, z.enum(["online", "in_person", "post"], { error: statisticsFilterErrors.channel }).optional()),
      level: z.preprocess(blank, z.enum(["FULL", "PARTIAL", "INFO"], { error: statisticsFilterErrors.level }).optional()),
    })
    .transform((v, ctx): StatisticsFilter => {
      const today = todayInVietnam(now);
      const to = v.to ?? today;
      const from = v.from ?? `${to.slice(0, 4)}-01-01`;
      if (from > to) ctx.addIssue({ code: "custom", path: ["to"], message: statisticsFilterErrors.order });
      else if (from < `${Number(to.slice(0, 4)) - MAX_PERIOD_YEARS}${to.slice(4)}`) {
        ctx.addIssue({ code: "custom", path: ["from"], message: statisticsFilterErrors.tooLong });
      }
      return {
        from,
        to,
        agencyId: v.agency ?? null,
        field: v.field ?? null,
        procedureCode: v.procedure ?? null,
        channel: v.channel ?? null,
        onlineLevel: v.level ?? null,
      };
    });
}

/** The filter schema (default period: this year up to today, at the time of parsing). */
export const statisticsFilterSchema = z.preprocess((v) => v, z.unknown()).transform((v, ctx) => {
  const parsed = statisticsFilterSchemaAt(new Date()).safeParse(v);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path as (string | number)[], message: issue.message });
    return z.NEVER;
  }
  return parsed.data;
});

/** The filter from URL search params. */
export function parseStatisticsFilter(params: URLSearchParams, now: Date = new Date()) {
  return statisticsFilterSchemaAt(now).safeParse(Object.fromEntries(params));
}
