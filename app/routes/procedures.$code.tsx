import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { procedurePage } from "~/domain/procedures/catalog.server";
import type { Fee, TimeLimit } from "~/domain/procedures/procedures";
import { formatDate, formatFileSize, formatVnd, todayInVietnam } from "~/domain/shared/format";
import type { Language } from "~/i18n";
import { Breadcrumbs } from "~/ui/breadcrumbs";
import { Button } from "~/ui/button";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { catalogPageHeaders } from "~/platform/page-cache.server";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { Tag } from "~/ui/tag";

export const handle = { i18n: ["procedures", "petitions"], hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ params, context }: LoaderFunctionArgs) {
  const page = await procedurePage(context.db, params.code ?? "", todayInVietnam());
  if (!page) throw new Response(null, { status: 404 });
  return { title: page.content.name, page };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

// The same for every anonymous visitor until the catalog changes: cached in process, revalidated by ETag.
export const headers: HeadersFunction = catalogPageHeaders;

const LEVEL_COLOUR = { FULL: "green", PARTIAL: "blue", INFO: "grey" } as const;

function useTimeText() {
  const { t } = useTranslation("procedures");
  return (limit: TimeLimit) => {
    switch (limit.unit) {
      case "same_day":
        return t("time.same_day", { cutoff: limit.cutoff });
      case "none":
        return t("time.none");
      default:
        return t(`time.${limit.unit}`, { count: limit.amount });
    }
  };
}

function FeeText({ fee, lang }: { fee: Fee; lang: Language }) {
  const { t } = useTranslation("procedures");
  const parts = [`${fee.name}: ${formatVnd(fee.amount, lang)} ${fee.per === "case" ? "" : t(`fees.per.${fee.per}`)}`.trim()];
  for (const tier of fee.tiers ?? []) {
    if (tier.fromUnit > 1) parts.push(`${formatVnd(tier.amount, lang)} ${t(`fees.per.${fee.per}`)} ${t("fees.fromUnit", { unit: tier.fromUnit })}`);
  }
  if (fee.cap !== undefined) parts.push(t("fees.cap", { amount: formatVnd(fee.cap, lang) }));
  return (
    <>
      {parts.join("; ")}
      {fee.note ? <span className="govuk-hint app-fee-note">{fee.note}</span> : null}
      {fee.exemptions?.length ? (
        <span className="govuk-body-s app-fee-exemptions">{t("fees.exemptions")}</span>
      ) : null}
      {fee.exemptions?.length ? (
        <ul className="govuk-list govuk-list--bullet govuk-body-s">
          {fee.exemptions.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

export default function ProcedurePage() {
  const { page } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation(["procedures", "common"]);
  const lang = (i18n.language === "en" ? "en" : "vi") as Language;
  const timeText = useTimeText();
  const c = page.content;
  const canFile = page.bestOnlineLevel !== "INFO";
  const generalDocuments = c.documents.filter((d) => !d.case);

  const documentRows = (docs: typeof c.documents) => (
    <div className="app-table-scroll" tabIndex={0} role="region" aria-label={t("page.documents")}>
    <table className="govuk-table app-documents">
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            {t("page.documentName")}
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            {t("page.originals")}
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            {t("page.certifiedCopies")}
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            {t("page.photocopies")}
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {docs.map((d, i) => (
          <tr key={`${d.name}-${i}`} className="govuk-table__row">
            <td className="govuk-table__cell">
              {d.name} {!d.required ? <Tag colour="grey">{t("page.optional")}</Tag> : null}
              {d.signatureRequired ? <span className="govuk-hint govuk-body-s">{t("page.signatureRequired")}</span> : null}
              {d.replacedByResultCode ? (
                <span className="govuk-hint govuk-body-s">{t("page.replaced", { code: d.replacedByResultCode })}</span>
              ) : null}
              {d.template ? (
                <span className="app-template">
                  <a
                    className="govuk-link"
                    href={`/procedures/${c.code}/templates/${d.template.sha256}`}
                    download={d.template.fileName}
                  >
                    {t("page.template", { title: d.template.title ?? d.name })}
                  </a>{" "}
                  <span className="govuk-body-s">
                    ({t("page.templateSize", { type: d.template.fileName.split(".").pop()?.toUpperCase(), size: formatFileSize(d.template.size, lang) })})
                  </span>
                </span>
              ) : null}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{d.originals}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{d.certifiedCopies}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{d.photocopies}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );

  return (
    <>
      <Breadcrumbs items={[{ text: t("common:home"), href: "/" }, { text: t("catalog.title"), href: "/procedures" }, { text: c.name }]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{t("page.code", { code: c.code })}</span>
          <h1 className="govuk-heading-xl">{c.name}</h1>
          <p className="govuk-body">
            <Tag colour={LEVEL_COLOUR[page.bestOnlineLevel]}>{t(`online.${page.bestOnlineLevel}`)}</Tag>
          </p>
          <p className="govuk-body">{t(`onlineExplain.${page.bestOnlineLevel}`)}</p>
          <h2 className="govuk-heading-m">{t("page.purpose")}</h2>
          <p className="govuk-body app-prewrap">{c.purpose}</p>
          <SummaryList
            rows={[
              { key: t("page.field"), value: page.fieldName },
              { key: t("catalog.results.level"), value: c.levels.map((l) => t(`levels.${l}`)).join(", ") },
              { key: t("page.applicants"), value: c.applicantsText ?? c.applicants.map((a) => t(`applicants.${a}`)).join(", ") },
              { key: t("page.result"), value: c.result.name },
            ]}
          />
          {c.conditions ? (
            <>
              <h2 className="govuk-heading-m">{t("page.conditions")}</h2>
              <p className="govuk-body app-prewrap">{c.conditions}</p>
            </>
          ) : null}
          <h2 className="govuk-heading-m">{t("page.timeAndFees")}</h2>
          {page.channelGroups.map((group, gi) => {
            const caption =
              page.channelGroups.length > 1
                ? t("page.timeAndFeesAt", {
                    levels: group.levels.map((l) => t(`levels.${l}`)).join(", "),
                    agencies: group.agencies.join("; "),
                    context: group.agencies.length > 0 ? "agencies" : undefined,
                  })
                : null;
            return (
              <div key={gi} className="app-table-scroll" tabIndex={0} role="region" aria-label={caption ?? t("page.timeAndFees")}>
                <table className="govuk-table">
                  {caption ? <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption> : null}
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <th scope="col" className="govuk-table__header">
                        {t("page.channel")}
                      </th>
                      <th scope="col" className="govuk-table__header">
                        {t("page.time")}
                      </th>
                      <th scope="col" className="govuk-table__header">
                        {t("page.fee")}
                      </th>
                    </tr>
                  </thead>
                  <tbody className="govuk-table__body">
                    {group.channels.map((ch) => (
                      <tr key={ch.channel} className="govuk-table__row">
                        <th scope="row" className="govuk-table__header">
                          {t(`channels.${ch.channel}`)}
                        </th>
                        <td className="govuk-table__cell">{timeText(ch.timeLimit)}</td>
                        <td className="govuk-table__cell">
                          {ch.fees.length === 0 ? (
                            t("fees.free")
                          ) : (
                            <ul className="govuk-list">
                              {ch.fees.map((fee) => (
                                <li key={fee.name}>
                                  <FeeText fee={fee} lang={lang} />
                                </li>
                              ))}
                            </ul>
                          )}
                          {ch.fees.length > 0 ? (
                            <span className="govuk-hint govuk-body-s">
                              {t("page.feeMode")}: {t(`fees.mode.${ch.feeMode}`)}
                            </span>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          })}
          <h2 className="govuk-heading-m">{t("page.documents")}</h2>
          {generalDocuments.length > 0 ? documentRows(generalDocuments) : null}
          {c.cases.map((kase) => {
            const docs = c.documents.filter((d) => d.case === kase.code);
            return docs.length > 0 ? (
              <section key={kase.code}>
                <h3 className="govuk-heading-s">{t("page.documentsCase", { name: kase.name })}</h3>
                {documentRows(docs)}
              </section>
            ) : null;
          })}
          <h2 className="govuk-heading-m">{t("page.steps")}</h2>
          <p className="govuk-body app-prewrap">{c.steps}</p>
          <h2 className="govuk-heading-m">{t("page.where")}</h2>
          <p className="govuk-body">{t("page.whereCount", { count: page.offerings.length })}</p>
          <details className="govuk-details">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">{t("page.whereList")}</span>
            </summary>
            <div className="govuk-details__text">
              <ul className="govuk-list app-agency-tree">
                {page.offerings.map((o) => (
                  <li key={o.code}>
                    <span className="app-agency-tree__name">{o.name}</span> <Tag colour={LEVEL_COLOUR[o.onlineLevel]}>{t(`online.${o.onlineLevel}`)}</Tag>
                  </li>
                ))}
              </ul>
            </div>
          </details>
          <h2 className="govuk-heading-m">{t("page.legalBasis")}</h2>
          <ul className="govuk-list govuk-list--bullet">
            {c.legalBasis.map((l) => (
              <li key={l.number}>
                {l.url ? (
                  <a className="govuk-link" href={l.url} rel="noreferrer">
                    {l.number}
                  </a>
                ) : (
                  l.number
                )}{" "}
                — {l.title} ({l.issuer}, {formatDate(l.date)})
              </li>
            ))}
          </ul>
          <p className="govuk-body-s">{t("page.version", { version: page.version.number, date: formatDate(page.version.validFrom) })}</p>
        </div>
        <div className="govuk-grid-column-one-third">
          {canFile ? (
            <aside className="app-start-panel" aria-labelledby="start-heading">
              <h2 className="govuk-heading-m" id="start-heading">
                {t("page.onlineHeading")}
              </h2>
              <p className="govuk-body-s">{t("page.startHint")}</p>
              <Button href={`/dossiers/new/${c.code}`} isStartButton>
                {t("page.start")}
              </Button>
            </aside>
          ) : null}
          <p className="govuk-body">
            <Link className="govuk-link" to="/procedures">
              {t("catalog.heading")}
            </Link>
          </p>
          {/* Without a count: the page is cached until the catalog changes, and answers are published meanwhile. */}
          <ul className="govuk-list">
            <li>
              <Link className="govuk-link" to={`/feedback/answers?procedure=${encodeURIComponent(c.code)}`}>
                {t("petitions:procedureLink")}
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to={`/feedback?procedure=${encodeURIComponent(c.code)}`}>
                {t("petitions:procedureSend")}
              </Link>
            </li>
          </ul>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
