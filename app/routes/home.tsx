import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";

export const handle = { i18n: ["home"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "home");
  return { title: t("title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const SERVICES = [
  { key: "procedures", to: "/procedures" },
  { key: "file", to: "/procedures" },
  { key: "track", to: "/dossiers/track" },
  { key: "feedback", to: "/feedback" },
  { key: "statistics", to: "/statistics" },
] as const;

export default function Home() {
  const { t } = useTranslation("home");
  return (
    <>
      <div className="app-hero">
        <h1 className="govuk-heading-xl">{t("heading")}</h1>
        <p className="govuk-body-l">{t("lead")}</p>
        <form method="get" action="/procedures" role="search" className="app-hero__search">
          <label className="govuk-label govuk-label--s" htmlFor="procedure-search">
            {t("search.label")}
          </label>
          <div id="procedure-search-hint" className="govuk-hint">
            {t("search.hint")}
          </div>
          <div className="app-hero__search-row">
            <input
              className="govuk-input app-hero__search-input"
              id="procedure-search"
              name="q"
              type="search"
              aria-describedby="procedure-search-hint"
              autoComplete="off"
            />
            <button type="submit" className="govuk-button app-hero__search-button">
              {t("search.button")}
            </button>
          </div>
        </form>
      </div>
      <h2 className="govuk-heading-l">{t("servicesHeading")}</h2>
      <ul className="app-card-list">
        {SERVICES.map((s) => (
          <li key={s.key} className="app-card">
            <h3 className="govuk-heading-m app-card__heading">
              <Link className="govuk-link app-card__link" to={s.to}>
                {t(`services.${s.key}.title`)}
              </Link>
            </h3>
            <p className="govuk-body app-card__body">{t(`services.${s.key}.body`)}</p>
          </li>
        ))}
      </ul>
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
