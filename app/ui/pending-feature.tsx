import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** An honest page for a service the portal does not offer yet: what to do instead. */
export function PendingFeature({ feature }: { feature: string }) {
  const { t } = useTranslation("common");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <strong className="govuk-tag govuk-tag--yellow">{t("pending.tag")}</strong>
        <h1 className="govuk-heading-l app-pending__heading">{t("pending.title", { feature })}</h1>
        <p className="govuk-body">{t("pending.body")}</p>
        <p className="govuk-body">{t("pending.meanwhile")}</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>{t("pending.national")}</li>
          <li>{t("pending.centre")}</li>
          <li>
            <Link className="govuk-link" to="/">
              {t("pending.home")}
            </Link>
          </li>
        </ul>
      </div>
    </div>
  );
}
