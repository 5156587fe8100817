import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/ui/page-title";
import { adminTitle, applyListAction, loadDraft } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, EditableList } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  return {
    title: await adminTitle(request, "parts.documents"),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    documents: draft.content.documents.map((d) => ({
      name: d.name,
      originals: d.originals,
      certifiedCopies: d.certifiedCopies,
      photocopies: d.photocopies,
      required: d.required,
      template: Boolean(d.template),
      caseName: d.case ? (draft.content.cases.find((c) => c.code === d.case)?.name ?? d.case) : null,
    })),
    cases: draft.content.cases.map((c) => c.name),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  return applyListAction(request, context, params.id, "documents", "documents");
}

export default function DocumentsEditor() {
  const { header, documents, cases } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  return (
    <DraftLayout draft={header} title={t("parts.documents")}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <EditableList
            token={header.token}
            editable={header.state === "draft"}
            addHref={draftUrl(header.id, "documents/new")}
            addText={t("documents.add")}
            items={documents.map((d, i) => ({
              title: d.name,
              name: d.name,
              editHref: draftUrl(header.id, `documents/${i}`),
              summary: (
                <>
                  {t("documents.copies", { originals: d.originals, certified: d.certifiedCopies, photocopies: d.photocopies })}
                  {d.required ? ` · ${t("documents.required")}` : ""}
                  {d.template ? ` · ${t("documents.template")}` : ""}
                  {d.caseName ? ` · ${t("documents.caseOf", { name: d.caseName })}` : ""}
                </>
              ),
            }))}
          />
          <h2 className="govuk-heading-m" id="cases">
            {t("documents.casesHeading")}
          </h2>
          {cases.length === 0 ? (
            <p className="govuk-body">{t("documents.casesNone")}</p>
          ) : (
            <>
              <p className="govuk-body">{t("documents.casesSome", { count: cases.length })}</p>
              <ul className="govuk-list govuk-list--bullet">
                {cases.map((name, i) => (
                  <li key={i}>{name}</li>
                ))}
              </ul>
            </>
          )}
          <p className="govuk-body">
            <a className="govuk-link" href={draftUrl(header.id, "cases")}>
              {header.state === "draft" ? t("documents.casesEdit") : t("cases.title")}
            </a>
          </p>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
