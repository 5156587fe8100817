import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { vnpayReturn } from "~/domain/payments/payments.server";
import { formatVnd } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { paymentDeps } from "~/platform/payment-services.server";
import { Button } from "~/ui/button";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Panel } from "~/ui/panel";
import { WarningText } from "~/ui/warning-text";

// Where VNPay sends the citizen's browser back (shared/domain/payments.md §2.2). It changes nothing: the query can be
// replayed by anyone who holds it. It shows OUR record of the attempt (moved only by the IPN or reconciliation), and
// while that is still pending the page reloads itself every 5 seconds (a meta refresh: no script needed); after two
// minutes it asks the gateway (querydr) on the server.

export const handle = { i18n: ["payments"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params: Record<string, string> = {};
  for (const [k, v] of new URL(request.url).searchParams) if (k.startsWith("vnp_") && Object.keys(params).length < 40) params[k] = v.slice(0, 1000);
  const [view, t] = await Promise.all([vnpayReturn(context.db, paymentDeps(context), { params, ip: context.clientIp }), i18nServer.getFixedT(request, "payments")]);
  const pending = view.state === "pending" || view.state === "created";
  return data({ title: t(`return.title.${!view.signatureOk || !view.state ? "invalid" : view.state}`), view, pending }, { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
}

export const meta: MetaFunction<typeof loader> = (args) => [...pageTitle(args), ...(args.data?.pending ? [{ httpEquiv: "refresh", content: "5" } as const] : [])];

export default function VnpayReturn() {
  const { title, view, pending } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("payments");
  const lang = i18n.language === "en" ? "en" : "vi";
  const dossierPage = view.dossierCode ? `/my/dossiers/${encodeURIComponent(view.dossierCode)}` : "/my/dossiers";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {view.state === "paid" ? (
          <Panel title={title}>
            {view.amount !== null ? t("return.paidAmount", { amount: formatVnd(view.amount, lang) }) : null}
            <br />
            {t("return.reference")}: <strong>{view.reference}</strong>
          </Panel>
        ) : (
          <h1 className="govuk-heading-l">{title}</h1>
        )}
        {!view.signatureOk || !view.state ? (
          <WarningText>{t("return.invalid")}</WarningText>
        ) : pending ? (
          <>
            <p className="govuk-body" role="status">
              {t("return.pending")}
            </p>
            <p className="govuk-body">
              <a className="govuk-link" href="">
                {t("return.reload")}
              </a>
            </p>
          </>
        ) : view.state === "paid" ? (
          <>
            <p className="govuk-body">{t("return.paidNext")}</p>
            <Button href={`${dossierPage}/pay`}>{t("return.receipts")}</Button>
          </>
        ) : (
          <>
            <p className="govuk-body">{view.responseCode ? t(`return.codes.${view.responseCode}`, { defaultValue: t("return.codes.other") }) : t("return.notPaid")}</p>
            <p className="govuk-body">{t("return.retryHint")}</p>
            {view.dossierCode ? <Button href={`${dossierPage}/pay`}>{t("return.retry")}</Button> : null}
          </>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={dossierPage}>
            {view.dossierCode ? t("return.toDossier", { code: view.dossierCode }) : t("return.toDossiers")}
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
