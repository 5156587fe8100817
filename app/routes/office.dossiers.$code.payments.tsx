import { data, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { dossierPath, type FormIssue } from "~/domain/dossiers/office";
import { officeReceiptPath, paymentsPath } from "~/domain/payments/office";
import { officialPayments, recordCounterPayment, refundPayment, waiveRequest, type AttemptView, type RequestView } from "~/domain/payments/payments.server";
import { counterSchema, refundSchema, waiveSchema } from "~/domain/payments/payments.schema";
import type { RequestState } from "~/domain/payments/payments";
import { formatTimestamp, formatVnd } from "~/domain/shared/format";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { paymentDeps } from "~/platform/payment-services.server";
import { redirectWithFlash, takeFlash } from "./admin/flash.server";
import { codeParam, notFound } from "./office/dossier.server";
import { PaymentStateTag, paymentText } from "./office/payment-ui";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { Table } from "~/ui/table";
import { Tag } from "~/ui/tag";
import { Textarea } from "~/ui/textarea";

// A dossier's fees for its officials (issue 9; /office/dossiers/:code/payments): every payment request (mode, state,
// lines, total, pay-by), every attempt (provider, reference, amount, state, late, review, times, the gateway's
// transaction number), the receipts, and two forms: money taken at the counter (collect:payment, a confirmation), a
// refund of a paid attempt (refund:payment, a reason). The use cases decide who may; the page says what they refused.

export const handle = { i18n: ["dossiers", "payments", "payments-desk"] };

async function requirePaymentOfficial(request: Request, context: AppLoadContext) {
  const actor = await requirePermission(request, context, "read:payment:agency");
  if (actor.kind !== "official") throw data({ reason: "forbidden" }, { status: 403 });
  return actor;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requirePaymentOfficial(request, context);
  const code = codeParam(params);
  const [view, t] = await Promise.all([officialPayments(context.db, { actor, code }), i18nServer.getFixedT(request, "payments-desk")]);
  if (!view) notFound();
  const { flash, headers } = await takeFlash(request, context);
  return data({ title: t("page.title", { code: view.dossier.code }), view, flash }, { headers });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Posted = Record<string, string>;
type Reply = { errors: FormIssue[]; values: Posted };

const reply = (status: 400 | 403 | 409 | 503, errors: FormIssue[], values: Posted) => data<Reply>({ errors, values }, { status });

/** The controls of a request's counter form and of an attempt's refund form (unique on the page). */
const counterField = (requestId: string, part: "note" | "confirm") => `counter-${part}-${requestId}`;
const refundField = (reference: string) => `refund-reason-${reference}`;
const waiveField = (requestId: string) => `waive-basis-${requestId}`;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requirePaymentOfficial(request, context);
  const code = codeParam(params);
  const form = await request.formData().catch(() => new FormData());
  const values: Posted = {};
  for (const [name, value] of form.entries()) if (typeof value === "string") values[name] = value.slice(0, 5000);
  const deps = () => paymentDeps(context);

  if (values.intent === "counter") {
    const requestId = values.requestId ?? "";
    const parsed = counterSchema.safeParse({ requestId, note: values.note, confirm: values.confirm });
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ field: i.path[0] === "requestId" ? "form" : counterField(requestId, i.path[0] === "note" ? "note" : "confirm"), message: i.message }));
      return reply(400, errors, values);
    }
    const result = await recordCounterPayment(context.db, deps(), { actor, code, requestId: parsed.data.requestId, note: parsed.data.note, ip: context.clientIp });
    if (result.ok) return redirectWithFlash(request, context, paymentsPath(code), "payments-desk:done.counter");
    if (result.status === 404) notFound();
    return reply(result.status, [{ field: "form", message: result.message }], values);
  }
  if (values.intent === "refund") {
    const reference = values.reference ?? "";
    const parsed = refundSchema.safeParse({ reference, reason: values.reason ?? "" });
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ field: i.path[0] === "reason" ? refundField(reference) : "form", message: i.message }));
      return reply(400, errors, values);
    }
    const result = await refundPayment(context.db, deps(), { actor, code, reference: parsed.data.reference, reason: parsed.data.reason, ip: context.clientIp });
    if (result.ok) return redirectWithFlash(request, context, paymentsPath(code), "payments-desk:done.refund");
    if (result.status === 404) notFound();
    return reply(result.status, [{ field: "form", message: result.message }], values);
  }
  if (values.intent === "waive") {
    const requestId = values.requestId ?? "";
    const parsed = waiveSchema.safeParse({ requestId, basis: values.basis ?? "" });
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ field: i.path[0] === "basis" ? waiveField(requestId) : "form", message: i.message }));
      return reply(400, errors, values);
    }
    const result = await waiveRequest(context.db, deps(), { actor, code, requestId: parsed.data.requestId, basis: parsed.data.basis, ip: context.clientIp });
    if (result.ok) return redirectWithFlash(request, context, paymentsPath(code), "payments-desk:done.waive");
    if (result.status === 404) notFound();
    return reply(result.status, [{ field: result.field === "basis" ? waiveField(requestId) : "form", message: result.message }], values);
  }
  return reply(400, [{ field: "form", message: "payments:errors.notFound" }], values);
}

