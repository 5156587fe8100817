import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { openDataFileName } from "~/domain/statistics/open-data";
import { statisticsExport } from "~/domain/statistics/statistics-pages.server";
import { statisticsWorkbook } from "~/domain/statistics/statistics-workbook";
import { i18nServer } from "~/platform/i18n.server";
import { xlsx, XLSX_CONTENT_TYPE } from "~/platform/xlsx.server";
import { requireStatisticsOfficial } from "./office/statistics.server";

// The officials' Excel file of the statistics for the page's filter: one sheet per breakdown, numbers as numbers.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStatisticsOfficial(request, context);
  const url = new URL(request.url);
  const [report, t] = await Promise.all([statisticsExport(context.db, url.searchParams), i18nServer.getFixedT(request, ["statistics-pages", "statistics"])]);
  if (!report) throw data({ reason: "badFilter" }, { status: 400 });
  const book = xlsx(statisticsWorkbook(report, (key) => t(key)), { title: t("officeTitle") });
  return new Response(new Uint8Array(book), {
    headers: {
      "Content-Type": XLSX_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${openDataFileName(report.filter, "xlsx")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
