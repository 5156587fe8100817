import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Field, FormSection, FormTexts, LeafField } from "~/domain/forms/form-definition";
import type { ErrorSummaryItem } from "./error-summary";
import { Checkboxes } from "./checkboxes";
import { DateInput } from "./date-input";
import { ErrorMessage } from "./error-message";
import { FormGroup } from "./field";
import { Fieldset } from "./fieldset";
import { Radios } from "./radios";
import { Select } from "./select";
import { TextInput } from "./text-input";
import { Textarea } from "./textarea";

// One section of a procedure's form definition, drawn with the design system's controls. Texts come from the
// definition's own `texts` (the page's language, else Vietnamese); keys starting with "form." are shared texts
// of the "forms" namespace. Values and errors are optional, so the catalog administration can preview a form
// and the filing pages (issue 5) can render one to fill in.
//
// Input names are the ones compileFormSchema reads (see compile.ts): "name", "name.day|month|year" for dates,
// "name.province|district|commune|street" for addresses, "group[0].field" for a repeating group's first item.
// A field with a display condition says so in its hint; `shown` hides the fields whose condition does not hold
// (with the `hidden` attribute, so what was typed stays in the page).

/** Posted values nested by input name (as parseWithZod's payload): strings, string lists, objects, arrays. */
export type DynamicFormValues = Record<string, unknown>;

export interface DynamicFormSectionProps {
  section: FormSection;
  texts: FormTexts | undefined;
  /** Prefixes every control's id (several sections, or a preview beside an editor). */
  idPrefix?: string;
  values?: DynamicFormValues;
  /** Already translated messages by input name ("hoTen", "noiCuTru.district", "thanhVien[0].soCccd"). */
  errors?: Record<string, string | undefined>;
  /** Heading level of the section title (default 2). */
  headingLevel?: 2 | 3;
  /** Whether to draw the section's title (false when the page's own heading is the title). */
  showTitle?: boolean;
  /** Every top-level field of the form (to describe display conditions that look at another section). */
  allFields?: readonly Field[];
  /** The fields shown: top-level names, and the names shown in each group's item; everything when absent. */
  shown?: { top: readonly string[]; groups: Record<string, readonly string[]> };
}

/** The text of a key in the page's language: the definition's texts, then shared texts, then the key itself. */
export function useFormText(texts: FormTexts | undefined) {
  // The default namespace (always loaded): shared texts name "forms" explicitly, so pages that do not load it (the
  // catalog's form editor) fall back to the key without fetching it.
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "vi";
  return (key: string | undefined): string => {
    if (!key) return "";
    const own = (lang === "en" ? texts?.en?.[key] : undefined) ?? texts?.vi?.[key];
    if (own) return own;
    return key.startsWith("form.") ? t(key.slice("form.".length), { ns: "forms", defaultValue: key }) : key;
  };
}

/**
 * The id of the control to focus for an issue at an input name (for an error summary's links): the first box
 * of a date, the part of an address, the field of a group's item, the first option of a choice.
 */
export function dynamicControlId(fields: readonly Field[], name: string, idPrefix = "f"): string {
  const group = /^([A-Za-z0-9]+)\[(\d+)\]\.([A-Za-z0-9]+)/.exec(name);
  if (group) return `${idPrefix}-${group[1]}-${Number(group[2]) + 1}-${group[3]}`;
  const [top = "", part] = name.split(".");
  const field = fields.find((f) => f.name === top);
  if (part) return `${idPrefix}-${top}-${part}`;
  if (field?.type === "date") return `${idPrefix}-${top}-day`;
  if (field?.type === "address") return `${idPrefix}-${top}-province`;
  return `${idPrefix}-${top}`;
}

const asText = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The sentence that tells when a field is shown ("Chỉ điền khi «Loại» là «Tổ chức»"), or undefined. */
function useConditionText(fields: readonly Field[], text: (key: string | undefined) => string) {
  const { t } = useTranslation("forms");
  return (field: Field, scope: readonly Field[]): string | undefined => {
    const when = field.showWhen;
    if (!when) return undefined;
    const ref = scope.find((f) => f.name === when.field && f !== field) ?? fields.find((f) => f.name === when.field);
    const label = ref ? text(ref.labelKey) : when.field;
    if (when.equals === undefined) return t("dynamic.whenFilled", { field: label });
    const values = typeof when.equals === "boolean" ? [when.equals ? t("dynamic.yes") : t("dynamic.no")] : [when.equals].flat();
    const labelOf = (value: string) => {
      const option = ref && "options" in ref ? ref.options.find((o) => o.value === value) : undefined;
      return option ? text(option.labelKey) : value;
    };
    const quoted = values.map((v) => t("dynamic.quoted", { text: typeof when.equals === "boolean" ? v : labelOf(v) }));
    return t("dynamic.when", { field: label, values: quoted.join(` ${t("dynamic.or")} `) });
  };
}

