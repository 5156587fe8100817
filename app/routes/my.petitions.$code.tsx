import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normalizePetitionCode } from "~/domain/petitions/petitions";
import { rateSchema } from "~/domain/petitions/petitions.schema";
import { myPetition, ratePetition } from "~/domain/petitions/petitions.server";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { petitionSettings } from "~/platform/petition-services.server";
import { BackLink } from "~/ui/back-link";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { fieldErrors } from "./account/forms";
import { PetitionDetails, RateForm, rateErrorsOf } from "./petitions/view";

// One of the signed-in submitter's items (issue 8): its status, dates, answer or closing, and the rating (reopening
// within the window when not satisfied), proven by the session. Somebody else's code, or an unknown one, is a 404.

export const handle = { i18n: ["petitions"] };

async function submitter(request: Request, context: LoaderFunctionArgs["context"]) {
  const actor = await requirePermission(request, context, "read:petition:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  return {
    userId: actor.userId,
    organisationId: actor.actingFor?.organisationId ?? null,
  };
}

function notFound(): never {
  throw data({ reason: "notFound" }, { status: 404 });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const sender = await submitter(request, context);
  const code = normalizePetitionCode(params.code ?? "") ?? notFound();
  const [petition, t] = await Promise.all([myPetition(context.db, petitionSettings(context), sender, code), i18nServer.getFixedT(request, "petitions")]);
  if (!petition) notFound();
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const flash = session.get("flash") ?? null;
  return data(
    { title: t("track.result", { code }), petition, flash },
    {
      headers: {
        "Set-Cookie": await context.sessionStorage.commitSession(session),
      },
    }
  );
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const sender = await submitter(request, context);
  const code = normalizePetitionCode(params.code ?? "") ?? notFound();
  const form = await request.formData();
  const values = {
    rating: String(form.get("rating") ?? ""),
    reason: String(form.get("reason") ?? "").slice(0, 4_000),
    reopen: form.get("reopen") === "on",
  };
  const parsed = rateSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error.issues), values }, { status: 400 });
  const result = await ratePetition(context.db, petitionSettings(context), {
    code,
    proof: { sender },
    ...parsed.data,
  });
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) return data({ errors: rateErrorsOf(result.errors), values }, { status: result.status });
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("flash", {
    kind: "success",
    messageKey: result.reopened ? "petitions:rate.reopened" : "petitions:rate.done",
  });
  throw redirect(`/my/petitions/${encodeURIComponent(code)}`, {
    headers: {
      "Set-Cookie": await context.sessionStorage.commitSession(session),
    },
  });
}

export default function MyPetition() {
  const { title, petition, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("petitions");
  const errors: Record<string, string> = result?.errors ?? {};
  const summary = Object.entries(errors).map(([field, key]) => ({
    href: `#${field}`,
    text: t(key),
  }));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/my/petitions">{t("mine.back")}</BackLink>
        {flash ? (
          <NotificationBanner type="success" title={t("rate.heading")}>
            {t(flash.messageKey)}
          </NotificationBanner>
        ) : null}
        <ErrorSummary errors={summary} />
        <h1 className="govuk-heading-l">{title}</h1>
        <PetitionDetails petition={petition} t={t} />
        <RateForm petition={petition} t={t} hidden={{}} errors={errors} values={result?.values} />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
