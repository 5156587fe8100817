import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { petitionErrors, rateSchema, trackSchema } from "~/domain/petitions/petitions.schema";
import { ratePetition, trackPetition, type PetitionView } from "~/domain/petitions/petitions.server";
import { i18nServer } from "~/platform/i18n.server";
import { petitionSettings } from "~/platform/petition-services.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { TextInput } from "~/ui/text-input";
import { fieldErrors } from "./account/forms";
import { PetitionDetails, RateForm, rateErrorsOf } from "./petitions/view";

// The public look-up of feedback and petitions (issue 8), as for dossiers: the code and a second factor (the last 4
// digits of the phone given, or the e-mail address when no phone was given), posted so that the factor stays out of
// URLs and logs, limited per address; an unknown code and a wrong factor get the same answer. The code may come
// prefilled from the e-mails' link (?code=…). Once found, the submitter may rate the answer (and reopen it within the
// window): the factor is re-posted in a hidden field as the proof.

export const handle = {
  i18n: ["petitions"],
  hydrate: false,
} satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "petitions");
  const code = (new URL(request.url).searchParams.get("code") ?? "").slice(0, 40);
  return { title: t("track.title"), code };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

interface Reply {
  errors: Record<string, string>;
  rateErrors: Record<string, string>;
  values: {
    code: string;
    factor?: string;
    rating?: string;
    reason?: string;
    reopen?: boolean;
  };
  petition: PetitionView | null;
  retryMinutes: number;
  notice: "rated" | "reopened" | null;
}

const empty = {
  errors: {},
  rateErrors: {},
  petition: null,
  retryMinutes: 0,
  notice: null,
};

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = {
    code: String(form.get("code") ?? "").slice(0, 60),
    factor: String(form.get("factor") ?? "").slice(0, 260),
  };
  const echo = { code: values.code };
  const parsed = trackSchema.safeParse(values);
  if (!parsed.success) return data<Reply>({ ...empty, errors: fieldErrors(parsed.error.issues), values: echo }, { status: 400 });
  const settings = petitionSettings(context);
  const lookUp = () =>
    trackPetition(context.db, settings, {
      ...parsed.data,
      ip: context.clientIp ?? "unknown",
      policy: context.rateLimits.dossierTrackingIp,
    });
  // The look-up comes first, rating or not: it is limited per address and checks the factor, so the rating is no
  // way round the limit.
  let result = await lookUp();
  if (!result.ok && result.reason === "rateLimited")
    return data<Reply>(
      {
        ...empty,
        errors: { code: petitionErrors.rateLimited },
        values: echo,
        retryMinutes: Math.ceil(result.retryAfterMs / 60_000),
      },
      { status: 429 }
    );
  if (!result.ok)
    return data<Reply>(
      {
        ...empty,
        errors: { code: petitionErrors.trackNotFound },
        values: echo,
      },
      { status: 404 }
    );
  let rateErrors: Record<string, string> = {};
  let notice: Reply["notice"] = null;
  let rateValues: Partial<Reply["values"]> = {};
  let status = 200;
  if (form.get("intent") === "rate") {
    rateValues = {
      rating: String(form.get("rating") ?? ""),
      reason: String(form.get("reason") ?? "").slice(0, 4_000),
      reopen: form.get("reopen") === "on",
    };
    const rating = rateSchema.safeParse(rateValues);
    if (!rating.success) {
      rateErrors = fieldErrors(rating.error.issues);
      status = 400;
    } else {
      const rated = await ratePetition(context.db, settings, {
        code: parsed.data.code,
        proof: { factor: parsed.data.factor },
        ...rating.data,
      });
      if (rated.ok) {
        notice = rated.reopened ? "reopened" : "rated";
        rateValues = {};
        result = await lookUp();
        if (!result.ok)
          return data<Reply>(
            {
              ...empty,
              errors: {
                code: result.reason === "rateLimited" ? petitionErrors.rateLimited : petitionErrors.trackNotFound,
              },
              values: echo,
            },
            { status: result.reason === "rateLimited" ? 429 : 404 }
          );
      } else {
        rateErrors = rateErrorsOf(rated.errors);
        status = rated.status === 404 ? 409 : rated.status;
      }
    }
  }
  // The factor goes back only inside the page (the rating form's hidden field), never into a URL.
  return data<Reply>(
    {
      ...empty,
      rateErrors,
      notice,
      values: { ...echo, ...rateValues, factor: parsed.data.factor },
      petition: result.petition,
    },
    { status }
  );
}

export default function TrackPetition() {
  const { title, code } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("petitions");
  const errors: Record<string, string> = result?.errors ?? {};
  const message = (field: string) => (errors[field] ? t(errors[field], { minutes: result?.retryMinutes ?? 0 }) : undefined);
  const summary = Object.keys(errors).map((field) => ({
    href: `#${field}`,
    text: message(field)!,
  }));
  const petition = result?.petition ?? null;
  if (petition && result) {
    const rateErrors = result.rateErrors;
    const rateSummary = Object.entries(rateErrors).map(([field, key]) => ({
      href: `#${field}`,
      text: t(key),
    }));
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={rateSummary} />
          {result.notice ? (
            <NotificationBanner type="success" title={t("rate.heading")}>
              {t(result.notice === "reopened" ? "rate.reopened" : "rate.done")}
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">{title}</span>
          <h1 className="govuk-heading-l">{t("track.result", { code: petition.code })}</h1>
          <PetitionDetails petition={petition} t={t} />
          <RateForm petition={petition} t={t} hidden={{ code: petition.code, factor: result.values.factor ?? "" }} errors={rateErrors} values={result.values} />
          <p className="govuk-body">{t("track.privacy")}</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/feedback/track">
              {t("track.another")}
            </Link>
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
            width="20"
            defaultValue={result?.values.code ?? code}
            error={message("code")}
          />
          <TextInput
            id="factor"
            name="factor"
            label={t("track.factor")}
            hint={t("track.factorHint")}
            autoComplete="off"
            spellCheck={false}
            width="20"
            error={message("factor")}
          />
          <Button type="submit">{t("track.submit")}</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/feedback">
            {t("links.send")}
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
