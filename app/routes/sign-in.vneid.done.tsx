import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { pageTitle } from "~/ui/page-title";
import { NotificationBanner } from "~/ui/notification-banner";
import { Panel } from "~/ui/panel";
import { AUTH_NAMESPACES, safeReturnTo } from "./sign-in/shared";

// The identity an eID sign-in verified, before going on (with a message from the step before, if any).
export const handle = { i18n: AUTH_NAMESPACES, hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const identity = session.get("eidIdentity");
  if (!identity) throw redirect("/sign-in");
  const t = await i18nServer.getFixedT(request, "auth");
  // A message from the step before (after "this is not my account": the other account was closed).
  const flash = session.get("flash") ?? null;
  return data(
    {
      title: t("eid.done.title"),
      name: identity.fullName,
      last4: identity.cccd.slice(-4),
      returnTo: safeReturnTo(new URL(request.url).searchParams.get("returnTo")),
      flash,
    },
    flash ? { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } } : undefined,
  );
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function Page() {
  const { name, last4, returnTo, flash } = useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {flash ? <NotificationBanner type={flash.kind === "success" ? "success" : "neutral"}>{t(flash.messageKey)}</NotificationBanner> : null}
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
