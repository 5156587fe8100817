import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { i18nServer } from "~/platform/i18n.server";
import { CardList } from "~/ui/card-list";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { Hero } from "~/ui/hero";
import { pageTitle } from "~/ui/page-title";
import { SearchForm } from "~/ui/search-form";

export const handle = { i18n: ["home"], hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "home");
  return { title: t("title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const SERVICES = [
  { key: "procedures", href: "/procedures" },
  { key: "file", href: "/procedures" },
  { key: "track", href: "/dossiers/track" },
  { key: "feedback", href: "/feedback" },
  { key: "statistics", href: "/statistics" },
] as const;

export default function Home() {
  const { t } = useTranslation("home");
  return (
    <>
      <Hero heading={t("heading")} lead={t("lead")}>
        <SearchForm
          id="procedure-search"
          name="q"
          action="/procedures"
          label={t("search.label")}
          hint={t("search.hint")}
          buttonText={t("search.button")}
        />
      </Hero>
      <h2 className="govuk-heading-l">{t("servicesHeading")}</h2>
      <CardList
        headingLevel={3}
        items={SERVICES.map((s) => ({ href: s.href, title: t(`services.${s.key}.title`), body: t(`services.${s.key}.body`) }))}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">{t("help.heading")}</h2>
          <p className="govuk-body">{t("help.body")}</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/agencies">
              {t("agenciesLink")}
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
