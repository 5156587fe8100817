import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { agencySearchSchema } from "~/domain/agencies/agencies.schema";
import { agencyAdminList } from "~/domain/agencies/agencies.server";
import { formatDate } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { AdministrationNav } from "./admin/administration-nav";
import { requireAgenciesAdmin } from "./admin/agencies.server";
import { Button } from "~/ui/button";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { Pagination } from "~/ui/pagination";
import { pageTitle } from "~/ui/page-title";
import { Table } from "~/ui/table";
import { TextInput } from "~/ui/text-input";

// System administrators: the province's agencies in force today (their current version), searched by name or code
// with a GET form kept in the address, with level, parent and how many officials hold roles there.

export const handle = { i18n: ["agencies-admin", "officials"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAgenciesAdmin(request, context);
  const query = agencySearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const listed = await agencyAdminList(context.db, { actorUserId: actor.userId, q: query.q, page: query.page });
  if (!listed.ok) throw data({ reason: "forbidden" }, { status: 403 });
  const t = await i18nServer.getFixedT(request, "agencies-admin");
  return { ...listed, q: query.q ?? "", title: t("list.title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function AdminAgencies() {
  const { rows, total, page, pages, date, q, title } = useLoaderData<typeof loader>();
  const { t } = useTranslation("agencies-admin");
  const href = (p: number) => `/admin/agencies?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <>
      <AdministrationNav />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-full">
          <h1 className="govuk-heading-l">{title}</h1>
          <p className="govuk-body">{t("list.intro", { date: formatDate(date) })}</p>
          <Button href="/admin/agencies/new">{t("list.new")}</Button>
          <Form method="get" role="search" aria-label={t("list.searchLabel")}>
            <div className="app-search-row">
              <TextInput
                id="q"
                name="q"
                type="search"
                label={t("list.search")}
                labelSize="s"
                hint={t("list.searchHint")}
                defaultValue={q}
                autoComplete="off"
                spellCheck={false}
                formGroupClassName="app-search-row__input"
              />
              <button type="submit" className="govuk-button govuk-button--secondary app-search-row__button">
                {t("list.searchButton")}
              </button>
            </div>
          </Form>
          <p className="govuk-body" role="status">
            {q ? t("list.countFor", { count: total, q }) : t("list.count", { count: total })}
            {q ? (
              <>
                {" "}
                <Link className="govuk-link" to="/admin/agencies">
                  {t("list.clear")}
                </Link>
              </>
            ) : null}
          </p>
          {rows.length > 0 ? (
            <div className="app-table-scroll">
              <Table
                className="app-admin-table"
                caption={t("list.caption")}
                captionSize="s"
                firstCellIsHeader
                head={[{ text: t("list.name") }, { text: t("list.code") }, { text: t("list.level") }, { text: t("list.parent") }, { text: t("list.officials"), format: "numeric" }]}
                rows={rows.map((a) => [
                  {
                    text: (
                      <Link className="govuk-link" to={`/admin/agencies/${a.id}`}>
                        {a.name}
                      </Link>
                    ),
                  },
                  { text: a.code },
                  { text: t(`levels.${a.level}`) },
                  { text: a.parentName ?? "" },
                  {
                    format: "numeric",
                    text:
                      a.officials > 0 ? (
                        <Link className="govuk-link" to={`/admin/officials?agency=${encodeURIComponent(a.code)}`} aria-label={t("list.officialsOf", { count: a.officials, name: a.name })}>
                          {a.officials}
                        </Link>
                      ) : (
                        "0"
                      ),
                  },
                ])}
              />
            </div>
          ) : null}
          <Pagination currentPage={page} totalPages={pages} hrefForPage={href} />
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
