import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { verifyEmail } from "~/domain/accounts/accounts.server";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Panel } from "~/ui/panel";

// The link in the verification e-mail. Verifying twice is harmless; an old link says how to get a new one.

export const handle = { i18n: ["account"] };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const result = await verifyEmail(context.db, params.token ?? "");
  const t = await i18nServer.getFixedT(request, "account");
  return { ok: result.ok, title: result.ok ? t("verify.doneTitle") : t("verify.expiredTitle") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function VerifyEmail() {
  const { ok, title } = useLoaderData<typeof loader>();
  const { t } = useTranslation("account");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {ok ? <Panel title={title}>{t("verify.done")}</Panel> : <h1 className="govuk-heading-l">{title}</h1>}
        {ok ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/sign-in">
              {t("verify.signIn")}
            </Link>
          </p>
        ) : (
          <>
            <p className="govuk-body">{t("verify.expired")}</p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/register/check-email">
                {t("verify.newLink")}
              </Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
