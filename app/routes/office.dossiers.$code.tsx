import { storedSignatureReports } from "~/domain/files/files.server";
import { FullSignatureReport } from "~/ui/signature-verdict";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { actionPath, dossierPath, NOTE_MAX } from "~/domain/dossiers/office";
import { addNote, officialDossierView, type OfficialDossierView } from "~/domain/dossiers/office.server";
import { paymentsPath } from "~/domain/payments/office";
import { officialPayments } from "~/domain/payments/payments.server";
import { formatFileSize, formatTimestamp, formatVnd } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { agenciesFor } from "~/domain/access/permissions";
import { isRateable } from "~/domain/ratings/ratings";
import { redirectWithFlash, takeFlash } from "./admin/flash.server";
import { useAnswerText } from "./filing/shared";
import { codeParam, notFound, requireDossierOfficial } from "./office/dossier.server";
import { PaymentStateTag } from "./office/payment-ui";
import { Breadcrumbs } from "~/ui/breadcrumbs";
import { Button, ButtonGroup } from "~/ui/button";
import { Details } from "~/ui/details";
import { StatusTag } from "~/ui/dossier-timeline";
import { useFormText } from "~/ui/dynamic-form";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { SummaryList, type SummaryListRow } from "~/ui/summary-list";
import { Table } from "~/ui/table";
import { Tag } from "~/ui/tag";
import { Textarea } from "~/ui/textarea";

// The officials' view of one dossier (issue 6, the back office): the summary and its deadlines, the applicant, the
// answers, the files (downloadable), the open supplementation request, the control sheet (Mẫu 05), the history, the
// internal notes (never shown to the applicant) and the documents issued; the actions the official may take now, each
// on a page of its own (/office/dossiers/:code/:action), accept as one button.

export const handle = { i18n: ["dossiers", "filing", "forms", "signature-report", "signatures", "payments", "payments-desk", "ratings"] };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireDossierOfficial(request, context);
  const code = codeParam(params);
  const [view, t] = await Promise.all([officialDossierView(context.db, { actor, code }), i18nServer.getFixedT(request, "dossiers")]);
  if (!view) notFound();
  const signatureReports = await storedSignatureReports(context.db, view.documents.flatMap((d) => d.files.map((f) => f.id)));
  // The fees in short (issue 9): the latest payment request, for officials who read the agency's payments.
  const fees = await officialPayments(context.db, { actor, code });
  const latest = fees?.requests.at(-1);
  const payments = fees ? { latest: latest ? { state: latest.state, total: latest.total } : null } : null;
  const { flash, headers } = await takeFlash(request, context);
  // Issue 10: once the result is returned, the returning officer opens the counter's kiosk for the applicant to rate.
  const kiosk = isRateable(view.status) && agenciesFor(actor, "return:dossier:agency").length > 0;
  return data({ title: t("office.title", { code }), view, flash, signatureReports, payments, kiosk }, { headers });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireDossierOfficial(request, context);
  const code = codeParam(params);
  const form = await request.formData().catch(() => new FormData());
  const body = String(form.get("body") ?? "").slice(0, NOTE_MAX + 100);
  const result = await addNote(context.db, { actor, code, body });
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) return data({ error: result.message, body }, { status: 400 });
  return redirectWithFlash(request, context, `${dossierPath(code)}#notes`, "dossiers:office.notes.added");
}

/** The counter's kiosk for rating (issue 10): opened on the counter's tablet and handed to the applicant. */
function KioskLink({ code }: { code: string }) {
  const { t } = useTranslation("ratings");
  return (
    <>
      <p className="govuk-body">{t("kiosk.openHint")}</p>
      <Button href={`/office/counter/${encodeURIComponent(code)}/rating`} variant="secondary">
        {t("kiosk.open")}
      </Button>
    </>
  );
}

const dateOrDash = (value: string | null | undefined) => (value ? formatTimestamp(value) : "—");

