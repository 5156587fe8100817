import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatFileSize } from "~/domain/files/files";
import { formatDate, formatTimestamp } from "~/domain/shared/format";
import { CERTIFICATE_MAX_BYTES, groupedFingerprint, TRUST_UPLOAD_MAX_BYTES } from "~/domain/signatures/trust-admin";
import { addCrlToCache, addTrustCertificate, restoreTrustCertificate, trustStoreView, type TrustStoreView } from "~/domain/signatures/trust-admin.server";
import { i18nServer } from "~/platform/i18n.server";
import { readUploads, type UploadRead } from "~/platform/uploads.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { FileUpload } from "~/ui/file-upload";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { SummaryList } from "~/ui/summary-list";
import { Table } from "~/ui/table";
import { Tag } from "~/ui/tag";
import { Textarea } from "~/ui/textarea";
import { AdministrationNav } from "./admin/administration-nav";
import { redirectWithFlash, takeFlash } from "./admin/flash.server";
import { requireTrustAdmin } from "./admin/signatures.server";

// The signatures' trust store (issue 7, system administrators): the certificates signatures are verified against
// (shipped with the portal or added here), those removed (restore), a form to add one, the offline CRL cache with a
// form to upload a list, and the history of changes. Plain POST forms (multipart for files); removing a certificate
// goes through its confirmation page (admin.signatures.remove.$fingerprint.tsx).

