import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { acceptInvitation, invitationOf } from "~/domain/officials/officials.server";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { officialServices, startPendingOfficial } from "./officials/pending.server";

// The link in an invitation opens this form (GET spends nothing, so mail scanners cannot); choosing a password
// leads on to setting up the authenticator app. The link stays usable until that is done.

export const handle = { i18n: ["officials", "account", "identity"] };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const invitation = await invitationOf(context.db, params.token ?? "");
  const t = await i18nServer.getFixedT(request, "officials");
  return { invitation: invitation ? { fullName: invitation.fullName, email: invitation.email } : null, title: invitation ? t("accept.title") : t("accept.expiredTitle") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const password = String(form.get("password") ?? "").slice(0, 1000);
  if (password === "") return data({ error: "officials:errors.passwordRequired", expired: false }, { status: 400 });
  const result = await acceptInvitation(context.db, await officialServices(request, context), { token: params.token ?? "", password, ip: context.clientIp });
  if (!result.ok) return data({ error: result.reason === "weak" ? result.message : null, expired: result.reason === "expired" }, { status: 400 });
  const cookie = await startPendingOfficial(request, context, { userId: result.userId, stage: "enrol", returnTo: "/sign-in" });
  throw redirect("/officials/enrol", { headers: { "Set-Cookie": cookie } });
}

export default function AcceptInvitation() {
  const { invitation, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["officials", "account", "identity"]);
  if (!invitation || result?.expired) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{t("accept.expiredTitle")}</h1>
          <p className="govuk-body">{t("accept.expired")}</p>
        </div>
      </div>
    );
  }
  const error = result?.error ? t(result.error) : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={error ? [{ href: "#password", text: error }] : []} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("accept.intro", { name: invitation.fullName, email: invitation.email })}</p>
        <Form method="post" noValidate>
          <input type="text" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
          <TextInput id="password" name="password" type="password" label={t("accept.password")} hint={t("account:register.passwordHint")} autoComplete="new-password" width="20" error={error} />
          <Button type="submit">{t("accept.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
