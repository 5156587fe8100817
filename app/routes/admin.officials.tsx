import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OFFICIAL_ROLES } from "~/domain/access/permissions";
import { agencyChoicesOn } from "~/domain/agencies/agencies.server";
import { OFFICIAL_STATUSES } from "~/domain/officials/officials";
import { officialFilterSchema } from "~/domain/officials/officials.schema";
import { agencyIdForCode, inviteOfficial, listOfficials, type InviteField } from "~/domain/officials/officials.server";
import { todayInVietnam } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { AdministrationNav } from "./admin/administration-nav";
import { OfficialStatusTag } from "./admin/official-status";
import { requireOfficialsAdmin } from "./admin/officials.server";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { Select } from "~/ui/select";
import { Table } from "~/ui/table";
import { TextInput } from "~/ui/text-input";
import { officialServices } from "./officials/pending.server";

// System administrators: the officials with their agency, roles and status (filtered by status and agency with a
// GET form kept in the address), and the form that invites one (plain form).

export const handle = { i18n: ["officials"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireOfficialsAdmin(request, context);
  const filter = officialFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const agencyId = filter.agency ? await agencyIdForCode(context.db, filter.agency) : null;
  // An unknown agency lists nobody rather than everybody.
  const listed = filter.agency && !agencyId ? { ok: true as const, officials: [] } : await listOfficials(context.db, { actorUserId: actor.userId, agencyId: agencyId ?? undefined, status: filter.status });
  if (!listed.ok) throw data({ reason: "forbidden" }, { status: 403 });
  const t = await i18nServer.getFixedT(request, "officials");
  return { officials: listed.officials, filter, agencies: await agencyChoicesOn(context.db, todayInVietnam()), title: t("admin.title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireOfficialsAdmin(request, context);
  const form = await request.formData();
  const values = {
    fullName: String(form.get("fullName") ?? "").slice(0, 300),
    email: String(form.get("email") ?? "").slice(0, 300),
    agency: String(form.get("agency") ?? "").slice(0, 50),
    roles: form.getAll("roles").map(String).slice(0, 20),
  };
  const agencyId = (await agencyIdForCode(context.db, values.agency)) ?? "";
  const result = await inviteOfficial(context.db, await officialServices(request, context), {
    actorUserId: actor.userId,
    fullName: values.fullName,
    email: values.email,
    agencyId,
    roles: values.roles,
    baseUrl: context.origin,
    ip: context.clientIp,
  });
  if (result.ok) return { invited: values.email.trim().toLowerCase(), errors: {} as Partial<Record<InviteField, string>>, values: null };
  if (result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
  const errors = { ...result.errors };
  if (values.agency && !agencyId && !errors.agencyId) errors.agencyId = "officials:errors.agencyUnknown";
  return data({ invited: null, errors, values }, { status: 400 });
}

const FIELD_IDS: Record<InviteField, string> = { fullName: "fullName", email: "email", agencyId: "agency", roles: "roles" };

export default function AdminOfficials() {
  const { officials, filter, agencies, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("officials");
  const agencyName = new Map(agencies.map((a) => [a.code, a.name]));
  const errors = result?.errors ?? {};
  const error = (field: InviteField) => (errors[field] ? t(errors[field]) : undefined);
  const values = result?.values;
  return (
    <>
      <AdministrationNav />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-full">
          {result?.invited ? <NotificationBanner type="success">{t("admin.invited", { email: result.invited })}</NotificationBanner> : null}
          <ErrorSummary errors={(Object.keys(errors) as InviteField[]).map((field) => ({ href: `#${FIELD_IDS[field]}`, text: error(field) ?? "" }))} />
          <h1 className="govuk-heading-l">{title}</h1>
          <p className="govuk-body">{t("admin.intro")}</p>
          <Form method="get" className="app-filter-row" aria-label={t("admin.filterLabel")}>
            <Select
              id="status"
              name="status"
              label={t("admin.filterStatus")}
              labelSize="s"
              defaultValue={filter.status ?? ""}
              options={[{ value: "", text: t("admin.filterAnyStatus") }, ...OFFICIAL_STATUSES.map((status) => ({ value: status, text: t(`status.${status}`) }))]}
            />
            <Select
              id="agency-filter"
              name="agency"
              label={t("admin.filterAgency")}
              labelSize="s"
              defaultValue={filter.agency ?? ""}
              options={[{ value: "", text: t("admin.filterAnyAgency") }, ...agencies.map((a) => ({ value: a.code, text: a.name }))]}
            />
            <div className="app-filter-row__buttons">
              <Button type="submit" variant="secondary">
                {t("admin.filterSubmit")}
              </Button>
              {filter.status || filter.agency ? (
                <p className="govuk-body">
                  <Link className="govuk-link" to="/admin/officials">
                    {t("admin.filterClear")}
                  </Link>
                </p>
              ) : null}
            </div>
          </Form>
          <p className="govuk-body" role="status">
            {filter.status || filter.agency ? t("admin.countFiltered", { count: officials.length }) : t("admin.count", { count: officials.length })}
          </p>
          {officials.length === 0 ? (
            <p className="govuk-body">{filter.status || filter.agency ? t("admin.noneFiltered") : t("admin.none")}</p>
          ) : (
            <Table
              caption={t("admin.listCaption")}
              captionSize="m"
              firstCellIsHeader
              head={[{ text: t("admin.name") }, { text: t("admin.email") }, { text: t("admin.roles") }, { text: t("admin.statusHeading") }]}
              rows={officials.map((o) => [
                {
                  text: (
                    <Link className="govuk-link" to={`/admin/officials/${o.id}`}>
                      {o.fullName}
                    </Link>
                  ),
                },
                { text: o.email ?? "" },
                {
                  text: (
                    <ul className="govuk-list">
                      {o.roles.map((r) => (
                        <li key={`${r.agencyId}:${r.role}`}>
                          {t(`roles.${r.role}`)} – {agencyName.get(r.agencyCode) ?? r.agencyCode}
                        </li>
                      ))}
                    </ul>
                  ),
                },
                { text: <OfficialStatusTag status={o.status} /> },
              ])}
            />
          )}
          <h2 className="govuk-heading-m">{t("admin.inviteHeading")}</h2>
          <Form method="post" noValidate key={result?.invited ?? "form"}>
            <TextInput id="fullName" name="fullName" label={t("admin.fullName")} autoComplete="off" width="20" defaultValue={values?.fullName} error={error("fullName")} />
            <TextInput id="email" name="email" type="email" label={t("admin.inviteEmail")} autoComplete="off" spellCheck={false} width="20" defaultValue={values?.email} error={error("email")} />
            <Select
              id="agency"
              name="agency"
              label={t("admin.agency")}
              defaultValue={values?.agency ?? ""}
              error={error("agencyId")}
              options={[{ value: "", text: t("admin.agencyChoose") }, ...agencies.map((a) => ({ value: a.code, text: a.name }))]}
            />
            <Checkboxes
              idPrefix="roles"
              name="roles"
              legend={t("admin.rolesLegend")}
              legendSize="s"
              hint={t("admin.rolesHint")}
              error={error("roles")}
              small
              defaultValues={values?.roles ?? []}
              items={OFFICIAL_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
            />
            <Button type="submit">{t("admin.submit")}</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
