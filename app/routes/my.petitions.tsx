import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { myPetitions } from "~/domain/petitions/petitions.server";
import { formatDate } from "~/domain/shared/format";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Table } from "~/ui/table";
import { PetitionStatusTag } from "./petitions/view";

// "Phản ánh, kiến nghị của tôi" (issue 8): the items the account sent while signed in (or, acting for a business, the
// business's), newest first.

export const handle = { i18n: ["petitions"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, "read:petition:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  const [items, t] = await Promise.all([
    myPetitions(context.db, {
      userId: actor.userId,
      organisationId: actor.actingFor?.organisationId ?? null,
    }),
    i18nServer.getFixedT(request, "petitions"),
  ]);
  const title = actor.actingFor ? t("mine.titleOrganisation", { name: actor.actingFor.name }) : t("mine.title");
  return { title, items };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function MyPetitions() {
  const { title, items } = useLoaderData<typeof loader>();
  const { t } = useTranslation("petitions");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("mine.intro")}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/feedback">
            {t("links.send")}
          </Link>
        </p>
        {items.length === 0 ? (
          <p className="govuk-body">{t("mine.empty")}</p>
        ) : (
          <Table
            head={[
              { text: t("mine.code") },
              { text: t("mine.title_") },
              { text: t("mine.receivedAt") },
              { text: t("mine.status") },
              { text: t("mine.answeredAt") },
            ]}
            rows={items.map((p) => [
              {
                text: (
                  <Link className="govuk-link" to={`/my/petitions/${encodeURIComponent(p.code)}`}>
                    {p.code}
                  </Link>
                ),
              },
              { text: p.title },
              { text: formatDate(p.receivedAt) },
              { text: <PetitionStatusTag status={p.status} t={t} /> },
              { text: p.answeredAt ? formatDate(p.answeredAt) : "—" },
            ])}
          />
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
