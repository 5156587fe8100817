import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import type { ScriptsHandle } from "~/ui/page-scripts";

export const handle = { i18n: ["account"], hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "account");
  return { title: t("signedOut.title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function SignedOut() {
  const { title } = useLoaderData<typeof loader>();
  const { t } = useTranslation("account");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("signedOut.body")}</p>
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
