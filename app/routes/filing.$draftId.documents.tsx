import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { documentsStatus, type SectionIssue } from "~/domain/filing/filing";
import { attachFiles, chooseCase, detachFile, documentsPage } from "~/domain/filing/filing.server";
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
import { ConflictBanner, FILING_NAMESPACES, FilingErrorBoundary, FilingLayout, VersionInput } from "./filing/shared";

// The documents (thành phần hồ sơ) of the chosen case: for each, its counts, accepted types and size, the files
// attached, the owner's wallet files that fit, and an upload control (streamed into the owner's wallet, then attached).

export const handle = { i18n: [...FILING_NAMESPACES, "files"] };

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

type Reply = { issues: SectionIssue[]; conflict: boolean };
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
    const doc = /^\d{1,2}$/.test(upload) ? draft.documents.find((d) => d.index === Number(upload)) : undefined;
    if (!doc) throw new Response(null, { status: 404 });
    const maxBytes = doc.maxSizeMb * 1024 * 1024;
    const received = await services.receiveUpload(request, owner, { draftId: draft.id, documentIndex: doc.index, fileTypes: doc.fileTypes, maxBytes });
    if (!received.ok) {
      const lang = (await i18nServer.getLocale(request)) === "en" ? "en" : "vi";
      const issue = { name: `doc-${doc.index}`, message: received.error, params: { limit: formatFileSize(maxBytes, lang), total: formatFileSize(maxBytes * 10, lang), count: 10 } };
      // A limit passed while streaming: the rest of the body was not read, so the connection closes after the answer.
      if (received.stoppedReading) return data<Reply>({ issues: [issue], conflict: false }, { status: 413, headers: { Connection: "close" } });
      return reply([issue]);
    }
    return outcome(await attachFiles(context.db, services, owner, draft.id, draft.version, doc.index, received.fileIds));
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
      throw redirect(`/filing/${draft.id}/fees`);
    }
    default:
      return reply([{ name: "", message: "errors.invalidRequest" }]);
  }
}

export default function DocumentsPage() {
  const { title, header, cases, chosenCase, documents } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation(["filing", "files"]);
  const lang = i18n.language === "en" ? "en" : "vi";
  // Every form names this page without a query: after an upload (…?upload=N) the page's own URL carries one.
  const self = `/filing/${header.id}/documents`;
  const errors: Record<string, string> = {};
  for (const issue of result?.issues ?? []) errors[issue.name] ??= t(issue.message, issue.params);
  const summary = Object.entries(errors).map(([name, text]) => ({ href: `#${name || "main-content"}`, text }));
  return (
    <FilingLayout header={header} title={title}>
      <ConflictBanner show={result?.conflict === true} />
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
          {doc.note ? <p className="govuk-hint">{doc.note}</p> : null}
          {errors[`doc-${doc.index}`] ? <ErrorMessage>{errors[`doc-${doc.index}`]}</ErrorMessage> : null}
          {doc.files.length > 0 ? (
            <Form method="post" action={self} key={`files-${doc.index}-${header.version}`}>
              <VersionInput version={header.version} />
              <ul className="govuk-list app-attached-files">
                {doc.files.map((f) => (
                  <li key={f.id}>
                    {t("documents.file", { name: f.name, size: formatFileSize(f.sizeBytes, lang), date: formatDate(f.createdAt) })}{" "}
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
          <Form method="post" action={`${self}?upload=${doc.index}`} encType="multipart/form-data" key={`upload-${doc.index}-${header.version}`}>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor={`doc-${doc.index}`}>
                {t("documents.upload")}
              </label>
              <input className="govuk-file-upload" id={`doc-${doc.index}`} name="file" type="file" multiple accept={doc.fileTypes.map((x) => `.${x}`).join(",")} />
            </div>
            <Button type="submit" variant="secondary">
              {t("documents.uploadButton")}
            </Button>
          </Form>
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

export const ErrorBoundary = FilingErrorBoundary;
