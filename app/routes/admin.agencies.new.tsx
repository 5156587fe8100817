import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AGENCY_FORM_FIELDS, newAgencySchema } from "~/domain/agencies/agencies.schema";
import { agencyOptionsOn, createAgency } from "~/domain/agencies/agencies.server";
import { formatDate, todayInVietnam } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { AdministrationNav } from "./admin/administration-nav";
import { requireAgenciesAdmin } from "./admin/agencies.server";
import { AgencyErrorSummary, AgencyFields, agencyFormValues, issuesByField, type AgencyFormErrors } from "./admin/agency-form";
import { redirectWithFlash } from "./admin/flash.server";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";

// A new agency of the province, in force from today (system administrators).

export const handle = { i18n: ["agencies-admin", "officials"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAgenciesAdmin(request, context);
  const date = todayInVietnam();
  const t = await i18nServer.getFixedT(request, "agencies-admin");
  return { parents: await agencyOptionsOn(context.db, date), date, title: t("new.title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireAgenciesAdmin(request, context);
  const values = agencyFormValues(await request.formData(), AGENCY_FORM_FIELDS);
  const parsed = newAgencySchema.safeParse(values);
  if (!parsed.success) return data({ errors: issuesByField(parsed.error.issues), values }, { status: 400 });
  const result = await createAgency(context.db, { actorUserId: actor.userId, agency: parsed.data, ip: context.clientIp });
  if (result.ok) return redirectWithFlash(request, context, `/admin/agencies/${result.agencyId}`, "agencies-admin:new.done");
  if (result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
  const errors: AgencyFormErrors = result.reason === "invalid" ? result.errors : { form: "agencies-admin:errors.notSaved" };
  return data({ errors, values }, { status: 400 });
}

export default function NewAgency() {
  const { parents, date, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("agencies-admin");
  const errors = result?.errors ?? {};
  return (
    <>
      <AdministrationNav />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <BackLink href="/admin/agencies">{t("back")}</BackLink>
          <AgencyErrorSummary errors={errors} />
          <h1 className="govuk-heading-l">{title}</h1>
          <p className="govuk-body">{t("new.intro", { date: formatDate(date) })}</p>
          <Form method="post" noValidate id="agency-form">
            <AgencyFields values={result?.values ?? { level: "province" }} errors={errors} parents={parents} withCode />
            <Button type="submit">{t("new.submit")}</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
