import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Actor } from "~/domain/access/permissions";
import { counterFiles, counterForm, fileAtCounter, type CounterForm } from "~/domain/dossiers/counter.server";
import type { FieldError } from "~/domain/dossiers/dossiers.server";
import { storeUploads } from "~/domain/files/files.server";
import { signatureChecker } from "~/platform/signature-services.server";
import { shownFields } from "~/domain/forms/check";
import { topLevelFields } from "~/domain/forms/form-definition";
import { formatFileSize } from "~/domain/shared/format";
import { requirePermission } from "~/platform/auth.server";
import { backOfficeServices, backOfficeSettings } from "~/platform/back-office-services.server";
import { i18nServer } from "~/platform/i18n.server";
import { newId } from "~/platform/ids.server";
import { readUploads } from "~/platform/uploads.server";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { DynamicFormSection, formDataValues, useDynamicIssues, type DynamicFormValues, type DynamicIssue } from "~/ui/dynamic-form";
import { ErrorSummary, type ErrorSummaryItem } from "~/ui/error-summary";
import { Fieldset } from "~/ui/fieldset";
import { FileUpload } from "~/ui/file-upload";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { TextInput } from "~/ui/text-input";

// Filing at the counter (issue 6): one page with the walk-in applicant's details, the procedure's form (from the
// version's definition), one file input per document (several files each) for the scans, and the officer's check.
// A plain multipart POST: the scans are stored as the officer's files first; if anything is refused, what was typed
// comes back and the scans already stored stay attached (their ids in the form) so that nothing is lost. Filed, the
// dossier is accepted at once and the officer is sent to the receipt.

export const handle = { i18n: ["counter", "dossiers", "files", "forms", "filing"] };

/** Input names of the page's own fields: a procedure form's field names are letters and digits only. */
const APPLICANT_FIELDS = ["fullName", "cccd", "phone", "email", "address"] as const;
const own = (name: string) => `c-${name}`;
const keptName = (index: number) => `c-file-${index}`;
const fileName = (index: number) => `doc-${index}`;
const MB = 1024 * 1024;

type ApplicantValues = Partial<Record<(typeof APPLICANT_FIELDS)[number], string>>;
type KeptFile = { id: string; name: string; sizeBytes: number };

