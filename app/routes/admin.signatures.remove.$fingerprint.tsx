import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/domain/shared/format";
import { groupedFingerprint } from "~/domain/signatures/trust-admin";
import { removeTrustCertificate, trustedCertificate } from "~/domain/signatures/trust-admin.server";
import { i18nServer } from "~/platform/i18n.server";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { Textarea } from "~/ui/textarea";
import { redirectWithFlash } from "./admin/flash.server";
import { requireTrustAdmin } from "./admin/signatures.server";

// Removing a certificate from the trust store (system administrators): what it is, and a required reason. An
// unknown fingerprint (or one already removed) is a 404.

export const handle = { i18n: ["trust"] };

const fingerprintOf = (params: LoaderFunctionArgs["params"]) => (params.fingerprint ?? "").toLowerCase().slice(0, 64);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireTrustAdmin(request, context);
  const found = await trustedCertificate(context.db, context.blobs, { actor, fingerprint: fingerprintOf(params) });
  if (!found.ok) throw data({ reason: "forbidden" }, { status: 403 });
  if (!found.entry) throw data({ reason: "notFound" }, { status: 404 });
  const t = await i18nServer.getFixedT(request, "trust");
  return { title: t("remove.title"), entry: found.entry };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireTrustAdmin(request, context);
  const form = await request.formData();
  const note = String(form.get("note") ?? "").slice(0, 2000);
  const result = await removeTrustCertificate(context.db, context.blobs, { actor, fingerprint: fingerprintOf(params), note, ip: context.clientIp });
  if (result.ok) return redirectWithFlash(request, context, "/admin/signatures#removed", "trust:flash.removed");
  if (result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
  if (result.reason === "notFound") throw data({ reason: "notFound" }, { status: 404 });
  return data({ error: `errors.${result.errors.note}`, note }, { status: 400 });
}

export default function RemoveCertificate() {
  const { entry } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("trust");
  const error = result?.error ? t(result.error) : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/signatures">{t("remove.cancel")}</BackLink>
        <ErrorSummary errors={error ? [{ href: "#note", text: error }] : []} />
        <span className="govuk-caption-l">{t("title")}</span>
        <h1 className="govuk-heading-l">{t("remove.title")}</h1>
        <SummaryList
          rows={[
            { key: t("store.subject"), value: entry.subject },
            { key: t("store.role"), value: t(`role.${entry.role}`) },
            { key: t("store.source"), value: t(`source.${entry.source}`) },
            { key: t("store.validity"), value: t("store.validFromTo", { from: formatDate(entry.notBefore), to: formatDate(entry.notAfter) }) },
            { key: t("store.fingerprint"), value: <code className="app-fingerprint">{groupedFingerprint(entry.fingerprint)}</code> },
          ]}
        />
        <p className="govuk-body">{t("remove.intro")}</p>
        <Form method="post" noValidate>
          <Textarea id="note" name="note" label={t("remove.note")} labelSize="s" hint={t("remove.noteHint")} rows={3} defaultValue={result?.note} error={error} />
          <div className="govuk-button-group">
            <Button type="submit" variant="warning">
              {t("remove.submit")}
            </Button>
            <Link className="govuk-link" to="/admin/signatures">
              {t("remove.cancel")}
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
