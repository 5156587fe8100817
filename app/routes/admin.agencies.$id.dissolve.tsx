import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { dissolveSchema } from "~/domain/agencies/agencies.schema";
import { agencyAdminPage, agencyOptionsOn, dissolveAgency, type DissolveBlockers } from "~/domain/agencies/agencies.server";
import { formatDate } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { AdministrationNav } from "./admin/administration-nav";
import { requireAgenciesAdmin } from "./admin/agencies.server";
import { AgencyUses } from "./admin/agency-uses";
import { redirectWithFlash } from "./admin/flash.server";
import { BackLink } from "~/ui/back-link";
import { Button, ButtonGroup } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import { pageTitle } from "~/ui/page-title";
import { Select } from "~/ui/select";
import { WarningText } from "~/ui/warning-text";

// Dissolving an agency, or merging it into a successor, from today (system administrators): a confirmation page that
// works without JavaScript. While officials hold roles there, procedures are offered by it or agencies sit under it,
// the page says which (with links) instead of offering the button.

export const handle = { i18n: ["agencies-admin", "officials"] };

async function pageOf(context: LoaderFunctionArgs["context"], actorUserId: string, id: string | undefined) {
  const result = await agencyAdminPage(context.db, { actorUserId, agencyId: id ?? "" });
  if (!result.ok && result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
  if (!result.ok) throw new Response(null, { status: 404 });
  return result.page;
}

const blocked = (b: DissolveBlockers) => b.officials.length > 0 || b.procedures.length > 0 || b.agencies.length > 0;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireAgenciesAdmin(request, context);
  const page = await pageOf(context, actor.userId, params.id);
  const successors = (await agencyOptionsOn(context.db, page.date)).filter((a) => a.code !== page.code);
  const t = await i18nServer.getFixedT(request, "agencies-admin");
  const name = page.name;
  return {
    id: page.id,
    code: page.code,
    name,
    date: page.date,
    ended: page.current === null,
    uses: { officials: page.officials, procedures: page.procedures, agencies: page.agencies },
    successors,
    title: t("dissolve.title", { name }),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireAgenciesAdmin(request, context);
  const page = await pageOf(context, actor.userId, params.id);
  const form = await request.formData();
  const successor = String(form.get("successor") ?? "").slice(0, 40);
  const parsed = dissolveSchema.safeParse({ successor });
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "agencies-admin:errors.successorUnknown", successor, uses: null }, { status: 400 });
  const result = await dissolveAgency(context.db, { actorUserId: actor.userId, agencyId: page.id, successor: parsed.data.successor, ip: context.clientIp });
  if (result.ok) return redirectWithFlash(request, context, `/admin/agencies/${page.id}`, parsed.data.successor ? "agencies-admin:dissolve.doneMerged" : "agencies-admin:dissolve.done");
  if (result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
  if (result.reason === "notFound") throw new Response(null, { status: 404 });
  if (result.reason === "inUse") return data({ error: "agencies-admin:dissolve.inUse", successor, uses: result.blockers }, { status: 409 });
  if (result.reason !== "invalid") return data({ error: "agencies-admin:errors.ended", successor, uses: null }, { status: 400 });
  return data({ error: result.errors.successor, successor, uses: null }, { status: 400 });
}

export default function DissolveAgency() {
  const { id, code, name, date, ended, uses, successors, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("agencies-admin");
  const shownUses = result?.uses ?? uses;
  const error = result?.error ? t(result.error) : undefined;
  const back = `/admin/agencies/${id}`;
  return (
    <>
      <AdministrationNav />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <BackLink href={back}>{t("dissolve.back", { name })}</BackLink>
          <ErrorSummary errors={error ? [{ href: result?.uses ? "#uses" : "#successor", text: error }] : []} />
          <span className="govuk-caption-l">{code}</span>
          <h1 className="govuk-heading-l">{title}</h1>
          {ended ? (
            <InsetText>{t("errors.ended")}</InsetText>
          ) : blocked(shownUses) ? (
            <div id="uses">
              <InsetText>{t("dissolve.blocked")}</InsetText>
              <AgencyUses {...shownUses} code={code} headingLevel={2} />
            </div>
          ) : (
            <Form method="post" noValidate>
              <WarningText>{t("dissolve.warning", { date: formatDate(date) })}</WarningText>
              <Select
                id="successor"
                name="successor"
                label={t("dissolve.successor")}
                hint={t("dissolve.successorHint")}
                defaultValue={result?.successor ?? ""}
                error={error}
                options={[{ value: "", text: t("dissolve.noSuccessor") }, ...successors.map((a) => ({ value: a.code, text: `${a.name} (${a.code})` }))]}
              />
              <ButtonGroup>
                <Button type="submit" variant="warning">
                  {t("dissolve.confirm")}
                </Button>
                <Link className="govuk-link" to={back}>
                  {t("dissolve.cancel")}
                </Link>
              </ButtonGroup>
            </Form>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to={back}>
              {t("dissolve.back", { name })}
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
