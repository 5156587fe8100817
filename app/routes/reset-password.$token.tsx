import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { resetLinkIsValid, resetPassword } from "~/domain/accounts/accounts.server";
import { newPasswordSchema } from "~/domain/accounts/accounts.schema";
import { accountServices } from "~/platform/account-services.server";
import { getLanguage, i18nServer } from "~/platform/i18n.server";
import { endSessionsOfUser } from "~/platform/session.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";

// The link in the reset e-mail opens this form (GET does not spend the link, so mail scanners cannot); saving a
// new password spends it, signs the account out everywhere and sends the citizen to sign in.

export const handle = { i18n: ["account", "identity"] };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const valid = await resetLinkIsValid(context.db, params.token ?? "");
  const t = await i18nServer.getFixedT(request, "account");
  return { valid, title: valid ? t("reset.title") : t("reset.expiredTitle") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = newPasswordSchema.safeParse({ password: form.get("password") ?? "" });
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "account:errors.password", expired: false }, { status: 400 });
  const result = await resetPassword(context.db, accountServices(await getLanguage(request)), { token: params.token ?? "", password: parsed.data.password });
  if (!result.ok) return data({ error: result.reason === "weak" ? result.message : null, expired: result.reason === "expired" }, { status: 400 });
  await endSessionsOfUser(context.db, result.userId);
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("flash", { kind: "success", messageKey: "account:reset.done" });
  throw redirect("/sign-in", { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export default function ResetPassword() {
  const { valid, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["account", "identity"]);
  if (!valid || result?.expired) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{t("reset.expiredTitle")}</h1>
          <p className="govuk-body">{t("reset.expired")}</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/forgot-password">
              {t("reset.newLink")}
            </Link>
          </p>
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
        <Form method="post" noValidate>
          <TextInput id="password" name="password" type="password" label={t("reset.password")} hint={t("register.passwordHint")} autoComplete="new-password" width="20" error={error} />
          <Button type="submit">{t("reset.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
