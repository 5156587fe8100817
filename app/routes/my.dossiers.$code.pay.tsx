import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { paymentPage, startPayment, type RequestView } from "~/domain/payments/payments.server";
import { paySchema } from "~/domain/payments/payments.schema";
import { vietQrSvg } from "~/domain/payments/notice-pdf.server";
import { formatDate, formatTimestamp, formatVnd } from "~/domain/shared/format";
import { requirePermission } from "~/platform/auth.server";
import { getLanguage, i18nServer } from "~/platform/i18n.server";
import { paymentDeps, paymentSettings } from "~/platform/payment-services.server";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { SummaryList } from "~/ui/summary-list";
import { Table } from "~/ui/table";
import { Tag } from "~/ui/tag";

// Paying a dossier's fees (issue 9, item 4): what is due and why (the lines, phí and lệ phí apart, the total), then a
// choice of VNPay (redirect to the gateway) or a VietQR bank transfer (the QR and the account on this page and in a
// PDF notice); a failed or expired payment is paid again from here without filling anything in; receipts to download.
// The amount and the reference are shown before paying (GOV.UK Pay's pattern). A plain POST: works without JavaScript.

export const handle = { i18n: ["payments", "dossiers"] };

async function owner(request: Request, context: LoaderFunctionArgs["context"]) {
  const actor = await requirePermission(request, context, "read:dossier:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  return actor;
}

function notFound(): never {
  throw data({ reason: "notFound" }, { status: 404 });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await owner(request, context);
  const code = normaliseDossierCode(params.code ?? "") ?? notFound();
  const [page, t] = await Promise.all([paymentPage(context.db, paymentSettings(context), { actor, code }), i18nServer.getFixedT(request, "payments")]);
  if (!page) notFound();
  const qrSvg = page.transfer
    ? await vietQrSvg(page.transfer.payload, t("notice.qrTitle", { amount: page.transfer.amount.toLocaleString("vi-VN"), account: page.transfer.account, purpose: page.transfer.purpose }))
    : null;
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const flash = session.get("flash") ?? null;
  return data({ title: t("pay.title", { code }), page, qrSvg, flash }, { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session), "Cache-Control": "no-store" } });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, context, "update:dossier:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  const code = normaliseDossierCode(params.code ?? "") ?? notFound();
  const form = await request.formData();
  const values = { requestId: String(form.get("requestId") ?? ""), method: String(form.get("method") ?? "") };
  const parsed = paySchema.safeParse(values);
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "payments:errors.chooseMethod", field: "method" }, { status: 400 });
  const lang = await getLanguage(request);
  const result = await startPayment(context.db, paymentDeps(context), {
    actor,
    code,
    requestId: parsed.data.requestId,
    provider: parsed.data.method,
    ip: context.clientIp ?? "127.0.0.1",
    locale: lang === "en" ? "en" : "vi",
  });
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) return data({ error: result.message, field: "method" }, { status: result.status });
  if (result.kind === "redirect") throw redirect(result.url);
  throw redirect(`/my/dossiers/${encodeURIComponent(code)}/pay#transfer`);
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

const STATE_COLOURS = { created: "yellow", pending: "blue", paid: "green", failed: "red", expired: "grey", cancelled: "grey", refunded: "purple" } as const;

function Lines({ request }: { request: RequestView }) {
  const { t, i18n } = useTranslation("payments");
  const lang = i18n.language === "en" ? "en" : "vi";
  return (
    <Table
      caption={t("pay.linesCaption")}
      captionSize="s"
      head={[{ text: t("pay.line") }, { text: t("pay.kind") }, { text: t("pay.quantity"), format: "numeric" }, { text: t("pay.amount"), format: "numeric" }]}
      rows={[
        ...request.lines.map((l) => [{ text: l.name }, { text: t(`kinds.${l.kind}`) }, { text: String(l.quantity), format: "numeric" as const }, { text: formatVnd(l.amount, lang), format: "numeric" as const }]),
        [{ text: <strong>{t("pay.total")}</strong>, colSpan: 3 }, { text: <strong>{formatVnd(request.total, lang)}</strong>, format: "numeric" as const }],
      ]}
    />
  );
}

function Transfer({ page, qrSvg }: { page: Loaded["page"]; qrSvg: string | null }) {
  const { t, i18n } = useTranslation("payments");
  const lang = i18n.language === "en" ? "en" : "vi";
  const transfer = page.transfer;
  if (!transfer || !qrSvg) return null;
  return (
    <section id="transfer" aria-labelledby="transfer-heading">
      <h2 className="govuk-heading-m" id="transfer-heading">
        {t("transfer.heading")}
      </h2>
      <p className="govuk-body">{t("transfer.intro")}</p>
      {/* The QR as SVG drawn on the server (no script, no image request): it encodes exactly the payload below. */}
      <div className="app-qr" dangerouslySetInnerHTML={{ __html: qrSvg }} />
      <SummaryList
        rows={[
          { key: t("transfer.bank"), value: transfer.bankName },
          { key: t("transfer.account"), value: transfer.account },
          { key: t("transfer.accountName"), value: transfer.accountName },
          { key: t("transfer.amount"), value: formatVnd(transfer.amount, lang) },
          { key: t("transfer.purpose"), value: <code className="app-code">{transfer.purpose}</code> },
          { key: t("transfer.reference"), value: <code className="app-code">{transfer.reference}</code> },
          { key: t("transfer.deadline"), value: formatTimestamp(transfer.expiresAt) },
        ]}
      />
      <InsetText>{t("transfer.after")}</InsetText>
      <p className="govuk-body">
        <a className="govuk-link" href={`/my/dossiers/${encodeURIComponent(page.dossier.code)}/pay/notice.pdf`} download>
          {t("transfer.notice")}
        </a>
      </p>
    </section>
  );
}