async function formOf(request: Request, context: AppLoadContext, actor: Actor, code: string | undefined): Promise<CounterForm> {
  const agencyId = new URL(request.url).searchParams.get("agency");
  const found = code && code.length <= 40 ? await counterForm(context.db, { actor, code, agencyId: agencyId && agencyId.length <= 40 ? agencyId : null }) : null;
  if (!found) throw new Response(null, { status: 404 });
  return found;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, "receive:dossier:agency");
  const found = await formOf(request, context, actor, params.code);
  return { title: found.name, found, idempotencyKey: newId() };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Reply = {
  errors: FieldError[];
  applicant: ApplicantValues;
  answers: DynamicFormValues;
  caseCode: string;
  checked: boolean;
  kept: Record<number, KeptFile[]>;
  idempotencyKey: string;
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, context, "receive:dossier:agency");
  const found = await formOf(request, context, actor, params.code);
  const limits = Object.fromEntries(found.documents.map((d) => [fileName(d.index), { maxBytes: d.maxSizeMb * MB, maxFiles: d.maxFiles }]));
  const maxRequestBytes = found.documents.reduce((sum, d) => sum + d.maxSizeMb * MB * d.maxFiles, 0) + MB;
  const read = await readUploads(request, { files: limits, maxRequestBytes }, context.blobs);

  // What was typed (all of it, or what was read before a limit stopped the reading).
  const text = read.text;
  const first = (name: string) => (text[name]?.[0] ?? "").slice(0, 500);
  const applicant = Object.fromEntries(APPLICANT_FIELDS.map((f) => [f, first(own(f))])) as ApplicantValues;
  const answersForm = new FormData();
  for (const [name, values] of Object.entries(text)) if (!name.startsWith("c-")) for (const v of values) answersForm.append(name, v);
  const answers = (parseWithZod(answersForm, { schema: z.unknown() }).payload ?? {}) as DynamicFormValues;
  const keptIds = found.documents.map((d) => (text[keptName(d.index)] ?? []).slice(0, d.maxFiles));
  const ownFiles = new Map((await counterFiles(context.db, { actor, ids: keptIds.flat() })).map((f) => [f.id, f]));
  const kept: Record<number, KeptFile[]> = {};
  found.documents.forEach((d, i) => {
    kept[d.index] = keptIds[i]!.flatMap((id) => {
      const f = ownFiles.get(id);
      return f ? [{ id: f.id, name: f.name, sizeBytes: f.sizeBytes }] : [];
    });
  });
  const idempotencyKey = /^[A-Za-z0-9_-]{8,100}$/.test(first(own("key"))) ? first(own("key")) : newId();
  const reply = (errors: FieldError[], status: number) =>
    data({ errors, applicant, answers, caseCode: first(own("case")), checked: first(own("checked")) === "yes", kept, idempotencyKey } satisfies Reply, { status });

  const lang = (await i18nServer.getLocale(request)) === "en" ? "en" : "vi";
  const fileParams = (field: string | null) => {
    const doc = found.documents.find((d) => fileName(d.index) === field);
    const max = (doc?.maxSizeMb ?? 1) * MB;
    return { limit: formatFileSize(max, lang), total: formatFileSize(maxRequestBytes, lang), count: doc?.maxFiles ?? 10 };
  };
  if (!read.ok) {
    return reply([{ field: read.field ?? "form", message: `files:errors.${read.error}`, params: fileParams(read.field) }], read.error === "malformed" ? 400 : 413);
  }

  // The new scans become the officer's files; refused ones leave nothing stored.
  const owner = { userId: actor.userId, organisationId: null };
  const stored = read.files.length > 0 || Object.keys(read.errors).length > 0 ? await storeUploads(context.db, context.blobs, { owner, uploads: read.files, errors: read.errors, signatures: signatureChecker(context) }) : { ok: true as const, files: {} };
  if (!stored.ok) {
    return reply(
      Object.entries(stored.errors).map(([field, code]) => ({ field, message: `files:errors.${code}`, params: fileParams(field) })),
      400,
    );
  }
  for (const d of found.documents) {
    for (const f of stored.files[fileName(d.index)] ?? []) (kept[d.index] ??= []).push({ id: f.id, name: f.name, sizeBytes: f.sizeBytes });
  }

  const result = await fileAtCounter(context.db, backOfficeServices(context), backOfficeSettings(context), {
    actor,
    procedureVersionId: found.versionId,
    agencyId: found.agencyId,
    applicant,
    answers,
    documents: found.documents.map((d) => ({ documentIndex: d.index, fileIds: (kept[d.index] ?? []).map((f) => f.id) })).filter((d) => d.fileIds.length > 0),
    caseCode: found.cases.length > 0 ? first(own("case")) || null : null,
    checked: first(own("checked")) === "yes",
    idempotencyKey,
  });
  if (result.ok) throw redirect(`/office/counter?filed=${encodeURIComponent(result.code)}`);
  return reply(result.errors, result.status);
}

/** Where an error's field is on this page, for the error summary's link and the inline message. */
function inputOf(field: string): string | null {
  const applicant = /^applicant\.(\w+)$/.exec(field);
  if (applicant) return own(applicant[1]!);
  const doc = /^documents\[(\d+)\]$/.exec(field);
  if (doc) return fileName(Number(doc[1]));
  if (/^doc-\d+$/.test(field)) return field;
  if (field === "checked") return own("checked");
  if (field === "caseCode") return own("case");
  return null;
}

