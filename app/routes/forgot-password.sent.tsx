import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RESET_PASSWORD_TTL_MS } from "~/domain/accounts/accounts.server";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";

export const handle = { i18n: ["account"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const email = session.get("checkEmail") ?? null;
  const t = await i18nServer.getFixedT(request, "account");
  return data({ title: t("forgot.sentTitle"), email, minutes: RESET_PASSWORD_TTL_MS / 60_000 }, { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function ResetSent() {
  const { title, email, minutes } = useLoaderData<typeof loader>();
  const { t } = useTranslation("account");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{email ? t("forgot.sentTo", { email }) : t("forgot.sent")}</p>
        <p className="govuk-body">{t("forgot.sentValid", { minutes })}</p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
