import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OFFICIAL_ROLES } from "~/domain/access/permissions";
import { agencyChoicesOn } from "~/domain/agencies/agencies.server";
import { agencyIdForCode, listOfficials, setRoles } from "~/domain/officials/officials.server";
import { todayInVietnam } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { requireOfficialsAdmin } from "./admin/officials.server";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Select } from "~/ui/select";
import { SummaryList } from "~/ui/summary-list";

// One official's roles, agency by agency (system administrators). Choosing the agency is a GET (the page shows that
// agency's roles ticked); saving replaces the official's roles at that agency.

export const handle = { i18n: ["officials"] };


async function officialOf(context: LoaderFunctionArgs["context"], actorUserId: string, id: string | undefined) {
  const listed = await listOfficials(context.db, { actorUserId });
  if (!listed.ok) throw data({ reason: "forbidden" }, { status: 403 });
  const official = listed.officials.find((o) => o.id === id);
  if (!official) throw new Response(null, { status: 404 });
  return official;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireOfficialsAdmin(request, context);
  const official = await officialOf(context, actor.userId, params.id);
  const agencies = await agencyChoicesOn(context.db, todayInVietnam());
  const asked = new URL(request.url).searchParams.get("agency") ?? "";
  const agency = agencies.some((a) => a.code === asked) ? asked : (official.roles[0]?.agencyCode ?? "");
  const t = await i18nServer.getFixedT(request, "officials");
  return { official, agencies, agency, title: t("roles.pageTitle", { name: official.fullName }) };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireOfficialsAdmin(request, context);
  const official = await officialOf(context, actor.userId, params.id);
  const form = await request.formData();
  const agency = String(form.get("agency") ?? "").slice(0, 50);
  const roles = form.getAll("roles").map(String).slice(0, 20);
  const agencyId = await agencyIdForCode(context.db, agency);
  if (!agencyId) return data({ error: "officials:errors.agencyUnknown", field: "agency" }, { status: 400 });
  const result = await setRoles(context.db, { actorUserId: actor.userId, userId: official.id, agencyId, roles, ip: context.clientIp });
  if (!result.ok) {
    if (result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
    if (result.reason === "notFound") throw new Response(null, { status: 404 });
    return data({ error: "officials:roles.invalid", field: "roles" }, { status: 400 });
  }
  throw redirect("/admin/officials");
}

export default function OfficialRoles() {
  const { official, agencies, agency, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("officials");
  const agencyName = new Map(agencies.map((a) => [a.code, a.name]));
  const error = result?.error ? t(result.error) : undefined;
  const ticked = official.roles.filter((r) => r.agencyCode === agency).map((r) => r.role);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/officials">{t("roles.back")}</BackLink>
        <ErrorSummary errors={error ? [{ href: `#${result?.field ?? "roles"}`, text: error }] : []} />
        <h1 className="govuk-heading-l">{title}</h1>
        <SummaryList
          rows={[
            { key: t("admin.email"), value: official.email ?? "" },
            { key: t("admin.statusHeading"), value: t(`status.${official.status}`) },
            {
              key: t("admin.roles"),
              value: official.roles.length ? official.roles.map((r) => `${t(`roles.${r.role}`)} – ${agencyName.get(r.agencyCode) ?? r.agencyCode}`).join("; ") : t("roles.none"),
            },
          ]}
        />
        <Form method="get">
          <Select
            id="agency-choice"
            name="agency"
            label={t("admin.agency")}
            defaultValue={agency}
            options={[{ value: "", text: t("admin.agencyChoose") }, ...agencies.map((a) => ({ value: a.code, text: a.name }))]}
          />
          <Button type="submit" variant="secondary">
            {t("roles.showAgency")}
          </Button>
        </Form>
        {agency ? (
          <Form method="post" noValidate key={agency}>
            <input type="hidden" name="agency" value={agency} />
            <Checkboxes
              idPrefix="roles"
              name="roles"
              legend={t("roles.legend", { agency: agencyName.get(agency) ?? agency })}
              legendSize="m"
              hint={t("roles.hint")}
              error={result?.field === "roles" ? error : undefined}
              small
              defaultValues={ticked}
              items={OFFICIAL_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
            />
            <Button type="submit">{t("roles.save")}</Button>
          </Form>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/admin/officials">
            {t("roles.back")}
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
