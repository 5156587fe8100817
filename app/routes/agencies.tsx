import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { agencyDirectoryOn } from "~/domain/agencies/agencies.server";
import type { AgencyNode } from "~/domain/agencies/agencies";
import { formatDate, todayInVietnam } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";

export const handle = { i18n: ["agencies"], hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "agencies");
  const directory = await agencyDirectoryOn(context.db, todayInVietnam());
  return { title: t("title"), directory };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

function AgencyLine({ agency }: { agency: Pick<AgencyNode, "name" | "code"> }) {
  return (
    <>
      <span className="app-agency-tree__name">{agency.name}</span>{" "}
      <span className="app-agency-tree__code">{agency.code}</span>
    </>
  );
}

export default function Agencies() {
  const { directory } = useLoaderData<typeof loader>();
  const { t } = useTranslation("agencies");
  return (
    <>
      <h1 className="govuk-heading-l">{t("heading")}</h1>
      <p className="govuk-body">{t("lead", { date: formatDate(directory.date), count: directory.total })}</p>
      <div className="govuk-inset-text">{t("codesNote")}</div>
      <h2 className="govuk-heading-m">{t("provinceHeading")}</h2>
      <ul className="app-agency-tree">
        {directory.province.map((a) => (
          <li key={a.id}>
            <AgencyLine agency={a} />
          </li>
        ))}
      </ul>
      <h2 className="govuk-heading-m">{t("districtsHeading")}</h2>
      {directory.districts.map((district) => {
        const communes = district.children.filter((c) => c.kind === "commune_ppc");
        const others = district.children.filter((c) => c.kind !== "commune_ppc");
        return (
          <details key={district.id} className="govuk-details">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">
                {district.name} ({t("communeCount", { count: communes.length })})
              </span>
            </summary>
            <div className="govuk-details__text">
              <ul className="app-agency-tree">
                <li>
                  <AgencyLine agency={district} />
                </li>
                {others.map((a) => (
                  <li key={a.id}>
                    <AgencyLine agency={a} />
                  </li>
                ))}
              </ul>
              <h3 className="govuk-heading-s">{t("communesHeading")}</h3>
              <ul className="app-agency-tree">
                {communes.map((a) => (
                  <li key={a.id}>
                    <AgencyLine agency={a} />
                  </li>
                ))}
              </ul>
            </div>
          </details>
        );
      })}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
