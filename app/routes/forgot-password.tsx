import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestPasswordReset } from "~/domain/accounts/accounts.server";
import { forgotPasswordSchema } from "~/domain/accounts/accounts.schema";
import { accountServices } from "~/platform/account-services.server";
import { getLanguage, i18nServer } from "~/platform/i18n.server";
import { consume } from "~/platform/rate-limit.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { Honeypot } from "~/ui/honeypot";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { fieldErrors, HONEYPOT_FIELD, isRobot } from "./account/forms";

// Ask for a password reset link: the same answer for every address (the link goes only to a known one).

export const handle = { i18n: ["account"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "account");
  return { title: t("forgot.title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const done = async (email: string) => {
    const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
    session.flash("checkEmail", email);
    return redirect("/forgot-password/sent", { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
  };
  const parsed = forgotPasswordSchema.safeParse({ email: form.get("email") ?? "" });
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error.issues), email: String(form.get("email") ?? "").slice(0, 254) }, { status: 400 });
  if (isRobot(form)) return done(parsed.data.email);
  if (context.clientIp) {
    const limited = await consume(context.db, `reset:ip:${context.clientIp}`, context.rateLimits.publicFormIp);
    if (!limited.allowed) return data({ errors: { email: "account:errors.tooMany" }, email: parsed.data.email, retryMinutes: Math.ceil(limited.retryAfterMs / 60_000) }, { status: 429 });
  }
  await requestPasswordReset(context.db, accountServices(await getLanguage(request)), { email: parsed.data.email, baseUrl: context.origin, ip: context.clientIp });
  return done(parsed.data.email);
}

export default function ForgotPassword() {
  const { title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("account");
  const error = result?.errors.email ? t(result.errors.email, { minutes: "retryMinutes" in result ? result.retryMinutes : 0 }) : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={error ? [{ href: "#email", text: error }] : []} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("forgot.intro")}</p>
        <Form method="post" noValidate>
          <Honeypot name={HONEYPOT_FIELD} label={t("honeypot")} />
          <TextInput id="email" name="email" type="email" label={t("forgot.email")} autoComplete="email" spellCheck={false} defaultValue={result?.email} error={error} />
          <Button type="submit">{t("forgot.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
