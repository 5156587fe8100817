import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { myDossier, withdrawDossier } from "~/domain/dossiers/dossiers.server";
import { formatFileSize } from "~/domain/shared/format";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { DossierTimeline, dossierSummaryRows } from "~/ui/dossier-timeline";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { WarningText } from "~/ui/warning-text";

// The owner's full view of a dossier (issue 5, item 5): summary, applicant, documents, history, the confirmation PDF,
// and withdrawal (status 7) while its status allows — a plain POST.

export const handle = { i18n: ["dossiers"] };

async function owner(request: Request, context: LoaderFunctionArgs["context"]) {
  const actor = await requirePermission(request, context, "read:dossier:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  return actor;
}

function notFound(): never {
  throw data({ reason: "notFound" }, { status: 404 });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await owner(request, context);
  const code = normaliseDossierCode(params.code ?? "") ?? notFound();
  const [dossier, t] = await Promise.all([myDossier(context.db, { actor, code }), i18nServer.getFixedT(request, "dossiers")]);
  if (!dossier) notFound();
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const flash = session.get("flash") ?? null;
  return data({ title: t("view.title", { code }), dossier, flash }, { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, context, "update:dossier:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  const code = normaliseDossierCode(params.code ?? "") ?? notFound();
  const form = await request.formData();
  if (form.get("intent") !== "withdraw") return data({ error: "dossiers:errors.notWithdrawable" }, { status: 400 });
  const result = await withdrawDossier(context.db, { actor, code });
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) return data({ error: result.message }, { status: 409 });
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("flash", { kind: "success", messageKey: "dossiers:view.withdrawn" });
  throw redirect(`/my/dossiers/${encodeURIComponent(code)}`, { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export default function MyDossier() {
  const { title, dossier, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("dossiers");
  const lang = i18n.language === "en" ? "en" : "vi";
  const error = result?.error ? t(result.error) : undefined;
  const a = dossier.applicant;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/my/dossiers">{t("view.back")}</BackLink>
        {flash ? (
          <NotificationBanner type="success" title={t("view.done")}>
            {t(flash.messageKey)}
          </NotificationBanner>
        ) : null}
        <ErrorSummary errors={error ? [{ href: "#withdraw", text: error }] : []} />
        <h1 className="govuk-heading-l">{title}</h1>
        <h2 className="govuk-heading-m">{t("view.summary")}</h2>
        <SummaryList rows={dossierSummaryRows({ dossier, t })} />
        <p className="govuk-body">
          <a className="govuk-link" href={`/my/dossiers/${encodeURIComponent(dossier.code)}/confirmation.pdf`} download>
            {t("view.confirmation")}
          </a>
        </p>
        <h2 className="govuk-heading-m">{t("view.applicant")}</h2>
        <SummaryList
          rows={[
            { key: t("fields.applicant"), value: a.fullName },
            { key: t("fields.cccd"), value: a.cccd ?? "—" },
            { key: t("fields.phone"), value: a.phone ?? "—" },
            { key: t("fields.email"), value: a.email ?? "—" },
            { key: t("fields.address"), value: a.address ?? "—" },
          ]}
        />
        <h2 className="govuk-heading-m">{t("view.documents")}</h2>
        {dossier.documents.length === 0 ? (
          <p className="govuk-body">{t("view.noDocuments")}</p>
        ) : (
          <SummaryList
            rows={dossier.documents.map((d) => ({
              key: d.name,
              value: (
                <ul className="govuk-list">
                  {d.files.map((f, i) => (
                    <li key={i}>
                      {f.name} ({formatFileSize(f.sizeBytes, lang)})
                    </li>
                  ))}
                </ul>
              ),
            }))}
          />
        )}
        <h2 className="govuk-heading-m">{t("view.history")}</h2>
        <DossierTimeline entries={dossier.timeline} t={t} />
        {dossier.canWithdraw ? (
          <>
            <h2 className="govuk-heading-m">{t("view.withdrawHeading")}</h2>
            <WarningText>{t("view.withdrawIntro")}</WarningText>
            <Form method="post" id="withdraw">
              <Button type="submit" name="intent" value="withdraw" variant="warning">
                {t("view.withdraw")}
              </Button>
            </Form>
          </>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/my/dossiers">
            {t("view.back")}
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
