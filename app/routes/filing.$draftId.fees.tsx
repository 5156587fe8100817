import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { acknowledgeFees } from "~/domain/filing/filing.server";
import { formatVnd } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { InsetText } from "~/ui/inset-text";
import { pageTitle } from "~/ui/page-title";
import { draftHeader, postedVersion, requireDraft } from "./filing/draft.server";
import { ConflictBanner, FILING_NAMESPACES, FilingErrorBoundary, FilingLayout, revalidateAfterConflict, VersionInput } from "./filing/shared";

// The fees of filing online with the chosen agency, from the procedure version's fees and the answers (copies,
// pages…). Paying is not part of filing: the agency asks for payment as its fee mode says.

export const handle = { i18n: FILING_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await requireDraft(request, context, params.draftId, "fees");
  const t = await i18nServer.getFixedT(request, "filing");
  return { title: t("fees.title"), header: draftHeader(draft), fees: draft.fees };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { owner, draft } = await requireDraft(request, context, params.draftId, "fees");
  const result = await acknowledgeFees(context.db, owner, draft.id, postedVersion(await request.formData()));
  if (!result) throw new Response(null, { status: 404 });
  if (!result.ok) return data({ conflict: true }, { status: 409 });
  throw redirect(`/filing/${draft.id}/check`);
}

export default function FeesPage() {
  const { title, header, fees } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("filing");
  const lang = i18n.language === "en" ? "en" : "vi";
  return (
    <FilingLayout header={header} title={title}>
      <ConflictBanner show={result?.conflict === true} />
      {!fees || fees.lines.length === 0 ? (
        <p className="govuk-body">{t("fees.none")}</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">{t("fees.caption")}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">{t("fees.name")}</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">{t("fees.quantity")}</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">{t("fees.amount")}</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {fees.lines.map((line, i) => (
              <tr key={i} className="govuk-table__row">
                <td className="govuk-table__cell">
                  {line.name}
                  {line.note ? <span className="govuk-hint govuk-body-s">{line.note}</span> : null}
                  {line.exemptions.length > 0 ? <span className="govuk-hint govuk-body-s">{t("fees.exemptions", { list: line.exemptions.join("; ") })}</span> : null}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {t(`fees.units.${line.per}`, { count: line.quantity })}
                  {line.per !== "case" && !line.quantityField ? <span className="govuk-hint govuk-body-s">{t("fees.estimated")}</span> : null}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatVnd(line.amount, lang)}</td>
              </tr>
            ))}
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header" colSpan={2}>{t("fees.total")}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                <strong>{formatVnd(fees.total, lang)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      )}
      {fees ? <InsetText>{t(`fees.mode.${fees.feeMode}`)}</InsetText> : null}
      <Form method="post">
        <VersionInput version={header.version} />
        <Button type="submit">{t("layout.continue")}</Button>
      </Form>
    </FilingLayout>
  );
}

export const shouldRevalidate = revalidateAfterConflict;

export const ErrorBoundary = FilingErrorBoundary;
