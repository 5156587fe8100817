import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { counterProcedures, counterReceipt } from "~/domain/dossiers/counter.server";
import { formatDateTime } from "~/domain/shared/format";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Panel } from "~/ui/panel";
import { SummaryList } from "~/ui/summary-list";
import { Table } from "~/ui/table";
import { TextInput } from "~/ui/text-input";

// The counter (issue 6): the receiving officer chooses the procedure a walk-in citizen has come for, among those
// their agencies take in person. After a dossier is filed the page shows its code, the appointment date and the
// receipt (Mẫu 01) to print.

export const handle = { i18n: ["counter", "dossiers"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, "receive:dossier:agency");
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 200);
  const filedCode = normaliseDossierCode(url.searchParams.get("filed") ?? "");
  const [t, procedures, filed] = await Promise.all([
    i18nServer.getFixedT(request, "counter"),
    counterProcedures(context.db, { actor, query }),
    filedCode ? counterReceipt(context.db, { actor, code: filedCode }) : Promise.resolve(null),
  ]);
  const agencies = new Set(procedures.map((p) => p.agencyId));
  return { title: filed ? t("filed.title") : t("list.title"), query, procedures, severalAgencies: agencies.size > 1, filed };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function CounterPage() {
  const { query, procedures, severalAgencies, filed } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("counter");
  const lang = i18n.language === "en" ? "en" : "vi";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {filed ? (
          <section className="app-counter-receipt" aria-labelledby="filed-title">
            <Panel title={<span id="filed-title">{t("filed.title")}</span>}>
              {t("filed.code")}
              <br />
              <strong>{filed.code}</strong>
            </Panel>
            <SummaryList
              rows={[
                { key: t("filed.applicant"), value: filed.applicantName },
                { key: t("filed.procedure"), value: filed.procedureName },
                { key: t("filed.receivedAt"), value: formatDateTime(filed.receivedAt, lang) },
                { key: t("filed.dueAt"), value: filed.dueAt ? formatDateTime(filed.dueAt, lang) : t("filed.noDueAt") },
              ]}
            />
            {filed.receiptId ? (
              <p className="govuk-body">
                <a className="govuk-link" href={`/office/dossiers/${encodeURIComponent(filed.code)}/documents/${encodeURIComponent(filed.receiptId)}`} target="_blank" rel="noreferrer">
                  {t("filed.print")}
                </a>
              </p>
            ) : (
              <p className="govuk-body">{t("filed.noReceipt")}</p>
            )}
            <p className="govuk-body">{t("filed.tell")}</p>
            <h2 className="govuk-heading-m app-no-print">{t("filed.next")}</h2>
          </section>
        ) : (
          <>
            <h1 className="govuk-heading-l">{t("list.title")}</h1>
            <p className="govuk-body">{t("list.intro")}</p>
          </>
        )}
        <div className="app-no-print">
          <Form method="get" role="search" aria-label={t("list.search")}>
            <TextInput id="q" name="q" type="search" label={t("list.search")} hint={t("list.searchHint")} defaultValue={query} spellCheck={false} />
            <Button type="submit" variant="secondary">
              {t("list.searchButton")}
            </Button>
          </Form>
          {procedures.length === 0 ? (
            <p className="govuk-body">{query ? t("list.none") : t("list.noneAtAll")}</p>
          ) : (
            <Table
              caption={t("list.count", { count: procedures.length })}
              captionSize="s"
              head={[{ text: t("list.code") }, { text: t("list.procedure") }, ...(severalAgencies ? [{ text: t("list.agency") }] : [])]}
              rows={procedures.map((p) => [
                { text: p.code },
                {
                  text: (
                    <Link className="govuk-link" to={`/office/counter/${encodeURIComponent(p.code)}?agency=${encodeURIComponent(p.agencyId)}`}>
                      {p.name}
                    </Link>
                  ),
                },
                ...(severalAgencies ? [{ text: p.agencyName }] : []),
              ])}
            />
          )}
        </div>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
