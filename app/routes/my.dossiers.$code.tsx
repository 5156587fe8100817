import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { myDossier, withdrawDossier } from "~/domain/dossiers/dossiers.server";
import { paymentPage } from "~/domain/payments/payments.server";
import { isRateable } from "~/domain/ratings/ratings";
import { myDossierRating } from "~/domain/ratings/ratings.server";
import { formatDate, formatFileSize, formatTimestamp, formatVnd } from "~/domain/shared/format";
import { requirePermission } from "~/platform/auth.server";
import { backOfficeServices, backOfficeSettings } from "~/platform/back-office-services.server";
import { i18nServer } from "~/platform/i18n.server";
import { paymentSettings } from "~/platform/payment-services.server";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { DossierTimeline, dossierSummaryRows } from "~/ui/dossier-timeline";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { useFormText } from "~/ui/dynamic-form";
import { WarningText } from "~/ui/warning-text";
import { SignatureVerdict } from "~/ui/signature-verdict";

// The owner's full view of a dossier (issue 5, item 5): summary, applicant, documents, history, the confirmation PDF,
// and withdrawal (status 7) while its status allows — a plain POST.

export const handle = { i18n: ["dossiers", "signature-report", "signatures", "payments", "ratings"] };

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
  const [dossier, payments, t] = await Promise.all([myDossier(context.db, { actor, code }), paymentPage(context.db, paymentSettings(context), { actor, code }), i18nServer.getFixedT(request, "dossiers")]);
  if (!dossier) notFound();
  // Issue 10: the rating given (or the invitation to rate once the result was returned).
  const rating = isRateable(dossier.status) ? await myDossierRating(context.db, actor, code) : null;
  // What the dossier's fees stand at (issue 9): the request the applicant can pay now, and how many there are.
  const fees = payments
    ? { due: payments.requests.find((r) => r.payable) ?? null, count: payments.requests.length, receipts: payments.requests.reduce((n, r) => n + r.receipts.length, 0), latest: payments.requests.at(-1) ?? null }
    : null;
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const flash = session.get("flash") ?? null;
  return data({ title: t("view.title", { code }), dossier, fees, flash, rating }, { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, context, "update:dossier:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  const code = normaliseDossierCode(params.code ?? "") ?? notFound();
  const form = await request.formData();
  if (form.get("intent") !== "withdraw") return data({ error: "dossiers:errors.notWithdrawable" }, { status: 400 });
  // The version the owner saw (the withdraw form's hidden field): the engine refuses a stale one.
  const version = /^\d{1,9}$/.test(String(form.get("version") ?? "")) ? Number(form.get("version")) : -1;
  const result = await withdrawDossier(context.db, backOfficeServices(context), backOfficeSettings(context), { actor, code, version });
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) return data({ error: result.message }, { status: result.status === 403 ? 403 : 409 });
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("flash", { kind: "success", messageKey: "dossiers:view.withdrawn" });
  throw redirect(`/my/dossiers/${encodeURIComponent(code)}`, { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

type LoadedDossier = ReturnType<typeof useLoaderData<typeof loader>>["dossier"];

/** Status 5: what the agency asks for (ONLY the flagged items), by when, and the way to answer. */
function SupplementNotice({ dossier }: { dossier: LoadedDossier }) {
  const { t } = useTranslation("dossiers");
  const request = dossier.supplement;
  const text = useFormText(request?.texts);
  if (dossier.status !== 5 || !request) return null;
  return (
    <NotificationBanner title={t("supplement.noticeTitle")} titleId="supplement-title" heading={t("supplement.noticeHeading")}>
      <p className="govuk-body">{t("supplement.note", { note: request.note })}</p>
      <p className="govuk-body govuk-!-font-weight-bold">{request.respondBy ? t("supplement.respondBy", { date: formatDate(request.respondBy) }) : t("supplement.noDeadline")}</p>
      <p className="govuk-body">{t("supplement.items")}</p>
      <ul className="govuk-list govuk-list--bullet">
        {request.fields.map((f) => (
          <li key={`f-${f.name}`}>{t("supplement.fieldItem", { label: text(f.labelKey) })}</li>
        ))}
        {request.documents.map((d) => (
          <li key={`d-${d.index}`}>{t("supplement.documentItem", { name: d.name })}</li>
        ))}
      </ul>
      <Button href={`/my/dossiers/${encodeURIComponent(dossier.code)}/supplement`} className="govuk-!-margin-bottom-0">
        {t("supplement.start")}
      </Button>
    </NotificationBanner>
  );
}

/** The fees (issue 9): a request to pay now is a banner with the amount and the way to pay; otherwise a line and a link. */
function FeesNotice({ dossier, fees, place }: { dossier: LoadedDossier; fees: ReturnType<typeof useLoaderData<typeof loader>>["fees"]; place: "top" | "body" }) {
  const { t, i18n } = useTranslation("payments");
  const lang = i18n.language === "en" ? "en" : "vi";
  if (!fees || fees.count === 0) return null;
  const page = `/my/dossiers/${encodeURIComponent(dossier.code)}/pay`;
  if (fees.due) {
    if (place !== "top") return null;
    return (
      <NotificationBanner title={t("dossier.bannerTitle")} titleId="fees-title" heading={t("dossier.due", { amount: formatVnd(fees.due.total, lang) })}>
        <p className="govuk-body">{fees.due.mode === "pay_first" ? t("pay.payFirstHint") : fees.due.payBy ? t("pay.payBy", { date: formatDate(fees.due.payBy) }) : null}</p>
        <Button href={page} className="govuk-!-margin-bottom-0">
          {t("dossier.pay")}
        </Button>
      </NotificationBanner>
    );
  }
  if (place !== "body") return null;
  return (
    <>
      <h2 className="govuk-heading-m">{t("dossier.heading")}</h2>
      <p className="govuk-body">
        {fees.latest ? `${t(fees.latest.waivedBasis ? "states.waived" : `states.${fees.latest.state}`)}: ${formatVnd(fees.latest.total, lang)}. ` : null}
        <Link className="govuk-link" to={page}>
          {fees.receipts > 0 ? t("dossier.receipts") : t("dossier.details")}
        </Link>
      </p>
    </>
  );
}

/** Status 10 (issue 10): the invitation to rate, prominent until the dossier is rated; then the rating given. */
function RatingNotice({ dossier, rating, place }: { dossier: LoadedDossier; rating: ReturnType<typeof useLoaderData<typeof loader>>["rating"]; place: "top" | "body" }) {
  const { t } = useTranslation("ratings");
  if (dossier.status !== 10) return null;
  const page = `/my/dossiers/${encodeURIComponent(dossier.code)}/rating`;
  if (!rating) {
    if (place !== "top") return null;
    return (
      <NotificationBanner title={t("title")} titleId="rating-title" heading={t("dossier.heading")}>
        <p className="govuk-body">{t("dossier.invite")}</p>
        <Button href={page} className="govuk-!-margin-bottom-0">
          {t("dossier.start")}
        </Button>
      </NotificationBanner>
    );
  }
  if (place !== "body") return null;
  return (
    <>
      <h2 className="govuk-heading-m">{t("dossier.heading")}</h2>
      <p className="govuk-body">
        {t("dossier.yours", { level: t(`levels.${rating.level}`) })} {rating.petitionCode ? t("dossier.case", { code: rating.petitionCode }) : null}{" "}
        <Link className="govuk-link" to={page}>
          {rating.editable ? t("dossier.edit") : t("dossier.view")}
        </Link>
      </p>
    </>
  );
}

/** Status 9 and 10: where the result is (online: in the document wallet). */
function ResultNotice({ dossier }: { dossier: LoadedDossier }) {
  const { t } = useTranslation("dossiers");
  if (dossier.status !== 9 && dossier.status !== 10) return null;
  const channel = dossier.status === 10 ? dossier.returnChannel : null;
  return (
    <>
      <h2 className="govuk-heading-m">{t("supplement.resultHeading")}</h2>
      {channel === "online" ? (
        <p className="govuk-body">
          {t("supplement.resultOnline")}.{" "}
          <Link className="govuk-link" to="/account/files">
            {t("supplement.resultWallet")}
          </Link>
        </p>
      ) : (
        <p className="govuk-body">{channel === "counter" ? t("supplement.resultCounter") : channel === "post" ? t("supplement.resultPost") : t("supplement.resultReady")}</p>
      )}
    </>
  );
}

export default function MyDossier() {
  const { title, dossier, fees, flash, rating } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("dossiers");
  const lang = i18n.language === "en" ? "en" : "vi";
  const error = result?.error ? t(result.error) : undefined;
  const a = dossier.applicant;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/my/dossiers">{t("view.back")}</BackLink>
        {flash ? (
          <NotificationBanner type={flash.kind === "success" ? "success" : "neutral"} title={flash.kind === "success" ? t("view.done") : undefined} titleId="flash-title">
            <p className="govuk-body">{t(flash.messageKey)}</p>
            {flash.messageKey === "dossiers:supplement.sent" && dossier.dueAt ? <p className="govuk-body">{t("supplement.sentDueAt", { date: formatDate(dossier.dueAt) })}</p> : null}
          </NotificationBanner>
        ) : null}
        <SupplementNotice dossier={dossier} />
        <FeesNotice dossier={dossier} fees={fees} place="top" />
        <RatingNotice dossier={dossier} rating={rating} place="top" />
        <ErrorSummary errors={error ? [{ href: "#withdraw", text: error }] : []} />
        <h1 className="govuk-heading-l">{title}</h1>
        <h2 className="govuk-heading-m">{t("view.summary")}</h2>
        <SummaryList
          rows={[
            ...dossierSummaryRows({ dossier, t }),
            ...(dossier.rescheduledDueAt ? [{ key: t("supplement.rescheduledDueAt"), value: <>{formatTimestamp(dossier.rescheduledDueAt)}<br /><span className="govuk-body-s">{t("supplement.rescheduledHint")}</span></> }] : []),
          ]}
        />
        <ResultNotice dossier={dossier} />
        <RatingNotice dossier={dossier} rating={rating} place="body" />
        <FeesNotice dossier={dossier} fees={fees} place="body" />
        <p className="govuk-body">
          <a className="govuk-link" href={`/my/dossiers/${encodeURIComponent(dossier.code)}/confirmation.pdf`} download>
            {t("view.confirmation")}
          </a>
        </p>
        <h2 className="govuk-heading-m">{t("view.applicant")}</h2>
        <SummaryList
          rows={[
            { key: t("fields.applicant"), value: a.fullName },
            { key: t("fields.cccd"), value: a.cccd ?? "—" },
            { key: t("fields.phone"), value: a.phone ?? "—" },
            { key: t("fields.email"), value: a.email ?? "—" },
            { key: t("fields.address"), value: a.address ?? "—" },
          ]}
        />
        <h2 className="govuk-heading-m">{t("view.documents")}</h2>
        {dossier.documents.length === 0 ? (
          <p className="govuk-body">{t("view.noDocuments")}</p>
        ) : (
          <SummaryList
            rows={dossier.documents.map((d) => ({
              key: d.name,
              value: (
                <ul className="govuk-list">
                  {d.files.map((f, i) => (
                    <li key={i}>
                      {f.name} ({formatFileSize(f.sizeBytes, lang)})
                      {f.signature && f.signature.status !== "none" && f.signature.status !== "not_checked" ? (
                        <>
                          <br />
                          <SignatureVerdict summary={f.signature} />
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ),
            }))}
          />
        )}
        <h2 className="govuk-heading-m">{t("view.history")}</h2>
        <DossierTimeline entries={dossier.timeline} t={t} />
        {dossier.canWithdraw ? (
          <>
            <h2 className="govuk-heading-m">{t("view.withdrawHeading")}</h2>
            <WarningText>{t("view.withdrawIntro")}</WarningText>
            <Form method="post" id="withdraw">
              <input type="hidden" name="version" value={dossier.version} />
              <Button type="submit" name="intent" value="withdraw" variant="warning">
                {t("view.withdraw")}
              </Button>
            </Form>
          </>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/my/dossiers">
            {t("view.back")}
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
