import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { registerCitizen } from "~/domain/accounts/accounts.server";
import { registrationSchema } from "~/domain/accounts/accounts.schema";
import { todayInVietnam } from "~/domain/shared/format";
import { accountServices } from "~/platform/account-services.server";
import { getActor } from "~/platform/auth.server";
import { getLanguage, i18nServer } from "~/platform/i18n.server";
import { consume } from "~/platform/rate-limit.server";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { DateInput } from "~/ui/date-input";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { Honeypot } from "~/ui/honeypot";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { WarningText } from "~/ui/warning-text";
import { fieldErrors, HONEYPOT_FIELD, isRobot } from "./account/forms";

// Register a citizen account (issue 4): the same answer whether or not the address is known (no enumeration).

export const handle = { i18n: ["account", "identity"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  if ((await getActor(request, context)).kind !== "anonymous") throw redirect("/account");
  const t = await i18nServer.getFixedT(request, "account");
  return { title: t("register.title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const FIELDS = ["fullName", "cccd", "day", "month", "year", "email", "phone"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  if (isRobot(form)) throw redirect("/register/check-email");
  const values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "").slice(0, 300)])) as Record<(typeof FIELDS)[number], string>;
  if (context.clientIp) {
    const limited = await consume(context.db, `register:ip:${context.clientIp}`, context.rateLimits.publicFormIp);
    if (!limited.allowed) return data({ errors: { form: "account:errors.tooMany" }, values, retryMinutes: Math.ceil(limited.retryAfterMs / 60_000) }, { status: 429 });
  }
  const parsed = registrationSchema(todayInVietnam()).safeParse({
    fullName: values.fullName,
    cccd: values.cccd,
    birthDate: { day: values.day, month: values.month, year: values.year },
    email: values.email,
    phone: values.phone,
    password: form.get("password") ?? "",
    consent: form.get("consent") ?? undefined,
  });
  const services = accountServices(await getLanguage(request));
  if (!parsed.success) {
    // Every problem at once: the password's strength too, although the use case checks it again.
    const errors = fieldErrors(parsed.error.issues);
    const password = String(form.get("password") ?? "");
    const weak = password && !errors.password ? services.passwordProblem(password, [values.fullName, values.email, values.cccd]) : null;
    if (weak) errors.password = weak;
    return data({ errors, values, retryMinutes: 0 }, { status: 400 });
  }
  const result = await registerCitizen(context.db, services, { ...parsed.data, baseUrl: context.origin, ip: context.clientIp });
  if (!result.ok) return data({ errors: fieldErrors(result.issues.map((i) => ({ path: [i.path], message: i.message }))), values, retryMinutes: 0 }, { status: 400 });
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("checkEmail", parsed.data.email);
  throw redirect("/register/check-email", { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export default function Register() {
  const { title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["account", "identity"]);
  const errors: Record<string, string> = result?.errors ?? {};
  const values = result?.values;
  const text = (key: string | undefined) => (key ? t(key, { minutes: result?.retryMinutes ?? 0 }) : undefined);
  const anchor: Record<string, string> = { birthDate: "birthDate-day", consent: "consent", form: "fullName" };
  const summary = Object.entries(errors).map(([field, key]) => ({ href: `#${anchor[field] ?? field}`, text: text(key) ?? "" }));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summary} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("register.intro")}</p>
        <p className="govuk-body">
          {t("register.eidHint")} <Link className="govuk-link" to="/sign-in">{t("register.eidLink")}</Link>
        </p>
        <Form method="post" noValidate>
          <Honeypot name={HONEYPOT_FIELD} label={t("honeypot")} />
          <TextInput id="fullName" name="fullName" label={t("register.fullName")} autoComplete="name" spellCheck={false} defaultValue={values?.fullName} error={text(errors.fullName)} />
          <TextInput
            id="cccd"
            name="cccd"
            label={t("register.cccd")}
            hint={t("register.cccdHint")}
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            width="20"
            defaultValue={values?.cccd}
            error={text(errors.cccd)}
          />
          <DateInput
            id="birthDate"
            namePrefix=""
            names={{ day: "day", month: "month", year: "year" }}
            legend={t("register.birthDate")}
            hint={t("register.birthDateHint")}
            birthday
            defaultValue={{ day: values?.day, month: values?.month, year: values?.year }}
            error={text(errors.birthDate)}
          />
          <TextInput
            id="email"
            name="email"
            type="email"
            label={t("register.email")}
            hint={t("register.emailHint")}
            autoComplete="email"
            spellCheck={false}
            defaultValue={values?.email}
            error={text(errors.email)}
          />
          <TextInput
            id="phone"
            name="phone"
            type="tel"
            label={t("register.phone")}
            hint={t("register.phoneHint")}
            autoComplete="tel"
            width="20"
            defaultValue={values?.phone}
            error={text(errors.phone)}
          />
          <TextInput
            id="password"
            name="password"
            type="password"
            label={t("register.password")}
            hint={t("register.passwordHint")}
            autoComplete="new-password"
            width="20"
            error={text(errors.password)}
          />
          <WarningText>{t("register.privacyWarning")}</WarningText>
          <Checkboxes
            idPrefix="consent"
            name="consent"
            legend={t("register.consentLegend")}
            legendSize="s"
            error={text(errors.consent)}
            items={[{ value: "yes", label: t("register.consent") }]}
          />
          <p className="govuk-body">
            <Link className="govuk-link" to="/privacy">
              {t("register.privacyLink")}
            </Link>
          </p>
          <Button type="submit">{t("register.submit")}</Button>
        </Form>
        <p className="govuk-body">
          {t("register.haveAccount")} <Link className="govuk-link" to="/sign-in">{t("register.signIn")}</Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
