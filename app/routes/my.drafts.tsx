import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DRAFT_TTL_DAYS } from "~/domain/filing/filing";
import { discardDraft, listDrafts } from "~/domain/filing/filing.server";
import { formatDate, formatTimestamp } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { requireFiler } from "./filing/draft.server";

// "Hồ sơ đang soạn": the drafts of the signed-in citizen (or of the business acted for), resumable from any device.

export const handle = { i18n: ["filing"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { owner } = await requireFiler(request, context);
  const t = await i18nServer.getFixedT(request, "filing");
  return { title: t("drafts.title"), drafts: await listDrafts(context.db, owner) };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const { owner } = await requireFiler(request, context);
  const form = await request.formData();
  const id = form.get("discard");
  if (typeof id === "string") await discardDraft(context.db, owner, id);
  throw redirect("/my/drafts");
}

export default function MyDrafts() {
  const { title, drafts } = useLoaderData<typeof loader>();
  const { t } = useTranslation("filing");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("drafts.intro", { days: DRAFT_TTL_DAYS })}</p>
        {drafts.length === 0 ? <p className="govuk-body">{t("drafts.none")}</p> : null}
        {drafts.map((d) => (
          <div key={d.id} className="app-draft-card">
            <h2 className="govuk-heading-m">
              <a className="govuk-link" href={`/filing/${d.id}`}>
                {d.procedureName}
              </a>
            </h2>
            <p className="govuk-body-s">
              {t("drafts.meta", { code: d.procedureCode, agency: d.agencyName, updated: formatTimestamp(d.updatedAt), expires: formatDate(d.expiresAt) })}
            </p>
            <Form method="post">
              <Button type="submit" name="discard" value={d.id} variant="secondary" aria-label={t("drafts.discardLabel", { name: d.procedureName })}>
                {t("drafts.discard")}
              </Button>
            </Form>
          </div>
        ))}
        <p className="govuk-body">
          <a className="govuk-link" href="/procedures">
            {t("drafts.findProcedure")}
          </a>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
