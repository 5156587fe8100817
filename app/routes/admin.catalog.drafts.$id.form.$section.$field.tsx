import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  GROUP_MAX_ITEMS_LIMIT,
  TEXT_MAX_LENGTH_DEFAULT,
  TEXT_MAX_LENGTH_LIMIT,
  TEXTAREA_MAX_LENGTH_DEFAULT,
  TEXTAREA_MAX_LENGTH_LIMIT,
} from "~/domain/forms/form-definition";
import { issuesByPath } from "~/domain/procedures/drafts";
import { conditionCandidates, fieldFormValues, hasControl, putFieldForm, readFieldForm, type FieldFormValues } from "~/domain/procedures/drafts.fields";
import { EDITABLE_FIELD_TYPES, emptyForm } from "~/domain/procedures/drafts.form";
import { updateDraft } from "~/domain/procedures/drafts.server";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { Select } from "~/ui/select";
import { TextInput } from "~/ui/text-input";
import { Textarea } from "~/ui/textarea";
import { adminTitle, itemIndex, loadDraft, loadEditableDraft, refused, failedSave } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, IssueSummary, useIssueText, DraftTokenInput } from "./admin/shared";

// One field of a draft's form: its label and name, the validation limits and options its type has, and the
// condition that shows it. Only the controls of the field's type are drawn; when the official picks another
// type (or another field for the condition), saving first draws the new controls (see putFieldForm).

export const handle = { i18n: ADMIN_NAMESPACES };

