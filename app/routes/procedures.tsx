import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { agencyChoicesOn } from "~/domain/agencies/agencies.server";
import { parseCatalogQuery, searchProcedures } from "~/domain/procedures/catalog.server";
import { GOVERNMENT_LEVELS, LIFE_EVENTS, ONLINE_LEVELS } from "~/domain/procedures/procedures";
import { todayInVietnam } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { catalogPageHeaders } from "~/platform/page-cache.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { Pagination } from "~/ui/pagination";
import { Select } from "~/ui/select";
import { Tag } from "~/ui/tag";
import { TextInput } from "~/ui/text-input";

// Plain HTML with one small enhancement: results follow the search box as you type (docs/decisions/0009).
export const handle = { i18n: ["procedures"], hydrate: false, enhance: ["liveSearch"] } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const today = todayInVietnam();
  const [t, search, agencies] = await Promise.all([
    i18nServer.getFixedT(request, "procedures"),
    searchProcedures(context.db, parseCatalogQuery(url.searchParams), today),
    agencyChoicesOn(context.db, today),
  ]);
  return { title: t("catalog.title"), search, agencies };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

// The same for every anonymous visitor until the catalog changes: cached in process, revalidated by ETag.
export const headers: HeadersFunction = catalogPageHeaders;

const LEVEL_COLOUR = { FULL: "green", PARTIAL: "blue", INFO: "grey" } as const;

export default function Catalog() {
  const { search, agencies } = useLoaderData<typeof loader>();
  const { t } = useTranslation("procedures");
  const q = search.query;

  const hrefFor = (page: number) => {
    const params = new URLSearchParams();
    for (const key of ["q", "field", "agency", "level", "online", "event"] as const) {
      const value = q[key];
      if (value) params.set(key, String(value));
    }
    if (page > 1) params.set("page", String(page));
    return `/procedures?${params.toString()}`;
  };

  const filters = [
    { id: "field", value: q.field, options: search.fields.map((f) => ({ value: f.code, text: f.name })) },
    { id: "agency", value: q.agency, options: agencies.map((a) => ({ value: a.code, text: a.name })) },
    { id: "level", value: q.level, options: GOVERNMENT_LEVELS.map((l) => ({ value: l, text: t(`levels.${l}`) })) },
    { id: "online", value: q.online, options: ONLINE_LEVELS.map((l) => ({ value: l, text: t(`online.${l}`) })) },
    { id: "event", value: q.event, options: LIFE_EVENTS.map((e) => ({ value: e, text: t(`events.${e}`) })) },
  ] as const;

  return (
    <>
      <h1 className="govuk-heading-xl">{t("catalog.heading")}</h1>
      <p className="govuk-body-l">{t("catalog.lead")}</p>
      <h2 className="govuk-visually-hidden">{t("catalog.countsHeading")}</h2>
      <ul className="app-stat-list">
        {(["FULL", "PARTIAL", "INFO"] as const).map((level) => (
          <li key={level} className="app-stat-list__item">
            <Link className="govuk-link app-stat-list__link" to={`/procedures?online=${level}`}>
              <span className="app-stat-list__number">{search.counts[level]}</span> {t(`catalog.counts.${level}`)}
            </Link>
          </li>
        ))}
      </ul>
      <form method="get" action="/procedures" className="app-catalog-form" data-live-search="" data-live-target="catalog-results">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <div className="app-search-row">
              <TextInput
                id="q"
                name="q"
                type="search"
                label={t("catalog.search.label")}
                labelSize="s"
                hint={t("catalog.search.hint")}
                defaultValue={q.q}
                autoComplete="off"
                spellCheck={false}
                formGroupClassName="app-search-row__input"
              />
              <button type="submit" className="govuk-button app-search-row__button">
                {t("catalog.search.button")}
              </button>
            </div>
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <h2 className="govuk-heading-m">{t("catalog.filters.heading")}</h2>
            {filters.map((f) => (
              <Select
                key={f.id}
                id={f.id}
                name={f.id}
                label={t(`catalog.filters.${f.id}`)}
                labelSize="s"
                defaultValue={f.value ?? ""}
                options={[{ value: "", text: t("catalog.filters.any") }, ...f.options]}
                className="govuk-!-width-full"
              />
            ))}
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button govuk-button--secondary">
                {t("catalog.filters.apply")}
              </button>
              <Link className="govuk-link" to="/procedures">
                {t("catalog.filters.clear")}
              </Link>
            </div>
          </div>
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">{t("catalog.results.heading")}</h2>
            <p className="govuk-body" role="status" data-live-status="">
              {q.q
                ? t("catalog.results.summaryFor", { count: search.total, q: q.q })
                : t("catalog.results.summary", { count: search.total })}
            </p>
            <div id="catalog-results">
            {search.total === 0 ? (
              <p className="govuk-body">{t("catalog.results.noneHelp")}</p>
            ) : (
              <ol className="app-result-list">
                {search.results.map((r) => (
                  <li key={r.code} className="app-result-list__item">
                    <h3 className="govuk-heading-s app-result-list__title">
                      <Link className="govuk-link" to={`/procedures/${r.code}`}>
                        {r.name}
                      </Link>
                    </h3>
                    <p className="govuk-body-s app-result-list__meta">
                      <Tag colour={LEVEL_COLOUR[r.onlineLevel]}>{t(`online.${r.onlineLevel}`)}</Tag>{" "}
                      <span>
                        {t("catalog.results.code")}: {r.code}
                      </span>
                      {" · "}
                      <span>{search.fields.find((f) => f.code === r.fieldCode)?.name ?? r.fieldCode}</span>
                      {" · "}
                      <span>{r.levels.map((l) => t(`levels.${l}`)).join(", ")}</span>
                    </p>
                  </li>
                ))}
              </ol>
            )}
            {search.pages > 1 ? <Pagination currentPage={search.page} totalPages={search.pages} hrefForPage={hrefFor} /> : null}
            </div>
          </div>
        </div>
      </form>
      <h2 className="govuk-heading-m">{t("catalog.eventsHeading")}</h2>
      <ul className="app-chip-list">
        {LIFE_EVENTS.map((e) => (
          <li key={e}>
            <Link className="govuk-link app-chip" to={`/procedures?event=${e}`} aria-current={q.event === e ? "page" : undefined}>
              {t(`events.${e}`)}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
