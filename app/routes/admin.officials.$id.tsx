import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OFFICIAL_ROLES } from "~/domain/access/permissions";
import { agencyChoicesOn } from "~/domain/agencies/agencies.server";
import { officialPageSchema } from "~/domain/officials/officials.schema";
import { agencyIdForCode, officialPage, resendInvitation, setRoles } from "~/domain/officials/officials.server";
import { formatDate, formatDateTime, todayInVietnam } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { AdministrationNav } from "./admin/administration-nav";
import { redirectWithFlash, takeFlash } from "./admin/flash.server";
import { OfficialStatusTag } from "./admin/official-status";
import { requireOfficialsAdmin } from "./admin/officials.server";
import { officialServices } from "./officials/pending.server";
import { BackLink } from "~/ui/back-link";
import { Button, ButtonGroup } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { Select } from "~/ui/select";
import { SummaryList } from "~/ui/summary-list";
import { Table } from "~/ui/table";

// One official (system administrators): status, with the ways to change it (disable, enable, revoke a pending
// invitation: each on its own confirmation page) and to send the invitation again; the account's history; and the
// roles, agency by agency. Choosing the agency is a GET (the page shows that agency's roles ticked); saving replaces
// the official's roles at that agency.

export const handle = { i18n: ["officials"] };