interface ControlProps {
  field: Field;
  id: string;
  name: string;
  text: (key: string | undefined) => string;
  value: unknown;
  errors: Record<string, string | undefined>;
  condition: (field: Field, scope: readonly Field[]) => string | undefined;
  /** Names shown in a group's first item (undefined: all). */
  groupShown?: readonly string[];
}

function FieldControl({ field, id, name, text, value, errors, condition, groupShown }: ControlProps) {
  const { t } = useTranslation("forms");
  const label = text(field.labelKey);
  const ownHint = field.hintKey ? text(field.hintKey) : undefined;
  const when = condition(field, []);
  const hint: ReactNode =
    ownHint && when ? (
      <>
        {ownHint}
        <br />
        {when}
      </>
    ) : (
      (ownHint ?? when)
    );
  const error = errors[name];
  const optional = !field.required;
  const single = asText(value);
  const common = { id, name, label, hint, error, optional };
  switch (field.type) {
    case "textarea":
      return <Textarea {...common} defaultValue={single} rows={4} />;
    case "address": {
      const parts = asRecord(value);
      return (
        <FormGroup error={error}>
          <Fieldset legend={label} legendSize="s" describedBy={[hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined}>
            {hint ? (
              <div className="govuk-hint" id={`${id}-hint`}>
                {hint}
              </div>
            ) : null}
            {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
            {(["province", "district", "commune"] as const).map((part) => (
              <TextInput
                key={part}
                id={`${id}-${part}`}
                name={`${name}.${part}`}
                label={t(`dynamic.address.${part}`)}
                inputMode="numeric"
                width={part === "province" ? "2" : part === "district" ? "3" : "5"}
                spellCheck={false}
                defaultValue={asText(parts[part])}
                error={errors[`${name}.${part}`]}
              />
            ))}
            <TextInput
              id={`${id}-street`}
              name={`${name}.street`}
              label={t("dynamic.address.street")}
              autoComplete="street-address"
              defaultValue={asText(parts.street)}
              error={errors[`${name}.street`]}
            />
          </Fieldset>
        </FormGroup>
      );
    }
    case "email":
      return <TextInput {...common} type="email" autoComplete="email" spellCheck={false} defaultValue={single} />;
    case "phone":
      return <TextInput {...common} type="tel" autoComplete="tel" width="20" defaultValue={single} />;
    case "cccd":
    case "taxCode":
      return <TextInput {...common} inputMode="numeric" width="20" spellCheck={false} defaultValue={single} />;
    case "number":
    case "money":
      return <TextInput {...common} inputMode="decimal" width="10" defaultValue={single} suffix={field.type === "money" ? "₫" : undefined} />;
    case "date": {
      const parts = asRecord(value);
      const [year = "", month = "", day = ""] = (single ?? "").split("-");
      return (
        <DateInput
          id={id}
          namePrefix={name}
          names={{ day: `${name}.day`, month: `${name}.month`, year: `${name}.year` }}
          legend={label}
          legendSize="s"
          hint={hint}
          error={error}
          defaultValue={single ? { day, month, year } : { day: asText(parts.day), month: asText(parts.month), year: asText(parts.year) }}
        />
      );
    }
    case "select":
      return <Select {...common} defaultValue={single} options={[{ value: "", text: "" }, ...field.options.map((o) => ({ value: o.value, text: text(o.labelKey) }))]} />;
    case "radio":
      return (
        <Radios
          idPrefix={id}
          name={name}
          legend={label}
          legendSize="s"
          hint={hint}
          error={error}
          defaultValue={single}
          items={field.options.map((o) => ({ value: o.value, label: text(o.labelKey) }))}
        />
      );
    case "checkbox":
      return (
        <Checkboxes
          idPrefix={id}
          name={name}
          legend={label}
          legendSize="s"
          hint={hint}
          error={error}
          defaultValues={Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : single ? [single] : []}
          items={field.options.map((o) => ({ value: o.value, label: text(o.labelKey) }))}
        />
      );
    case "yesno":
      return (
        <Radios
          idPrefix={id}
          name={name}
          legend={label}
          legendSize="s"
          hint={hint}
          error={error}
          inline
          defaultValue={single}
          items={[
            { value: "yes", label: t("dynamic.yes") },
            { value: "no", label: t("dynamic.no") },
          ]}
        />
      );
    case "group": {
      const item = asRecord(Array.isArray(value) ? value[0] : undefined);
      return (
        <div id={id} className={error ? "govuk-form-group govuk-form-group--error" : "govuk-form-group"}>
          <Fieldset legend={label} legendSize="m">
            {hint ? <div className="govuk-hint">{hint}</div> : null}
            {error ? <ErrorMessage>{error}</ErrorMessage> : null}
            <h3 className="govuk-heading-s">{`${text(field.itemLabelKey)} 1`}</h3>
            {field.fields.map((sub: LeafField) => (
              <div key={sub.name} hidden={groupShown ? !groupShown.includes(sub.name) : undefined}>
                <FieldControl
                  field={sub}
                  id={`${id}-1-${sub.name}`}
                  name={`${name}[0].${sub.name}`}
                  text={text}
                  value={item[sub.name]}
                  errors={errors}
                  condition={(f) => condition(f, field.fields)}
                />
              </div>
            ))}
          </Fieldset>
        </div>
      );
    }
    default:
      return <TextInput {...common} defaultValue={single} />;
  }
}

export function DynamicFormSection({
  section,
  texts,
  idPrefix = "f",
  values = {},
  errors = {},
  headingLevel = 2,
  showTitle = true,
  allFields,
  shown,
}: DynamicFormSectionProps) {
  const text = useFormText(texts);
  const condition = useConditionText(allFields ?? section.fields, text);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="app-dynamic-section" aria-labelledby={showTitle ? `${idPrefix}-${section.id}-title` : undefined}>
      {showTitle ? (
        <Heading className="govuk-heading-m" id={`${idPrefix}-${section.id}-title`}>
          {text(section.titleKey)}
        </Heading>
      ) : null}
      {section.descriptionKey ? <p className="govuk-body">{text(section.descriptionKey)}</p> : null}
      {section.fields.map((field) => (
        <div key={field.name} hidden={shown ? !shown.top.includes(field.name) : undefined} data-field={field.name}>
          <FieldControl
            field={field}
            id={`${idPrefix}-${field.name}`}
            name={field.name}
            text={text}
            value={values[field.name]}
            errors={errors}
            condition={condition}
            groupShown={shown?.groups[field.name]}
          />
        </div>
      ))}
    </section>
  );
}

/** The values of a form as the page holds them now (for showing and hiding fields as the applicant types). */
export function formDataValues(form: FormData): DynamicFormValues {
  const out: DynamicFormValues = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    const value = all.length > 1 ? all : all[0];
    const top = /^[^.[]+/.exec(key)?.[0] ?? key;
    if (top === key) out[key] = value;
    // Dates, addresses and groups: only whether something is filled matters to a condition.
    else out[top] = { ...asRecord(out[top]), [key.slice(top.length)]: value };
  }
  return out;
}

/** An issue of a filled form, by input name, with an i18n key ("form.errors.*" of "forms", or the definition's own). */
export interface DynamicIssue {
  name: string;
  message: string;
  params?: Record<string, unknown>;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Issues as inline messages by input name and as error-summary items that say which field each is about (the
 * form's messages are general: "Vui lòng nhập…"). Days in messages are written as the applicant types them.
 */
export function useDynamicIssues(fields: readonly Field[], texts: FormTexts | undefined, issues: readonly DynamicIssue[] | undefined, idPrefix = "f") {
  const { t } = useTranslation("forms");
  const text = useFormText(texts);
  const message = (issue: DynamicIssue) => {
    if (!issue.message.startsWith("form.errors.")) return text(issue.message);
    const params = Object.fromEntries(
      Object.entries(issue.params ?? {}).map(([k, v]) => [k, typeof v === "string" && ISO_DAY.test(v) ? v.replace(ISO_DAY, "$3/$2/$1") : v]),
    );
    return t(issue.message, params);
  };
  const labelOf = (name: string) => {
    const [, top = name, sub] = /^([^.[]+)(?:\[\d+\]\.(.+))?/.exec(name) ?? [];
    const field = fields.find((f) => f.name === top);
    const inner = field?.type === "group" && sub ? field.fields.find((f) => f.name === sub) : undefined;
    return text((inner ?? field)?.labelKey);
  };
  const errors: Record<string, string> = {};
  for (const issue of issues ?? []) errors[issue.name] ??= message(issue);
  const summary: ErrorSummaryItem[] = Object.entries(errors).map(([name, msg]) => ({
    href: `#${dynamicControlId(fields, name, idPrefix)}`,
    text: labelOf(name) ? `${labelOf(name)}: ${msg}` : msg,
  }));
  return { errors, summary };
}
