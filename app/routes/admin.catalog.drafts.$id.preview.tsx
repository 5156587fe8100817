import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formDefinitionSchema } from "~/domain/forms/form-definition";
import { emptyForm } from "~/domain/procedures/drafts.form";
import { DynamicFormSection } from "~/ui/dynamic-form";
import { pageTitle } from "~/ui/page-title";
import { adminTitle, loadDraft } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const form = draft.content.form ?? emptyForm();
  return {
    title: await adminTitle(request, "parts.preview"),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, name: draft.content.name },
    form,
    valid: formDefinitionSchema.safeParse(form).success,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function FormPreview() {
  const { header, form, valid } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  return (
    <DraftLayout draft={header} title={t("parts.preview")}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">{t("preview.intro")}</p>
          {!valid ? (
            <div className="govuk-inset-text">
              <a className="govuk-link" href={draftUrl(header.id, "form")}>
                {t("preview.invalid")}
              </a>
            </div>
          ) : null}
          {form.sections.length === 0 ? <p className="govuk-body">{t("preview.empty")}</p> : null}
          <div className="app-form-preview">
            {form.sections.map((section) => (
              <DynamicFormSection key={section.id} section={section} texts={form.texts} idPrefix="preview" />
            ))}
          </div>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
