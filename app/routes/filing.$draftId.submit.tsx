import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { submissionOf, submitDraft } from "~/domain/filing/filing.server";
import { formatTimestamp, formatVnd } from "~/domain/shared/format";
import { filingServices } from "~/platform/filing-services.server";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { draftHeader, postedVersion, requireDraft } from "./filing/draft.server";
import { ConflictBanner, FILING_NAMESPACES, FilingErrorBoundary, FilingLayout, VersionInput } from "./filing/shared";

// Submit: only a complete, declared draft; the SubmitDraft seam does the rest (today a preview that creates nothing).

export const handle = { i18n: FILING_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { owner, draft } = await requireDraft(request, context, params.draftId, "submit");
  const t = await i18nServer.getFixedT(request, "filing");
  const s = submissionOf(draft, owner);
  return {
    title: t("submit.title"),
    header: draftHeader(draft),
    summary: {
      agency: draft.agency.name,
      applicant: s.applicant.fullName,
      onBehalfOf: s.onBehalfOf?.fullName ?? null,
      answers: Object.keys(s.values).length,
      files: s.documents.reduce((n, d) => n + d.fileIds.length, 0),
      total: s.fees?.total ?? 0,
      declarationAt: s.declarationAt,
    },
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { owner, draft } = await requireDraft(request, context, params.draftId, "submit");
  const result = await submitDraft(context.db, filingServices(context).submit, owner, draft.id, postedVersion(await request.formData()));
  if (!result) throw new Response(null, { status: 404 });
  if (!result.ok) return data({ state: result.reason, error: null as string | null }, { status: result.reason === "conflict" ? 409 : 400 });
  const outcome = result.outcome;
  if (outcome.kind === "submitted") throw redirect(outcome.redirectTo);
  if (outcome.kind === "refused") return data({ state: "refused", error: outcome.error as string | null }, { status: 400 });
  return data({ state: "notAvailable", error: null as string | null }, { status: 200 });
}

export default function SubmitPage() {
  const { title, header, summary } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("filing");
  const lang = i18n.language === "en" ? "en" : "vi";
  const error = result?.state === "notReady" ? t("errors.notReady") : result?.error ? t(result.error) : undefined;
  return (
    <FilingLayout header={header} title={title}>
      <ConflictBanner show={result?.state === "conflict"} />
      <ErrorSummary errors={error ? [{ href: "#submit", text: error }] : []} />
      {result?.state === "notAvailable" ? (
        <NotificationBanner titleId="submit-pending-title" title={t("submit.pendingTitle")}>
          <p className="govuk-notification-banner__heading">{t("submit.pending")}</p>
        </NotificationBanner>
      ) : null}
      <p className="govuk-body">{t("submit.intro")}</p>
      <SummaryList
        rows={[
          { key: t("submit.agency"), value: summary.agency },
          { key: t("submit.applicant"), value: summary.applicant },
          ...(summary.onBehalfOf ? [{ key: t("check.onBehalfOf"), value: summary.onBehalfOf }] : []),
          { key: t("submit.answers"), value: String(summary.answers) },
          { key: t("submit.files"), value: String(summary.files) },
          { key: t("fees.total"), value: formatVnd(summary.total, lang) },
          { key: t("submit.declaredAt"), value: formatTimestamp(summary.declarationAt) },
        ]}
      />
      <Form method="post">
        <VersionInput version={header.version} />
        <Button type="submit" id="submit">
          {t("submit.button")}
        </Button>
      </Form>
    </FilingLayout>
  );
}

export const ErrorBoundary = FilingErrorBoundary;
