import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { yesterdayInVietnam } from "~/domain/payments/reconciliation";
import { askSchema, PROVIDERS, reportQuerySchema } from "~/domain/payments/reconciliation.schema";
import { askGateway, mayCollect, reconciliationReport, type AskResult, type ReportItem } from "~/domain/payments/reconciliation.server";
import { formatDate, formatTimestamp, formatVnd } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { paymentDeps } from "~/platform/payment-services.server";
import { Button } from "~/ui/button";
import { DateInput } from "~/ui/date-input";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { Select } from "~/ui/select";
import { Table } from "~/ui/table";
import { refuseAccess, requirePaymentOfficial } from "./office/payments.server";

// "Đối soát thanh toán" (issue 9, shared/domain/payments.md §5.3): the day's payments of one provider in the buckets
// of the reconciliation (a GET form: the day, yesterday in Vietnam by default, and the provider), with the day's totals
// per provider split phí / lệ phí; for VNPay, a POST asks the gateway (querydr) about the payments it has not confirmed.

export const handle = { i18n: ["payments-office"] };

type Provider = (typeof PROVIDERS)[number];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePaymentOfficial(request, context);
  const params = new URL(request.url).searchParams;
  const given = ["day-day", "day-month", "day-year", "provider"].some((k) => params.has(k));
  const yesterday = yesterdayInVietnam();
  const [y, m, d] = yesterday.split("-") as [string, string, string];
  const values = given
    ? { day: params.get("day-day") ?? "", month: params.get("day-month") ?? "", year: params.get("day-year") ?? "", provider: params.get("provider") ?? "vnpay" }
    : { day: d, month: m, year: y, provider: "vnpay" };
  const parsed = reportQuerySchema.safeParse({ "day-day": values.day, "day-month": values.month, "day-year": values.year, provider: values.provider });
  const t = await i18nServer.getFixedT(request, "payments-office");
  const errors: { field: "day" | "provider"; message: string }[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === "provider" ? "provider" : "day";
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
    }
  }
  const query = parsed.success ? parsed.data : null;
  const result = query ? await reconciliationReport(context.db, paymentDeps(context), { actor, provider: query.provider, day: query.day }) : null;
  if (result && !result.ok) refuseAccess(result.status);
  return data(
    { title: t("title"), values, errors, report: result?.ok ? result.report : null, mayAsk: mayCollect(actor) },
    { status: errors.length > 0 ? 400 : 200 },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePaymentOfficial(request, context, "collect:payment:agency");
  const parsed = askSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ asked: null, error: parsed.error.issues[0]?.message ?? "payments-office:errors.malformed" }, { status: 400 });
  const result = await askGateway(context.db, paymentDeps(context), { actor, day: parsed.data.day, ip: context.clientIp });
  if (!result.ok) {
    refuseAccess(result.status);
    return data({ asked: null, error: result.message }, { status: result.status });
  }
  return data({ asked: result.results, error: null as string | null });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Lang = "vi" | "en";

function itemRows(provider: Provider, items: ReportItem[], t: TFunction, lang: Lang) {
  const time = (at: string | null) => (at ? formatTimestamp(at) : "—");
  if (provider === "vietqr") {
    return items.map((i) => [
      { text: i.dossierCode ?? "—" },
      { text: i.reference ?? "—" },
      { text: formatVnd(i.amount, lang), format: "numeric" as const },
      { text: i.expected !== null ? formatVnd(i.expected, lang) : "—", format: "numeric" as const },
      { text: i.bookedOn ? formatDate(i.bookedOn) : i.createdAt ? time(i.createdAt) : "—" },
      { text: i.description ?? "—" },
      { text: i.bankRef ?? "—" },
      { text: i.lineClass ? t(`classes.${i.lineClass}`) : i.state ? t(`states.${i.state}`) : "—" },
    ]);
  }
  return items.map((i) => [
    { text: i.dossierCode ?? "—" },
    { text: i.reference ?? "—" },
    { text: formatVnd(i.amount, lang), format: "numeric" as const },
    { text: i.state ? t(`states.${i.state}`) : "—" },
    { text: time(i.createdAt) },
    { text: time(i.paidAt) },
    { text: provider === "counter" ? (i.officer ?? "—") : i.reviewReason ? t(`reasons.${i.reviewReason}`, { defaultValue: i.reviewReason }) : "—" },
  ]);
}

function itemHead(provider: Provider, t: TFunction) {
  if (provider === "vietqr") {
    return ["dossier", "reference", "amount", "expected", "bookedOn", "description", "bankRef", "class"].map((c) => ({ text: t(`columns.${c}`), ...(c === "amount" || c === "expected" ? { format: "numeric" as const } : {}) }));
  }
  const last = provider === "counter" ? "officer" : "reason";
  return ["dossier", "reference", "amount", "state", "createdAt", "paidAt", last].map((c) => ({ text: t(`columns.${c}`), ...(c === "amount" ? { format: "numeric" as const } : {}) }));
}

