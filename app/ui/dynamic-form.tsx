import { useTranslation } from "react-i18next";
import type { Field, FormSection, FormTexts, LeafField } from "~/domain/forms/form-definition";
import { Checkboxes } from "./checkboxes";
import { DateInput } from "./date-input";
import { Fieldset } from "./fieldset";
import { Radios } from "./radios";
import { Select } from "./select";
import { TextInput } from "./text-input";
import { Textarea } from "./textarea";

// One section of a procedure's form definition, drawn with the design system's controls. Texts come from the
// definition's own `texts` (the page's language, else Vietnamese); keys starting with "form." are shared texts
// of the "forms" namespace. Values and errors are optional, so the catalog administration can preview a form
// and the filing pages (issue 5) can render one to fill in.

export type FormValues = Record<string, string | string[] | undefined>;

export interface DynamicFormSectionProps {
  section: FormSection;
  texts: FormTexts | undefined;
  /** Prefixes every control's id (several sections, or a preview beside an editor). */
  idPrefix?: string;
  values?: FormValues;
  /** Already translated messages by field name. */
  errors?: Record<string, string | undefined>;
  /** Heading level of the section title (default 2). */
  headingLevel?: 2 | 3;
}

/** The text of a key in the page's language: the definition's texts, then shared texts, then the key itself. */
export function useFormText(texts: FormTexts | undefined) {
  const { t, i18n } = useTranslation("admin");
  const lang = i18n.language === "en" ? "en" : "vi";
  return (key: string | undefined): string => {
    if (!key) return "";
    const own = (lang === "en" ? texts?.en?.[key] : undefined) ?? texts?.vi?.[key];
    if (own) return own;
    return key.startsWith("form.") ? t(key.slice("form.".length), { ns: "forms", defaultValue: key }) : key;
  };
}

function FieldControl({
  field,
  id,
  name,
  text,
  value,
  error,
}: {
  field: Field;
  id: string;
  name: string;
  text: (key: string | undefined) => string;
  value: string | string[] | undefined;
  error: string | undefined;
}) {
  const { t } = useTranslation("admin");
  const label = text(field.labelKey);
  const hint = field.hintKey ? text(field.hintKey) : undefined;
  const optional = !field.required;
  const single = typeof value === "string" ? value : undefined;
  const common = { id, name, label, hint, error, optional };
  switch (field.type) {
    case "textarea":
      return <Textarea {...common} defaultValue={single} rows={4} />;
    case "address":
      return <Textarea {...common} defaultValue={single} rows={2} autoComplete="street-address" />;
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
      const [year = "", month = "", day = ""] = (single ?? "").split("-");
      return (
        <DateInput
          id={id}
          namePrefix={name}
          legend={label}
          legendSize="s"
          hint={hint}
          error={error}
          defaultValue={{ day, month, year }}
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
          defaultValues={Array.isArray(value) ? value : single ? [single] : []}
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
    case "group":
      return (
        <Fieldset legend={label} legendSize="m">
          {hint ? <div className="govuk-hint">{hint}</div> : null}
          <h3 className="govuk-heading-s">{`${text(field.itemLabelKey)} 1`}</h3>
          {field.fields.map((sub: LeafField) => (
            <FieldControl
              key={sub.name}
              field={sub}
              id={`${id}-1-${sub.name}`}
              name={`${name}[0].${sub.name}`}
              text={text}
              value={undefined}
              error={undefined}
            />
          ))}
        </Fieldset>
      );
    default:
      return <TextInput {...common} defaultValue={single} />;
  }
}

export function DynamicFormSection({ section, texts, idPrefix = "f", values = {}, errors = {}, headingLevel = 2 }: DynamicFormSectionProps) {
  const text = useFormText(texts);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="app-dynamic-section" aria-labelledby={`${idPrefix}-${section.id}-title`}>
      <Heading className="govuk-heading-m" id={`${idPrefix}-${section.id}-title`}>
        {text(section.titleKey)}
      </Heading>
      {section.descriptionKey ? <p className="govuk-body">{text(section.descriptionKey)}</p> : null}
      {section.fields.map((field) => (
        <FieldControl
          key={field.name}
          field={field}
          id={`${idPrefix}-${field.name}`}
          name={field.name}
          text={text}
          value={values[field.name]}
          error={errors[field.name]}
        />
      ))}
    </section>
  );
}
