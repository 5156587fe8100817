import { Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { DRILL_MEASURES, type Breakdown, type CatalogCounts, type DrillMeasure, type StatisticsFilter, type StatisticsReport } from "~/domain/statistics/report";
import { formatCount, formatShare, headlineShares } from "~/domain/statistics/shares";
import { formatDate, formatDateTime } from "~/domain/shared/format";
import { BarChart } from "~/ui/charts/bar-chart";
import { ChartWithTable, TableScroll } from "~/ui/charts/chart-with-table";
import { StackedBarChart } from "~/ui/charts/stacked-bar-chart";
import { Table, type TableCell } from "~/ui/table";

// The statistics report drawn for the public page and for officials (issue 10, shared/domain/vn-egov.md §3–§4): the
// headline figures, the table of every dossier measure, charts each followed by its data table (by month, agency,
// channel, online level, durations), the Decision 766 components with their formulas, what cannot be measured, the
// petitions and ratings, and the catalog counts per agency. For officials (`drill`), every count links to the list of
// dossiers behind it. Numbers carry data-measure attributes so that the e2e test can compare them with the exports.

type Lang = "vi" | "en";

export interface ReportViewProps {
  report: StatisticsReport;
  catalog: readonly CatalogCounts[];
  /** The name of the selected agency node (null: the province). */
  scopeName: string | null;
  /** For officials: where a count of `measure` (for the filter with `override`) links to. */
  drill?: (measure: DrillMeasure, override?: Partial<StatisticsFilter>) => string;
}

const num = (cell: ReactNode): TableCell => ({ text: cell, format: "numeric" });

/** A month key "2026-03" as the filter's part of it: the month's days inside the period. */
export function monthPeriod(month: string, filter: StatisticsFilter): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const first = `${month}-01`;
  const end = `${month}-${String(last).padStart(2, "0")}`;
  return { from: first > filter.from ? first : filter.from, to: end < filter.to ? end : filter.to };
}

