import type { SignatureSummary } from "~/domain/files/signature-summary";
import { SignatureVerdict, verdictSentence } from "~/ui/signature-verdict";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { documentsStatus, type SectionIssue } from "~/domain/filing/filing";
import { attachFiles, chooseCase, detachFile, documentsPage, missingSignatures } from "~/domain/filing/filing.server";
import { formatDate, formatFileSize } from "~/domain/shared/format";
import { filingServices } from "~/platform/filing-services.server";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { ErrorMessage } from "~/ui/error-message";
import { ErrorSummary } from "~/ui/error-summary";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { Tag } from "~/ui/tag";
import { draftHeader, postedVersion, requireDraft } from "./filing/draft.server";
import { uploadForDocument, type DocumentsReply } from "./filing/upload.server";
import { ConflictBanner, FILING_NAMESPACES, FilingErrorBoundary, FilingLayout, revalidateAfterConflict, VersionInput } from "./filing/shared";

// The documents (thành phần hồ sơ) of the chosen case: for each, its counts, accepted types and size, the files
// attached, the owner's wallet files that fit, and an upload control (streamed into the owner's wallet, then attached).

export const handle = { i18n: [...FILING_NAMESPACES, "files", "signature-report", "signatures"] };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { owner, draft } = await requireDraft(request, context, params.draftId);
  const t = await i18nServer.getFixedT(request, "filing");
  const page = await documentsPage(context.db, filingServices(context).documents, owner, draft);
  return {
    title: t("documents.title"),
    header: draftHeader(draft),
    cases: draft.content.cases,
    chosenCase: draft.state.documents.case,
    documents: page.documents,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Reply = DocumentsReply;
const reply = (issues: SectionIssue[], status = 400) => data<Reply>({ issues, conflict: status === 409 }, { status });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { owner, draft } = await requireDraft(request, context, params.draftId);
  const services = filingServices(context).documents;
  const url = new URL(request.url);
  const upload = url.searchParams.get("upload");
  const self = `/filing/${draft.id}/documents`;
  const outcome = (result: Awaited<ReturnType<typeof attachFiles>>) => {
    if (!result) throw new Response(null, { status: 404 });
    if (!result.ok) return result.reason === "conflict" ? reply([], 409) : reply(result.issues);
    throw redirect(self);
  };

  if (upload !== null) {
    const answer = await uploadForDocument(request, context, owner, draft, upload);
    if (answer.kind === "notFound") throw new Response(null, { status: 404 });
    if (answer.kind === "attached") throw redirect(self);
    return data<Reply>(answer.reply, { status: answer.status, headers: answer.closeConnection ? { Connection: "close" } : undefined });
  }

  const form = await request.formData();
  const version = postedVersion(form);
  const [intent = "", arg1 = "", arg2 = ""] = String(form.get("intent") ?? "").split(":");
  const index = /^\d{1,2}$/.test(arg1) ? Number(arg1) : -1;
  switch (intent) {
    case "case": {
      const chosen = form.get("case");
      if (typeof chosen !== "string" || chosen === "") return reply([{ name: "case", message: "errors.case" }]);
      return outcome(await chooseCase(context.db, owner, draft.id, version, chosen));
    }
    case "attach": {
      const ids = form.getAll(`files-${index}`).filter((v): v is string => typeof v === "string").slice(0, 20);
      return outcome(await attachFiles(context.db, services, owner, draft.id, version, index, ids));
    }
    case "detach":
      return outcome(await detachFile(context.db, owner, draft.id, version, index, arg2));
    case "continue": {
      if (draft.content.cases.length > 0 && !draft.state.documents.case) return reply([{ name: "case", message: "errors.case" }]);
      const missing = draft.documents.filter((d) => d.required && (draft.state.documents.files[String(d.index)]?.length ?? 0) === 0);
      if (missing.length > 0 || documentsStatus({ ...draft.state, form: draft.form, content: draft.content }) !== "completed") {
        return reply(missing.map((d) => ({ name: `doc-${d.index}`, message: "errors.documentMissing", params: { name: d.name } })));
      }
      const unsigned = await missingSignatures(services, owner, draft);
      if (unsigned.length > 0) return reply(unsigned.map((d) => ({ name: `doc-${d.index}`, message: "errors.signatureMissing", params: { name: d.name } })));
      throw redirect(`/filing/${draft.id}/fees`);
    }
    default:
      return reply([{ name: "", message: "errors.invalidRequest" }]);
  }
}

