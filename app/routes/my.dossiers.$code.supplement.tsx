import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { resubmitSupplement, supplementErrors, supplementPage, type SupplementIssue } from "~/domain/dossiers/supplement.server";
import { walletOwnerOf } from "~/domain/files/files.server";
import { formatDate, formatFileSize } from "~/domain/shared/format";
import { requirePermission } from "~/platform/auth.server";
import { backOfficeServices, backOfficeSettings } from "~/platform/back-office-services.server";
import { i18nServer } from "~/platform/i18n.server";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { DynamicFormSection, useDynamicIssues, type DynamicFormValues } from "~/ui/dynamic-form";
import { ErrorSummary, type ErrorSummaryItem } from "~/ui/error-summary";
import { FileUpload } from "~/ui/file-upload";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import { pageTitle } from "~/ui/page-title";
import { filesInput, uploadInput, VERSION_INPUT } from "./supplement/inputs";
import { readSupplementPost } from "./supplement/post.server";

// The applicant answers a supplementation request (issue 6): ONLY the flagged fields (the filing form's controls,
// filled with the current answers) and ONLY the flagged documents (the current files; a replacement uploaded into the
// wallet, or files picked from it). One multipart POST, without JavaScript; the engine applies it (resubmit). On a
// refusal everything entered stays: the values, and the files ticked or uploaded (in the wallet now, ticked again).

export const handle = { i18n: ["dossiers", "forms", "files"] };