export function ReportView({ report, catalog, scopeName, drill }: ReportViewProps) {
  const { t, i18n } = useTranslation("statistics-pages");
  const lang: Lang = i18n.language === "en" ? "en" : "vi";
  const f = report.figures;
  const shares = headlineShares(report);
  const count = (value: number, measure?: DrillMeasure, override?: Partial<StatisticsFilter>, tag?: string) => {
    const text = formatCount(value, lang);
    const inner = tag ? <span data-measure={tag}>{text}</span> : text;
    return drill && measure ? (
      <Link className="govuk-link" to={drill(measure, override)}>
        {inner}
      </Link>
    ) : (
      inner
    );
  };
  const pct = (value: number | null, tag?: string) => (tag ? <span data-share={tag}>{formatShare(value, lang)}</span> : formatShare(value, lang));
  const channelLabel = (b: Breakdown) => t(`channels.${b.key}`, { defaultValue: b.label });
  const levelLabel = (b: Breakdown) => t(`levels.${b.key}`, { defaultValue: b.label });
  const timelinessSeries = [
    { key: "early", label: t("columns.early") },
    { key: "onTime", label: t("columns.onTime") },
    { key: "late", label: t("columns.late") },
  ];
  const timelinessHead = (first: string): TableCell[] => [
    { text: first },
    num(t("columns.received")),
    num(t("columns.resolved")),
    num(t("columns.early")),
    num(t("columns.onTime")),
    num(t("columns.late")),
    num(t("columns.overdue")),
  ];
  const timelinessRow = (label: string, b: Breakdown, override: Partial<StatisticsFilter>): TableCell[] => [
    { text: label },
    num(count(b.figures.received, "received", override)),
    num(count(b.figures.resolved, "resolved", override)),
    num(count(b.figures.resolvedEarly, "resolvedEarly", override)),
    num(count(b.figures.resolvedOnTime, "resolvedOnTime", override)),
    num(count(b.figures.resolvedLate, "resolvedLate", override)),
    num(count(b.figures.inProgressOverdue, "inProgressOverdue", override)),
  ];
  const monthLabel = (b: Breakdown) => `${b.key.slice(5, 7)}/${b.key.slice(0, 4)}`;
  const byMonth = report.byMonth;
  const byAgency = report.byAgency;

  return (
    <>
      <p className="govuk-body" data-testid="as-of">
        {report.asOf ? t("asOf", { time: formatDateTime(report.asOf, lang) }) : t("asOfUnknown")}
      </p>
      <p className="govuk-body">
        {t("period", { from: formatDate(report.filter.from), to: formatDate(report.filter.to) })} · {t("scope", { scope: scopeName ?? t("province") })}
      </p>

      <h2 className="govuk-heading-m" id="headline">
        {t("headline.heading")}
      </h2>
      <ul className="app-stat-headline" aria-labelledby="headline">
        <Headline label={t("headline.received")} value={count(f.received, "received", undefined, "received")} detail={t("headline.receivedDetail", { online: formatCount(f.receivedOnline, lang), inPerson: formatCount(f.receivedInPerson, lang), post: formatCount(f.receivedPost, lang) })} />
        <Headline label={t("headline.resolved")} value={count(f.resolved, "resolved", undefined, "resolved")} />
        <Headline label={t("headline.early")} value={pct(shares.resolvedEarly, "resolvedEarly")} detail={t("headline.ofResolved", { count: f.resolvedEarly })} />
        <Headline label={t("headline.onTime")} value={pct(shares.resolvedOnTime, "resolvedOnTime")} detail={t("headline.ofResolved", { count: f.resolvedOnTime })} />
        <Headline label={t("headline.late")} value={pct(shares.resolvedLate, "resolvedLate")} detail={t("headline.ofResolved", { count: f.resolvedLate })} />
        <Headline label={t("headline.carriedOver")} value={count(f.carriedOver, "carriedOver")} />
        <Headline label={t("headline.inProgress")} value={count(f.inProgress, "inProgress")} detail={t("headline.inProgressDetail", { within: formatCount(f.inProgressWithinLimit, lang), overdue: formatCount(f.inProgressOverdue, lang) })} />
        <Headline label={t("headline.online")} value={pct(shares.online, "online")} detail={t("headline.onlineDetail", { online: formatCount(f.receivedOnline, lang), received: formatCount(f.received, lang) })} />
        <Headline label={t("headline.satisfaction")} value={pct(shares.satisfaction, "satisfaction")} detail={t("headline.satisfactionDetail", { satisfied: formatCount(report.ratings.verySatisfied + report.ratings.satisfied, lang), rated: formatCount(report.ratings.rated, lang) })} />
        <Headline
          label={t("headline.petitions")}
          value={pct(shares.petitionsAnsweredOnTime, "petitionsAnsweredOnTime")}
          detail={t("headline.petitionsDetail", { onTime: formatCount(report.petitions.answeredOnTime, lang), answered: formatCount(report.petitions.answeredOnTime + report.petitions.answeredLate, lang) })}
        />
        <Headline label={t("headline.average")} value={shares.averageResolutionWorkingDays === null ? "—" : t("headline.averageValue", { days: formatCount(shares.averageResolutionWorkingDays, lang) })} />
      </ul>

      <h2 className="govuk-heading-m">{t("figuresTable.heading")}</h2>
      <TableScroll label={t("figuresTable.caption")}>
        <Table
          caption={t("figuresTable.caption")}
          captionSize="s"
          head={[{ text: t("figuresTable.measure") }, num(t("figuresTable.count")), num(t("figuresTable.share"))]}
          firstCellIsHeader
          rows={DRILL_MEASURES.map((m) => [
            { text: t(`measures.${m}`) },
            num(<span data-figure={m}>{count(f[m], m)}</span>),
            num(m === "resolvedEarly" || m === "resolvedOnTime" || m === "resolvedLate" ? formatShare(shares[m], lang) : m === "inProgressOverdue" ? formatShare(shares.inProgressOverdue, lang) : ""),
          ])}
        />
      </TableScroll>

      <ChartWithTable
        headingLevel={2}
        heading={t("charts.byMonth")}
        chart={<StackedBarChart id="chart-month" title={t("charts.byMonth")} desc={t("charts.byMonthDesc")} series={timelinessSeries} rows={byMonth.map((b) => ({ label: monthLabel(b), values: [b.figures.resolvedEarly, b.figures.resolvedOnTime, b.figures.resolvedLate] }))} formatValue={(v) => formatCount(v, lang)} />}
        caption={t("charts.byMonthCaption")}
        head={timelinessHead(t("columns.month"))}
        rows={byMonth.map((b) => timelinessRow(monthLabel(b), b, monthPeriod(b.key, report.filter)))}
      />

      {byAgency.length > 0 ? (
        <ChartWithTable
          headingLevel={2}
          heading={t("charts.byAgency")}
          chart={<StackedBarChart id="chart-agency" title={t("charts.byAgency")} desc={t("charts.byAgencyDesc")} series={timelinessSeries} rows={byAgency.map((b) => ({ label: b.label, values: [b.figures.resolvedEarly, b.figures.resolvedOnTime, b.figures.resolvedLate] }))} formatValue={(v) => formatCount(v, lang)} />}
          caption={t("charts.byAgencyCaption")}
          head={timelinessHead(t("columns.agency"))}
          rows={byAgency.map((b) => timelinessRow(b.label, b, { agencyId: b.key }))}
        />
      ) : null}

      <ChartWithTable
        headingLevel={2}
        heading={t("charts.byChannel")}
        chart={<BarChart id="chart-channel" title={t("charts.byChannel")} desc={t("charts.byChannelDesc")} data={report.byChannel.map((b) => ({ label: channelLabel(b), value: b.figures.received }))} formatValue={(v) => formatCount(v, lang)} />}
        caption={t("charts.byChannelCaption")}
        head={timelinessHead(t("columns.channel"))}
        rows={report.byChannel.map((b) => timelinessRow(channelLabel(b), b, { channel: b.key }))}
      />

      <ChartWithTable
        headingLevel={2}
        heading={t("charts.byLevel")}
        chart={<BarChart id="chart-level" title={t("charts.byLevel")} desc={t("charts.byLevelDesc")} data={report.byOnlineLevel.map((b) => ({ label: levelLabel(b), value: b.figures.received }))} formatValue={(v) => formatCount(v, lang)} />}
        caption={t("charts.byLevelCaption")}
        head={timelinessHead(t("columns.level"))}
        rows={report.byOnlineLevel.map((b) => timelinessRow(levelLabel(b), b, { onlineLevel: b.key }))}
      />

      {report.durations.length > 0 ? (
        <ChartWithTable
          headingLevel={2}
          heading={t("charts.durations")}
          chart={<BarChart id="chart-durations" title={t("charts.durations")} desc={t("charts.durationsDesc")} data={report.durations.map((d) => ({ label: d.procedureName, value: d.averageWorkingDays ?? 0 }))} formatValue={(v) => formatCount(v, lang)} />}
          caption={t("charts.durationsCaption")}
          head={[{ text: t("columns.procedure") }, num(t("columns.resolved")), num(t("columns.average")), num(t("columns.p90"))]}
          rows={report.durations.map((d) => [
            { text: `${d.procedureName} (${d.procedureCode})` },
            num(count(d.resolved, "resolved", { procedureCode: d.procedureCode })),
            num(d.averageWorkingDays === null ? "—" : formatCount(d.averageWorkingDays, lang)),
            num(d.p90WorkingDays === null ? "—" : formatCount(d.p90WorkingDays, lang)),
          ])}
        />
      ) : (
        <>
          <h2 className="govuk-heading-m">{t("charts.durations")}</h2>
          <p className="govuk-body">{t("charts.empty")}</p>
        </>
      )}

      <Index766 report={report} t={t} lang={lang} />

      <h2 className="govuk-heading-m">{t("petitions.heading")}</h2>
      <TableScroll label={t("petitions.caption")}>
        <Table
          caption={t("petitions.caption")}
          captionSize="s"
          head={[{ text: t("columns.measure") }, num(t("columns.count"))]}
          firstCellIsHeader
          rows={[
            ...(["received", "answeredOnTime", "answeredLate", "pending", "satisfied", "unsatisfied"] as const).map((k) => [{ text: t(`petitions.${k}`) }, num(<span data-petitions={k}>{formatCount(report.petitions[k], lang)}</span>)]),
            [{ text: t("petitions.rated") }, num(<span data-ratings="rated">{formatCount(report.ratings.rated, lang)}</span>)],
            [{ text: t("petitions.verySatisfied") }, num(<span data-ratings="verySatisfied">{formatCount(report.ratings.verySatisfied, lang)}</span>)],
            [{ text: t("petitions.ratedSatisfied") }, num(<span data-ratings="satisfied">{formatCount(report.ratings.satisfied, lang)}</span>)],
            [{ text: t("petitions.ratedUnsatisfied") }, num(<span data-ratings="unsatisfied">{formatCount(report.ratings.unsatisfied, lang)}</span>)],
          ]}
        />
      </TableScroll>

      <h2 className="govuk-heading-m">{t("catalog.heading")}</h2>
      <p className="govuk-body">{t("catalog.intro")}</p>
      {catalog.length > 0 ? (
        <TableScroll label={t("catalog.caption")}>
          <Table
            caption={t("catalog.caption")}
            captionSize="s"
            head={[{ text: t("columns.agency") }, num(t("columns.full")), num(t("columns.partial")), num(t("columns.info")), num(t("columns.total"))]}
            firstCellIsHeader
            rows={[
              ...catalog.map((c) => [{ text: c.agencyName }, num(formatCount(c.full, lang)), num(formatCount(c.partial, lang)), num(formatCount(c.info, lang)), num(formatCount(c.full + c.partial + c.info, lang))]),
              [
                { text: t("columns.total") },
                num(formatCount(catalog.reduce((a, c) => a + c.full, 0), lang)),
                num(formatCount(catalog.reduce((a, c) => a + c.partial, 0), lang)),
                num(formatCount(catalog.reduce((a, c) => a + c.info, 0), lang)),
                num(formatCount(catalog.reduce((a, c) => a + c.full + c.partial + c.info, 0), lang)),
              ],
            ]}
          />
        </TableScroll>
      ) : (
        <p className="govuk-body">{t("charts.empty")}</p>
      )}
    </>
  );
}