/**
 * A document's upload form. Without JavaScript it is a plain multipart POST. With JavaScript it is sent with
 * XMLHttpRequest (the browser API that reports upload progress) to the JSON twin of the action
 * (filing.$draftId.documents.$index.upload.ts): a progress bar follows the bytes, then
 * the page's data is reloaded (the file is attached) or the refusal shows on the document. A file over the limit is
 * posted normally: the server refuses it while it streams, which a browser handles best as a page load.
 */
function UploadForm({
  action,
  jsonAction,
  index,
  accept,
  maxFileBytes,
  onReply,
}: {
  action: string;
  jsonAction: string;
  index: number;
  accept: string;
  maxFileBytes: number;
  onReply: (reply: Reply | null) => void;
}) {
  const { t } = useTranslation(["filing", "files"]);
  const revalidator = useRevalidator();
  const [percent, setPercent] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const files = Array.from((form.elements.namedItem("file") as HTMLInputElement | null)?.files ?? []);
    if (files.length === 0 || files.some((f) => f.size > maxFileBytes)) return;
    event.preventDefault();
    setFailed(false);
    setPercent(0);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", jsonAction);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setPercent(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      setPercent(null);
      let reply: Reply | null = null;
      try {
        reply = JSON.parse(xhr.responseText) as Reply;
      } catch {
        setFailed(true);
        return;
      }
      onReply(reply.issues.length > 0 || reply.conflict ? reply : null);
      if (xhr.status === 200) revalidator.revalidate();
    };
    xhr.onerror = () => {
      setPercent(null);
      setFailed(true);
    };
    xhr.send(new FormData(form));
  };
  return (
    <Form method="post" action={action} encType="multipart/form-data" onSubmit={onSubmit}>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor={`doc-${index}`}>
          {t("documents.upload")}
        </label>
        <input className="govuk-file-upload" id={`doc-${index}`} name="file" type="file" multiple accept={accept} />
      </div>
      <Button type="submit" variant="secondary" disabled={percent !== null}>
        {t("documents.uploadButton")}
      </Button>
      <div className="app-upload-progress" hidden={percent === null && !failed}>
        {percent !== null ? (
          <>
            <label className="govuk-label" htmlFor={`upload-progress-${index}`}>
              {t("files:wallet.progress")}
            </label>
            <progress id={`upload-progress-${index}`} max={100} value={percent} />
          </>
        ) : null}
        <p className="govuk-body govuk-!-margin-bottom-0" role="status">
          {failed ? t("files:wallet.failed") : percent === null ? "" : percent < 100 ? t("files:wallet.sending", { percent }) : t("files:wallet.checking")}
        </p>
      </div>
    </Form>
  );
}

/** An issue's parameters for its sentence; a refused signature adds the verifier's verdict in words (`verdict`). */
function issueParams(t: ReturnType<typeof useTranslation>["t"], params: Record<string, unknown> | undefined): Record<string, unknown> {
  const signature = params?.signature as SignatureSummary | undefined;
  if (!signature) return params ?? {};
  return { ...params, verdict: verdictSentence(t, signature).replace(/\.$/, "") };
}