async function pageOf(context: LoaderFunctionArgs["context"], actorUserId: string, id: string | undefined) {
  const result = await officialPage(context.db, { actorUserId, userId: id ?? "" });
  if (!result.ok && result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
  if (!result.ok) throw new Response(null, { status: 404 });
  return result.page;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireOfficialsAdmin(request, context);
  const page = await pageOf(context, actor.userId, params.id);
  const agencies = await agencyChoicesOn(context.db, todayInVietnam());
  const asked = new URL(request.url).searchParams.get("agency") ?? "";
  const agency = agencies.some((a) => a.code === asked) ? asked : (page.official.roles[0]?.agencyCode ?? "");
  const t = await i18nServer.getFixedT(request, "officials");
  const { flash, headers } = await takeFlash(request, context);
  return data({ ...page, agencies, agency, flash, title: t("roles.pageTitle", { name: page.official.fullName }) }, { headers });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Failure = { error: string; field: "agency" | "roles" | "resend"; minutes?: number };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireOfficialsAdmin(request, context);
  const { official } = await pageOf(context, actor.userId, params.id);
  const form = await request.formData();
  const parsed = officialPageSchema.safeParse({
    intent: form.get("intent") ?? "roles",
    agency: String(form.get("agency") ?? "").slice(0, 50),
    roles: form.getAll("roles").map(String).slice(0, 20),
  });
  if (!parsed.success) return data<Failure>({ error: "officials:errors.agencyUnknown", field: "agency" }, { status: 400 });
  const input = parsed.data;
  if (input.intent === "resend") {
    const result = await resendInvitation(context.db, await officialServices(request, context), { actorUserId: actor.userId, userId: official.id, baseUrl: context.origin, ip: context.clientIp });
    if (result.ok) return redirectWithFlash(request, context, `/admin/officials/${official.id}`, "officials:resend.done");
    if (result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
    if (result.reason === "notFound") throw new Response(null, { status: 404 });
    if (result.reason === "slowed") {
      return data<Failure>({ error: "officials:resend.slowed", field: "resend", minutes: Math.max(1, Math.ceil(result.retryAfterMs / 60_000)) }, { status: 429 });
    }
    return data<Failure>({ error: `officials:resend.${result.reason}`, field: "resend" }, { status: 400 });
  }
  const agencyId = await agencyIdForCode(context.db, input.agency);
  if (!agencyId) return data<Failure>({ error: "officials:errors.agencyUnknown", field: "agency" }, { status: 400 });
  const result = await setRoles(context.db, { actorUserId: actor.userId, userId: official.id, agencyId, roles: input.roles, ip: context.clientIp });
  if (!result.ok) {
    if (result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
    if (result.reason === "notFound") return data<Failure>({ error: "officials:errors.agencyUnknown", field: "agency" }, { status: 400 });
    return data<Failure>({ error: "officials:roles.invalid", field: "roles" }, { status: 400 });
  }
  throw redirect("/admin/officials");
}

export default function OfficialPage() {
  const { official, self, invitationExpiresAt, history, agencies, agency, flash, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("officials");
  const lang = i18n.language === "en" ? "en" : "vi";
  const agencyName = new Map(agencies.map((a) => [a.code, a.name]));
  const error = result?.error ? t(result.error, { minutes: result.minutes ?? 0 }) : undefined;
  const ticked = official.roles.filter((r) => r.agencyCode === agency).map((r) => r.role);
  const errorTarget = result?.field === "resend" ? "#resend" : `#${result?.field === "agency" ? "agency-choice" : "roles"}`;
  return (
    <>
      <AdministrationNav />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <BackLink href="/admin/officials">{t("roles.back")}</BackLink>
          {flash && !result ? <NotificationBanner type="success">{t(flash)}</NotificationBanner> : null}
          <ErrorSummary errors={error ? [{ href: errorTarget, text: error }] : []} />
          <h1 className="govuk-heading-l">{title}</h1>
          <SummaryList
            rows={[
              { key: t("admin.email"), value: official.email ?? "" },
              { key: t("admin.statusHeading"), value: <OfficialStatusTag status={official.status} /> },
              ...(official.status === "invited"
                ? [{ key: t("account.invitation"), value: invitationExpiresAt ? t("account.invitationOpen", { date: formatDateTime(invitationExpiresAt, lang) }) : t("account.invitationExpired") }]
                : []),
              {
                key: t("admin.roles"),
                value: official.roles.length ? official.roles.map((r) => `${t(`roles.${r.role}`)} – ${agencyName.get(r.agencyCode) ?? r.agencyCode}`).join("; ") : t("roles.none"),
              },
              { key: t("account.since"), value: formatDate(official.createdAt) },
            ]}
          />

          <h2 className="govuk-heading-m" id="account">
            {t("account.heading")}
          </h2>
          {self ? (
            <InsetText>{t("account.self")}</InsetText>
          ) : official.status === "active" ? (
            <>
              <p className="govuk-body">{t("account.activeIntro")}</p>
              <Button href={`/admin/officials/${official.id}/disable`} variant="warning">
                {t("change.disable.button")}
              </Button>
            </>
          ) : official.status === "disabled" ? (
            <>
              <p className="govuk-body">{t("account.disabledIntro")}</p>
              <Button href={`/admin/officials/${official.id}/enable`} variant="secondary">
                {t("change.enable.button")}
              </Button>
            </>
          ) : (
            <>
              <p className="govuk-body">{t("account.invitedIntro")}</p>
              <Form method="post" id="resend">
                <input type="hidden" name="intent" value="resend" />
                <ButtonGroup>
                  <Button type="submit" variant="secondary">
                    {t("resend.button")}
                  </Button>
                  <Button href={`/admin/officials/${official.id}/revoke`} variant="warning">
                    {t("change.revoke.button")}
                  </Button>
                </ButtonGroup>
              </Form>
            </>
          )}

          <h2 className="govuk-heading-m">{t("roles.heading")}</h2>
          <Form method="get">
            <Select
              id="agency-choice"
              name="agency"
              label={t("admin.agency")}
              defaultValue={agency}
              error={result?.field === "agency" ? error : undefined}
              options={[{ value: "", text: t("admin.agencyChoose") }, ...agencies.map((a) => ({ value: a.code, text: a.name }))]}
            />
            <Button type="submit" variant="secondary">
              {t("roles.showAgency")}
            </Button>
          </Form>
          {agency ? (
            <Form method="post" noValidate key={agency}>
              <input type="hidden" name="intent" value="roles" />
              <input type="hidden" name="agency" value={agency} />
              <Checkboxes
                idPrefix="roles"
                name="roles"
                legend={t("roles.legend", { agency: agencyName.get(agency) ?? agency })}
                legendSize="s"
                hint={t("roles.hint")}
                error={result?.field === "roles" ? error : undefined}
                small
                defaultValues={ticked}
                items={OFFICIAL_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
              />
              <Button type="submit">{t("roles.save")}</Button>
            </Form>
          ) : null}

          <h2 className="govuk-heading-m">{t("history.heading")}</h2>
          {history.length === 0 ? (
            <p className="govuk-body">{t("history.none")}</p>
          ) : (
            <div className="app-table-scroll">
              <Table
                caption={t("history.caption", { name: official.fullName })}
                captionSize="s"
                head={[{ text: t("history.when") }, { text: t("history.what") }, { text: t("history.by") }, { text: t("history.reason") }]}
                rows={[...history].reverse().map((h) => [
                  { text: formatDateTime(h.at, lang) },
                  { text: t(`history.actions.${h.action}`) },
                  { text: h.by ?? t("history.system") },
                  { text: h.reason ?? "" },
                ])}
              />
            </div>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to="/admin/officials">
              {t("roles.back")}
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
