import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import { pageTitle } from "~/ui/page-title";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { WarningText } from "~/ui/warning-text";
import { providerSignOutOf } from "./sign-in/sign-out.server";

// After signing out; also where the eID provider sends the browser back after signing out there (with the state).
export const handle = { i18n: ["account"], hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [t, { provider, cookie }] = await Promise.all([i18nServer.getFixedT(request, "account"), providerSignOutOf({ request, context })]);
  return data(
    { title: t("signedOut.title"), provider },
    { headers: cookie ? { "Set-Cookie": cookie, "Cache-Control": "no-store" } : undefined },
  );
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function SignedOut() {
  const { title, provider } = useLoaderData<typeof loader>();
  const { t } = useTranslation("account");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("signedOut.body")}</p>
        {provider === "done" ? <InsetText>{t("signedOut.eidDone")}</InsetText> : null}
        {provider === "uncertain" ? <WarningText>{t("signedOut.eidUncertain")}</WarningText> : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in">
            {t("signedOut.again")}
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