function summaryRows(view: OfficialDossierView, t: TFunction): SummaryListRow[] {
  const rows: SummaryListRow[] = [
    { key: t("fields.code"), value: view.code },
    { key: t("fields.procedure"), value: `${view.procedureName} (${view.procedureCode})` },
    { key: t("fields.status"), value: <StatusTag status={view.status} t={t} /> },
    { key: t("office.summary.channel"), value: t(`office.channels.${view.channel}`, { defaultValue: view.channel }) },
    { key: t("fields.agency"), value: view.agencyName ?? "—" },
    { key: t("office.summary.currentAgency"), value: view.currentAgencyName ?? "—" },
    { key: t("office.summary.currentStep"), value: view.currentStep ? view.currentStep.name || t(`steps.roles.${view.currentStep.role}`) : "—" },
    { key: t("fields.receivedAt"), value: formatTimestamp(view.receivedAt) },
  ];
  if (view.status === 1 && view.acceptanceDueAt) rows.push({ key: t("fields.acceptanceDueAt"), value: formatTimestamp(view.acceptanceDueAt) });
  rows.push({ key: t("office.summary.acceptedAt"), value: dateOrDash(view.acceptedAt) });
  rows.push({ key: t("fields.dueAt"), value: view.dueAt ? formatTimestamp(view.dueAt) : t("fields.noDueDate") });
  if (view.stepDueAt) rows.push({ key: t("office.summary.stepDueAt"), value: formatTimestamp(view.stepDueAt) });
  if (view.rescheduledDueAt) rows.push({ key: t("office.summary.rescheduledDueAt"), value: formatTimestamp(view.rescheduledDueAt) });
  if (view.pausedAt) rows.push({ key: t("office.summary.pausedAt"), value: formatTimestamp(view.pausedAt) });
  if (view.resultReadyAt) rows.push({ key: t("office.summary.resultReadyAt"), value: formatTimestamp(view.resultReadyAt) });
  if (view.returnedAt) {
    rows.push({ key: t("office.summary.returnedAt"), value: `${formatTimestamp(view.returnedAt)}${view.returnChannel ? ` — ${t(`returnChannels.${view.returnChannel}`)}` : ""}` });
  }
  return rows;
}

const APPLICANT_KEYS = ["fullName", "cccd", "phone", "email", "address"] as const;
const APPLICANT_LABELS: Record<(typeof APPLICANT_KEYS)[number], string> = { fullName: "fields.applicant", cccd: "fields.cccd", phone: "fields.phone", email: "fields.email", address: "fields.address" };

function applicantRows(applicant: Record<string, unknown>, t: TFunction): SummaryListRow[] {
  const text = (v: unknown) => (v === null || v === undefined || v === "" ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));
  const known = APPLICANT_KEYS.map((k) => ({ key: t(APPLICANT_LABELS[k]), value: text(applicant[k]) }));
  const others = Object.keys(applicant)
    .filter((k) => !(APPLICANT_KEYS as readonly string[]).includes(k))
    .map((k) => ({ key: t(`office.applicant.${k}`, { defaultValue: k }), value: text(applicant[k]) }));
  return [...known, ...others];
}

