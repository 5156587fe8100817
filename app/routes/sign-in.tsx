import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { i18nServer } from "~/platform/i18n.server";
import { eidClient } from "~/platform/oidc.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { pageTitle } from "~/ui/page-title";
import { AUTH_NAMESPACES, EidStartButton, safeReturnTo } from "./sign-in/shared";

// The sign-in page: one section per way of signing in (the national electronic identification for now).
export const handle = { i18n: AUTH_NAMESPACES, hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "auth");
  return {
    title: t("signIn.title"),
    returnTo: safeReturnTo(new URL(request.url).searchParams.get("returnTo")),
    eidAvailable: eidClient() !== null,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function SignIn() {
  const { returnTo, eidAvailable } = useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
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
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
