import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { confirmTotp, startTotpEnrolment } from "~/domain/officials/officials.server";
import { i18nServer } from "~/platform/i18n.server";
import { totpQrSvg } from "~/platform/totp.server";
import { Button } from "~/ui/button";
import { Details } from "~/ui/details";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { WarningText } from "~/ui/warning-text";
import { clearPendingOfficial, officialServices, pendingOfficialOf } from "./officials/pending.server";

// Setting up the authenticator app after accepting an invitation: the QR code (inline SVG) and the key in groups
// of four for typing in, then the first code. Confirming shows the ten recovery codes, once.

export const handle = { i18n: ["officials"] };

const groupsOfFour = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "officials");
  const pending = await pendingOfficialOf(request, context, "enrol");
  const enrolment = pending ? await startTotpEnrolment(context.db, await officialServices(request, context), { userId: pending.userId }) : { ok: false as const };
  if (!enrolment.ok) return { enrolment: null, title: t("enrol.expiredTitle") };
  return {
    enrolment: { secret: groupsOfFour(enrolment.secret), account: enrolment.accountName, qr: await totpQrSvg(enrolment.uri, t("enrol.qrTitle")) },
    title: t("enrol.title"),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const code = String(form.get("code") ?? "").slice(0, 40);
  const pending = await pendingOfficialOf(request, context, "enrol");
  if (!pending) return data({ error: null, expired: true, recoveryCodes: null, minutes: 0 }, { status: 400 });
  if (code.trim() === "") return data({ error: "officials:errors.codeRequired", expired: false, recoveryCodes: null, minutes: 0 }, { status: 400 });
  const result = await confirmTotp(context.db, await officialServices(request, context), { userId: pending.userId, code, ip: context.clientIp });
  if (!result.ok) {
    if (result.reason === "notEnrolling") return data({ error: null, expired: true, recoveryCodes: null, minutes: 0 }, { status: 400 });
    const minutes = "retryAfterMs" in result ? Math.max(1, Math.ceil(result.retryAfterMs / 60_000)) : 0;
    const error = result.reason === "invalid" ? "officials:errors.codeInvalid" : `officials:errors.${result.reason}`;
    return data({ error, expired: false, recoveryCodes: null, minutes }, { status: result.reason === "invalid" ? 400 : 429 });
  }
  // The account is ready: it signs in like every official (password, then a code). The codes are shown once.
  return data(
    { error: null, expired: false, recoveryCodes: result.recoveryCodes, minutes: 0 },
    { headers: { "Set-Cookie": await clearPendingOfficial(request, context), "Cache-Control": "no-store" } },
  );
}

export default function Enrol() {
  const { enrolment, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("officials");
  if (result?.recoveryCodes) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{t("enrol.doneTitle")}</h1>
          <p className="govuk-body">{t("enrol.done")}</p>
          <p className="govuk-body">{t("enrol.codesIntro")}</p>
          <WarningText>{t("enrol.codesWarning")}</WarningText>
          <h2 className="govuk-heading-m" id="recovery-codes-heading">
            {t("enrol.codesLabel")}
          </h2>
          <ul className="govuk-list govuk-list--number" aria-labelledby="recovery-codes-heading" data-testid="recovery-codes">
            {result.recoveryCodes.map((code) => (
              <li key={code}>
                <code className="app-code">{code}</code>
              </li>
            ))}
          </ul>
          <Button href="/sign-in">{t("enrol.saved")}</Button>
        </div>
      </div>
    );
  }
  if (!enrolment || result?.expired) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{t("enrol.expiredTitle")}</h1>
          <p className="govuk-body">{t("enrol.expired")}</p>
        </div>
      </div>
    );
  }
  const error = result?.error ? t(result.error, { minutes: result.minutes }) : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={error ? [{ href: "#code", text: error }] : []} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("enrol.intro")}</p>
        <ol className="govuk-list govuk-list--number">
          <li>
            <p className="govuk-body">{t("enrol.step1")}</p>
            {/* The SVG comes from the qrcode package (no user text but the escaped title). */}
            <div className="app-qr" style={{ maxWidth: "14rem" }} dangerouslySetInnerHTML={{ __html: enrolment.qr }} />
            <Details summary={t("enrol.manualSummary")}>
              <p className="govuk-body">{t("enrol.manual")}</p>
              <p className="govuk-body">
                <span className="govuk-visually-hidden">{t("enrol.secretLabel")}: </span>
                <code className="app-code" data-testid="totp-secret">
                  {enrolment.secret}
                </code>
              </p>
              <p className="govuk-body">{t("enrol.account", { account: enrolment.account })}</p>
            </Details>
          </li>
          <li>
            <p className="govuk-body">{t("enrol.step2")}</p>
          </li>
        </ol>
        <Form method="post" noValidate>
          <TextInput id="code" name="code" label={t("enrol.code")} hint={t("enrol.codeHint")} inputMode="numeric" autoComplete="one-time-code" spellCheck={false} width="10" error={error} />
          <Button type="submit">{t("enrol.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
