import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { issuesByPath } from "~/domain/procedures/drafts";
import { breaksConditions } from "~/domain/procedures/drafts.fields";
import { addSection, applyFormIntent, emptyForm } from "~/domain/procedures/drafts.form";
import { updateDraft } from "~/domain/procedures/drafts.server";
import { Button } from "~/ui/button";
import { useFormText } from "~/ui/dynamic-form";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { adminTitle, loadDraft, loadEditableDraft, refused, failedSave } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, IssueSummary, useIssueText, DraftTokenInput } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  return {
    title: await adminTitle(request, "parts.form"),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    form: draft.content.form ?? emptyForm(),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const formSchema = z.object({
  intent: z.string().max(40),
  sectionId: z.string().max(60).default(""),
  sectionTitle: z.string().max(500).default(""),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const input = formSchema.parse(Object.fromEntries(await request.formData()));
  const current = draft.content.form ?? emptyForm();
  if (input.intent === "add-section") {
    const edit = addSection(current, { id: input.sectionId, title: input.sectionTitle });
    if (!edit.ok) return refused(edit.issues, { sectionId: input.sectionId, sectionTitle: input.sectionTitle });
    await updateDraft(context.db, draft.id, (c) => ({ ...c, form: edit.form }));
    return redirect(`${draftUrl(draft.id, "form")}#section-${edit.form.sections.length - 1}`);
  }
  const next = applyFormIntent(current, input.intent);
  if (!next) throw new Response(null, { status: 400 });
  // A display condition must keep looking at an earlier field that exists.
  if (breaksConditions(current, next)) return refused([{ path: "", message: "form.fieldErrors.breaksCondition" }], { sectionId: "", sectionTitle: "" });
  const saved = await updateDraft(context.db, draft.id, (c) => ({ ...c, form: next }));
  if (!saved.ok) failedSave(draft.id, saved);
  return redirect(draftUrl(draft.id, "form"));
}

const idOf = (path: string) => (path === "" ? "form-sections" : path === "title" || path === "titleKey" ? "section-title" : "section-id");

export default function FormEditor() {
  const { header, form } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  const text = useFormText(form.texts);
  const issueText = useIssueText();
  const errors = issuesByPath((result?.issues ?? []).map((i) => ({ ...i, path: idOf(i.path) })));
  const editable = header.state === "draft";
  const hidden = (s: string) => <span className="govuk-visually-hidden"> {s}</span>;
  const fieldsByName = new Map(form.sections.flatMap((section) => section.fields.map((field) => [field.name, field] as const)));
  return (
    <DraftLayout draft={header} title={t("parts.form")}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} /> : null}
          <p className="govuk-body">
            <a className="govuk-link" href={draftUrl(header.id, "preview")}>
              {t("parts.preview")}
            </a>
          </p>
          <Form method="post" id="form-sections">
            <DraftTokenInput token={header.token} />
            {form.sections.map((section, s) => {
              const title = text(section.titleKey);
              return (
                <div key={`${section.id}-${s}`} className="govuk-summary-card" id={`section-${s}`}>
                  <div className="govuk-summary-card__title-wrapper">
                    <h2 className="govuk-summary-card__title">{t("form.section", { n: s + 1, title })}</h2>
                  </div>
                  <div className="govuk-summary-card__content">
                    {section.fields.length === 0 ? <p className="govuk-body">{t("items.empty")}</p> : null}
                    <ol className="govuk-list govuk-list--number">
                      {section.fields.map((field, f) => {
                        const label = text(field.labelKey);
                        return (
                          <li key={`${field.name}-${f}`} id={`field-${s}-${f}`}>
                            <p className="govuk-body govuk-!-margin-bottom-1">
                              <strong>{label}</strong> · {t(`form.types.${field.type}`)}
                              {field.required ? ` · ${t("form.fieldRequired")}` : ""}{" "}
                              <a className="govuk-link" href={draftUrl(header.id, `form/${s}/${f}`)}>
                                {editable ? t("items.edit") : t("draft.status.view")}
                                {hidden(label)}
                              </a>
                            </p>
                            {field.showWhen ? (
                              <p className="govuk-body-s govuk-!-margin-bottom-1">
                                {t("form.condition.summary", { label: text(fieldsByName.get(field.showWhen.field)?.labelKey) || field.showWhen.field })}
                              </p>
                            ) : null}
                            {editable ? (
                              <div className="govuk-button-group">
                                {f > 0 ? (
                                  <button type="submit" name="intent" value={`field-up:${s}-${f}`} className="govuk-button govuk-button--secondary">
                                    {t("items.moveUp")}
                                    {hidden(label)}
                                  </button>
                                ) : null}
                                {f < section.fields.length - 1 ? (
                                  <button type="submit" name="intent" value={`field-down:${s}-${f}`} className="govuk-button govuk-button--secondary">
                                    {t("items.moveDown")}
                                    {hidden(label)}
                                  </button>
                                ) : null}
                                <button type="submit" name="intent" value={`field-remove:${s}-${f}`} className="govuk-button govuk-button--warning">
                                  {t("items.remove")}
                                  {hidden(label)}
                                </button>
                              </div>
                            ) : null}
                          </li>
                        );
                      })}
                    </ol>
                    {editable ? (
                      <div className="govuk-button-group">
                        <a href={draftUrl(header.id, `form/${s}/new`)} role="button" draggable="false" className="govuk-button">
                          {t("form.addField")}
                          {hidden(title)}
                        </a>
                        {s > 0 ? (
                          <button type="submit" name="intent" value={`section-up:${s}`} className="govuk-button govuk-button--secondary">
                            {t("items.moveUp")}
                            {hidden(title)}
                          </button>
                        ) : null}
                        {s < form.sections.length - 1 ? (
                          <button type="submit" name="intent" value={`section-down:${s}`} className="govuk-button govuk-button--secondary">
                            {t("items.moveDown")}
                            {hidden(title)}
                          </button>
                        ) : null}
                        <button type="submit" name="intent" value={`section-remove:${s}`} className="govuk-button govuk-button--warning">
                          {t("form.removeSection")}
                          {hidden(title)}
                        </button>
                      </div>
                    ) : null}
                  </div>
                </div>
              );
            })}
          </Form>
          {editable ? (
            <Form method="post" noValidate>
              <DraftTokenInput token={header.token} />
              <h2 className="govuk-heading-m">{t("form.addSection")}</h2>
              <TextInput
                id="section-title"
                name="sectionTitle"
                label={t("form.sectionTitle")}
                defaultValue={result?.values?.sectionTitle}
                error={issueText(errors["section-title"])}
              />
              <TextInput
                id="section-id"
                name="sectionId"
                label={t("form.sectionId")}
                hint={t("form.sectionIdHint")}
                width="20"
                spellCheck={false}
                defaultValue={result?.values?.sectionId}
                error={issueText(errors["section-id"])}
              />
              <Button name="intent" value="add-section" variant="secondary">
                {t("form.addSection")}
              </Button>
            </Form>
          ) : null}
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