function Headline({ label, value, detail }: { label: string; value: ReactNode; detail?: string }) {
  return (
    <li className="app-stat-headline__item">
      <span className="govuk-body-s govuk-!-margin-bottom-1 app-stat-headline__label">{label}</span>
      <span className="app-stat-headline__value">{value}</span>
      {detail ? <span className="govuk-body-s app-stat-headline__detail">{detail}</span> : null}
    </li>
  );
}

function Index766({ report, t, lang }: { report: StatisticsReport; t: TFunction; lang: Lang }) {
  return (
    <>
      <h2 className="govuk-heading-m">{t("index766.heading")}</h2>
      <p className="govuk-body">{t("index766.intro")}</p>
      <TableScroll label={t("index766.caption")}>
        <Table
          caption={t("index766.caption")}
          captionSize="s"
          head={[{ text: t("columns.component") }, { text: t("columns.formula") }, num(t("columns.numerator")), num(t("columns.denominator")), num(t("columns.value"))]}
          firstCellIsHeader
          rows={report.index766.map((c) => [
            { text: t(`index766.groups.${c.group}`) },
            { text: t(`statistics:${c.formulaKey}`) },
            num(formatCount(c.numerator, lang)),
            num(formatCount(c.denominator, lang)),
            num(<span data-index766={c.id}>{formatShare(c.value, lang)}</span>),
          ])}
        />
      </TableScroll>
      {report.unmeasured.length > 0 ? (
        <>
          <h3 className="govuk-heading-s">{t("index766.unmeasuredHeading")}</h3>
          <p className="govuk-body">{t("index766.unmeasuredIntro")}</p>
          <ul className="govuk-list govuk-list--bullet">
            {report.unmeasured.map((u) => (
              <li key={u.id}>{t(`statistics:${u.reasonKey}`)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
