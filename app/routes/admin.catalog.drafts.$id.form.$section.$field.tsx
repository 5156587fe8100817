import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { issuesByPath } from "~/domain/procedures/drafts";
import { EDITABLE_FIELD_TYPES, emptyForm, putField } from "~/domain/procedures/drafts.form";
import { updateDraft } from "~/domain/procedures/drafts.server";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { pageTitle } from "~/ui/page-title";
import { Select } from "~/ui/select";
import { TextInput } from "~/ui/text-input";
import { Textarea } from "~/ui/textarea";
import { adminTitle, itemIndex, loadDraft, loadEditableDraft, refused } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, IssueSummary, useIssueText } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

function locate(form: ReturnType<typeof emptyForm>, params: { section?: string; field?: string }) {
  const s = itemIndex(params.section, form.sections.length);
  if (s === "new") throw new Response(null, { status: 404 });
  const section = form.sections[s]!;
  const f = itemIndex(params.field, section.fields.length);
  const field = f === "new" ? undefined : section.fields[f];
  if (field?.type === "group") throw new Response(null, { status: 404 });
  return { s, f, field };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const form = draft.content.form ?? emptyForm();
  const { field } = locate(form, params);
  const vi = form.texts?.vi ?? {};
  const values = {
    type: field?.type ?? "text",
    name: field?.name ?? "",
    label: field ? (vi[field.labelKey] ?? "") : "",
    hint: field?.hintKey ? (vi[field.hintKey] ?? "") : "",
    required: field ? (field.required ? "yes" : "") : "yes",
    options: field && "options" in field ? field.options.map((o) => `${o.value}|${vi[o.labelKey] ?? ""}`).join("\n") : "",
  };
  return {
    title: field ? values.label || field.name : await adminTitle(request, "form.newField"),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, name: draft.content.name },
    values,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const fieldFormSchema = z.object({
  type: z.string().max(20).default("text"),
  name: z.string().max(60).default(""),
  label: z.string().max(500).default(""),
  hint: z.string().max(1000).default(""),
  required: z.string().max(5).default(""),
  options: z.string().max(10_000).default(""),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const form = draft.content.form ?? emptyForm();
  const { s, f } = locate(form, params);
  const input = fieldFormSchema.parse(Object.fromEntries(await request.formData()));
  const edit = putField(form, s, f, { ...input, required: input.required === "yes" });
  if (!edit.ok) return refused(edit.issues, input);
  const saved = await updateDraft(context.db, draft.id, (c) => ({ ...c, form: edit.form }));
  if (!saved.ok) throw new Response(null, { status: 409 });
  return redirect(`${draftUrl(draft.id, "form")}#section-${s}`);
}

const idOf = (path: string) => {
  if (path.startsWith("options")) return "field-options";
  if (path.startsWith("hint")) return "field-hint";
  if (path.startsWith("label")) return "field-label";
  if (path.startsWith("type")) return "field-type";
  return "field-name";
};

export default function FieldEditor() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  const issueText = useIssueText();
  const v = result?.values ?? loaded.values;
  const errors = issuesByPath((result?.issues ?? []).map((i) => ({ ...i, path: idOf(i.path) })));
  const editable = loaded.header.state === "draft";
  return (
    <DraftLayout draft={loaded.header} title={loaded.title} back={{ href: draftUrl(loaded.header.id, "form"), text: t("parts.form") }}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} /> : null}
          <Form method="post" noValidate>
            <fieldset className="govuk-fieldset" disabled={!editable}>
              <Select
                id="field-type"
                name="type"
                label={t("form.fieldType")}
                defaultValue={v.type}
                options={EDITABLE_FIELD_TYPES.map((type) => ({ value: type, text: t(`form.types.${type}`) }))}
                error={issueText(errors["field-type"])}
              />
              <TextInput id="field-label" name="label" label={t("form.fieldLabel")} defaultValue={v.label} error={issueText(errors["field-label"])} />
              <TextInput
                id="field-name"
                name="name"
                label={t("form.fieldName")}
                hint={t("form.fieldNameHint")}
                width="20"
                spellCheck={false}
                defaultValue={v.name}
                error={issueText(errors["field-name"])}
              />
              <Textarea id="field-hint" name="hint" label={t("form.fieldHint")} optional rows={2} defaultValue={v.hint} error={issueText(errors["field-hint"])} />
              <Checkboxes
                idPrefix="field-required"
                name="required"
                small
                defaultValues={v.required ? ["yes"] : []}
                items={[{ value: "yes", label: t("form.fieldRequired") }]}
              />
              <Textarea
                id="field-options"
                name="options"
                label={t("form.fieldOptions")}
                hint={t("form.fieldOptionsHint")}
                rows={5}
                spellCheck={false}
                defaultValue={v.options}
                error={issueText(errors["field-options"])}
              />
              {editable ? <Button type="submit">{t("save")}</Button> : null}
            </fieldset>
          </Form>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
