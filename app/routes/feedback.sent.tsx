import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normalizePetitionCode } from "~/domain/petitions/petitions";
import { getActor } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Panel } from "~/ui/panel";
import type { ScriptsHandle } from "~/ui/page-scripts";

// After sending feedback or a petition (issue 8): the code, what happens next and how to look it up. The code comes
// in the URL (it is no secret: the look-up needs the second factor); without a well-formed one the page says so.

export const handle = {
  i18n: ["petitions"],
  hydrate: false,
} satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "petitions");
  const code = normalizePetitionCode((new URL(request.url).searchParams.get("code") ?? "").slice(0, 40));
  const actor = await getActor(request, context);
  return { title: t("sent.title"), code, signedIn: actor.kind === "citizen" };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function Sent() {
  const { title, code, signedIn } = useLoaderData<typeof loader>();
  const { t } = useTranslation("petitions");
  if (!code)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{title}</h1>
          <p className="govuk-body">{t("sent.missing")}</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/feedback/track">
              {t("links.track")}
            </Link>
          </p>
        </div>
      </div>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Panel title={title}>
          {t("sent.code")}
          <br />
          <strong data-testid="petition-code">{code}</strong>
        </Panel>
        <p className="govuk-body">{t("sent.track")}</p>
        <h2 className="govuk-heading-m">{t("sent.next")}</h2>
        <p className="govuk-body">{t("sent.nextBody")}</p>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`/feedback/track?code=${encodeURIComponent(code)}`}>
              {t("sent.trackLink")}
            </Link>
          </li>
          {signedIn ? (
            <li>
              <Link className="govuk-link" to={`/my/petitions/${encodeURIComponent(code)}`}>
                {t("sent.mineLink")}
              </Link>
            </li>
          ) : null}
          <li>
            <Link className="govuk-link" to="/feedback/answers">
              {t("links.answers")}
            </Link>
          </li>
        </ul>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