export default function DocumentsPage() {
  const { title, header, cases, chosenCase, documents } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation(["filing", "files", "signature-report", "signatures"]);
  const lang = i18n.language === "en" ? "en" : "vi";
  // Every form names this page without a query: after an upload (…?upload=N) the page's own URL carries one.
  const self = `/filing/${header.id}/documents`;
  const [uploadReply, setUploadReply] = useState<Reply | null>(null);
  // Another form's answer replaces what an upload said.
  useEffect(() => setUploadReply(null), [result]);
  const errors: Record<string, string> = {};
  for (const issue of [...(uploadReply?.issues ?? []), ...(result?.issues ?? [])]) errors[issue.name] ??= t(issue.message, issueParams(t, issue.params));
  const summary = Object.entries(errors).map(([name, text]) => ({ href: `#${name || "main-content"}`, text }));
  return (
    <FilingLayout header={header} title={title}>
      <ConflictBanner show={result?.conflict === true || uploadReply?.conflict === true} />
      <ErrorSummary errors={summary} />
      <p className="govuk-body">{t("documents.intro")}</p>
      {cases.length > 0 ? (
        <Form method="post" action={self} noValidate key={`case-${header.version}`}>
          <VersionInput version={header.version} />
          <Radios
            idPrefix="case"
            name="case"
            legend={t("documents.case")}
            legendSize="m"
            hint={t("documents.caseHint")}
            error={errors.case}
            defaultValue={chosenCase ?? undefined}
            items={cases.map((c) => ({ value: c.code, label: c.name }))}
          />
          <Button type="submit" name="intent" value="case" variant="secondary">
            {t("documents.chooseCase")}
          </Button>
        </Form>
      ) : null}
      {documents.map((doc) => (
        <section key={doc.index} className="app-filing-document" aria-labelledby={`doc-${doc.index}-title`}>
          <h2 className="govuk-heading-m" id={`doc-${doc.index}-title`}>
            {doc.name} {doc.required ? null : <Tag colour="grey">{t("documents.optional")}</Tag>}
          </h2>
          <p className="govuk-body-s">
            {t("documents.counts", { originals: doc.originals, certified: doc.certifiedCopies, photocopies: doc.photocopies })}
            <br />
            {t("documents.accepts", { types: doc.fileTypes.join(", ").toUpperCase(), size: doc.maxSizeMb })}
          </p>
          {doc.signatureRequired ? <p className="govuk-hint app-signature-required">{t("documents.signatureRequired")}</p> : null}
          {doc.note ? <p className="govuk-hint">{doc.note}</p> : null}
          {errors[`doc-${doc.index}`] ? <ErrorMessage>{errors[`doc-${doc.index}`]}</ErrorMessage> : null}
          {doc.files.length > 0 ? (
            <Form method="post" action={self} key={`files-${doc.index}-${header.version}`}>
              <VersionInput version={header.version} />
              <ul className="govuk-list app-attached-files">
                {doc.files.map((f) => (
                  <li key={f.id}>
                    {t("documents.file", { name: f.name, size: formatFileSize(f.sizeBytes, lang), date: formatDate(f.createdAt) })}{" "}
                    {f.signature && f.signature.status !== "not_checked" ? (
                      <>
                        <br />
                        <SignatureVerdict summary={f.signature} />
                        <br />
                      </>
                    ) : null}
                    <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" name="intent" value={`detach:${doc.index}:${f.id}`}>
                      {t("documents.remove")}
                      <span className="govuk-visually-hidden"> {f.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </Form>
          ) : (
            <p className="govuk-body">{t("documents.noFile")}</p>
          )}
          {doc.choices.length > 0 ? (
            <Form method="post" action={self} key={`wallet-${doc.index}-${header.version}`}>
              <VersionInput version={header.version} />
              <Checkboxes
                idPrefix={`wallet-${doc.index}`}
                name={`files-${doc.index}`}
                legend={t("documents.fromWallet")}
                legendSize="s"
                small
                items={doc.choices.map((f) => ({ value: f.id, label: t("documents.file", { name: f.name, size: formatFileSize(f.sizeBytes, lang), date: formatDate(f.createdAt) }) }))}
              />
              <Button type="submit" name="intent" value={`attach:${doc.index}`} variant="secondary">
                {t("documents.attach")}
              </Button>
            </Form>
          ) : null}
          <UploadForm
            key={`upload-${doc.index}-${header.version}`}
            action={`${self}?upload=${doc.index}`}
            jsonAction={`${self}/${doc.index}/upload`}
            index={doc.index}
            accept={doc.fileTypes.flatMap((x) => (x === "pdf" ? [".pdf", ".p7s"] : [`.${x}`])).join(",")}
            maxFileBytes={doc.maxSizeMb * 1024 * 1024}
            onReply={setUploadReply}
          />
        </section>
      ))}
      <Form method="post" action={self}>
        <VersionInput version={header.version} />
        <Button type="submit" name="intent" value="continue">
          {t("layout.continue")}
        </Button>
      </Form>
    </FilingLayout>
  );
}

export const shouldRevalidate = revalidateAfterConflict;

export const ErrorBoundary = FilingErrorBoundary;
