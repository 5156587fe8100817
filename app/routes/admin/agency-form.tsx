import { useTranslation } from "react-i18next";
import { AGENCY_KINDS, AGENCY_LEVELS } from "~/domain/agencies/agencies";
import { AGENCY_FORM_FIELDS, type AgencyFormField } from "~/domain/agencies/agencies.schema";
import { ErrorSummary } from "~/ui/error-summary";
import { Radios } from "~/ui/radios";
import { Select } from "~/ui/select";
import { TextInput } from "~/ui/text-input";

// The agency form's fields, shared by "new agency" and the agency page (which does not change the code).

export type AgencyFormValues = Partial<Record<AgencyFormField, string | null>>;
export type AgencyFormErrors = Partial<Record<AgencyFormField | "form", string>>;

/** The id of the control an error of a field points at (a radio group: its first radio). */
export const fieldTarget = (field: AgencyFormField | "form") => (field === "level" ? "level" : field === "form" ? "agency-form" : field);

export function AgencyErrorSummary({ errors }: { errors: AgencyFormErrors }) {
  const { t } = useTranslation("agencies-admin");
  return (
    <ErrorSummary
      errors={(["form", ...AGENCY_FORM_FIELDS] as const)
        .filter((field) => errors[field])
        .map((field) => ({ href: `#${fieldTarget(field)}`, text: t(errors[field]!) }))}
    />
  );
}

export function AgencyFields({
  values,
  errors,
  parents,
  withCode,
}: {
  values: AgencyFormValues;
  errors: AgencyFormErrors;
  /** The agencies in force today (the parent's choices), without the agency itself. */
  parents: readonly { code: string; name: string }[];
  withCode: boolean;
}) {
  const { t } = useTranslation("agencies-admin");
  const error = (field: AgencyFormField) => (errors[field] ? t(errors[field]) : undefined);
  const value = (field: AgencyFormField) => values[field] ?? "";
  return (
    <>
      {withCode ? (
        <TextInput
          id="code"
          name="code"
          label={t("form.code")}
          hint={t("form.codeHint")}
          width="10"
          autoComplete="off"
          spellCheck={false}
          defaultValue={value("code")}
          error={error("code")}
        />
      ) : null}
      <TextInput id="name" name="name" label={t("form.name")} autoComplete="off" defaultValue={value("name")} error={error("name")} />
      <TextInput id="shortName" name="shortName" label={t("form.shortName")} optional width="20" autoComplete="off" defaultValue={value("shortName")} error={error("shortName")} />
      <Select
        id="kind"
        name="kind"
        label={t("form.kind")}
        defaultValue={value("kind")}
        error={error("kind")}
        options={[{ value: "", text: t("form.kindChoose") }, ...AGENCY_KINDS.map((kind) => ({ value: kind, text: t(`kinds.${kind}`) }))]}
      />
      <Radios
        idPrefix="level"
        name="level"
        legend={t("form.level")}
        legendSize="s"
        inline
        small
        defaultValue={value("level")}
        error={error("level")}
        items={AGENCY_LEVELS.map((level) => ({ value: level, label: t(`levels.${level}`) }))}
      />
      <Select
        id="parent"
        name="parent"
        label={t("form.parent")}
        hint={t("form.parentHint")}
        defaultValue={value("parent")}
        error={error("parent")}
        options={[{ value: "", text: t("form.parentNone") }, ...parents.map((a) => ({ value: a.code, text: `${a.name} (${a.code})` }))]}
      />
      <TextInput id="address" name="address" label={t("form.address")} optional autoComplete="off" defaultValue={value("address")} error={error("address")} />
      <TextInput id="phone" name="phone" type="tel" label={t("form.phone")} optional width="20" autoComplete="off" defaultValue={value("phone")} error={error("phone")} />
      <TextInput id="email" name="email" type="email" label={t("form.email")} optional width="30" autoComplete="off" spellCheck={false} defaultValue={value("email")} error={error("email")} />
    </>
  );
}

/** The form's raw values (kept to fill the form again after an error), each cut to a sane length. */
export function agencyFormValues(form: FormData, fields: readonly AgencyFormField[]): Record<AgencyFormField, string> {
  return Object.fromEntries(fields.map((f) => [f, String(form.get(f) ?? "").slice(0, 400)])) as Record<AgencyFormField, string>;
}

/** zod issues as { field → i18n key }, the first per field. */
export function issuesByField(issues: readonly { path: readonly PropertyKey[]; message: string }[]): AgencyFormErrors {
  const out: AgencyFormErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form") as AgencyFormField;
    if (!(field in out)) out[field] = issue.message;
  }
  return out;
}
