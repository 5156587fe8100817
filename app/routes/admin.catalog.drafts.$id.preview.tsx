import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { checkFilledForm, shownFields, type FilledFormIssue } from "~/domain/forms/check";
import { formDefinitionSchema, topLevelFields } from "~/domain/forms/form-definition";
import { emptyForm } from "~/domain/procedures/drafts.form";
import { Button } from "~/ui/button";
import { DynamicFormSection, formDataValues, useDynamicIssues, type DynamicFormValues } from "~/ui/dynamic-form";
import { ErrorSummary } from "~/ui/error-summary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { adminTitle, loadDraft } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout } from "./admin/shared";

// The draft's form as applicants will see it, to try out: "Kiểm tra" posts what was typed and the page comes
// back with the errors the compiled schema finds (limits, patterns, required fields) and with the fields whose
// display condition does not hold hidden. With JavaScript, fields also show and hide while typing. Nothing is
// stored.

export const handle = { i18n: [...ADMIN_NAMESPACES, "forms"] };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const form = draft.content.form ?? emptyForm();
  return {
    title: await adminTitle(request, "parts.preview"),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    form,
    valid: formDefinitionSchema.safeParse(form).success,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

// Reading a draft is enough to try its form: a published version can be tried too.
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const form = draft.content.form ?? emptyForm();
  const checked = checkFilledForm(form, await request.formData());
  if (!checked) throw new Response(null, { status: 409 });
  return data<{ values: DynamicFormValues; issues: FilledFormIssue[] }>(
    { values: checked.values, issues: checked.issues },
    { status: checked.issues.length > 0 ? 400 : 200 },
  );
}


export default function FormPreview() {
  const { header, form, valid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  const formRef = useRef<HTMLFormElement>(null);
  // With JavaScript: the values as they are typed, so that conditions follow at once.
  const [live, setLive] = useState<DynamicFormValues | null>(null);
  const update = useCallback(() => {
    if (formRef.current) setLive(formDataValues(new FormData(formRef.current)));
  }, []);
  useEffect(() => update(), [result, update]);

  const fields = topLevelFields(form);
  const values = live ?? result?.values;
  const shown = valid && values ? shownFields(form, values) : undefined;
  const { errors, summary } = useDynamicIssues(fields, form.texts, result?.issues, "preview");

  return (
    <DraftLayout draft={header} title={t("parts.preview")}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result && result.issues.length > 0 ? (
            <ErrorSummary errors={summary} />
          ) : null}
          {result && result.issues.length === 0 ? (
            <NotificationBanner type="success" titleId="preview-result-title">
              <p className="govuk-notification-banner__heading">{t("preview.valid")}</p>
            </NotificationBanner>
          ) : null}
          <p className="govuk-body">{t("preview.intro")}</p>
          {!valid ? (
            <div className="govuk-inset-text">
              <a className="govuk-link" href={draftUrl(header.id, "form")}>
                {t("preview.invalid")}
              </a>
            </div>
          ) : null}
          {form.sections.length === 0 ? <p className="govuk-body">{t("preview.empty")}</p> : null}
          <Form method="post" noValidate className="app-form-preview" ref={formRef} onChange={update}>
            {form.sections.map((section) => (
              <DynamicFormSection
                key={section.id}
                section={section}
                texts={form.texts}
                idPrefix="preview"
                values={result?.values}
                errors={errors}
                allFields={fields}
                shown={shown}
              />
            ))}
            {valid && form.sections.length > 0 ? <Button type="submit">{t("preview.check")}</Button> : null}
          </Form>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
