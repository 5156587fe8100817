import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { useTranslation } from "react-i18next";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";

export const handle = { i18n: ["pages"], hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "pages");
  return { title: t("accessibility.title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function Accessibility() {
  const { t } = useTranslation("pages");
  const canDo = t("accessibility.canDo", { returnObjects: true }) as string[];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("accessibility.title")}</h1>
        <p className="govuk-body">{t("accessibility.intro")}</p>
        <h2 className="govuk-heading-m">{t("accessibility.standardHeading")}</h2>
        <p className="govuk-body">{t("accessibility.standard")}</p>
        <h2 className="govuk-heading-m">{t("accessibility.canDoHeading")}</h2>
        <ul className="govuk-list govuk-list--bullet">
          {canDo.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
        <h2 className="govuk-heading-m">{t("accessibility.limitsHeading")}</h2>
        <p className="govuk-body">{t("accessibility.limits")}</p>
        <h2 className="govuk-heading-m">{t("accessibility.contactHeading")}</h2>
        <p className="govuk-body">{t("accessibility.contact")}</p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
