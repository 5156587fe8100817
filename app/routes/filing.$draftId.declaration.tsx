import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { declare } from "~/domain/filing/filing.server";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { ErrorSummary } from "~/ui/error-summary";
import { pageTitle } from "~/ui/page-title";
import { draftHeader, postedVersion, requireDraft } from "./filing/draft.server";
import { ConflictBanner, FILING_NAMESPACES, FilingErrorBoundary, FilingLayout, revalidateAfterConflict, VersionInput } from "./filing/shared";

// The declaration (lời cam đoan): any later change to the draft withdraws it.

export const handle = { i18n: FILING_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await requireDraft(request, context, params.draftId, "declaration");
  const t = await i18nServer.getFixedT(request, "filing");
  return { title: t("declaration.title"), header: draftHeader(draft), declared: draft.state.declarationAt !== null };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { owner, draft } = await requireDraft(request, context, params.draftId, "declaration");
  const form = await request.formData();
  const result = await declare(context.db, owner, draft.id, postedVersion(form), form.get("declaration") === "agree");
  if (!result) throw new Response(null, { status: 404 });
  if (!result.ok && result.reason === "conflict") return data({ error: null, conflict: true }, { status: 409 });
  if (!result.ok) return data({ error: result.issues[0]?.message ?? "errors.declaration", conflict: false }, { status: 400 });
  throw redirect(`/filing/${draft.id}/submit`);
}

export default function DeclarationPage() {
  const { title, header, declared } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("filing");
  const error = result?.error ? t(result.error) : undefined;
  return (
    <FilingLayout header={header} title={title}>
      <ConflictBanner show={result?.conflict === true} />
      <ErrorSummary errors={error ? [{ href: "#declaration", text: error }] : []} />
      <p className="govuk-body">{t("declaration.text")}</p>
      <Form method="post" noValidate key={header.version}>
        <VersionInput version={header.version} />
        <Checkboxes
          idPrefix="declaration"
          name="declaration"
          legend={t("declaration.legend")}
          legendSize="s"
          error={error}
          defaultValues={declared ? ["agree"] : []}
          items={[{ value: "agree", label: t("declaration.agree") }]}
        />
        <Button type="submit">{t("declaration.button")}</Button>
      </Form>
    </FilingLayout>
  );
}

export const shouldRevalidate = revalidateAfterConflict;

export const ErrorBoundary = FilingErrorBoundary;
