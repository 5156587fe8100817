import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { statisticsPage } from "~/domain/statistics/statistics-pages.server";
import { statisticsQueryString } from "~/domain/statistics/statistics-query";
import { i18nServer } from "~/platform/i18n.server";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { pageTitle } from "~/ui/page-title";
import { FilterForm } from "./statistics/filter-form";
import { ReportView } from "./statistics/report-view";

// "Thống kê" (issue 10): the province's figures for any period and node of the agency tree, computed from what really
// happened (shared/domain/vn-egov.md §3–§4). Public, no personal data, plain HTML (the filter is a GET form), charts
// drawn on the server each with its table, and the same figures as open data (CSV, JSON).

export const handle = { i18n: ["statistics-pages", "statistics"], hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const [t, page] = await Promise.all([i18nServer.getFixedT(request, "statistics-pages"), statisticsPage(context.db, url.searchParams)]);
  return { title: t("title"), ...page };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function Statistics() {
  const { title, today, values, errors, report, catalog, options, scopeName } = useLoaderData<typeof loader>();
  const { t } = useTranslation("statistics-pages");
  const query = statisticsQueryString(report.filter);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary title={t("errors.title")} description={t("errors.shownDefault")} errors={errors.map((e) => ({ href: `#${e.field}`, text: t(e.message) }))} />
        <span className="govuk-caption-l">{t("caption")}</span>
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("intro")}</p>
        <FilterForm action="/statistics" values={values} errors={errors} options={options} filter={report.filter} today={today} />
        <ReportView report={report} catalog={catalog} scopeName={scopeName} />
        <h2 className="govuk-heading-m">{t("exports.heading")}</h2>
        <ul className="govuk-list">
          <li>
            <a className="govuk-link" href={`/statistics/data.csv?${query}`} download>
              {t("exports.csv")}
            </a>
          </li>
          <li>
            <a className="govuk-link" href={`/statistics/data.json?${query}`} download>
              {t("exports.json")}
            </a>
          </li>
          <li>
            <a className="govuk-link" href="/open-data/statistics.schema.json">
              {t("exports.format")}
            </a>
          </li>
          <li>
            <Link className="govuk-link" to={`/office/statistics?${query}`}>
              {t("exports.officeLink")}
            </Link>
          </li>
        </ul>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
