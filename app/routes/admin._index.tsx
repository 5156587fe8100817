import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { pageTitle } from "~/ui/page-title";
import { adminSectionsOf } from "./admin/sections";
import { AdminErrorBoundary } from "./admin/shared";

// The administration's front page: the parts this official has been given, and nothing else. An official with none
// of them (a case handler, say) is told so with a 403; citizens too.

export const handle = { i18n: ["admin"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireUser(request, context);
  const sections = adminSectionsOf(actor);
  if (sections.length === 0) throw data({ reason: "forbidden" }, { status: 403 });
  const t = await i18nServer.getFixedT(request, "admin");
  return { sections, title: t("home.title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function AdminHome() {
  const { sections } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("home.title")}</h1>
        <p className="govuk-body">{t("home.intro")}</p>
        <ul className="govuk-list app-admin-sections">
          {sections.map((s) => (
            <li key={s.key}>
              <h2 className="govuk-heading-m">
                <a className="govuk-link" href={s.href}>
                  {t(`home.${s.key}.title`)}
                </a>
              </h2>
              <p className="govuk-body">{t(`home.${s.key}.body`)}</p>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