async function citizen(request: Request, context: LoaderFunctionArgs["context"]) {
  const actor = await requirePermission(request, context, "update:dossier:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  return actor;
}

function notFound(): never {
  throw data({ reason: "notFound" }, { status: 404 });
}

/** The dossier no longer waits for the applicant: back to its page, which says so. */
async function notWaiting(request: Request, context: LoaderFunctionArgs["context"], code: string): Promise<never> {
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("flash", { kind: "info", messageKey: supplementErrors.notWaiting });
  throw redirect(`/my/dossiers/${encodeURIComponent(code)}`, { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await citizen(request, context);
  const code = normaliseDossierCode(params.code ?? "") ?? notFound();
  const [found, t] = await Promise.all([supplementPage(context.db, { actor, code }), i18nServer.getFixedT(request, "dossiers")]);
  if (!found.ok) return found.reason === "notFound" ? notFound() : notWaiting(request, context, code);
  return { title: t("supplement.page.title", { code }), page: found.page };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

interface Reply {
  /** Changes on every answer: the form is drawn again with what was posted (file inputs emptied). */
  nonce: string;
  message: string;
  issues: SupplementIssue[];
  values: DynamicFormValues;
  fileIds: Record<number, string[]>;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await citizen(request, context);
  const code = normaliseDossierCode(params.code ?? "") ?? notFound();
  const found = await supplementPage(context.db, { actor, code });
  if (!found.ok) return found.reason === "notFound" ? notFound() : notWaiting(request, context, code);
  const lang = (await i18nServer.getLocale(request)) === "en" ? "en" : "vi";
  const post = await readSupplementPost(request, context, walletOwnerOf(actor)!, found.page.documents, lang);
  const reply = (status: number, message: string, issues: SupplementIssue[]) =>
    data<Reply>(
      { nonce: `${Date.now()}`, message, issues, values: post.answers, fileIds: post.fileIds },
      { status, headers: post.stoppedReading ? { Connection: "close" } : undefined },
    );
  if (post.issues.length > 0) return reply(post.stoppedReading ? 413 : 400, supplementErrors.invalid, post.issues);
  if (post.version === null) return reply(400, "dossiers:supplement.errors.version", []);
  const result = await resubmitSupplement(context.db, backOfficeServices(context), backOfficeSettings(context), {
    actor,
    code,
    version: post.version,
    answers: post.answers,
    documents: Object.entries(post.fileIds).map(([index, fileIds]) => ({ documentIndex: Number(index), fileIds })),
  });
  if (result.ok) {
    const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
    session.flash("flash", { kind: "success", messageKey: "dossiers:supplement.sent" });
    throw redirect(`/my/dossiers/${encodeURIComponent(code)}`, { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
  }
  if (result.status === 404) notFound();
  if (result.message === supplementErrors.notWaiting) return notWaiting(request, context, code);
  return reply(result.status, result.message, result.issues);
}

export default function SupplementPage() {
  const { title, page } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation(["dossiers", "files", "forms"]);
  const lang = i18n.language === "en" ? "en" : "vi";
  const issues = result?.issues ?? [];
  const fieldIssues = issues.filter((i) => i.name !== "" && !i.name.startsWith("doc-"));
  const { errors, summary } = useDynamicIssues(page.allFields, page.form.texts, fieldIssues);
  const docErrors: Record<string, string> = {};
  for (const i of issues) if (i.name.startsWith("doc-")) docErrors[i.name] ??= t(i.message, (i.params ?? {}) as Record<string, string>);
  const items: ErrorSummaryItem[] = [
    ...issues.filter((i) => i.name === "").map((i) => ({ href: "#supplement-form", text: t(i.message, (i.params ?? {}) as Record<string, string>) })),
    ...summary,
    ...Object.entries(docErrors).map(([name, msg]) => ({ href: `#upload-${name.slice("doc-".length)}`, text: msg })),
  ];
  if (items.length === 0 && result?.message) items.push({ href: "#supplement-form", text: t(result.message) });
  const description = result?.message && items.length > 1 ? t(result.message) : undefined;
  const values = result?.values ?? page.values;
  const self = `/my/dossiers/${encodeURIComponent(page.code)}`;
  const file = (f: { name: string; sizeBytes: number; createdAt: string }) => t("supplement.page.file", { name: f.name, size: formatFileSize(f.sizeBytes, lang), date: formatDate(f.createdAt) });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={self}>{t("supplement.page.cancel")}</BackLink>
        <ErrorSummary errors={items} description={description} />
        <span className="govuk-caption-l">{page.procedureName}</span>
        <h1 className="govuk-heading-l">{title}</h1>
        <InsetText>
          <p className="govuk-body">{t("supplement.note", { note: page.request.note })}</p>
          <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-0">
            {page.request.respondBy ? t("supplement.respondBy", { date: formatDate(page.request.respondBy) }) : t("supplement.noDeadline")}
          </p>
        </InsetText>
        <p className="govuk-body">{t("supplement.page.intro")}</p>
        <Form method="post" encType="multipart/form-data" noValidate id="supplement-form" key={result?.nonce ?? "initial"}>
          <input type="hidden" name={VERSION_INPUT} value={page.version} />
          {page.form.sections.length > 0 ? (
            <>
              <h2 className="govuk-heading-m">{t("supplement.page.fieldsHeading")}</h2>
              {page.form.sections.map((section) => (
                <DynamicFormSection key={section.id} section={section} texts={page.form.texts} values={values} errors={errors} allFields={page.allFields} headingLevel={3} />
              ))}
            </>
          ) : null}
          {page.documents.length > 0 ? <h2 className="govuk-heading-m">{t("supplement.page.documentsHeading")}</h2> : null}
          {page.documents.map((doc) => {
            const error = docErrors[`doc-${doc.index}`];
            return (
              <section key={doc.index} className="app-filing-document" aria-labelledby={`doc-${doc.index}-title`}>
                <h3 className="govuk-heading-s" id={`doc-${doc.index}-title`}>
                  {doc.name}
                </h3>
                <p className="govuk-body-s">{t("supplement.page.accepts", { types: doc.fileTypes.join(", ").toUpperCase(), size: doc.maxSizeMb })}</p>
                {doc.files.length > 0 ? (
                  <>
                    <p className="govuk-body govuk-!-margin-bottom-1">{t("supplement.page.currentFiles")}</p>
                    <ul className="govuk-list govuk-list--bullet">
                      {doc.files.map((f) => (
                        <li key={f.id}>{file(f)}</li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <p className="govuk-body">{t("supplement.page.noCurrentFile")}</p>
                )}
                <FileUpload
                  id={`upload-${doc.index}`}
                  name={uploadInput(doc.index)}
                  label={t("supplement.page.upload")}
                  labelSize="s"
                  hint={t("supplement.page.uploadHint")}
                  error={error}
                  multiple
                  accept={doc.fileTypes.flatMap((x) => (x === "pdf" ? [".pdf", ".p7s"] : [`.${x}`])).join(",")}
                />
                {doc.choices.length > 0 ? (
                  <Checkboxes
                    idPrefix={`files-${doc.index}`}
                    name={filesInput(doc.index)}
                    legend={t("supplement.page.fromWallet")}
                    legendSize="s"
                    hint={t("supplement.page.replaceHint")}
                    small
                    defaultValues={result?.fileIds[doc.index] ?? []}
                    items={doc.choices.map((f) => ({ value: f.id, label: file(f) }))}
                  />
                ) : (
                  <p className="govuk-body">{t("supplement.page.noWalletFile")}</p>
                )}
              </section>
            );
          })}
          <div className="govuk-button-group">
            <Button type="submit">{t("supplement.page.submit")}</Button>
            <Link className="govuk-link" to={self}>
              {t("supplement.page.cancel")}
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
