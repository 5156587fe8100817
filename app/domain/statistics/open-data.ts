// The public statistics as open data (issue 10; docs/open-data/statistics.md; public/open-data/statistics.schema.json):
// a JSON document of the stable format "dvc-statistics/1" and a CSV file of one row per measure × breakdown. Both are
// built from the same StatisticsReport as the page, so they carry the page's numbers; neither holds personal data
// (the report has counts only). Pure: no Remix, no database.

import { DRILL_MEASURES, type Breakdown, type DossierFigures, type StatisticsFilter, type StatisticsReport } from "./report";
import { headlineShares, SHARE_KEYS, type HeadlineShares } from "./shares";

export const OPEN_DATA_SCHEMA = "dvc-statistics/1";

/** Every count of DossierFigures, in a stable order (the CSV's measure order). */
export const FIGURE_KEYS = [...DRILL_MEASURES, "withFees", "paidOnline", "digitisedAtIntake", "reusedFromWallet", "resultsElectronic", "resolutionWorkingDaysSum"] as const satisfies readonly (keyof DossierFigures)[];

export const BREAKDOWN_NAMES = ["month", "agency", "field", "channel", "onlineLevel"] as const;
export type BreakdownName = (typeof BREAKDOWN_NAMES)[number];

export interface OpenDataBreakdownRow {
  key: string;
  label: string;
  figures: DossierFigures;
}

export interface OpenDataDocument {
  schema: typeof OPEN_DATA_SCHEMA;
  filter: StatisticsFilter;
  asOf: string | null;
  figures: DossierFigures;
  shares: HeadlineShares;
  breakdowns: Record<BreakdownName, OpenDataBreakdownRow[]>;
  durations: { procedureCode: string; procedureName: string; resolved: number; averageWorkingDays: number | null; p90WorkingDays: number | null }[];
  index766: { id: string; group: string; formula: string; numerator: number; denominator: number; value: number | null }[];
  unmeasured: { id: string; reason: string }[];
  petitions: StatisticsReport["petitions"];
  ratings: { rated: number; verySatisfied: number; satisfied: number; unsatisfied: number };
}

function figures(f: DossierFigures): DossierFigures {
  return Object.fromEntries(FIGURE_KEYS.map((k) => [k, f[k]])) as unknown as DossierFigures;
}

function rows(list: readonly Breakdown[]): OpenDataBreakdownRow[] {
  return list.map((b) => ({ key: b.key, label: b.label, figures: figures(b.figures) }));
}

/**
 * The JSON document. `text` turns the report's i18n keys (formulas, reasons) into words in the download's language;
 * `label` may relabel a breakdown row (channel and online level labels in the download's language).
 */
export function openDataDocument(report: StatisticsReport, text: (key: string) => string = (k) => k, label: (name: BreakdownName, key: string, label: string) => string = (_n, _k, l) => l): OpenDataDocument {
  const relabel = (name: BreakdownName, list: readonly Breakdown[]) => rows(list).map((r) => ({ ...r, label: label(name, r.key, r.label) }));
  return {
    schema: OPEN_DATA_SCHEMA,
    filter: { ...report.filter },
    asOf: report.asOf,
    figures: figures(report.figures),
    shares: headlineShares(report),
    breakdowns: {
      month: relabel("month", report.byMonth),
      agency: relabel("agency", report.byAgency),
      field: relabel("field", report.byField),
      channel: relabel("channel", report.byChannel),
      onlineLevel: relabel("onlineLevel", report.byOnlineLevel),
    },
    durations: report.durations.map((d) => ({ procedureCode: d.procedureCode, procedureName: d.procedureName, resolved: d.resolved, averageWorkingDays: d.averageWorkingDays, p90WorkingDays: d.p90WorkingDays })),
    index766: report.index766.map((c) => ({ id: c.id, group: c.group, formula: text(c.formulaKey), numerator: c.numerator, denominator: c.denominator, value: c.value === null ? null : Math.round(c.value * 10_000) / 10_000 })),
    unmeasured: report.unmeasured.map((u) => ({ id: u.id, reason: text(u.reasonKey) })),
    petitions: { ...report.petitions },
    ratings: { rated: report.ratings.rated, verySatisfied: report.ratings.verySatisfied, satisfied: report.ratings.satisfied, unsatisfied: report.ratings.unsatisfied },
  };
}

export function openDataJson(document: OpenDataDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The CSV's columns, in order (documented in docs/open-data/statistics.md). */
export const CSV_COLUMNS = ["section", "key", "label", "measure", "value"] as const;
export type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;

/** A number as the CSV writes it: a dot for decimals, no thousands separator; empty for "not applicable". */
function num(value: number | null): string {
  return value === null ? "" : String(value);
}

/** The CSV's rows as records (before quoting): one per measure × breakdown row, plus the shares, durations, 766 components, petitions and ratings. */
export function openDataCsvRows(doc: OpenDataDocument): CsvRow[] {
  const out: CsvRow[] = [];
  const push = (section: string, key: string, label: string, measure: string, value: number | null) => out.push({ section, key, label, measure, value: num(value) });
  for (const k of FIGURE_KEYS) push("total", "all", "", k, doc.figures[k]);
  for (const k of SHARE_KEYS) push("share", "all", "", k, doc.shares[k]);
  for (const name of BREAKDOWN_NAMES) for (const row of doc.breakdowns[name]) for (const k of FIGURE_KEYS) push(name, row.key, row.label, k, row.figures[k]);
  for (const d of doc.durations) {
    push("duration", d.procedureCode, d.procedureName, "resolved", d.resolved);
    push("duration", d.procedureCode, d.procedureName, "averageWorkingDays", d.averageWorkingDays);
    push("duration", d.procedureCode, d.procedureName, "p90WorkingDays", d.p90WorkingDays);
  }
  for (const c of doc.index766) {
    push("index766", c.id, c.formula, "numerator", c.numerator);
    push("index766", c.id, c.formula, "denominator", c.denominator);
    push("index766", c.id, c.formula, "value", c.value);
  }
  for (const [k, v] of Object.entries(doc.petitions)) push("petitions", "all", "", k, v);
  for (const [k, v] of Object.entries(doc.ratings)) push("ratings", "all", "", k, v);
  return out;
}

/** RFC 4180 quoting: a field with a comma, a quote, CR or LF is quoted and its quotes doubled. A leading = + - @ is neutralised (CSV injection). */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The CSV file: UTF-8 with a byte-order mark (so spreadsheet programs read Vietnamese), a header row, CRLF line ends. */
export function openDataCsv(doc: OpenDataDocument): string {
  const lines = [CSV_COLUMNS.join(","), ...openDataCsvRows(doc).map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(","))];
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

/** A file name for a download: "thong-ke-2026-01-01_2026-12-31.csv". */
export function openDataFileName(filter: StatisticsFilter, extension: "csv" | "json" | "xlsx"): string {
  return `thong-ke-${filter.from}_${filter.to}.${extension}`;
}