function locate(form: ReturnType<typeof emptyForm>, params: { section?: string; field?: string }) {
  const s = itemIndex(params.section, form.sections.length);
  if (s === "new") throw new Response(null, { status: 404 });
  const section = form.sections[s]!;
  const f = itemIndex(params.field, section.fields.length);
  return { s, f, field: f === "new" ? undefined : section.fields[f] };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const form = draft.content.form ?? emptyForm();
  const { s, f, field } = locate(form, params);
  const values = fieldFormValues(form, field);
  const vi = form.texts?.vi ?? {};
  return {
    title: field ? values.label || field.name : await adminTitle(request, "form.newField"),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    values,
    candidates: conditionCandidates(form, s, f),
    groupFields: field?.type === "group" ? field.fields.map((sub) => ({ name: sub.name, label: vi[sub.labelKey] ?? sub.name, type: sub.type })) : null,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const form = draft.content.form ?? emptyForm();
  const { s, f } = locate(form, params);
  const input = readFieldForm(await request.formData());
  const edit = putFieldForm(form, s, f, input);
  if (!edit.ok) return refused(edit.issues, input);
  const saved = await updateDraft(context.db, draft.id, (c) => ({ ...c, form: edit.form }));
  if (!saved.ok) failedSave(draft.id, saved);
  return redirect(`${draftUrl(draft.id, "form")}#section-${s}`);
}

const CONTROL_IDS: [RegExp, string][] = [
  [/^type/, "field-type"],
  [/^name/, "field-name"],
  [/^hint/, "field-hint"],
  [/^required/, "field-required"],
  [/^options/, "field-options"],
  [/^minLength/, "field-minLength"],
  [/^maxLength/, "field-maxLength"],
  [/^patternError/, "field-patternError"],
  [/^pattern/, "field-pattern"],
  [/^minSelected/, "field-minSelected"],
  [/^maxSelected/, "field-maxSelected"],
  [/^min(?!Items)/, "field-min"],
  [/^max(?!Items)/, "field-max"],
  [/^itemLabel/, "field-itemLabel"],
  [/^minItems/, "field-minItems"],
  [/^maxItems/, "field-maxItems"],
  [/^showWhen\.equals/, "field-showWhenEquals"],
  [/^showWhen/, "field-showWhenField"],
];

/** The id of the control that fixes an issue at a path (the label's when no control fits). */
const idOf = (path: string) => CONTROL_IDS.find(([re]) => re.test(path))?.[1] ?? "field-label";

export default function FieldEditor() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  const issueText = useIssueText();
  const v = result?.values ?? loaded.values;
  const errors = issuesByPath((result?.issues ?? []).map((i) => ({ ...i, path: idOf(i.path) })));
  const error = (id: string) => issueText(errors[id]);
  const editable = loaded.header.state === "draft";
  const isGroup = loaded.groupFields !== null;
  const type = isGroup ? "group" : v.type;
  const has = (control: Parameters<typeof hasControl>[1]) => hasControl(type, control);
  const number = (name: keyof FieldFormValues, label: string, hint?: string, suffix?: string) => (
    <TextInput
      id={`field-${name}`}
      name={name}
      label={label}
      hint={hint}
      optional
      width={suffix ? "10" : "5"}
      inputMode={suffix || type === "number" ? "decimal" : "numeric"}
      suffix={suffix}
      spellCheck={false}
      defaultValue={String(v[name])}
      error={error(`field-${name}`)}
    />
  );
  const flag = (name: keyof FieldFormValues, label: string) => (
    <Checkboxes idPrefix={`field-${name}`} name={name} small defaultValues={v[name] === true ? ["yes"] : []} items={[{ value: "yes", label }]} />
  );
  const limitsHeading = <h2 className="govuk-heading-m">{t("form.limits.heading")}</h2>;
  const candidate = loaded.candidates.find((c) => c.name === v.showWhenField);
  const conditionOptions = [
    { value: "", text: t("form.condition.always") },
    ...loaded.candidates.map((c) => ({ value: c.name, text: t("form.condition.candidate", { label: c.label, name: c.name }) })),
    // A condition that names no earlier field (an imported definition): kept visible so that saving reports it.
    ...(v.showWhenField && !candidate ? [{ value: v.showWhenField, text: t("form.condition.unknownCandidate", { name: v.showWhenField }) }] : []),
  ];

  return (
    <DraftLayout draft={loaded.header} title={loaded.title} back={{ href: draftUrl(loaded.header.id, "form"), text: t("parts.form") }}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} /> : null}
          <Form method="post" noValidate>
            <DraftTokenInput token={loaded.header.token} />
            <fieldset className="govuk-fieldset" disabled={!editable}>
              <input type="hidden" name="typeFor" value={type} />
              {isGroup ? (
                <p className="govuk-body">
                  {t("form.fieldType")}: <strong>{t("form.types.group")}</strong>
                </p>
              ) : (
                <Select
                  id="field-type"
                  name="type"
                  label={t("form.fieldType")}
                  hint={t("form.fieldTypeHint")}
                  defaultValue={v.type}
                  options={EDITABLE_FIELD_TYPES.map((option) => ({ value: option, text: t(`form.types.${option}`) }))}
                  error={error("field-type")}
                />
              )}
              <TextInput id="field-label" name="label" label={t("form.fieldLabel")} defaultValue={v.label} error={error("field-label")} />
              <TextInput
                id="field-name"
                name="name"
                label={t("form.fieldName")}
                hint={t("form.fieldNameHint")}
                width="20"
                spellCheck={false}
                defaultValue={v.name}
                error={error("field-name")}
              />
              <Textarea id="field-hint" name="hint" label={t("form.fieldHint")} optional rows={2} defaultValue={v.hint} error={error("field-hint")} />
              {flag("required", t("form.fieldRequired"))}

              {type === "text" || type === "textarea" ? (
                <>
                  {limitsHeading}
                  {number("minLength", t("form.limits.minLength"))}
                  {number(
                    "maxLength",
                    t("form.limits.maxLength"),
                    t("form.limits.maxLengthHint", {
                      default: type === "text" ? TEXT_MAX_LENGTH_DEFAULT : TEXTAREA_MAX_LENGTH_DEFAULT,
                      limit: type === "text" ? TEXT_MAX_LENGTH_LIMIT : TEXTAREA_MAX_LENGTH_LIMIT,
                    }),
                  )}
                </>
              ) : null}
              {has("pattern") ? (
                <>
                  <TextInput
                    id="field-pattern"
                    name="pattern"
                    label={t("form.limits.pattern")}
                    hint={t("form.limits.patternHint")}
                    optional
                    spellCheck={false}
                    autoComplete="off"
                    defaultValue={v.pattern}
                    error={error("field-pattern")}
                  />
                  <TextInput
                    id="field-patternError"
                    name="patternError"
                    label={t("form.limits.patternError")}
                    hint={t("form.limits.patternErrorHint")}
                    optional
                    defaultValue={v.patternError}
                    error={error("field-patternError")}
                  />
                </>
              ) : null}
              {type === "number" || type === "money" ? (
                <>
                  {limitsHeading}
                  {number("min", t("form.limits.min"), type === "number" ? t("form.limits.numberHint") : undefined, type === "money" ? "₫" : undefined)}
                  {number("max", t("form.limits.max"), type === "number" ? t("form.limits.numberHint") : undefined, type === "money" ? "₫" : undefined)}
                  {has("integer") ? flag("integer", t("form.limits.integer")) : null}
                </>
              ) : null}
              {type === "date" ? (
                <>
                  {limitsHeading}
                  <TextInput
                    id="field-min"
                    name="min"
                    label={t("form.limits.dateMin")}
                    hint={t("form.limits.dateHint")}
                    optional
                    width="10"
                    defaultValue={v.min}
                    error={error("field-min")}
                  />
                  {flag("minToday", t("form.limits.minToday"))}
                  <TextInput
                    id="field-max"
                    name="max"
                    label={t("form.limits.dateMax")}
                    hint={t("form.limits.dateHint")}
                    optional
                    width="10"
                    defaultValue={v.max}
                    error={error("field-max")}
                  />
                  {flag("maxToday", t("form.limits.maxToday"))}
                  {flag("notFuture", t("form.limits.notFuture"))}
                </>
              ) : null}
              {has("acceptPersonalId") ? (
                <>
                  {limitsHeading}
                  {flag("acceptPersonalId", t("form.limits.acceptPersonalId"))}
                </>
              ) : null}

              {has("options") ? (
                <>
                  <h2 className="govuk-heading-m">{t("form.fieldOptions")}</h2>
                  <Textarea
                    id="field-options"
                    name="options"
                    label={t("form.optionsLabel")}
                    hint={t("form.fieldOptionsHint")}
                    rows={6}
                    spellCheck={false}
                    defaultValue={v.options}
                    error={error("field-options")}
                  />
                  {has("minSelected") ? (
                    <>
                      {number("minSelected", t("form.limits.minSelected"))}
                      {number("maxSelected", t("form.limits.maxSelected"))}
                    </>
                  ) : null}
                </>
              ) : null}

              {isGroup ? (
                <>
                  <h2 className="govuk-heading-m">{t("form.group.heading")}</h2>
                  <TextInput id="field-itemLabel" name="itemLabel" label={t("form.group.itemLabel")} hint={t("form.group.itemLabelHint")} defaultValue={v.itemLabel} error={error("field-itemLabel")} />
                  {number("minItems", t("form.group.minItems"))}
                  {number("maxItems", t("form.group.maxItems"), t("form.group.maxItemsHint", { limit: GROUP_MAX_ITEMS_LIMIT }))}
                  <h3 className="govuk-heading-s">{t("form.group.fields")}</h3>
                  <ul className="govuk-list govuk-list--bullet">
                    {(loaded.groupFields ?? []).map((sub) => (
                      <li key={sub.name}>
                        {sub.label} · {t(`form.types.${sub.type}`)}
                      </li>
                    ))}
                  </ul>
                  <p className="govuk-hint">{t("form.group.fieldsReadOnly")}</p>
                </>
              ) : null}

              <h2 className="govuk-heading-m">{t("form.condition.heading")}</h2>
              <input type="hidden" name="showWhenFor" value={v.showWhenField} />
              {conditionOptions.length === 1 ? (
                <p className="govuk-body">{t("form.condition.none")}</p>
              ) : (
                <Select
                  id="field-showWhenField"
                  name="showWhenField"
                  label={t("form.condition.field")}
                  hint={t("form.condition.fieldHint")}
                  defaultValue={v.showWhenField}
                  options={conditionOptions}
                  error={error("field-showWhenField")}
                />
              )}
              {candidate?.type === "yesno" ? (
                <Radios
                  idPrefix="field-showWhenEquals"
                  name="showWhenEquals"
                  legend={t("form.condition.answer", { label: candidate.label })}
                  legendSize="s"
                  defaultValue={v.showWhenEquals[0] ?? "filled"}
                  error={error("field-showWhenEquals")}
                  items={[
                    { value: "yes", label: t("dynamic.yes") },
                    { value: "no", label: t("dynamic.no") },
                    { value: "filled", label: t("form.condition.answered") },
                  ]}
                />
              ) : candidate && candidate.choices.length > 0 ? (
                <Checkboxes
                  idPrefix="field-showWhenEquals"
                  name="showWhenEquals"
                  legend={t("form.condition.values", { label: candidate.label })}
                  legendSize="s"
                  hint={t("form.condition.valuesHint")}
                  defaultValues={v.showWhenEquals}
                  error={error("field-showWhenEquals")}
                  items={candidate.choices.map((c) => ({ value: c.value, label: c.label }))}
                />
              ) : candidate ? (
                <p className="govuk-body">{t("form.condition.filled", { label: candidate.label })}</p>
              ) : null}
              {editable ? <Button type="submit">{t("save")}</Button> : null}
            </fieldset>
          </Form>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
