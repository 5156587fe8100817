import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { issuesByPath } from "~/domain/procedures/drafts";
import { readDocument } from "~/domain/procedures/drafts.schema";
import { updateDraft } from "~/domain/procedures/drafts.server";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { Textarea } from "~/ui/textarea";
import { adminTitle, itemIndex, loadDraft, loadEditableDraft, refused } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, IssueSummary, pathId, useIssueText } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

const FILE_TYPES = ["pdf", "jpg", "png", "docx", "doc", "xlsx", "xml", "zip"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const index = itemIndex(params.index, draft.content.documents.length);
  const d = index === "new" ? null : draft.content.documents[index]!;
  return {
    title: d?.name ?? (await adminTitle(request, "documents.new")),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, name: draft.content.name },
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
    },
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const index = itemIndex(params.index, draft.content.documents.length);
  const form = await request.formData();
  const { parsed } = readDocument(form);
  const values = {
    name: String(form.get("name") ?? ""),
    originals: String(form.get("originals") ?? ""),
    certifiedCopies: String(form.get("certifiedCopies") ?? ""),
    photocopies: String(form.get("photocopies") ?? ""),
    options: form.getAll("options").map(String),
    fileTypes: form.getAll("fileTypes").map(String),
    maxSizeMb: String(form.get("maxSizeMb") ?? ""),
    note: String(form.get("note") ?? ""),
  };
  if (!parsed.ok) return refused(parsed.issues, values);
  const saved = await updateDraft(context.db, draft.id, (c) => ({
    ...c,
    documents:
      index === "new"
        ? [...c.documents, { ...parsed.value, template: undefined }]
        : c.documents.map((d, i) => (i === index ? { ...d, ...parsed.value, template: d.template } : d)),
  }));
  if (!saved.ok) throw new Response(null, { status: 409 });
  const position = index === "new" ? draft.content.documents.length : index;
  return redirect(`${draftUrl(draft.id, "documents")}#item-${position}`);
}

const idOf = (path: string) => `document-${pathId(path.replace(/\[\d+\]$/, "")) || "name"}`;

export default function DocumentEditor() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  const issueText = useIssueText();
  const v = result?.values ?? loaded.values;
  const errors = issuesByPath((result?.issues ?? []).map((i) => ({ ...i, path: idOf(i.path) })));
  const e = (name: string) => issueText(errors[`document-${name}`]);
  const editable = loaded.header.state === "draft";
  return (
    <DraftLayout draft={loaded.header} title={loaded.isNew ? t("documents.new") : loaded.title} back={{ href: draftUrl(loaded.header.id, "documents"), text: t("parts.documents") }}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} /> : null}
          <Form method="post" noValidate>
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
              {editable ? <Button type="submit">{t("save")}</Button> : null}
            </fieldset>
          </Form>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
