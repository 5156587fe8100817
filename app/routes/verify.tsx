import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatFileSize } from "~/domain/files/files";
import { formatDate } from "~/domain/shared/format";
import { MAX_VERIFY_BYTES, type IssuedDocument } from "~/domain/signatures/public-verification";
import { checkDocument, lookUpCode } from "~/domain/signatures/public-verification.server";
import { i18nServer } from "~/platform/i18n.server";
import { publicVerificationDeps } from "~/platform/signature-services.server";
import { readUploads } from "~/platform/uploads.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { FileUpload } from "~/ui/file-upload";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { pageTitle } from "~/ui/page-title";
import { Panel } from "~/ui/panel";
import { SignatureReportView, type ReportTranslate } from "~/ui/signature-report";
import { SummaryList } from "~/ui/summary-list";
import { TextInput } from "~/ui/text-input";
import { WarningText } from "~/ui/warning-text";

// Public verification of the portal's signed results (issue 7, part 6): a short code (GET ?code=…, from the QR code
// or typed) or an uploaded PDF (multipart POST, staged, hashed, verified, then discarded: never kept). Limited per
// address; an unknown code says only that. Shows what the portal issued — never the applicant — and the verdict on
// every signature, computed now.

export const handle = { i18n: ["verify", "signatures"], hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

const FIELD = "document";

type Errors = Record<string, string>;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "verify");
  const raw = new URL(request.url).searchParams.get("code");
  const code = (raw ?? "").slice(0, 60);
  const base = { title: t("title"), code };
  if (raw === null) return { ...base, errors: {} as Errors, retryMinutes: 0, lookup: null };
  const found = await lookUpCode(publicVerificationDeps(context), { code });
  if (found.ok) return { ...base, errors: {} as Errors, retryMinutes: 0, lookup: { document: found.document, report: found.report } };
  const status = found.reason === "invalidCode" ? 400 : found.reason === "rateLimited" ? 429 : 404;
  const error = found.reason === "invalidCode" ? "errors.codeInvalid" : found.reason === "rateLimited" ? "errors.rateLimited" : "errors.notFound";
  return data({ ...base, errors: { code: error } as Errors, retryMinutes: found.ok === false && found.reason === "rateLimited" ? Math.ceil(found.retryAfterMs / 60_000) : 0, lookup: null }, { status });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const refuse = (error: string, status = 400, retryMinutes = 0, headers?: HeadersInit) => data({ errors: { [FIELD]: error } as Errors, retryMinutes, check: null }, { status, headers });
  const read = await readUploads(request, { files: { [FIELD]: { maxBytes: MAX_VERIFY_BYTES } }, maxRequestBytes: MAX_VERIFY_BYTES + 64 * 1024 }, context.blobs);
  if (!read.ok && (read.error === "tooLarge" || read.error === "requestTooLarge")) return refuse("errors.tooLarge", 413, 0, { Connection: "close" });
  if (!read.ok) return refuse("errors.malformed");
  const [upload, ...rest] = read.files;
  try {
    if (!upload) return refuse("errors.noFile");
    const bytes = Buffer.from(await upload.blob.read(0, upload.blob.size));
    const result = await checkDocument(publicVerificationDeps(context), { bytes });
    if (!result.ok && result.reason === "rateLimited") return refuse("errors.rateLimited", 429, Math.ceil(result.retryAfterMs / 60_000));
    if (!result.ok) return refuse("errors.notPdf");
    return { errors: {} as Errors, retryMinutes: 0, check: { sha256: result.sha256, found: result.found, document: result.document, report: result.report } };
  } finally {
    // The uploaded bytes are never kept.
    await Promise.all([upload, ...rest].filter((u) => u !== undefined).map((u) => u.blob.discard().catch(() => undefined)));
  }
}

function IssuedFacts({ document, t }: { document: IssuedDocument; t: ReportTranslate }) {
  return (
    <>
      <SummaryList
        rows={[
          { key: t("result.documentName"), value: document.documentName },
          { key: t("result.code"), value: document.code },
          { key: t("result.agency"), value: document.agencyName },
          { key: t("result.signedAt"), value: formatDate(document.signedAt) },
          { key: t("result.signer"), value: document.signerSubject },
          { key: t("result.procedure"), value: document.procedureName },
          { key: t("result.sha256"), value: <code className="app-hash">{document.sha256}</code> },
        ]}
      />
      <p className="govuk-body">
        <a className="govuk-link" href={`/verify/${encodeURIComponent(document.code)}/document`} download>
          {t("result.download")}
        </a>
      </p>
      <p className="govuk-body-s">{t("result.privacy")}</p>
    </>
  );
}

export default function Verify() {
  const { title, code, errors: lookupErrors, retryMinutes: lookupRetry, lookup } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const { t: tr, i18n } = useTranslation(["verify", "signatures"]);
  const t = tr as unknown as ReportTranslate;
  const lang = i18n.language === "en" ? "en" : "vi";
  const limit = formatFileSize(MAX_VERIFY_BYTES, lang);
  const errors: Errors = posted ? posted.errors : lookupErrors;
  const minutes = posted ? posted.retryMinutes : lookupRetry;
  const message = (field: string) => (errors[field] ? t(errors[field]!, { minutes, limit }) : undefined);
  const summary = Object.keys(errors).map((field) => ({ href: `#${field}`, text: message(field)! }));
  const check = posted?.check ?? null;
  const another = (
    <p className="govuk-body">
      <a className="govuk-link" href="/verify">
        {t("result.another")}
      </a>
    </p>
  );

  if (!posted && lookup) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{title}</span>
          <h1 className="govuk-heading-l">{t("result.codeTitle", { code: lookup.document.code })}</h1>
          <IssuedFacts document={lookup.document} t={t} />
          <h2 className="govuk-heading-m">{t("result.signaturesHeading")}</h2>
          {lookup.report ? <SignatureReportView report={lookup.report} t={t} /> : <WarningText>{t("result.storedMissing")}</WarningText>}
          {another}
        </div>
      </div>
    );
  }

  if (check) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{title}</span>
          {check.document ? (
            <>
              <Panel title={t("result.authentic")} />
              <h2 className="govuk-heading-m">{t("result.issuedTitle")}</h2>
              <IssuedFacts document={check.document} t={t} />
            </>
          ) : (
            <>
              <h1 className="govuk-heading-l">{t("result.notIssued")}</h1>
              <p className="govuk-body">{t("result.notIssuedBody")}</p>
              <SummaryList rows={[{ key: t("result.fileSha256"), value: <code className="app-hash">{check.sha256}</code> }]} />
            </>
          )}
          <h2 className="govuk-heading-m">{t("result.signaturesHeading")}</h2>
          <SignatureReportView report={check.report} t={t} />
          {another}
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summary} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("intro")}</p>
        <h2 className="govuk-heading-m">{t("code.heading")}</h2>
        <form method="get" action="/verify" noValidate>
          <TextInput id="code" name="code" label={t("code.label")} hint={t("code.hint")} autoComplete="off" spellCheck={false} width="20" defaultValue={code} error={message("code")} />
          <Button type="submit">{t("code.submit")}</Button>
        </form>
        <h2 className="govuk-heading-m">{t("upload.heading")}</h2>
        <form method="post" action="/verify" encType="multipart/form-data" noValidate>
          <FileUpload id={FIELD} name={FIELD} label={t("upload.label")} hint={t("upload.hint", { limit })} accept="application/pdf,.pdf" error={message(FIELD)} />
          <Button type="submit">{t("upload.submit")}</Button>
        </form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
