import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatFileSize } from "~/domain/files/files";
import { STATEMENT_MAX_BYTES } from "~/domain/payments/reconciliation.schema";
import { LINE_CLASSES, type LineClass } from "~/domain/payments/reconciliation";
import { importStatement, mayCollect, type ImportedLine } from "~/domain/payments/reconciliation.server";
import { formatDate, formatVnd } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { paymentDeps } from "~/platform/payment-services.server";
import { readUploads } from "~/platform/uploads.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { FileUpload } from "~/ui/file-upload";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Panel } from "~/ui/panel";
import { SummaryList } from "~/ui/summary-list";
import { Table } from "~/ui/table";
import { refuseAccess, requirePaymentOfficial } from "./office/payments.server";

// "Nhập sao kê ngân hàng" (issue 9, shared/domain/payments.md §3): an officer who collects uploads the collecting
// bank's CSV statement (multipart, at most 2 MB, UTF-8); the statement's errors come back as a GOV.UK error summary,
// or the import's counts per class and the lines not matched (on the review list from then on).

export const handle = { i18n: ["payments-office", "payments"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePaymentOfficial(request, context);
  const t = await i18nServer.getFixedT(request, "payments-office");
  return { title: t("statements.title"), mayImport: mayCollect(actor) };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

interface Imported {
  fileName: string;
  counts: Record<LineClass, number>;
  unmatched: ImportedLine[];
  total: number;
}
interface ActionResult {
  errors: { key: string; params?: Record<string, unknown> }[];
  imported: Imported | null;
}

const refuse = (errors: ActionResult["errors"], status = 400, headers?: HeadersInit) => data<ActionResult>({ errors, imported: null }, { status, headers });

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePaymentOfficial(request, context, "collect:payment:agency");
  const read = await readUploads(request, { files: { statement: { maxBytes: STATEMENT_MAX_BYTES } }, maxRequestBytes: STATEMENT_MAX_BYTES + 64 * 1024 }, context.blobs);
  if (!read.ok) {
    const tooLarge = read.error !== "malformed";
    return refuse([{ key: tooLarge ? "payments-office:errors.fileTooLarge" : "payments-office:errors.malformed" }], tooLarge ? 413 : 400, tooLarge ? { Connection: "close" } : undefined);
  }
  let bytes: Buffer | null = null;
  let fileName = "";
  for (const upload of read.files) {
    if (upload.field === "statement" && bytes === null) {
      bytes = Buffer.from(await upload.blob.read(0, upload.blob.size));
      fileName = upload.fileName;
    }
    await upload.blob.discard();
  }
  if (!bytes) return refuse([{ key: "payments-office:errors.chooseFile" }]);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return refuse([{ key: "payments-office:errors.notText" }]);
  }
  const result = await importStatement(context.db, paymentDeps(context), { actor, fileName, text, ip: context.clientIp });
  if (!result.ok && "errors" in result) return refuse(result.errors.map((e) => ({ key: e.key, params: e.params })));
  if (!result.ok) {
    refuseAccess(result.status);
    return refuse([{ key: result.message }], result.status);
  }
  return data<ActionResult>({
    errors: [],
    imported: { fileName, counts: result.counts, total: result.lines.length, unmatched: result.lines.filter((l) => l.class !== "matched") },
  });
}

export default function PaymentStatements() {
  const { title, mayImport } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("payments-office");
  const lang = i18n.language === "en" ? "en" : "vi";
  const limit = formatFileSize(STATEMENT_MAX_BYTES, lang);
  const errors = result?.errors ?? [];
  const text = (e: { key: string; params?: Record<string, unknown> }) => t(e.key, { ...e.params, limit });
  const imported = result?.imported ?? null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary title={errors.length > 1 ? t("statements.errorTitle") : undefined} errors={errors.map((e) => ({ href: "#statement", text: text(e) }))} />
        {imported ? (
          <Panel title={t("statements.resultHeading")} headingLevel={2}>{t("statements.resultIntro", { fileName: imported.fileName, count: imported.total })}</Panel>
        ) : null}
        <span className="govuk-caption-l">{t("caption")}</span>
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("statements.intro")}</p>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to="/office/payments">
              {t("links.report")}
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to="/office/payments/review">
              {t("links.review")}
            </Link>
          </li>
        </ul>

        {imported ? (
          <>
            <h2 className="govuk-heading-m">{t("statements.counts")}</h2>
            <SummaryList rows={LINE_CLASSES.map((c) => ({ key: t(`classes.${c}`), value: String(imported.counts[c]) }))} />
            {imported.unmatched.length > 0 ? (
              <>
                <h2 className="govuk-heading-m">{t("statements.unmatchedHeading")}</h2>
                <p className="govuk-body">{t("statements.unmatchedHint")}</p>
                <Table
                  head={[
                    { text: t("columns.row"), format: "numeric" },
                    { text: t("columns.bookedOn") },
                    { text: t("columns.amount"), format: "numeric" },
                    { text: t("columns.expected"), format: "numeric" },
                    { text: t("columns.description") },
                    { text: t("columns.bankRef") },
                    { text: t("columns.class") },
                  ]}
                  rows={imported.unmatched.map((l) => [
                    { text: String(l.row), format: "numeric" as const },
                    { text: formatDate(l.bookedOn) },
                    { text: formatVnd(l.amount, lang), format: "numeric" as const },
                    { text: l.expected !== null ? formatVnd(l.expected, lang) : "—", format: "numeric" as const },
                    { text: l.description },
                    { text: l.bankRef ?? "—" },
                    { text: t(`classes.${l.class}`) },
                  ])}
                />
              </>
            ) : null}
          </>
        ) : null}

        {mayImport ? (
          <Form method="post" encType="multipart/form-data" noValidate>
            <FileUpload
              id="statement"
              name="statement"
              accept=".csv,text/csv"
              label={t("statements.file")}
              labelSize="m"
              hint={t("statements.fileHint", { limit })}
              error={errors[0] ? text(errors[0]) : undefined}
            />
            <Button type="submit">{t("statements.submit")}</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
