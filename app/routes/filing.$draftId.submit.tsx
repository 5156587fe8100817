import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { submissionOf, submitDraft } from "~/domain/filing/filing.server";
import { formatTimestamp, formatVnd } from "~/domain/shared/format";
import { filingServices } from "~/platform/filing-services.server";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { draftHeader, postedVersion, requireDraft, submittedDraftRedirect } from "./filing/draft.server";
import { ConflictBanner, FILING_NAMESPACES, FilingErrorBoundary, FilingLayout, revalidateAfterConflict, VersionInput } from "./filing/shared";

// Submit: only a complete, declared draft; the dossiers' submission use case makes the dossier (through the SubmitDraft
// seam), the draft is deleted and the applicant lands on the dossier's page.

export const handle = { i18n: [...FILING_NAMESPACES, "dossiers"] };

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
  // A second click after the first one went through: the draft is gone, its dossier is there.
  const done = await submittedDraftRedirect(request, context, params.draftId);
  if (done) throw done;
  const { owner, draft } = await requireDraft(request, context, params.draftId, "submit");
  const services = filingServices(context);
  const result = await submitDraft(context.db, services.submit, owner, draft.id, postedVersion(await request.formData()), new Date(), services.documents);
  if (!result) throw new Response(null, { status: 404 });
  if (!result.ok && result.reason === "signatureMissing") {
    return data({ state: "refused", error: "errors.signatureMissing" as string | null, params: { name: result.documents.join(", ") } as Record<string, unknown> | undefined }, { status: 400 });
  }
  if (!result.ok) return data({ state: result.reason, error: null as string | null, params: undefined as Record<string, unknown> | undefined }, { status: result.reason === "conflict" ? 409 : 400 });
  const outcome = result.outcome;
  if (outcome.kind === "submitted") {
    // The dossier's page opens with the confirmation (its code, deadlines and PDF are on that page).
    const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
    session.flash("flash", { kind: "success", messageKey: "dossiers:view.submitted" });
    throw redirect(outcome.redirectTo, { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
  }
  return data({ state: "refused", error: outcome.error as string | null, params: outcome.params }, { status: 400 });
}

export default function SubmitPage() {
  const { title, header, summary } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation(["filing", "dossiers"]);
  const lang = i18n.language === "en" ? "en" : "vi";
  const error = result?.state === "notReady" ? t("errors.notReady") : result?.error ? t(result.error, result.params) : undefined;
  return (
    <FilingLayout header={header} title={title}>
      <ConflictBanner show={result?.state === "conflict"} />
      <ErrorSummary errors={error ? [{ href: "#submit", text: error }] : []} />
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

export const shouldRevalidate = revalidateAfterConflict;

export const ErrorBoundary = FilingErrorBoundary;
