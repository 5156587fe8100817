import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { dossierErrors, trackSchema } from "~/domain/dossiers/dossiers.schema";
import { trackDossier } from "~/domain/dossiers/dossiers.server";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { DossierTimeline, dossierSummaryRows } from "~/ui/dossier-timeline";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { SummaryList } from "~/ui/summary-list";
import { TextInput } from "~/ui/text-input";
import { fieldErrors } from "./account/forms";

// Public dossier tracking (issue 5, item 5): a code and a second factor (the last 4 digits of the applicant's CCCD or
// phone), posted (the digits stay out of URLs and logs), limited per address; an unknown code and a wrong factor get
// the same answer. The code may be prefilled from the confirmation's QR code (?code=…).

export const handle = { i18n: ["dossiers"], hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "dossiers");
  const code = (new URL(request.url).searchParams.get("code") ?? "").slice(0, 40);
  return { title: t("track.title"), code };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = { code: String(form.get("code") ?? "").slice(0, 60), factor: String(form.get("factor") ?? "").slice(0, 20) };
  const parsed = trackSchema.safeParse(values);
  const echo = { code: values.code };
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error.issues), values: echo, dossier: null, retryMinutes: 0 }, { status: 400 });
  const result = await trackDossier(context.db, { ...parsed.data, ip: context.clientIp ?? "unknown", policy: context.rateLimits.dossierTrackingIp });
  if (!result.ok && result.reason === "rateLimited") {
    return data({ errors: { code: dossierErrors.trackRateLimited }, values: echo, dossier: null, retryMinutes: Math.ceil(result.retryAfterMs / 60_000) }, { status: 429 });
  }
  if (!result.ok) return data({ errors: { code: dossierErrors.trackNotFound }, values: echo, dossier: null, retryMinutes: 0 }, { status: 404 });
  return { errors: {} as Record<string, string>, values: echo, dossier: result.dossier, retryMinutes: 0 };
}

export default function TrackDossier() {
  const { title, code } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("dossiers");
  const errors: Record<string, string> = result?.errors ?? {};
  const message = (field: string) => (errors[field] ? t(errors[field], { minutes: result?.retryMinutes ?? 0 }) : undefined);
  const summary = Object.keys(errors).map((field) => ({ href: `#${field}`, text: message(field)! }));
  const dossier = result?.dossier ?? null;
  if (dossier) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{title}</span>
          <h1 className="govuk-heading-l">{t("track.result", { code: dossier.code })}</h1>
          <SummaryList rows={dossierSummaryRows({ dossier, t })} />
          <h2 className="govuk-heading-m">{t("track.timeline")}</h2>
          <DossierTimeline entries={dossier.timeline} t={t} />
          <p className="govuk-body">{t("track.privacy")}</p>
          <p className="govuk-body">
            <a className="govuk-link" href="/dossiers/track">
              {t("track.another")}
            </a>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summary} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("track.intro")}</p>
        <Form method="post" noValidate>
          <TextInput
            id="code"
            name="code"
            label={t("track.code")}
            hint={t("track.codeHint")}
            autoComplete="off"
            spellCheck={false}
            defaultValue={result?.values.code ?? code}
            error={message("code")}
          />
          <TextInput id="factor" name="factor" label={t("track.factor")} inputMode="numeric" autoComplete="off" width="4" maxLength={4} error={message("factor")} />
          <Button type="submit">{t("track.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
