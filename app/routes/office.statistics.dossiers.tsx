import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/domain/shared/format";
import { statisticsDossiers } from "~/domain/statistics/statistics-pages.server";
import { statisticsQueryString } from "~/domain/statistics/statistics-query";
import { i18nServer } from "~/platform/i18n.server";
import { BackLink } from "~/ui/back-link";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Pagination } from "~/ui/pagination";
import { TableScroll } from "~/ui/charts/chart-with-table";
import { Table } from "~/ui/table";
import { requireStatisticsOfficial } from "./office/statistics.server";

// "Hồ sơ được tính" (issue 10): the dossiers behind one figure of the statistics, in the official's agencies, a page
// at a time; each opens in the back office. The total is the figure's number when all its dossiers are in scope.

export const handle = { i18n: ["statistics-pages", "dossiers"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireStatisticsOfficial(request, context);
  const url = new URL(request.url);
  const [t, result] = await Promise.all([i18nServer.getFixedT(request, "statistics-pages"), statisticsDossiers(context.db, actor, url.searchParams)]);
  if (!result.ok) throw data({ reason: "badFilter" }, { status: 400 });
  return { title: `${t("drill.title")}: ${t(`measures.${result.measure}`)}`, ...result };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function StatisticsDossiers() {
  const { measure, page, pages, total, rows, filter } = useLoaderData<typeof loader>();
  const { t } = useTranslation("statistics-pages");
  const query = statisticsQueryString(filter);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <BackLink href={`/office/statistics?${query}`}>{t("drill.back")}</BackLink>
        <span className="govuk-caption-l">{t("period", { from: formatDate(filter.from), to: formatDate(filter.to) })}</span>
        <h1 className="govuk-heading-l">{t("drill.heading", { measure: t(`measures.${measure}`), count: total })}</h1>
        {rows.length === 0 ? (
          <p className="govuk-body">{t("drill.none")}</p>
        ) : (
          <TableScroll label={t("drill.caption")}>
            <Table
              caption={pages > 1 ? `${t("drill.caption")} · ${t("drill.pageOf", { page, pages })}` : t("drill.caption")}
              captionSize="s"
              head={[{ text: t("drill.code") }, { text: t("drill.procedure") }, { text: t("drill.agency") }, { text: t("drill.status") }, { text: t("drill.acceptedAt") }, { text: t("drill.dueAt") }, { text: t("drill.resultReadyAt") }]}
              firstCellIsHeader
              rows={rows.map((r) => [
                {
                  text: (
                    <Link className="govuk-link" to={`/office/dossiers/${encodeURIComponent(r.code)}`}>
                      {r.code}
                    </Link>
                  ),
                },
                { text: r.procedureName },
                { text: r.agencyName },
                { text: t(`dossiers:status.${r.status}`) },
                { text: r.acceptedAt ? formatDate(r.acceptedAt) : "—" },
                { text: r.dueAt ? formatDate(r.dueAt) : "—" },
                { text: r.resultReadyAt ? formatDate(r.resultReadyAt) : "—" },
              ])}
            />
          </TableScroll>
        )}
        {pages > 1 ? <Pagination currentPage={page} totalPages={pages} hrefForPage={(p) => `/office/statistics/dossiers?${statisticsQueryString(filter, { measure, page: String(p) })}`} /> : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
