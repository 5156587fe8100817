import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CHANNELS, ONLINE_LEVELS, PRESETS, presetQueryString, type StatisticsFormValues, type StatisticsQueryError } from "~/domain/statistics/statistics-query";
import type { StatisticsFilter } from "~/domain/statistics/report";
import { Button } from "~/ui/button";
import { DateInput } from "~/ui/date-input";
import { Select } from "~/ui/select";

// The statistics filter: a GET form (works without JavaScript; the choices stay in the URL) and the preset periods as
// plain links that keep the other choices.

export interface FilterOptions {
  agencies: readonly { id: string; name: string; parentId: string | null }[];
  fields: readonly { code: string; name: string }[];
  procedures: readonly { code: string; name: string }[];
}

/** The agency tree as select options, children indented under their parent. */
export function agencyOptions(agencies: FilterOptions["agencies"]): { value: string; text: string }[] {
  const ids = new Set(agencies.map((a) => a.id));
  const children = new Map<string | null, FilterOptions["agencies"][number][]>();
  for (const a of agencies) {
    const parent = a.parentId && ids.has(a.parentId) ? a.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), a]);
  }
  const out: { value: string; text: string }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const a of children.get(parent) ?? []) {
      out.push({ value: a.id, text: `${"\u2014 ".repeat(depth)}${a.name}` });
      if (depth < 6) walk(a.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function FilterForm({ action, values, errors, options, filter, today }: { action: string; values: StatisticsFormValues; errors: readonly StatisticsQueryError[]; options: FilterOptions; filter: StatisticsFilter; today: string }) {
  const { t } = useTranslation("statistics-pages");
  const error = (field: string) => {
    const e = errors.find((x) => x.field === field || (field === "from-day" && x.field === "from") || (field === "to-day" && x.field === "to"));
    return e ? t(e.message) : undefined;
  };
  const all = { value: "", text: t("filter.all") };
  return (
    <section aria-labelledby="filter-heading" className="app-statistics-filter">
      <h2 className="govuk-heading-m" id="filter-heading">
        {t("filter.heading")}
      </h2>
      <nav aria-label={t("filter.presets")}>
        <ul className="govuk-list app-inline-list">
          {PRESETS.map((p) => (
            <li key={p}>
              <Link className="govuk-link" to={`${action}?${presetQueryString(filter, p, today)}`}>
                {t(`filter.presetNames.${p}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" action={action} role="search" aria-label={t("filter.label")} noValidate>
        <DateInput id="from" namePrefix="from" legend={t("filter.from")} legendSize="s" hint={t("filter.dateHint")} error={error("from-day")} defaultValue={{ day: values.fromDay, month: values.fromMonth, year: values.fromYear }} />
        <DateInput id="to" namePrefix="to" legend={t("filter.to")} legendSize="s" error={error("to-day")} defaultValue={{ day: values.toDay, month: values.toMonth, year: values.toYear }} />
        <Select id="agency" name="agency" label={t("filter.agency")} error={error("agency")} defaultValue={values.agency} options={[{ value: "", text: t("province") }, ...agencyOptions(options.agencies)]} />
        <Select id="field" name="field" label={t("filter.field")} error={error("field")} defaultValue={values.field} options={[all, ...options.fields.map((f) => ({ value: f.code, text: f.name }))]} />
        <Select id="procedure" name="procedure" label={t("filter.procedure")} error={error("procedure")} defaultValue={values.procedure} options={[all, ...options.procedures.map((p) => ({ value: p.code, text: `${p.name} (${p.code})` }))]} className="app-select-wide" />
        <Select id="channel" name="channel" label={t("filter.channel")} error={error("channel")} defaultValue={values.channel} options={[all, ...CHANNELS.map((c) => ({ value: c, text: t(`channels.${c}`) }))]} />
        <Select id="level" name="level" label={t("filter.level")} error={error("level")} defaultValue={values.level} options={[all, ...ONLINE_LEVELS.map((l) => ({ value: l, text: t(`levels.${l}`) }))]} />
        <Button type="submit" variant="secondary">
          {t("filter.show")}
        </Button>
      </Form>
    </section>
  );
}
