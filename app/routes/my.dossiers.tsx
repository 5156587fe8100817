import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { STATUS_CODES } from "~/domain/dossiers/dossiers";
import { myDossiersQuerySchema } from "~/domain/dossiers/dossiers.schema";
import { markMyNotificationsRead, myDossiers, myNotifications } from "~/domain/dossiers/dossiers.server";
import { formatTimestamp } from "~/domain/shared/format";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { StatusTag } from "~/ui/dossier-timeline";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Pagination } from "~/ui/pagination";
import { Select } from "~/ui/select";
import { Table } from "~/ui/table";

// "Hồ sơ của tôi" (issue 5, item 5): the account's dossiers, or, acting for a business, the business's (seen by all its
// representatives); a status filter and pages in the URL (a GET form: works without JavaScript).

export const handle = { i18n: ["dossiers"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, "read:dossier:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  const url = new URL(request.url);
  const query = myDossiersQuerySchema.parse({ status: url.searchParams.get("status") ?? undefined, page: url.searchParams.get("page") ?? undefined });
  const [list, notifications, t] = await Promise.all([myDossiers(context.db, { actor, ...query }), myNotifications(context.db, { actor }), i18nServer.getFixedT(request, "dossiers")]);
  const title = actor.actingFor ? t("list.titleOrganisation", { name: actor.actingFor.name }) : t("list.title");
  return { title, organisation: actor.actingFor?.name ?? null, notifications, ...list };
}

/** "Mark all as read" (the only action here). */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, context, "read:dossier:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  await markMyNotificationsRead(context.db, { actor });
  throw redirect("/my/dossiers");
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function MyDossiers() {
  const { title, organisation, notifications, items, total, page, pages, status } = useLoaderData<typeof loader>();
  const { t } = useTranslation("dossiers");
  const hrefForPage = (p: number) => `/my/dossiers?${new URLSearchParams({ ...(status ? { status: String(status) } : {}), page: String(p) }).toString()}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{organisation ? t("list.introOrganisation") : t("list.intro")}</p>
        <h2 className="govuk-heading-m">{t("notifications.heading")}</h2>
        {notifications.length === 0 ? (
          <p className="govuk-body">{t("notifications.none")}</p>
        ) : (
          <>
            <ul className="govuk-list app-notifications">
              {notifications.map((n) => (
                <li key={n.id}>
                  {n.unread ? <strong className="govuk-tag govuk-tag--blue app-notifications__new">{t("notifications.new")}</strong> : null}{" "}
                  {n.code ? (
                    <Link className="govuk-link" to={`/my/dossiers/${encodeURIComponent(n.code)}`}>
                      {t(`notifications.kinds.${n.kind}`, { code: n.code })}
                    </Link>
                  ) : (
                    t(`notifications.kinds.${n.kind}`, { code: "" })
                  )}{" "}
                  <span className="govuk-hint govuk-!-display-inline">{formatTimestamp(n.createdAt)}</span>
                </li>
              ))}
            </ul>
            {notifications.some((n) => n.unread) ? (
              <Form method="post">
                <Button type="submit" variant="secondary">
                  {t("notifications.markRead")}
                </Button>
              </Form>
            ) : null}
          </>
        )}
        <h2 className="govuk-heading-m">{t("list.heading")}</h2>
        <Form method="get" className="app-filter">
          <Select
            id="status"
            name="status"
            label={t("list.filter")}
            defaultValue={status ? String(status) : ""}
            options={[{ value: "", text: t("list.all") }, ...STATUS_CODES.map((s) => ({ value: String(s), text: t(`status.${s}`) }))]}
          />
          <Button type="submit" variant="secondary">
            {t("list.apply")}
          </Button>
        </Form>
        <p className="govuk-body" role="status">
          {t("list.count", { count: total })}
        </p>
        {items.length === 0 ? (
          <p className="govuk-body">{status ? t("list.emptyFiltered") : t("list.empty")}</p>
        ) : (
          <Table
            head={[{ text: t("fields.code") }, { text: t("fields.procedure") }, { text: t("fields.receivedAt") }, { text: t("fields.status") }, { text: t("fields.dueAt") }]}
            rows={items.map((d) => [
              {
                text: (
                  <Link className="govuk-link" to={`/my/dossiers/${encodeURIComponent(d.code)}`}>
                    {d.code}
                  </Link>
                ),
              },
              { text: d.procedureName },
              { text: formatTimestamp(d.receivedAt) },
              { text: <StatusTag status={d.status} t={t} /> },
              { text: d.dueAt ? formatTimestamp(d.dueAt) : "—" },
            ])}
          />
        )}
        <Pagination currentPage={page} totalPages={pages} hrefForPage={hrefForPage} label={t("list.pagination")} />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