/** The details an action recorded in its history row (note, reasons, new date…), as a short list. */
function historyDetails(params: Record<string, unknown>, t: TFunction): ReactNode {
  const items: string[] = [];
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  if (str(params.step)) items.push(t("office.history.step", { step: str(params.step) }));
  if (str(params.agency)) items.push(t("office.history.agency", { agency: str(params.agency) }));
  if (Array.isArray(params.reasons) && params.reasons.length > 0) items.push(t("office.history.reasons", { reasons: params.reasons.map((r) => t(`reasons.refusal.${String(r)}`)).join("; ") }));
  if (str(params.reason) && params.newDueAt === undefined) items.push(t("office.history.stopReason", { reason: t(`reasons.stop.${str(params.reason)}`) }));
  if (str(params.reason) && params.newDueAt !== undefined) items.push(t("office.history.apologyReason", { reason: str(params.reason) }));
  if (str(params.newDueAt)) items.push(t("office.history.newDueAt", { date: formatTimestamp(str(params.newDueAt)) }));
  if (str(params.dueAt)) items.push(t("office.history.dueAt", { date: formatTimestamp(str(params.dueAt)) }));
  if (str(params.text)) items.push(str(params.text));
  if (str(params.legalBasis)) items.push(t("office.history.legalBasis", { text: str(params.legalBasis) }));
  if (str(params.channel)) items.push(t("office.history.channel", { channel: t(`returnChannels.${str(params.channel)}`) }));
  if (str(params.trackingNote)) items.push(t("office.history.trackingNote", { text: str(params.trackingNote) }));
  if (str(params.number)) items.push(t("office.history.number", { number: str(params.number) }));
  if (typeof params.count === "number") items.push(t("office.history.supplementCount", { n: params.count }));
  if (str(params.note)) items.push(t("office.history.note", { text: str(params.note) }));
  if (items.length === 0) return null;
  return (
    <ul className="govuk-list govuk-body-s">
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

export default function OfficialDossier() {
  const { title, view, flash, signatureReports = {}, payments = null, kiosk = false } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("dossiers");
  const lang = i18n.language === "en" ? "en" : "vi";
  const text = useFormText(view.form.texts);
  const answer = useAnswerText(view.form.texts);
  const noteError = result?.error ? t(result.error) : undefined;
  const receipt = view.issued.find((d) => d.kind === "receipt");
  const self = dossierPath(view.code);
  const documentLink = (id: string) => `${self}/documents/${encodeURIComponent(id)}`;
  const others = view.actions.filter((a) => a !== "accept");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Breadcrumbs items={[{ text: t("office.breadcrumbs.queue"), href: "/office" }, { text: view.code }]} />
        {flash ? (
          <NotificationBanner type="success" title={t("office.done.title")}>
            <p className="govuk-notification-banner__heading">{t(flash)}</p>
            {flash === "dossiers:office.done.accept" && receipt ? (
              <p className="govuk-body">
                <a className="govuk-notification-banner__link" href={documentLink(receipt.id)}>
                  {t("office.done.receipt")}
                </a>
              </p>
            ) : null}
          </NotificationBanner>
        ) : null}
        <ErrorSummary errors={noteError ? [{ href: "#body", text: noteError }] : []} />
        <span className="govuk-caption-l">{view.procedureName}</span>
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">
          <StatusTag status={view.status} t={t} />{" "}
          {view.flags.overdue ? <Tag colour="red">{t("office.flags.overdue")}</Tag> : null}{" "}
          {view.flags.dueSoon ? <Tag colour="orange">{t("office.flags.dueSoon")}</Tag> : null}{" "}
          {view.flags.paused ? <Tag colour="grey">{t("office.flags.paused")}</Tag> : null}
        </p>

        <section aria-labelledby="actions-heading">
          <h2 className="govuk-heading-m" id="actions-heading">
            {t("office.actions.heading")}
          </h2>
          {view.actions.length === 0 ? (
            <p className="govuk-body">{t("office.actions.none")}</p>
          ) : (
            <ButtonGroup>
              {view.actions.includes("accept") ? (
                <Form method="post" action={actionPath(view.code, "accept")}>
                  <input type="hidden" name="version" value={view.version} />
                  <Button type="submit">{t("actions.names.accept")}</Button>
                </Form>
              ) : null}
              {others.map((a) => (
                <Button key={a} href={actionPath(view.code, a)} variant={a === "refuse" || a === "stop" ? "warning" : "secondary"}>
                  {t(`actions.names.${a}`)}
                </Button>
              ))}
            </ButtonGroup>
          )}
          {kiosk ? <KioskLink code={view.code} /> : null}
        </section>
      </div>

      <div className="govuk-grid-column-two-thirds">
        <h2 className="govuk-heading-m">{t("office.sections.summary")}</h2>
        <SummaryList rows={summaryRows(view, t)} />

        {view.supplement ? (
          <section aria-labelledby="supplement-heading">
            <h2 className="govuk-heading-m" id="supplement-heading">
              {t("office.sections.supplement", { seq: view.supplement.seq })}
            </h2>
            <SummaryList
              rows={[
                { key: t("office.supplement.requestedAt"), value: formatTimestamp(view.supplement.requestedAt) },
                { key: t("office.supplement.respondBy"), value: dateOrDash(view.supplement.respondBy) },
                {
                  key: t("office.supplement.fields"),
                  value: view.supplement.fields.length > 0 ? (
                    <ul className="govuk-list">
                      {view.supplement.fields.map((f) => (
                        <li key={f.name}>{text(f.labelKey)}</li>
                      ))}
                    </ul>
                  ) : (
                    "—"
                  ),
                },
                {
                  key: t("office.supplement.documents"),
                  value: view.supplement.documents.length > 0 ? (
                    <ul className="govuk-list">
                      {view.supplement.documents.map((d, i) => (
                        <li key={i}>{d}</li>
                      ))}
                    </ul>
                  ) : (
                    "—"
                  ),
                },
                { key: t("office.supplement.note"), value: view.supplement.note },
                ...(view.supplement.justification ? [{ key: t("office.supplement.justification"), value: view.supplement.justification }] : []),
              ]}
            />
          </section>
        ) : null}

        {payments ? (
          <section aria-labelledby="fees-heading">
            <h2 className="govuk-heading-m" id="fees-heading">
              {t("payments-desk:dossier.heading")}
            </h2>
            {payments.latest ? (
              <p className="govuk-body">
                {t("payments-desk:dossier.latest", { total: formatVnd(payments.latest.total, lang) })} <PaymentStateTag state={payments.latest.state} t={t} />
              </p>
            ) : (
              <p className="govuk-body">{t("payments-desk:dossier.none")}</p>
            )}
            <p className="govuk-body">
              <Link className="govuk-link" to={paymentsPath(view.code)}>
                {t("payments-desk:dossier.link")}
              </Link>
            </p>
          </section>
        ) : null}

        <h2 className="govuk-heading-m">{t("view.applicant")}</h2>
        <SummaryList rows={applicantRows(view.applicant, t)} />

        <h2 className="govuk-heading-m">{t("office.sections.answers")}</h2>
        {view.answers.map((section) => (
          <section key={section.index} aria-labelledby={`answers-${section.index}`}>
            <h3 className="govuk-heading-s" id={`answers-${section.index}`}>
              {text(section.titleKey)}
            </h3>
            <SummaryList rows={section.rows.map((row) => ({ key: text(row.field.labelKey), value: answer(row.field, row.value) }))} />
          </section>
        ))}

        <h2 className="govuk-heading-m">{t("view.documents")}</h2>
        {view.documents.length === 0 ? (
          <p className="govuk-body">{t("view.noDocuments")}</p>
        ) : (
          <SummaryList
            rows={view.documents.map((d) => ({
              key: d.name,
              value: (
                <ul className="govuk-list">
                  {d.files.map((f) => (
                    <li key={f.id}>
                      <a className="govuk-link" href={`${self}/files/${encodeURIComponent(f.id)}`}>
                        {f.name}
                      </a>{" "}
                      ({formatFileSize(f.sizeBytes, lang)})
                      {signatureReports[f.id] ? (
                        <Details summary={t("signature-report:report.summary", { verdict: t(`signature-report:verdict.${signatureReports[f.id]!.verdict}`) })} className="govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                          <FullSignatureReport report={signatureReports[f.id]!} />
                        </Details>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ),
            }))}
          />
        )}
      </div>

      <div className="govuk-grid-column-full">
        <h2 className="govuk-heading-m" id="steps">
          {t("office.sections.steps")}
        </h2>
        {view.steps.length === 0 ? (
          <p className="govuk-body">{t("office.steps.none")}</p>
        ) : (
          <div className="app-table-scroll" role="region" aria-labelledby="steps" tabIndex={0}>
            <Table
              className="govuk-body-s"
              head={[
                { text: t("office.steps.step") },
                { text: t("office.steps.agency") },
                { text: t("office.steps.from") },
                { text: t("office.steps.handedBy") },
                { text: t("office.steps.handledBy") },
                { text: t("office.steps.started") },
                { text: t("office.steps.due") },
                { text: t("office.steps.ended") },
                { text: t("office.steps.result") },
              ]}
              rows={view.steps.map((s) => [
                { text: s.name || t(`steps.roles.${s.role}`) },
                { text: s.agency ?? "—" },
                { text: s.fromAgency ?? "—" },
                { text: s.handedBy ?? "—" },
                { text: s.handledBy ?? "—" },
                { text: formatTimestamp(s.startedAt) },
                { text: dateOrDash(s.dueAt) },
                { text: dateOrDash(s.endedAt) },
                { text: s.result ? t(`steps.results.${s.result}`) : t("office.steps.open") },
              ])}
            />
          </div>
        )}

        <h2 className="govuk-heading-m">{t("view.history")}</h2>
        <Table
          head={[{ text: t("track.when") }, { text: t("track.what") }, { text: t("office.history.who") }]}
          rows={view.history.map((h) => [
            { text: formatTimestamp(h.at) },
            {
              text: (
                <>
                  <StatusTag status={h.status} t={t} />
                  {h.noteKey ? <span className="govuk-body-s"> {t(h.noteKey)}</span> : null}
                  {h.clock ? <span className="govuk-body-s"> ({t(`office.history.clock.${h.clock}`)})</span> : null}
                  {historyDetails(h.params, t)}
                </>
              ),
            },
            { text: h.actor === "citizen" ? t("track.byApplicant") : h.actor === "system" ? t("office.history.system") : [h.actorName, h.unit].filter(Boolean).join(", ") || "—" },
          ])}
        />
      </div>

      <div className="govuk-grid-column-two-thirds">
        <section aria-labelledby="issued-heading">
          <h2 className="govuk-heading-m" id="issued-heading">
            {t("office.sections.issued")}
          </h2>
          {view.issued.length === 0 ? (
            <p className="govuk-body">{t("office.issued.none")}</p>
          ) : (
            <ul className="govuk-list">
              {view.issued.map((d) => (
                <li key={d.id}>
                  <a className="govuk-link" href={documentLink(d.id)}>
                    {t(`office.issued.kinds.${d.kind}`)}
                  </a>{" "}
                  — {d.fileName} ({formatFileSize(d.sizeBytes, lang)}), {formatTimestamp(d.createdAt)}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="notes-heading" id="notes">
          <h2 className="govuk-heading-m" id="notes-heading">
            {t("office.sections.notes")}
          </h2>
          <InsetText>{t("office.notes.internal")}</InsetText>
          {view.notes.length === 0 ? (
            <p className="govuk-body">{t("office.notes.none")}</p>
          ) : (
            <SummaryList rows={view.notes.map((n) => ({ key: `${formatTimestamp(n.at)} — ${n.author}${n.agency ? `, ${n.agency}` : ""}`, value: <span className="app-prewrap">{n.body}</span> }))} />
          )}
          <Form method="post" noValidate>
            <Textarea id="body" name="body" label={t("office.notes.add")} labelSize="s" hint={t("office.notes.hint", { max: NOTE_MAX })} rows={3} defaultValue={result?.body} error={noteError} />
            <Button type="submit" variant="secondary">
              {t("office.notes.save")}
            </Button>
          </Form>
        </section>

        <p className="govuk-body">
          <Link className="govuk-link" to="/office">
            {t("office.breadcrumbs.back")}
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
