// The officials' Excel export (issue 10): the report as sheets of a workbook, one per breakdown (summary, month, agency,
// field, channel, online level, durations, Decision 766), a header row, numbers as numbers. Pure: the route hands the
// sheets to the .xlsx writer (app/platform/xlsx.server.ts).

import type { Breakdown, StatisticsReport } from "./report";
import { FIGURE_KEYS } from "./open-data";
import { headlineShares, SHARE_KEYS } from "./shares";

export interface WorkbookSheet {
  name: string;
  header: string[];
  rows: (string | number | null)[][];
}

const RATING_LABELS = [
  ["rated", "petitions.rated"],
  ["verySatisfied", "petitions.verySatisfied"],
  ["satisfied", "petitions.ratedSatisfied"],
  ["unsatisfied", "petitions.ratedUnsatisfied"],
] as const;

/** `t` gives the words (keys of the "statistics-pages" namespace, and "statistics:" formula keys). */
export function statisticsWorkbook(report: StatisticsReport, t: (key: string) => string): WorkbookSheet[] {
  const measureName = (k: (typeof FIGURE_KEYS)[number]) => t(`measures.${k}`);
  const shares = headlineShares(report);
  const breakdown = (name: string, list: readonly Breakdown[], label: (b: Breakdown) => string): WorkbookSheet => ({
    name,
    header: [t("xlsx.key"), t("xlsx.name"), ...FIGURE_KEYS.map(measureName)],
    rows: list.map((b) => [b.key, label(b), ...FIGURE_KEYS.map((k) => b.figures[k])]),
  });
  return [
    {
      name: t("xlsx.summary"),
      header: [t("columns.measure"), t("xlsx.key"), t("columns.value")],
      rows: [
        [t("filter.from"), "from", report.filter.from],
        [t("filter.to"), "to", report.filter.to],
        [t("filter.agency"), "agency", report.filter.agencyId],
        [t("filter.field"), "field", report.filter.field],
        [t("filter.procedure"), "procedure", report.filter.procedureCode],
        [t("filter.channel"), "channel", report.filter.channel],
        [t("filter.level"), "level", report.filter.onlineLevel],
        [t("xlsx.asOf"), "asOf", report.asOf],
        ...FIGURE_KEYS.map((k) => [measureName(k), k, report.figures[k]]),
        ...SHARE_KEYS.map((k) => [t(`xlsx.shares.${k}`), `share.${k}`, shares[k]]),
        ...Object.entries(report.petitions).map(([k, v]) => [t(`petitions.${k}`), `petitions.${k}`, v]),
        ...RATING_LABELS.map(([k, label]) => [t(label), `ratings.${k}`, report.ratings[k]]),
      ],
    },
    breakdown(t("xlsx.byMonth"), report.byMonth, (b) => `${b.key.slice(5, 7)}/${b.key.slice(0, 4)}`),
    breakdown(t("xlsx.byAgency"), report.byAgency, (b) => b.label),
    breakdown(t("xlsx.byField"), report.byField, (b) => b.label),
    breakdown(t("xlsx.byChannel"), report.byChannel, (b) => t(`channels.${b.key}`)),
    breakdown(t("xlsx.byLevel"), report.byOnlineLevel, (b) => t(`levels.${b.key}`)),
    {
      name: t("xlsx.durations"),
      header: [t("xlsx.key"), t("columns.procedure"), t("columns.resolved"), t("columns.average"), t("columns.p90")],
      rows: report.durations.map((d) => [d.procedureCode, d.procedureName, d.resolved, d.averageWorkingDays, d.p90WorkingDays]),
    },
    {
      name: t("xlsx.index766"),
      header: [t("xlsx.key"), t("columns.component"), t("columns.formula"), t("columns.numerator"), t("columns.denominator"), t("columns.value")],
      rows: report.index766.map((c) => [c.id, t(`index766.groups.${c.group}`), t(`statistics:${c.formulaKey}`), c.numerator, c.denominator, c.value]),
    },
  ];
}