export default function PayDossier() {
  const { title, page, qrSvg, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("payments");
  const lang = i18n.language === "en" ? "en" : "vi";
  const error = result?.error ? t(result.error) : undefined;
  const code = page.dossier.code;
  const payable = page.requests.filter((r) => r.payable);
  const methods = [
    ...(page.providers.vnpay ? [{ value: "vnpay", label: t("methods.vnpay"), hint: t("methods.vnpayHint") }] : []),
    ...(page.providers.vietqr ? [{ value: "vietqr", label: t("methods.vietqr"), hint: t("methods.vietqrHint") }] : []),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={`/my/dossiers/${encodeURIComponent(code)}`}>{t("pay.back")}</BackLink>
        {flash ? (
          <NotificationBanner type={flash.kind === "success" ? "success" : "neutral"} titleId="flash-title">
            <p className="govuk-body">{t(flash.messageKey)}</p>
          </NotificationBanner>
        ) : null}
        <ErrorSummary errors={error ? [{ href: "#method", text: error }] : []} />
        <h1 className="govuk-heading-l">{title}</h1>
        {page.requests.length === 0 ? <p className="govuk-body">{t("pay.nothing")}</p> : null}
        {page.requests.map((r) => (
          <section key={r.id} className="govuk-!-margin-bottom-8" aria-labelledby={`request-${r.id}`}>
            <h2 className="govuk-heading-m" id={`request-${r.id}`}>
              {t(`modes.${r.mode}`)} {r.waivedBasis ? <Tag colour="green">{t("states.waived")}</Tag> : <Tag colour={STATE_COLOURS[r.state]}>{t(`states.${r.state}`)}</Tag>}
            </h2>
            {r.waivedBasis ? <p className="govuk-body">{t("pay.waived", { basis: r.waivedBasis })}</p> : null}
            {r.note ? <p className="govuk-body">{t("pay.note", { note: r.note })}</p> : null}
            {r.payBy && r.payable ? <p className="govuk-body govuk-!-font-weight-bold">{t("pay.payBy", { date: formatDate(r.payBy) })}</p> : null}
            <Lines request={r} />
            {r.payable && r.mode === "pay_first" ? <InsetText>{t("pay.payFirstHint")}</InsetText> : null}
            {r.state === "paid" && r.paidAt ? <p className="govuk-body">{t("pay.paidAt", { time: formatTimestamp(r.paidAt) })}</p> : null}
            {r.state === "failed" || r.state === "expired" ? <p className="govuk-body">{t("pay.retryHint")}</p> : null}
            {r.receipts.length > 0 ? (
              <>
                <h3 className="govuk-heading-s">{t("pay.receipts")}</h3>
                <ul className="govuk-list">
                  {r.receipts.map((x) => (
                    <li key={x.id}>
                      <a className="govuk-link" href={`/my/dossiers/${encodeURIComponent(code)}/receipts/${x.id}`} download>
                        {t("pay.receipt", { kind: t(`kinds.${x.kind}`), series: x.series, number: String(x.number).padStart(7, "0"), amount: formatVnd(x.amount, lang) })}
                      </a>
                      {x.status === "cancelled" ? <> <Tag colour="grey">{t("receiptStates.cancelled")}</Tag></> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {r.attempts.length > 0 ? (
              <details className="govuk-details">
                <summary className="govuk-details__summary">
                  <span className="govuk-details__summary-text">{t("pay.attempts", { count: r.attempts.length })}</span>
                </summary>
                <div className="govuk-details__text">
                  <Table
                    head={[{ text: t("pay.when") }, { text: t("pay.method") }, { text: t("pay.reference") }, { text: t("pay.state") }]}
                    rows={r.attempts.map((a) => [
                      { text: formatTimestamp(a.createdAt) },
                      { text: t(`providers.${a.provider}`) },
                      { text: <code className="app-code">{a.reference}</code> },
                      { text: t(`states.${a.state}`) },
                    ])}
                  />
                </div>
              </details>
            ) : null}
          </section>
        ))}
        <Transfer page={page} qrSvg={qrSvg} />
        {payable.map((r) =>
          methods.length === 0 ? (
            <p key={r.id} className="govuk-body">
              {t("pay.noMethods")}
            </p>
          ) : (
            <Form method="post" key={r.id} noValidate>
              <input type="hidden" name="requestId" value={r.id} />
              <Radios idPrefix="method" name="method" legend={t("pay.chooseMethod")} legendSize="m" error={error} items={methods} defaultValue={methods.length === 1 ? methods[0]!.value : undefined} />
              <Button type="submit">{t("pay.submit", { amount: formatVnd(r.total, lang) })}</Button>
            </Form>
          ),
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/my/dossiers/${encodeURIComponent(code)}`}>
            {t("pay.back")}
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
