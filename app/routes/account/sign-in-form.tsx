import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { TextInput } from "~/ui/text-input";

type SignInResult = { errors: Record<string, string>; identifier: string; minutes: number; seconds?: number } | undefined;

function useSignInTexts(result: SignInResult) {
  const { t } = useTranslation(["account", "identity"]);
  const errors = result?.errors ?? {};
  // "count" chooses the plural of the waits said in seconds.
  const text = (key: string | undefined) => (key ? t(key, { minutes: result?.minutes ?? 0, count: result?.seconds ?? 0 }) : undefined);
  return { t, errors, text, formError: text(errors.form) };
}

/** The error summary of the password form, for the top of the page. */
export function PasswordSignInSummary({ result }: { result: SignInResult }) {
  const { errors, text, formError } = useSignInTexts(result);
  const summary = [
    ...(formError ? [{ href: "#identifier", text: formError }] : []),
    ...(errors.identifier ? [{ href: "#identifier", text: text(errors.identifier) ?? "" }] : []),
    ...(errors.password ? [{ href: "#password", text: text(errors.password) ?? "" }] : []),
  ];
  return <ErrorSummary errors={summary} />;
}

// The password half of the sign-in page (namespace "account").
export function PasswordSignInForm({ result, returnTo }: { result: SignInResult; returnTo: string }) {
  const { t, errors, text, formError } = useSignInTexts(result);
  return (
    <>
      <h2 className="govuk-heading-m" id="password-heading">
        {t("signIn.passwordHeading")}
      </h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="password" />
        <input type="hidden" name="returnTo" value={returnTo} />
        <TextInput
          id="identifier"
          name="identifier"
          label={t("signIn.identifier")}
          hint={t("signIn.identifierHint")}
          autoComplete="username"
          spellCheck={false}
          defaultValue={result?.identifier}
          error={text(errors.identifier) ?? formError}
        />
        <TextInput id="password" name="password" type="password" label={t("signIn.password")} autoComplete="current-password" width="20" error={text(errors.password)} />
        <Button type="submit">{t("signIn.submit")}</Button>
      </Form>
      <p className="govuk-body">
        <Link className="govuk-link" to="/forgot-password">
          {t("signIn.forgot")}
        </Link>
      </p>
      <p className="govuk-body">
        {t("signIn.noAccount")}{" "}
        <Link className="govuk-link" to="/register">
          {t("signIn.register")}
        </Link>
      </p>
    </>
  );
}
