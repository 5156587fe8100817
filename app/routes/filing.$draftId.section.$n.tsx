import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { toFormInput, type SectionIssue } from "~/domain/filing/filing";
import { saveSection } from "~/domain/filing/filing.server";
import { shownFields } from "~/domain/forms/check";
import { topLevelFields } from "~/domain/forms/form-definition";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { DynamicFormSection, formDataValues, useDynamicIssues, useFormText, type DynamicFormValues } from "~/ui/dynamic-form";
import { ErrorSummary } from "~/ui/error-summary";
import { pageTitle } from "~/ui/page-title";
import { draftHeader, postedVersion, requireDraft } from "./filing/draft.server";
import { ConflictBanner, FILING_NAMESPACES, FilingErrorBoundary, FilingLayout, revalidateAfterConflict, VersionInput } from "./filing/shared";

// One section of the procedure's form per page, generated from its definition. Fields whose display condition does
// not hold are hidden (and neither required nor kept); with JavaScript they also show and hide while typing.

export const handle = { i18n: FILING_NAMESPACES };

async function sectionOf(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const found = await requireDraft(request, context, params.draftId);
  const n = /^\d{1,3}$/.test(params.n ?? "") ? Number(params.n) : 0;
  const section = found.draft.form.sections[n - 1];
  if (!section) throw new Response(null, { status: 404 });
  return { ...found, n, section };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft, n, section } = await sectionOf(request, context, params);
  const t = await i18nServer.getFixedT(request, "filing");
  const texts = draft.form.texts;
  const title = texts?.vi?.[section.titleKey] ?? t("tasks.step.section");
  return {
    title,
    header: draftHeader(draft),
    form: draft.form,
    n,
    count: draft.form.sections.length,
    values: toFormInput(draft.state.answers.values) as DynamicFormValues,
    returnToCheck: new URL(request.url).searchParams.get("return") === "check",
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { owner, draft, n } = await sectionOf(request, context, params);
  const form = await request.formData();
  // The posted values nested by input name, as the compiled schema reads them.
  const payload = (parseWithZod(form, { schema: z.unknown() }).payload ?? {}) as Record<string, unknown>;
  const result = await saveSection(context.db, owner, draft.id, postedVersion(form), n - 1, payload);
  if (!result) throw new Response(null, { status: 404 });
  if (!result.ok && result.reason === "conflict") return data({ issues: [] as SectionIssue[], values: null, conflict: true }, { status: 409 });
  if (!result.ok) return data({ issues: result.issues, values: payload as DynamicFormValues, conflict: false }, { status: 400 });
  const next = n < draft.form.sections.length ? `section/${n + 1}` : "documents";
  const returnTo = new URL(request.url).searchParams.get("return") === "check" ? "check" : next;
  throw redirect(`/filing/${draft.id}/${returnTo}`);
}

export default function SectionPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("filing");
  const { header, form, n, count } = loaded;
  const text = useFormText(form.texts);
  const fields = topLevelFields(form);
  const section = form.sections[n - 1]!;
  const values = result?.values ?? loaded.values;
  const { errors, summary } = useDynamicIssues(fields, form.texts, result?.issues);
  const formRef = useRef<HTMLFormElement>(null);
  const [live, setLive] = useState<DynamicFormValues | null>(null);
  const update = useCallback(() => {
    if (formRef.current) setLive({ ...loaded.values, ...formDataValues(new FormData(formRef.current)) });
  }, [loaded.values]);
  useEffect(() => update(), [result, update]);
  const shown = shownFields(form, live ?? values);
  return (
    <FilingLayout header={header} title={text(section.titleKey)}>
      <ConflictBanner show={result?.conflict === true} />
      <ErrorSummary errors={summary} />
      <p className="govuk-body">{t("section.step", { n, count })}</p>
      <Form method="post" action={loaded.returnToCheck ? "?return=check" : undefined} noValidate ref={formRef} onChange={update} key={header.version}>
        <VersionInput version={header.version} />
        <DynamicFormSection section={section} showTitle={false} texts={form.texts} values={values} errors={errors} allFields={fields} shown={shown} />
        <Button type="submit">{t("layout.saveContinue")}</Button>
      </Form>
    </FilingLayout>
  );
}

export const shouldRevalidate = revalidateAfterConflict;

export const ErrorBoundary = FilingErrorBoundary;
