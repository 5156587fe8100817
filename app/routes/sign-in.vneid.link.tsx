import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { TextInput } from "~/ui/text-input";
import { WarningText } from "~/ui/warning-text";
import { pendingLinkAction, pendingLinkLoader } from "./sign-in/pending-link.server";
import { AUTH_NAMESPACES } from "./sign-in/shared";

// An eID sign-in found an account registered with the person's CCCD that eID never verified: "this is my account"
// (its password links it) or "this is not my account" (it is closed, and a new account is made). Two plain forms.
export const handle = { i18n: AUTH_NAMESPACES, hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  return pendingLinkLoader({ request, context });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return pendingLinkAction({ request, context });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function EidLink() {
  const { title, name, maskedEmail, createdAt, minutes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("auth");
  const errors = result?.errors ?? {};
  const text = (key: string | undefined) => (key ? t(key, { minutes: result?.minutes ?? 0 }) : undefined);
  const summary = [
    ...(errors.password ? [{ href: "#password", text: text(errors.password) }] : []),
    ...(errors.confirm ? [{ href: "#confirm", text: text(errors.confirm) }] : []),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summary} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("eid.link.verified", { name })}</p>
        <p className="govuk-body">{t("eid.link.intro")}</p>
        <h2 className="govuk-heading-s">{t("eid.link.account.heading")}</h2>
        <SummaryList
          rows={[
            { key: t("eid.link.account.email"), value: maskedEmail ?? t("eid.link.account.noEmail") },
            { key: t("eid.link.account.created"), value: createdAt },
          ]}
        />
        <InsetText>{t("eid.link.expires", { minutes })}</InsetText>

        <section aria-labelledby="mine-heading">
          <h2 className="govuk-heading-m" id="mine-heading">
            {t("eid.link.mine.heading")}
          </h2>
          <p className="govuk-body">{t("eid.link.mine.intro")}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="mine" />
            <TextInput id="password" name="password" type="password" label={t("eid.link.mine.password")} autoComplete="current-password" width="20" error={text(errors.password)} />
            <Button type="submit">{t("eid.link.mine.submit")}</Button>
          </Form>
          <p className="govuk-body">
            <Link className="govuk-link" to="/forgot-password">
              {t("eid.link.mine.forgot")}
            </Link>{" "}
            {t("eid.link.mine.forgotHint")}
          </p>
        </section>

        <section aria-labelledby="not-mine-heading">
          <h2 className="govuk-heading-m" id="not-mine-heading">
            {t("eid.link.notMine.heading")}
          </h2>
          <p className="govuk-body">{t("eid.link.notMine.intro")}</p>
          <ul className="govuk-list govuk-list--bullet">
            <li>{t("eid.link.notMine.closed")}</li>
            <li>{t("eid.link.notMine.sessions")}</li>
            <li>{t("eid.link.notMine.mail")}</li>
            <li>{t("eid.link.notMine.created")}</li>
          </ul>
          <WarningText>{t("eid.link.notMine.warning")}</WarningText>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="notMine" />
            <Checkboxes idPrefix="confirm" name="confirm" error={text(errors.confirm)} items={[{ value: "yes", label: t("eid.link.notMine.confirm") }]} />
            <Button type="submit" variant="warning">
              {t("eid.link.notMine.submit")}
            </Button>
          </Form>
        </section>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
