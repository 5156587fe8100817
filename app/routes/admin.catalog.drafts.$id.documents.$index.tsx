import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { issuesByPath } from "~/domain/procedures/drafts";
import { TEMPLATE_ACCEPT, TEMPLATE_MAX_BYTES } from "~/domain/procedures/drafts.documents";
import { saveDraftDocument } from "~/domain/procedures/drafts.documents.server";
import { readDocument, readTemplate } from "~/domain/procedures/drafts.schema";
import { formatFileSize } from "~/domain/shared/format";
import { readMultipartForm } from "~/platform/multipart.server";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { FileUpload } from "~/ui/file-upload";
import { Fieldset } from "~/ui/fieldset";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { TextInput } from "~/ui/text-input";
import { Textarea } from "~/ui/textarea";
import { adminTitle, itemIndex, loadDraft, loadEditableDraft, refused, failedSave, assertCurrentDraft, DRAFT_TOKEN_FIELD } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, IssueSummary, pathId, useIssueText, DraftTokenInput } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

const FILE_TYPES = ["pdf", "jpg", "png", "docx", "doc", "xlsx", "xml", "zip"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const index = itemIndex(params.index, draft.content.documents.length);
  const d = index === "new" ? null : draft.content.documents[index]!;
  return {
    title: d?.name ?? (await adminTitle(request, "documents.new")),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    isNew: index === "new",
    values: {
      name: d?.name ?? "",
      originals: String(d?.originals ?? 1),
      certifiedCopies: String(d?.certifiedCopies ?? 0),
      photocopies: String(d?.photocopies ?? 0),
      options: [...(d?.required ?? true ? ["required"] : []), ...(d?.signatureRequired ? ["signatureRequired"] : [])],
      fileTypes: (d?.fileTypes ?? ["pdf", "jpg", "png"]) as string[],
      maxSizeMb: String(d?.maxSizeMb ?? 10),
      note: d?.note ?? "",
      case: d?.case ?? "",
      templateTitle: d?.template?.title ?? "",
      removeTemplate: false,
    },
    cases: draft.content.cases.map((c) => ({ code: c.code, name: c.name })),
    template:
      d?.template && index !== "new"
        ? { fileName: d.template.fileName, size: d.template.size, href: draftUrl(draft.id, `documents/${index}/template`) }
        : null,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type DocumentValues = Awaited<ReturnType<typeof loader>>["values"];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const index = itemIndex(params.index, draft.content.documents.length);
  // The template's limit, and room for the other fields: a larger file is read to its end and refused inline.
  const read = await readMultipartForm(request, { files: { template: TEMPLATE_MAX_BYTES }, maxBodyBytes: 4 * TEMPLATE_MAX_BYTES });
  if (!read.ok) return refused<DocumentValues>([{ path: "template", message: read.reason === "tooLarge" ? "documents.errors.templateTooLarge" : "documents.errors.upload" }]);
  const { form } = read;
  assertCurrentDraft(draft, form.get(DRAFT_TOKEN_FIELD));
  const existing = index === "new" ? undefined : draft.content.documents[index];
  const document = readDocument(form, { cases: draft.content.cases.map((c) => c.code) });
  const template = readTemplate(form, read.files.get("template") ?? null, Boolean(existing?.template));
  const values: DocumentValues = {
    name: String(form.get("name") ?? ""),
    originals: String(form.get("originals") ?? ""),
    certifiedCopies: String(form.get("certifiedCopies") ?? ""),
    photocopies: String(form.get("photocopies") ?? ""),
    options: form.getAll("options").map(String),
    fileTypes: form.getAll("fileTypes").map(String),
    maxSizeMb: String(form.get("maxSizeMb") ?? ""),
    note: String(form.get("note") ?? ""),
    case: String(form.get("case") ?? ""),
    templateTitle: template.raw.templateTitle,
    removeTemplate: template.raw.removeTemplate,
  };
  if (!document.parsed.ok || !template.parsed.ok) {
    return refused([...(document.parsed.ok ? [] : document.parsed.issues), ...(template.parsed.ok ? [] : template.parsed.issues)], values);
  }
  const saved = await saveDraftDocument(context.db, context.storage, { draftId: draft.id, index, document: document.parsed.value, template: template.parsed.value });
  if (!saved.ok) failedSave(draft.id, saved);
  const position = index === "new" ? draft.content.documents.length : index;
  return redirect(`${draftUrl(draft.id, "documents")}#item-${position}`);
}

const idOf = (path: string) => `document-${pathId(path.replace(/\[\d+\]$/, "")) || "name"}`;

export default function DocumentEditor() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("admin");
  const issueText = useIssueText();
  const v = result?.values ?? loaded.values;
  const errors = issuesByPath((result?.issues ?? []).map((i) => ({ ...i, path: idOf(i.path) })));
  const e = (name: string) => issueText(errors[`document-${name}`]);
  const editable = loaded.header.state === "draft";
  const current = loaded.template;
  return (
    <DraftLayout draft={loaded.header} title={loaded.isNew ? t("documents.new") : loaded.title} back={{ href: draftUrl(loaded.header.id, "documents"), text: t("parts.documents") }}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} /> : null}
          <Form method="post" encType="multipart/form-data" noValidate>
            <DraftTokenInput token={loaded.header.token} />
            <fieldset className="govuk-fieldset" disabled={!editable}>
              <Textarea id="document-name" name="name" label={t("documents.name")} defaultValue={v.name} error={e("name")} rows={2} />
              <TextInput id="document-originals" name="originals" label={t("documents.originals")} inputMode="numeric" width="3" defaultValue={v.originals} error={e("originals")} />
              <TextInput
                id="document-certifiedCopies"
                name="certifiedCopies"
                label={t("documents.certifiedCopies")}
                inputMode="numeric"
                width="3"
                defaultValue={v.certifiedCopies}
                error={e("certifiedCopies")}
              />
              <TextInput id="document-photocopies" name="photocopies" label={t("documents.photocopies")} inputMode="numeric" width="3" defaultValue={v.photocopies} error={e("photocopies")} />
              <Checkboxes
                idPrefix="document-options"
                name="options"
                legend={t("documents.options")}
                legendSize="s"
                small
                defaultValues={v.options}
                items={[
                  { value: "required", label: t("documents.required") },
                  { value: "signatureRequired", label: t("documents.signatureRequired") },
                ]}
              />
              <Checkboxes
                idPrefix="document-fileTypes"
                name="fileTypes"
                legend={t("documents.fileTypes")}
                legendSize="s"
                small
                defaultValues={v.fileTypes}
                items={FILE_TYPES.map((f) => ({ value: f, label: f.toUpperCase() }))}
                error={e("fileTypes")}
              />
              <TextInput id="document-maxSizeMb" name="maxSizeMb" label={t("documents.maxSizeMb")} inputMode="decimal" width="4" defaultValue={v.maxSizeMb} error={e("maxSizeMb")} />
              <Textarea id="document-note" name="note" label={t("documents.note")} optional defaultValue={v.note} error={e("note")} rows={3} />
              {loaded.cases.length > 0 ? (
                <Radios
                  idPrefix="document-case"
                  name="case"
                  legend={t("documents.case")}
                  legendSize="s"
                  hint={t("documents.caseHint")}
                  small
                  defaultValue={v.case}
                  items={[{ value: "", label: t("documents.allCases") }, ...loaded.cases.map((c) => ({ value: c.code, label: c.name }))]}
                  error={e("case")}
                />
              ) : null}
              <Fieldset legend={t("documents.templateLegend")} legendSize="m" headingLevel={2}>
                {current ? (
                  <p className="govuk-body" id="document-template-current">
                    {t("documents.templateCurrent")}{" "}
                    <a className="govuk-link" href={current.href} download={current.fileName}>
                      {current.fileName}
                    </a>{" "}
                    ({t("documents.templateSize", { type: current.fileName.split(".").pop()?.toUpperCase(), size: formatFileSize(current.size, i18n.language === "en" ? "en" : "vi") })})
                  </p>
                ) : (
                  <p className="govuk-body">{t("documents.templateNone")}</p>
                )}
                <FileUpload
                  id="document-template"
                  name="template"
                  label={t(current ? "documents.templateReplace" : "documents.templateFile")}
                  hint={t("documents.templateFileHint")}
                  accept={TEMPLATE_ACCEPT}
                  error={e("template")}
                />
                <TextInput
                  id="document-templateTitle"
                  name="templateTitle"
                  label={t("documents.templateTitle")}
                  hint={t("documents.templateTitleHint")}
                  optional
                  defaultValue={v.templateTitle}
                  error={e("templateTitle")}
                />
                {current ? (
                  <Checkboxes
                    idPrefix="document-removeTemplate"
                    name="removeTemplate"
                    small
                    defaultValues={v.removeTemplate ? ["yes"] : []}
                    items={[{ value: "yes", label: t("documents.templateRemove") }]}
                  />
                ) : null}
                <p className="govuk-hint">{t("documents.templatePublic")}</p>
              </Fieldset>
              {editable ? <Button type="submit">{t("save")}</Button> : null}
            </fieldset>
          </Form>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
