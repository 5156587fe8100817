import { SignatureVerdict } from "~/ui/signature-verdict";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { answerRows } from "~/domain/filing/filing";
import { formatVnd } from "~/domain/shared/format";
import { filingServices } from "~/platform/filing-services.server";
import { i18nServer } from "~/platform/i18n.server";
import { documentsPage } from "~/domain/filing/filing.server";
import { Button } from "~/ui/button";
import { useFormText } from "~/ui/dynamic-form";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { draftHeader, requireDraft } from "./filing/draft.server";
import { FILING_NAMESPACES, FilingErrorBoundary, FilingLayout, useAnswerText } from "./filing/shared";

// Check your answers: everything the dossier will say, each with a change link back to its step (which comes back
// here once saved).

export const handle = { i18n: [...FILING_NAMESPACES, "signature-report", "signatures"] };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { owner, draft } = await requireDraft(request, context, params.draftId, "check");
  const t = await i18nServer.getFixedT(request, "filing");
  const docs = await documentsPage(context.db, filingServices(context).documents, owner, draft);
  return {
    title: t("check.title"),
    header: draftHeader(draft),
    applicant: draft.state.applicant,
    onBehalfOf: draft.state.onBehalfOf,
    form: draft.form,
    sections: answerRows(draft.form, draft.state.answers.values),
    caseName: draft.content.cases.find((c) => c.code === draft.state.documents.case)?.name ?? null,
    documents: docs.documents.map((d) => ({ index: d.index, name: d.name, files: d.files.map((f) => ({ id: f.id, name: f.name, signature: f.signature ?? null })) })),
    total: draft.fees?.total ?? 0,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function CheckPage() {
  const { title, header, applicant, onBehalfOf, form, sections, caseName, documents, total } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("filing");
  const lang = i18n.language === "en" ? "en" : "vi";
  const text = useFormText(form.texts);
  const answer = useAnswerText(form.texts);
  const base = `/filing/${header.id}`;
  const change = (href: string, what: string) => [{ href, text: t("check.change"), visuallyHiddenText: what }];
  return (
    <FilingLayout header={header} title={title}>
      <h2 className="govuk-heading-m">{t("tasks.step.applicant")}</h2>
      {applicant ? (
        <SummaryList
          rows={[
            ...(applicant.organisation ? [{ key: t("check.organisation"), value: `${applicant.organisation.name} (${applicant.organisation.taxCode})`, actions: [] }] : []),
            { key: t("applicant.fullName"), value: applicant.fullName, actions: change(`${base}/applicant?return=check#fullName`, t("applicant.fullName")) },
            { key: t("applicant.cccd"), value: applicant.cccd, actions: change(`${base}/applicant?return=check#cccd`, t("applicant.cccd")) },
            { key: t("applicant.phone"), value: applicant.phone, actions: change(`${base}/applicant?return=check#phone`, t("applicant.phone")) },
            { key: t("applicant.email"), value: applicant.email || t("check.notGiven"), actions: change(`${base}/applicant?return=check#email`, t("applicant.email")) },
            { key: t("applicant.address"), value: applicant.address, actions: change(`${base}/applicant?return=check#address`, t("applicant.address")) },
            ...(onBehalfOf
              ? [{ key: t("check.onBehalfOf"), value: `${onBehalfOf.fullName} (${onBehalfOf.cccd}), ${onBehalfOf.relationship}`, actions: change(`${base}/applicant?return=check#forWhom`, t("check.onBehalfOf")) }]
              : []),
          ]}
        />
      ) : null}
      {sections.map((section) => (
        <section key={section.index} aria-labelledby={`check-section-${section.index}`}>
          <h2 className="govuk-heading-m" id={`check-section-${section.index}`}>
            {text(section.titleKey)}
          </h2>
          <SummaryList
            rows={section.rows.map((row) => {
              const label = text(row.field.labelKey);
              const [path, hash] = row.path.split("#");
              return { key: label, value: answer(row.field, row.value), actions: change(`${base}/${path}?return=check#${hash}`, label) };
            })}
          />
        </section>
      ))}
      <h2 className="govuk-heading-m">{t("tasks.step.documents")}</h2>
      <SummaryList
        rows={[
          ...(caseName ? [{ key: t("documents.case"), value: caseName, actions: change(`${base}/documents`, t("documents.case")) }] : []),
          ...documents.map((d) => ({
            key: d.name,
            value:
              d.files.length > 0 ? (
                <ul className="govuk-list">
                  {d.files.map((f) => (
                    <li key={f.id}>
                      {f.name}
                      {f.signature && f.signature.status !== "not_checked" ? (
                        <>
                          <br />
                          <SignatureVerdict summary={f.signature} />
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                t("check.noFile")
              ),
            actions: change(`${base}/documents`, d.name),
          })),
        ]}
      />
      <h2 className="govuk-heading-m">{t("tasks.step.fees")}</h2>
      <SummaryList rows={[{ key: t("fees.total"), value: formatVnd(total, lang), actions: [] }]} />
      <Button href={`${base}/declaration`}>{t("check.continue")}</Button>
    </FilingLayout>
  );
}

export const ErrorBoundary = FilingErrorBoundary;
