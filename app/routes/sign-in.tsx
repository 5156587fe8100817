import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { i18nServer } from "~/platform/i18n.server";
import { eidClient } from "~/platform/oidc.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { pageTitle } from "~/ui/page-title";
import { NotificationBanner } from "~/ui/notification-banner";
import { PasswordSignInForm, PasswordSignInSummary } from "./account/sign-in-form";
import { passwordSignIn } from "./account/sign-in.server";
import { AUTH_NAMESPACES, EidStartButton, safeReturnTo } from "./sign-in/shared";

// The sign-in page: one section per way of signing in: the national electronic identification (recommended), then
// a portal account's password. Plain HTML: both are ordinary forms.
export const handle = { i18n: [...AUTH_NAMESPACES, "account", "identity"], hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "auth");
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const flash = session.get("flash") ?? null;
  return data(
    {
      title: t("signIn.title"),
      returnTo: safeReturnTo(new URL(request.url).searchParams.get("returnTo")),
      eidAvailable: eidClient() !== null,
      flash,
    },
    flash ? { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } } : undefined,
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  return passwordSignIn(request, context, await request.formData());
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function SignIn() {
  const { returnTo, eidAvailable, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["auth", "account"]);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PasswordSignInSummary result={result} />
        {flash ? (
          <NotificationBanner type={flash.kind === "success" ? "success" : "neutral"} title={flash.kind === "success" ? t("account:banner.success") : t("account:banner.important")}>
            {t(flash.messageKey)}
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">{t("signIn.title")}</h1>
        <p className="govuk-body">{t("signIn.intro")}</p>

        <section aria-labelledby="eid-heading">
          <h2 className="govuk-heading-m" id="eid-heading">
            {t("eid.heading")}
          </h2>
          <p className="govuk-body">{t("eid.explanation")}</p>
          <p className="govuk-body">{t("eid.shared")}</p>
          {eidAvailable ? (
            <EidStartButton returnTo={returnTo} label={t("eid.button")} start />
          ) : (
            <InsetText>{t("eid.notAvailable.body")}</InsetText>
          )}
        </section>
        <section aria-labelledby="password-heading">
          <PasswordSignInForm result={result} returnTo={returnTo === "/" ? "/account" : returnTo} />
        </section>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
