import { data } from "@remix-run/node";
import { openDataCsv, openDataDocument, openDataFileName, openDataJson, type BreakdownName } from "~/domain/statistics/open-data";
import { statisticsExport } from "~/domain/statistics/statistics-pages.server";
import { i18nServer } from "~/platform/i18n.server";

// The open-data files of the public statistics (/statistics/data.json, /statistics/data.csv): the same filter as the
// page, a file name with the period, a short public cache (varying with the language of the words). A wrong filter
// is a 400.

export async function openDataResponse(request: Request, db: Parameters<typeof statisticsExport>[0], format: "json" | "csv"): Promise<Response> {
  const url = new URL(request.url);
  const [report, t] = await Promise.all([statisticsExport(db, url.searchParams), i18nServer.getFixedT(request, ["statistics-pages", "statistics"])]);
  if (!report) throw data({ reason: "badFilter" }, { status: 400 });
  const label = (name: BreakdownName, key: string, fallback: string) =>
    name === "channel" ? t(`statistics-pages:channels.${key}`, { defaultValue: fallback }) : name === "onlineLevel" ? t(`statistics-pages:levels.${key}`, { defaultValue: fallback }) : fallback;
  const doc = openDataDocument(report, (key) => t(`statistics:${key}`), label);
  const body = format === "json" ? openDataJson(doc) : openDataCsv(doc);
  return new Response(body, {
    headers: {
      "Content-Type": format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${openDataFileName(report.filter, format)}"`,
      "Cache-Control": "public, max-age=300",
      // The words (formulas, channel and level names) follow the visitor's language.
      Vary: "Cookie, Accept-Language",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
