import { SignatureVerdict } from "~/ui/signature-verdict";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ACCEPTED_TYPES, formatFileSize, isAcceptedType, WALLET_UPLOAD, type FileErrorCode } from "~/domain/files/files";
import { listWallet, storeUploads, walletOwnerOf } from "~/domain/files/files.server";
import { signatureChecker } from "~/platform/signature-services.server";
import { formatDate } from "~/domain/shared/format";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { readUploads } from "~/platform/uploads.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { FileUpload } from "~/ui/file-upload";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { pageTitle } from "~/ui/page-title";
import { Table } from "~/ui/table";
import { Tag } from "~/ui/tag";

// The document wallet (kho dữ liệu, issue 5 item 6): every file the citizen (or the organisation they act for)
// uploaded or received, to reuse in later filings; upload (plain multipart POST, progress with JavaScript) and remove.

export const handle = { i18n: ["files", "account", "signature-report", "signatures"], hydrate: false, enhance: ["uploadProgress"] } satisfies ScriptsHandle & { i18n: string[] };

const FIELD = WALLET_UPLOAD.field;

async function walletOf(request: Request, context: LoaderFunctionArgs["context"], permission: "read:file:own" | "manage:file:own") {
  const actor = await requirePermission(request, context, permission);
  const owner = walletOwnerOf(actor);
  if (!owner) throw data({ reason: "forbidden" }, { status: 403 });
  return { actor, owner };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, owner } = await walletOf(request, context, "read:file:own");
  const [files, t] = await Promise.all([listWallet(context.db, owner), i18nServer.getFixedT(request, "files")]);
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const flash = session.get("flash") ?? null;
  return data(
    {
      title: t("wallet.title"),
      organisation: actor.kind === "citizen" ? (actor.actingFor?.name ?? null) : null,
      files,
      flash,
    },
    { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } },
  );
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const { owner } = await walletOf(request, context, "manage:file:own");
  const read = await readUploads(
    request,
    { files: { [FIELD]: { maxBytes: WALLET_UPLOAD.maxFileBytes, maxFiles: WALLET_UPLOAD.maxFiles } }, maxRequestBytes: WALLET_UPLOAD.maxTotalBytes + 64 * 1024 },
    context.blobs,
  );
  const refuse = (code: FileErrorCode) => data({ error: `files:errors.${code}` }, { status: 400 });
  // Reading stopped part-way (a limit passed while streaming): answer now, and close the connection after the answer
  // so that the rest of this body is never taken for the next request on it.
  if (!read.ok && (read.error === "tooLarge" || read.error === "requestTooLarge")) {
    return data({ error: `files:errors.${read.error}` }, { status: 413, headers: { Connection: "close" } });
  }
  if (!read.ok) return refuse(read.error);
  if (read.files.length === 0) return refuse(read.errors[FIELD] ?? "noFile");
  const stored = await storeUploads(context.db, context.blobs, { owner, uploads: read.files, errors: read.errors, signatures: signatureChecker(context) });
  if (!stored.ok) return refuse(stored.errors[FIELD] ?? Object.values(stored.errors)[0] ?? "malformed");
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("flash", { kind: "success", messageKey: "files:wallet.uploaded" });
  throw redirect("/account/files", { status: 303, headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export default function Wallet() {
  const { title, organisation, files, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation(["files", "account"]);
  const lang = i18n.language === "en" ? "en" : "vi";
  const limits = { limit: formatFileSize(WALLET_UPLOAD.maxFileBytes, lang), total: formatFileSize(WALLET_UPLOAD.maxTotalBytes, lang), count: WALLET_UPLOAD.maxFiles };
  const error = result?.error ? t(result.error, limits) : undefined;
  const types = Object.values(ACCEPTED_TYPES)
    .map((a) => a.label)
    .join(", ");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {flash && !error ? (
          <NotificationBanner type="success" title={t("account:banner.success")}>
            {t(flash.messageKey)}
          </NotificationBanner>
        ) : null}
        <ErrorSummary errors={error ? [{ href: `#${FIELD}`, text: error }] : []} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{organisation ? t("wallet.introOrganisation", { name: organisation }) : t("wallet.intro")}</p>
        <h2 className="govuk-heading-m">{t("wallet.uploadHeading")}</h2>
        <form method="post" action="/account/files" encType="multipart/form-data" noValidate data-upload-progress="" data-max-file-bytes={WALLET_UPLOAD.maxFileBytes} data-max-total-bytes={WALLET_UPLOAD.maxTotalBytes}>
          <FileUpload
            id={FIELD}
            name={FIELD}
            label={t("wallet.fileLabel")}
            hint={t("wallet.fileHint", { types, ...limits })}
            multiple
            error={error}
          />
          <Button type="submit" data-upload-submit="">
            {t("wallet.upload")}
          </Button>
          <div className="app-upload-progress" data-upload-status="" hidden>
            <label className="govuk-label" htmlFor="upload-progress">
              {t("wallet.progress")}
            </label>
            <progress id="upload-progress" max={100} value={0} />
            <p className="govuk-body govuk-!-margin-bottom-0" role="status" data-upload-status-text="" data-sending={t("wallet.sending")} data-checking={t("wallet.checking")} data-failed={t("wallet.failed")} />
          </div>
        </form>
        <h2 className="govuk-heading-m">{t("wallet.listHeading")}</h2>
        {files.length === 0 ? (
          <p className="govuk-body">{t("wallet.empty")}</p>
        ) : (
          <Table
            caption={t("wallet.caption", { n: files.length })}
            captionSize="s"
            head={[{ text: t("wallet.name") }, { text: t("wallet.type") }, { text: t("wallet.size"), format: "numeric" }, { text: t("wallet.date") }, { text: t("wallet.signature") }, { text: <span className="govuk-visually-hidden">{t("wallet.actions")}</span> }]}
            rows={files.map((f) => [
              {
                text: (
                  <>
                    <a className="govuk-link" href={`/account/files/${f.id}`} download>
                      {f.name}
                    </a>
                    {f.source === "result" ? <> <Tag colour="green">{t("wallet.result")}</Tag></> : null}
                  </>
                ),
              },
              { text: isAcceptedType(f.mediaType) ? ACCEPTED_TYPES[f.mediaType].label : f.mediaType },
              { text: formatFileSize(f.sizeBytes, lang), format: "numeric" },
              { text: formatDate(f.createdAt) },
              { text: f.signature ? <SignatureVerdict summary={f.signature} /> : <Tag colour="grey">{t(`signature.${f.signatureStatus}`)}</Tag> },
              {
                text: (
                  <form method="post" action={`/account/files/${f.id}`}>
                    <input type="hidden" name="intent" value="remove" />
                    <Button type="submit" variant="secondary" className="govuk-!-margin-bottom-0">
                      {t("wallet.remove")}
                      <span className="govuk-visually-hidden"> {f.name}</span>
                    </Button>
                  </form>
                ),
              },
            ])}
          />
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
