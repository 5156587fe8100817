// The headline shares of the statistics page and of the open data (shared/domain/vn-egov.md §3.1, §4.1): pure
// arithmetic over a StatisticsReport, so that the page, the CSV, the JSON and the Excel file say the same thing.

import { share, type StatisticsReport } from "./report";

export interface HeadlineShares {
  /** Of resolved (§3.1: early + on time + late = 100 %). */
  resolvedEarly: number | null;
  resolvedOnTime: number | null;
  resolvedLate: number | null;
  /** Of in progress at the end of the period. */
  inProgressOverdue: number | null;
  /** Of received: filed online. */
  online: number | null;
  /** Of ratings given: very satisfied or satisfied. */
  satisfaction: number | null;
  /** Of petitions answered: answered within the time limit. */
  petitionsAnsweredOnTime: number | null;
  /** Average working days from acceptance to result over resolved. */
  averageResolutionWorkingDays: number | null;
}

export const SHARE_KEYS = ["resolvedEarly", "resolvedOnTime", "resolvedLate", "inProgressOverdue", "online", "satisfaction", "petitionsAnsweredOnTime", "averageResolutionWorkingDays"] as const satisfies readonly (keyof HeadlineShares)[];

/** Four decimals: enough for a percentage with two, stable across engines. */
export function round4(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10_000) / 10_000;
}

export function headlineShares(report: StatisticsReport): HeadlineShares {
  const f = report.figures;
  const answered = report.petitions.answeredOnTime + report.petitions.answeredLate;
  return {
    resolvedEarly: round4(share(f.resolvedEarly, f.resolved)),
    resolvedOnTime: round4(share(f.resolvedOnTime, f.resolved)),
    resolvedLate: round4(share(f.resolvedLate, f.resolved)),
    inProgressOverdue: round4(share(f.inProgressOverdue, f.inProgress)),
    online: round4(share(f.receivedOnline, f.received)),
    satisfaction: round4(share(report.ratings.verySatisfied + report.ratings.satisfied, report.ratings.rated)),
    petitionsAnsweredOnTime: round4(share(report.petitions.answeredOnTime, answered)),
    averageResolutionWorkingDays: f.resolved > 0 ? Math.round((f.resolutionWorkingDaysSum / f.resolved) * 10) / 10 : null,
  };
}

/** "75 %", "17,4 %" (Vietnamese) or "17.4%" (English); "—" when there is nothing to divide. */
export function formatShare(value: number | null, lang: "vi" | "en"): string {
  if (value === null) return "—";
  const text = new Intl.NumberFormat(lang === "en" ? "en-GB" : "vi-VN", { maximumFractionDigits: 1, minimumFractionDigits: 0 }).format(Math.round(value * 1000) / 10);
  return lang === "en" ? `${text}%` : `${text} %`;
}

/** A count with the language's thousands separator: "1.234" / "1,234". */
export function formatCount(value: number, lang: "vi" | "en"): string {
  return new Intl.NumberFormat(lang === "en" ? "en-GB" : "vi-VN", { maximumFractionDigits: 1 }).format(value);
}
