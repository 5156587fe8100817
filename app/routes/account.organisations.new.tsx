import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { organisationSchema } from "~/domain/organisations/organisations.schema";
import { registerOrganisation } from "~/domain/organisations/organisations.server";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { WarningText } from "~/ui/warning-text";
import { fieldErrors } from "./account/forms";

// Declare an organisation the citizen legally represents (issue 4, item 3): declared, not verified.

export const handle = { i18n: ["organisations", "identity"] };

async function citizen(request: Request, context: LoaderFunctionArgs["context"]) {
  const actor = await requirePermission(request, context, "read:organisation:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  return actor;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await citizen(request, context);
  const t = await i18nServer.getFixedT(request, "organisations");
  return { title: t("new.title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const FIELDS = ["taxCode", "name", "address"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await citizen(request, context);
  const form = await request.formData();
  const values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "").slice(0, 600)])) as Record<(typeof FIELDS)[number], string>;
  const parsed = organisationSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error.issues), values }, { status: 400 });
  const result = await registerOrganisation(context.db, { userId: actor.userId, ...parsed.data, ip: context.clientIp });
  if (!result.ok) return data({ errors: { [result.field]: result.message }, values }, { status: 400 });
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("flash", { kind: "success", messageKey: "organisations:list.registered" });
  throw redirect("/account/organisations", { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export default function NewOrganisation() {
  const { title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["organisations", "identity"]);
  const errors: Record<string, string> = result?.errors ?? {};
  const values = result?.values;
  const summary = Object.entries(errors).map(([field, key]) => ({ href: `#${field}`, text: t(key) }));
  const error = (field: string) => (errors[field] ? t(errors[field]) : undefined);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summary} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("new.intro")}</p>
        <WarningText>{t("new.declared")}</WarningText>
        <Form method="post" noValidate>
          <TextInput
            id="taxCode"
            name="taxCode"
            label={t("new.taxCode")}
            hint={t("new.taxCodeHint")}
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            width="20"
            defaultValue={values?.taxCode}
            error={error("taxCode")}
          />
          <TextInput id="name" name="name" label={t("new.name")} autoComplete="organization" defaultValue={values?.name} error={error("name")} />
          <TextInput id="address" name="address" label={t("new.address")} autoComplete="street-address" defaultValue={values?.address} error={error("address")} />
          <Button type="submit">{t("new.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
