import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { verifySecondFactor } from "~/domain/officials/officials.server";
import { startUserSession } from "~/platform/auth.server";
import { safeReturnTo } from "~/platform/return-to";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { officialServices, pendingOfficialOf } from "./officials/pending.server";

// After the right password an official gives the second factor: a code from the authenticator app or a recovery
// code. Only then is the session signed in (secondFactorAt). Without a pending official (or after 10 minutes) the
// page sends back to the password form.

export const handle = { i18n: ["officials"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const pending = await pendingOfficialOf(request, context, "code");
  if (!pending) throw redirect(`/sign-in?returnTo=${encodeURIComponent(safeReturnTo(new URL(request.url).searchParams.get("returnTo"), "/account"))}`);
  const t = await i18nServer.getFixedT(request, "officials");
  return { title: t("code.title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await pendingOfficialOf(request, context, "code");
  if (!pending) throw redirect("/sign-in");
  const form = await request.formData();
  const code = String(form.get("code") ?? "").slice(0, 40);
  if (code.trim() === "") return data({ error: "officials:errors.codeRequired", minutes: 0 }, { status: 400 });
  const result = await verifySecondFactor(context.db, await officialServices(request, context), { userId: pending.userId, code, ip: context.clientIp });
  if (!result.ok) {
    const minutes = "retryAfterMs" in result ? Math.max(1, Math.ceil(result.retryAfterMs / 60_000)) : 0;
    const error = result.reason === "invalid" ? "officials:errors.codeInvalid" : `officials:errors.${result.reason}`;
    return data({ error, minutes }, { status: result.reason === "invalid" ? 400 : 429 });
  }
  const cookie = await startUserSession(request, context, pending.userId, { secondFactorAt: new Date().toISOString() });
  throw redirect(safeReturnTo(pending.returnTo, "/account"), { headers: { "Set-Cookie": cookie } });
}

export default function SignInCode() {
  const { title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("officials");
  const error = result?.error ? t(result.error, { minutes: result.minutes }) : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={error ? [{ href: "#code", text: error }] : []} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("code.intro")}</p>
        <Form method="post" noValidate>
          <TextInput id="code" name="code" label={t("code.label")} hint={t("code.hint")} autoComplete="one-time-code" autoCapitalize="none" spellCheck={false} width="10" error={error} />
          <Button type="submit">{t("code.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