export default function CounterFormPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Reply | undefined;
  const { t, i18n } = useTranslation(["counter", "dossiers", "files"]);
  const lang = i18n.language === "en" ? "en" : "vi";
  const { found } = loaded;
  const form = found.form;
  const fields = topLevelFields(form);
  const errors = result?.errors ?? [];
  const values = result?.answers ?? {};
  const applicant = result?.applicant ?? {};

  const answerIssues: DynamicIssue[] = errors.filter((e) => e.field.startsWith("answers.")).map((e) => ({ name: e.field.slice("answers.".length), message: e.message, params: e.params }));
  const dynamic = useDynamicIssues(fields, form.texts, answerIssues);
  const inline: Record<string, string> = {};
  const summary: ErrorSummaryItem[] = [];
  for (const e of errors) {
    if (e.field.startsWith("answers.")) continue;
    const input = inputOf(e.field);
    const text = t(e.message, e.params ?? {});
    if (input) inline[input] = inline[input] ? `${inline[input]}. ${text}` : text;
    summary.push({ href: `#${input ?? "counter-form"}`, text });
  }
  const [applicantSummary, restSummary] = [summary.filter((s) => s.href.startsWith("#c-") && s.href !== "#c-checked"), summary.filter((s) => !s.href.startsWith("#c-") || s.href === "#c-checked")];

  // Conditions of the form: fields show and hide as the officer types (with JavaScript); without it, as posted.
  const formRef = useRef<HTMLFormElement>(null);
  const [live, setLive] = useState<DynamicFormValues | null>(null);
  const update = useCallback(() => {
    if (formRef.current) setLive(formDataValues(new FormData(formRef.current)));
  }, []);
  useEffect(() => update(), [result, update]);
  const shown = shownFields(form, live ?? values);
  const key = result ? JSON.stringify(result.kept) : "fresh";

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/office/counter">{t("form.back")}</BackLink>
        <span className="govuk-caption-l">{t("form.caption", { agency: found.agencyName })}</span>
        <h1 className="govuk-heading-l">{found.name}</h1>
        <ErrorSummary title={errors.length > 0 ? t("form.errorsTitle") : undefined} errors={[...applicantSummary, ...dynamic.summary, ...restSummary]} />
        <Form method="post" encType="multipart/form-data" action={`?agency=${encodeURIComponent(found.agencyId)}`} noValidate ref={formRef} onChange={update} id="counter-form" key={key}>
          {/* Hidden fields first: a file over its limit stops the reading of the body, and these must not be lost. */}
          <input type="hidden" name={own("key")} value={result?.idempotencyKey ?? loaded.idempotencyKey} />

          <Fieldset legend={t("form.applicant")} legendSize="m">
            <TextInput id={own("fullName")} name={own("fullName")} label={t("form.fullName")} autoComplete="off" defaultValue={applicant.fullName} error={inline[own("fullName")]} />
            <TextInput id={own("cccd")} name={own("cccd")} label={t("form.cccd")} hint={t("form.cccdHint")} inputMode="numeric" width="20" spellCheck={false} autoComplete="off" defaultValue={applicant.cccd} error={inline[own("cccd")]} />
            <TextInput id={own("phone")} name={own("phone")} type="tel" label={t("form.phone")} width="20" autoComplete="off" defaultValue={applicant.phone} error={inline[own("phone")]} />
            <TextInput id={own("email")} name={own("email")} type="email" label={t("form.email")} optional spellCheck={false} autoComplete="off" defaultValue={applicant.email} error={inline[own("email")]} />
            <TextInput id={own("address")} name={own("address")} label={t("form.address")} optional autoComplete="off" defaultValue={applicant.address} error={inline[own("address")]} />
          </Fieldset>

          {found.cases.length > 0 ? (
            <Radios
              idPrefix={own("case")}
              name={own("case")}
              legend={t("form.case")}
              legendSize="m"
              error={inline[own("case")]}
              defaultValue={result?.caseCode}
              items={found.cases.map((c) => ({ value: c.code, label: c.name }))}
            />
          ) : null}

          {form.sections.length > 0 ? <h2 className="govuk-heading-m">{t("form.declaration")}</h2> : null}
          {form.sections.map((section) => (
            <DynamicFormSection key={section.id} section={section} texts={form.texts} values={values} errors={dynamic.errors} allFields={fields} shown={shown} headingLevel={3} />
          ))}

          <h2 className="govuk-heading-m">{t("form.documents")}</h2>
          <p className="govuk-body">{t("form.documentsIntro")}</p>
          {found.documents.map((d) => {
            const kept = result?.kept[d.index] ?? [];
            return (
              <div key={d.index} className="app-counter-document">
                <FileUpload
                  id={fileName(d.index)}
                  name={fileName(d.index)}
                  label={d.required ? d.name : `${d.name} ${t("form.optional")}`}
                  labelSize="s"
                  hint={t("form.fileHint", { types: d.fileTypes.map((x) => x.toUpperCase()).join(", "), max: d.maxSizeMb, count: d.maxFiles })}
                  multiple
                  accept={d.fileTypes.map((x) => `.${x}`).join(",")}
                  error={inline[fileName(d.index)]}
                />
                {kept.length > 0 ? (
                  <Checkboxes
                    idPrefix={keptName(d.index)}
                    name={keptName(d.index)}
                    legend={t("form.kept")}
                    legendSize="s"
                    hint={t("form.keptHint")}
                    small
                    defaultValues={kept.map((f) => f.id)}
                    items={kept.map((f) => ({ value: f.id, label: `${f.name} (${formatFileSize(f.sizeBytes, lang)})` }))}
                  />
                ) : null}
              </div>
            );
          })}

          <Checkboxes
            idPrefix={own("checked")}
            name={own("checked")}
            error={inline[own("checked")]}
            defaultValues={result?.checked ? ["yes"] : []}
            items={[{ value: "yes", label: t("form.checked") }]}
          />
          <Button type="submit">{t("form.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
