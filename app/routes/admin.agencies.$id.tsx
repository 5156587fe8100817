import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { lastDayBefore } from "~/domain/agencies/agencies";
import { AGENCY_FORM_FIELDS, agencyDetailsSchema } from "~/domain/agencies/agencies.schema";
import { agencyAdminPage, agencyOptionsOn, editAgency } from "~/domain/agencies/agencies.server";
import { formatDate, formatDateTime } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { AdministrationNav } from "./admin/administration-nav";
import { requireAgenciesAdmin } from "./admin/agencies.server";
import { AgencyErrorSummary, AgencyFields, agencyFormValues, issuesByField, type AgencyFormErrors, type AgencyFormValues } from "./admin/agency-form";
import { AgencyUses } from "./admin/agency-uses";
import { redirectWithFlash, takeFlash } from "./admin/flash.server";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { Table } from "~/ui/table";

// One agency (system administrators): its details today, the form that changes them from today (a new version; the
// previous one is kept), its history (every version and every change), who and what depends on it, and the way to
// dissolve or merge it.

export const handle = { i18n: ["agencies-admin", "officials"] };

const EDIT_FIELDS = AGENCY_FORM_FIELDS.filter((f) => f !== "code");

async function pageOf(context: LoaderFunctionArgs["context"], actorUserId: string, id: string | undefined) {
  const result = await agencyAdminPage(context.db, { actorUserId, agencyId: id ?? "" });
  if (!result.ok && result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
  if (!result.ok) throw new Response(null, { status: 404 });
  return result.page;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireAgenciesAdmin(request, context);
  const page = await pageOf(context, actor.userId, params.id);
  const parents = (await agencyOptionsOn(context.db, page.date)).filter((a) => a.code !== page.code);
  const t = await i18nServer.getFixedT(request, "agencies-admin");
  const { flash, headers } = await takeFlash(request, context);
  const name = page.name;
  return data({ page, parents, flash, title: page.current ? name : t("page.endedTitle", { name }) }, { headers });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireAgenciesAdmin(request, context);
  const page = await pageOf(context, actor.userId, params.id);
  const values = agencyFormValues(await request.formData(), EDIT_FIELDS);
  const parsed = agencyDetailsSchema.safeParse(values);
  if (!parsed.success) return data({ errors: issuesByField(parsed.error.issues), values }, { status: 400 });
  const result = await editAgency(context.db, { actorUserId: actor.userId, agencyId: page.id, agency: parsed.data, ip: context.clientIp });
  if (result.ok) return redirectWithFlash(request, context, `/admin/agencies/${page.id}`, result.corrected ? "agencies-admin:edit.corrected" : "agencies-admin:edit.done");
  if (result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
  if (result.reason === "notFound") throw new Response(null, { status: 404 });
  const errors: AgencyFormErrors = result.reason === "invalid" ? result.errors : { form: `agencies-admin:errors.${result.reason}` };
  return data({ errors, values }, { status: 400 });
}

export default function AgencyPage() {
  const { page, parents, flash, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation(["agencies-admin", "officials"]);
  const lang = i18n.language === "en" ? "en" : "vi";
  const errors = result?.errors ?? {};
  const current = page.current;
  const values: AgencyFormValues = result?.values ?? (current ? { ...current, parent: current.parentCode ?? "" } : {});
  const period = (from: string, to: string | null) => (to ? t("page.period", { from: formatDate(from), to: formatDate(lastDayBefore(to)) }) : t("page.since", { from: formatDate(from) }));
  return (
    <>
      <AdministrationNav />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <BackLink href="/admin/agencies">{t("back")}</BackLink>
          {flash && !result ? <NotificationBanner type="success">{t(flash)}</NotificationBanner> : null}
          <AgencyErrorSummary errors={errors} />
          <span className="govuk-caption-l">{page.code}</span>
          <h1 className="govuk-heading-l">{title}</h1>
          {current ? (
            <SummaryList
              rows={[
                { key: t("form.code"), value: page.code },
                { key: t("form.shortName"), value: current.shortName ?? "" },
                { key: t("form.kind"), value: t(`kinds.${current.kind}`) },
                { key: t("form.level"), value: t(`levels.${current.level}`) },
                { key: t("form.parent"), value: current.parentName ?? t("form.parentNone") },
                { key: t("form.address"), value: current.address ?? "" },
                { key: t("form.phone"), value: current.phone ?? "" },
                { key: t("form.email"), value: current.email ?? "" },
                { key: t("page.validity"), value: period(current.validFrom, current.validTo) },
              ]}
            />
          ) : (
            <InsetText>
              {page.ended?.validTo ? t("page.endedOn", { date: formatDate(page.ended.validTo) }) : t("page.endedNoVersion")}{" "}
              {page.ended?.successor ? (
                <>
                  {t("page.successor")}{" "}
                  <Link className="govuk-link" to={`/admin/agencies/${page.ended.successor.id}`}>
                    {page.ended.successor.name}
                  </Link>
                  .
                </>
              ) : null}
            </InsetText>
          )}

          <AgencyUses officials={page.officials} procedures={page.procedures} agencies={page.agencies} code={page.code} headingLevel={2} />

          {current ? (
            <>
              <h2 className="govuk-heading-m">{t("edit.heading")}</h2>
              <p className="govuk-body">{t("edit.intro", { date: formatDate(page.date) })}</p>
              <Form method="post" noValidate id="agency-form">
                <AgencyFields values={values} errors={errors} parents={parents} withCode={false} />
                <Button type="submit">{t("edit.submit")}</Button>
              </Form>
              <h2 className="govuk-heading-m">{t("dissolve.heading")}</h2>
              <p className="govuk-body">{t("dissolve.intro")}</p>
              <Button href={`/admin/agencies/${page.id}/dissolve`} variant="warning">
                {t("dissolve.button")}
              </Button>
            </>
          ) : null}
        </div>
        <div className="govuk-grid-column-full">
          <h2 className="govuk-heading-m">{t("history.heading")}</h2>
          <div className="app-table-scroll">
            <Table
              className="app-admin-table"
              caption={t("history.versions")}
              captionSize="s"
              head={[{ text: t("history.validity") }, { text: t("form.name") }, { text: t("form.parent") }, { text: t("history.details") }]}
              rows={page.versions.map((v) => [
                { text: period(v.validFrom, v.validTo) },
                { text: v.name },
                { text: v.parentName ?? "" },
                {
                  text: (
                    <ul className="govuk-list">
                      {[v.shortName, t(`kinds.${v.kind}`), t(`levels.${v.level}`), v.address, v.phone, v.email].filter(Boolean).map((item, i) => (
                        <li key={i}>{item}</li>
                      ))}
                      {v.successorName ? <li>{t("history.successor", { name: v.successorName })}</li> : null}
                    </ul>
                  ),
                },
              ])}
            />
          </div>
          {page.changes.length > 0 ? (
            <div className="app-table-scroll">
              <Table
                caption={t("history.changes")}
                captionSize="s"
                head={[{ text: t("history.when") }, { text: t("history.what") }, { text: t("history.by") }]}
                rows={page.changes.map((c) => [
                  { text: formatDateTime(c.at, lang) },
                  {
                    text:
                      c.action === "agency.changed"
                        ? `${t(c.corrected ? "history.corrected" : "history.changed")}: ${c.fields.map((f) => t(`history.fields.${f}`)).join(", ")}`
                        : c.successor
                          ? t(`history.actions.${c.action}Into`, { code: c.successor })
                          : t(`history.actions.${c.action}`),
                  },
                  { text: c.by ?? t("history.system") },
                ])}
              />
            </div>
          ) : null}
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
