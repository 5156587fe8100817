import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { useTranslation } from "react-i18next";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";

export const handle = { i18n: ["pages"], hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "pages");
  return { title: t("privacy.title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const SECTIONS = ["what", "why", "cookies", "rights"] as const;

export default function Privacy() {
  const { t } = useTranslation("pages");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("privacy.title")}</h1>
        <p className="govuk-body">{t("privacy.intro")}</p>
        {SECTIONS.map((s) => (
          <section key={s}>
            <h2 className="govuk-heading-m">{t(`privacy.${s}Heading`)}</h2>
            <p className="govuk-body">{t(`privacy.${s}`)}</p>
          </section>
        ))}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