const OPEN: readonly RequestState[] = ["created", "pending", "failed", "expired"];
const dateOrDash = (value: string | null) => (value ? formatTimestamp(value) : "—");

export default function DossierPayments() {
  const { title, view, flash } = useLoaderData<typeof loader>();
  const replied = useActionData<typeof action>();
  const { t, i18n } = useTranslation(["payments-desk", "payments", "dossiers"]);
  const lang = i18n.language === "en" ? "en" : "vi";
  const vnd = (amount: number) => formatVnd(amount, lang);
  const code = view.dossier.code;
  const errors = replied?.errors ?? [];
  const values = replied?.values ?? {};
  const errorOf = (field: string) => {
    const e = errors.find((x) => x.field === field);
    return e ? paymentText(t, e.message, e.params) : undefined;
  };
  const formError = errors.find((e) => e.field === "form");
  const summary = errors.map((e) => ({ href: e.field === "form" ? "#payments" : `#${e.field}`, text: paymentText(t, e.message, e.params) }));

  const attemptRows = (r: RequestView) =>
    r.attempts.map((a: AttemptView) => [
      { text: t(`payments:providers.${a.provider}`) },
      { text: <span className="app-nowrap">{a.reference}</span> },
      { text: vnd(a.amount), format: "numeric" as const },
      {
        text: (
          <>
            {t(`payments:states.${a.state}`)}
            {a.late ? (
              <>
                {" "}
                <Tag colour="orange">{t("page.late")}</Tag>
              </>
            ) : null}
            {a.reviewReason ? <span className="govuk-body-s govuk-!-display-block">{t(`reviewReasons.${a.reviewReason}`, { defaultValue: a.reviewReason })}</span> : null}
            {a.refundedAt ? (
              <span className="govuk-body-s govuk-!-display-block">
                {t("page.refunded", { method: a.refundMethod ? t(`refundMethods.${a.refundMethod}`) : "", at: formatTimestamp(a.refundedAt), reason: a.refundReason ? paymentText(t, a.refundReason) : "—" })}
              </span>
            ) : null}
          </>
        ),
      },
      { text: formatTimestamp(a.createdAt) },
      { text: dateOrDash(a.paidAt) },
      { text: a.providerTxnNo ?? "—" },
    ]);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <BackLink href={dossierPath(code)}>{t("page.back", { code })}</BackLink>
        {flash ? (
          <NotificationBanner type="success" title={t("done.title")}>
            <p className="govuk-notification-banner__heading">{t(flash)}</p>
          </NotificationBanner>
        ) : null}
        <ErrorSummary errors={summary} />
        <span className="govuk-caption-l">{view.dossier.payerName}</span>
        <h1 className="govuk-heading-l" id="payments">
          {title}
        </h1>
        {formError ? <p className="govuk-error-message">{paymentText(t, formError.message, formError.params)}</p> : null}
        <p className="govuk-body">
          {t("dossiers:fields.status")}: {t(`dossiers:status.${view.dossier.status}`)}
        </p>
        {view.requests.length === 0 ? <p className="govuk-body">{t("page.none")}</p> : null}
        {view.requests.map((r, index) => {
          const open = OPEN.includes(r.state);
          const paid = r.attempts.filter((a) => a.state === "paid");
          return (
            <section key={r.id} aria-labelledby={`request-${r.id}`} className="govuk-!-margin-bottom-9">
              <h2 className="govuk-heading-m" id={`request-${r.id}`}>
                {t("page.request", { n: index + 1 })} <PaymentStateTag state={r.state} t={t} />
              </h2>
              <SummaryList
                rows={[
                  { key: t("page.mode"), value: t(`payments:modes.${r.mode}`) },
                  { key: t("page.state"), value: <PaymentStateTag state={r.state} t={t} /> },
                  ...(r.waivedBasis ? [{ key: t("payments:states.waived"), value: r.waivedBasis }] : []),
                  { key: t("page.total"), value: vnd(r.total) },
                  ...(r.payBy ? [{ key: t("page.payBy"), value: formatTimestamp(r.payBy) }] : []),
                  { key: t("page.requestedAt"), value: formatTimestamp(r.requestedAt) },
                  ...(r.paidAt ? [{ key: t("page.paidAt"), value: formatTimestamp(r.paidAt) }] : []),
                  ...(r.note ? [{ key: t("page.note"), value: r.note }] : []),
                  ...(r.cancelReason ? [{ key: t("page.cancelReason"), value: paymentText(t, r.cancelReason) }] : []),
                ]}
              />
              <Table
                caption={t("page.lines")}
                captionSize="s"
                head={[{ text: t("page.lineName") }, { text: t("page.lineKind") }, { text: t("page.lineQuantity"), format: "numeric" }, { text: t("page.lineAmount"), format: "numeric" }]}
                rows={[
                  ...r.lines.map((l) => [{ text: l.name }, { text: t(`payments:kinds.${l.kind}`) }, { text: String(l.quantity), format: "numeric" as const }, { text: vnd(l.amount), format: "numeric" as const }]),
                  [{ text: <strong>{t("page.total")}</strong>, colSpan: 3 }, { text: <strong>{vnd(r.total)}</strong>, format: "numeric" as const }],
                ]}
              />
              <h3 className="govuk-heading-s">{t("page.attempts")}</h3>
              {r.attempts.length === 0 ? (
                <p className="govuk-body">{t("page.noAttempts")}</p>
              ) : (
                <div className="app-table-scroll" role="region" aria-label={t("page.attempts")} tabIndex={0}>
                  <Table
                    className="govuk-body-s"
                    head={[
                      { text: t("page.provider") },
                      { text: t("page.reference") },
                      { text: t("page.amount"), format: "numeric" },
                      { text: t("page.attemptState") },
                      { text: t("page.createdAt") },
                      { text: t("page.endedAt") },
                      { text: t("page.txnNo") },
                    ]}
                    rows={attemptRows(r)}
                  />
                </div>
              )}
              <h3 className="govuk-heading-s">{t("page.receipts")}</h3>
              {r.receipts.length === 0 ? (
                <p className="govuk-body">{t("page.noReceipts")}</p>
              ) : (
                <ul className="govuk-list">
                  {r.receipts.map((x) => (
                    <li key={x.id}>
                      <a className="govuk-link" href={officeReceiptPath(code, x.id)} download>
                        {t("page.receipt", { kind: t(`payments:kinds.${x.kind}`), series: x.series, number: String(x.number).padStart(7, "0") })}
                      </a>{" "}
                      — {vnd(x.amount)}, {formatTimestamp(x.issuedAt)} {x.status === "cancelled" ? <Tag colour="grey">{t("payments:receiptStates.cancelled")}</Tag> : null}
                    </li>
                  ))}
                </ul>
              )}

              {open ? (
                <div className="govuk-!-margin-top-6">
                  <h3 className="govuk-heading-s">{t("counter.heading")}</h3>
                  {view.mayCollect ? (
                    <Form method="post" noValidate>
                      <input type="hidden" name="intent" value="counter" />
                      <input type="hidden" name="requestId" value={r.id} />
                      <p className="govuk-body">{t("counter.intro", { amount: vnd(r.total) })}</p>
                      <Textarea
                        id={counterField(r.id, "note")}
                        name="note"
                        label={t("counter.note")}
                        labelSize="s"
                        optional
                        hint={t("counter.noteHint")}
                        rows={2}
                        defaultValue={values.requestId === r.id ? values.note : undefined}
                        error={errorOf(counterField(r.id, "note"))}
                      />
                      <Checkboxes
                        idPrefix={counterField(r.id, "confirm")}
                        name="confirm"
                        small
                        error={errorOf(counterField(r.id, "confirm"))}
                        items={[{ value: "yes", label: t("counter.confirm") }]}
                      />
                      <Button type="submit">{t("counter.submit")}</Button>
                    </Form>
                  ) : (
                    <InsetText>{t("counter.notAllowed")}</InsetText>
                  )}
                  {view.mayCollect ? (
                    <details className="govuk-details govuk-!-margin-top-4">
                      <summary className="govuk-details__summary">
                        <span className="govuk-details__summary-text">{t("waive.heading")}</span>
                      </summary>
                      <div className="govuk-details__text">
                        <Form method="post" noValidate>
                          <input type="hidden" name="intent" value="waive" />
                          <input type="hidden" name="requestId" value={r.id} />
                          <p className="govuk-body">{t("waive.intro")}</p>
                          <Textarea
                            id={waiveField(r.id)}
                            name="basis"
                            label={t("waive.basis")}
                            labelSize="s"
                            hint={t("waive.basisHint")}
                            rows={3}
                            defaultValue={values.requestId === r.id ? values.basis : undefined}
                            error={errorOf(waiveField(r.id))}
                          />
                          <Button type="submit" variant="secondary">
                            {t("waive.submit")}
                          </Button>
                        </Form>
                      </div>
                    </details>
                  ) : null}
                </div>
              ) : null}

              {paid.map((a) =>
                view.mayRefund ? (
                  <Form method="post" noValidate key={a.id} className="govuk-!-margin-top-6">
                    <h3 className="govuk-heading-s">{t("refund.heading", { reference: a.reference })}</h3>
                    <input type="hidden" name="intent" value="refund" />
                    <input type="hidden" name="reference" value={a.reference} />
                    <p className="govuk-body">{t("refund.intro", { amount: vnd(a.amount) })}</p>
                    <Textarea
                      id={refundField(a.reference)}
                      name="reason"
                      label={t("refund.reason")}
                      labelSize="s"
                      hint={t("refund.reasonHint")}
                      rows={3}
                      defaultValue={values.reference === a.reference ? values.reason : undefined}
                      error={errorOf(refundField(a.reference))}
                    />
                    <Button type="submit" variant="warning">
                      {t("refund.submit")}
                    </Button>
                  </Form>
                ) : null,
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
