import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { procedureForAdmin, startDraft } from "~/domain/procedures/drafts.server";
import { formatDate, todayInVietnam } from "~/domain/shared/format";
import { requireCatalogAdmin } from "~/routes/admin/catalog.server";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireCatalogAdmin(request, context);
  const procedure = await procedureForAdmin(context.db, params.code ?? "", todayInVietnam());
  if (!procedure) throw new Response(null, { status: 404 });
  return { title: procedure.current?.name ?? procedure.draft?.name ?? procedure.code, procedure };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

/** Start a draft (or continue the one that exists). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actorId } = await requireCatalogAdmin(request, context);
  const result = await startDraft(context.db, { code: params.code ?? "", actorId });
  if (!result.ok) throw new Response(null, { status: 404 });
  return redirect(draftUrl(result.draftId));
}

export default function AdminProcedure() {
  const { title, procedure } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["admin", "procedures"]);
  return (
    <>
      <BackLink href="/admin/catalog">{t("draft.backToCatalog")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{procedure.code}</span>
          <h1 className="govuk-heading-l">{title}</h1>
          {procedure.current ? (
            <SummaryList
              rows={[
                { key: t("procedure.current"), value: String(procedure.current.version) },
                { key: t("procedure.validFrom"), value: formatDate(procedure.current.validFrom) },
                { key: t("list.online"), value: t(`procedures:online.${procedure.current.onlineLevel}`) },
              ]}
            />
          ) : (
            <p className="govuk-body">{t("list.noPublished")}</p>
          )}
          {procedure.current ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/procedures/${procedure.code}`}>
                {t("procedure.public")}
              </Link>
            </p>
          ) : null}
          <p className="govuk-body">{t("procedure.explain")}</p>
          {procedure.draft ? (
            <Button href={draftUrl(procedure.draft.id)}>{t("procedure.continue", { version: procedure.draft.version })}</Button>
          ) : (
            <Form method="post">
              <Button type="submit">{t("procedure.start")}</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
