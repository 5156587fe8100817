import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { organisationsOf } from "~/domain/accounts/accounts.repo.server";
import { organisationFor } from "~/domain/organisations/organisations.server";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";

// The "acting for" switch (issue 4, item 3): a citizen acts as themselves or on behalf of an organisation they
// represent. The session keeps the organisation's id; membership is checked here and again on every request.

export const handle = { i18n: ["organisations", "account"] };

const SELF = "self";

async function citizen(request: Request, context: LoaderFunctionArgs["context"]) {
  const actor = await requirePermission(request, context, "read:organisation:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  return actor;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await citizen(request, context);
  const [organisations, t] = await Promise.all([organisationsOf(context.db, actor.userId), i18nServer.getFixedT(request, "organisations")]);
  return { title: t("actingFor.title"), organisations, current: actor.actingFor?.organisationId ?? SELF };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await citizen(request, context);
  const choice = String((await request.formData()).get("actingFor") ?? "").slice(0, 36);
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  if (choice === SELF) session.unset("actingFor");
  else {
    const organisation = choice ? await organisationFor(context.db, { actorUserId: actor.userId, organisationId: choice }) : undefined;
    if (!organisation) return data({ error: "organisations:errors.choose" }, { status: 400 });
    session.set("actingFor", organisation.id);
  }
  session.flash("flash", { kind: "success", messageKey: "organisations:actingFor.changed" });
  throw redirect("/account", { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export default function ActingFor() {
  const { title, organisations, current } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["organisations", "account"]);
  const error = result?.error ? t(result.error) : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={error ? [{ href: "#actingFor", text: error }] : []} />
        <Form method="post" noValidate>
          <Radios
            idPrefix="actingFor"
            name="actingFor"
            legend={title}
            headingLevel={1}
            legendSize="l"
            hint={t("actingFor.legend")}
            error={error}
            defaultValue={current}
            items={[
              { value: SELF, label: t("actingFor.self") },
              ...organisations.map((o) => ({ value: o.id, label: t("actingFor.organisation", { name: o.name, taxCode: o.taxCode }) })),
            ]}
          />
          {organisations.length === 0 ? <p className="govuk-body">{t("actingFor.none")}</p> : null}
          <Button type="submit">{t("actingFor.submit")}</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/account/organisations">
            {t("actingFor.manage")}
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