function AskResults({ asked, t }: { asked: AskResult[]; t: TFunction }) {
  if (asked.length === 0) return <NotificationBanner>{t("ask.nothing")}</NotificationBanner>;
  return (
    <NotificationBanner type="success" title={t("ask.resultHeading")}>
      <Table
        head={[{ text: t("columns.dossier") }, { text: t("columns.reference") }, { text: t("ask.before") }, { text: t("ask.outcome") }]}
        rows={asked.map((a) => [{ text: a.dossierCode }, { text: a.reference }, { text: t(`buckets.${a.before}.title`) }, { text: t(`ask.outcomes.${a.outcome}`) }])}
      />
    </NotificationBanner>
  );
}

export default function PaymentsReport() {
  const { title, values, errors, report, mayAsk } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("payments-office");
  const lang: Lang = i18n.language === "en" ? "en" : "vi";
  const summary = [
    ...errors.map((e) => ({ href: e.field === "day" ? "#day-day" : "#provider", text: t(e.message) })),
    ...(result?.error ? [{ href: "#ask", text: t(result.error) }] : []),
  ];
  const fieldError = (field: "day" | "provider") => {
    const e = errors.find((x) => x.field === field);
    return e ? t(e.message) : undefined;
  };
  const provider = (report?.provider ?? "vnpay") as Provider;
  const totals = report ? (PROVIDERS.map((p) => [p, report.totals[p]] as const)) : [];
  const sum = totals.reduce((s, [, x]) => ({ count: s.count + x.count, phi: s.phi + x.phi, lePhi: s.lePhi + x.lePhi, total: s.total + x.total }), { count: 0, phi: 0, lePhi: 0, total: 0 });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary errors={summary} />
        {result?.asked ? <AskResults asked={result.asked} t={t} /> : null}
        <span className="govuk-caption-l">{t("caption")}</span>
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("intro")}</p>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to="/office/payments/statements">
              {t("links.statements")}
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to="/office/payments/review">
              {t("links.review")}
            </Link>
          </li>
        </ul>

        <Form method="get" className="app-filter" noValidate>
          <DateInput
            id="day"
            namePrefix="day"
            legend={t("filter.legend")}
            legendSize="s"
            hint={t("filter.hint")}
            error={fieldError("day")}
            defaultValue={{ day: values.day, month: values.month, year: values.year }}
          />
          <Select
            id="provider"
            name="provider"
            label={t("filter.provider")}
            error={fieldError("provider")}
            defaultValue={values.provider}
            options={PROVIDERS.map((p) => ({ value: p, text: t(`providers.${p}`) }))}
          />
          <Button type="submit" variant="secondary">
            {t("filter.show")}
          </Button>
        </Form>

        {report ? (
          <>
            <h2 className="govuk-heading-m">{t("reportHeading", { provider: t(`providers.${provider}`), day: formatDate(report.day) })}</h2>
            <Table
              caption={t("totals.heading")}
              captionSize="s"
              head={[
                { text: t("totals.provider") },
                { text: t("totals.count"), format: "numeric" },
                { text: t("totals.phi"), format: "numeric" },
                { text: t("totals.lePhi"), format: "numeric" },
                { text: t("totals.total"), format: "numeric" },
              ]}
              firstCellIsHeader
              rows={[
                ...totals.map(([p, x]) => [
                  { text: t(`providers.${p}`) },
                  { text: String(x.count), format: "numeric" as const },
                  { text: formatVnd(x.phi, lang), format: "numeric" as const },
                  { text: formatVnd(x.lePhi, lang), format: "numeric" as const },
                  { text: formatVnd(x.total, lang), format: "numeric" as const },
                ]),
                [
                  { text: t("totals.all") },
                  { text: String(sum.count), format: "numeric" as const },
                  { text: formatVnd(sum.phi, lang), format: "numeric" as const },
                  { text: formatVnd(sum.lePhi, lang), format: "numeric" as const },
                  { text: formatVnd(sum.total, lang), format: "numeric" as const },
                ],
              ]}
            />

            {provider === "vnpay" && mayAsk && report.askable > 0 ? (
              <section aria-labelledby="ask-heading" id="ask">
                <h2 className="govuk-heading-m" id="ask-heading">
                  {t("ask.heading")}
                </h2>
                <p className="govuk-body">{t("ask.hint", { count: report.askable })}</p>
                <Form method="post">
                  <input type="hidden" name="intent" value="ask" />
                  <input type="hidden" name="day" value={report.day} />
                  <Button type="submit">{t("ask.button")}</Button>
                </Form>
              </section>
            ) : null}

            {report.buckets.map((b) => (
              <section key={b.name} aria-labelledby={`bucket-${b.name}`}>
                <h3 className="govuk-heading-s" id={`bucket-${b.name}`}>
                  {t(`buckets.${b.name}.title`)} ({b.items.length})
                </h3>
                <p className="govuk-body-s">{t(`buckets.${b.name}.hint`)}</p>
                {b.items.length === 0 ? (
                  <p className="govuk-body">{t("none")}</p>
                ) : (
                  <Table caption={<span className="govuk-visually-hidden">{t(`buckets.${b.name}.title`)}</span>} head={itemHead(provider, t)} rows={itemRows(provider, b.items, t, lang)} />
                )}
              </section>
            ))}
          </>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
