import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { DissolveBlockers } from "~/domain/agencies/agencies.server";
import { headingTag, type HeadingLevel } from "~/ui/class-names";

// What depends on an agency: the officials holding roles there, the procedures it offers and the agencies under it,
// each with a link to where it can be changed. Shown on the agency's page and when dissolving is refused.

export function AgencyUses({ officials, procedures, agencies, code, headingLevel }: DissolveBlockers & { code: string; headingLevel: HeadingLevel }) {
  const { t } = useTranslation(["agencies-admin", "officials"]);
  const Heading = headingTag(headingLevel);
  const Sub = headingTag(Math.min(6, headingLevel + 1) as HeadingLevel);
  return (
    <>
      <Heading className="govuk-heading-m">{t("uses.heading")}</Heading>
      <Sub className="govuk-heading-s">{t("uses.officials", { count: officials.length })}</Sub>
      {officials.length > 0 ? (
        <>
          <ul className="govuk-list govuk-list--bullet">
            {officials.map((o) => (
              <li key={o.id}>
                <Link className="govuk-link" to={`/admin/officials/${o.id}?agency=${encodeURIComponent(code)}`}>
                  {o.fullName}
                </Link>{" "}
                ({o.roles.map((r) => t(`officials:roles.${r}`)).join(", ")})
              </li>
            ))}
          </ul>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/admin/officials?agency=${encodeURIComponent(code)}`}>
              {t("uses.officialsList")}
            </Link>
          </p>
        </>
      ) : null}
      <Sub className="govuk-heading-s">{t("uses.procedures", { count: procedures.length })}</Sub>
      {procedures.length > 0 ? (
        <ul className="govuk-list govuk-list--bullet">
          {procedures.map((p) => (
            <li key={p.code}>
              {/* The public procedure page is plain HTML (decision 0009): an ordinary link, not a client navigation. */}
              <a className="govuk-link" href={`/procedures/${p.code}`}>
                {p.name}
              </a>{" "}
              ({p.code})
            </li>
          ))}
        </ul>
      ) : null}
      <Sub className="govuk-heading-s">{t("uses.agencies", { count: agencies.length })}</Sub>
      {agencies.length > 0 ? (
        <ul className="govuk-list govuk-list--bullet">
          {agencies.map((a) => (
            <li key={a.id}>
              <Link className="govuk-link" to={`/admin/agencies/${a.id}`}>
                {a.name}
              </Link>{" "}
              ({a.code})
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