export const handle = { i18n: ["trust", "officials"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireTrustAdmin(request, context);
  const [view, t, { flash, headers }] = await Promise.all([trustStoreView(context.db, context.blobs, { actor }), i18nServer.getFixedT(request, "trust"), takeFlash(request, context)]);
  if (!view.ok) throw data({ reason: "forbidden" }, { status: 403 });
  return data({ title: t("title"), view: view.view, flash }, { headers });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Field = "certificate" | "role" | "note" | "crl";
interface ActionResult {
  errors: Partial<Record<Field, string>>;
}

const refuse = (errors: Partial<Record<Field, string>>, status = 400, headers?: HeadersInit) => data<ActionResult>({ errors }, { status, headers });

async function stagedBytes(read: Extract<UploadRead, { ok: true }>, field: string): Promise<Buffer | null> {
  let out: Buffer | null = null;
  for (const upload of read.files) {
    if (upload.field === field && out === null) out = Buffer.from(await upload.blob.read(0, upload.blob.size));
    await upload.blob.discard();
  }
  return out;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireTrustAdmin(request, context);
  const args = { actor, ip: context.clientIp };
  if (!/^multipart\/form-data/i.test(request.headers.get("content-type") ?? "")) {
    const form = await request.formData();
    if (form.get("intent") !== "restore") return refuse({ certificate: "errors.malformed" });
    const result = await restoreTrustCertificate(context.db, context.blobs, { ...args, fingerprint: String(form.get("fingerprint") ?? "").slice(0, 64) });
    if (!result.ok && result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
    if (!result.ok) throw data({ reason: "notFound" }, { status: 404 });
    return redirectWithFlash(request, context, "/admin/signatures#store", "trust:flash.restored");
  }
  const read = await readUploads(
    request,
    { files: { certificate: { maxBytes: CERTIFICATE_MAX_BYTES }, crl: { maxBytes: TRUST_UPLOAD_MAX_BYTES } }, maxRequestBytes: TRUST_UPLOAD_MAX_BYTES + 64 * 1024 },
    context.blobs,
  );
  const intent = read.text.intent?.[0] === "crl" ? "crl" : "add";
  const fileField: Field = intent === "crl" ? "crl" : "certificate";
  if (!read.ok) {
    const code = read.error === "malformed" ? "malformed" : "tooLarge";
    return refuse({ [fileField]: `errors.${code}` }, code === "tooLarge" ? 413 : 400, code === "tooLarge" ? { Connection: "close" } : undefined);
  }
  const bytes = await stagedBytes(read, fileField);
  if (intent === "crl") {
    const result = await addCrlToCache(context.db, context.blobs, { ...args, bytes });
    if (!result.ok && result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
    if (!result.ok) return refuse({ crl: `errors.${result.error}` });
    return redirectWithFlash(request, context, "/admin/signatures#crls", "trust:flash.crlAdded");
  }
  const result = await addTrustCertificate(context.db, context.blobs, { ...args, bytes, role: read.text.role?.[0] ?? null, note: read.text.note?.[0] ?? null });
  if (!result.ok && result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
  if (!result.ok) {
    const { file, ...rest } = result.errors;
    return refuse({ ...(file ? { certificate: `errors.${file}` } : {}), ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, `errors.${v}`])) });
  }
  return redirectWithFlash(request, context, "/admin/signatures#store", result.warning ? "trust:flash.addedSelfSignedIntermediate" : "trust:flash.added");
}

const FIELD_IDS: Record<Field, string> = { certificate: "certificate", role: "role", note: "note", crl: "crl" };

export default function AdminSignatures() {
  const { view, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("trust");
  const lang = i18n.language === "en" ? "en" : "vi";
  const limits = { certificate: formatFileSize(CERTIFICATE_MAX_BYTES, lang), crl: formatFileSize(TRUST_UPLOAD_MAX_BYTES, lang) };
  const errors = result?.errors ?? {};
  const error = (field: Field) => (errors[field] ? t(errors[field], { limit: field === "crl" ? limits.crl : limits.certificate }) : undefined);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <AdministrationNav />
        {flash && !result ? <NotificationBanner type="success">{t(flash)}</NotificationBanner> : null}
        <ErrorSummary errors={(Object.keys(errors) as Field[]).map((field) => ({ href: `#${FIELD_IDS[field]}`, text: error(field) ?? "" }))} />
        <span className="govuk-caption-l">{t("caption")}</span>
        <h1 className="govuk-heading-l">{t("title")}</h1>
        <p className="govuk-body">{t("intro")}</p>

        <StoreList view={view} />
        <RemovedList view={view} />

        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m" id="add">
              {t("add.heading")}
            </h2>
            <form method="post" encType="multipart/form-data" noValidate>
              <input type="hidden" name="intent" value="add" />
              <Radios
                idPrefix="role"
                name="role"
                legend={t("add.role")}
                legendSize="s"
                error={error("role")}
                items={[
                  { value: "anchor", label: t("role.anchor"), hint: t("add.anchorHint") },
                  { value: "intermediate", label: t("role.intermediate"), hint: t("add.intermediateHint") },
                ]}
              />
              <Textarea id="note" name="note" label={t("add.note")} hint={t("add.noteHint")} rows={2} error={error("note")} />
              <FileUpload id="certificate" name="certificate" label={t("add.file")} hint={t("add.fileHint", { limit: limits.certificate })} accept=".pem,.crt,.cer,.der" error={error("certificate")} />
              <Button type="submit">{t("add.submit")}</Button>
            </form>
          </div>
        </div>

        <CrlList view={view} />
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h3 className="govuk-heading-s">{t("crl.uploadHeading")}</h3>
            <form method="post" encType="multipart/form-data" noValidate>
              <input type="hidden" name="intent" value="crl" />
              <FileUpload id="crl" name="crl" label={t("crl.file")} hint={t("crl.fileHint", { limit: limits.crl })} accept=".crl,.pem,.der" error={error("crl")} />
              <Button type="submit" variant="secondary">
                {t("crl.submit")}
              </Button>
            </form>
          </div>
        </div>

        <History view={view} />
      </div>
    </div>
  );
}

function StoreList({ view }: { view: TrustStoreView }) {
  const { t } = useTranslation("trust");
  return (
    <section id="store" aria-labelledby="store-heading">
      <h2 className="govuk-heading-m" id="store-heading">
        {t("store.heading", { count: view.entries.length })}
      </h2>
      {view.entries.length === 0 ? <p className="govuk-body">{t("store.empty")}</p> : null}
      {view.entries.map((e) => (
        <div key={e.fingerprint} className="app-trust-certificate" data-fingerprint={e.fingerprint}>
          <h3 className="govuk-heading-s">{e.subject}</h3>
          <SummaryList
            rows={[
              { key: t("store.role"), value: t(`role.${e.role}`) },
              {
                key: t("store.source"),
                value: (
                  <>
                    {t(`source.${e.source}`)}
                    {e.changedBy && e.changedAt ? <span className="govuk-hint govuk-!-margin-bottom-0">{t("store.addedBy", { name: e.changedBy, at: formatTimestamp(e.changedAt) })}</span> : null}
                    {e.note ? <span className="govuk-hint govuk-!-margin-bottom-0">{t("store.note", { note: e.note })}</span> : null}
                  </>
                ),
              },
              ...(e.provenance ? [{ key: t("store.provenance"), value: t("store.provenanceText", { ...e.provenance }) }] : []),
              { key: t("store.validity"), value: t("store.validFromTo", { from: formatDate(e.notBefore), to: formatDate(e.notAfter) }) },
              { key: t("store.fingerprint"), value: <code className="app-fingerprint">{groupedFingerprint(e.fingerprint)}</code> },
            ]}
          />
          <p className="govuk-body">
            <Button href={`/admin/signatures/remove/${e.fingerprint}`} variant="warning">
              {t("store.remove")}
              <span className="govuk-visually-hidden"> {t("store.removeHidden", { subject: e.subject })}</span>
            </Button>
          </p>
        </div>
      ))}
    </section>
  );
}

function RemovedList({ view }: { view: TrustStoreView }) {
  const { t } = useTranslation("trust");
  if (view.removed.length === 0) return null;
  return (
    <section id="removed" aria-labelledby="removed-heading">
      <h2 className="govuk-heading-m" id="removed-heading">
        {t("removed.heading", { count: view.removed.length })}
      </h2>
      <Table
        firstCellIsHeader
        head={[{ text: t("store.subject") }, { text: t("store.role") }, { text: t("store.source") }, { text: t("removed.reason") }, { text: <span className="govuk-visually-hidden">{t("removed.restore")}</span> }]}
        rows={view.removed.map((r) => [
          { text: r.subject },
          { text: r.role ? t(`role.${r.role}`) : "" },
          { text: t(`source.${r.source}`) },
          {
            text: (
              <>
                {r.note}
                <span className="govuk-hint govuk-!-margin-bottom-0">{t("removed.removedBy", { name: r.removedBy ?? t("history.unknown"), at: formatTimestamp(r.removedAt) })}</span>
              </>
            ),
          },
          {
            text: (
              <Form method="post">
                <input type="hidden" name="intent" value="restore" />
                <input type="hidden" name="fingerprint" value={r.fingerprint} />
                <Button type="submit" variant="secondary" className="govuk-!-margin-bottom-0">
                  {t("removed.restore")}
                  <span className="govuk-visually-hidden"> {t("removed.restoreHidden", { subject: r.subject })}</span>
                </Button>
              </Form>
            ),
          },
        ])}
      />
    </section>
  );
}

function CrlList({ view }: { view: TrustStoreView }) {
  const { t } = useTranslation("trust");
  return (
    <section id="crls" aria-labelledby="crls-heading">
      <h2 className="govuk-heading-m" id="crls-heading">
        {t("crl.heading", { count: view.crls.length })}
      </h2>
      <p className="govuk-body">{t("crl.intro")}</p>
      {view.crls.length === 0 ? (
        <p className="govuk-body">{t("crl.empty")}</p>
      ) : (
        <Table
          firstCellIsHeader
          head={[{ text: t("crl.issuer") }, { text: t("crl.thisUpdate") }, { text: t("crl.nextUpdate") }, { text: t("crl.revoked"), format: "numeric" }, { text: t("crl.source") }, { text: t("crl.added") }]}
          rows={view.crls.map((c) => [
            { text: c.issuer },
            { text: formatDate(c.thisUpdate) },
            {
              text: c.nextUpdate ? (
                <>
                  {formatDate(c.nextUpdate)}
                  {c.expired ? (
                    <>
                      {" "}
                      <Tag colour="red">{t("crl.expired")}</Tag>
                    </>
                  ) : null}
                </>
              ) : (
                t("crl.none")
              ),
            },
            { text: String(c.revokedCount), format: "numeric" },
            { text: t(`source.${c.source}`) },
            { text: t("crl.addedByAt", { name: c.addedBy ?? t("history.unknown"), at: formatTimestamp(c.addedAt) }) },
          ])}
        />
      )}
    </section>
  );
}

function History({ view }: { view: TrustStoreView }) {
  const { t } = useTranslation("trust");
  return (
    <section id="history" aria-labelledby="history-heading">
      <h2 className="govuk-heading-m" id="history-heading">
        {t("history.heading")}
      </h2>
      {view.history.length === 0 ? (
        <p className="govuk-body">{t("history.empty")}</p>
      ) : (
        <Table
          head={[{ text: t("history.when") }, { text: t("history.who") }, { text: t("history.what") }, { text: t("store.subject") }, { text: t("history.note") }]}
          rows={view.history.map((h) => [
            { text: formatTimestamp(h.changedAt) },
            { text: h.changedBy ?? t("history.unknown") },
            { text: t(`history.${h.action}`, { role: h.role ? t(`role.${h.role}`).toLowerCase() : "" }) },
            { text: h.subject },
            { text: h.note ?? "" },
          ])}
        />
      )}
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
