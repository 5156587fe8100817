import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { pageTitle } from "~/ui/page-title";
import { Panel } from "~/ui/panel";
import { AUTH_NAMESPACES, safeReturnTo } from "./sign-in/shared";

// The identity an eID sign-in verified (until citizens' accounts exist and this becomes "signed in").
export const handle = { i18n: AUTH_NAMESPACES, hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const identity = session.get("eidIdentity");
  if (!identity) throw redirect("/sign-in");
  const t = await i18nServer.getFixedT(request, "auth");
  return {
    title: t("eid.done.title"),
    name: identity.fullName,
    last4: identity.cccd.slice(-4),
    returnTo: safeReturnTo(new URL(request.url).searchParams.get("returnTo")),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function Page() {
  const { name, last4, returnTo } = useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Panel title={t("eid.done.title")}>{t("eid.done.verified", { name, last4 })}</Panel>
        <p className="govuk-body">{t("eid.done.body")}</p>
        <p className="govuk-body">
          <a className="govuk-link" href={returnTo}>
            {t("eid.done.continue")}
          </a>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
