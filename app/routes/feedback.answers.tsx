import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { publishedPetitions } from "~/domain/petitions/petitions.server";
import { publishedFilters } from "~/domain/petitions/public.server";
import { formatDate, todayInVietnam } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { Field } from "~/ui/field";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { Pagination } from "~/ui/pagination";
import { Select } from "~/ui/select";
import { Tag } from "~/ui/tag";
import { TextInput } from "~/ui/text-input";

// The published answers (issue 8): searchable without diacritics, filtered by procedure, answering agency and field,
// a page at a time; a GET form, so the filters live in the URL and work without JavaScript. Personal data is
// redacted by the domain (names hidden unless the submitter agreed, numbers masked).

export const handle = {
  i18n: ["petitions"],
  hydrate: false,
} satisfies ScriptsHandle & { i18n: string[] };

const PAGE_SIZE = 20;

/** Query-string parameters: anything malformed is ignored rather than refused. */
const querySchema = z.object({
  q: z
    .string()
    .catch("")
    .transform((s) => s.slice(0, 200)),
  procedure: z
    .string()
    .regex(/^[0-9A-Za-z.\-_]{1,20}$/)
    .optional()
    .catch(undefined),
  agency: z.string().uuid().optional().catch(undefined),
  field: z.string().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  for (const key of ["q", "procedure", "agency", "field", "page"]) {
    const value = params.get(key);
    if (value) raw[key] = value;
  }
  const query = querySchema.parse(raw);
  const t = await i18nServer.getFixedT(request, "petitions");
  const [filters, list] = await Promise.all([
    publishedFilters(context.db, todayInVietnam()),
    publishedPetitions(
      context.db,
      {
        search: query.q || undefined,
        procedureCode: query.procedure,
        agencyId: query.agency,
        field: query.field,
        page: query.page - 1,
        pageSize: PAGE_SIZE,
      },
      t("answer.hiddenName")
    ),
  ]);
  return {
    title: t("answers.title"),
    query,
    filters,
    ...list,
    pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function Answers() {
  const { title, query, filters, items, total, pages } = useLoaderData<typeof loader>();
  const { t } = useTranslation("petitions");
  const hrefForPage = (p: number) => {
    const params = new URLSearchParams();
    if (query.q) params.set("q", query.q);
    if (query.procedure) params.set("procedure", query.procedure);
    if (query.agency) params.set("agency", query.agency);
    if (query.field) params.set("field", query.field);
    params.set("page", String(p));
    return `/feedback/answers?${params.toString()}`;
  };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("answers.intro")}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/feedback">
            {t("links.send")}
          </Link>
        </p>
        <Form method="get" className="app-filter" role="search">
          <TextInput id="q" name="q" type="search" label={t("answers.search")} hint={t("answers.searchHint")} defaultValue={query.q} />
          <Field id="procedure" label={t("answers.procedure")}>
            {(control) => (
              <select id={control.id} name="procedure" className="govuk-select" aria-describedby={control.describedBy} defaultValue={query.procedure ?? ""}>
                <option value="">{t("answers.all")}</option>
                {filters.procedures.map((g) => (
                  <optgroup key={g.field.code} label={g.field.name}>
                    {g.procedures.map((p) => (
                      <option key={p.code} value={p.code}>
                        {p.name} ({p.code})
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          <Select
            id="agency"
            name="agency"
            label={t("answers.agency")}
            defaultValue={query.agency ?? ""}
            options={[{ value: "", text: t("answers.all") }, ...filters.agencies.map((a) => ({ value: a.id, text: a.name }))]}
          />
          {filters.fields.length > 0 ? (
            <Select
              id="field"
              name="field"
              label={t("answers.field")}
              defaultValue={query.field ?? ""}
              options={[{ value: "", text: t("answers.all") }, ...filters.fields.map((f) => ({ value: f, text: f }))]}
            />
          ) : null}
          <Button type="submit" variant="secondary">
            {t("answers.apply")}
          </Button>
        </Form>
        <p className="govuk-body" role="status">
          {t("answers.count", { count: total })}
        </p>
        {items.length === 0 ? (
          <p className="govuk-body">{t("answers.empty")}</p>
        ) : (
          <ul className="govuk-list app-petition-list">
            {items.map((p) => (
              <li key={p.code} className="govuk-!-margin-bottom-6">
                <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
                  <Link className="govuk-link" to={`/feedback/answers/${encodeURIComponent(p.code)}`}>
                    {p.title}
                  </Link>
                </h2>
                <p className="govuk-body app-prewrap govuk-!-margin-bottom-1">{p.excerpt}</p>
                <p className="govuk-body-s govuk-!-margin-bottom-1">
                  {p.agency ? t("answers.agencyLine", { agency: p.agency }) : null}
                  {p.procedure ? (
                    <>
                      {p.agency ? " · " : null}
                      {t("answers.forProcedure", { name: p.procedure.name })}
                    </>
                  ) : null}
                </p>
                <p className="govuk-body-s">
                  {p.code} ·{" "}
                  {t("answers.datesLine", {
                    received: formatDate(p.receivedAt),
                    answered: p.answeredAt ? formatDate(p.answeredAt) : "—",
                  })}{" "}
                  {p.onTime === null ? null : <Tag colour={p.onTime ? "green" : "red"}>{p.onTime ? t("view.onTime") : t("view.late")}</Tag>}
                </p>
              </li>
            ))}
          </ul>
        )}
        <Pagination currentPage={query.page} totalPages={pages} hrefForPage={hrefForPage} label={t("answers.pagination")} />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
