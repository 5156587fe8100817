import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { dossierPath } from "~/domain/dossiers/office";
import { formatDateTime, formatTimestamp } from "~/domain/shared/format";
import { barChart, LIVE_CHANNELS, LIVE_CHART_AGENCIES, LIVE_REFRESH_MS, splitDuration, type LiveAgencyRow, type LiveDossier } from "~/domain/statistics/live";
import { LIVE_PERMISSION, liveViewFor } from "~/domain/statistics/live.server";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { Breadcrumbs } from "~/ui/breadcrumbs";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Table, type TableCell } from "~/ui/table";

// The leaders' live view (issue 10, item 4; the "operations centre" of the seed article): today's intake by channel,
// the dossiers due within 24 h, the overdue ones by agency (a server-rendered SVG bar chart with the same numbers in a
// table beside it) and the longest overdue, each linking to its page. With JavaScript the figures are fetched again
// every 30 s while the tab is visible (Remix's revalidator) and a polite live region says when; without it a "Làm mới"
// link reloads the page. Officials holding read:statistics:agency (approvers) see their agencies and those under them.

export const handle = { i18n: ["live"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, LIVE_PERMISSION);
  const result = await liveViewFor(context.db, { actor, now: new Date() });
  if (!result.ok) throw data({ reason: "forbidden" }, { status: 403 });
  const t = await i18nServer.getFixedT(request, "live");
  return data({ title: t("title"), view: result.view }, { headers: { "Cache-Control": "no-store" } });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

function durationText(ms: number, t: TFunction): string {
  const d = splitDuration(ms);
  if (d.days > 0) return t("duration.days", d);
  if (d.hours > 0) return t("duration.hours", d);
  return t("duration.minutes", d);
}

/** Very long agency names are cut in the chart (the table beside it has them whole). */
const chartLabel = (name: string) => (name.length > 52 ? `${name.slice(0, 51)}…` : name);

function OverdueChart({ rows, t }: { rows: LiveAgencyRow[]; t: TFunction }) {
  const chart = barChart(
    rows.map((r) => ({ label: chartLabel(r.agencyName), value: r.overdue })),
    { width: 400, rowHeight: 46 },
  );
  const list = rows.map((r) => `${r.agencyName}: ${r.overdue}`).join("; ");
  return (
    <svg
      className="app-live-chart"
      role="img"
      aria-labelledby="overdue-chart-title overdue-chart-desc"
      viewBox={`0 0 ${chart.width} ${chart.height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id="overdue-chart-title">{t("overdue.chartTitle")}</title>
      <desc id="overdue-chart-desc">{t("overdue.chartDesc", { list })}</desc>
      {chart.bars.map((bar, i) => (
        <g key={i}>
          <text x={0} y={bar.labelY} fontSize="15" fill="#0b0c0c">
            {bar.label}
          </text>
          <rect x={0} y={bar.y} width={bar.width} height={chart.barHeight} fill="#d4351c" />
          <text x={bar.width + 6} y={bar.y + chart.barHeight / 2} dominantBaseline="central" fontSize="15" fontWeight="700" fill="#0b0c0c">
            {bar.value}
          </text>
        </g>
      ))}
    </svg>
  );
}

function DossierTable({ rows, caption, lastHead, t }: { rows: LiveDossier[]; caption: string; lastHead: string; t: TFunction }) {
  return (
    <div className="app-table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <Table
        className="app-live-wide"
        caption={caption}
        captionSize="s"
        head={[{ text: t("mostOverdue.code") }, { text: t("mostOverdue.procedure") }, { text: t("mostOverdue.agency") }, { text: t("mostOverdue.due") }, { text: lastHead }]}
        rows={rows.map((d) => [
          {
            text: d.canOpen ? (
              <Link className="govuk-link" to={dossierPath(d.code)}>
                {d.code}
              </Link>
            ) : (
              d.code
            ),
          },
          { text: d.procedureName },
          { text: d.agencyName },
          { text: formatTimestamp(d.dueAt) },
          { text: <strong>{durationText(d.ms, t)}</strong> },
        ])}
      />
    </div>
  );
}

/** Ask for fresh figures every LIVE_REFRESH_MS while the tab is visible (at once when it comes back into view). */
function useAutoRefresh() {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    setEnabled(true);
    let timer: ReturnType<typeof setInterval> | undefined;
    const tick = () => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.revalidate();
    };
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const start = () => {
      stop();
      timer = setInterval(tick, LIVE_REFRESH_MS);
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") {
        tick();
        start();
      } else stop();
    };
    if (document.visibilityState === "visible") start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, []);
  return enabled;
}

export default function LiveView() {
  const { title, view } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("live");
  const lang = i18n.language === "en" ? "en" : "vi";
  const auto = useAutoRefresh();
  const numbers = new Intl.NumberFormat(lang === "en" ? "en-GB" : "vi-VN");
  const n = (value: number): TableCell => ({ text: numbers.format(value), format: "numeric" });
  const intakeRows = view.agencies.filter((a) => a.intake.total > 0);
  const overdueRows = view.agencies.filter((a) => a.overdue > 0);
  const charted = overdueRows.slice(0, LIVE_CHART_AGENCIES);
  const totals = view.totals;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Breadcrumbs items={[{ text: t("breadcrumbs.office"), href: "/office" }, { text: title }]} collapseOnMobile />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("intro", { count: view.agencyCount })}</p>
        <div className="app-live-status">
          <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1" role="status" aria-live="polite" id="live-updated">
            {t("updatedAt", { time: formatDateTime(view.at, lang) })}
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/office/live">
              {t("refresh")}
            </Link>
            {auto ? <span className="govuk-hint app-live-auto"> {t("autoRefresh")}</span> : null}
          </p>
        </div>

        <Table
          caption={t("summary.caption")}
          captionSize="m"
          firstCellIsHeader
          head={[{ text: t("summary.measure") }, { text: t("summary.value"), format: "numeric" }]}
          rows={[
            [{ text: t("summary.overdue") }, n(totals.overdue)],
            [{ text: t("summary.dueSoon") }, n(totals.dueSoon)],
            [{ text: t("summary.inProgress") }, n(totals.inProgress)],
            [{ text: t("summary.intake") }, n(totals.intake.total)],
            [{ text: t("summary.waitingApplicant") }, n(totals.waitingApplicant)],
            [{ text: t("summary.waitingPayment") }, n(totals.waitingPayment)],
          ]}
        />

        <h2 className="govuk-heading-m" id="overdue-heading">
          {t("overdue.heading")}
        </h2>
        {charted.length === 0 ? (
          <p className="govuk-body">{t("overdue.none")}</p>
        ) : (
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-half">
              <OverdueChart rows={charted} t={t} />
            </div>
            <div className="govuk-grid-column-one-half">
              <Table
                caption={t("overdue.caption")}
                captionSize="s"
                firstCellIsHeader
                head={[{ text: t("overdue.agency") }, { text: t("overdue.count"), format: "numeric" }]}
                rows={charted.map((r) => [{ text: r.agencyName }, n(r.overdue)])}
              />
              {overdueRows.length > charted.length ? <p className="govuk-body-s">{t("overdue.more", { shown: charted.length, total: overdueRows.length })}</p> : null}
            </div>
          </div>
        )}

        {view.mostOverdue.length > 0 ? (
          <>
            <h2 className="govuk-heading-m">{t("mostOverdue.heading")}</h2>
            <DossierTable rows={view.mostOverdue} caption={t("mostOverdue.caption", { count: view.mostOverdue.length })} lastHead={t("mostOverdue.late")} t={t} />
          </>
        ) : null}

        <h2 className="govuk-heading-m">{t("dueSoon.heading")}</h2>
        {view.dueSoon.length === 0 ? (
          <p className="govuk-body">{t("dueSoon.none")}</p>
        ) : (
          <DossierTable rows={view.dueSoon} caption={t("dueSoon.caption")} lastHead={t("dueSoon.left")} t={t} />
        )}

        <h2 className="govuk-heading-m">{t("intake.heading")}</h2>
        {intakeRows.length === 0 ? (
          <p className="govuk-body">{t("intake.none")}</p>
        ) : (
          <div className="app-table-scroll" tabIndex={0} role="region" aria-label={t("intake.caption")}>
            <Table
              caption={t("intake.caption")}
              captionSize="s"
              firstCellIsHeader
              head={[{ text: t("intake.agency") }, ...LIVE_CHANNELS.map((c) => ({ text: t(`intake.${c}`), format: "numeric" as const })), { text: t("intake.total"), format: "numeric" }]}
              rows={[
                ...intakeRows.map((r) => [{ text: r.agencyName }, ...LIVE_CHANNELS.map((c) => n(r.intake[c])), n(r.intake.total)]),
                [{ text: t("intake.totalRow") }, ...LIVE_CHANNELS.map((c) => n(totals.intake[c])), n(totals.intake.total)],
              ]}
            />
          </div>
        )}

        <h2 className="govuk-heading-m">{t("agencies.heading")}</h2>
        {view.agencies.length === 0 ? (
          <p className="govuk-body">{t("agencies.none")}</p>
        ) : (
          <div className="app-table-scroll" tabIndex={0} role="region" aria-label={t("agencies.caption")}>
            <Table
              className="app-live-wide"
              caption={t("agencies.caption")}
              captionSize="s"
              firstCellIsHeader
              head={[
                { text: t("intake.agency") },
                { text: t("summary.overdue"), format: "numeric" },
                { text: t("summary.dueSoon"), format: "numeric" },
                { text: t("summary.inProgress"), format: "numeric" },
                { text: t("summary.intake"), format: "numeric" },
                { text: t("summary.waitingApplicant"), format: "numeric" },
                { text: t("summary.waitingPayment"), format: "numeric" },
              ]}
              rows={view.agencies.map((r) => [{ text: r.agencyName }, n(r.overdue), n(r.dueSoon), n(r.inProgress), n(r.intake.total), n(r.waitingApplicant), n(r.waitingPayment)])}
            />
          </div>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
