import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import {
  catalogAdminPasswordMatches,
  isCatalogAdmin,
  requireCatalogAdminEnabled,
  safeAdminReturnTo,
  signInCatalogAdmin,
} from "~/platform/catalog-admin.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { adminTitle } from "./admin/draft.server";
import { ADMIN_NAMESPACES, AdminErrorBoundary } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireCatalogAdminEnabled();
  const returnTo = safeAdminReturnTo(new URL(request.url).searchParams.get("returnTo"));
  if (await isCatalogAdmin(request, context)) throw redirect(returnTo);
  return { title: await adminTitle(request, "signIn.title"), returnTo };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const signInSchema = z.object({
  password: z.string().max(1000).default(""),
  returnTo: z.string().max(300).optional(),
});

// No limit on attempts yet: issue 4 brings a database-backed limit (an in-memory one would not hold across
// server processes). Until then the password must be long and random.
export async function action({ request, context }: ActionFunctionArgs) {
  requireCatalogAdminEnabled();
  const form = signInSchema.parse(Object.fromEntries(await request.formData()));
  if (!form.password) return data({ error: "signIn.errors.required" }, { status: 400 });
  if (!catalogAdminPasswordMatches(form.password)) return data({ error: "signIn.errors.wrong" }, { status: 400 });
  const cookie = await signInCatalogAdmin(request, context);
  return redirect(safeAdminReturnTo(form.returnTo), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const { returnTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  const error = result?.error ? t(result.error) : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {error ? <ErrorSummary errors={[{ href: "#password", text: error }]} /> : null}
        <span className="govuk-caption-l">{t("caption")}</span>
        <h1 className="govuk-heading-l">{t("signIn.title")}</h1>
        <p className="govuk-body">{t("signIn.intro")}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="returnTo" value={returnTo} />
          <TextInput id="password" name="password" type="password" label={t("signIn.password")} autoComplete="current-password" error={error} width="20" />
          <Button type="submit">{t("signIn.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
