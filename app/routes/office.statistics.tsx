import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { DrillMeasure, StatisticsFilter } from "~/domain/statistics/report";
import { statisticsPage } from "~/domain/statistics/statistics-pages.server";
import { statisticsQueryString } from "~/domain/statistics/statistics-query";
import { i18nServer } from "~/platform/i18n.server";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { requireStatisticsOfficial } from "./office/statistics.server";
import { FilterForm } from "./statistics/filter-form";
import { ReportView } from "./statistics/report-view";

// "Thống kê của cơ quan" (issue 10): the public figures, where every count links to the dossiers it counts (in the
// official's agencies), and the Excel export of the same figures.

export const handle = { i18n: ["statistics-pages", "statistics"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStatisticsOfficial(request, context);
  const url = new URL(request.url);
  const [t, page] = await Promise.all([i18nServer.getFixedT(request, "statistics-pages"), statisticsPage(context.db, url.searchParams)]);
  return { title: t("officeTitle"), ...page };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export function headers() {
  return { "Cache-Control": "private, no-store" };
}

export default function OfficeStatistics() {
  const { title, today, values, errors, report, catalog, options, scopeName } = useLoaderData<typeof loader>();
  const { t } = useTranslation("statistics-pages");
  const query = statisticsQueryString(report.filter);
  const drill = (measure: DrillMeasure, override: Partial<StatisticsFilter> = {}) => `/office/statistics/dossiers?${statisticsQueryString({ ...report.filter, ...override }, { measure })}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary title={t("errors.title")} description={t("errors.shownDefault")} errors={errors.map((e) => ({ href: `#${e.field}`, text: t(e.message) }))} />
        <span className="govuk-caption-l">{t("caption")}</span>
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("officeIntro")}</p>
        <ul className="govuk-list">
          <li>
            <a className="govuk-link" href={`/office/statistics/export.xlsx?${query}`} download>
              {t("exports.xlsx")}
            </a>
          </li>
          <li>
            <Link className="govuk-link" to={`/statistics?${query}`}>
              {t("exports.publicLink")}
            </Link>
          </li>
        </ul>
        <FilterForm action="/office/statistics" values={values} errors={errors} options={options} filter={report.filter} today={today} />
        <ReportView report={report} catalog={catalog} scopeName={scopeName} drill={drill} />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
