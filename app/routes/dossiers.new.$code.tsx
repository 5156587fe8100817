import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DRAFT_TTL_DAYS } from "~/domain/filing/filing";
import { startDraft, startPage } from "~/domain/filing/filing.server";
import { i18nServer } from "~/platform/i18n.server";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import { pageTitle } from "~/ui/page-title";
import { Select } from "~/ui/select";
import { requireFiler } from "./filing/draft.server";

// Start filing a procedure online (issue 5): what it takes, the agency to file with when several take it online,
// then a draft on the procedure's current version (fixed from then on). Signed-in citizens and businesses only.

export const handle = { i18n: ["filing"] };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireFiler(request, context);
  const page = await startPage(context.db, params.code ?? "");
  if (!page) throw new Response(null, { status: 404 });
  const t = await i18nServer.getFixedT(request, "filing");
  return { title: t("start.title", { name: page.name }), page };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const startSchema = z.object({ versionId: z.string().max(40), agencyId: z.string().max(40).default("") });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { owner } = await requireFiler(request, context);
  const parsed = startSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response(null, { status: 404 });
  const result = await startDraft(context.db, owner, { code: params.code ?? "", ...parsed.data });
  if (!result) throw new Response(null, { status: 404 });
  if (!result.ok) return data({ error: "errors.agency", agencyId: parsed.data.agencyId }, { status: 400 });
  throw redirect(`/filing/${result.draftId}`);
}

export default function StartFiling() {
  const { title, page } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("filing");
  const error = result?.error ? t(result.error) : undefined;
  // Two communes may share a name (in different districts): the agency's code tells them apart.
  const twice = new Set(page.agencies.filter((a, i) => page.agencies.findIndex((b) => b.name === a.name) !== i).map((a) => a.name));
  return (
    <>
      <BackLink href={`/procedures/${page.code}`}>{t("start.back")}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={error ? [{ href: "#agencyId", text: error }] : []} />
          <h1 className="govuk-heading-l">{title}</h1>
          <p className="govuk-body">{t("start.intro")}</p>
          <ul className="govuk-list govuk-list--bullet">
            <li>{t("start.needApplicant")}</li>
            <li>{t("start.needSections", { count: page.sections })}</li>
            <li>{t("start.needDocuments", { count: page.documents })}</li>
            {page.onBehalfAllowed ? <li>{t("start.onBehalf")}</li> : null}
          </ul>
          <InsetText>
            {t("start.saved", { days: DRAFT_TTL_DAYS })}{" "}
            <a className="govuk-link" href="/my/drafts">
              {t("drafts.title")}
            </a>
          </InsetText>
          <Form method="post" noValidate>
            <input type="hidden" name="versionId" value={page.versionId} />
            {page.agencies.length > 1 ? (
              <Select
                id="agencyId"
                name="agencyId"
                label={t("start.agency")}
                hint={t("start.agencyHint")}
                error={error}
                defaultValue={result?.agencyId}
                options={[{ value: "", text: t("start.agencyChoose") }, ...page.agencies.map((a) => ({ value: a.id, text: twice.has(a.name) ? `${a.name} (${a.code})` : a.name }))]}
              />
            ) : (
              <p className="govuk-body">{t("start.agencyOnly", { name: page.agencies[0]?.name })}</p>
            )}
            <Button type="submit" isStartButton>
              {t("start.button")}
            </Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
