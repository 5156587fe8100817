import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { resendVerification } from "~/domain/accounts/accounts.server";
import { emailSchema } from "~/domain/accounts/accounts.schema";
import { accountServices } from "~/platform/account-services.server";
import { getLanguage, i18nServer } from "~/platform/i18n.server";
import { consume } from "~/platform/rate-limit.server";
import { Button } from "~/ui/button";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { Honeypot } from "~/ui/honeypot";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { HONEYPOT_FIELD, isRobot } from "./account/forms";

// "Check your e-mail" after registering, with a way to get a new link (same answer for every address).

export const handle = { i18n: ["account"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const email = session.get("checkEmail") ?? null;
  const t = await i18nServer.getFixedT(request, "account");
  return data({ title: t("checkEmail.title"), email }, { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = emailSchema.safeParse(form.get("email") ?? "");
  if (isRobot(form) || !email.success) return { sent: true };
  if (context.clientIp && !(await consume(context.db, `resend:ip:${context.clientIp}`, context.rateLimits.publicFormIp)).allowed) return { sent: true };
  await resendVerification(context.db, accountServices(await getLanguage(request)), { email: email.data, baseUrl: context.origin });
  return { sent: true };
}

export default function CheckEmail() {
  const { title, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("account");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {result?.sent ? <NotificationBanner title={t("checkEmail.resentTitle")}>{t("checkEmail.resent")}</NotificationBanner> : null}
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{email ? t("checkEmail.sentTo", { email }) : t("checkEmail.sent")}</p>
        <p className="govuk-body">{t("checkEmail.validFor")}</p>
        <h2 className="govuk-heading-m">{t("checkEmail.notReceived")}</h2>
        <p className="govuk-body">{t("checkEmail.spam")}</p>
        <Form method="post" noValidate>
          <Honeypot name={HONEYPOT_FIELD} label={t("honeypot")} />
          <TextInput id="email" name="email" type="email" label={t("checkEmail.email")} autoComplete="email" spellCheck={false} defaultValue={email ?? ""} />
          <Button type="submit" variant="secondary">
            {t("checkEmail.resend")}
          </Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
