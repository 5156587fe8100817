import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

type Kind = "notFound" | "forbidden" | "badRequest" | "server";

function kindOf(error: unknown): Kind {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return "notFound";
    if (error.status === 403 || error.status === 401) return "forbidden";
    if (error.status === 400 || error.status === 405 || error.status === 413) return "badRequest";
  }
  return "server";
}

/** The error page of every route: translated, with the request reference for a server error. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("errors");
  const root = useRouteLoaderData<{ requestId?: string }>("root");
  const kind = kindOf(error);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t(`${kind}.title`)}</h1>
        {kind === "notFound" ? (
          <>
            <p className="govuk-body">{t("notFound.body")}</p>
            <p className="govuk-body">{t("notFound.body2")}</p>
          </>
        ) : kind === "server" ? (
          <>
            <p className="govuk-body">{t("server.body")}</p>
            {root?.requestId ? <p className="govuk-body">{t("server.reference", { id: root.requestId })}</p> : null}
            <p className="govuk-body">{t("server.help")}</p>
          </>
        ) : (
          <p className="govuk-body">{t(`${kind}.body`)}</p>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            {t("notFound.home")}
          </Link>
        </p>
      </div>
    </div>
  );
}
