import type { MetaArgs } from "@remix-run/node";
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { EidRefusal } from "~/domain/accounts/accounts.server";
import type { EidFailureReason } from "~/platform/oidc.server";
import { Button } from "~/ui/button";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { eidStartHref } from "~/platform/return-to";

export { safeReturnTo } from "~/platform/return-to";

// Pieces shared by the sign-in pages: their namespaces, the eID start button, and the pages that explain why an
// eID sign-in did not happen.

export const AUTH_NAMESPACES = ["auth"];

/**
 * The eID start control: a link styled as a button (GOV.UK's start button is a link too). A form submission that is
 * redirected to another origin must be allowed by the Content-Security-Policy's form-action; the policy names the
 * provider's origin while eID is on (for signing out there, decision 0010), so /sign-in/vneid accepts a POST too.
 */
export function EidStartButton({ returnTo, label, start }: { returnTo: string; label: string; start?: boolean }) {
  return (
    <Button href={eidStartHref(returnTo)} isStartButton={start} variant={start ? "primary" : "secondary"} rel="nofollow">
      {label}
    </Button>
  );
}

export type EidPage =
  | { page: "notAvailable"; title: string }
  | { page: "failed"; title: string; reason: EidFailureReason; returnTo: string; requestId: string }
  | { page: "refused"; title: string; reason: EidRefusal; requestId: string };

/** Why no one was signed in, in words, with the way back. */
export function EidPageView({ data }: { data: EidPage }) {
  const { t } = useTranslation("auth");
  if (data.page === "notAvailable") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{t("eid.notAvailable.title")}</h1>
          <p className="govuk-body">{t("eid.notAvailable.body")}</p>
          <p className="govuk-body">{t("eid.notAvailable.meanwhile")}</p>
          <p className="govuk-body">
            <a className="govuk-link" href="/procedures">
              {t("common:nav.procedures")}
            </a>
          </p>
        </div>
      </div>
    );
  }
  if (data.page === "refused") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{t(`eid.refused.${data.reason}.title`)}</h1>
          <p className="govuk-body">{t(`eid.refused.${data.reason}.body`)}</p>
          <p className="govuk-body">{t(`eid.refused.${data.reason}.next`)}</p>
          <p className="govuk-body">{t("eid.failed.reference", { id: data.requestId })}</p>
          <p className="govuk-body">
            <a className="govuk-link" href="/sign-in">
              {t("eid.failed.back")}
            </a>
          </p>
        </div>
      </div>
    );
  }
  const technical = data.reason !== "cancelled" && data.reason !== "stateMismatch";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t(`eid.failed.${data.reason}.title`)}</h1>
        <p className="govuk-body">{t(`eid.failed.${data.reason}.body`)}</p>
        {technical ? <p className="govuk-body">{t("eid.failed.reference", { id: data.requestId })}</p> : null}
        <EidStartButton returnTo={data.returnTo} label={t("eid.failed.tryAgain")} />
        <p className="govuk-body">
          <a className="govuk-link" href="/sign-in">
            {t("eid.failed.back")}
          </a>
        </p>
      </div>
    </div>
  );
}

function eidPageOf(error: unknown): EidPage | null {
  if (!isRouteErrorResponse(error)) return null;
  const page = error.data as Partial<EidPage> | null;
  return page && (page.page === "notAvailable" || page.page === "failed" || page.page === "refused") ? (page as EidPage) : null;
}

/** The title of an eID page, whether the loader returned it or a loader or action threw it. */
export function eidMeta(args: MetaArgs) {
  const thrown = eidPageOf(args.error);
  return pageTitle(thrown ? { ...args, data: thrown, error: undefined } : args);
}

/** The start route answers its failures by throwing them (so that a failed POST renders without its loader). */
export function EidErrorBoundary() {
  const page = eidPageOf(useRouteError());
  return page ? <EidPageView data={page} /> : <GeneralErrorBoundary />;
}
